"""One way out: what a screen promises so that leaving the app never loses a word.

Every way out (``q``, ``ctrl+q``, ``ctrl+c``, a closed terminal window, SIGTERM, a broken pipe)
goes through :meth:`pacer.app.PacerApp.leave`, which walks the screen stack and

* asks each :class:`KeepsWords` screen with unsaved words to keep them as a draft
  (:meth:`KeepsWords.keep_draft`: synchronous and durable, because after a signal there is no
  event loop left to wait for), and
* asks each :class:`SavesPartial` screen (a breathing session) to save what was practised.

Only ``q`` asks first, and only when the top screen holds unsaved words (as Escape does); the
other ways out cannot wait for an answer, so they keep the draft and go.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class KeepsWords(Protocol):
    """A form or flow that holds typed text which is not saved yet."""

    def has_unsaved_words(self) -> bool:
        """True when leaving now would lose something the person typed."""
        ...

    def keep_draft(self) -> None:
        """Write what is typed to the drafts (durably, now); never raises."""
        ...


@runtime_checkable
class SavesPartial(Protocol):
    """A running breathing session: saved as partial, with its real length, on the way out."""

    def save_partial(self) -> object:
        """Save the session so far (returns the screen's outcome); never raises."""
        ...
