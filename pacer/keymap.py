"""Pacer's one key map: every key the app answers to, what it is called and how it is written.

Why one module: a person should learn a key once. Before this, save was ctrl+s on most forms
but ctrl+n on the last reappraisal step, ``s`` meant Settings on Today and Sessions in History,
and the footer wrote ``^s`` where the hints wrote ``ctrl+s`` and help ``Ctrl+S``. Now:

* every screen builds its bindings with :func:`bind`, so a key has one description and one
  written form (the ``display``) wherever it is shown: the footer, help, the README;
* a letter or a ctrl key means one thing in the whole app (``d`` deletes, ``x`` archives, ``a``
  adds, ``t`` opens Appointments); only keys like esc, enter and space take their meaning from
  the screen they are on (esc goes back, or leaves a routine, or stops a session);
* hints written inside screens use :func:`display` (``f"{display('save')} saves"``), so they
  cannot drift from the footer either.

The notation is lowercase, as Textual's footer writes esc and enter: ``ctrl+s``, ``esc``,
``enter``, ``space``, ``?``. The app hands the same notation to the footer for any key not in
this map (:func:`display_key`), so ``^s`` never appears.

This module imports nothing from Textual at import time except the Binding class, which every
screen imports anyway; it is cheap to import at launch.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

#: How a Textual key name is written for people (everything else is written as it is).
KEY_NAMES: dict[str, str] = {
    "escape": "esc",
    "enter": "enter",
    "space": "space",
    "tab": "tab",
    "question_mark": "?",
    "slash": "/",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "page up",
    "pagedown": "page down",
    "home": "home",
    "end": "end",
    "delete": "delete",
    "backspace": "backspace",
}


def display_key(key: str) -> str:
    """One Textual key name in Pacer's notation: "ctrl+s" -> "ctrl+s", "escape" -> "esc".

    A modifier stays lowercase and joined with "+", so it reads the same in the footer, in
    help and in the README.
    """
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if "+" in key:
        *mods, last = key.split("+")
        return "+".join([*(m.lower() for m in mods), KEY_NAMES.get(last, last.lower())])
    return key


@dataclass(frozen=True)
class Key:
    """One named action of the key map."""

    #: The name screens use: ``bind("save")``, ``display("save")``.
    name: str
    #: Textual key names, comma-separated; the first one is the one shown.
    keys: str
    #: The action a screen's binding runs unless the screen names its own.
    action: str
    #: The short word in the footer.
    label: str
    #: What it does, in full, for help and the README.
    meaning: str
    #: Which part of the app it belongs to (the headings of help and the README).
    group: str

    @property
    def key_list(self) -> list[str]:
        return [key.strip() for key in self.keys.split(",")]

    @property
    def display(self) -> str:
        """How the key is written everywhere: the first key in Pacer's notation."""
        return display_key(self.key_list[0])


EVERYWHERE = "Everywhere"
TODAY = "Today"
LISTS = "Lists and screens"
FORMS = "Forms and steps"
BREATHING = "Breathing"
QUESTIONS = "Questions and notes"

