"""Pacer's sound: calm cues on time, a silent fallback, and guided sessions saved as audio files.

Importing this package is cheap on purpose (app launch time is measured): numpy, pydub and
miniaudio are loaded only by the modules that need them, when a session with sound starts or a
track is exported. The light entry points are `pacer_audio.settings`, `pacer_audio.player`
and `pacer_audio.command`; `pacer_audio.cues`, `pacer_audio.mixer` and `pacer_audio.export`
pull in numpy.
"""
