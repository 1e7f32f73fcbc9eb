"""The plain modes' words, as a screen reader speaks them.

Why a test of wording: "Breathe in 4s" is read as "four s", a backtick as "grave", an arrow as
"right arrow". The plain modes are for people who listen to them, so the lines say the words.
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pacer import cli
from pacer.calm_plain import run_calm_plain
from pacer.clock import FakeClock
from pacer.domain.patterns import BUILTIN, resolve
from pacer.domain.session import Session
from pacer.domain.timeline import Timeline
from pacer.plain import phase_line, rhythm_words, run_plain, spoken_length, summary
from pacer.services import Services
from pacer.store import Store
from tests.cli.test_calm_plain import keyboard

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=TZ)
#: What a screen reader reads aloud as a symbol instead of a word.
SYMBOLS = ("`", "→", "->", "•", "·", "✓", "(y/n)", "  - ")


def phases_of(pattern: str) -> list[str]:
    clock = FakeClock()
    session = Session(Timeline.for_minutes(resolve(pattern), 0.5), clock)
    out = io.StringIO()
    run_plain(session, out, clock.set)
    return out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        ("4-7-8", ["Breathe in, 4 seconds", "Hold, 7 seconds", "Breathe out, 8 seconds"]),
        ("1-0-0.5", ["Breathe in, 1 second", "Breathe out, 0.5 seconds"]),
        ("cyclic-sigh", ["Breathe in, 2 seconds", "Breathe in (top up), 1 second",
                         "Breathe out, 6 seconds"]),
    ],
)
def test_each_phase_line_says_seconds_in_words(pattern: str, first: list[str]) -> None:
    assert phases_of(pattern)[: len(first)] == first


def test_phase_line_of_a_ramp_rounds_to_a_tenth() -> None:
    timeline = Timeline.for_minutes(BUILTIN["resonance"], 1)
    start = next(iter(timeline.phase_starts()))
    assert phase_line(start) == "Breathe in, 4 seconds"


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("resonance", "in for 4 seconds, out for 6 seconds"),
        ("box", "in for 4 seconds, hold for 4 seconds, out for 4 seconds, hold for 4 seconds"),
        ("cyclic-sigh", "in for 2 seconds, top up for 1 second, out for 6 seconds"),
    ],
)
def test_rhythm_in_words(key: str, words: str) -> None:
    assert rhythm_words(BUILTIN[key]) == words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0, "0 seconds"), (1, "1 second"), (57.9, "57 seconds"), (60, "1 minute"),
     (65, "1 minute 5 seconds"), (181, "3 minutes 1 second"), (3600, "60 minutes")],
)
def test_spoken_length(seconds: float, words: str) -> None:
    assert spoken_length(seconds) == words


def test_summary_says_the_session_is_over_in_words() -> None:
    clock = FakeClock()
    session = Session(Timeline.for_minutes(BUILTIN["4-7-8"], 1), clock)
    run_plain(session, io.StringIO(), clock.set)
    assert summary(session) == (
        "The session is over. Well done: 3 breaths in 57 seconds of 4-7-8 relaxing breath."
    )


class Keyboard(io.StringIO):
    """A terminal's stdin for `input()`: typed lines, and it says it is a terminal."""

    def isatty(self) -> bool:
        return True


def breathe_plain(
    tmp_path: Path, typed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, list[dict]]:
    clock = FakeClock()
    monkeypatch.setattr(cli, "MonotonicClock", lambda: clock)
    monkeypatch.setattr(cli, "sleep_until", lambda clock, deadline: clock.set(deadline))
    monkeypatch.setattr("sys.stdin", Keyboard(typed))
    code = cli.main(["--data-dir", str(tmp_path), "breathe", "--plain", "--no-sound",
                     "--pattern", "resonance", "--minutes", "0.5"])
    out = capsys.readouterr().out
    log = tmp_path / "sessions.jsonl"
    records = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return code, out, records


def test_breathe_plain_asks_before_and_after_and_saves_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, records = breathe_plain(tmp_path, "7\n3\n", monkeypatch, capsys)
    assert code == 0
    (record,) = records
    assert (record["before"], record["after"]) == (7, 3)
    before = out.index("Before you start: how stressed are you, from 0 to 10?")
    first_cue = out.index("Breathe in, 4 seconds")
    over = out.index("The session is over.")
    after = out.index("How stressed are you now, from 0 to 10?")
    assert before < first_cue < over < after
    assert out.rstrip().endswith("Saved.")
    assert out.startswith("Slow, long exhale: in for 4 seconds, out for 6 seconds. 0.5 minutes.")
    for symbol in SYMBOLS:
        assert symbol not in out


def test_breathe_plain_enter_skips_the_ratings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, records = breathe_plain(tmp_path, "\n\n", monkeypatch, capsys)
    assert code == 0
    (record,) = records
    assert record["before"] is None and record["after"] is None
    assert out.count("Press Enter to skip.") == 2  # each question says how, minutes apart


