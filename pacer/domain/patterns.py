"""Breathing patterns: phases, the built-in library and the parser for typed rhythms.

A pattern is a sequence of phases (inhale, hold, exhale), not a fixed four-slot tuple, so
cyclic sighing (two inhales, then a long exhale) fits the same model as box breathing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from pacer.domain.errors import InputError
from pacer.domain.records import CYCLE_SECONDS, PHASE_SECONDS, SESSION_MINUTES

# The ranges are written once, in pacer.domain.records, for the CLI, the TUI and the store.
MAX_PHASE_SECONDS = PHASE_SECONDS[1]
MAX_SESSION_MINUTES = SESSION_MINUTES[1]
#: The shortest whole breath (one cycle): faster than this a "breath" is a flicker.
MIN_CYCLE_SECONDS = CYCLE_SECONDS[0]


class PatternError(InputError):
    """A pattern or duration a person typed cannot be used; the message names the bad value."""


class PhaseKind(StrEnum):
    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"


PHASE_WORDS = {
    PhaseKind.INHALE: "Breathe in",
    PhaseKind.HOLD: "Hold",
    PhaseKind.EXHALE: "Breathe out",
}


@dataclass(frozen=True)
class Phase:
    kind: PhaseKind
    seconds: float
    hint: str = ""  # e.g. "top up" for the second inhale of a cyclic sigh

    @property
    def words(self) -> str:
        """What the screen and the plain mode say when this phase starts."""
        base = PHASE_WORDS[self.kind]
        return f"{base} ({self.hint})" if self.hint else base


@dataclass(frozen=True)
class Pattern:
    key: str
    name: str
    phases: tuple[Phase, ...]
    description: str = ""
    safety: str = ""
    source: str = ""
    suggested: str = ""

    @property
    def cycle_seconds(self) -> float:
        return sum(p.seconds for p in self.phases)

    @property
    def breaths_per_minute(self) -> float:
        return 60.0 / self.cycle_seconds

    @property
    def has_holds(self) -> bool:
        return any(p.kind is PhaseKind.HOLD for p in self.phases)

    @property
    def rhythm(self) -> str:
        """The pattern as people type it: in-hold-out-hold, with `+` joining repeated inhales."""
        slots: list[list[float]] = [[], [], [], []]
        slot = 0
        order = [PhaseKind.INHALE, PhaseKind.HOLD, PhaseKind.EXHALE, PhaseKind.HOLD]
        for phase in self.phases:
            while order[slot] is not phase.kind:
                slot += 1
            slots[slot].append(phase.seconds)
        return "-".join("+".join(_fmt(s) for s in part) if part else "0" for part in slots)

    @property
    def pace(self) -> str:
        """Breaths per minute, rounded for people: "6 breaths/min"."""
        return f"{_fmt(round(self.breaths_per_minute, 1))} breaths/min"


def _fmt(seconds: float) -> str:
    return f"{seconds:g}"


def _phases(*spec: tuple[PhaseKind, float] | tuple[PhaseKind, float, str]) -> tuple[Phase, ...]:
    return tuple(Phase(*item) for item in spec)


IN, HOLD, OUT = PhaseKind.INHALE, PhaseKind.HOLD, PhaseKind.EXHALE

GENTLE_NOT_DEEP = "Slow, not big. Dizzy, tingly or more anxious? Stop and breathe normally."
NEW_OR_WORSE = (
    "Breathless in a new, sudden or much worse way, or with chest pain or a fever? "
    "Contact your care team now."
)
HOLD_NOTE = "Holds are optional: if breath holds feel wrong, skip them. Sit or lie down."

BUILTIN: dict[str, Pattern] = {
    p.key: p
    for p in (
        Pattern(
            "resonance",
            "Slow, long exhale",
            _phases((IN, 4), (OUT, 6)),
            "In for 4, out for 6: about six slow breaths a minute, a calm and steady pace.",
            GENTLE_NOT_DEEP,
            "Lehrer & Gevirtz 2014; Laborde 2021",
            "5-20 min",
        ),
        Pattern(
            "coherent",
            "Even coherent breathing",
            _phases((IN, 5.5), (OUT, 5.5)),
            "Equal, unhurried breaths in and out, a little under six a minute.",
            GENTLE_NOT_DEEP,
            "Lehrer & Gevirtz 2014; Shaffer & Meehan 2020",
            "5-20 min",
        ),
        Pattern(
            "extended-exhale",
            "Short in, long out",
            _phases((IN, 3), (OUT, 7)),
            "A short breath in and a long, slow breath out. Many people find it most relaxing.",
            GENTLE_NOT_DEEP,
            "Van Diest 2014",
            "3-10 min",
        ),
        Pattern(
            "cyclic-sigh",
            "Cyclic sighing",
            _phases((IN, 2), (IN, 1, "top up"), (OUT, 6)),
            "Breathe in through the nose, add a small top-up breath, then let it all out slowly.",
            GENTLE_NOT_DEEP,
            "Balban 2023 (self-paced in the trial; these counts are ours)",
            "5 min a day",
        ),
        Pattern(
            "box",
            "Box breathing",
            _phases((IN, 4), (HOLD, 4), (OUT, 4), (HOLD, 4)),
            "Four equal sides: in, hold, out, hold.",
            HOLD_NOTE + " " + GENTLE_NOT_DEEP,
            "Balban 2023",
            "5 min",
        ),
        Pattern(
            "4-7-8",
            "4-7-8 relaxing breath",
            _phases((IN, 4), (HOLD, 7), (OUT, 8)),
            "In for 4, hold for 7, out for 8. Light-headed at first? That is common; go gently.",
            HOLD_NOTE + " " + GENTLE_NOT_DEEP,
            "Andrew Weil; Vierra 2022",
            "4 breaths (1-2 min), twice a day",
        ),
        Pattern(
            "gentle",
            "Gentle, no holds",
            _phases((IN, 3), (OUT, 4)),
            "Short, easy breaths with no holds, for days when breathing feels hard. "
            "Practise it when you are not breathless, and breathe out fully.",
            GENTLE_NOT_DEEP,
            "Cancer Research UK breathlessness guidance",
            "2-5 min",
        ),
        Pattern(
            "pursed-lip",
            "Pursed-lip breathing",
            _phases((IN, 2.5, "through the nose"), (OUT, 5, "through pursed lips")),
            "In gently through your nose, then out slowly through pursed lips, as if blowing "
            "on hot soup. No holds. Practise it when you are calm, so it is easy to use when "
            "you are breathless.",
            GENTLE_NOT_DEEP + " " + NEW_OR_WORSE,
            "Cambridge Breathing, Thinking, Functioning leaflet (cuh.nhs.uk); "
            "Cancer Research UK breathlessness guidance",
            "2-5 min, or whenever you are short of breath",
        ),
    )
}


@dataclass(frozen=True)
class LibraryNote:
    """A short explanation in the library that is not a pattern of its own: another way to
    do one (or more) of them. Stored like a pattern's own words: text, safety and source."""

    key: str
    title: str
    text: str
    safety: str
    source: str
    #: The patterns it is another way of doing (keys of :data:`BUILTIN`).
    variant_of: tuple[str, ...]


