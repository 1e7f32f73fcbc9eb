"""`pacer goals`: add, list, change, archive and bring back finish lines from the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from pacer import cli


def pacer(home: Path, *args: str) -> int:
    """`pacer --data-dir HOME ARGS...` in this process; a usage error's exit code too."""
    try:
        return cli.main(["--data-dir", str(home), *args])
    except SystemExit as stop:  # argparse's own usage errors
        return int(stop.code or 0)


def stored(home: Path) -> list[dict]:
    path = home / "goals.json"
    return json.loads(path.read_text())["goals"] if path.exists() else []


def add(home: Path, capsys: pytest.CaptureFixture[str], title: str, *extra: str) -> dict:
    assert pacer(home, "goals", "add", title, *extra) == 0, capsys.readouterr().err
    capsys.readouterr()
    return next(goal for goal in stored(home) if goal["title"] == title)


def test_add_saves_title_next_step_and_check_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = pacer(tmp_path, "goals", "add", "Walk the coast path", "--next-step", "Buy boots",
                 "--check-in", "in 2 weeks")
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    (goal,) = stored(tmp_path)
    assert goal["title"] == "Walk the coast path" and goal["next_step"] == "Buy boots"
    assert goal["check_in"] == (date.today() + timedelta(days=14)).isoformat()
    assert goal["archived"] is False and goal["status"] == "moving"
    assert out == f"Added: Walk the coast path. Its id is {goal['id'][:8]}.\n"


def test_list_shows_short_ids_and_next_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = add(tmp_path, capsys, "Walk the coast path", "--next-step", "Buy boots")
    second = add(tmp_path, capsys, "Dance at the wedding")
    assert pacer(tmp_path, "goals") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{first['id'][:8]}  Walk the coast path (moving toward it)",
        "    Next small step: Buy boots",
        f"{second['id'][:8]}  Dance at the wedding (moving toward it)",
    ]


def test_edit_changes_only_the_given_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    goal = add(tmp_path, capsys, "Walk the coast path", "--next-step", "Buy boots")
    assert pacer(tmp_path, "goals", "edit", goal["id"][:8], "--title", "Walk to the lighthouse",
                 "--check-in", "tomorrow") == 0
    assert capsys.readouterr().out == "Saved: Walk to the lighthouse.\n"
    (after,) = stored(tmp_path)
    assert after["title"] == "Walk to the lighthouse" and after["next_step"] == "Buy boots"
    assert after["check_in"] == (date.today() + timedelta(days=1)).isoformat()
    assert after["created"] == goal["created"]
    assert pacer(tmp_path, "goals", "edit", goal["id"], "--next-step", "") == 0
    assert stored(tmp_path)[0]["next_step"] is None  # an empty value clears it


