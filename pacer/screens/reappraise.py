"""Reappraise (`r`): a stressful situation looked at again with the NUTS questions.

One step at a time, keyboard only: the first field of each step has focus so a person can type
at once, Tab moves between fields, ctrl+n goes on (enter too, from the last one-line field),
ctrl+b goes back, ctrl+s saves at the end (or at the sprint), esc leaves.
:mod:`pacer.domain.reappraisal` holds the steps and their rules; this screen only shows them and
routes every change into the flow.

Nothing typed is lost: every change marks the draft dirty and wakes one writer (an async
worker that writes in a thread): it writes the newest words, and if more were typed meanwhile,
writes again, so a burst of typing is a few writes, never one per key, and the words on disk
are at most one write behind. :meth:`ReappraiseScreen.keep_draft` (the app's way out, a
signal, a closed window) writes the newest words synchronously, and never lets an older write
land after it. The draft is deleted only after the journal entry is on disk, or when the
person discards it. Data goes through ``host(self).services`` only.

The same screen runs the routine's short version (`ReappraisalFlow.short`): no draft (the
routine saves what was done when it ends), and it dismisses with the saved entry so the
routine can link it. Escape (or the way out) there saves what was written as a partial entry.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Label,
    RadioSet,
    Static,
    TextArea,
)

from pacer.domain.drafts import (
    DRAFT_KIND,
    draft_notice_line,
    draft_words,
    from_draft,
    to_draft,
)
from pacer.domain.errors import InputError
from pacer.domain.reappraisal import (
    CAVEAT,
    STEP_TEXT,
    SYMPTOMS,
    ReappraisalFlow,
    Step,
)
from pacer.domain.routine import finish_line, finish_line_text
from pacer.domain.text import harmless
from pacer.keymap import bind, display
from pacer.screens.dialogs import DIALOG_CSS
from pacer.screens.host import host, wall_now
from pacer.screens.problems import report_problems
from pacer.services import SaveError, Services
from pacer.widgets.nuts_form import NUTS_FORM_CSS, cursor_blink, field_box, first_control


class ReappraiseScreen(Screen[dict[str, Any] | None]):
    """The reappraisal flow, one step on screen at a time. Dismisses with the saved entry."""

    DEFAULT_CSS = (
        NUTS_FORM_CSS
        + """
    #reappraise {
        padding: 1 2 0 2;
        scrollbar-size-vertical: 1;
    }
    /* Short terminals: the step's fields take the room they need and the whole step scrolls
       (in #reappraise), instead of a one-line window onto the fields. */
    ReappraiseScreen.-short #reappraise {
        padding: 0 1;
    }
    ReappraiseScreen.-short #step-body {
        height: auto;
    }
    ReappraiseScreen.-short #step-intro {
        margin-bottom: 0;
    }
    #step-count {
        color: $text-muted;
        width: 1fr;
    }
    #step-title {
        color: $primary;
        text-style: bold;
        width: 1fr;
    }
    #step-intro {
        color: $text;
        margin-bottom: 1;
    }
    #step-body {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    #step-note {
        color: $text-muted;
        height: auto;
    }
    #step-note.-safety {
        color: $warning;
    }
    #step-error {
        color: $warning;
        width: 1fr;
        height: auto;
    }
    #step-buttons {
        height: 1;
        margin-top: 1;
    }
    #step-buttons Button {
        margin-right: 2;
        min-width: 10;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("next"),
        bind("save"),
        bind("previous"),
        bind("leave"),
    ]

    HELP_TITLE = "Reappraise"
    HELP = (
        "A few questions to look at a stressful situation again. Type your answers; Tab moves "
        f"between fields. {display('next')} goes on, {display('previous')} goes back, "
        f"{display('save')} saves at the end. {display('leave')} leaves: your words are kept as "
        "a draft, and r brings them back."
    )

    def __init__(
        self,
        flow: ReappraisalFlow | None = None,
        *,
        restored: bool = False,
        drop: str | None = None,
    ) -> None:
        """``restored``: the flow came from a draft (it is on disk already). ``drop``: a draft
        to delete off the event loop once open (discarded, or its entry already saved)."""
        super().__init__()
        self.flow = flow or ReappraisalFlow()
        #: The full flow keeps a draft; the routine's short one saves a partial entry instead.
        self.drafting = self.flow.mode == "full"
        self.saved_entry: dict[str, Any] | None = None
        self._goal: dict[str, Any] | None = None
        self._drop = drop
        #: Every change bumps ``_seq``; ``_written`` is the newest change on disk. The lock
        #: keeps a slower, older write from landing after a newer one.
        self._seq = 0
        self._written = 0
        self._write_lock = threading.Lock()
        self._draft_exists = restored
        self._draft_warned = False
        self._writer_running = False
        self._saving = False
        self._left = False

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # One scrolling column: on a small terminal (40x12) the step's fields, note and buttons
        # scroll as one, and whatever has focus is scrolled into view.
        with VerticalScroll(id="reappraise", can_focus=False):
            yield Label("", id="step-count")
            yield Label("", id="step-title")
            yield Static("", id="step-intro")
            yield VerticalScroll(id="step-body")
            yield Static("", id="step-note")
            yield Label("", id="step-error")
            with Horizontal(id="step-buttons"):
                yield Button("Back", id="back", compact=True)
                yield Button("Next", id="next", compact=True, variant="primary")
                yield Button("Save here", id="finish-sprint", compact=True)
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        if self.flow.started is None:
            self.flow.started = wall_now(self).isoformat(timespec="seconds")
        self._goal = finish_line(host(self).services.goals.listing().items,
                                 wall_now(self).date())
        if self._drop is not None:
            self.run_worker(self._delete_draft(self._drop), group="reappraise-draft")
        await self.show_step()

    async def _delete_draft(self, draft_id: str) -> None:
        drafts = host(self).services.drafts
        try:
            await asyncio.to_thread(drafts.delete, draft_id)
        except SaveError as error:
            self.notify(harmless(f"The old draft could not be removed: {error}"),
                        severity="warning", markup=False)

    async def show_step(self) -> None:
        """Put the current step on screen with the person's words, and focus its first field."""
        flow = self.flow
        text = STEP_TEXT[flow.step]
        name = "Reappraise" if flow.mode == "full" else "Look at it again"
        self.query_one("#step-count", Label).update(
            f"{name}  ·  step {flow.index + 1} of {flow.count}"
        )
        self.query_one("#step-title", Label).update(text.title)
        self.query_one("#step-intro", Static).update(text.intro)
        body = self.query_one("#step-body", VerticalScroll)
        await body.remove_children()
        blink = cursor_blink(host(self).reduced_motion)
        await body.mount_all(
            field_box(f, flow.answers.get(f.key), blink=blink, required=flow.required(f))
            for f in text.fields
        )
        for area in body.query(TextArea):
            area.move_cursor(area.document.end)  # carry on writing after the restored words
        self._error("")
        self._sync()
        control = first_control(body)
        if control is not None:
            control.focus()
        body.scroll_home(animate=False)

    def _sync(self) -> None:
        """Everything that depends on the answers: sprint fields, counts, notes, buttons."""
        flow = self.flow
        sprint_step = flow.step is Step.SPRINT
        for key in ("action", "contact"):
            for box in self.query(f"#box-{key}"):
                box.display = flow.sprint
        name = "Reappraise" if flow.mode == "full" else "Look at it again"
        self.query_one("#step-count", Label).update(
            f"{name}  ·  step {flow.index + 1} of {flow.count}"
        )
        note = self.query_one("#step-note", Static)
        note.set_class(sprint_step, "-safety")
        note.update(self._note_text())
        # On step 1, Back leaves (as Esc does, keeping the words): a Back that does nothing
        # reads as broken.
        back = self.query_one("#back", Button)
        back.tooltip = "Leave, keeping your words" if flow.is_first else None
        last = flow.is_last
        self.query_one("#next", Button).label = "Save" if last else "Next"
        sprint_button = self.query_one("#finish-sprint", Button)
        sprint_button.display = sprint_step and flow.sprint and flow.mode == "full"
        self.refresh_bindings()

    def _note(self) -> str:
        flow = self.flow
        if flow.step is Step.SPRINT:
            if flow.sprint:
                return (
                    "Type the one thing to do today in the new box; the cursor is there. "
                    f"{display('save')} saves this and stops here. {display('next')} goes on.\n"
                    + SYMPTOMS
                )
            return SYMPTOMS
        if flow.step is Step.NUTS:
            return CAVEAT
        if flow.step is Step.CLOSE:
            before = str(flow.answers.get("stress_before") or "").strip()
            start = f"You started at {before}. " if before else ""
            return start + finish_line_text(self._goal)
        return ""

    def _note_text(self) -> Text:
        return Text(harmless(self._note(), multiline=True))

    def _error(self, text: str) -> None:
        self.query_one("#step-error", Label).update(Text(harmless(text)))

    def _show_error(self, error: InputError) -> None:
        self._error(f"{error}.")
        field = getattr(error, "field", None)
        if field:
            for widget in self.query(f"#f-{field}"):
                widget.focus()

    # --- answers ------------------------------------------------------------------------------

    def _answer(self, key: str, value: Any) -> None:
        if self.flow.answers.get(key, "") == value:
            return  # a widget reporting its initial value: nothing changed
        self.flow.set(key, value)
        self._changed()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.name:
            self._answer(event.input.name, event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.name:
            self._answer(event.text_area.name, event.text_area.text)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        key = event.checkbox.name
        if key and (key in {i.key for i in self.flow.ticked}) != event.value:
            self.flow.tick(key, event.value)
            self._changed()
            self._sync()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        choice = event.pressed.name
        if choice and self.flow.answers.get("sprint", "no") != choice:
            self.flow.set("sprint", choice)
            self._changed()
            self._sync()
            if self.flow.sprint:  # straight on to writing the one action
                self.query_one("#f-action", Input).focus()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: to the next one-line field of this step, or on from the last one."""
        event.stop()
        fields = [
            w for w in self.query_one("#step-body").query(Input) if w.display and w.focusable
        ]
        if event.input in fields and fields.index(event.input) < len(fields) - 1:
            fields[fields.index(event.input) + 1].focus()
            return
        await self.action_next()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "back":
            await self.action_back()
        elif event.button.id == "next":
            await self.action_next()
        elif event.button.id == "finish-sprint":
            self.action_finish_sprint()

    # --- drafts (KeepsWords) ------------------------------------------------------------------

    def _changed(self) -> None:
        """A word changed: mark the draft dirty and make sure the writer is awake."""
        self._error("")
        if not self.drafting or self._left:
            return
        self._seq += 1
        if not self._writer_running:
            self._writer_running = True
            self.run_worker(self._write_drafts(), group="reappraise-draft")

    async def _write_drafts(self) -> None:
        """Write the newest words until nothing is left unwritten (coalescing bursts)."""
        try:
            while self._seq > self._written and not self._left:
                seq, draft = self._seq, self._snapshot()
                try:
                    await asyncio.to_thread(self._write, draft, seq)
                except SaveError as error:
                    self._warn(error)
                    return
        finally:
            self._writer_running = False

    def _snapshot(self) -> dict[str, Any] | None:
        """The draft of the flow now (None: no words, so no draft). On the event loop."""
        return to_draft(self.flow, wall_now(self)) if self.flow.has_words else None

    def _write(self, draft: dict[str, Any] | None, seq: int) -> None:
        """Write one snapshot (any thread), unless a newer one is on disk already."""
        with self._write_lock:
            if seq <= self._written:
                return
            drafts = host(self).services.drafts
            if draft is not None:
                drafts.put(draft)
                self._draft_exists = True
            elif self._draft_exists:
                drafts.delete(self.flow.id)
                self._draft_exists = False
            self._written = seq

    def _warn(self, error: SaveError) -> None:
        if not self._draft_warned:
            self._draft_warned = True
            self.notify(
                harmless(f"Your draft could not be saved: {error}. "
                         "Your words are still on screen."),
                title="Not saved yet",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def has_unsaved_words(self) -> bool:
        """Words typed that are not in the journal yet (a draft is not a saved entry)."""
        return not self._left and self.saved_entry is None and self.flow.has_words

    def keep_draft(self) -> None:
        """Write the newest words now, synchronously and durably; never raises.

        The full flow writes its draft (waiting for a write in flight, so an older one never
        lands after this); the routine's short flow saves a part-way journal entry instead.
        """
        try:
            if self._left or self.saved_entry is not None:
                return
            if not self.drafting:
                self._save_partial()
                return
            self._seq += 1
            self._write(self._snapshot(), self._seq)
        except Exception:  # the way out must never fail because a draft could not be kept
            return

    def _step_changed(self) -> None:
        """A step change is a change too (the draft remembers the step)."""
        self._changed()

    # --- moving -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return None if self.flow.is_first else True
        # One key each: ctrl+n goes on; ctrl+s saves, on the last step or to stop at the sprint.
        if action == "next":
            return not self.flow.is_last
        if action == "save":
            return self.flow.is_last or self._can_finish_sprint()
        return True

    def _can_finish_sprint(self) -> bool:
        """On the sprint step, having said yes: the entry can be saved here."""
        return self.flow.step is Step.SPRINT and self.flow.sprint and self.drafting

    async def action_next(self) -> None:
        try:
            step = self.flow.next()
        except InputError as error:
            self._show_error(error)
            return
        if step is None:
            self._finish()
            return
        self._step_changed()
        await self.show_step()

    async def action_save(self) -> None:
        """ctrl+s: on the sprint step (having said yes) save and stop there; on the last step
        the same as its Save button."""
        if not self.flow.is_last and self._can_finish_sprint():
            self.action_finish_sprint()
            return
        if self.flow.is_last:
            await self.action_next()

    async def action_back(self) -> None:
        """Back a step; on the first step, leave (keeping the words, like Esc)."""
        if self.flow.is_first:
            self.action_leave()
            return
        self.flow.back()
        self._step_changed()
        await self.show_step()

    def action_finish_sprint(self) -> None:
        try:
            self.flow.finish_sprint()
        except InputError as error:
            self._show_error(error)
            return
        self._finish()

    def _finish(self) -> None:
        """Save the entry in a worker; only then drop the draft and leave."""
        if self._saving:
            return
        try:
            entry = self.flow.to_entry(wall_now(self))
        except InputError as error:
            self.flow.done = False
            self._error(f"Not saved yet: {error}. Your words are still here; "
                        f"{display('save')} tries again.")
            return
        self._saving = True
        self.run_worker(self._save_entry(entry), group="reappraise-save")

    async def _save_entry(self, entry: dict[str, Any]) -> None:
        """Write the entry off the event loop; a failed save changes nothing on screen."""
        services = host(self).services
        try:
            saved = await asyncio.to_thread(services.journal.add, entry)
        except SaveError as error:
            self._saving = False
            self.flow.done = False
            self._error(f"Not saved yet: {error}. Your words are still here; "
                        f"{display('save')} tries again.")
            return
        self.saved_entry = saved
        self._left = True
        if self.drafting:
            try:
                await asyncio.to_thread(self._forget_draft)
            except SaveError as error:
                self.notify(harmless(f"The entry is saved, but its draft could not be removed: "
                                     f"{error}"), severity="warning", markup=False)
        if self.flow.mode == "full":
            self.notify("Saved in your journal.", title="Saved")
        self.dismiss(saved)

    def _forget_draft(self) -> None:
        """Delete this flow's draft (after its entry is saved), after any write in flight."""
        with self._write_lock:
            host(self).services.drafts.delete(self.flow.id)
            self._written = self._seq = max(self._seq, self._written) + 1

    def _save_partial(self) -> dict[str, Any] | None:
        """The routine's version, left half-way: keep what was written as a partial entry
        (synchronous: the way out and a closing app cannot wait)."""
        if self.saved_entry is not None or not self.flow.has_words:
            return self.saved_entry
        try:
            entry = self.flow.to_entry(wall_now(self), partial=True)
            self.saved_entry = host(self).services.journal.add(entry)
        except (SaveError, InputError) as error:
            self.notify(harmless(f"What you wrote could not be saved: {error}"),
                        severity="warning", markup=False)
        return self.saved_entry

    def action_leave(self) -> None:
        """Escape: keep everything (a draft, or a partial entry in the routine) and go back."""
        if self._left or self._saving:
            return
        self.run_worker(self._leave(), group="reappraise-save")

    async def _leave(self) -> None:
        if self.drafting:
            self._seq += 1
            seq, draft = self._seq, self._snapshot()
            try:
                await asyncio.to_thread(self._write, draft, seq)
            except SaveError as error:
                self._warn(error)
                return  # the words stay on screen; Escape again tries again
            if self.flow.has_words:
                self.notify("Your words are kept as a draft. Press r to carry on.",
                            title="Kept")
            self._left = True
            self.dismiss(None)
            return
        if self.flow.has_words and self.saved_entry is None:
            try:
                entry = self.flow.to_entry(wall_now(self), partial=True)
                self.saved_entry = await asyncio.to_thread(host(self).services.journal.add,
                                                           entry)
            except SaveError as error:
                self.notify(harmless(f"What you wrote could not be saved: {error}"),
                            severity="warning", markup=False)
        self._left = True
        self.dismiss(self.saved_entry)

    def on_unmount(self) -> None:
        """The app is closing mid-flow (ctrl+q, a closed terminal): keep the words first."""
        if not self._left:
            self.keep_draft()
            self._left = True


class DraftChoiceScreen(ModalScreen[bool | None]):
    """"You have an unfinished reappraisal": continue (enter, the default) or delete it (d).
    Esc: neither."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="DraftChoiceScreen")
        + """
    DraftChoiceScreen #draft-words {
        color: $text;
        padding: 0 1;
        margin: 1 0;
        border-left: thick $primary 60%;
        max-height: 8;
    }
    DraftChoiceScreen Horizontal {
        height: auto;
        margin-top: 1;
    }
    DraftChoiceScreen Button {
        margin-right: 2;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("delete", "choose(False)"),
        bind("close", "cancel", keys="escape"),
    ]

    def __init__(self, words: str, step_title: str) -> None:
        super().__init__()
        self.words = words
        self.step_title = step_title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("You have an unfinished reappraisal", classes="title")
            yield Static(f"You were at: {self.step_title}", classes="body")
            yield Static(Text(harmless(self.words, multiline=True) or "(no words yet)"),
                         id="draft-words")
            with Horizontal():
                yield Button("Continue", id="continue", variant="primary")
                yield Button("Discard", id="discard")
            yield Static(f"enter continues · {display('delete')} deletes it · esc: not now",
                         classes="hint")

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "continue")

    def action_choose(self, keep: bool) -> None:
        self.dismiss(keep)

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_reappraisal(app: App[Any]) -> None:
    """What `r` does: start the flow, or offer to continue the draft left last time.

    Continue (Enter, the default) brings back the same step with the same words; Discard drops
    the draft and starts afresh; Esc closes the question and changes nothing. A draft whose
    entry is already in the journal (a crash between the two writes) is not offered again.
    """
    services = host(app).services
    listing = services.drafts.listing()
    report_problems(app.screen, listing.problems, "drafts")
    draft = services.drafts.find(DRAFT_KIND, None)
    if draft is not None and services.journal.has(str(draft["id"])):
        app.push_screen(ReappraiseScreen(drop=str(draft["id"])))
        return
    if draft is None:
        app.push_screen(ReappraiseScreen())
        return
    found = draft

    def chosen(keep: bool | None) -> None:
        if keep is None:
            return
        if keep:
            app.push_screen(ReappraiseScreen(from_draft(found), restored=True))
        else:
            app.push_screen(ReappraiseScreen(drop=str(found["id"])))

    step = from_draft(draft).step
    app.push_screen(DraftChoiceScreen(draft_words(draft), STEP_TEXT[step].title), chosen)


def draft_notice(services: Services) -> str | None:
    """A line for the Today screen when a reappraisal draft is waiting, else None."""
    return draft_notice_line(services.drafts.of_kind(DRAFT_KIND))
