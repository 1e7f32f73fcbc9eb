"""Reappraisal with Sonia Lupien's NUTS model, as a small step machine.

A situation is stressful when it is Novel, Unpredictable, a Threat to the ego (here: "a threat
to how you see yourself"), or leaves a low
Sense of control. The flow helps a person take a stressful situation apart with those four
questions and put it back together in a way that helps them carry it.

Cancer holds real threat, so nothing here suggests the fear is wrong or "not real": the prompts
ask what is known, what can be found out, what is in the person's hands, and what would help
them carry the rest.

Why a pure step machine: the same flow runs in the TUI (one screen per step), inside the
calm-down routine (a short version aimed at an appointment) and in `pacer calm --plain`; a
draft of it must be saved and restored exactly; and every rule (which steps follow from the
ticks, the sprint branch, what is required) is tested here without a terminal.

Answers are kept as the person typed them (strings, a list of ticks), never parsed in place, so
a draft restores their words exactly, and a bad value is only reported, never thrown away.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pacer.domain.errors import InputError
from pacer.domain.session import parse_stress

Mode = Literal["full", "short"]
FieldKind = Literal["area", "line", "stress", "choice", "ticks"]


class FieldError(InputError):
    """Bad or missing input in one field; `field` is the answer key, so a screen can focus it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Step(StrEnum):
    SITUATION = "situation"
    SPRINT = "sprint"
    NUTS = "nuts"
    NOVEL = "novel"
    UNPREDICTABLE = "unpredictable"
    THREAT = "threat"
    CONTROL = "control"
    BALANCED = "balanced"
    CLOSE = "close"


@dataclass(frozen=True)
class Ingredient:
    """One letter of NUTS: what it means in one line, and the prompts for its own step."""

    key: str
    letter: str
    name: str
    line: str
    prompts: tuple[str, ...]

    @property
    def step(self) -> Step:
        return Step(self.key)

    def prompt_key(self, index: int) -> str:
        """The answer key of one prompt, e.g. "novel_0"."""
        return f"{self.key}_{index}"


INGREDIENTS: tuple[Ingredient, ...] = (
    Ingredient(
        "novel",
        "N",
        "New",
        "Something here is new to you: a drug, a machine, a place, a person.",
        (
            "What is new here: a drug, a machine, a person in your team?",
            "When did you handle something even a little like this? What helped?",
            "Who could make it feel familiar: a nurse, or someone who has been there?",
        ),
    ),
    Ingredient(
        "unpredictable",
        "U",
        "Unpredictable",
        "You could not see it coming, or you cannot know yet how it will go.",
        (
            "What exactly can't you know yet? Write the question down.",
            "What can you predict: the date, the steps, who will call and when?",
            "What do you already know, and what could you find out? From whom?",
        ),
    ),
    Ingredient(
        "threat",
        "T",
        "Threat to how you see yourself",
        "Part of you feels judged, or feels you are not coping well enough.",
        (
            "Is part of you feeling judged, or 'not coping well enough'? How?",
            "What would you tell a friend who felt this way?",
            "Which of your strengths does this leave untouched?",
        ),
    ),
    Ingredient(
        "control",
        "S",
        "Sense of control",
        "It feels out of your hands.",
        (
            "What is in your hands? In your team's hands? In no one's hands?",
            "What is one small thing you could do in the next hour?",
            "Plan B: if the news you fear came, what would your first step be?",
        ),
    ),
)
BY_KEY: dict[str, Ingredient] = {i.key: i for i in INGREDIENTS}

# The words of each step. Screens and the plain mode both read these, so they cannot drift.
CAVEAT = (
    "Cancer brings real worries. This is not about calling the fear wrong. "
    "It is about finding what helps you carry it."
)
SYMPTOMS = (
    "New or worse symptoms (breathlessness, chest pain, fever): contact your care team now. "
    "Don't wait for an exercise to fix them."
)


@dataclass(frozen=True)
class Field:
    """One answer a step asks for. `kind` tells a screen which widget to use."""

    key: str
    label: str
    kind: FieldKind
    required: bool = False
    placeholder: str = ""


@dataclass(frozen=True)
class StepText:
    title: str
    intro: str
    fields: tuple[Field, ...]


