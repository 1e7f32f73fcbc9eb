"""Reappraise (`r`): a stressful situation looked at again with the NUTS questions.

One step at a time, keyboard only: the first field of each step has focus so a person can type
at once, Tab moves between fields, ctrl+n goes on (Enter too, from the last one-line field),
ctrl+b goes back, Escape leaves. The steps and their rules live in
:mod:`pacer.domain.reappraisal`; this screen only shows them and routes every change into the
flow.

Nothing typed is lost: every change schedules a draft save (a short debounce, so a burst of
typing costs one atomic write) and every step change, Escape and app exit save at once. The
draft is deleted only after the journal entry is on disk, or when the person discards it.

The same screen runs the routine's short version (`ReappraisalFlow.short`): no draft (the
routine saves what was done when it ends), and it dismisses with the saved entry so the
routine can link it. Escape there saves what was written as a partial entry.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
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

from pacer.clock import local_now
from pacer.domain.drafts import (
    draft_notice_line,
    draft_words,
    drop_draft,
    from_draft,
    latest_draft,
    put_draft,
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
from pacer.screens.dialogs import DIALOG_CSS
from pacer.widgets.nuts_form import NUTS_FORM_CSS, cursor_blink, field_box, first_control

# Seconds of quiet typing before the draft is written. Short enough that a closed terminal
# loses at most a word or two, long enough that fast typing is one write, not one per key.
DRAFT_DELAY = 0.4


def wall_now(app: App[Any]) -> datetime:
    """The app's injectable wall clock (tests freeze it), else the real local time."""
    clock: Callable[[], datetime] = getattr(app, "wall_clock", local_now)
    return clock()


class ReappraiseScreen(Screen[dict[str, Any] | None]):
    """The reappraisal flow, one step on screen at a time. Dismisses with the saved entry."""

    DEFAULT_CSS = (
        NUTS_FORM_CSS
        + """
    #reappraise {
        padding: 1 2 0 2;
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
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+n", "save", "Save"),
        Binding("ctrl+b", "back", "Back"),
        Binding("ctrl+s", "finish_sprint", "Save here"),
        Binding("escape", "leave", "Leave"),
    ]

    HELP_TITLE = "Reappraise"
    HELP = (
        "A few questions to look at a stressful situation again. Type your answers; Tab moves "
        "between fields. ctrl+n goes on, ctrl+b goes back. Esc leaves: your words are kept as "
        "a draft, and r brings them back."
    )

    def __init__(self, flow: ReappraisalFlow | None = None, *, restored: bool = False) -> None:
        super().__init__()
        self.flow = flow or ReappraisalFlow()
        self.keep_draft = self.flow.mode == "full"
        self.saved_entry: dict[str, Any] | None = None
        self._goal: dict[str, Any] | None = None
        self._draft_timer: Timer | None = None
        self._draft_dirty = False
        self._draft_exists = restored
        self._draft_warned = False
        self._left = False

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="reappraise"):
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
            self.flow.started = wall_now(self.app).isoformat(timespec="seconds")
        self._goal = self._read_goal()
        await self.show_step()

    def _read_goal(self) -> dict[str, Any] | None:
        from pacer.store import StoreError

        try:
            goals = self.app.store.read_document("goals.json")["goals"]  # type: ignore[attr-defined]
        except (StoreError, KeyError, AttributeError):
            return None
        return finish_line(goals, wall_now(self.app).date())

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
        blink = cursor_blink(self.app)
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
        note.update(self._note())
        self.query_one("#back", Button).disabled = flow.is_first
        last = flow.is_last
        self.query_one("#next", Button).label = "Save" if last else "Next"
        sprint_button = self.query_one("#finish-sprint", Button)
        sprint_button.display = sprint_step and flow.sprint and flow.mode == "full"
        self.refresh_bindings()

    def _note(self) -> str:
        flow = self.flow
        if flow.step is Step.SPRINT:
            if flow.sprint:
                return SYMPTOMS + "\nctrl+s saves this and stops here. ctrl+n goes on."
            return SYMPTOMS
        if flow.step is Step.NUTS:
            return CAVEAT
        if flow.step is Step.CLOSE:
            before = str(flow.answers.get("stress_before") or "").strip()
            start = f"You started at {before}. " if before else ""
            return start + finish_line_text(self._goal)
        return ""

    def _error(self, text: str) -> None:
        self.query_one("#step-error", Label).update(text)

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

    # --- drafts -------------------------------------------------------------------------------

    def _changed(self) -> None:
        self._error("")
        if not self.keep_draft:
            return
        self._draft_dirty = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft, name="draft")

    def save_draft(self) -> bool:
        """Write the draft now if anything changed; True when it is on disk (or not needed)."""
        from pacer.store import StoreError

        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if not self.keep_draft or self._left or not self._draft_dirty:
            return True
        flow = self.flow
        store = self.app.store  # type: ignore[attr-defined]
        try:
            if flow.has_words:
                draft = to_draft(flow, wall_now(self.app))
                store.update_document("drafts.json", lambda doc: put_draft(doc, draft))
                self._draft_exists = True
            elif self._draft_exists:
                store.update_document("drafts.json", lambda doc: drop_draft(doc, flow.id))
                self._draft_exists = False
        except StoreError as error:
            if not self._draft_warned:
                self._draft_warned = True
                self.notify(
                    f"Your draft could not be saved: {error}. Your words are still on screen.",
                    title="Not saved yet",
                    severity="warning",
                    timeout=10,
                )
            return False
        self._draft_dirty = False
        return True

    def _step_changed(self) -> None:
        self._draft_dirty = True
        self.save_draft()

    # --- moving -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finish_sprint":
            return self.flow.step is Step.SPRINT and self.flow.sprint and self.keep_draft
        if action == "back":
            return None if self.flow.is_first else True
        if action in ("next", "save"):
            return self.flow.is_last == (action == "save")
        return True

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
        """ctrl+n on the last step: the same as Next, shown as "Save" in the footer."""
        await self.action_next()

    async def action_back(self) -> None:
        if self.flow.is_first:
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
        """Save the entry; only then drop the draft and leave. A failed save changes nothing."""
        from pacer.store import StoreError

        flow = self.flow
        store = self.app.store  # type: ignore[attr-defined]
        try:
            saved = store.append("journal.jsonl", flow.to_entry(wall_now(self.app)))
        except (StoreError, InputError) as error:
            flow.done = False
            self._error(f"Not saved yet: {error}. Your words are still here; ctrl+n tries again.")
            return
        self.saved_entry = saved
        self._left = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
        if self.keep_draft:
            try:
                store.update_document("drafts.json", lambda doc: drop_draft(doc, flow.id))
            except StoreError as error:
                self.notify(f"The entry is saved, but its draft could not be removed: {error}",
                            severity="warning")
        if flow.mode == "full":
            self.notify("Saved in your journal.", title="Saved")
        self.dismiss(saved)

    def _save_partial(self) -> dict[str, Any] | None:
        """The routine's version, left half-way: keep what was written as a partial entry."""
        from pacer.store import StoreError

        if self.saved_entry is not None or not self.flow.has_words:
            return self.saved_entry
        try:
            entry = self.flow.to_entry(wall_now(self.app), partial=True)
            self.saved_entry = self.app.store.append("journal.jsonl", entry)  # type: ignore[attr-defined]
        except StoreError as error:
            self.notify(f"What you wrote could not be saved: {error}", severity="warning")
        return self.saved_entry

    def action_leave(self) -> None:
        """Escape: keep everything (a draft, or a partial entry in the routine) and go back."""
        if self.keep_draft:
            self._draft_dirty = True
            if self.save_draft() and self.flow.has_words:
                self.notify("Your words are kept as a draft. Press r to carry on.",
                            title="Kept")
            self._left = True
            self.dismiss(None)
            return
        self._left = True
        self.dismiss(self._save_partial())

    def on_unmount(self) -> None:
        """The app is closing mid-flow (ctrl+q, a closed terminal): save before going."""
        if self._left:
            return
        if self.keep_draft:
            self._draft_dirty = True
            self.save_draft()
        else:
            self._save_partial()
        self._left = True


class DraftChoiceScreen(ModalScreen[bool | None]):
    """"You have an unfinished reappraisal": continue (the default) or discard. Esc: neither."""

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
        Binding("c", "choose(True)", "Continue"),
        Binding("d", "choose(False)", "Discard"),
        Binding("escape", "cancel", "Not now"),
    ]

    def __init__(self, words: str, step_title: str) -> None:
        super().__init__()
        self.words = words
        self.step_title = step_title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("You have an unfinished reappraisal", classes="title")
            yield Static(f"You were at: {self.step_title}", classes="body")
            yield Static(self.words or "(no words yet)", id="draft-words")
            with Horizontal():
                yield Button("Continue", id="continue", variant="primary")
                yield Button("Discard", id="discard")
            yield Static("Enter or c continues · d discards it · Esc: not now", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "continue")

    def action_choose(self, keep: bool) -> None:
        self.dismiss(keep)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _stale(store: Any, draft: dict[str, Any]) -> bool:
    """A draft whose entry is already in the journal (a crash between the two writes)."""
    from pacer.store import StoreError

    try:
        return any(r.get("id") == draft.get("id") for r in store.read_log("journal.jsonl"))
    except StoreError:
        return False


