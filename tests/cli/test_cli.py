"""The command line: bad input, plain mode, log and history, and no Textual on these paths."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pacer import cli
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN
from pacer.domain.session import Session
from pacer.domain.timeline import Timeline
from pacer.plain import format_clock, run_plain, summary


def run_pacer(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PACER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "pacer", *args],
        capture_output=True, text=True, env=env, input=stdin, timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["breathe", "--minutes", "-1"], "'-1'"),
        (["breathe", "--minutes", "abc"], "'abc'"),
        (["breathe", "--minutes", "121"], "'121'"),
        (["breathe", "--pattern", "0-0-0-0"], "'0-0-0-0'"),
        (["breathe", "--pattern", "4-x-4"], "'x'"),
        (["breathe", "--pattern", "calm"], "'calm'"),
        (["log", "--pattern", "box", "--minutes", "3", "--before", "11"], "'11'"),
        (["log", "--pattern", "box", "--minutes", "3", "--after", "x"], "'x'"),
        (["breathe", "--pattern", "box", "--ramp", "2", "--plain"], "box"),
        (["frobnicate"], "'frobnicate'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_naming_the_value(
    args: list[str], named: str, tmp_path: Path
) -> None:
    result = run_pacer(*args, home=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "sessions.jsonl").exists()


def test_cli_paths_do_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from pacer import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    for argv in (['patterns'], ['patterns', '--json'], ['history', '--json'],\n"
        "                 ['log', '--pattern', 'box', '--minutes', '1'],\n"
        "                 ['goals', 'add', 'See the sea'], ['goals'],\n"
        "                 ['appointments', 'add', '--when', '2030-01-04 09:00'],\n"
        "                 ['appointments']):\n"
        f"        assert cli.main(['--data-dir', {str(tmp_path)!r}, *argv]) == 0\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'pydub', 'rich'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_patterns_json_lists_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["patterns", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in rows] == list(BUILTIN)
    assert rows[0]["rhythm"] == "4-0-6-0" and rows[0]["breaths_per_minute"] == 6.0


def test_log_then_history_json_newest_first(tmp_path: Path, capsys) -> None:
    base = ["--data-dir", str(tmp_path)]
    assert cli.main([*base, "log", "--pattern", "box", "--minutes", "3", "--before", "7"]) == 0
    assert cli.main([*base, "log", "--pattern", "4-7-8", "--minutes", "2", "--after", "2",
                     "--note", "waiting room"]) == 0
    capsys.readouterr()
    assert cli.main([*base, "history", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["pattern"] for r in records] == ["4-7-8", "box"]
    newest = records[0]
    assert newest["seconds"] == 120.0 and newest["completed"] is True
    assert newest["after"] == 2 and newest["note"] == "waiting room" and newest["source"] == "log"
    assert records[1]["before"] == 7
    assert len({r["id"] for r in records}) == 2
    assert cli.main([*base, "history"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert "4-7-8" in table[0] and "2:00" in table[0] and "whole" in table[0]


def test_data_dir_before_or_after_the_command(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert cli.main(["--data-dir", str(first), "log", "--pattern", "box", "--minutes", "1"]) == 0
    assert cli.main(["log", "--data-dir", str(second), "--pattern", "box", "--minutes", "1"]) == 0
    assert (first / "sessions.jsonl").exists() and (second / "sessions.jsonl").exists()


def test_plain_mode_prints_each_phase_at_its_boundary() -> None:
    clock = FakeClock(start=50.0)
    session = Session(Timeline.for_minutes(BUILTIN["4-7-8"], 1), clock)
    printed: list[tuple[float, str]] = []

    class Out(io.StringIO):
        def write(self, text: str) -> int:
            if text.strip():
                printed.append((clock.now() - 50.0, text.strip()))
            return len(text)

    run_plain(session, Out(), clock.set)
    assert printed[:4] == [
        (0.0, "Breathe in, 4 seconds"), (4.0, "Hold, 7 seconds"), (11.0, "Breathe out, 8 seconds"),
        (19.0, "Breathe in, 4 seconds"),
    ]
    assert len(printed) == 9 and printed[-1] == (49.0, "Breathe out, 8 seconds")
    assert session.finished and clock.now() == 50.0 + 57.0
    assert summary(session).startswith("The session is over. Well done: 3 breaths in 57 seconds")


def test_plain_mode_ctrl_c_ends_early_and_keeps_the_real_length() -> None:
    clock = FakeClock()
    session = Session(Timeline.for_minutes(BUILTIN["resonance"], 5), clock)

    def wait(deadline: float) -> None:
        if deadline - 1000.0 > 25:
            clock.set(1000.0 + 25.5)
            raise KeyboardInterrupt
        clock.set(deadline)

    run_plain(session, io.StringIO(), wait)
    record = session.record(source="plain")
    assert record["completed"] is False and record["seconds"] == 25.5
    assert summary(session) == "The session stopped after 25 seconds. That still counts."


def test_plain_breathe_end_to_end_saves_the_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole session through `main`, on a clock that jumps to each deadline (no waiting)."""
    clock = FakeClock()
    monkeypatch.setattr(cli, "MonotonicClock", lambda: clock)
    monkeypatch.setattr(cli, "sleep_until", lambda clock, deadline: clock.set(deadline))
    code = cli.main(["--data-dir", str(tmp_path), "breathe", "--plain", "--no-sound",
                     "--pattern", "0.5-0-0.5", "--minutes", "0.5"])
    assert code == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    phases = [line for line in lines if line.startswith(("Breathe", "Hold"))]
    assert phases[:4] == ["Breathe in, 0.5 seconds", "Breathe out, 0.5 seconds",
                          "Breathe in, 0.5 seconds", "Breathe out, 0.5 seconds"]
    assert len(phases) == 60 and err == ""
    assert lines[-2] == ("The session is over. Well done: 30 breaths in 30 seconds of "
                         "custom 0.5-0-0.5.")
    assert lines[-1] == "Saved."
    record = json.loads((tmp_path / "sessions.jsonl").read_text().splitlines()[-1])
    assert record["source"] == "plain" and record["completed"] is True
    assert record["pattern"] == "0.5-0-0.5" and record["seconds"] == 30.0


