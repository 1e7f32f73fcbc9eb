"""The visit sheet: one appointment on one page, to take along on paper or on a phone.

Why: 40-80% of what a clinician says is forgotten at once (Kessels 2003), and people with a
question list ask more of what matters to them (Clayton 2007). So the sheet holds what the
person needs in the room: when and where, who to bring, their questions (the top three first,
marked) with room to write each answer, and the plan B they wrote in a reappraisal for this
appointment. After the visit, with a debrief, the same sheet carries what was said.

One :class:`Sheet` is built from the record (:func:`build_sheet`, which reads any JSON value
without raising: a hand-edited file can hold a number where a question should be) and written
in three forms: plain text (:func:`as_text`, 72 columns, fits one A4 or Letter page with about
eight questions), Markdown (:func:`as_markdown`) and a small printable web page
(:func:`as_html`: inline CSS, one column that reads on a phone, no tables, boxes to write in
when printed). Every string from the data is made harmless (:func:`~pacer.domain.text.harmless`)
and then escaped for the format, so a title holding an escape sequence or ``<script>`` shows
as characters and is never run. Pure: no files, no clock, no Textual.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pacer.domain.appointments import KINDS, ordered_questions, when_of
from pacer.domain.records import TOP_QUESTIONS
from pacer.domain.text import harmless

Format = Literal["text", "markdown", "html"]
#: The file endings that choose a format; anything else is plain text.
ENDINGS: dict[str, Format] = {".md": "markdown", ".markdown": "markdown", ".html": "html",
                              ".htm": "html"}
#: The text sheet's width: fits A4 and Letter in a 12-point monospace font with margins.
WIDTH = 72
#: The start of the reappraisal prompt whose answer is the plan B (see
#: :data:`pacer.domain.reappraisal.INGREDIENTS`, "Sense of control").
PLAN_B_PROMPT = "Plan B"


@dataclass(frozen=True)
class Question:
    """One question on the sheet; ``answer`` is None before the visit (room is left)."""

    text: str
    top: bool
    answer: str | None = None


@dataclass(frozen=True)
class Sheet:
    """What a visit sheet shows, already made harmless (not yet escaped for a format)."""

    title: str
    when: str
    where: str
    bring: str
    notes: str
    questions: tuple[Question, ...]
    plan_b: str = ""
    check_ins: tuple[str, ...] = ()
    #: The debrief, when the appointment has one (then the answers are in ``questions``).
    debriefed: bool = False
    debrief_day: str = ""
    other: str = ""
    next_steps: str = ""
    next_when: str = ""
    stress: int | None = None
    finish_line: str = ""
    #: How many questions at the start are marked as top ones (0 to 3).
    top_count: int = 0


def _text(value: Any) -> str:
    """A field as one harmless, trimmed string; anything that is not a string is empty."""
    return harmless(value, multiline=True).strip() if isinstance(value, str) else ""


def _moment(value: Any) -> datetime | None:
    """An ISO datetime string (or a datetime), or None for anything else."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        return None


def when_words(when: datetime) -> str:
    """"Thursday 3 December 2026, 9:30": the day named, the year always (paper is kept), and
    the wall clock the appointment was made in (its own stored offset, the local time)."""
    return f"{when:%A} {when.day} {when:%B} {when.year}, {when.hour}:{when.minute:02d}"


def _day_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def plan_b(entries: Iterable[Mapping[str, Any]], appointment_id: str) -> str:
    """The plan B written for this appointment, or "".

    It is the answer to the "Plan B: if the news you fear came..." prompt of a reappraisal
    entry with this ``appointment_id``: the newest such entry that has one (a later
    reappraisal that skipped that question does not take the plan away). Entries come oldest
    first, as the journal lists them; any odd value is skipped, never raised on.
    """
    found = ""
    for entry in entries:
        if not isinstance(entry, Mapping) or entry.get("kind") != "reappraisal":
            continue
        if entry.get("appointment_id") != appointment_id:
            continue
        answers = entry.get("answers")
        rows = answers.get("control") if isinstance(answers, Mapping) else None
        for row in rows if isinstance(rows, list) else []:
            if not isinstance(row, Mapping):
                continue
            prompt, answer = row.get("prompt"), _text(row.get("answer"))
            if isinstance(prompt, str) and prompt.startswith(PLAN_B_PROMPT) and answer:
                found = answer
    return found


