"""Find your pace: a short guided sweep from 6.5 down to 4.5 breaths a minute.

Why: the slow pace that suits each person differs a little. Resonance-frequency assessment
(Lehrer et al. 2000; Shaffer & Meehan 2020, doi 10.3389/fnins.2020.570400) steps the breathing
rate down (about 6.5, 6, 5.5, 5 and 4.5 breaths a minute, in:out about 4:6, no holds) and picks
the rate with the largest heart-rate swing. Pacer has no sensor, so it can only ask how easy each
pace felt (0-10) and offer "the slow pace that feels easiest": about comfort, never a measured
resonance (content brief section 8). The words on screen say so.

The rules live here, once, for the TUI (:mod:`pacer.screens.find_pace`) and the plain mode
(``pacer breathe --find-pace --plain``):

* the order is :data:`RATES`, each step about :data:`STEP_SECONDS` long in whole breaths;
* the person may stop at any point; a sign of strain (a rating of :data:`STRAIN_AT_MOST` or
  less, or choosing "that was a strain") ends the sweep at once;
* the result is the slowest pace among the highest rated, counting only paces rated at least
  :data:`EASY_ENOUGH`; with none, there is no result, and kind words instead.

Pure: no files, no Textual.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from pacer.domain.errors import InputError
from pacer.domain.patterns import GENTLE_NOT_DEEP, Pattern, Phase, PhaseKind
from pacer.domain.records import STRESS

#: Breaths a minute, in the order the sweep goes: from a little faster than 6 to slower.
RATES: tuple[float, ...] = (6.5, 6.0, 5.5, 5.0, 4.5)
#: The share of each breath spent breathing in (in:out about 4:6, no holds).
IN_SHARE = 0.4
#: About how long each pace lasts (the sweep uses whole breaths closest to this).
STEP_SECONDS = 90.0
#: For tests only: a shorter step length in seconds, so an end-to-end run finishes quickly.
STEP_SECONDS_ENV = "PACER_PACE_STEP_SECONDS"
#: The ease scale (0 hard, 10 easy): the same 0-10 range as every rating in Pacer.
EASE = STRESS
#: A rating this low is a sign of strain: the sweep ends there.
STRAIN_AT_MOST = 3
#: Only paces rated at least this easy can become "your pace".
EASY_ENOUGH = 6

YOUR_PACE_NAME = "Your pace"
#: The custom pattern's id: the slug of its name, as every custom pattern's id is (a test
#: checks), written out so that :mod:`pacer.domain.custom_patterns` can use it without a cycle.
YOUR_PACE_ID = "your-pace"
#: The draft kind that keeps the ratings of a sweep left part-way.
DRAFT_KIND = "pace"

SOURCES = "Lehrer 2000; Shaffer & Meehan 2020 (resonance-frequency assessment)"
QUESTION = "How easy was that, 0-10?"
SCALE_WORDS = "0 is very hard, 10 is very easy."
INTRO = (
    "Five slow paces, about a minute and a half each, from a little faster to a little slower. "
    "No holds. After each one, say how easy it felt. You can stop at any point."
)
COMFORT = (
    "This is about comfort, not a measurement: Pacer has no heart-rate sensor. "
    "It finds the slow pace that feels easiest to you."
)
STRAIN_NOTE = "Strained, dizzy or short of breath? Stop and breathe normally. That is fine."
NO_RESULT = (
    "None of these paces felt easy enough to choose today, and that is fine. "
    "Your usual patterns are still here, and you can try again another day."
)
STOPPED_EARLY = "Stopping early is fine."
#: What the "Your pace" pattern says about itself wherever patterns are described.
YOUR_PACE_WORDS = (
    "The slow pace that felt easiest to you when you found your pace. It is about comfort, "
    "not a measurement: Pacer has no heart-rate sensor."
)


class Ending(StrEnum):
    """Why a sweep ended."""

    DONE = "done"  # every pace was rated
    STRAIN = "strain"  # a sign of strain
    STOPPED = "stopped"  # the person chose to end it


def _tenth(seconds: float) -> float:
    return round(seconds, 1)


@dataclass(frozen=True)
class PaceStep:
    """One pace of the sweep: breaths a minute, and its seconds in and out (to 0.1 s)."""

    rate: float
    inhale: float
    exhale: float

    @classmethod
    def of_rate(cls, rate: float) -> PaceStep:
        """60 / rate seconds a breath, split 40:60 between in and out, each to 0.1 s."""
        cycle = 60.0 / rate
        return cls(rate, _tenth(cycle * IN_SHARE), _tenth(cycle * (1 - IN_SHARE)))

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.exhale

    @property
    def rhythm(self) -> str:
        """As people type a pattern, and as patterns.json keeps it: in-hold-out-hold."""
        return f"{self.inhale:g}-0-{self.exhale:g}-0"

    @property
    def name(self) -> str:
        return f"{self.rate:g} breaths a minute"

    @property
    def words(self) -> str:
        """"6 breaths a minute: in for 4 seconds, out for 6": for the screen and plain mode."""
        return f"{self.name}: in for {self.inhale:g} seconds, out for {self.exhale:g}"

    @property
    def pattern(self) -> Pattern:
        """The pattern a step is breathed with (not saved: only the result is). Its key is
        its rhythm, as for any typed rhythm, so History and `--pattern` understand it."""
        return Pattern(
            self.rhythm,
            f"Finding your pace: {self.name}",
            (Phase(PhaseKind.INHALE, self.inhale), Phase(PhaseKind.EXHALE, self.exhale)),
            "One step of finding your pace.",
            GENTLE_NOT_DEEP,
            SOURCES,
        )

    def breaths(self, step_seconds: float = STEP_SECONDS) -> int:
        """The whole number of breaths closest to ``step_seconds`` (at least one)."""
        return max(1, math.floor(step_seconds / self.cycle_seconds + 0.5))


#: The sweep, in order.
SWEEP: tuple[PaceStep, ...] = tuple(PaceStep.of_rate(rate) for rate in RATES)


def choose(rated: Sequence[tuple[PaceStep, int]]) -> PaceStep | None:
    """The easiest slowest pace: the highest rating of at least :data:`EASY_ENOUGH`, and
    among paces rated that high, the slowest (fewest breaths a minute). None if none counts."""
    counted = [(rating, -step.rate, step) for step, rating in rated if rating >= EASY_ENOUGH]
    if not counted:
        return None
    return max(counted, key=lambda item: (item[0], item[1]))[2]


def parse_ease(text: str) -> int:
    """A 0-10 ease rating as typed; InputError naming the value otherwise."""
    low, high = EASE
    try:
        value = int(text.strip())
    except ValueError:
        raise InputError(
            f"'{text}' is not a rating; type a whole number from {low} to {high}, or s to stop"
        ) from None
    if not low <= value <= high:
        raise InputError(
            f"'{text}' is outside {low}-{high}; type a whole number from {low} to {high}, "
            "or s to stop"
        )
    return value


#: What may be typed instead of a rating in the plain mode.
STOP_WORDS = frozenset({"s", "stop"})
STRAIN_WORDS = frozenset({"strain", "x"})


def parse_answer(text: str) -> int | Literal["stop", "strain"]:
    """A typed answer to :data:`QUESTION`: a rating, "stop" (s) or "strain"."""
    word = text.strip().lower()
    if word in STOP_WORDS:
        return "stop"
    if word in STRAIN_WORDS:
        return "strain"
    return parse_ease(text)


@dataclass
class Sweep:
    """One run of the sweep: the ratings given so far, in order, and how it ended."""

    ratings: list[int] = field(default_factory=list)
    ending: Ending | None = None

    @property
    def ended(self) -> bool:
        return self.ending is not None

    @property
    def current(self) -> PaceStep | None:
        """The pace to breathe (or rate) next; None once the sweep has ended."""
        if self.ended or len(self.ratings) >= len(SWEEP):
            return None
        return SWEEP[len(self.ratings)]

    @property
    def position(self) -> str:
        """"Pace 2 of 5"."""
        return f"Pace {min(len(self.ratings) + 1, len(SWEEP))} of {len(SWEEP)}"

    def rated(self) -> list[tuple[PaceStep, int]]:
        return list(zip(SWEEP, self.ratings, strict=False))

    def rate(self, rating: int) -> None:
        """Rate the current pace; a sign of strain or the last pace ends the sweep."""
        step = self.current
        if step is None:
            raise ValueError("the sweep has ended; there is no pace to rate")
        low, high = EASE
        if not low <= rating <= high:
            raise InputError(f"'{rating}' is outside {low}-{high}")
        self.ratings.append(rating)
        if rating <= STRAIN_AT_MOST:
            self.ending = Ending.STRAIN
        elif len(self.ratings) == len(SWEEP):
            self.ending = Ending.DONE

    def strain(self) -> None:
        """"That was a strain": the sweep ends now, without a rating for this pace."""
        if not self.ended:
            self.ending = Ending.STRAIN

    def stop(self) -> None:
        """The person ends the sweep here (at any point)."""
        if not self.ended:
            self.ending = Ending.STOPPED

    def result(self) -> PaceStep | None:
        """"Your pace" from the ratings so far (see :func:`choose`)."""
        return choose(self.rated())

    # --- drafts: a sweep left part-way ------------------------------------------------------

    def answers(self) -> dict[str, Any]:
        """What a ``pace`` draft keeps (its ``answers``)."""
        return {"ratings": list(self.ratings), "ending": str(self.ending) if self.ending else None}

    @classmethod
    def from_answers(cls, answers: Mapping[str, Any]) -> Sweep:
        """The sweep a draft kept. Hand-edited values that are not ratings are left out from
        the first one on (the sweep then goes on from there), never a crash."""
        sweep = cls()
        raw = answers.get("ratings")
        for value in raw if isinstance(raw, list) else []:
            if sweep.ended or isinstance(value, bool) or not isinstance(value, int):
                break
            if not EASE[0] <= value <= EASE[1]:
                break
            sweep.rate(value)
        ending = answers.get("ending")
        if not sweep.ended and ending in (Ending.STRAIN, Ending.STOPPED):
            sweep.ending = Ending(ending)
        return sweep


def rated_words(sweep: Sweep) -> str:
    """"6.5 a minute: 8, 6 a minute: 7": the ratings so far, for the screen and plain mode."""
    return ", ".join(f"{step.rate:g} a minute: {rating}" for step, rating in sweep.rated())


def result_words(sweep: Sweep) -> str:
    """What is said when the sweep ends: the pace found (with its comfort note), or kind
    words when no pace counts."""
    found = sweep.result()
    lines = []
    if sweep.ending is Ending.STRAIN:
        lines.append(STRAIN_NOTE)
    elif sweep.ending is Ending.STOPPED and len(sweep.ratings) < len(SWEEP):
        lines.append(STOPPED_EARLY)
    if found is None:
        lines.append(NO_RESULT)
    else:
        lines.append(f"Your pace: {found.words}.")
        lines.append(COMFORT)
    return " ".join(lines)


def step_seconds(environ: Mapping[str, str]) -> float:
    """The step length: :data:`STEP_SECONDS`, or (tests only) :data:`STEP_SECONDS_ENV`.

    A value that is not a number of seconds from 1 to 600 is an InputError naming it.
    """
    text = environ.get(STEP_SECONDS_ENV)
    if text is None or not text.strip():
        return STEP_SECONDS
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 1 <= value <= 600):
        raise InputError(f"{STEP_SECONDS_ENV}='{text}' is not a number of seconds from 1 to 600")
    return value
