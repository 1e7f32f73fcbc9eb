"""What the listing commands print the same way: JSON, and what was left out and why.

Shared by :mod:`pacer.cli` and :mod:`pacer.cli_records` (one copy, so every listing names a
record it left out in the same words and exits 1 the same way). No Textual here.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pacer.domain.text import harmless
from pacer.services import Listing
from pacer.store import Store

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def json_text(value: Any) -> str:
    """JSON for `--json`: ASCII only, so any control or escape character in the data is
    written as a \\u escape and can never act on the terminal it is printed to."""
    return json.dumps(value, indent=2, ensure_ascii=True)


def report_listings(store: Store, *listings: Listing) -> int:
    """Say on stderr what was left out (one line each: file, index, field, value); then the
    store's own problems. Exit 1 when anything was left out, so scripts notice."""
    known = {str(problem) for problem in store.problems()}
    skipped = False
    for listing in listings:
        if listing.error is not None and listing.error not in known:
            print(f"pacer: {harmless(listing.error)}", file=sys.stderr)
            skipped = True
        for rejected in listing.rejected:
            if str(rejected) in known:  # the store's own problem: said once, below
                skipped = True
                continue
            print(f"pacer: skipped {harmless(str(rejected))}", file=sys.stderr)
            skipped = True
    code = report_problems(store)
    return EXIT_FAILED if skipped else code


def unreadable(store: Store, listing: Listing, name: str) -> bool:
    """Could ``name`` not be read (so "none yet" would not be true)?"""
    return listing.error is not None or any(
        p.file.name == name and not p.tolerated for p in store.problems()
    )


def report_problems(store: Store) -> int:
    """Print what could not be read (one line each); fail unless all of it was tolerated.

    A torn last log line (kept aside) is a note; anything else makes the command fail so that
    scripts notice, while what could be read was still printed.
    """
    from pacer.store.tools import problem_lines

    problems = store.problems()
    for line in problem_lines(problems):
        print(f"pacer: {line}", file=sys.stderr)
    return EXIT_FAILED if any(not p.tolerated for p in problems) else EXIT_OK
