"""`pacer breathless --plain`: the red flag and the card once, then the cues with no holds, and
Ctrl+C, Ctrl+D (end of input on a terminal) or a signal ends it and keeps what was breathed."""

from __future__ import annotations

import io
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pacer import cli
from pacer.clock import FakeClock, MonotonicClock
from pacer.domain import breathless
from pacer.plain import EndOnEof, breathless_intro
from tests.cli.test_plain_signals import finish, read_until, start
from tests.cli.test_plain_wording import SYMBOLS


def records(home: Path) -> list[dict]:
    log = home / "sessions.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def run_plain(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    *, stop_after: float = 40.0,
) -> tuple[int, list[str]]:
    """Through `main`, on a clock that jumps to each deadline; Ctrl+C `stop_after` seconds in."""
    clock = FakeClock()
    monkeypatch.setattr(cli, "MonotonicClock", lambda: clock)

    def jump(clock: FakeClock, deadline: float) -> None:
        if deadline - 1000.0 > stop_after:
            clock.set(1000.0 + stop_after)
            raise KeyboardInterrupt
        clock.set(deadline)

    monkeypatch.setattr(cli, "sleep_until", jump)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nothing is asked
    code = cli.main(["--data-dir", str(home), "breathless", "--plain", "--no-sound"])
    return code, capsys.readouterr().out.splitlines()


def test_the_red_flag_and_the_card_come_first_once_then_the_cues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = run_plain(tmp_path, monkeypatch, capsys)
    assert code == 0
    cue = ("Breathe in,", "Breathe out,")
    first_cue = next(i for i, line in enumerate(lines) if line.startswith(cue))
    intro = "\n".join(lines[:first_cue])
    assert breathless.RED_FLAG.text in intro
    assert intro.index(breathless.RED_FLAG.text) < intro.index(breathless.CARD_TITLE)
    for tip in breathless.CARD:
        assert tip.text in intro
        assert "\n".join(lines).count(tip.text) == 1  # once
    assert "Ctrl+C" in intro
    for symbol in SYMBOLS:
        assert symbol not in "\n".join(lines)


def test_the_cues_have_no_holds_and_start_quick_and_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, lines = run_plain(tmp_path, monkeypatch, capsys, stop_after=120.0)
    cues = [line for line in lines if line.startswith(("Breathe", "Hold"))]
    assert len(cues) > 20
    assert not any(line.startswith("Hold") for line in cues)
    assert cues[:2] == ["Breathe in, 1.9 seconds", "Breathe out, 3.1 seconds"]
    assert all(a.split(",")[0] != b.split(",")[0] for a, b in itertools.pairwise(cues))


def test_ctrl_c_ends_it_and_saves_the_partial_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = run_plain(tmp_path, monkeypatch, capsys, stop_after=40.0)
    assert code == 0
    assert "The session stopped after 40 seconds. That still counts." in lines
    assert lines[-1] == "Saved as a partial session."
    [record] = records(tmp_path)
    assert record["pattern"] == "breathless" and record["source"] == "plain"
    assert record["completed"] is False and record["seconds"] == 40.0
    assert record["before"] is None and record["after"] is None


def test_end_of_input_stops_the_wait_at_once() -> None:
    """Ctrl+D on a terminal: the watcher sees the end of input and the wait ends early."""
    watcher = EndOnEof(io.StringIO("a stray line\n"))
    clock = MonotonicClock()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        watcher.wait_until(clock, clock.now() + 20.0)
    assert time.monotonic() - started < 5.0


def test_without_end_of_input_the_wait_ends_on_time() -> None:
    read, write = os.pipe()
    with os.fdopen(read) as stream:
        watcher = EndOnEof(stream)
        clock = MonotonicClock()
        deadline = clock.now() + 0.2
        try:
            watcher.wait_until(clock, deadline)
            assert clock.now() >= deadline
            assert not watcher.ended.is_set()
        finally:
            os.close(write)  # the end of input: the watcher's thread sees it and stops
            assert watcher.ended.wait(10)
            watcher.thread.join(10)


def test_the_intro_says_how_to_stop() -> None:
    assert "Ctrl+D" in "\n".join(breathless_intro(end_of_input=True))
    assert "Ctrl+D" not in "\n".join(breathless_intro(end_of_input=False))


def test_breathless_plain_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from pacer import cli\n"
        "cli.sleep_until = lambda clock, deadline: (_ for _ in ()).throw(KeyboardInterrupt)\n"
        "sys.stdin = io.StringIO('')\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert cli.main(['--data-dir', {str(tmp_path)!r}, 'breathless', '--plain',\n"
        "                     '--no-sound']) == 0\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_real_process_stopped_by_sigterm_keeps_the_session(tmp_path: Path) -> None:
    process = start(tmp_path, "breathless", "--plain")
    assert process.stdout is not None
    seen = bytearray()
    read_until(process.stdout, "Breathe out, 3.1 seconds", seen)
    process.send_signal(signal.SIGTERM)
    code, rest, err = finish(process)
    out = seen.decode() + rest
    assert code == 128 + 15 and err == ""
    assert "The session stopped after " in out and "Saved as a partial session." in out
    [record] = records(tmp_path)
    assert record["pattern"] == "breathless" and record["completed"] is False


def test_pacer_patterns_lists_pursed_lip_and_the_rectangle_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert cli.main(["--data-dir", str(tmp_path), "patterns"]) == 0
    out = capsys.readouterr().out
    assert "pursed-lip       2.5-0-5-0" in out
    assert "Rectangle breathing (resonance, extended-exhale): " in out
    assert cli.main(["--data-dir", str(tmp_path), "patterns", "--json"]) == 0
    rows = {row["key"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["pursed-lip"]["has_holds"] is False and rows["pursed-lip"]["notes"] == []
    [note] = rows["resonance"]["notes"]
    assert note["key"] == "rectangle" and note["source"]
