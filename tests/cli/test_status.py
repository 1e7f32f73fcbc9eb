"""`pacer status`: one calm line for a shell prompt, nothing when there is nothing to say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pacer import cli, entry, status
from pacer.store import Store

PARIS = ZoneInfo("Europe/Paris")
#: A Tuesday afternoon.
NOW = datetime(2026, 12, 1, 15, 0, tzinfo=PARIS)
ROOT = Path(__file__).resolve().parents[2]


def write_appointments(home: Path, *appointments: dict[str, Any]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "appointments.json").write_text(
        json.dumps({"schema": 1, "appointments": list(appointments)}), encoding="utf-8")


def scan_friday() -> dict[str, Any]:
    return {"id": "scan-1", "kind": "scan", "when": "2026-12-04T09:30:00+01:00"}


def blood_test_waiting() -> dict[str, Any]:
    """A blood test on Sunday (day 1), results due Thursday: Tuesday is day 3."""
    return {"id": "blood-1", "kind": "blood-test", "when": "2026-11-29T10:00:00+01:00",
            "results_due": "2026-12-03"}


def log_minutes(home: Path, *minutes_at: tuple[float, datetime]) -> None:
    store = Store(home)
    for minutes, started in minutes_at:
        seconds = minutes * 60
        store.append_session({
            "id": f"00000000-0000-4000-8000-{int(started.timestamp()):012d}", "schema": 1,
            "started": started.isoformat(), "pattern": "resonance", "rhythm": "4-0-6-0",
            "ended": (started + timedelta(seconds=seconds)).isoformat(), "seconds": seconds,
            "planned_seconds": seconds, "completed": True, "source": "app",
        })


def line(home: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = status.run(str(home), as_json="--json" in args, verbose="--verbose" in args, now=NOW)
    out, err = capsys.readouterr()
    return code, out, err


def test_nothing_to_say_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert line(tmp_path / "none", capsys=capsys) == (0, "", "")
    # An appointment weeks away and last week's practice are not said at the prompt either.
    home = tmp_path / "quiet"
    write_appointments(home, {"id": "far", "kind": "oncologist",
                              "when": "2026-12-20T09:00:00+01:00"})
    log_minutes(home, (20, NOW - timedelta(days=3)))  # last Saturday
    assert line(home, capsys=capsys) == (0, "", "")


def test_next_appointment_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_appointments(tmp_path, scan_friday())
    assert line(tmp_path, capsys=capsys) == (0, "Scan Friday, in 3 days\n", "")


def test_next_appointment_today_and_tomorrow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_appointments(tmp_path, {"id": "t", "kind": "results",
                                  "when": "2026-12-01T17:30:00+01:00"})
    assert line(tmp_path, capsys=capsys)[1] == "Results visit today at 17:30\n"
    write_appointments(tmp_path, {"id": "t", "kind": "blood-test",
                                  "when": "2026-12-02T08:00:00+01:00"})
    assert line(tmp_path, capsys=capsys)[1] == "Blood test tomorrow at 8:00\n"


def test_waiting_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_appointments(tmp_path, blood_test_waiting())
    assert line(tmp_path, capsys=capsys) == (0, "waiting day 3\n", "")


def test_minutes_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log_minutes(tmp_path, (5, NOW - timedelta(days=1)), (4.6, NOW - timedelta(hours=2)),
                (30, NOW - timedelta(days=8)))  # the Monday before: not this week
    assert line(tmp_path, capsys=capsys) == (0, "10 min this week\n", "")


def test_all_three(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_appointments(tmp_path, scan_friday(), blood_test_waiting())
    log_minutes(tmp_path, (10, NOW - timedelta(hours=5)))
    assert line(tmp_path, capsys=capsys) == (
        0, "Scan Friday, in 3 days · waiting day 3 · 10 min this week\n", "")


def test_json_has_stable_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = line(tmp_path / "empty", "--json", capsys=capsys)
    assert code == 0
    assert json.loads(out) == {"line": "", "next_appointment": None, "waiting": None,
                               "minutes_this_week": 0}
    write_appointments(tmp_path, scan_friday(), blood_test_waiting())
    log_minutes(tmp_path, (10, NOW - timedelta(hours=5)))
    facts = json.loads(line(tmp_path, "--json", capsys=capsys)[1])
    assert facts == {
        "line": "Scan Friday, in 3 days · waiting day 3 · 10 min this week",
        "next_appointment": {"id": "scan-1", "kind": "scan", "when": "2026-12-04T09:30:00+01:00",
                             "words": "Scan Friday, in 3 days"},
        "waiting": {"id": "blood-1", "kind": "blood-test", "day": 3, "expected": "2026-12-03"},
        "minutes_this_week": 10,
    }


def test_a_damaged_file_leaves_its_part_out_and_says_why_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_minutes(tmp_path, (10, NOW - timedelta(hours=5)))
    (tmp_path / "appointments.json").write_text('{"schema": 1, "appointments": [', "utf-8")
    with (tmp_path / "sessions.jsonl").open("a", encoding="utf-8") as log:
        log.write('{"started": "yesterday", "seconds": 60}\n')
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert line(tmp_path, capsys=capsys) == (0, "10 min this week\n", "")
    code, out, err = line(tmp_path, "--verbose", capsys=capsys)
    assert (code, out) == (0, "10 min this week\n")
    notes = err.strip().splitlines()
    assert len(notes) == 2 and "Traceback" not in err
    assert notes[0].startswith("pacer status: appointments.json: not valid JSON")
    assert notes[1].startswith("pacer status: sessions.jsonl: 1 line near the end")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing written


def test_a_record_that_does_not_fit_is_named_by_its_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_appointments(tmp_path, {"id": "x", "kind": "scan", "when": "friday"}, scan_friday())
    code, out, err = line(tmp_path, "--verbose", capsys=capsys)
    assert (code, out) == (0, "Scan Friday, in 3 days\n")
    assert err == ("pacer status: appointments.json appointments[0]: field 'when' is not a time "
                   "with its offset\n")


def test_a_link_in_place_of_a_file_is_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"schema": 1, "appointments": [scan_friday()]}), "utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "appointments.json").symlink_to(elsewhere)
    code, out, err = line(home, "--verbose", capsys=capsys)
    assert (code, out) == (0, "")
    assert "symbolic link" in err


def test_control_characters_in_a_kind_are_shown_not_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_appointments(tmp_path, {**scan_friday(), "kind": "\x1b]0;x\x07"})
    out = line(tmp_path, capsys=capsys)[1]
    assert out == "Appointment Friday, in 3 days\n"


def test_the_week_is_read_from_the_end_and_a_hand_reordered_log_in_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_minutes(tmp_path, *[(1, NOW - timedelta(days=400 - i)) for i in range(300)],
                (7, NOW - timedelta(hours=1)))
    assert line(tmp_path, capsys=capsys)[1] == "7 min this week\n"
    lines = (tmp_path / "sessions.jsonl").read_text().splitlines()
    lines.insert(0, lines.pop())  # this week's session moved to the top by hand
    (tmp_path / "sessions.jsonl").write_text("\n".join(lines) + "\n")
    assert line(tmp_path, capsys=capsys)[1] == "7 min this week\n"


def test_the_same_answer_through_the_full_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_appointments(tmp_path, scan_friday())
    monkeypatch.setenv(status.TEST_NOW, NOW.isoformat())
    for argv in (["--data-dir", str(tmp_path), "status"],
                 ["status", "--data-dir", str(tmp_path)],
                 [f"--data-dir={tmp_path}", "--no-sound", "status", "--json"]):
        assert entry.main(argv) == 0
        fast = capsys.readouterr().out
        assert cli.main(argv) == 0
        assert capsys.readouterr().out == fast
        assert "Scan Friday, in 3 days" in fast


def test_a_mistake_goes_to_the_full_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        entry.main(["status", "--frobnicate"])
    assert stop.value.code == 2
    assert "--frobnicate" in capsys.readouterr().err


@pytest.mark.parametrize(
    "env",
    [
        {"XDG_DATA_HOME": "/srv/data", "HOME": "/home/sam"},
        {"XDG_DATA_HOME": "", "HOME": "/home/sam/"},
        {"XDG_DATA_HOME": "relative/path", "HOME": "/home/sam"},
    ],
)
def test_the_default_folder_is_the_one_platformdirs_gives(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pacer.paths import data_dir

    monkeypatch.delenv("PACER_HOME", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert status.folder_of(None) == str(data_dir(None))
    monkeypatch.setenv("PACER_HOME", "~/pacer")
    assert status.folder_of(None) == str(data_dir(None))
    assert status.folder_of("~/elsewhere") == str(data_dir("~/elsewhere"))


def test_its_constants_agree_with_the_store() -> None:
    from pacer.store import files, schema

    assert status.MAX_DOCUMENT_BYTES == files.MAX_DOCUMENT_BYTES
    assert status.MAX_LOG_BYTES == files.MAX_LOG_BYTES
    assert schema.DOCUMENTS[status.APPOINTMENTS].version == status.APPOINTMENTS_SCHEMA


@pytest.mark.parametrize("text", ['{"a": [1, 2.5, "x", null, true]}', '\ufeff  [] ', "3"])
def test_loads_reads_json_as_json_does(text: str) -> None:
    assert status.loads(text) == json.loads(text.lstrip("\ufeff"))


@pytest.mark.parametrize("text", ["{", "[1] [2]", '{"a": NaN}', "", "nul"])
def test_loads_refuses_what_is_not_one_json_value(text: str) -> None:
    with pytest.raises(ValueError):
        status.loads(text)


def test_python_m_pacer_status_imports_no_textual_rich_msgspec_or_audio(tmp_path: Path) -> None:
    """At a shell prompt: a fresh interpreter, the command as .bashrc runs it."""
    write_appointments(tmp_path, scan_friday(), blood_test_waiting())
    log_minutes(tmp_path, (10, NOW - timedelta(hours=5)))
    code = (
        "import runpy, sys, json\n"
        f"sys.argv = ['pacer', '--data-dir', {str(tmp_path)!r}, 'status']\n"
        "try:\n"
        "    runpy.run_module('pacer', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert stop.code == 0, stop.code\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, status.TEST_NOW: NOW.isoformat()}
    env.pop("PACER_HOME", None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60, cwd=ROOT, check=True)
    assert result.stdout == "Scan Friday, in 3 days · waiting day 3 · 10 min this week\n"
    modules = json.loads(result.stderr.strip().splitlines()[-1])
    heavy = [m for m in modules
             if m.split(".")[0] in ("textual", "rich", "pacer_audio", "numpy", "pydub")
             or m in ("pacer.cli", "pacer.store", "argparse", "platformdirs")]
    assert not heavy, heavy
    # Nor what would make it slow: the line is worded by the domain, loaded lightly.
    slow = [m for m in modules if m.split(".")[0] in ("msgspec", "dataclasses", "pathlib")]
    assert not slow, slow
    assert "pacer.domain.wait" in modules and "msgspec.inspect" not in modules


def test_nothing_to_say_loads_no_msgspec_pathlib_or_json(tmp_path: Path) -> None:
    """The common case at a prompt costs about a bare Python (bench/bench_status.py)."""
    log_minutes(tmp_path, (10, NOW - timedelta(days=30)))
    code = (
        "import sys, json\n"
        "from pacer.entry import main\n"
        f"code = main(['--data-dir', {str(tmp_path)!r}, 'status'])\n"
        "names = sorted(sys.modules)\n"
        "assert code == 0\n"
        "print(' '.join(names), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, cwd=ROOT, check=True)
    assert result.stdout == ""
    modules = result.stderr.split()
    # json is imported by the test script itself after main() returns: check before that.
    assert not [m for m in modules if m.split(".")[0] in ("msgspec", "pathlib", "typing",
                                                           "dataclasses", "pacer")
                and m not in ("pacer", "pacer.entry", "pacer.status", "pacer.domain",
                              "pacer.domain.limits", "pacer.domain.stored")]