SPRINT_CHOICES: tuple[tuple[str, str], ...] = (
    ("no", "No, it can wait: marathon pace"),
    ("yes", "Yes, something needs action today"),
)

STEP_TEXT: dict[Step, StepText] = {
    Step.SITUATION: StepText(
        "What is on your mind?",
        "Write it the way you would tell a friend. A few words are enough.",
        (
            Field("situation", "What is on your mind", "area", required=True),
            Field(
                "stress_before",
                "How stressed are you right now? 0 is calm, 10 the most you can imagine.",
                "stress",
                required=True,
                placeholder="0-10",
            ),
        ),
    ),
    Step.SPRINT: StepText(
        "Sprint or marathon?",
        "Most days are a marathon, at a steady pace. Some things need a sprint today: "
        "a new or worse symptom, or a call you need to make.",
        (
            Field("sprint", "Does something need action today?", "choice"),
            Field("action", "The one thing to do today", "line", required=True),
            Field(
                "contact",
                "Who to contact",
                "line",
                placeholder="for example your care team's phone line",
            ),
        ),
    ),
    Step.NUTS: StepText(
        "What makes it stressful?",
        "Tick any that fit. Each one can add to stress: that is how stress works, "
        "not a fault in you.",
        (Field("nuts", "N, U, T, S", "ticks"),),
    ),
    Step.BALANCED: StepText(
        "A way to see it that helps",
        "In your own words. It can hold both: what is hard, and what helps you carry it. "
        "Is the thought helpful right now?",
        (
            Field("balanced", "How you see it now", "area", required=True),
            Field("next_step", "One next step that is in your hands", "line"),
        ),
    ),
    Step.CLOSE: StepText(
        "How are you now?",
        "Notice how you feel after looking at it again. Any number is fine.",
        (
            Field(
                "stress_after",
                "How stressed are you now? 0 is calm, 10 the most you can imagine.",
                "stress",
                required=True,
                placeholder="0-10",
            ),
        ),
    ),
}
for _ingredient in INGREDIENTS:
    STEP_TEXT[_ingredient.step] = StepText(
        f"{_ingredient.letter}: {_ingredient.name}",
        _ingredient.line + " Answer what helps; leave the rest empty.",
        tuple(
            Field(_ingredient.prompt_key(i), prompt, "line")
            for i, prompt in enumerate(_ingredient.prompts)
        ),
    )

FULL_STEPS = (Step.SITUATION, Step.SPRINT, Step.NUTS)
SHORT_STEPS = (Step.NUTS,)


def stress_value(text: Any, label: str, key: str, *, required: bool) -> int | None:
    """A typed 0-10 rating, or None when empty and allowed; errors name the typed value."""
    raw = "" if text is None else str(text).strip()
    if not raw:
        if required:
            raise FieldError(key, f"{label}: type a whole number from 0 to 10")
        return None
    try:
        return parse_stress(raw)
    except InputError as error:
        raise FieldError(key, str(error)) from None


def _text(answers: dict[str, Any], key: str) -> str:
    value = answers.get(key)
    return value.strip() if isinstance(value, str) else ""


