"""The reappraisal step machine, its journal entry, and drafts that restore exactly."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.domain.drafts import (
    draft_words,
    from_draft,
    latest_draft,
    to_draft,
)
from pacer.domain.errors import InputError
from pacer.domain.reappraisal import (
    INGREDIENTS,
    STEP_TEXT,
    FieldError,
    ReappraisalFlow,
    Step,
    entry_matches,
    entry_stress,
    newest_first,
)

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=timezone(timedelta(hours=1)))


def walk_to(flow: ReappraisalFlow, step: Step) -> None:
    while flow.step is not step:
        flow.next()


def filled() -> ReappraisalFlow:
    flow = ReappraisalFlow()
    flow.set("situation", "Scan results on Thursday")
    flow.set("stress_before", "7")
    return flow


def test_full_path_without_ticks_is_five_steps() -> None:
    flow = filled()
    assert flow.steps() == (
        Step.SITUATION, Step.SPRINT, Step.NUTS, Step.BALANCED, Step.CLOSE,
    )


@pytest.mark.parametrize(
    ("ticks", "prompt_steps"),
    [
        (["control"], (Step.CONTROL,)),
        (["threat", "novel"], (Step.NOVEL, Step.THREAT)),  # always in N, U, T, S order
        (["novel", "unpredictable", "threat", "control"],
         (Step.NOVEL, Step.UNPREDICTABLE, Step.THREAT, Step.CONTROL)),
    ],
)
def test_each_tick_adds_its_own_prompt_step(ticks: list[str], prompt_steps: tuple) -> None:
    flow = filled()
    flow.set("nuts", ticks)
    assert flow.steps() == (Step.SITUATION, Step.SPRINT, Step.NUTS, *prompt_steps,
                            Step.BALANCED, Step.CLOSE)


def test_short_mode_is_nuts_prompts_and_balanced_only() -> None:
    flow = ReappraisalFlow.short("My scan", stress_before=6, appointment_id="a1")
    assert flow.step is Step.NUTS
    flow.tick("unpredictable", True)
    assert flow.steps() == (Step.NUTS, Step.UNPREDICTABLE, Step.BALANCED)


def test_walk_the_whole_flow_and_get_the_entry() -> None:
    flow = filled()
    flow.started = "2026-11-30T09:55:00+01:00"
    assert flow.next() is Step.SPRINT
    assert flow.next() is Step.NUTS  # "no" is the default: marathon pace
    flow.tick("unpredictable", True)
    flow.tick("control", True)
    assert flow.next() is Step.UNPREDICTABLE
    flow.set("unpredictable_0", "Whether it has grown")
    assert flow.next() is Step.CONTROL
    flow.set("control_2", "Call Anna, then the nurse line")
    assert flow.next() is Step.BALANCED
    flow.set("balanced", "I can't know yet, and I have a plan either way.")
    flow.set("next_step", "Write my questions")
    assert flow.next() is Step.CLOSE
    flow.set("stress_after", " 4 ")
    assert flow.next() is None
    assert flow.done
    entry = flow.to_entry(NOW)
    assert entry["kind"] == "reappraisal"
    assert entry["id"] == flow.id
    assert entry["stress_before"] == 7 and entry["stress_after"] == 4
    assert entry["situation"] == "Scan results on Thursday"
    assert entry["nuts"] == {"novel": False, "unpredictable": True, "threat": False,
                             "control": True}
    assert entry["answers"] == {
        "unpredictable": [{"prompt": INGREDIENTS[1].prompts[0],
                           "answer": "Whether it has grown"}],
        "control": [{"prompt": INGREDIENTS[3].prompts[2],
                     "answer": "Call Anna, then the nurse line"}],
    }
    assert entry["balanced"].startswith("I can't know yet")
    assert entry["next_step"] == "Write my questions"
    assert entry["sprint"] is False and entry["action"] is None
    assert entry["created"] == "2026-11-30T10:00:00+01:00"
    assert entry["started"] == "2026-11-30T09:55:00+01:00"
    assert entry["path"] == "full" and entry["complete"] is True


def test_sprint_branch_can_end_at_the_action() -> None:
    flow = filled()
    flow.next()
    flow.set("sprint", "yes")
    assert [f.key for f in flow.fields()] == ["sprint", "action", "contact"]
    with pytest.raises(FieldError) as error:
        flow.finish_sprint()
    assert error.value.field == "action"
    flow.set("action", "Call about the new cough")
    flow.set("contact", "Oncology nurse line")
    flow.finish_sprint()
    entry = flow.to_entry(NOW)
    assert entry["path"] == "sprint"
    assert entry["action"] == "Call about the new cough"
    assert entry["contact"] == "Oncology nurse line"
    assert entry["stress_after"] is None and entry["balanced"] is None


def test_sprint_action_is_dropped_from_the_entry_after_choosing_no_again() -> None:
    flow = filled()
    flow.next()
    flow.set("sprint", "yes")
    flow.set("action", "Call")
    flow.set("sprint", "no")
    assert [f.key for f in flow.fields()] == ["sprint"]
    flow.next()  # the action is not required any more
    assert flow.answers["action"] == "Call"  # ...but the words are kept in the draft
    walk_to_end(flow)
    assert flow.to_entry(NOW)["action"] is None


def walk_to_end(flow: ReappraisalFlow) -> None:
    flow.set("balanced", "ok")
    flow.set("stress_after", "3")
    while flow.next() is not None:
        pass


def test_finish_sprint_needs_yes() -> None:
    flow = filled()
    flow.next()
    with pytest.raises(InputError):
        flow.finish_sprint()


def test_back_keeps_every_answer_and_stops_at_the_first_step() -> None:
    flow = filled()
    flow.next()
    flow.next()
    flow.tick("threat", True)
    flow.next()
    flow.set("threat_1", "You are doing your best")
    assert flow.back() is Step.NUTS
    assert flow.back() is Step.SPRINT
    assert flow.back() is Step.SITUATION
    assert flow.back() is Step.SITUATION
    assert flow.answers["threat_1"] == "You are doing your best"


def test_unticking_removes_the_prompt_step_but_not_its_words() -> None:
    flow = filled()
    flow.tick("novel", True)
    flow.set("novel_0", "The new drug")
    flow.tick("novel", False)
    assert Step.NOVEL not in flow.steps()
    assert flow.answers["novel_0"] == "The new drug"


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("situation", "", "What is on your mind"),
        ("situation", "   \n ", "What is on your mind"),
        ("stress_before", "", "0 to 10"),
        ("stress_before", "11", "'11'"),
        ("stress_before", "-1", "'-1'"),
        ("stress_before", "seven", "'seven'"),
        ("stress_before", "4.5", "'4.5'"),
    ],
)
def test_bad_first_step_names_field_and_value_and_does_not_move(
    key: str, value: str, named: str
) -> None:
    flow = filled()
    flow.set(key, value)
    with pytest.raises(FieldError) as error:
        flow.next()
    assert error.value.field == key
    assert named in str(error.value)
    assert flow.step is Step.SITUATION
    assert flow.answers[key] == value  # nothing typed is lost


def test_balanced_view_and_closing_rating_are_required() -> None:
    flow = filled()
    walk_to(flow, Step.BALANCED)
    with pytest.raises(FieldError) as error:
        flow.next()
    assert error.value.field == "balanced"
    flow.set("balanced", "It is hard and I have help")
    flow.next()
    flow.set("stress_after", "12")
    with pytest.raises(FieldError, match="'12'"):
        flow.next()
    assert not flow.done


def test_prompt_steps_are_optional() -> None:
    flow = filled()
    flow.set("nuts", ["novel"])
    walk_to(flow, Step.NOVEL)
    assert flow.next() is Step.BALANCED


def test_to_entry_refuses_unfinished_flow_unless_partial() -> None:
    flow = filled()
    flow.set("stress_before", "99")
    with pytest.raises(InputError):
        flow.to_entry(NOW)
    entry = flow.to_entry(NOW, partial=True)
    assert entry["complete"] is False and entry["stress_before"] is None
    assert entry["situation"] == "Scan results on Thursday"


def test_set_rejects_unknown_ticks_and_choices() -> None:
    flow = ReappraisalFlow()
    with pytest.raises(InputError, match="'x'"):
        flow.set("nuts", ["x"])
    with pytest.raises(InputError, match="'maybe'"):
        flow.set("sprint", "maybe")


def test_every_prompt_and_explanation_fits_an_80_column_screen() -> None:
    for ingredient in INGREDIENTS:
        assert len(ingredient.line) <= 72
        for prompt in ingredient.prompts:
            assert len(prompt) <= 76, prompt
    for text in STEP_TEXT.values():
        assert len(text.title) <= 40


def test_no_prompt_calls_the_fear_unreal() -> None:
    words = " ".join(
        [*(p for i in INGREDIENTS for p in i.prompts), *(t.intro for t in STEP_TEXT.values())]
    ).lower()
    for bad in ("irrational", "not real", "just in your head", "stay positive", "fight", "battle"):
        assert bad not in words


def test_entry_search_and_stress_text() -> None:
    entry = filled()
    walk_to_end(entry)
    record = entry.to_entry(NOW)
    assert entry_matches(record, "scan THURSDAY")
    assert not entry_matches(record, "scan friday")
    assert entry_matches(record, "")
    assert entry_stress(record) == "7 → 3"
    assert entry_stress({"checkin": 5}) == "5 → –"
    assert entry_stress({}) == ""


def test_newest_first_sinks_unreadable_times() -> None:
    entries = [{"created": "2026-01-01T00:00:00+00:00"}, {"created": "bad"},
               {"created": "2026-02-01T00:00:00+00:00"}]
    assert [e["created"] for e in newest_first(entries)] == [
        "2026-02-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00", "bad"]


# --- drafts ---------------------------------------------------------------------------------


def test_draft_round_trip_restores_step_words_and_id() -> None:
    flow = filled()
    flow.started = "2026-11-30T09:00:00+01:00"
    flow.next()
    flow.next()
    flow.tick("threat", True)
    flow.next()
    flow.set("threat_0", "Like I am failing my family")
    draft = to_draft(flow, NOW)
    assert draft["kind"] == "reappraisal" and draft["step"] == "threat"
    assert draft["updated"] == "2026-11-30T10:00:00+01:00"
    back = from_draft(draft)
    assert back.id == flow.id
    assert back.step is Step.THREAT
    assert back.answers == flow.answers
    assert back.started == flow.started
    flow.set("threat_0", "changed later")
    assert draft["answers"]["threat_0"] == "Like I am failing my family"  # a real copy


answer_text = st.text(min_size=0, max_size=40)


@given(
    situation=answer_text,
    stress=answer_text,
    ticks=st.lists(st.sampled_from([i.key for i in INGREDIENTS]), unique=True),
    prompts=st.dictionaries(
        st.sampled_from([i.prompt_key(n) for i in INGREDIENTS for n in range(3)]), answer_text
    ),
    sprint=st.sampled_from(["yes", "no"]),
    mode=st.sampled_from(["full", "short"]),
    data=st.data(),
)
def test_any_flow_survives_a_draft_round_trip(
    situation: str, stress: str, ticks: list[str], prompts: dict[str, str], sprint: str,
    mode: str, data: st.DataObject,
) -> None:
    flow = ReappraisalFlow(mode=mode)  # type: ignore[arg-type]
    flow.set("situation", situation)
    flow.set("stress_before", stress)
    flow.set("sprint", sprint)
    flow.set("nuts", ticks)
    for key, value in prompts.items():
        flow.set(key, value)
    flow.step = data.draw(st.sampled_from(flow.steps()))
    back = from_draft(to_draft(flow, NOW))
    assert (back.step, back.answers, back.id, back.mode) == (
        flow.step, flow.answers, flow.id, flow.mode)


def test_hand_edited_draft_is_repaired_not_refused() -> None:
    back = from_draft({"id": "not-a-uuid", "step": "nonsense", "answers": {
        "situation": 42, "nuts": ["threat", "bogus"], "sprint": "perhaps", "note": None}})
    assert back.step is Step.SITUATION
    assert back.answers == {"situation": "42", "nuts": ["threat"], "sprint": "no"}
    assert uuid.UUID(back.id)  # the journal needs a UUID; a hand-made id is replaced
    assert from_draft({"step": "control", "answers": {}}).step is Step.SITUATION
    assert from_draft({}).id


def test_latest_draft() -> None:
    a = {"id": "a", "kind": "reappraisal", "updated": "2026-11-29T10:00:00+00:00"}
    b = {"id": "b", "kind": "reappraisal", "updated": "2026-11-30T10:00:00+00:00"}
    other = {"id": "c", "kind": "goal", "updated": "2026-12-30T10:00:00+00:00"}
    assert latest_draft([a, other, b]) == b
    assert latest_draft([other]) is None


def test_draft_words_shows_the_situation_first_and_cuts_long_text() -> None:
    assert draft_words({"answers": {"situation": "  The scan  "}}) == "The scan"
    assert draft_words({"answers": {"stress_before": "5", "balanced": "Hard but ok"}}) == (
        "Hard but ok")
    long = draft_words({"answers": {"situation": "x" * 500}}, limit=20)
    assert len(long) == 20 and long.endswith("…")


def test_draft_words_are_harmless_and_odd_drafts_are_passed_over() -> None:
    evil = {"id": "e", "kind": "reappraisal", "answers": {"situation": "\u001b[2J[b]x"}}
    assert draft_words(evil) == "␛[2J[b]x"
    assert latest_draft([5, "x", None, evil]) == evil
    assert draft_words({"answers": 5}) == ""
