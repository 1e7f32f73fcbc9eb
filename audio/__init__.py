"""Pacer's sound: calm cues on time, a silent fallback, and guided sessions saved as audio files.

Importing this package is cheap on purpose (app launch time is measured): numpy, pydub and
miniaudio are loaded only by the modules that need them, when a session with sound starts or a
track is exported. The light entry points are `audio.settings`, `audio.player` and
`audio.command`; `audio.cues`, `audio.mixer` and `audio.export` pull in numpy.
"""