def _now_iso(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


@dataclass
class ReappraisalFlow:
    """Where a person is in the reappraisal and what they have written so far.

    `mode="full"` is the whole flow (`r`); `mode="short"` is the routine's version: the
    situation comes from the appointment, and only the NUTS check, the prompts and the
    balanced view are asked.
    """

    mode: Mode = "full"
    answers: dict[str, Any] = field(default_factory=dict)
    step: Step = Step.SITUATION
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    done: bool = False
    path: str = ""  # "full", "sprint" or "short" once done

    @classmethod
    def short(
        cls, situation: str, *, stress_before: int | None = None, **context: Any
    ) -> ReappraisalFlow:
        """The routine's reappraisal, aimed at one situation (usually an appointment)."""
        answers: dict[str, Any] = {"situation": situation}
        if stress_before is not None:
            answers["stress_before"] = str(stress_before)
        return cls(mode="short", answers=answers, step=Step.NUTS, context=dict(context))

    def __post_init__(self) -> None:
        if self.step not in self.steps():
            self.step = self.steps()[0]

    # --- the path ----------------------------------------------------------------------------

    @property
    def ticked(self) -> tuple[Ingredient, ...]:
        """The NUTS ingredients ticked, always in N, U, T, S order."""
        raw = self.answers.get("nuts") or []
        chosen = set(raw) if isinstance(raw, list) else set()
        return tuple(i for i in INGREDIENTS if i.key in chosen)

    @property
    def sprint(self) -> bool:
        return self.answers.get("sprint") == "yes"

    def steps(self) -> tuple[Step, ...]:
        """The steps on the current path: a prompt step for each ticked ingredient."""
        head = FULL_STEPS if self.mode == "full" else SHORT_STEPS
        tail = (Step.BALANCED, Step.CLOSE) if self.mode == "full" else (Step.BALANCED,)
        return head + tuple(i.step for i in self.ticked) + tail

    @property
    def index(self) -> int:
        return self.steps().index(self.step)

    @property
    def count(self) -> int:
        return len(self.steps())

    @property
    def is_first(self) -> bool:
        return self.index == 0

    @property
    def is_last(self) -> bool:
        return self.index == self.count - 1

    def fields(self, step: Step | None = None) -> tuple[Field, ...]:
        """The fields a step shows now (the sprint action only once "yes" is chosen)."""
        step = step or self.step
        fields = STEP_TEXT[step].fields
        if step is Step.SPRINT and not self.sprint:
            fields = fields[:1]
        return fields

    # --- editing -----------------------------------------------------------------------------

    def set(self, key: str, value: Any) -> None:
        """Keep an answer exactly as given (text as typed, the sprint choice, the ticks)."""
        if key == "nuts":
            chosen = set(value)
            unknown = chosen - set(BY_KEY)
            if unknown:
                raise InputError(f"'{sorted(unknown)[0]}' is not one of N, U, T, S")
            value = [i.key for i in INGREDIENTS if i.key in chosen]
        elif key == "sprint" and value not in ("yes", "no"):
            raise InputError(f"'{value}' is not an answer here; choose yes or no")
        self.answers[key] = value

    def tick(self, key: str, on: bool) -> None:
        """Tick or untick one ingredient ("novel", "unpredictable", "threat", "control")."""
        chosen = {i.key for i in self.ticked}
        if on:
            chosen.add(key)
        else:
            chosen.discard(key)
        self.set("nuts", chosen)

    def required(self, f: Field) -> bool:
        """Is this field required now? In the routine's short version nothing typed is: the
        person may only want the NUTS check, and the routine itself is all skippable."""
        return f.required and not (self.mode == "short" and f.key == "balanced")

    # --- moving ------------------------------------------------------------------------------

    def validate(self, step: Step | None = None) -> None:
        """Raise FieldError (naming the field and the value) if `step` cannot be left forward."""
        step = step or self.step
        for f in self.fields(step):
            if f.kind == "stress":
                stress_value(self.answers.get(f.key), f.label.split("?")[0], f.key,
                             required=f.required)
            elif f.kind in ("area", "line") and self.required(f) and not _text(self.answers, f.key):
                raise FieldError(f.key, f"'{f.label}' is empty; a few words are enough")

    def next(self) -> Step | None:
        """Check this step and move on; returns the new step, or None when the flow is done."""
        self.validate()
        if self.is_last:
            self.validate_all()
            self.done, self.path = True, self.mode
            return None
        self.step = self.steps()[self.index + 1]
        return self.step

    def back(self) -> Step:
        """Go one step back (nothing is checked or cleared going back)."""
        if not self.is_first:
            self.step = self.steps()[self.index - 1]
        return self.step

    def finish_sprint(self) -> None:
        """End at the sprint step: the action is what matters today; the rest can wait."""
        if self.step is not Step.SPRINT or not self.sprint:
            raise InputError("finishing here needs 'Yes, something needs action today'")
        self.validate(Step.SITUATION)
        self.validate(Step.SPRINT)
        self.done, self.path = True, "sprint"

    def validate_all(self) -> None:
        """Every step on the path, in order (a restored draft may hold an old bad value)."""
        for step in self.steps():
            self.validate(step)

    # --- the saved entry ---------------------------------------------------------------------

    def to_entry(self, now: datetime, *, partial: bool = False) -> dict[str, Any]:
        """The journal record (`kind: "reappraisal"`).

        Only values on the path taken are included: unticked ingredients' answers and the
        sprint action after choosing "no" stay in the draft but are not part of the entry.
        `partial=True` is for leaving mid-way (the routine's Escape): bad ratings become None
        instead of an error, so what was written is still kept.
        """
        if not self.done and not partial:
            raise InputError("the reappraisal is not finished yet")
        answers = self.answers

        def rating(key: str) -> int | None:
            try:
                return stress_value(answers.get(key), key, key, required=False)
            except InputError:
                if partial:
                    return None
                raise

        sprint_path = self.path == "sprint"
        prompts: dict[str, list[dict[str, str]]] = {}
        if not sprint_path:
            for ingredient in self.ticked:
                rows = [
                    {"prompt": prompt, "answer": _text(answers, ingredient.prompt_key(i))}
                    for i, prompt in enumerate(ingredient.prompts)
                ]
                prompts[ingredient.key] = [r for r in rows if r["answer"]]
        ticked = {i.key for i in self.ticked} if not sprint_path else set()
        entry: dict[str, Any] = {
            "id": self.id,
            "kind": "reappraisal",
            "mode": self.mode,
            "path": self.path or ("partial" if partial else self.mode),
            "complete": self.done,
            "created": _now_iso(now),
            "started": self.started or _now_iso(now),
            "situation": _text(answers, "situation"),
            "stress_before": rating("stress_before"),
            "stress_after": None if sprint_path else rating("stress_after"),
            "sprint": self.sprint,
            "action": _text(answers, "action") or None if self.sprint else None,
            "contact": _text(answers, "contact") or None if self.sprint else None,
            "nuts": {i.key: i.key in ticked for i in INGREDIENTS},
            "answers": prompts,
            "balanced": None if sprint_path else _text(answers, "balanced") or None,
            "next_step": None if sprint_path else _text(answers, "next_step") or None,
        }
        for key in ("appointment_id", "routine", "about_when"):
            if key in self.context:
                entry[key] = self.context[key]
        return entry

    @property
    def has_words(self) -> bool:
        """Has the person written anything yet (worth a draft, or a partial entry)?"""
        given = ("situation", "stress_before") if self.mode == "short" else ()
        return any(
            isinstance(v, str) and v.strip()
            for k, v in self.answers.items()
            if k != "sprint" and k not in given
        ) or bool(self.ticked)


# --- reading past entries ------------------------------------------------------------------


def entry_text(entry: dict[str, Any]) -> str:
    """Everything a person wrote in an entry, as one lower-case string for search."""
    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in ("id", "created", "started", "logged", "schema"):
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(entry)
    return "\n".join(parts).lower()


def entry_matches(entry: dict[str, Any], query: str) -> bool:
    """True when every word of `query` appears somewhere in the entry (case-insensitive)."""
    haystack = entry_text(entry)
    return all(word in haystack for word in query.lower().split())


def entry_stress(entry: dict[str, Any]) -> str:
    """"7 → 4", "7 →", "" — stress before and after, as far as known."""
    before = entry.get("stress_before", entry.get("checkin"))
    after = entry.get("stress_after", entry.get("checkout"))
    if before is None and after is None:
        return ""
    left = "–" if before is None else str(before)
    right = "–" if after is None else str(after)
    return f"{left} → {right}"


def with_routine_checkouts(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries to show, where a routine's reappraisal gets the routine's check-out as its
    "after" (it was asked a step later, by the routine), so it reads "7 → 3", not "7 → –".

    Display only: the journal is append-only, and each record stays as it was written.
    """
    entries = list(entries)
    checkouts = {
        str(entry.get("journal_id")): entry.get("checkout")
        for entry in entries
        if entry.get("kind") == "routine" and entry.get("journal_id")
        and entry.get("checkout") is not None
    }
    shown = []
    for entry in entries:
        after = checkouts.get(str(entry.get("id")))
        if entry.get("kind") == "reappraisal" and entry.get("stress_after") is None \
                and after is not None:
            entry = {**entry, "stress_after": after}
        shown.append(entry)
    return shown


def newest_first(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Journal entries sorted by their own time, newest first (bad times sink to the end)."""

    def key(entry: dict[str, Any]) -> float:
        try:
            return datetime.fromisoformat(str(entry.get("created"))).timestamp()
        except ValueError:
            return float("-inf")

    return sorted(entries, key=key, reverse=True)
