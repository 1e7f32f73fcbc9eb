"""A session's length in breaths, the settle-in before its first breath, and their words.

Some patterns are counted in breaths, not minutes (4-7-8: "4 breaths, twice a day"), and
people used to other breathing apps ask for it; `--breaths`, Breathe and the plain mode share
these parsers, so each bad value gets the same one line naming it. The ranges live in
:mod:`pacer.domain.records` (BREATHS, SETTLE_SECONDS); the timeline itself is
:meth:`pacer.domain.timeline.Timeline.for_breaths`.

The settle-in is a few seconds of "Get comfortable" before the first breath. It is not part of
the session: the session's clock starts after it, so it never counts as practice and never
shifts the schedule of the breaths.
"""

from __future__ import annotations

import math
import re

from pacer.domain.patterns import Pattern, PatternError
from pacer.domain.records import BREATHS, SETTLE_SECONDS
from pacer.domain.timeline import check_breaths

#: What the screen and the plain mode say during the settle-in.
SETTLE_WORDS = "Get comfortable"
#: Under the count on screen: why there is a wait, in calm words.
SETTLE_HINT = "Sit back and let your shoulders drop. The first breath comes after the count."

# "4 breaths (1-2 min), twice a day": a suggestion that starts with a number of breaths.
_SUGGESTED = re.compile(r"^\s*(\d+)\s+breaths?\b")


def parse_breaths(text: str) -> int:
    """A length in whole breaths as typed, within BREATHS; PatternError names the text."""
    low, high = BREATHS
    raw = text.strip()
    if not raw.isascii() or not raw.isdigit():
        raise PatternError(
            f"'{text}' is not a whole number of breaths; a session is {low} to {high} breaths"
        )
    return check_breaths(int(raw), text)


def parse_settle(text: str) -> int:
    """Settle-in seconds as typed (0 is off), within SETTLE_SECONDS; PatternError names it."""
    low, high = SETTLE_SECONDS
    raw = text.strip()
    words = f"the settle-in is {low} to {high} seconds (0 is off)"
    if not raw.isascii() or not raw.isdigit():
        raise PatternError(f"'{text}' is not a whole number of seconds; {words}")
    value = int(raw)
    if not low <= value <= high:
        raise PatternError(f"'{text}' seconds: {words}")
    return value


def suggested_breaths(pattern: Pattern) -> int | None:
    """The number of breaths a pattern's suggestion starts with (4-7-8: 4), if any: such a
    pattern is counted in breaths, so Breathe offers its length in breaths."""
    found = _SUGGESTED.match(pattern.suggested)
    if found is None:
        return None
    value = int(found.group(1))
    return value if BREATHS[0] <= value <= BREATHS[1] else None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def about_length(seconds: float) -> str:
    """A rough length for people: "about 1 minute", "about 40 seconds" (to 5 seconds)."""
    if seconds < 57.5:
        return f"about {_plural(max(5, math.floor(seconds / 5 + 0.5) * 5), 'second')}"
    return f"about {_plural(max(1, math.floor(seconds / 60 + 0.5)), 'minute')}"


def breaths_words(breaths: int, seconds: float) -> str:
    """The length of a session counted in breaths: "4 breaths, about 1 minute"."""
    return f"{_plural(breaths, 'breath')}, {about_length(seconds)}"


def settle_count(left: float) -> int:
    """The number the settle-in shows with `left` seconds to go: 3, 2, 1 (each for one whole
    second), then 0 once it is over."""
    return max(0, math.ceil(left - 1e-9))


def settle_words(total: int) -> str:
    """The whole settle-in as the plain mode prints it: "Get comfortable... 3, 2, 1"."""
    return f"{SETTLE_WORDS}... " + ", ".join(str(k) for k in range(total, 0, -1))
