"""`pacer appointments`: add, list, change and delete appointments from the command line.

For a person who cannot use the TUI (a screen reader, a slow link), everything the
appointments screen does must be one command away, with ids short enough to type.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from pacer import cli

WHEN = "2030-01-04 09:00"  # a Friday, far enough ahead to stay in the future


def pacer(home: Path, *args: str) -> int:
    """`pacer --data-dir HOME ARGS...` in this process; a usage error's exit code too."""
    try:
        return cli.main(["--data-dir", str(home), *args])
    except SystemExit as stop:  # argparse's own usage errors
        return int(stop.code or 0)


def stored(home: Path) -> list[dict]:
    path = home / "appointments.json"
    return json.loads(path.read_text())["appointments"] if path.exists() else []


def add_scan(home: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    code = pacer(home, "appointments", "add", "--kind", "scan", "--when", WHEN,
                 "--where", "City Hospital", "--question", "When will I hear?",
                 "--question", "Who do I call?", *extra)
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    (record,) = [r for r in stored(home) if r["where"] == "City Hospital"]
    return record


def short_id_of(home: Path, capsys: pytest.CaptureFixture[str], full: str) -> str:
    assert pacer(home, "appointments") == 0
    out = capsys.readouterr().out
    first = [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")]
    (short,) = [word for word in first if full.startswith(word)]
    return short


def test_add_saves_every_field_and_says_the_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = pacer(tmp_path, "appointments", "add", "--kind", "scan", "--when", WHEN,
                 "--where", "City Hospital", "--notes", "Bring the letter",
                 "--question", "When will I hear?", "--question", "Who do I call?")
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    (record,) = stored(tmp_path)
    assert record["kind"] == "scan" and record["where"] == "City Hospital"
    assert record["notes"] == "Bring the letter"
    assert record["questions"] == ["When will I hear?", "Who do I call?"]
    assert datetime.fromisoformat(record["when"]).replace(tzinfo=None) == datetime(2030, 1, 4, 9)
    assert datetime.fromisoformat(record["when"]).tzinfo is not None
    assert out.startswith("Added: Scan at City Hospital, Fri 4 Jan 2030, 9:00.")
    assert f"Its id is {record['id'][:8]}." in out


def test_kind_defaults_to_other_and_takes_everyday_spellings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pacer(tmp_path, "appointments", "add", "--when", WHEN) == 0
    assert pacer(tmp_path, "appointments", "add", "--when", WHEN, "--kind", "Blood test") == 0
    assert [r["kind"] for r in stored(tmp_path)] == ["other", "blood-test"]


def test_list_shows_short_ids_times_places_and_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = add_scan(tmp_path, capsys)
    assert pacer(tmp_path, "appointments", "add", "--kind", "oncologist",
                 "--when", "2030-01-02 14:30") == 0
    capsys.readouterr()
    assert pacer(tmp_path, "appointments") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("Oncologist, Wed 2 Jan 2030, 14:30.")  # soonest first
    short = lines[1].split()[0]
    assert record["id"].startswith(short) and len(short) <= 8
    assert lines[1] == f"{short}  Scan at City Hospital, Fri 4 Jan 2030, 9:00."
    assert lines[2:] == ["    Question 1: When will I hear?", "    Question 2: Who do I call?"]


def test_list_json_is_the_records_as_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = add_scan(tmp_path, capsys)
    assert pacer(tmp_path, "appointments", "--json") == 0
    assert json.loads(capsys.readouterr().out) == [record]


def test_no_appointments_says_how_to_add_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pacer(tmp_path, "appointments") == 0
    out = capsys.readouterr().out
    assert out.startswith("No appointments yet.") and "pacer appointments add" in out
    assert "`" not in out


def test_edit_by_short_id_changes_only_what_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = add_scan(tmp_path, capsys)
    path = tmp_path / "appointments.json"
    doc = json.loads(path.read_text())
    doc["appointments"][0]["my_own_field"] = "kept"  # a field this version does not know
    path.write_text(json.dumps(doc))
    short = short_id_of(tmp_path, capsys, record["id"])
    code = pacer(tmp_path, "appointments", "edit", short, "--where", "Ward 2",
                 "--question", "Can I drive after?")
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert out.startswith("Saved: Scan at Ward 2, Fri 4 Jan 2030, 9:00.")
    (after,) = stored(tmp_path)
    assert after["where"] == "Ward 2" and after["when"] == record["when"]
    assert after["questions"] == ["When will I hear?", "Who do I call?", "Can I drive after?"]
    assert after["my_own_field"] == "kept" and after["notes"] == record["notes"]


def test_edit_when_kind_and_clear_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = add_scan(tmp_path, capsys)
    assert pacer(tmp_path, "appointments", "edit", record["id"], "--when", "2030-02-01 10:15",
                 "--kind", "blood-test", "--clear-questions", "--question", "Fasting?") == 0
    (after,) = stored(tmp_path)
    assert datetime.fromisoformat(after["when"]).replace(tzinfo=None) == datetime(2030, 2, 1,
                                                                                  10, 15)
    assert after["kind"] == "blood-test" and after["questions"] == ["Fasting?"]


def test_delete_by_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = add_scan(tmp_path, capsys)
    keep = pacer(tmp_path, "appointments", "add", "--when", WHEN)
    assert keep == 0
    capsys.readouterr()
    assert pacer(tmp_path, "appointments", "delete", record["id"][:8]) == 0
    assert capsys.readouterr().out == "Deleted: Scan at City Hospital, Fri 4 Jan 2030, 9:00.\n"
    assert [r["kind"] for r in stored(tmp_path)] == ["other"]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["add", "--kind", "xray", "--when", WHEN], "'xray'"),
        (["add", "--kind", "scan", "--when", "someday"], "'someday'"),
        (["add", "--kind", "scan", "--when", "2001-01-05 09:00"], "'2001-01-05 09:00'"),
        (["add", "--kind", "scan", "--when", "2030-02-30 09:00"], "'2030-02-30 09:00'"),
        (["add", "--kind", "scan"], "--when"),
        (["add", "--when", WHEN, "--where", "x" * 10_001], "where"),
        (["edit", "nosuchid", "--where", "Ward 2"], "'nosuchid'"),
        (["edit", "ID", "--kind", "xray"], "'xray'"),
        (["edit", "ID", "--when", "someday"], "'someday'"),
        (["edit", "ID"], "nothing to change"),
        (["delete", "nosuchid"], "'nosuchid'"),
        (["delete", ""], "''"),
        (["delete"], "ID"),
    ],
)
def test_bad_input_is_one_line_naming_it_and_exit_2_and_nothing_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], named: str
) -> None:
    record = add_scan(tmp_path, capsys)
    before = (tmp_path / "appointments.json").read_text()
    args = [record["id"] if a == "ID" else a for a in args]
    assert pacer(tmp_path, "appointments", *args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert named in lines[0] and "Traceback" not in err
    assert (tmp_path / "appointments.json").read_text() == before


def test_a_prefix_two_ids_share_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "appointments.json").write_text(json.dumps({"schema": 1, "appointments": [
        {"id": "abc-1", "kind": "scan", "when": "2030-01-04T09:00:00+00:00"},
        {"id": "abc-2", "kind": "other", "when": "2030-01-05T09:00:00+00:00"},
    ]}))
    assert pacer(tmp_path, "appointments", "delete", "abc") == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "'abc'" in line and "2 appointments" in line
    assert pacer(tmp_path, "appointments", "delete", "abc-2") == 0
    assert [r["id"] for r in stored(tmp_path)] == ["abc-1"]


