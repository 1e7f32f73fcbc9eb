"""`pacer export-audio`: arguments and the command, ready for pacer/cli.py to register.

Light to import (standard library and pacer.domain only), so the command line's start-up stays
fast; numpy and pydub load inside `cmd_export_audio` when a track is actually made.

Exit codes as elsewhere: 0 saved, 2 bad arguments (one line naming the value), 1 the machine
could not do it (ffmpeg missing, disk full), 130 Ctrl+C. No partial file is left in any case.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pacer.domain.arguments import (
    add_session_arguments,
    chosen_pattern,
    default_session,
    ramp_for,
    typed,
)
from pacer.domain.errors import InputError
from pacer.domain.patterns import Pattern
from pacer.domain.timeline import Timeline
from pacer_audio.errors import AudioError
from pacer_audio.formats import parse_output
from pacer_audio.settings import DEFAULTS, STYLES, parse_style, parse_volume

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_export_audio_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `pacer export-audio`, added to the subcommand's parser."""
    add_session_arguments(parser, what="track")
    parser.add_argument("--sound", default=None, type=typed(parse_style), metavar="STYLE",
                        help=f"cue sound: {', '.join(STYLES)} (default: your setting, else bowl)")
    parser.add_argument("--swell", action="store_true",
                        help="add a soft sound that rises and falls with each breath")
    parser.add_argument("--volume", default=100, type=typed(parse_volume),
                        help="0-100 (default 100; your phone's volume does the rest)")
    parser.add_argument("-o", "--output", required=True, type=typed(parse_output),
                        metavar="FILE", help="the file to write: .wav always works; "
                        ".mp3, .ogg and .flac need ffmpeg")


def _default_style(settings: Mapping[str, Any]) -> str:
    try:
        return parse_style(str(settings.get("sound_style", DEFAULTS["sound_style"])))
    except InputError:
        return DEFAULTS["sound_style"]


def _clock_text(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def cmd_export_audio(args: argparse.Namespace, store: Any = None) -> int:
    """Run `pacer export-audio`; `store` (optional) supplies the person's defaults.

    `--no-sound` does not apply here: the command writes a file and plays nothing.
    """
    settings: Mapping[str, Any] = store.settings() if store is not None else {}
    default_pattern, default_minutes = default_session(settings)
    try:
        pattern: Pattern = chosen_pattern(args.pattern, store) or default_pattern
    except InputError as error:
        print(f"pacer: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    minutes: float = args.minutes or default_minutes
    style: str = args.sound or _default_style(settings)
    output: Path = args.output
    try:
        timeline = Timeline.for_minutes(pattern, minutes, ramp_for(args, pattern))
    except InputError as error:
        print(f"pacer: error: {error}", file=sys.stderr)
        return EXIT_USAGE

    from pacer_audio.export import export_timeline
    from pacer_audio.progress import ProgressBar

    with ProgressBar(f"Saving {output.name}") as bar:
        try:
            path = export_timeline(timeline, output, style=style, swell=args.swell,
                                   volume=args.volume, progress=bar.update)
        except InputError as error:
            bar.close()
            print(f"pacer: error: {error}", file=sys.stderr)
            return EXIT_USAGE
        except AudioError as error:
            bar.close()
            print(f"pacer: {error}", file=sys.stderr)
            return EXIT_FAILED
    extra = " with a breath swell" if args.swell else ""
    print(f"Saved {_clock_text(timeline.duration)} of {pattern.name.lower()} ({style} cues"
          f"{extra}) to {path}. Listen sitting or lying down, never while driving.")
    return EXIT_OK