def test_plain_breathe_in_a_real_process_says_one_calm_notice(tmp_path: Path) -> None:
    from tests.cli.test_plain_signals import finish, read_until, start

    process = start(tmp_path, "breathe", "--plain", "--pattern", "0.5-0-0.5", "--minutes", "1")
    assert process.stdout is not None
    seen = bytearray()
    read_until(process.stdout, "Breathe out, 0.5 seconds", seen)
    process.terminate()
    code, rest, err = finish(process)
    out = seen.decode() + rest
    assert code == 128 + 15 and err == ""
    assert out.count("No sound device found") == 1  # one calm notice, no audio chatter
    assert "The session stopped after " in out and "Saved as a partial session." in out
    record = json.loads((tmp_path / "sessions.jsonl").read_text().splitlines()[-1])
    assert record["completed"] is False and record["pattern"] == "0.5-0-0.5"


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (59.99, "0:59"), (61, "1:01"),
                                               (3600, "60:00")])
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


def test_custom_patterns_work_by_name_everywhere(tmp_path: Path, capsys) -> None:
    (tmp_path / "patterns.json").write_text(
        '{"schema": 1, "patterns": [{"id": "evening", "name": "Evening", "rhythm": "4-2-7"}]}'
    )
    base = ["--data-dir", str(tmp_path)]
    assert cli.main([*base, "patterns", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[-1]["key"] == "evening" and rows[-1]["rhythm"] == "4-2-7-0"
    assert cli.main([*base, "log", "--pattern", "evening", "--minutes", "2"]) == 0
    assert cli.main([*base, "breathe", "--pattern", "evenin", "--plain"]) == 2
    assert "'evenin'" in capsys.readouterr().err
    record = json.loads((tmp_path / "sessions.jsonl").read_text().splitlines()[-1])
    assert (record["pattern"], record["rhythm"]) == ("evening", "4-2-7-0")


def test_record_session_says_where_a_refused_session_is_kept(tmp_path: Path) -> None:
    """The plain modes say what the TUI says: saved, or kept in the pending area (and where)."""
    from pacer.domain.patterns import resolve
    from pacer.domain.session import Session
    from pacer.domain.timeline import Timeline
    from pacer.plain import record_session
    from pacer.services import Services
    from pacer.store import Store

    clock = FakeClock()
    session = Session(Timeline.for_minutes(resolve("box"), 1), clock)
    session.start()
    clock.advance(20)
    session.end()
    services = Services.open(Store(tmp_path))
    saved, message = record_session(services, session.record(source="plain"))
    assert message is None and saved["id"]
    assert (tmp_path / "sessions.jsonl").read_text().count("\n") == 1

    (tmp_path / "sessions.jsonl").unlink()
    (tmp_path / "sessions.jsonl").mkdir()  # a folder where the log should be: refused
    kept, message = record_session(services, session.record(source="plain"))
    assert message is not None and "pending" in message
    kept_files = [p.name for p in (tmp_path / "pending").iterdir()]
    assert kept_files == [f"sessions.jsonl-{kept['id']}.json"]


def test_history_names_a_line_the_store_left_out_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A session line with a hand-typed id: one line on stderr naming file, line and field."""
    base = ["--data-dir", str(tmp_path)]
    assert cli.main([*base, "log", "--pattern", "box", "--minutes", "3"]) == 0
    log = tmp_path / "sessions.jsonl"
    record = json.loads(log.read_text())
    log.write_text(log.read_text() + json.dumps({**record, "id": "s9"}) + "\n")
    capsys.readouterr()
    assert cli.main([*base, "history"]) == 1
    out, err = capsys.readouterr()
    assert "box" in out
    assert err.splitlines() == ["pacer: error: sessions.jsonl line 2: field 'id': invalid UUID"]
