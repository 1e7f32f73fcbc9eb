"""Sound settings: what the store's settings dict holds, read forgivingly.

Stdlib only, so the command line and the settings screen can use it without loading numpy.
A damaged or hand-edited settings file must never stop a session, so unknown values fall back
to the defaults here instead of raising; only text a person types right now raises InputError.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pacer.domain.errors import InputError

# Cue styles, calmest first is not implied: "bowl" is the default because it is the softest.
STYLES: tuple[str, ...] = ("bowl", "chime", "tone")

# The keys and defaults the store's settings dict should carry.
DEFAULTS: dict[str, Any] = {
    "sound": True,
    "sound_style": "bowl",
    "swell": False,
    "volume": 60,
}


def parse_style(text: str) -> str:
    """A cue style as typed; the error names the bad value and the choices."""
    style = text.strip().lower()
    if style not in STYLES:
        raise InputError(f"unknown sound '{text}'; choose one of {', '.join(STYLES)}")
    return style


def parse_volume(text: str | int) -> int:
    """A volume as typed: a whole number from 0 to 100."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise InputError(f"'{text}' is not a volume; use a whole number from 0 to 100") from None
    if not 0 <= value <= 100:
        raise InputError(f"'{text}' is outside 0-100; use a whole number from 0 to 100")
    return value


def volume_gain(volume: int) -> float:
    """Linear gain for a 0-100 volume; squared so the slider feels even to the ear."""
    clamped = min(100, max(0, int(volume)))
    return (clamped / 100.0) ** 2


@dataclass(frozen=True)
class SoundSettings:
    """Everything playback needs to know about the person's sound choices."""

    enabled: bool = True
    style: str = "bowl"
    swell: bool = False
    volume: int = 60

    @property
    def gain(self) -> float:
        return volume_gain(self.volume)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], no_sound: bool = False) -> SoundSettings:
        """Read the store's dict; `no_sound` (the --no-sound flag) wins over everything."""
        style = str(settings.get("sound_style", DEFAULTS["sound_style"])).strip().lower()
        if style not in STYLES:
            style = DEFAULTS["sound_style"]
        try:
            volume = min(100, max(0, int(settings.get("volume", DEFAULTS["volume"]))))
        except (TypeError, ValueError):
            volume = DEFAULTS["volume"]
        return cls(
            enabled=bool(settings.get("sound", DEFAULTS["sound"])) and not no_sound,
            style=style,
            swell=bool(settings.get("swell", DEFAULTS["swell"])),
            volume=volume,
        )
