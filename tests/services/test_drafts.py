"""Drafts of the forms this part owns: an appointment's typed fields per target, and a whole
routine (its step, what was done, and the words typed), kept and found again."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from pacer.domain.routine import Routine, RoutineStep, routine_draft, routine_from_draft
from pacer.services import Services
from pacer.services.drafts import draft_fields
from pacer.store import Store

NOW = datetime(2025, 3, 12, 15, 30, tzinfo=timezone(timedelta(hours=1)))


def test_appointment_drafts_are_kept_per_target(tmp_path: Path) -> None:
    drafts = Services.open(Store(tmp_path / "d")).drafts
    drafts.keep("appointment", None, {"where": "Room 4"}, NOW)
    drafts.keep("appointment", "scan", {"notes": "Bring Sam"}, NOW)
    drafts.keep("appointment", None, {"where": "Room 5"}, NOW)  # replaces the first
    assert draft_fields(drafts.find("appointment", None)) == {"where": "Room 5"}
    assert draft_fields(drafts.find("appointment", "scan")) == {"notes": "Bring Sam"}
    drafts.drop("appointment", None)
    assert drafts.find("appointment", None) is None
    assert len(drafts.of_kind("appointment")) == 1


def test_a_routine_draft_comes_back_whole(tmp_path: Path) -> None:
    drafts = Services.open(Store(tmp_path / "d")).drafts
    routine = Routine(started=NOW, appointment_id="scan", checkin=7)
    routine.complete()
    routine.complete()
    routine.skip()  # breathing skipped: now at the reappraisal
    drafts.put(routine_draft(routine, {"f-rating": "4"}, NOW))
    found = drafts.find("routine", None)
    assert found is not None
    back, typed = routine_from_draft(found, NOW)
    assert back.id == routine.id and back.step is RoutineStep.REAPPRAISE
    assert (back.appointment_id, back.checkin) == ("scan", 7)
    assert back.done == [RoutineStep.APPOINTMENT, RoutineStep.CHECKIN]
    assert back.skipped == [RoutineStep.BREATHE]
    assert typed == {"f-rating": "4"}
