"""Breathless now: a pace for when breath is short, the card to read beside it, the red flag.

Why a ramp that starts quick: a person who is short of breath cannot start at six slow breaths
a minute. Asking for it feeds the panic that keeps breathlessness going (the "Breathing,
Thinking, Functioning" model). So the pace meets them near where they are, about 2 s in and
3 s out, and lengthens a little with every breath, over the first minutes, to about 3.5 s in
and 5.5 s out. It reuses the timeline's ramp (:class:`pacer.domain.timeline.Ramp`), whose
breath count is continuous, so the picture never jumps and each breath is only a little longer
than the one before. There are never any holds.

It has no end to choose: the planned length is long (:data:`PLANNED_MINUTES`) and the person
stops whenever they like; what was breathed is saved as a partial session, as usual.

The words of the card and the red flag are ours (reading age about 12); each keeps its source
beside it (content brief, section 8).
"""

from __future__ import annotations

from dataclasses import dataclass

from pacer.domain.patterns import Pattern, Phase, PhaseKind
from pacer.domain.timeline import Ramp, Timeline

#: Where the ramp starts and where it settles (seconds), as in issue 13 section 1.
START_IN, START_OUT = 2.0, 3.0
TARGET_IN, TARGET_OUT = 3.5, 5.5
#: How long the lengthening takes. Five minutes keeps each breath's step small (see below)
#: and is "the first minutes" a person needs; after it the pace stays at the target.
RAMP_MINUTES = 5.0
#: Open-ended in practice: a long planned length, and stop at any time.
PLANNED_MINUTES = 30.0
#: The most one phase may grow from one breath to the next (seconds). With a 5-minute ramp
#: the largest step is about 0.13 s (the out-breath, near the end of the ramp).
MAX_STEP_SECONDS = 0.2

SOURCE_BTF = (
    "Cambridge University Hospitals, \"The Breathing, Thinking, Functioning approach\" "
    "(patient leaflet)"
)
SOURCE_FAN = "NHS breathlessness leaflets (handheld fan)"
SOURCE_CRUK = "Cancer Research UK, breathlessness"
SOURCE_RED_FLAG = "NHS and Cancer Research UK advice on breathlessness; content brief section 8"

PATTERN = Pattern(
    "breathless",
    "Breathless now",
    (Phase(PhaseKind.INHALE, TARGET_IN), Phase(PhaseKind.EXHALE, TARGET_OUT)),
    "Starts quick and short, about 2 in and 3 out, and slows a little with every breath "
    "until about 3.5 in and 5.5 out. No holds. Stop whenever you like.",
    "Slow, not big. Dizzy, tingly or more anxious? Stop and breathe normally.",
    f"{SOURCE_BTF}; {SOURCE_CRUK}",
    "As long as you need",
)

#: The warm-up: from the start pace to the pattern's own pace over :data:`RAMP_MINUTES`.
RAMP = Ramp(start_bpm=60.0 / (START_IN + START_OUT), minutes=RAMP_MINUTES)


def timeline(minutes: float = PLANNED_MINUTES) -> Timeline:
    """The breathless session's schedule: the ramp, then the target pace, for `minutes`."""
    return Timeline.for_minutes(PATTERN, minutes, RAMP)


@dataclass(frozen=True)
class Tip:
    """One line of the card (or the red flag) and where its advice comes from."""

    text: str
    source: str


CARD_TITLE = "What can help"

#: Short enough to read while breathing; one idea a line. No line starts with a cue's words
#: ("Breathe in", "Hold"...): the plain mode reads the card aloud just before the cues.
CARD: tuple[Tip, ...] = (
    Tip("Sit and lean forward, with your forearms on a table or on your knees.", SOURCE_BTF),
    Tip("Standing? Lean forward on a worktop or the back of a chair.", SOURCE_BTF),
    Tip("A small handheld fan can help: about a hand's length away, blowing on your face.",
        SOURCE_FAN),
    Tip("Purse your lips and breathe out slowly, as if blowing on hot soup.",
        f"{SOURCE_BTF}; {SOURCE_CRUK}"),
    Tip("Moving? Blow as you go: breathe out as you stand up or take a step.", SOURCE_BTF),
    Tip("Let your shoulders drop. You do not need big breaths.", SOURCE_BTF),
)

#: Always on screen while breathless-now runs, and printed first by the plain mode.
RED_FLAG = Tip(
    "Is this breathlessness new, sudden or much worse? Or with chest pain, coughing blood "
    "or a fever? Contact your care team now, or emergency services. Pacer is not for that.",
    SOURCE_RED_FLAG,
)
#: The same warning in fewer words, for a small terminal (40x12) where it must still show.
RED_FLAG_SHORT = Tip(
    "New, sudden or much worse? Chest pain or fever? Contact your care team now, or "
    "emergency services.",
    SOURCE_RED_FLAG,
)


def card_lines() -> list[str]:
    """The card as plain lines (the plain mode prints them; the screen shows the same)."""
    return [CARD_TITLE + ":", *(f"- {tip.text}" for tip in CARD)]