#: Every key of the app, in the order help and the README show them.
KEYMAP: tuple[Key, ...] = (
    Key("help", "question_mark", "help", "Help", "Help for this screen, and all the keys",
        EVERYWHERE),
    Key("quit", "q", "quit", "Quit", "Quit Pacer (it asks first if you typed something)",
        EVERYWHERE),
    Key("quit_now", "ctrl+q,ctrl+c", "quit", "Quit",
        "Quit at once, even from a text box; what you typed is kept for next time", EVERYWHERE),
    Key("palette", "ctrl+p", "palette", "All commands", "All commands, in plain words",
        EVERYWHERE),
    Key("breathe", "b", "app.breathe", "Breathe", "Breathe", TODAY),
    Key("breathless", "l", "app.breathless", "Breathless", "Breathless now", TODAY),
    Key("calm", "c", "app.calm", "Calm", "Calm-down routine", TODAY),
    Key("reappraise", "r", "app.reappraise", "Reappraise", "Reappraise a worry", TODAY),
    Key("goals", "f", "app.goals", "Finish lines", "Finish lines", TODAY),
    Key("history", "h", "app.history", "History", "History", TODAY),
    Key("settings", "s", "app.settings", "Settings", "Settings", TODAY),
    Key("appointments", "t", "app.appointments", "Appointments", "Appointments", TODAY),
    Key("journal", "j", "app.journal", "Journal", "Journal", TODAY),
    Key("done", "m", "action_done", "Done",
        "Mark the one thing to do today (from a reappraisal) as done", TODAY),
    Key("debrief", "g", "debrief", "How did it go",
        "How did it go: write down what was said at an appointment", TODAY),
    Key("later", "z", "later", "Later", "Later: put Today's offer off", TODAY),
    Key("check_in", "k", "check_in", "Check in", "Weekly check-in", TODAY),
    Key("open", "enter", "open", "Open", "Open the highlighted one", LISTS),
    Key("add", "a", "add", "Add", "Add a new one", LISTS),
    Key("edit", "e", "edit", "Edit", "Change the highlighted one", LISTS),
    Key("delete", "d,delete", "delete", "Delete", "Delete the highlighted one (it asks first)",
        LISTS),
    Key("archive", "x", "archive", "Archive", "Put a finish line away (u brings it back)",
        LISTS),
    Key("undo", "u", "undo", "Undo", "Bring a finish line back from the archive", LISTS),
    Key("archived", "o", "toggle_archived", "Archived",
        "Finish lines: show the archived ones, and back", LISTS),
    Key("review", "v", "review", "Review", "Look at each finish line in turn", LISTS),
    Key("visit_sheet", "i", "visit_sheet", "Visit sheet",
        "Appointments: the visit sheet of the highlighted one, to print or save", LISTS),
    Key("search", "slash", "search", "Search", "Search the journal", LISTS),
    Key("sessions_tab", "left", "show_tab('history-sessions')", "Sessions",
        "History: your sessions", LISTS),
    Key("pace_tab", "right", "show_tab('history-pace')", "Pace",
        "History: your pace over the weeks", LISTS),
    Key("patterns", "p", "patterns", "Your patterns",
        "Settings: make, change or delete your own patterns", LISTS),
    Key("welcome", "w", "app.welcome", "Welcome", "Settings: read the welcome again", LISTS),
    Key("back", "escape", "back", "Back",
        "Go back (a form asks first if you typed something)", LISTS),
    Key("save", "ctrl+s", "save", "Save", "Save", FORMS),
    Key("next", "ctrl+n", "next", "Next", "The next step (enter in the last box does too)",
        FORMS),
    Key("previous", "ctrl+b", "back", "Back", "The step before", FORMS),
    Key("skip", "ctrl+k", "skip", "Skip", "Skip this step or question", FORMS),
    Key("leave", "escape", "leave", "Leave",
        "Leave the reappraisal or the routine; what you did is kept", FORMS),
    Key("start", "enter", "start", "Start", "Start breathing", BREATHING),
    Key("shorter", "left", "length(-1)", "Shorter", "A shorter session", BREATHING),
    Key("longer", "right", "length(1)", "Longer", "A longer session", BREATHING),
    Key("pause", "space", "pause", "Pause", "Pause the session", BREATHING),
    Key("resume", "space", "resume", "Resume", "Go on after a pause", BREATHING),
    Key("stop", "escape", "stop", "Stop", "Stop the session early (it asks first)", BREATHING),
    Key("yes", "y", "answer(True)", "Yes", "Yes, to a question", QUESTIONS),
    Key("no", "n,escape", "answer(False)", "No",
        "No, to a question (before a session: stop asking how stressed you are)", QUESTIONS),
    Key("close", "escape,enter,space", "close", "Close", "Close a note, a message or help",
        QUESTIONS),
)

#: The key map by name.
KEYS: dict[str, Key] = {key.name: key for key in KEYMAP}

#: The keys whose meaning comes from the screen they are on; every other key (a letter, a
#: ctrl key) belongs to one entry only.
CONTEXT_KEYS = frozenset({"escape", "enter", "space", "left", "right", "up", "down"})

#: The Today keys, which also work on the welcome (it closes and does what they do).
TODAY_KEYS: tuple[str, ...] = tuple(key.name for key in KEYMAP if key.group == TODAY)


def display(name: str) -> str:
    """How the key of ``name`` is written, for hints: ``f"{display('save')} saves"``."""
    return KEYS[name].display


def bind(
    name: str,
    action: str | None = None,
    *,
    show: bool = True,
    priority: bool = False,
    keys: str | None = None,
) -> Binding:
    """The binding for key-map entry ``name``, running ``action`` (the entry's own by default).

    Label, notation and tooltip all come from the map, so a footer cannot say anything else.
    ``keys`` narrows the entry's keys (e.g. only ``escape`` of the question "No"), never adds.
    """
    key = KEYS[name]
    chosen = key.keys
    if keys is not None:
        extra = set(keys.split(",")) - set(key.key_list)
        if extra:
            raise ValueError(f"{sorted(extra)} is not a key of {name!r} in the key map")
        chosen = keys
    return Binding(
        chosen,
        action or key.action,
        key.label,
        show=show,
        key_display=key.display,
        priority=priority,
        tooltip=key.meaning,
    )


def lookup(key: str, label: str) -> Key | None:
    """The entry that has ``key`` with footer word ``label``, if the map has one."""
    return next((k for k in KEYMAP if key in k.key_list and k.label == label), None)


def groups() -> list[tuple[str, list[Key]]]:
    """The map by group, in order, with the keys of one action written once each."""
    found: dict[str, list[Key]] = {}
    for key in KEYMAP:
        found.setdefault(key.group, []).append(key)
    return list(found.items())


def all_keys_written(key: Key) -> str:
    """All keys of one entry in Pacer's notation: "d / delete", "n / esc"."""
    return " / ".join(display_key(k) for k in key.key_list)


def markdown_table() -> str:
    """The key map as the README's table (a test checks the README holds exactly this)."""
    lines = ["| Key | Where | What it does |", "| --- | --- | --- |"]
    for group, keys in groups():
        for key in keys:
            written = " / ".join(f"`{display_key(k)}`" for k in key.key_list)
            lines.append(f"| {written} | {group} | {key.meaning} |")
    return "\n".join(lines)
