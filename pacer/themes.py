"""Pacer's themes: calm dark (the default), light for bright rooms, high contrast for low vision.

All three use the same variable
names, so the layout in pacer.tcss never needs to know which one is on. NO_COLOR is honoured by
Textual itself (it turns the whole screen monochrome), so no theme has to special-case it.
"""

from __future__ import annotations

from textual.theme import Theme

THEME_NAME = "pacer-dark"

# Deep blue-grey, soft teal and warm sand: low contrast where it does not matter, clear where it
# does. Errors are a muted rose, not an alarm red: a typo should not feel like an emergency.
PACER_DARK = Theme(
    name=THEME_NAME,
    primary="#7FB2C4",
    secondary="#9E9BD0",
    accent="#D9BF8C",
    foreground="#D6DEE5",
    background="#141920",
    surface="#1A2029",
    panel="#222A35",
    success="#8DBF9B",
    warning="#D8B26E",
    error="#D88E8E",
    dark=True,
    variables={
        "footer-key-foreground": "#D9BF8C",
        "footer-background": "#1A2029",
        "footer-description-foreground": "#AEB8C2",
        "input-selection-background": "#7FB2C4 35%",
        "block-cursor-background": "#2E4A57",
        "block-cursor-foreground": "#E6EDF3",
        "block-cursor-text-style": "none",
        "block-cursor-blurred-background": "#25333D",
        "button-focus-text-style": "bold",
    },
)

LIGHT_NAME = "pacer-light"
CONTRAST_NAME = "pacer-contrast"

# Warm paper and ink: soft enough for a sunny room, dark enough text to read without strain.
PACER_LIGHT = Theme(
    name=LIGHT_NAME,
    primary="#2F6577",
    secondary="#5A568F",
    accent="#8A6420",
    foreground="#1E2630",
    background="#F5F2EA",
    surface="#ECE7DC",
    panel="#E0DACB",
    success="#3C7A4E",
    warning="#8A5A12",
    error="#A23E3E",
    dark=False,
    variables={
        "footer-key-foreground": "#8A6420",
        "footer-background": "#ECE7DC",
        "footer-description-foreground": "#3B4652",
        "input-selection-background": "#2F6577 30%",
        "block-cursor-background": "#C9DDE4",
        "block-cursor-foreground": "#10181F",
        "block-cursor-text-style": "none",
        "block-cursor-blurred-background": "#DCE6E9",
        "button-focus-text-style": "bold",
    },
)

# Pure black and white with bright yellow and cyan: every line readable, nothing faint.
PACER_CONTRAST = Theme(
    name=CONTRAST_NAME,
    primary="#00FFFF",
    secondary="#FFFFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF00",
    warning="#FFFF00",
    error="#FF8080",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "foreground-muted": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "footer-background": "#000000",
        "footer-description-foreground": "#FFFFFF",
        "input-selection-background": "#00FFFF 50%",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#444444",
        "button-focus-text-style": "bold reverse",
    },
)

THEMES: tuple[Theme, ...] = (PACER_DARK, PACER_LIGHT, PACER_CONTRAST)

# (theme name, what a person sees in Settings), calm dark first because it is the default.
THEME_CHOICES: tuple[tuple[str, str], ...] = (
    (THEME_NAME, "Calm dark"),
    (LIGHT_NAME, "Light"),
    (CONTRAST_NAME, "High contrast"),
)