def _debrief_answers(debrief: Mapping[str, Any]) -> dict[str, str]:
    rows = debrief.get("answers")
    out: dict[str, str] = {}
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, Mapping) and isinstance(row.get("question"), str):
            out.setdefault(row["question"], _text(row.get("answer")))
    return out


def build_sheet(
    appointment: Mapping[str, Any],
    *,
    journal: Iterable[Mapping[str, Any]] = (),
    check_ins: Sequence[str] = (),
) -> Sheet:
    """The sheet of one appointment (a dict as stored); never raises for any JSON value.

    ``journal``: the journal's entries, for the plan B. ``check_ins``: lines for "How the weeks
    went", given by the caller (the section is left out when there are none).
    """
    record = appointment if isinstance(appointment, Mapping) else {}
    kind = record.get("kind")
    title = KINDS.get(kind, "Appointment") if isinstance(kind, str) else "Appointment"
    when = when_of(dict(record))
    questions_in = ordered_questions(dict(record))
    marked = record.get("top_questions")
    tops = {q for q in marked if isinstance(q, str)} if isinstance(marked, list) else set()
    top_count = len([q for q in questions_in[:TOP_QUESTIONS] if q in tops])
    debrief = record.get("debrief")
    answers = _debrief_answers(debrief) if isinstance(debrief, Mapping) else {}
    debriefed = isinstance(debrief, Mapping)
    questions: list[Question] = []
    for index, question in enumerate(questions_in):
        answer = answers.get(question, "") if debriefed else None
        questions.append(Question(_text(question), index < top_count, answer))
    if debriefed:
        asked = set(questions_in)
        questions += [Question(_text(q), False, a) for q, a in answers.items() if q not in asked]
    extra: dict[str, Any] = {}
    if isinstance(debrief, Mapping):
        created = _moment(debrief.get("created"))
        next_when = _moment(debrief.get("next_when"))
        stress = debrief.get("stress")
        extra = {
            "debrief_day": _day_words(created.date()) if created else "",
            "other": _text(debrief.get("other")),
            "next_steps": _text(debrief.get("next_steps")),
            "next_when": when_words(next_when) if next_when else "",
            "stress": stress if isinstance(stress, int) and not isinstance(stress, bool)
            and 0 <= stress <= 10 else None,
            "finish_line": _text(debrief.get("finish_line")),
        }
    record_id = record.get("id")
    return Sheet(
        title=title,
        when=when_words(when) if when else "Time not known",
        where=_text(record.get("where")),
        bring=_text(record.get("bring")),
        notes=_text(record.get("notes")),
        questions=tuple(questions),
        plan_b=plan_b(journal, record_id) if isinstance(record_id, str) else "",
        check_ins=tuple(t for t in (_text(c) for c in check_ins) if t),
        debriefed=debriefed,
        top_count=top_count,
        **extra,
    )


def format_for(path: str) -> Format:
    """The format a file name asks for: .md Markdown, .html a web page, anything else text."""
    lowered = path.lower()
    for ending, kind in ENDINGS.items():
        if lowered.endswith(ending):
            return kind
    return "text"


#: Each format's file ending, for the names the TUI's buttons give files.
SUFFIXES: dict[Format, str] = {"text": ".txt", "markdown": ".md", "html": ".html"}


def file_name(appointment: Mapping[str, Any], kind: Format) -> str:
    """A name a person can find again: "visit-sheet-2026-12-03-scan.md" (only the day and a
    known kind: nothing typed goes into a file name)."""
    record = dict(appointment) if isinstance(appointment, Mapping) else {}
    when = when_of(record)
    kind_key = record.get("kind")
    parts = ["visit-sheet"]
    if when is not None:
        parts.append(when.date().isoformat())
    if isinstance(kind_key, str) and kind_key in KINDS:
        parts.append(kind_key)
    return "-".join(parts) + SUFFIXES[kind]


def render(sheet: Sheet, kind: Format) -> str:
    """The sheet in ``kind``: "text", "markdown" or "html"."""
    if kind == "markdown":
        return as_markdown(sheet)
    if kind == "html":
        return as_html(sheet)
    return as_text(sheet)


# --- words shared by the three forms ----------------------------------------------------------

TOP_NOTE = "Your top {count} questions come first."
ANSWER_ROOM = "Answer:"
PLAN_B_HEADING = "Plan B"
PLAN_B_INTRO = "If the news you fear came, your first step:"
CHECK_INS_HEADING = "How the weeks went"
AFTER_HEADING = "After the visit"


