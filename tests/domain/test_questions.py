"""Question lists by kind of appointment, the top three first, and their checks on save."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pacer.domain import appointments
from pacer.domain.appointments import build_appointment, ordered_questions, top_questions
from pacer.domain.questions import GROUPS, group_for, suggested_questions
from pacer.domain.reappraisal import FieldError
from pacer.domain.records import APPOINTMENT_KINDS, TOP_QUESTIONS, Appointment, Rejected, check

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)

#: Words a person should not have to look up (the plain-words rule, reading age about 12).
JARGON = ("prognosis", "metasta", "oncolog", "efficacy", "modality", "adjuvant", "regimen",
          "contraindicat", "haematolog", "radiolog", "biopsy", "lesion", "malignan",
          "sequelae", "palliat" + "ion", "assessment", "utilise", "commence")
#: The six groups the issue names, each 6-10 questions; blood-test and other may be shorter.
MAIN_KINDS = ("scan", "results", "oncologist", "treatment", "new-symptom", "palliative")


def test_every_kind_has_its_group_in_the_kinds_order() -> None:
    assert tuple(GROUPS) == APPOINTMENT_KINDS
    for kind, group in GROUPS.items():
        assert group.kind == kind
        assert group.heading.startswith("Questions")


@pytest.mark.parametrize("kind", APPOINTMENT_KINDS)
def test_each_kind_has_six_to_ten_questions(kind: str) -> None:
    questions = GROUPS[kind].questions
    assert 6 <= len(questions) <= 10, (kind, len(questions))
    assert len(set(questions)) == len(questions), "no question twice in a group"


@pytest.mark.parametrize("kind", MAIN_KINDS)
def test_the_main_groups_are_not_the_short_ones(kind: str) -> None:
    assert len(GROUPS[kind].questions) >= 8


@pytest.mark.parametrize("kind", APPOINTMENT_KINDS)
def test_questions_are_plain_words(kind: str) -> None:
    for question in GROUPS[kind].questions:
        assert len(question) <= 110, question
        assert question.endswith("?"), question
        assert question[0].isupper(), question
        lowered = question.lower()
        assert not any(word in lowered for word in JARGON), question
        # Short sentences: no sentence of more than 16 words.
        for sentence in re.split(r"[?.:]\s*", question):
            assert len(sentence.split()) <= 16, question


@pytest.mark.parametrize("kind", APPOINTMENT_KINDS)
def test_each_group_names_its_sources(kind: str) -> None:
    source = GROUPS[kind].source
    assert any(name in source for name in ("Cancer.Net", "Macmillan", "Cancer Institute NSW"))


def test_the_brief_groups_say_what_the_brief_asks() -> None:
    """Content brief section 7's suggested groups, each in our own words."""
    joined = {kind: " ".join(GROUPS[kind].questions).lower() for kind in GROUPS}
    for words in ("why do i need this scan", "looking for", "contrast", "eating",
                  "how will i hear"):
        assert words in joined["scan"], words
    for words in ("what did the results show", "mean for me", "choices", "what happens next"):
        assert words in joined["results"], words
    for words in ("aim of this treatment", "side effects", "who do i call", "working"):
        assert words in joined["treatment"], words
    for words in ("the cancer or the treatment", "getting worse", "when should i call"):
        assert words in joined["new-symptom"], words
    for words in ("pain", "at home", "family"):
        assert words in joined["palliative"], words


def test_suggestions_leave_out_questions_already_written() -> None:
    first = GROUPS["scan"].questions[0]
    suggested = suggested_questions("scan", [f"  {first.upper()}  "])
    assert first not in suggested
    assert suggested == list(GROUPS["scan"].questions[1:])


def test_an_unknown_kind_gets_the_general_group() -> None:
    assert group_for("ward-round") is GROUPS["other"]
    assert suggested_questions("ward-round") == list(GROUPS["other"].questions)


def test_appointments_still_offers_suggested_questions() -> None:
    """Its callers (the form, the routine, calm --plain) import it from appointments."""
    assert appointments.suggested_questions is suggested_questions


# --- the top three -----------------------------------------------------------------------


QUESTIONS = ["One?", "Two?", "Three?", "Four?", "Five?"]


def test_ordered_questions_puts_the_top_ones_first_in_the_order_marked() -> None:
    appointment = {"questions": QUESTIONS, "top_questions": ["Four?", "Two?"]}
    assert ordered_questions(appointment) == ["Four?", "Two?", "One?", "Three?", "Five?"]


def test_build_saves_up_to_three_top_questions() -> None:
    record = build_appointment(
        {"kind": "scan", "when": "friday 9:30", "questions": "\n".join(QUESTIONS),
         "top_questions": ["Five?", "One?", "Three?"]},
        NOW, tz=PARIS,
    )
    assert record["top_questions"] == ["Five?", "One?", "Three?"]
    assert ordered_questions(record)[:3] == ["Five?", "One?", "Three?"]
    assert not isinstance(check(Appointment, record, "appointment"), Rejected)


def test_build_reads_top_questions_one_per_line_as_a_draft_keeps_them() -> None:
    assert top_questions("Two?\n One? \n", QUESTIONS) == ["Two?", "One?"]
    assert top_questions("", QUESTIONS) == []
    assert top_questions(None, QUESTIONS) == []
    assert top_questions(["Two?", "Two?"], QUESTIONS) == ["Two?"]


def test_build_refuses_a_fourth_top_question() -> None:
    with pytest.raises(FieldError, match="3 at most") as caught:
        build_appointment(
            {"kind": "scan", "when": "friday 9:30", "questions": QUESTIONS,
             "top_questions": QUESTIONS[:TOP_QUESTIONS + 1]},
            NOW, tz=PARIS,
        )
    assert caught.value.field == "top_questions"


def test_build_refuses_a_top_question_that_is_not_a_question() -> None:
    with pytest.raises(FieldError, match="'Six\\?' is marked") as caught:
        build_appointment(
            {"kind": "scan", "when": "friday 9:30", "questions": QUESTIONS,
             "top_questions": ["Six?"]},
            NOW, tz=PARIS,
        )
    assert caught.value.field == "top_questions"


def test_an_edit_without_top_questions_keeps_the_marks_still_on_the_list() -> None:
    old = build_appointment(
        {"kind": "scan", "when": "friday 9:30", "questions": QUESTIONS,
         "top_questions": ["Two?", "Four?"]},
        NOW, tz=PARIS,
    )
    kept = build_appointment({"kind": "scan", "when": "friday 9:30", "notes": "fasting",
                              "questions": QUESTIONS}, NOW, existing=old, tz=PARIS)
    assert kept["top_questions"] == ["Two?", "Four?"]
    fewer = build_appointment({"kind": "scan", "when": "friday 9:30",
                               "questions": ["One?", "Four?"]}, NOW, existing=old, tz=PARIS)
    assert fewer["top_questions"] == ["Four?"]


def test_an_edit_with_no_marks_clears_them() -> None:
    old = build_appointment(
        {"kind": "scan", "when": "friday 9:30", "questions": QUESTIONS,
         "top_questions": ["Two?"]},
        NOW, tz=PARIS,
    )
    cleared = build_appointment({"kind": "scan", "when": "friday 9:30", "questions": QUESTIONS,
                                 "top_questions": []}, NOW, existing=old, tz=PARIS)
    assert cleared["top_questions"] == []
