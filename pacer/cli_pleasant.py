"""`pacer pleasant`: the person's own list of pleasant things, from the command line.

Why: while a person waits for results, Today offers one small pleasant thing a day from a list
they write themselves ("a walk", "call Sam"). Settings edits it; this is the same list for
people who do not use the TUI. There is no `pacer settings set`, so the list has its own
command: `pacer pleasant` lists it, `add TEXT` adds one, `delete N` takes the Nth away.

Through the settings service only; the limits are the records' (12 things, 200 characters).
Bad input is one line naming it and exit 2. No Textual here.
"""

from __future__ import annotations

import argparse
from typing import Any

from pacer.cli_output import EXIT_OK
from pacer.domain.errors import InputError
from pacer.domain.records import PLEASANT_LIMIT, TITLE_LIMIT
from pacer.domain.text import harmless
from pacer.services import Services
from pacer.store import Store


def add_pleasant_command(
    sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser
) -> None:
    """Add `pleasant` with its actions to the `pacer` parser."""
    pleasant = sub.add_parser(
        "pleasant", parents=[common],
        help="your pleasant things: one is offered each day while you wait for results",
        description="With no action: list your pleasant things, numbered.",
    )
    actions = pleasant.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="add a pleasant thing")
    add.add_argument("text", metavar="TEXT", help='a few words, like "a walk" or "call Sam"')
    actions.add_parser("list", parents=[common], help="list them, numbered")
    delete = actions.add_parser("delete", parents=[common], help="take one off the list")
    delete.add_argument("number", metavar="N", help="its number in the list")


def cmd_pleasant(args: argparse.Namespace, store: Store) -> int:
    services = Services.open(store)
    loaded = services.settings.load().values.get("pleasant_things")
    things = [str(t) for t in loaded] if isinstance(loaded, list) else []
    action = getattr(args, "action", None)
    if action == "add":
        text = " ".join(args.text.split())
        if not text:
            raise InputError("the pleasant thing is empty; type a few words, like \"a walk\"")
        if len(text) > TITLE_LIMIT:
            raise InputError(f"'{harmless(text[:40])}...' is longer than {TITLE_LIMIT} "
                             "characters; a few words are enough")
        if len(things) >= PLEASANT_LIMIT:
            raise InputError(f"you have {PLEASANT_LIMIT} pleasant things already, the most "
                             "Pacer keeps; take one off first with pacer pleasant delete N")
        services.settings.change({"pleasant_things": [*things, text]})
        print(f"Added: {harmless(text)}. You have {len(things) + 1} pleasant "
              f"thing{'s' if things else ''}.")
        return EXIT_OK
    if action == "delete":
        typed = args.number.strip()
        if not typed.isdigit() or not 1 <= int(typed) <= len(things):
            span = f"1 to {len(things)}" if things else "none yet"
            raise InputError(f"'{harmless(args.number)}' is not a number in your list "
                             f"({span}); pacer pleasant lists them")
        gone = things.pop(int(typed) - 1)
        services.settings.change({"pleasant_things": things})
        print(f"Taken off: {harmless(gone)}.")
        return EXIT_OK
    if not things:
        print('No pleasant things yet. Add one with: pacer pleasant add "a walk"')
        return EXIT_OK
    for number, thing in enumerate(things, start=1):
        print(f"{number}. {harmless(thing)}")
    return EXIT_OK