NOTES: dict[str, LibraryNote] = {
    n.key: n
    for n in (
        LibraryNote(
            "rectangle",
            "Rectangle breathing",
            "A way to see a long out-breath. Follow the edge of a rectangle with your eyes, "
            "such as a window or a door: breathe in along a short side and out along a long "
            "side. About 4 in and 6 out, or 2 to 3 in and 3 to 5 out if that is hard.",
            GENTLE_NOT_DEEP,
            "NHS community breathlessness leaflets (rectangle breathing)",
            ("resonance", "extended-exhale"),
        ),
    )
}


def notes_for(pattern: Pattern) -> list[LibraryNote]:
    """The library notes about `pattern` (none for most), in the library's order."""
    return [note for note in NOTES.values() if pattern.key in note.variant_of]

DEFAULT_PATTERN = "resonance"


def parse_seconds(text: str, what: str = "seconds") -> float:
    """Parse one phase length; the error message quotes the text as typed."""
    try:
        value = float(text)
    except ValueError:
        raise PatternError(f"'{text}' is not a number of {what}") from None
    if not math.isfinite(value):
        raise PatternError(f"'{text}' is not a number of {what}")
    if value < 0:
        raise PatternError(f"'{text}' is negative; a phase cannot be shorter than 0 {what}")
    if value > MAX_PHASE_SECONDS:
        raise PatternError(
            f"'{text}' is too long; each phase can be at most {MAX_PHASE_SECONDS:g} seconds"
        )
    return value


