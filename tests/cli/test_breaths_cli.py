"""`pacer breathe --breaths N` and `--settle N`: a length in breaths, a settle-in countdown
before the first breath, one line and exit 2 for every bad value, and the plain mode's words."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import Any

import pytest

from pacer import cli
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN
from pacer.domain.session import Session
from pacer.domain.timeline import Timeline
from pacer.plain import run_plain
from pacer.store import Store


class Run:
    """One `pacer` run with a FakeClock that sleeps by jumping to each deadline."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = tmp_path / "data"
        self.clock = FakeClock(start=100.0)
        self.deadlines: list[float] = []
        monkeypatch.setattr(cli, "MonotonicClock", lambda: self.clock)
        monkeypatch.setattr(cli, "sleep_until", self._sleep)
        monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: no questions
        self.tui: dict[str, Any] | None = None

        def opened(store: Store, args: argparse.Namespace, **kwargs: Any) -> int:
            self.tui = kwargs
            return 0

        monkeypatch.setattr(cli, "_open_tui", opened)

    def _sleep(self, clock: FakeClock, deadline: float) -> None:
        self.deadlines.append(deadline)
        clock.set(max(clock.now(), deadline))

    def __call__(self, *args: str) -> int:
        return cli.main(["--data-dir", str(self.folder), "breathe", "--no-sound", *args])

    def records(self) -> list[dict[str, Any]]:
        log = self.folder / "sessions.jsonl"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text().splitlines()]

    def settings(self, **values: Any) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "settings.json").write_text(json.dumps(values))


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    return Run(tmp_path, monkeypatch)


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- --breaths --------------------------------------------------------------------------------

def test_plain_breaths_runs_whole_breaths_and_says_the_length_in_breaths(
    run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--plain", "--pattern", "4-7-8", "--breaths", "4") == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith(
        "4-7-8 relaxing breath: in for 4 seconds, hold for 7 seconds, out for 8 seconds. "
        "4 breaths, about 1 minute. "
    )
    assert out.count("Breathe in, 4 seconds") == 4
    assert out.count("Breathe out, 8 seconds") == 4
    assert "Well done: 4 breaths in 1 minute 16 seconds" in out
    (record,) = run.records()
    assert record["planned_seconds"] == 76.0
    assert record["seconds"] == 76.0
    assert record["completed"] is True


def test_breaths_work_with_the_ramp(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    """The ramp is respected: still 10 whole breaths, a little quicker at the start."""
    assert run("--plain", "--pattern", "resonance", "--breaths", "10", "--ramp", "1") == 0
    out = capsys.readouterr().out
    assert out.count("Breathe in,") == 10
    (record,) = run.records()
    assert record["planned_seconds"] < 100.0


def test_breaths_open_the_app_with_that_length(run: Run) -> None:
    assert run("--pattern", "4-7-8", "--breaths", "4") == 0
    assert run.tui is not None
    assert run.tui["breaths"] == 4
    pattern, minutes = run.tui["start"]
    assert pattern.key == "4-7-8"
    assert minutes == pytest.approx(76 / 60)


def test_breaths_and_minutes_together_are_one_line_and_exit_2(
    run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        run("--plain", "--breaths", "4", "--minutes", "2")
    assert exit_.value.code == 2
    line = one_error_line(capsys.readouterr().err)
    assert "--breaths" in line and "--minutes" in line
    assert run.records() == []


@pytest.mark.parametrize("value", ["0", "201", "2.5", "four", "-3", ""])
def test_a_bad_number_of_breaths_is_named_with_exit_2(
    run: Run, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        run("--plain", "--breaths", value)
    assert exit_.value.code == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"'{value}'" in line and "1 to 200 breaths" in line
    assert run.records() == []


def test_too_many_slow_breaths_is_named_with_exit_2(
    run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--plain", "--pattern", "30-0-30", "--breaths", "200") == 2
    line = one_error_line(capsys.readouterr().err)
    assert "'200' breaths" in line and "at most 120 minutes" in line
    assert run.records() == []


# --- --settle -----------------------------------------------------------------------------------

def test_settle_counts_down_then_the_first_phase_starts_after_it(
    run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--plain", "--pattern", "resonance", "--breaths", "2", "--settle", "3") == 0
    out = capsys.readouterr().out
    assert "Get comfortable... 3, 2, 1\n" in out
    assert out.index("Get comfortable...") < out.index("Breathe in, 4 seconds")
    # One wait per second of the count, then the phases measured from the end of the count.
    assert run.deadlines[:3] == [101.0, 102.0, 103.0]
    assert run.deadlines[3:] == [103.0, 107.0, 113.0, 117.0, 123.0]
    (record,) = run.records()
    # The settle-in is not practice: the session is its 20 seconds, not 23.
    assert record["seconds"] == 20.0 and record["planned_seconds"] == 20.0


def test_the_settle_setting_is_used_and_the_option_overrides_it(
    run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    run.settings(settle_in_seconds=2)
    assert run("--plain", "--breaths", "1") == 0
    assert "Get comfortable... 2, 1\n" in capsys.readouterr().out
    assert run("--plain", "--breaths", "1", "--settle", "0") == 0
    assert "Get comfortable" not in capsys.readouterr().out


def test_no_settle_by_default(run: Run, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--plain", "--breaths", "1") == 0
    assert "Get comfortable" not in capsys.readouterr().out


@pytest.mark.parametrize("value", ["31", "-1", "soon", "1.5"])
def test_a_bad_settle_is_named_with_exit_2(
    run: Run, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        run("--plain", "--settle", value)
    assert exit_.value.code == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"'{value}'" in line and "0 to 30 seconds" in line


def test_settle_is_passed_to_the_app_only_when_given(run: Run) -> None:
    assert run("--settle", "5") == 0
    assert run.tui is not None and run.tui["settle_in"] == 5
    assert run() == 0
    assert run.tui["settle_in"] is None  # the app follows the setting


def test_ctrl_c_during_the_settle_saves_nothing(
    run: Run, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(clock: FakeClock, deadline: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "sleep_until", interrupted)
    assert run("--plain", "--settle", "3") == 0
    out = capsys.readouterr().out
    assert "Not started, so nothing was saved." in out
    assert "Breathe in" not in out
    assert run.records() == []


def test_run_plain_settle_in_is_before_the_session_clock() -> None:
    clock = FakeClock(start=0.0)
    session = Session(Timeline.for_breaths(BUILTIN["resonance"], 1), clock)
    out = io.StringIO()
    run_plain(session, out, clock.set, settle=2)
    assert out.getvalue().splitlines()[:2] == ["Get comfortable... 2, 1", "Breathe in, 4 seconds"]
    assert session.elapsed() == 10.0 and session.finished
