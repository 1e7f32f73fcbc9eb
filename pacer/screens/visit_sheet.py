"""The visit sheet of one appointment, on screen, and saved as a file a person can find.

Why: the sheet goes to the appointment (printed, or on a phone), so on screen it is shown as
it will be written, and each button writes it into a folder the person can find again (the
home folder's Documents, else home; never the data folder), named before anything is written.
The calendar button writes every upcoming appointment as one calendar file, as
`pacer appointments ics` does; the palette offers the same (:func:`offer_calendar`).

Reading and writing go through :class:`pacer.services.sheets.Sheets`, in a worker thread;
"Saved to ..." is said only once the file is on the disk. Text from the data is made harmless
by the sheet itself and shown as plain text (never markup). No typed words here, so no draft.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, ClassVar

from rich.markup import escape
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Static

from pacer.domain.sheet import Format, file_name
from pacer.domain.text import harmless, plural
from pacer.keymap import bind, display
from pacer.screens.confirm import ConfirmModal
from pacer.screens.host import host, wall_now
from pacer.services import SaveError
from pacer.services.sheets import CALENDAR_FILE, Sheets, default_folder

#: The buttons: id -> (label, format). The calendar button has no format.
SAVE_BUTTONS: dict[str, tuple[str, Format | None]] = {
    "save-text": ("Save as text", "text"),
    "save-markdown": ("Save as Markdown", "markdown"),
    "save-html": ("Save as a web page", "html"),
    "save-calendar": ("Save calendar file (all upcoming)", None),
}


def target_folder(data_folder: Path) -> Path:
    """Where this screen and the palette write files (tests put a temporary folder here)."""
    return default_folder(data_folder)


def _calendar_saved(count: int, path: Path) -> str:
    return (f"Saved {plural(count, 'upcoming appointment')} to {harmless(str(path))}. "
            "Your phone or computer calendar can import it; importing it again updates them.")


def short_path(folder: Path) -> str:
    """The folder as a person reads it: under the home folder, "~/Documents"."""
    try:
        return str(Path("~") / folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)


class VisitSheetScreen(Screen[None]):
    """One appointment's sheet, scrollable, with buttons that save it."""

    DEFAULT_CSS = """
    /* 80 columns: 1 + border + 1 + 72 of sheet + scrollbar + border + 1, so no line wraps. */
    VisitSheetScreen #sheet-page {
        padding: 0 1;
    }
    VisitSheetScreen .screen-title {
        margin-bottom: 0;
    }
    VisitSheetScreen #sheet-scroll {
        height: 1fr;
        border: round $panel-lighten-2;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    VisitSheetScreen #sheet-folder, VisitSheetScreen #sheet-status {
        height: auto;
        color: $text-muted;
    }
    VisitSheetScreen #sheet-status {
        color: $text;
    }
    VisitSheetScreen .sheet-buttons {
        height: auto;
    }
    VisitSheetScreen .sheet-buttons Button {
        margin-right: 2;
    }
    /* 40x12: no frame, no title, one button a line: the sheet keeps a few lines to read. */
    VisitSheetScreen.-short .screen-title {
        display: none;
    }
    VisitSheetScreen.-narrow #sheet-page {
        padding: 0;
    }
    VisitSheetScreen.-narrow #sheet-scroll, VisitSheetScreen.-short #sheet-scroll {
        border: none;
        padding: 0;
    }
    VisitSheetScreen.-narrow .sheet-buttons {
        layout: vertical;
    }
    /* A long folder name takes one line on a short screen, not the sheet's room. */
    VisitSheetScreen.-short #sheet-folder {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [bind("back")]

    HELP_TITLE = "Visit sheet"
    HELP = ("One page to take to the appointment: when, where, who to bring, your questions "
            "with room for the answers, and your plan B. The buttons save it (or a calendar "
            "file of every upcoming appointment) into the folder named above them. "
            f"{display('back')} goes back.")

    def __init__(self, appointment: dict[str, Any]) -> None:
        super().__init__()
        self.appointment = appointment
        self.folder: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="sheet-page"):
            yield Label("Visit sheet", classes="screen-title")
            with VerticalScroll(id="sheet-scroll"):
                yield Static(Text("Getting the sheet ready..."), id="sheet-text")
            yield Static("", id="sheet-folder")
            labels = list(SAVE_BUTTONS.items())
            for row in (labels[:3], labels[3:]):
                with Horizontal(classes="sheet-buttons"):
                    for button_id, (label, _) in row:
                        yield Button(label, id=button_id, compact=True)
            yield Static("", id="sheet-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.folder = target_folder(host(self).services.folder)
        self.query_one("#sheet-folder", Static).update(
            Text(f"Files go to {harmless(short_path(self.folder))}"))
        self.query_one("#sheet-scroll", VerticalScroll).focus()
        self.run_worker(self._load(), group="visit-sheet")

    def _sheets(self) -> Sheets:
        return Sheets(host(self).services)

    async def _load(self) -> None:
        """Build the sheet off the event loop (it reads the journal for the plan B)."""
        text = await asyncio.to_thread(self._sheets().sheet, self.appointment, "text")
        self.query_one("#sheet-text", Static).update(Text(text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id in SAVE_BUTTONS:
            kind = SAVE_BUTTONS[event.button.id][1]
            self.run_worker(self._save(kind), group="visit-sheet-save", exclusive=True)

    async def _save(self, kind: Format | None) -> None:
        """Write the sheet (or the calendar file) into the folder shown; say where."""
        folder = self.folder or target_folder(host(self).services.folder)
        sheets = self._sheets()
        status = self.query_one("#sheet-status", Static)
        try:
            if kind is None:
                path = folder / CALENDAR_FILE
                text, count = await asyncio.to_thread(sheets.calendar, wall_now(self))
                await asyncio.to_thread(sheets.write, text, path)
                said = _calendar_saved(count, path)
            else:
                path = folder / file_name(self.appointment, kind)
                text = await asyncio.to_thread(sheets.sheet, self.appointment, kind)
                await asyncio.to_thread(sheets.write, text, path)
                said = f"Saved to {harmless(str(path))}"
        except SaveError as error:
            said = f"Not saved: {harmless(str(error))}"
            self.notify(said, severity="warning", markup=False)
        status.update(Text(said))

    def action_back(self) -> None:
        self.dismiss(None)


def offer_calendar(app: App[Any]) -> None:
    """The palette's "Save calendar file": say where it goes, and write it on yes."""
    folder = target_folder(host(app).services.folder)
    path = folder / CALENDAR_FILE

    async def write() -> None:
        sheets = Sheets(host(app).services)
        try:
            text, count = await asyncio.to_thread(sheets.calendar, host(app).wall_clock())
            await asyncio.to_thread(sheets.write, text, path)
        except SaveError as error:
            app.notify(f"Not saved: {harmless(str(error))}", severity="warning", markup=False)
            return
        app.notify(_calendar_saved(count, path), markup=False)

    def answered(yes: bool | None) -> None:
        if yes:
            app.run_worker(write(), group="calendar-save", exclusive=True)

    app.push_screen(
        ConfirmModal("Save a calendar file?",
                     escape(f"Every upcoming appointment, with reminders, goes into "
                            f"{harmless(str(path))}. Your phone or computer calendar can "
                            "import it."),
                     "Save"),
        answered,
    )