def _after_lines(sheet: Sheet) -> list[tuple[str, str]]:
    """(label, words) of the debrief, in the order the sheet shows them."""
    rows = [("Anything else that was said", sheet.other),
            ("What happens next", sheet.next_steps),
            ("Next date", sheet.next_when),
            ("Stress afterwards", f"{sheet.stress} out of 10" if sheet.stress is not None
             else ""),
            ("Your finish line", sheet.finish_line)]
    return [(label, words) for label, words in rows if words]


def _top_note(sheet: Sheet) -> str:
    """"Your top 3 questions come first.", or "" when none is marked."""
    if sheet.top_count == 0:
        return ""
    if sheet.top_count == 1:
        return "Your top question comes first."
    return TOP_NOTE.format(count=sheet.top_count)


# --- plain text -------------------------------------------------------------------------------


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    """Wrap each line of ``text`` to :data:`WIDTH`; a blank line stays blank."""
    out: list[str] = []
    lead = indent if first is None else first
    for line in text.splitlines() or [""]:
        if not line.strip():
            out.append("")
            continue
        out += textwrap.wrap(line, WIDTH, initial_indent=lead, subsequent_indent=indent,
                             break_long_words=True, break_on_hyphens=False) or [lead.rstrip()]
        lead = indent
    return out


def _heading(words: str, mark: str = "-") -> list[str]:
    return ["", words, mark * len(words)]


def as_text(sheet: Sheet) -> str:
    """Plain text, 72 columns: prints on one page, reads in any editor or e-mail."""
    title = f"Visit sheet: {sheet.title}"
    lines = [title, "=" * len(title), ""]
    for label, value in (("When", sheet.when), ("Where", sheet.where),
                         ("Who to bring", sheet.bring), ("Notes", sheet.notes)):
        if value:
            lines += _wrap(value, " " * 14, f"{label + ':':<14}")
    lines += _heading("Questions")
    if not sheet.questions:
        lines.append("No questions written yet. Write them here:")
        lines += ["", "_" * WIDTH, "", "_" * WIDTH]
    elif note := _top_note(sheet):
        lines.append(note)
    for number, question in enumerate(sheet.questions, start=1):
        mark = "Top: " if question.top else ""
        lines.append("")
        lines += _wrap(mark + question.text, "    ", f"{number}. ".ljust(4))
        if question.answer is None:
            lines += [f"    {ANSWER_ROOM} " + "_" * (WIDTH - 5 - len(ANSWER_ROOM)),
                      "    " + "_" * (WIDTH - 4)]
        else:
            lines += _wrap(question.answer or "(nothing written)", "      ", "    > ")
    if sheet.plan_b:
        lines += _heading(PLAN_B_HEADING)
        lines.append(PLAN_B_INTRO)
        lines += _wrap(sheet.plan_b, "  ")
    if sheet.check_ins:
        lines += _heading(CHECK_INS_HEADING)
        for line in sheet.check_ins:
            lines += _wrap(line, "  ", "- ")
    if sheet.debriefed:
        lines += _heading(AFTER_HEADING + (f", written {sheet.debrief_day}"
                                           if sheet.debrief_day else ""))
        for label, words in _after_lines(sheet):
            lines.append(f"{label}:")
            lines += _wrap(words, "  ")
    return "\n".join(lines).rstrip() + "\n"


# --- Markdown ---------------------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def md(text: str) -> str:
    """Text made literal in Markdown: no emphasis, links, raw HTML or headings from the data.

    Inline marks (and ``<`` ``&``, so no HTML) get a backslash, as do the marks that start a
    heading, a quote or a list at the start of a line. Lines are joined with hard breaks.
    """
    out = []
    for line in text.splitlines():
        escaped = _MD_INLINE.sub(r"\\\1", line)
        escaped = _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped)
        out.append(escaped.strip())
    return "  \n".join(out)