def open_reappraisal(app: App[Any]) -> None:
    """What `r` does: start the flow, or offer to continue the draft left last time.

    Continue (Enter, the default) brings back the same step with the same words; Discard drops
    the draft and starts afresh; Esc closes the question and changes nothing.
    """
    from pacer.store import StoreError

    store = app.store  # type: ignore[attr-defined]
    try:
        drafts = store.read_document("drafts.json")["drafts"]
    except StoreError as error:
        app.notify(f"Your drafts could not be read: {error}", severity="warning")
        drafts = []
    draft = latest_draft(drafts)
    if draft is not None and _stale(store, draft):
        with contextlib.suppress(StoreError):
            store.update_document("drafts.json", lambda doc: drop_draft(doc, str(draft["id"])))
        draft = None
    if draft is None:
        app.push_screen(ReappraiseScreen())
        return

    def chosen(keep: bool | None) -> None:
        if keep is None:
            return
        if keep:
            app.push_screen(ReappraiseScreen(from_draft(draft), restored=True))
            return
        try:
            store.update_document("drafts.json", lambda doc: drop_draft(doc, str(draft["id"])))
        except StoreError as error:
            app.notify(f"The draft could not be discarded: {error}", severity="warning")
            return
        app.push_screen(ReappraiseScreen())

    step = from_draft(draft).step
    app.push_screen(DraftChoiceScreen(draft_words(draft), STEP_TEXT[step].title), chosen)


def draft_notice(store: Any) -> str | None:
    """A line for the Today screen when a reappraisal draft is waiting, else None."""
    from pacer.store import StoreError

    try:
        return draft_notice_line(store.read_document("drafts.json")["drafts"])
    except StoreError:
        return None
