"""The visit sheet: each format, top questions first, plan B, the debrief, hostile text.

A person prints this or opens it on a phone in the waiting room, so it must read well in every
form, and a file edited by hand (or text pasted from anywhere) must never break it or run as
markup.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from pacer.domain.reappraisal import BY_KEY
from pacer.domain.sheet import (
    WIDTH,
    as_html,
    as_markdown,
    as_text,
    build_sheet,
    format_for,
    plan_b,
    render,
)

PLAN_B_PROMPT = BY_KEY["control"].prompts[2]
HOSTILE = "\u001b]0;TITLE\u0007\u001b[2J[b]x</li><script>alert(1)</script>*em* \u202eevil"

SCAN: dict[str, Any] = {
    "id": "a1",
    "kind": "scan",
    "when": "2026-12-03T09:30:00+01:00",
    "where": "City Hospital, Level 2",
    "notes": "Bring the referral letter.\nNo food after midnight.",
    "bring": "Sam",
    "questions": [
        "Why this test, and what are you looking for?",
        "When and how will I get the results?",
        "Who can I call with questions before then?",
        "What happens next, either way?",
    ],
    "top_questions": ["When and how will I get the results?",
                      "What happens next, either way?"],
}


def reappraisal(appointment_id: str, answer: str, created: str = "2026-12-01T10:00:00+01:00"
                ) -> dict[str, Any]:
    return {"id": f"r-{answer}", "kind": "reappraisal", "created": created,
            "appointment_id": appointment_id,
            "answers": {"control": [{"prompt": "What is in your hands?", "answer": "Questions"},
                                    {"prompt": PLAN_B_PROMPT, "answer": answer}]}}


def debriefed(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "debrief": {
        "created": "2026-12-03T12:00:00+01:00",
        "answers": [
            {"question": "When and how will I get the results?",
             "answer": "Friday, by phone from the nurse."},
            {"question": "Can I drive home?", "answer": "Yes."},
        ],
        "other": "The scan took 20 minutes.",
        "next_steps": "Results visit with Dr Lee.",
        "next_when": "2026-12-10T14:00:00+01:00",
        "stress": 4,
        "finish_line": "Still on track for the trip in June.",
    }}


class TextFile(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    _file_extension = "txt"


class MarkdownFile(TextFile):
    _file_extension = "md"


class HtmlFile(TextFile):
    _file_extension = "html"


# --- golden sheets ----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "extension"), [("text", TextFile), ("markdown", MarkdownFile),
                                                 ("html", HtmlFile)])
def test_a_sheet_in_each_format_matches_its_snapshot(
    kind: Any, extension: type[TextFile], snapshot: Any
) -> None:
    sheet = build_sheet(SCAN, journal=[reappraisal("a1", "Call Sam, then the nurse.")],
                        check_ins=["Week 1: tired but walking every day."])
    assert render(sheet, kind) == snapshot(extension_class=extension)


@pytest.mark.parametrize(("kind", "extension"), [("text", TextFile), ("markdown", MarkdownFile),
                                                 ("html", HtmlFile)])
def test_a_debriefed_sheet_in_each_format_matches_its_snapshot(
    kind: Any, extension: type[TextFile], snapshot: Any
) -> None:
    assert render(build_sheet(debriefed(SCAN)), kind) == snapshot(extension_class=extension)


# --- what is on it ----------------------------------------------------------------------------


def test_the_text_sheet_names_the_day_the_place_who_to_bring_and_the_notes() -> None:
    text = as_text(build_sheet(SCAN))
    assert "When:         Thursday 3 December 2026, 9:30" in text
    assert "Where:        City Hospital, Level 2" in text
    assert "Who to bring: Sam" in text
    assert "Bring the referral letter.\n              No food after midnight." in text


def test_the_time_is_the_wall_clock_it_was_made_in() -> None:
    summer = {**SCAN, "when": "2026-07-02T16:05:00+02:00"}
    assert "Thursday 2 July 2026, 16:05" in as_text(build_sheet(summer))


@pytest.mark.parametrize("render_one", [as_text, as_markdown, as_html])
def test_the_top_questions_come_first_marked_in_the_order_marked(render_one: Any) -> None:
    out = render_one(build_sheet(SCAN))
    order = [out.index(q) for q in ("When and how will I get the results?",
                                    "What happens next, either way?",
                                    "Why this test, and what are you looking for?",
                                    "Who can I call with questions before then?")]
    assert order == sorted(order)
    assert "Your top 2 questions come first." in out


def test_only_the_top_questions_are_marked_top() -> None:
    text = as_text(build_sheet(SCAN))
    assert text.count("Top: ") == 2
    assert "1.  Top: When and how will I get the results?" in text
    assert "3.  Why this test, and what are you looking for?" in text
    html_page = as_html(build_sheet(SCAN))
    assert html_page.count('<span class="top">Top</span>') == 2
    assert as_markdown(build_sheet(SCAN)).count("**Top:**") == 2


def test_no_top_note_when_none_is_marked() -> None:
    plain = {**SCAN, "top_questions": []}
    assert "come first" not in as_text(build_sheet(plain))


@pytest.mark.parametrize("render_one", [as_text, as_markdown, as_html])
def test_each_question_has_room_for_its_answer(render_one: Any) -> None:
    out = render_one(build_sheet(SCAN))
    if render_one is as_html:
        assert out.count('<div class="box"') == len(SCAN["questions"])
    else:
        assert out.count("Answer:") == len(SCAN["questions"])


def test_no_questions_leaves_room_to_write_some() -> None:
    text = as_text(build_sheet({**SCAN, "questions": [], "top_questions": []}))
    assert "No questions written yet. Write them here:" in text


def test_eight_questions_fit_one_printed_page() -> None:
    many = {**SCAN, "questions": [f"Question number {n}: is this something worth asking the "
                                  f"team about today, or can it wait?" for n in range(8)],
            "notes": "A note that runs on for a while. " * 6}
    sheet = build_sheet(many, journal=[reappraisal("a1", "Call Sam first.")])
    lines = as_text(sheet).splitlines()
    assert len(lines) <= 60  # one A4 or Letter page at 12 points
    assert max(len(line) for line in lines) <= WIDTH


def test_the_html_page_is_for_print_and_phones() -> None:
    page = as_html(build_sheet(SCAN))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<table" not in page and "@media print" in page and "max-width: 40em" in page
    assert '<link' not in page and "<script" not in page  # nothing fetched, nothing run


# --- plan B -----------------------------------------------------------------------------------


def test_plan_b_is_the_newest_one_written_for_this_appointment() -> None:
    entries = [reappraisal("a1", "Old plan."), reappraisal("other", "Not this one."),
               reappraisal("a1", "Call Sam, then the nurse.", "2026-12-02T10:00:00+01:00")]
    assert plan_b(entries, "a1") == "Call Sam, then the nurse."
    text = as_text(build_sheet(SCAN, journal=entries))
    assert "Plan B\n------\nIf the news you fear came, your first step:\n" \
           "  Call Sam, then the nurse." in text
    assert "Old plan" not in text and "Not this one" not in text


def test_a_later_reappraisal_without_a_plan_b_keeps_the_earlier_one() -> None:
    later = {**reappraisal("a1", "x"), "answers": {"control": [{"prompt": PLAN_B_PROMPT,
                                                                 "answer": "  "}]}}
    assert plan_b([reappraisal("a1", "Call Sam."), later], "a1") == "Call Sam."


def test_no_plan_b_no_section() -> None:
    for render_one in (as_text, as_markdown, as_html):
        assert "Plan B" not in render_one(build_sheet(SCAN))


@pytest.mark.parametrize("odd", [None, 3, "text", [1], {"answers": 5, "kind": "reappraisal",
                                                         "appointment_id": "a1"},
                                 {"kind": "reappraisal", "appointment_id": "a1",
                                  "answers": {"control": [7, {"prompt": 1, "answer": 2}]}}])
def test_odd_journal_entries_are_skipped(odd: Any) -> None:
    assert plan_b([odd, reappraisal("a1", "Call Sam.")], "a1") == "Call Sam."


# --- check-ins and the debrief ----------------------------------------------------------------


def test_check_ins_show_only_when_given() -> None:
    assert "How the weeks went" not in as_text(build_sheet(SCAN))
    text = as_text(build_sheet(SCAN, check_ins=["Week 1: tired", "Week 2: better"]))
    assert "How the weeks went\n------------------\n- Week 1: tired\n- Week 2: better" in text


def test_the_debrief_puts_answers_under_their_questions() -> None:
    text = as_text(build_sheet(debriefed(SCAN)))
    assert "1.  Top: When and how will I get the results?\n" \
           "    > Friday, by phone from the nurse." in text
    assert "Answer:" not in text  # the visit is over: what was said, not blank lines
    assert "(nothing written)" in text  # a question with no answer says so
    assert "Can I drive home?\n    > Yes." in text  # asked on the day, not on the list


@pytest.mark.parametrize("render_one", [as_text, as_markdown, as_html])
def test_the_debrief_says_what_else_was_said_what_next_and_the_stress(render_one: Any) -> None:
    out = render_one(build_sheet(debriefed(SCAN)))
    for words in ("After the visit, written Thursday 3 December 2026",
                  "The scan took 20 minutes.", "Results visit with Dr Lee.",
                  "Thursday 10 December 2026, 14:00", "4 out of 10",
                  "Still on track for the trip in June."):
        assert words in out


# --- hostile and odd values -------------------------------------------------------------------


def hostile_record() -> dict[str, Any]:
    return {**debriefed(SCAN), "where": HOSTILE, "notes": HOSTILE, "bring": HOSTILE,
            "questions": [HOSTILE, "Plain?"], "top_questions": [HOSTILE]}


def test_text_shows_escapes_as_visible_characters() -> None:
    text = as_text(build_sheet(hostile_record(), check_ins=[HOSTILE],
                               journal=[reappraisal("a1", HOSTILE)]))
    assert "\u001b" not in text and "\u0007" not in text and "\u202e" not in text
    assert "␛]0;TITLE␇␛[2J[b]x" in text and "\\u202e" in text


class _Collect(HTMLParser):
    """Every tag of a page, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_string() -> None:
    page = as_html(build_sheet(hostile_record(), check_ins=[HOSTILE],
                               journal=[reappraisal("a1", HOSTILE)]))
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags
    assert set(parser.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2",
                                "p", "span", "ol", "ul", "li", "div"}
    assert "\u001b" not in page and "<script>" not in page
    assert html.escape("</li><script>") in page
    assert "x</li><script>alert(1)</script>" in "".join(parser.text)