def test_data_is_printed_harmless(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = "\u001b]0;TITLE\u0007\u001b[2J[b]x"
    assert pacer(tmp_path, "appointments", "add", "--when", WHEN, "--where", evil,
                 "--question", evil) == 0
    assert pacer(tmp_path, "appointments") == 0
    out = capsys.readouterr().out
    assert "\u001b" not in out and "\u0007" not in out
    assert "␛]0;TITLE␇␛[2J[b]x" in out
    assert stored(tmp_path)[0]["where"] == evil  # kept as typed; only the printing is made safe


def test_a_record_that_does_not_fit_is_named_and_the_rest_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "appointments.json").write_text(json.dumps({"schema": 1, "appointments": [
        {"id": "bad", "kind": "scan", "when": "2030-01-04T09:00:00+00:00", "questions": 5},
        {"id": "good", "kind": "scan", "when": "2030-01-05T09:00:00+00:00"},
    ]}))
    assert pacer(tmp_path, "appointments") == 1
    out, err = capsys.readouterr()
    assert out.startswith("good  Scan, ")
    (line,) = err.strip().splitlines()
    assert "appointments[0]" in line and "'questions'" in line
    # It is never changed or dropped by a change to another record.
    assert pacer(tmp_path, "appointments", "edit", "good", "--where", "Ward 2") == 0
    assert stored(tmp_path)[0] == {"id": "bad", "kind": "scan",
                                   "when": "2030-01-04T09:00:00+00:00", "questions": 5}


