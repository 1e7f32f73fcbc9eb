"""pacer.domain.text: text from the data made harmless for a terminal and for a spreadsheet."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pacer.domain.text import csv_cell, harmless

#: Characters that reorder what a person reads.
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def unsafe(char: str, *, multiline: bool = False) -> bool:
    """Would this character act on a terminal (or reorder the text) if printed raw?"""
    code = ord(char)
    if char == "\n":
        return not multiline
    return (
        code < 0x20
        or code == 0x7F
        or 0x80 <= code <= 0x9F
        or char in BIDI
        or char in "\u2028\u2029"
        or 0xD800 <= code <= 0xDFFF
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("\u001b]0;TITLE\u0007\u001b[2J", "␛]0;TITLE␇␛[2J"),
        ("a\x00b", "a␀b"),
        ("bell\x07", "bell␇"),
        ("tab\there", "tab here"),
        ("one\ntwo", "one␊two"),
        ("cr\rlf", "cr␍lf"),
        ("del\x7f", "del␡"),
        ("csi\x9b31m", "csi\\u009b31m"),
        ("nel\x85", "nel\\u0085"),
        ("\u202eevil", "\\u202eevil"),
        ("iso\u2066late\u2069", "iso\\u2066late\\u2069"),
        ("line\u2028sep", "line\\u2028sep"),
        ("Café, 東京, emoji 🌊", "Café, 東京, emoji 🌊"),
        ("", ""),
        (5, "5"),
        (None, "None"),
        (2.5, "2.5"),
    ],
)
def test_harmless_table(value: object, shown: str) -> None:
    assert harmless(value) == shown


def test_multiline_keeps_newlines_only() -> None:
    assert harmless("one\ntwo\x1b", multiline=True) == "one\ntwo␛"
    assert harmless("one\r\ntwo", multiline=True) == "one␍\ntwo"


@given(st.text())
@example("\u001b]0;TITLE\u0007\u001b[2J")
@example("\ud800")  # a lone surrogate, as a hand-edited file with \\ud800 decodes
def test_harmless_never_leaves_a_control_character(text: str) -> None:
    for multiline in (False, True):
        out = harmless(text, multiline=multiline)
        assert not [c for c in out if unsafe(c, multiline=multiline)], repr(out)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))))
def test_harmless_is_the_identity_on_printable_text(text: str) -> None:
    text = "".join(c for c in text if c not in BIDI and c.isprintable())
    assert harmless(text) == text
    assert harmless(text, multiline=True) == text


@given(st.text())
def test_harmless_is_idempotent(text: str) -> None:
    once = harmless(text)
    assert harmless(once) == once


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("a=1", "a=1"),
        ("waiting room", "waiting room"),
        ("", ""),
        ("\x1b=1", "␛=1"),
        (12, "12"),
    ],
)
def test_csv_cell_table(value: object, cell: str) -> None:
    assert csv_cell(value) == cell


@given(st.text())
def test_csv_cell_is_harmless_and_never_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert not [c for c in cell if unsafe(c)]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_cell(cell) == cell