def _split_rhythm(text: str) -> list[str]:
    """Split on '-' but keep a minus sign that follows a separator ("4--2-6" -> 4, -2, 6)."""
    parts: list[str] = []
    negative = False
    for token in text.split("-"):
        if token == "" and parts:
            negative = True
            continue
        parts.append(("-" if negative else "") + token.strip())
        negative = False
    return parts


def parse_rhythm(text: str) -> Pattern:
    """Build a custom pattern from `I-H-E-H` or `I-H-E` seconds, e.g. "4-7-8" or "5.5-0-5.5"."""
    raw = text.strip()
    if raw.startswith("-"):
        raise PatternError(
            f"'{text}' starts with a negative number; type seconds like 4-7-8 "
            "(in, hold, out) or 4-4-4-4 (in, hold, out, hold)"
        )
    parts = _split_rhythm(raw)
    if len(parts) not in (3, 4):
        raise PatternError(
            f"'{text}' is not a pattern; type seconds like 4-7-8 (in, hold, out) "
            "or 4-4-4-4 (in, hold, out, hold)"
        )
    try:
        inhale, hold_in, exhale, *rest = (parse_seconds(p) for p in parts)
    except PatternError as error:
        raise PatternError(f"pattern '{text}': {error}") from None
    hold_out = rest[0] if rest else 0.0
    if inhale + hold_in + exhale + hold_out == 0:
        raise PatternError(f"'{text}' is all zeros; a pattern needs a breath in and a breath out")
    if inhale == 0:
        raise PatternError(f"'{text}' has no breath in; the first number must be above 0")
    if exhale == 0:
        raise PatternError(f"'{text}' has no breath out; the third number must be above 0")
    if inhale + hold_in + exhale + hold_out < MIN_CYCLE_SECONDS:
        raise PatternError(
            f"'{text}' is too fast; one breath must take at least {MIN_CYCLE_SECONDS:g} second"
            f"{'' if MIN_CYCLE_SECONDS == 1 else 's'}"
        )
    phases = [Phase(IN, inhale)]
    if hold_in:
        phases.append(Phase(HOLD, hold_in))
    phases.append(Phase(OUT, exhale))
    if hold_out:
        phases.append(Phase(HOLD, hold_out))
    note = HOLD_NOTE + " " + GENTLE_NOT_DEEP if hold_in or hold_out else GENTLE_NOT_DEEP
    return Pattern(raw, f"Custom {raw}", tuple(phases), "Your own rhythm.", note)


def resolve(name: str, custom: dict[str, Pattern] | None = None) -> Pattern:
    """Find a pattern by built-in key, custom name or typed rhythm."""
    key = name.strip()
    if key in BUILTIN:
        return BUILTIN[key]
    if custom and key in custom:
        return custom[key]
    if any(ch.isdigit() for ch in key) and "-" in key:
        return parse_rhythm(key)
    known = ", ".join(BUILTIN)
    raise PatternError(
        f"unknown pattern '{name}'; choose one of {known}, or type seconds like 4-7-8"
    )


def parse_minutes(text: str) -> float:
    """Session length in minutes, within :data:`pacer.domain.records.SESSION_MINUTES`.

    One message for every way out of range (not a number, inf, too short, too long), naming
    the value as typed and the range, so the CLI and the TUI say the same thing.
    """
    low, high = SESSION_MINUTES
    try:
        minutes = float(text)
    except ValueError:
        raise PatternError(
            f"'{text}' is not a number of minutes; a session is {low:g} to {high:g} minutes"
        ) from None
    if not (math.isfinite(minutes) and low <= minutes <= high):
        raise PatternError(
            f"'{text}' minutes: a session must be a number of minutes from {low:g} to {high:g}"
        )
    return minutes
