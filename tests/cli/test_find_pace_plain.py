"""`pacer breathe --find-pace --plain`: the sweep as text, with a fake keyboard and clock."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pacer import cli
from pacer.clock import FakeClock
from pacer.domain.errors import InputError
from pacer.domain.pace_finder import (
    COMFORT,
    DRAFT_KIND,
    NO_RESULT,
    QUESTION,
    STEP_SECONDS_ENV,
    SWEEP,
)
from pacer.pace_plain import PacePlain
from pacer.services import Services
from pacer.store import Store


def keyboard(*lines: str) -> Callable[[], str]:
    """Answers one line at a time, then end of input (Ctrl+D)."""
    queue = list(lines)

    def read() -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    return read


def late(clock: FakeClock, deadline: float) -> None:
    """Wake a hair after the deadline, as a real sleep does (0.1 s steps are not exact)."""
    clock.set(deadline + 1e-9)


def run(tmp_path: Path, *lines: str, interactive: bool = True) -> tuple[int, str, Services]:
    services = Services.open(Store(tmp_path / "data"))
    clock = FakeClock()
    out = io.StringIO()
    sweep = PacePlain(services, keyboard(*lines), out, clock, interactive=interactive,
                      wait=lambda deadline: late(clock, deadline), step_seconds=20)
    return sweep.run(), out.getvalue(), services


def sessions(services: Services) -> list[dict]:
    return services.sessions.all().items


def test_the_sweep_prints_cues_asks_each_pace_and_strain_ends_it(tmp_path: Path) -> None:
    code, out, services = run(tmp_path, "7", "8", "strain", "d")
    assert code == 0
    assert COMFORT in out and "no heart-rate sensor" in out
    assert out.count(QUESTION) == 3
    # Each pace's cues, in order, with no holds.
    assert "Pace 1 of 5: 6.5 breaths a minute: in for 3.7 seconds, out for 5.5" in out
    assert "Breathe in, 3.7 seconds\nBreathe out, 5.5 seconds" in out
    assert "Pace 3 of 5: 5.5 breaths a minute" in out and "Pace 4 of 5" not in out
    assert "Hold" not in out
    assert "Stop and breathe normally" in out  # strain: kind words
    assert "Your pace: 6 breaths a minute: in for 4 seconds, out for 6." in out
    assert "it is now your default" in out
    saved = sessions(services)
    assert [s["rhythm"] for s in saved] == ["3.7-0-5.5-0", "4-0-6-0", "4.4-0-6.5-0"]
    assert all(s["source"] == "plain" and s["completed"] for s in saved)
    assert services.patterns.custom()["your-pace"].rhythm == "4-0-6-0"
    assert services.settings.load().values["default_pattern"] == "your-pace"


def test_a_rating_of_3_or_less_ends_it_and_p_keeps_a_pattern_only(tmp_path: Path) -> None:
    _code, out, services = run(tmp_path, "9", "3", "p")
    assert out.count(QUESTION) == 2
    assert "Your pace: 6.5 breaths a minute" in out and "pacer breathe --pattern your-pace" in out
    assert services.patterns.custom()["your-pace"].rhythm == SWEEP[0].rhythm
    assert services.settings.load().values["default_pattern"] == "resonance"


def test_s_stops_at_once_and_no_easy_pace_gives_kind_words(tmp_path: Path) -> None:
    _code, out, services = run(tmp_path, "s")
    assert out.count(QUESTION) == 1 and NO_RESULT in out
    assert "Keep it?" not in out and len(sessions(services)) == 1
    assert services.patterns.custom() == {}


def test_every_pace_rated_and_not_now_keeps_nothing(tmp_path: Path) -> None:
    _code, out, services = run(tmp_path, "6", "7", "9", "9", "5", "n")
    assert "Your pace: 5 breaths a minute" in out  # a tie goes to the slower
    assert "Not kept." in out and services.patterns.custom() == {}
    assert len(sessions(services)) == 5


def test_a_bad_value_on_a_terminal_is_named_and_asked_again(tmp_path: Path) -> None:
    _code, out, _services = run(tmp_path, "eleven", "11", "8", "stop", "maybe", "n")
    assert "'eleven' is not a rating" in out and "'11' is outside 0-10" in out
    assert out.count(QUESTION) == 4  # asked again twice, then the next pace
    assert "'maybe' is not d, p or n" in out


def test_end_of_input_ends_the_sweep_with_what_was_rated(tmp_path: Path) -> None:
    _code, out, services = run(tmp_path, "8")
    assert "Your pace: 6.5 breaths a minute" in out
    assert services.patterns.custom() == {}  # end of input at "Keep it?" is not now


def fake_time(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    monkeypatch.setattr(cli, "MonotonicClock", lambda: clock)
    monkeypatch.setattr(cli, "sleep_until", late)


def test_main_runs_the_sweep_and_a_bad_value_from_a_script_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_time(monkeypatch)
    monkeypatch.setenv(STEP_SECONDS_ENV, "4")
    monkeypatch.setattr(sys, "stdin", io.StringIO("8\nseven\n"))
    code = cli.main(["--data-dir", str(tmp_path), "breathe", "--find-pace", "--plain"])
    out, err = capsys.readouterr()
    assert code == 2 and "Pace 2 of 5" in out
    assert err.strip().splitlines() == [
        "pacer: error: 'seven' is not a rating; type a whole number from 0 to 10, or s to stop"
    ]
    lines = (tmp_path / "sessions.jsonl").read_text().splitlines()
    assert len(lines) == 2  # both paces breathed were saved before leaving
    assert json.loads(lines[0])["rhythm"] == "3.7-0-5.5-0"


@pytest.mark.parametrize(
    ("args", "named"),
    [(["--pattern", "box"], "--pattern"), (["--minutes", "3"], "--minutes"),
     (["--ramp", "2"], "--ramp")],
)
def test_options_the_sweep_chooses_itself_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], named: str
) -> None:
    code = cli.main(["--data-dir", str(tmp_path), "breathe", "--find-pace", "--plain", *args])
    assert code == 2
    assert capsys.readouterr().err == (
        f"pacer: error: --find-pace chooses its own paces; leave out {named}\n"
    )


def test_a_bad_test_step_length_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {**os.environ, "PACER_HOME": str(tmp_path), STEP_SECONDS_ENV: "soon"}
    done = subprocess.run([sys.executable, "-m", "pacer", "breathe", "--find-pace", "--plain"],
                          capture_output=True, text=True, env=env, input="", timeout=60)
    assert done.returncode == 2
    assert done.stderr == (
        f"pacer: error: {STEP_SECONDS_ENV}='soon' is not a number of seconds from 1 to 600\n"
    )


def test_ctrl_c_while_breathing_ends_the_sweep_and_keeps_the_partial_pace(
    tmp_path: Path,
) -> None:
    services = Services.open(Store(tmp_path / "data"))
    clock = FakeClock()
    out = io.StringIO()
    calls: list[float] = []

    def wait(deadline: float) -> None:
        calls.append(deadline)
        if len(calls) == 8:  # a few cues into the second pace
            raise KeyboardInterrupt
        late(clock, deadline)

    PacePlain(services, keyboard("8", "n"), out, clock, interactive=True, wait=wait,
              step_seconds=20).run()
    text = out.getvalue()
    assert text.count(QUESTION) == 1 and "The session stopped after" in text
    assert "Your pace: 6.5 breaths a minute" in text
    assert [s["completed"] for s in sessions(services)] == [True, False]


def plain(services: Services, *lines: str, interactive: bool = True) -> str:
    clock = FakeClock()
    out = io.StringIO()
    PacePlain(services, keyboard(*lines), out, clock, interactive=interactive,
              wait=lambda deadline: late(clock, deadline), step_seconds=20).run()
    return out.getvalue()


def test_a_bad_answer_from_a_script_keeps_the_ratings_and_next_time_offers_them(
    tmp_path: Path,
) -> None:
    services = Services.open(Store(tmp_path / "data"))
    with pytest.raises(InputError, match="'seven'"):
        plain(services, "8", "seven", interactive=False)
    draft = services.drafts.find(DRAFT_KIND)
    assert draft is not None and draft["answers"]["ratings"] == [8]
    out = plain(services, "y", "9", "s", "d")
    assert "Last time you rated 1 pace of 5. Carry on from there?" in out
    assert "Rated so far: 6.5 a minute: 8." in out
    assert "Pace 1 of 5" not in out and "Pace 2 of 5: 6 breaths a minute" in out
    assert "Your pace: 6 breaths a minute" in out  # 9 beats the 8 kept from last time
    assert services.drafts.find(DRAFT_KIND) is None  # settled: the draft goes


def test_starting_afresh_or_leaving_at_the_offer(tmp_path: Path) -> None:
    services = Services.open(Store(tmp_path / "data"))
    services.drafts.put({"id": "d1", "kind": DRAFT_KIND, "target": None,
                         "answers": {"ratings": [8, 7]}})
    out = plain(services)  # end of input at the offer: nothing changes
    assert "still kept" in out and services.drafts.find(DRAFT_KIND) is not None
    out = plain(services, "maybe", "n", "s")
    assert "'maybe' is not y or n" in out and "Pace 1 of 5" in out
    assert services.drafts.find(DRAFT_KIND) is None


def test_sigterm_mid_pace_keeps_the_partial_pace_and_the_ratings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    from tests.cli.test_plain_signals import finish, read_until, start

    monkeypatch.setenv(STEP_SECONDS_ENV, "4")  # one breath a pace, about 10 seconds
    process = start(tmp_path, "breathe", "--find-pace", "--plain", "--no-sound",
                    stdin=subprocess.PIPE)
    assert process.stdout is not None and process.stdin is not None
    seen = bytearray()
    read_until(process.stdout, QUESTION, seen)
    process.stdin.write(b"8\n")
    process.stdin.flush()
    read_until(process.stdout, "Breathe in, 4 seconds", seen)
    process.send_signal(signal.SIGTERM)
    code, _rest, err = finish(process)
    assert code == 128 + signal.SIGTERM and err == ""
    lines = (tmp_path / "sessions.jsonl").read_text().splitlines()
    assert [json.loads(line)["completed"] for line in lines] == [True, False]
    draft = Services.open(Store(tmp_path)).drafts.find(DRAFT_KIND)
    assert draft is not None and draft["answers"]["ratings"] == [8]