def test_breathe_plain_asks_a_bad_rating_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, records = breathe_plain(tmp_path, "eleven\n5\n\n", monkeypatch, capsys)
    assert code == 0 and "'eleven' is not a stress rating" in out
    assert records[0]["before"] == 5 and records[0]["after"] is None


def test_breathe_plain_ctrl_d_at_the_first_question_skips_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, records = breathe_plain(tmp_path, "", monkeypatch, capsys)
    assert code == 0
    assert records[0]["before"] is None and records[0]["completed"] is True


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path)
    store.update_document("appointments.json", lambda doc: {**doc, "appointments": [
        {"id": "scan-1", "kind": "scan", "when": "2026-12-03T09:30:00+01:00",
         "where": "City Hospital", "notes": "", "questions": ["When will I hear?"]},
    ]})
    return store


def calm(store: Store, *lines: str) -> tuple[dict | None, str]:
    clock = FakeClock()
    out = io.StringIO()
    saved = run_calm_plain(Services.open(store), keyboard(*lines), out, clock,
                           wall_clock=lambda: NOW, wait=clock.set)
    return saved, out.getvalue()


WHOLE = (
    "1", "7", "y",               # the scan, check-in, start the breathing
    "n", "y", "n", "n",          # N U T S
    "", "", "",                  # U prompts
    "Hard to wait", "Write my questions",
    "",                          # no new question
    "4",                         # check-out
)


def test_calm_plain_says_how_to_skip_once_and_uses_no_symbols(store: Store) -> None:
    saved, out = calm(store, *WHOLE)
    assert saved is not None and saved["finished"] is True
    assert out.count("Enter") == 1, out  # said once, at the start
    assert "type s" not in out and "skips" not in out
    for symbol in SYMBOLS:
        assert symbol not in out, symbol
    assert "Breathe in, 3 seconds" in out
    assert "Stress went from 7 to 4." in out
    assert "1. When will I hear?" in out  # a numbered list, not dashes


def test_calm_plain_says_the_breathing_is_over_before_the_next_question(store: Store) -> None:
    _saved, out = calm(store, *WHOLE)
    assert out.index("The session is over.") < out.index("N, New")


@pytest.mark.parametrize("answer", ["maybe", "yess", "0", "later"])
def test_a_yes_or_no_question_asks_again_on_anything_else(store: Store, answer: str) -> None:
    saved, out = calm(store, "", "", "", answer, "yes")  # N is asked twice, then Ctrl+D
    assert f"'{answer}' is not yes or no; please type y or n." in out
    assert out.count("N, New") == 2
    assert saved is not None
    entry = store.read_log("journal.jsonl")[0]
    assert entry["kind"] == "reappraisal" and entry["nuts"]["novel"] is True


def test_the_breathing_step_asks_again_on_an_unclear_answer(store: Store) -> None:
    saved, out = calm(store, "", "5", "maybe", "n")
    assert "'maybe' is not yes or no" in out
    assert out.count("Start the breathing now?") == 2
    assert store.sessions() == []
    assert saved is not None and "breathe" in saved["steps_skipped"]


@pytest.mark.parametrize(("typed", "started"), [("y", True), ("YES", True), ("n", False),
                                                ("", False), ("No", False)])
def test_the_breathing_step_starts_on_yes_and_skips_on_no_or_enter(
    store: Store, typed: str, started: bool
) -> None:
    calm(store, "", "", typed)
    assert bool(store.sessions()) is started


def every_help_text() -> dict[str, str]:
    """`pacer --help` and the help of every command, as printed."""
    import argparse

    parser = cli.build_parser()
    texts = {"pacer": parser.format_help()}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                texts[name] = sub.format_help()
    return texts


def test_no_help_text_has_a_backtick() -> None:
    for name, text in every_help_text().items():
        assert "`" not in text, name


def test_history_with_no_sessions_says_so_without_symbols(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(tmp_path), "history"]) == 0
    assert capsys.readouterr().out == "No sessions yet. To start one, type: pacer breathe\n"


@pytest.mark.parametrize(
    ("ratings", "words"),
    [(["--before", "7", "--after", "4"], "stress 7 to 4"), (["--before", "7"], "stress before 7"),
     (["--after", "2"], "stress after 2"), ([], "stress not rated")],
)
def test_history_says_stress_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ratings: list[str], words: str
) -> None:
    base = ["--data-dir", str(tmp_path)]
    assert cli.main([*base, "log", "--pattern", "box", "--minutes", "3", *ratings]) == 0
    capsys.readouterr()
    assert cli.main([*base, "history"]) == 0
    (row,) = capsys.readouterr().out.splitlines()
    assert f"  {words}  " in row and "->" not in row