def test_the_calm_routine_takes_a_short_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    record = add_scan(tmp_path, capsys)
    lines = iter(["5", "n"])

    def typed(prompt: str = "") -> str:
        print(prompt, end="")
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", typed)
    assert pacer(tmp_path, "calm", "--plain", "--appointment", record["id"][:6]) == 0
    out = capsys.readouterr().out
    assert "Which appointment" not in out and "not found" not in out
    (routine,) = [json.loads(line) for line in (tmp_path / "journal.jsonl").read_text()
                  .splitlines()]
    assert routine["appointment_id"] == record["id"]


def test_a_damaged_file_is_said_and_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "appointments.json"
    path.write_text('{"schema": 1, "appointments": [')
    for args in (["delete", "abc"], ["edit", "abc", "--where", "Ward 2"]):
        assert pacer(tmp_path, "appointments", *args) == 1
        out, err = capsys.readouterr()
        assert out == "" and len(err.strip().splitlines()) == 1, err
        assert "appointments.json" in err and "Traceback" not in err
    assert pacer(tmp_path, "appointments") == 1
    assert "No appointments yet" not in capsys.readouterr().out
    assert path.read_text() == '{"schema": 1, "appointments": ['


# --- the top three (--top N) ---------------------------------------------------------------


def test_add_with_top_questions_lists_them_first_with_a_marker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = pacer(tmp_path, "appointments", "add", "--kind", "scan", "--when", WHEN,
                 "--question", "One?", "--question", "Two?", "--question", "Three?",
                 "--top", "3", "--top", "1")
    assert code == 0, capsys.readouterr().err
    [record] = stored(tmp_path)
    assert record["questions"] == ["One?", "Two?", "Three?"]
    assert record["top_questions"] == ["Three?", "One?"]
    capsys.readouterr()
    assert pacer(tmp_path, "appointments") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == ["    Question 1 (top): Three?", "    Question 2 (top): One?",
                         "    Question 3: Two?"]


def test_edit_top_numbers_are_those_the_list_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = add_scan(tmp_path, capsys, "--top", "2")  # "Who do I call?" is listed first
    assert record["top_questions"] == ["Who do I call?"]
    # Listed now: 1 Who do I call? (top), 2 When will I hear?; a new one is 3.
    assert pacer(tmp_path, "appointments", "edit", record["id"][:8],
                 "--question", "Can I drive after?", "--top", "2", "--top", "3") == 0
    [after] = stored(tmp_path)
    assert after["top_questions"] == ["When will I hear?", "Can I drive after?"]
    assert pacer(tmp_path, "appointments", "edit", record["id"][:8], "--notes", "Fasting") == 0
    assert stored(tmp_path)[0]["top_questions"] == after["top_questions"]  # kept
    assert pacer(tmp_path, "appointments", "edit", record["id"][:8], "--clear-top") == 0
    assert stored(tmp_path)[0]["top_questions"] == []


@pytest.mark.parametrize(
    ("tops", "named"),
    [
        (["3"], "'3'"),
        (["0"], "'0'"),
        (["x"], "'x'"),
    ],
)
def test_a_top_number_that_fits_no_question_is_one_line_exit_2(
    tops: list[str], named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a for t in tops for a in ("--top", t)]
    assert pacer(tmp_path, "appointments", "add", "--kind", "scan", "--when", WHEN,
                 "--question", "One?", "--question", "Two?", *args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and named in err[0], err
    assert stored(tmp_path) == []


def test_a_fourth_top_question_is_refused_calmly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = [a for q in ("A?", "B?", "C?", "D?") for a in ("--question", q)]
    tops = [a for n in "1234" for a in ("--top", n)]
    assert pacer(tmp_path, "appointments", "add", "--kind", "scan", "--when", WHEN,
                 *questions, *tops) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["pacer: error: 4 questions are marked as top ones; 3 at most"]
    assert stored(tmp_path) == []
