"""Text from the data, made harmless before it reaches a terminal or a spreadsheet.

A goal title or a note can hold anything a file can: escape sequences that retitle or clear the
terminal, bidirectional overrides that reorder what a person reads, a CSV cell that a
spreadsheet would run as a formula. Every string from the data passes through :func:`harmless`
before it is printed or shown (the TUI also escapes Rich markup), and through :func:`csv_cell`
before it goes into a CSV file. Pure: no Textual, no files.
"""

from __future__ import annotations

import math
import unicodedata

#: Characters that reorder text (bidi overrides and isolates): shown, never obeyed.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
#: Controls (C0, C1, DEL), line and paragraph separators, lone surrogates.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _visible(char: str) -> str:
    code = ord(char)
    if code == 0x1B:
        return "␛"
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ ␁ ... ␟
    if code == 0x7F:
        return "␡"
    return f"\\u{code:04x}"


def clock_time(seconds: float, *, round_up: bool = False) -> str:
    """Seconds as m:ss, the one way Pacer writes a length of practice ("0:08", "12:30").

    Elapsed time rounds down and time left rounds up, so the two always add up to the session
    length and "0:00 left" appears only at the very end. History, the session screen and the
    summary all use this, so 8 seconds is "0:08" everywhere (never "0.1" minutes).
    """
    whole = math.ceil(seconds - 1e-9) if round_up else math.floor(seconds + 1e-9)
    whole = max(0, whole)
    return f"{whole // 60}:{whole % 60:02d}"


def plural(count: float, word: str, many: str | None = None) -> str:
    """ "1 day", "2 days", "1,234 days", "0.5 minutes": a count with its word, never "1 days".

    ``many`` is the plural when adding "s" is wrong; "entry" becomes "entries" by itself.
    """
    if many is None:
        consonant_y = word.endswith("y") and word[-2:-1] not in "aeiou"
        many = word[:-1] + "ies" if consonant_y else word + "s"
    number = f"{count:,}" if isinstance(count, int) else f"{count:,g}"
    return f"{number} {word if count == 1 else many}"


def harmless(value: object, *, multiline: bool = False) -> str:
    """``value`` as text with every control, escape and bidi character made visible.

    Escape becomes ``␛``, other C0 controls their Control Pictures (``␇``), C1 controls and
    bidi overrides ``\\u009b``-style codes. Tabs become a space; newlines are kept only when
    ``multiline`` (a note shown in a box), else they become ``␊`` so one record stays one line.
    """
    text = value if isinstance(value, str) else str(value)
    if text.isprintable() and not (_BIDI & set(text)):
        return text
    out: list[str] = []
    for char in text:
        if char == "\n" and multiline:
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif char in _BIDI or unicodedata.category(char) in _UNSAFE_CATEGORIES:
            out.append(_visible(char))
        else:
            out.append(char)
    return "".join(out)


def csv_cell(value: object) -> str:
    """A harmless CSV cell: spreadsheets run cells starting ``= + - @`` as formulas, so those
    get a leading apostrophe (the usual convention; the text is otherwise unchanged)."""
    text = harmless(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