def as_markdown(sheet: Sheet) -> str:
    """Markdown: the same sheet, for a notes app or a message to someone coming along."""
    lines = [f"# Visit sheet: {md(sheet.title)}", ""]
    for label, value in (("When", sheet.when), ("Where", sheet.where),
                         ("Who to bring", sheet.bring), ("Notes", sheet.notes)):
        if value:
            lines += [f"**{label}:** {md(value)}", ""]
    lines += ["## Questions", ""]
    if not sheet.questions:
        lines += ["No questions written yet.", ""]
    elif note := _top_note(sheet):
        lines += [note, ""]
    for number, question in enumerate(sheet.questions, start=1):
        mark = "**Top:** " if question.top else ""
        lines.append(f"{number}. {mark}{md(question.text)}")
        if question.answer is None:
            lines += ["", f"   {ANSWER_ROOM} " + "_" * 40, ""]
        else:
            lines += ["", f"   > {md(question.answer) or '(nothing written)'}", ""]
    if sheet.plan_b:
        lines += [f"## {PLAN_B_HEADING}", "", PLAN_B_INTRO, "", md(sheet.plan_b), ""]
    if sheet.check_ins:
        lines += [f"## {CHECK_INS_HEADING}", ""]
        lines += [f"- {md(line)}" for line in sheet.check_ins] + [""]
    if sheet.debriefed:
        day = f", written {sheet.debrief_day}" if sheet.debrief_day else ""
        lines += [f"## {AFTER_HEADING}{day}", ""]
        for label, words in _after_lines(sheet):
            lines += [f"**{label}:** {md(words)}", ""]
    return "\n".join(lines).rstrip() + "\n"


# --- a printable web page ---------------------------------------------------------------------

STYLE = """
  body { font: 12pt/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111;
         background: #fff; max-width: 40em; margin: 1.5em auto; padding: 0 1em; }
  h1 { font-size: 1.5em; margin: 0 0 .5em; }
  h2 { font-size: 1.15em; margin: 1.2em 0 .4em; border-bottom: 1px solid #999; }
  p { margin: .3em 0; }
  .label { font-weight: bold; }
  .pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  ol { padding-left: 1.6em; }
  li { margin: 0 0 .7em; break-inside: avoid; page-break-inside: avoid; }
  .top { font-weight: bold; font-size: .85em; border: 1px solid #111; border-radius: 3px;
         padding: 0 .3em; margin-right: .3em; }
  .box { border: 1px solid #777; border-radius: 4px; min-height: 3.2em; margin-top: .3em; }
  .answer { border-left: 3px solid #777; padding-left: .6em; margin-top: .3em; }
  @page { margin: 12mm 15mm; }
  @media print {
    body { margin: 0; max-width: none; font-size: 10.5pt; line-height: 1.25; }
    h2 { margin-top: .8em; }
    li { margin-bottom: .3em; }
    .box { min-height: 2.3em; }
  }
"""


def h(text: str) -> str:
    """Text made literal in HTML (quotes too, so it is safe in an attribute)."""
    return html.escape(text, quote=True)


def as_html(sheet: Sheet) -> str:
    """One printable page: inline CSS, one column (reads on a phone), a box for each answer."""
    title = f"Visit sheet: {h(sheet.title)}"
    body = [f"<h1>{title}</h1>"]
    for label, value in (("When", sheet.when), ("Where", sheet.where),
                         ("Who to bring", sheet.bring), ("Notes", sheet.notes)):
        if value:
            body.append(f'<p><span class="label">{label}:</span> '
                        f'<span class="pre">{h(value)}</span></p>')
    body.append("<h2>Questions</h2>")
    if not sheet.questions:
        body.append('<p>No questions written yet. Write them here:</p><div class="box"></div>')
    elif note := _top_note(sheet):
        body.append(f"<p>{note}</p>")
    if sheet.questions:
        body.append("<ol>")
        for question in sheet.questions:
            mark = '<span class="top">Top</span>' if question.top else ""
            if question.answer is None:
                room = '<div class="box" aria-label="Room for the answer"></div>'
            else:
                room = (f'<div class="answer pre">{h(question.answer or "(nothing written)")}'
                        "</div>")
            body.append(f'<li>{mark}<span class="pre">{h(question.text)}</span>{room}</li>')
        body.append("</ol>")
    if sheet.plan_b:
        body += [f"<h2>{PLAN_B_HEADING}</h2>", f"<p>{PLAN_B_INTRO}</p>",
                 f'<p class="pre">{h(sheet.plan_b)}</p>']
    if sheet.check_ins:
        body += [f"<h2>{CHECK_INS_HEADING}</h2>", "<ul>"]
        body += [f'<li class="pre">{h(line)}</li>' for line in sheet.check_ins]
        body.append("</ul>")
    if sheet.debriefed:
        day = f", written {h(sheet.debrief_day)}" if sheet.debrief_day else ""
        body.append(f"<h2>{AFTER_HEADING}{day}</h2>")
        for label, words in _after_lines(sheet):
            body.append(f'<p><span class="label">{label}:</span> '
                        f'<span class="pre">{h(words)}</span></p>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
