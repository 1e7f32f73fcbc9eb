"""`pacer appointments debrief ID`: the debrief asked in plain text, and PACER_TEST_NOW (the
test date the tmux test starts the app and the command line at)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pacer import cli
from pacer.clock import TEST_NOW, local_now


def pacer(home: Path, *args: str) -> int:
    try:
        return cli.main(["--data-dir", str(home), *args])
    except SystemExit as stop:
        return int(stop.code or 0)


def stored(home: Path, name: str = "appointments.json", key: str = "appointments") -> list[dict]:
    path = home / name
    return json.loads(path.read_text())[key] if path.exists() else []


# --- PACER_TEST_NOW ---------------------------------------------------------------------------


def test_the_test_date_starts_the_wall_clock_and_it_runs_on(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_NOW, "2031-06-02T10:00:00+00:00")
    first = local_now()
    second = local_now()
    start = datetime.fromisoformat("2031-06-02T10:00:00+00:00")
    assert start <= first <= second < start + timedelta(minutes=5)
    assert first.utcoffset() == datetime.now().astimezone().utcoffset()  # the local zone


def test_the_command_line_uses_the_test_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(TEST_NOW, "2031-06-02T10:00:00+00:00")
    code = pacer(tmp_path, "appointments", "add", "--kind", "scan", "--when", "tomorrow 9:00")
    assert code == 0, capsys.readouterr().err
    (record,) = stored(tmp_path)
    assert datetime.fromisoformat(record["when"]).date().isoformat() == "2031-06-03"


def test_a_bad_test_date_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(TEST_NOW, "next tuesday")
    assert pacer(tmp_path, "appointments") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'next tuesday'" in err and "Traceback" not in err
