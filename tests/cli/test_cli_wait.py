"""The wait from the command line: `--results-due` and `--results-at` on `pacer appointments
add/edit`, and `pacer appointments results-came ID` (issue 12, section 1).

Bad input is one line naming the value, exit 2, and nothing is saved."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pacer import cli
from pacer.services import Services
from pacer.store import Store

WHEN = "2030-01-04 09:00"  # a Friday, far enough ahead to stay in the future


def pacer(home: Path, *args: str) -> int:
    try:
        return cli.main(["--data-dir", str(home), *args])
    except SystemExit as stop:
        return int(stop.code or 0)


def stored(home: Path) -> list[dict]:
    path = home / "appointments.json"
    return json.loads(path.read_text())["appointments"] if path.exists() else []


def one_line_error(capsys: pytest.CaptureFixture[str], *named: str) -> None:
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("pacer: error: ")
    assert "Traceback" not in err
    for word in named:
        assert word in err, err


def test_add_with_results_due_in_everyday_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = pacer(tmp_path, "appointments", "add", "--kind", "scan", "--when", WHEN,
                 "--results-due", "in a week")
    out, err = capsys.readouterr()
    assert code == 0 and err == "", err
    (record,) = stored(tmp_path)
    assert record["results_due"] == "2030-01-11"  # a week after the scan
    assert "Results expected Fri 11 Jan 2030" in out


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--results-due", "soon"], ["'soon'"]),
        (["--results-due", "2030-01-01"], ["'2030-01-01'", "before the scan"]),
        (["--kind", "oncologist", "--results-due", "in a week"], ["scan or a blood test"]),
        (["--results-at", "nobody"], ["'nobody'"]),
    ],
)
def test_bad_results_values_are_one_line_exit_2_and_nothing_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], named: list[str]
) -> None:
    args = ["appointments", "add", "--when", WHEN]
    if "--kind" not in extra:
        args += ["--kind", "scan"]
    assert pacer(tmp_path, *args, *extra) == 2
    one_line_error(capsys, *named)
    assert stored(tmp_path) == []


def test_results_at_links_a_later_visit_by_its_short_id_and_none_unlinks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pacer(tmp_path, "appointments", "add", "--kind", "results",
                 "--when", "2030-01-10 11:00", "--where", "Clinic B") == 0
    (visit,) = stored(tmp_path)
    capsys.readouterr()
    assert pacer(tmp_path, "appointments", "add", "--kind", "scan", "--when", WHEN,
                 "--results-at", visit["id"][:8]) == 0
    out = capsys.readouterr().out
    assert "Results at the results visit at Clinic B, Thu 10 Jan 2030, 11:00" in out
    scan = next(r for r in stored(tmp_path) if r["kind"] == "scan")
    assert scan["results_appointment"] == visit["id"]
    assert pacer(tmp_path, "appointments") == 0
    assert "    Results at: Results visit at Clinic B, Thu 10 Jan 2030, 11:00" in (
        capsys.readouterr().out)
    assert pacer(tmp_path, "appointments", "edit", scan["id"][:8], "--results-at", "none") == 0
    scan = next(r for r in stored(tmp_path) if r["kind"] == "scan")
    assert scan["results_appointment"] is None


def test_edit_sets_and_clears_results_due_and_keeps_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pacer(tmp_path, "appointments", "add", "--kind", "blood-test", "--when", WHEN,
                 "--notes", "Fasting") == 0
    (record,) = stored(tmp_path)
    assert pacer(tmp_path, "appointments", "edit", record["id"], "--results-due", "tuesday") == 0
    (after,) = stored(tmp_path)
    assert after["results_due"] == "2030-01-08" and after["notes"] == "Fasting"
    assert pacer(tmp_path, "appointments", "edit", record["id"], "--results-due", "none") == 0
    (after,) = stored(tmp_path)
    assert after["results_due"] is None


def seed_past_scan(home: Path) -> dict:
    """A scan two days ago (the CLI refuses to add one in the past), waiting for results."""
    when = (datetime.now().astimezone() - timedelta(days=2)).replace(microsecond=0)
    record = {"id": "aaaabbbb-1111-4111-8111-111111111111", "kind": "scan",
              "when": when.isoformat(), "where": "City Hospital",
              "results_due": (when.date() + timedelta(days=7)).isoformat()}
    Services.open(Store(home)).appointments.save(record)
    return record


def test_results_came_ends_the_wait_and_can_be_taken_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scan = seed_past_scan(tmp_path)
    assert pacer(tmp_path, "appointments", "results-came", "aaaabbbb") == 0
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("Noted: the results of your scan at City Hospital came.")
    (record,) = stored(tmp_path)
    came = datetime.fromisoformat(record["results_came"])
    assert came.tzinfo is not None and abs(came - datetime.now().astimezone()) < timedelta(
        minutes=1)
    assert record["results_due"] == scan["results_due"]
    assert pacer(tmp_path, "appointments", "results-came", "aaaabbbb") == 0
    assert "already" in capsys.readouterr().out
    assert stored(tmp_path)[0]["results_came"] == record["results_came"]
    assert pacer(tmp_path, "appointments", "results-came", "aaaabbbb", "--undo") == 0
    assert "waiting again" in capsys.readouterr().out
    assert stored(tmp_path)[0]["results_came"] is None


def test_results_came_refuses_a_test_to_come_and_a_visit_without_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pacer(tmp_path, "appointments", "add", "--kind", "scan", "--when", WHEN) == 0
    assert pacer(tmp_path, "appointments", "add", "--kind", "oncologist",
                 "--when", "2030-01-05 10:00") == 0
    capsys.readouterr()
    scan, visit = stored(tmp_path)
    assert pacer(tmp_path, "appointments", "results-came", scan["id"]) == 2
    one_line_error(capsys, "not happened yet")
    assert pacer(tmp_path, "appointments", "results-came", visit["id"]) == 2
    one_line_error(capsys, "scan or a blood test")
    assert pacer(tmp_path, "appointments", "results-came", "zzz") == 2
    one_line_error(capsys, "'zzz'")
    assert all("results_came" not in r for r in stored(tmp_path))


# --- pacer pleasant ---------------------------------------------------------------------------


def test_pleasant_add_list_delete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pacer(tmp_path, "pleasant") == 0
    assert "pacer pleasant add" in capsys.readouterr().out
    assert pacer(tmp_path, "pleasant", "add", "a walk") == 0
    assert pacer(tmp_path, "pleasant", "add", "  call   Sam ") == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == "Added: call Sam. You have 2 pleasant things."
    assert pacer(tmp_path, "pleasant", "list") == 0
    assert capsys.readouterr().out.splitlines() == ["1. a walk", "2. call Sam"]
    assert pacer(tmp_path, "pleasant", "delete", "1") == 0
    assert capsys.readouterr().out == "Taken off: a walk.\n"
    settings = json.loads((tmp_path / "settings.json").read_text())
    assert settings["pleasant_things"] == ["call Sam"]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["delete", "5"], "'5'"),
        (["delete", "one"], "'one'"),
        (["add", "   "], "empty"),
        (["add", "x" * 201], "200"),
    ],
)
def test_pleasant_bad_input_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], named: str
) -> None:
    assert pacer(tmp_path, "pleasant", "add", "a walk") == 0
    capsys.readouterr()
    assert pacer(tmp_path, "pleasant", *args) == 2
    one_line_error(capsys, named)
    settings = json.loads((tmp_path / "settings.json").read_text())
    assert settings["pleasant_things"] == ["a walk"]


def test_pleasant_keeps_at_most_the_records_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pacer.domain.records import PLEASANT_LIMIT

    for number in range(PLEASANT_LIMIT):
        assert pacer(tmp_path, "pleasant", "add", f"thing {number}") == 0
    capsys.readouterr()
    assert pacer(tmp_path, "pleasant", "add", "one more") == 2
    one_line_error(capsys, f"{PLEASANT_LIMIT} pleasant things already")