class _MarkdownLike:
    """What a Markdown renderer would take as markup: unescaped marks outside code."""

    MARKS: ClassVar[re.Pattern[str]] = re.compile(r"(?<!\\)[<*_\[`]")


def test_markdown_escapes_marks_and_html_from_the_data() -> None:
    record = {**SCAN, "where": "*bold* _em_ [link](http://x) <img src=x> `code`",
              "notes": "# Heading\n- list\n1. numbered\n> quote", "questions": ["**Q**?"],
              "top_questions": []}
    out = as_markdown(build_sheet(record))
    where = next(line for line in out.splitlines() if line.startswith("**Where:**"))
    assert not _MarkdownLike.MARKS.search(where.removeprefix("**Where:**"))
    assert "\\# Heading  \n\\- list  \n\\1. numbered  \n\\> quote" in out
    assert "1. \\*\\*Q\\*\\*?" in out


def test_format_by_file_ending() -> None:
    assert format_for("visit.md") == "markdown"
    assert format_for("Visit.HTML") == "html"
    assert format_for("visit.txt") == "text"
    assert format_for("visit") == "text"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
FIELDS = ("id", "kind", "when", "where", "notes", "questions", "top_questions", "bring",
          "minutes", "results_due", "debrief", "created")


@settings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries({}, optional={name: JSON for name in FIELDS}),
       st.lists(JSON, max_size=3))
def test_any_json_value_in_any_field_never_raises(record: dict[str, Any], journal: Any) -> None:
    for kind in ("text", "markdown", "html"):
        render(build_sheet(record, journal=journal), kind)  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(("created", "answers", "other", "next_steps",
                                        "next_when", "stress", "finish_line")), JSON))
def test_any_debrief_never_raises(debrief: dict[str, Any]) -> None:
    sheet = build_sheet({**SCAN, "debrief": debrief})
    assert sheet.debriefed
    for kind in ("text", "markdown", "html"):
        render(sheet, kind)  # type: ignore[arg-type]


def test_a_non_mapping_record_is_an_empty_sheet() -> None:
    assert "Time not known" in as_text(build_sheet([1, 2]))  # type: ignore[arg-type]


def test_file_names_hold_the_day_and_the_kind_only() -> None:
    from pacer.domain.sheet import file_name

    assert file_name(SCAN, "markdown") == "visit-sheet-2026-12-03-scan.md"
    assert file_name({**SCAN, "kind": "../../etc"}, "html") == "visit-sheet-2026-12-03.html"
    assert file_name({"when": 5}, "text") == "visit-sheet.txt"
