"""Drafts: an unfinished reappraisal, kept word for word in `drafts.json`.

Nothing a person types should be lost: not by quitting, a crash or a closed terminal. The
reappraisal screen saves a draft as the person types (through ``services.drafts``), and
deletes it once the entry is saved or the person discards it.

This module is pure: it turns a flow into a draft record and back. Reading and writing
drafts.json is the drafts service's job (:mod:`pacer.services.drafts`).

A draft record: `{"id", "kind": "reappraisal", "mode", "step", "answers", "context",
"started", "updated"}`. Restoring is exact: same step, same words, same id (the id becomes the
journal entry's id, so a draft restored after its entry was already saved cannot be saved twice
unnoticed).
"""

from __future__ import annotations

import copy
import uuid
from datetime import datetime
from typing import Any

from pacer.domain.reappraisal import INGREDIENTS, Mode, ReappraisalFlow, Step
from pacer.domain.text import harmless

DRAFT_KIND = "reappraisal"


def to_draft(flow: ReappraisalFlow, now: datetime) -> dict[str, Any]:
    """The draft record of a flow in progress (a deep copy: later typing does not change it)."""
    return {
        "id": flow.id,
        "kind": DRAFT_KIND,
        "mode": flow.mode,
        "step": flow.step.value,
        "answers": copy.deepcopy(flow.answers),
        "context": copy.deepcopy(flow.context),
        "started": flow.started or now.isoformat(timespec="seconds"),
        "updated": now.isoformat(timespec="seconds"),
    }


def from_draft(draft: dict[str, Any]) -> ReappraisalFlow:
    """Rebuild the flow a draft was made from: same id, step and words.

    Drafts are hand-editable JSON, so anything odd is repaired rather than refused: unknown
    steps go to the first step, answers that are not text become text, unknown ticks are
    dropped. Words are never dropped.
    """
    raw_answers = draft.get("answers")
    answers: dict[str, Any] = {}
    if isinstance(raw_answers, dict):
        for key, value in raw_answers.items():
            if key == "nuts":
                if isinstance(value, list):
                    answers["nuts"] = [i.key for i in INGREDIENTS if i.key in value]
            elif key == "sprint":
                answers["sprint"] = value if value in ("yes", "no") else "no"
            elif value is None:
                continue
            else:
                answers[str(key)] = value if isinstance(value, str) else str(value)
    mode: Mode = "short" if draft.get("mode") == "short" else "full"
    try:
        step = Step(str(draft.get("step")))
    except ValueError:
        step = Step.SITUATION
    context = draft.get("context")
    # A step the path no longer has (say, an ingredient unticked by hand) falls back to the
    # first step in ReappraisalFlow.__post_init__.
    return ReappraisalFlow(
        mode=mode,
        answers=answers,
        step=step,
        id=_entry_id(draft.get("id")),
        started=str(draft["started"]) if draft.get("started") else None,
        context=dict(context) if isinstance(context, dict) else {},
    )


def _entry_id(value: object) -> str:
    """The draft's id if it can be the journal entry's id (a UUID), else a new one."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return str(uuid.uuid4())


def latest_draft(drafts: list[Any], kind: str = DRAFT_KIND) -> dict[str, Any] | None:
    """The most recently updated draft of `kind` (drafts with no usable time count as oldest).

    Hand-edited files can hold anything: entries that are not objects are passed over.
    """

    def key(draft: dict[str, Any]) -> float:
        try:
            return datetime.fromisoformat(str(draft.get("updated"))).timestamp()
        except (ValueError, OverflowError, OSError):
            return float("-inf")

    mine = [d for d in drafts if isinstance(d, dict) and d.get("kind") == kind]
    return max(mine, key=key) if mine else None


def draft_words(draft: dict[str, Any], limit: int = 240) -> str:
    """The person's own words from a draft, to show before asking "continue or discard?".

    Made harmless (:func:`harmless`): a draft holding escape sequences shows them as
    characters. Still plain text: a screen shows it without markup.
    """
    raw = draft.get("answers")
    answers: dict[Any, Any] = raw if isinstance(raw, dict) else {}
    situation = answers.get("situation")
    text = situation.strip() if isinstance(situation, str) else ""
    text = text or next(
        (v.strip() for k, v in answers.items()
         if isinstance(v, str) and v.strip() and k not in ("sprint", "stress_before")),
        "",
    )
    text = harmless(text, multiline=True)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def draft_notice_line(drafts: list[Any]) -> str | None:
    """The Today screen's line when a reappraisal draft is waiting, else None (one line)."""
    draft = latest_draft(drafts)
    words = " ".join(draft_words(draft, limit=40).split()) if draft is not None else ""
    return f"Unfinished reappraisal: “{words}”. Press r to carry on." if words else None
