"""`pacer calm --plain`: the routine as text, with a fake keyboard and a fake clock."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pacer.calm_plain import run_calm_plain
from pacer.clock import FakeClock
from pacer.domain.questions import GROUPS
from pacer.services import Services
from pacer.store import Store

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=TZ)


def keyboard(*lines: str) -> Callable[[], str]:
    """Answers one line at a time, then end of input (Ctrl+D)."""
    queue = list(lines)

    def read() -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    return read


def run(store: Store, *lines: str, **kwargs: object) -> tuple[dict | None, str, FakeClock]:
    clock = FakeClock()
    out = io.StringIO()
    saved = run_calm_plain(
        Services.open(store), keyboard(*lines), out, clock,
        wall_clock=lambda: NOW, wait=clock.set, **kwargs,  # type: ignore[arg-type]
    )
    return saved, out.getvalue(), clock


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path)
    store.update_document("appointments.json", lambda doc: {**doc, "appointments": [
        {"id": "scan-1", "kind": "scan", "when": "2026-12-03T09:30:00+01:00",
         "where": "City Hospital", "notes": "", "questions": ["When will I hear?"]},
        {"id": "old", "kind": "blood-test", "when": "2026-11-01T09:30:00+01:00",
         "where": "", "notes": "", "questions": []},
    ]})
    store.update_document("goals.json", lambda doc: {**doc, "goals": [
        {"id": "g1", "title": "Walk the coast path in May"}]})
    return store


def test_whole_routine_saves_session_entry_and_one_linked_record(store: Store) -> None:
    saved, out, _ = run(
        store,
        "1",        # the scan
        "7",        # check-in
        "y",        # yes, start the breathing
        "n", "y", "n", "y",  # U and S
        "Whether it has grown", "", "",     # U prompts
        "", "Call Sam", "Ask about the next treatment",  # S prompts
        "Hard to wait, and I have a plan", "Write my questions",
        "Can I get results by phone?", "",  # one new question, then done
        "4",        # check-out
    )
    assert saved is not None
    sessions = store.sessions()
    journal = store.read_log("journal.jsonl")
    assert len(sessions) == 1 and len(journal) == 2
    session, (entry, routine) = sessions[0], journal
    assert session["pattern"] == "extended-exhale" and session["source"] == "plain"
    assert session["completed"] is True and session["before"] == 7
    assert session["planned_seconds"] == pytest.approx(180, abs=10)
    assert entry["kind"] == "reappraisal" and entry["mode"] == "short"
    assert entry["appointment_id"] == "scan-1" and entry["stress_before"] == 7
    assert entry["about_when"] == "2026-12-03T09:30:00+01:00"  # a date, shown relative later
    assert entry["nuts"]["unpredictable"] and entry["nuts"]["control"]
    assert entry["answers"]["control"][0]["answer"] == "Call Sam"
    assert entry["balanced"] == "Hard to wait, and I have a plan"
    assert routine["kind"] == "routine"
    assert routine["about_when"] == "2026-12-03T09:30:00+01:00"
    assert routine["session_id"] == session["id"] and routine["journal_id"] == entry["id"]
    assert (routine["checkin"], routine["checkout"]) == (7, 4)
    assert routine["appointment_id"] == "scan-1"
    assert routine["finished"] is True and routine["steps_skipped"] == []
    assert routine["questions_added"] == ["Can I get results by phone?"]
    questions = store.read_document("appointments.json")["appointments"][0]["questions"]
    assert questions == ["When will I hear?", "Can I get results by phone?"]
    # what was said
    assert "1. Scan at City Hospital, Thursday, in 3 days" in out
    assert "Blood test" not in out  # past appointments are not offered
    assert "Breathe in, 3 seconds" in out and "Breathe out, 7 seconds" in out  # per phase
    assert "When will I hear?" in out
    assert "Walk the coast path in May" in out
    assert "Stress went from 7 to 4." in out
    assert "contact your care team now" in out  # the safety line comes first


def test_enter_skips_every_step(store: Store) -> None:
    saved, _out, clock = run(store, "", "", "", "", "", "", "", "", "", "", "")
    assert clock.now() == 1000.0  # the breathing never started
    assert store.sessions() == []
    assert saved is not None and store.read_log("journal.jsonl") == [saved]  # no reappraisal
    assert saved["steps_skipped"] == ["appointment", "checkin", "breathe", "reappraise",
                                      "checkout"]
    assert saved["steps_done"] == ["questions", "finish_line"]  # read, not typed
    assert saved["finished"] is True


def test_leaving_at_once_saves_nothing(store: Store) -> None:
    saved, out, _ = run(store)
    assert saved is None and store.read_log("journal.jsonl") == []
    assert "Nothing to save" in out


def test_bad_ratings_and_choices_are_named_and_asked_again(store: Store) -> None:
    saved, out, _ = run(store, "9", "1", "eleven", "11", "6", "n")
    assert "'9' is not on the list" in out
    assert "'eleven' is not a stress rating" in out
    assert "'11' is outside 0-10" in out
    assert saved is not None and saved["checkin"] == 6
    assert saved["left_at"] == "reappraise"  # Ctrl+D after skipping the breathing
    assert saved["steps_done"] == ["appointment", "checkin"]
    assert saved["steps_skipped"] == ["breathe"]


def test_ctrl_d_mid_reappraisal_keeps_the_words(store: Store) -> None:
    saved, _, _ = run(store, "", "5", "n", "y", "n", "n", "n", "The new machine")
    journal = store.read_log("journal.jsonl")
    entry = journal[0]
    assert entry["complete"] is False and entry["nuts"]["novel"] is True
    assert entry["answers"]["novel"][0]["answer"] == "The new machine"
    assert saved is not None and saved["journal_id"] == entry["id"]
    assert "reappraise" in saved["steps_done"] and saved["left_at"] == "reappraise"


def test_no_appointments_means_no_question_and_general_questions(tmp_path: Path) -> None:
    saved, out, _ = run(Store(tmp_path), "3", "n", "", "", "", "", "", "", "2")
    assert "Which appointment" not in out
    assert GROUPS["other"].questions[0] in out
    assert saved is not None and saved["appointment_id"] is None
    assert "appointment" in saved["steps_skipped"]


def test_appointment_chosen_in_advance(store: Store) -> None:
    saved, out, _ = run(store, "5", "n", appointment_id="scan-1")
    assert "Which appointment" not in out
    assert saved is not None and saved["appointment_id"] == "scan-1"
    assert saved["steps_done"] == ["appointment", "checkin"]


def test_routine_settings_choose_the_pattern(store: Store) -> None:
    store.save_settings({"routine_pattern": "resonance", "routine_minutes": 1})
    run(store, "", "", "y")
    session = store.sessions()[0]
    assert session["pattern"] == "resonance" and session["planned_seconds"] == 60


def test_store_failure_is_said_politely_and_not_claimed_saved(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pacer.store import StoreError

    def broken(name: str, record: dict) -> dict:
        raise StoreError("Could not save journal.jsonl: No space left on device")

    monkeypatch.setattr(store, "append", broken)
    saved, out, _ = run(store, "", "5", "n")
    assert saved is None
    assert "Pacer could not save this routine: Could not save journal.jsonl" in out
    assert "Saved." not in out