def test_archive_hides_it_all_shows_it_and_unarchive_brings_it_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    goal = add(tmp_path, capsys, "Walk the coast path")
    short = goal["id"][:8]
    assert pacer(tmp_path, "goals", "archive", short) == 0
    assert capsys.readouterr().out == (
        f"Archived: Walk the coast path. To bring it back: pacer goals unarchive {short}\n"
    )
    assert stored(tmp_path)[0]["archived"] is True
    assert pacer(tmp_path, "goals") == 0
    out = capsys.readouterr().out
    assert "Walk the coast path" not in out
    assert out == "No finish lines in use. 1 is archived; pacer goals --all shows it.\n"
    assert pacer(tmp_path, "goals", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert pacer(tmp_path, "goals", "--all") == 0
    assert capsys.readouterr().out == f"{short}  Walk the coast path (archived)\n"
    assert pacer(tmp_path, "goals", "--all", "--json") == 0
    assert [g["id"] for g in json.loads(capsys.readouterr().out)] == [goal["id"]]
    assert pacer(tmp_path, "goals", "unarchive", short) == 0
    assert capsys.readouterr().out == "Back in your list: Walk the coast path.\n"
    (after,) = stored(tmp_path)
    assert after["archived"] is False and "archived_at" not in after


def test_archive_twice_and_unarchive_of_one_in_use_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    goal = add(tmp_path, capsys, "See the sea")
    assert pacer(tmp_path, "goals", "unarchive", goal["id"]) == 0
    assert capsys.readouterr().out == "See the sea is not archived; nothing to do.\n"
    assert pacer(tmp_path, "goals", "archive", goal["id"]) == 0
    capsys.readouterr()
    assert pacer(tmp_path, "goals", "archive", goal["id"]) == 0
    assert capsys.readouterr().out == "See the sea is archived already; nothing to do.\n"


def test_delete_removes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    goal = add(tmp_path, capsys, "See the sea")
    add(tmp_path, capsys, "Dance at the wedding")
    assert pacer(tmp_path, "goals", "delete", goal["id"][:8]) == 0
    assert capsys.readouterr().out == "Deleted: See the sea.\n"
    assert [g["title"] for g in stored(tmp_path)] == ["Dance at the wedding"]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["add", ""], "title is empty"),
        (["add", "   "], "title is empty"),
        (["add", "x" * 201], "201 characters"),
        (["add", "See the sea", "--check-in", "someday"], "'someday'"),
        (["add", "See the sea", "--check-in", "2030-02-30"], "'2030-02-30'"),
        (["add"], "TITLE"),
        (["edit", "nosuchid", "--title", "x"], "'nosuchid'"),
        (["edit", "ID", "--title", ""], "title is empty"),
        (["edit", "ID", "--check-in", "someday"], "'someday'"),
        (["edit", "ID"], "nothing to change"),
        (["archive", "nosuchid"], "'nosuchid'"),
        (["unarchive", "nosuchid"], "'nosuchid'"),
        (["delete", "nosuchid"], "'nosuchid'"),
    ],
)
def test_bad_input_is_one_line_naming_it_and_exit_2_and_nothing_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], named: str
) -> None:
    goal = add(tmp_path, capsys, "Walk the coast path")
    before = (tmp_path / "goals.json").read_text()
    args = [goal["id"] if a == "ID" else a for a in args]
    assert pacer(tmp_path, "goals", *args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert named in lines[0] and "Traceback" not in err
    assert (tmp_path / "goals.json").read_text() == before


def test_titles_are_printed_harmless(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evil = "\u001b]0;TITLE\u0007\u001b[2J[b]x"
    assert pacer(tmp_path, "goals", "add", evil, "--next-step", evil) == 0
    assert pacer(tmp_path, "goals") == 0
    out = capsys.readouterr().out
    assert "\u001b" not in out and "\u0007" not in out
    assert "␛]0;TITLE␇␛[2J[b]x" in out
    assert stored(tmp_path)[0]["title"] == evil


@pytest.mark.parametrize(
    "odd",
    [
        {"next_step": {"a": 1}},
        {"next_step": ["one", "two"]},
        {"title": {"words": "Rome"}},
        {"title": 5, "next_step": 7.5},
        {"status": ["reached"], "archived": "yes", "check_in": {"y": 2025}},
    ],
)
def test_odd_values_are_reported_never_printed_as_python(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], odd: dict[str, object]
) -> None:
    """A hand-edited record is named on stderr (file, index, field) and left out of the list,
    with exit code 1 (something was skipped); the good one is listed; no Python repr of the odd
    value reaches the screen; the file is left as it was."""
    good = {"id": "g1", "title": "Knit a hat"}
    (tmp_path / "goals.json").write_text(json.dumps(
        {"schema": 1, "goals": [good, {"id": "g2", "title": "Visit Rome", **odd}]}))
    before = (tmp_path / "goals.json").read_text()
    assert pacer(tmp_path, "goals") == 1
    out, err = capsys.readouterr()
    assert "Knit a hat" in out and "Visit Rome" not in out
    assert "goals.json goals[1]" in err and "Traceback" not in err
    assert "{'" not in out + err and "['" not in out + err and "pacer: skipped" in err
    assert (tmp_path / "goals.json").read_text() == before


def test_no_finish_lines_says_how_to_add_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pacer(tmp_path, "goals") == 0
    assert capsys.readouterr().out == (
        'No finish lines yet. To add one, type: pacer goals add "a few words"\n'
    )
