"""Argument helpers shared by every command: domain parsers as argparse types, and defaults.

The command line (`pacer/cli.py`) and the audio export command (`audio/command.py`) take the
same --pattern, --minutes and --ramp options; one copy keeps their messages and rules the same.
It lives in the domain (standard library and domain only) so that `audio` can use it without
depending on the command line, and the command line without depending on `audio`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from pacer.domain.errors import InputError
from pacer.domain.patterns import BUILTIN, Pattern, parse_minutes, resolve
from pacer.domain.records import BREATHS
from pacer.domain.timeline import Ramp

T = TypeVar("T")


class DocumentReader(Protocol):
    """What `chosen_pattern` needs of the store: one document read (patterns.json)."""

    def read_document(self, name: str) -> Mapping[str, Any]: ...


def typed(parse: Callable[[str], T]) -> Callable[[str], T]:
    """Wrap a domain parser so argparse reports its message as it is (exit 2, one line)."""

    def convert(text: str) -> T:
        try:
            return parse(text)
        except InputError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    convert.__name__ = parse.__name__
    return convert


def positive_float(text: str) -> float:
    """A number above 0 (the ramp's starting pace); InputError names the text otherwise."""
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"'{text}' is not a number") from None
    if not value > 0:
        raise InputError(f"'{text}' must be above 0")
    return value


def add_session_arguments(
    parser: argparse.ArgumentParser, what: str = "session", *, breaths: bool = False
) -> None:
    """--pattern, --minutes, --ramp and --ramp-from, as `breathe` and `export-audio` take them;
    with ``breaths``, also --breaths N, which cannot go with --minutes (one or the other)."""
    parser.add_argument("--pattern", default=None,
                        help="a pattern key or your own pattern's name (see pacer patterns), "
                        "or seconds like 4-7-8")
    length = parser.add_mutually_exclusive_group() if breaths else parser
    length.add_argument("--minutes", default=None, type=typed(parse_minutes),
                        help=f"how long, up to 120 (the {what} ends on a whole breath)")
    if breaths:
        from pacer.domain.length import parse_breaths

        low, high = BREATHS
        length.add_argument("--breaths", default=None, type=typed(parse_breaths), metavar="N",
                            help=f"how long in breaths instead of minutes, {low} to {high} "
                            "(4-7-8 suggests 4)")
    parser.add_argument("--ramp", default=0.0, type=typed(parse_minutes), metavar="MINUTES",
                        help="start faster and slow to the pattern's pace over these minutes")
    parser.add_argument("--ramp-from", default=12.0, type=typed(positive_float), metavar="BPM",
                        help="the starting pace of the ramp (default 12/min)")


def chosen_pattern(text: str | None, store: DocumentReader | None) -> Pattern | None:
    """--pattern as typed: a built-in key, seconds like 4-7-8, or a custom pattern's name.

    Custom patterns live in the store, so they are looked up after parsing, and only when the
    text is not a built-in pattern (most commands then never read patterns.json). An unknown
    or malformed pattern raises InputError naming it (exit code 2).
    """
    if text is None:
        return None
    try:
        return resolve(text)
    except InputError:
        if store is None:
            raise
        from pacer.domain.custom_patterns import patterns_from_records

        records = store.read_document("patterns.json").get("patterns") or []
        return resolve(text, patterns_from_records(records))


def default_session(settings: Mapping[str, Any]) -> tuple[Pattern, float]:
    """The default pattern and length from the settings, falling back to the built-in ones."""
    try:
        pattern = resolve(str(settings.get("default_pattern", "resonance")))
    except InputError:
        pattern = BUILTIN["resonance"]
    try:
        minutes = parse_minutes(str(settings.get("default_minutes", 5)))
    except InputError:
        minutes = 5.0
    return pattern, minutes


def ramp_for(args: argparse.Namespace, pattern: Pattern) -> Ramp | None:
    """The ramp asked for with --ramp/--ramp-from, checked against the pattern's own pace."""
    if not args.ramp:
        return None
    ramp = Ramp(args.ramp_from, args.ramp)
    if ramp.start_bpm <= pattern.breaths_per_minute:
        raise InputError(
            f"--ramp-from {ramp.start_bpm:g} is not faster than {pattern.key} "
            f"({pattern.breaths_per_minute:.3g}/min); the ramp slows you down to the pattern"
        )
    return ramp
