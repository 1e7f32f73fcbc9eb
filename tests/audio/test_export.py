"""Exported tracks: exact length, every cue on its boundary, formats, ffmpeg, no partial files."""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacer.domain.errors import InputError
from pacer.domain.patterns import BUILTIN
from pacer.domain.timeline import Timeline
from pacer_audio import export
from pacer_audio.command import add_export_audio_arguments, cmd_export_audio
from pacer_audio.cues import RATE, cue, to_int16
from pacer_audio.errors import AudioError
from pacer_audio.export import export_timeline, export_track
from pacer_audio.progress import ProgressBar
from pacer_audio.schedule import Schedule
from pacer_audio.settings import volume_gain
from tests.audio.conftest import timeline

ROOT = Path(__file__).resolve().parents[2]


def read_wav(path: Path) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(str(path), "rb") as reader:
        params = reader.getparams()
        data = np.frombuffer(reader.readframes(params.nframes), dtype="<i2")
    return params, data


def folder_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_twenty_minute_track_has_exact_length_and_every_cue_on_its_boundary(
    tmp_path: Path,
) -> None:
    out = export_track(BUILTIN["resonance"], 20, style="bowl", output=tmp_path / "calm.wav",
                       volume=100)
    params, data = read_wav(out)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 44100)
    schedule = Schedule(timeline("resonance", 20), "bowl")
    assert params.nframes == len(data) == schedule.track_frames
    assert len(data) == round(1200 * RATE) + round(5 * RATE)  # 20:00 of breathing, then the end
    gain = np.float32(volume_gain(100))
    assert len(schedule.events) == 241
    for event in schedule.events:
        expected = to_int16(cue("bowl", event.kind) * gain)
        start = event.frame
        # Silence just before the boundary, then the cue, sample for sample.
        assert data[start - 1] == 0 if start else True
        assert np.array_equal(data[start : start + len(expected)], expected), event
    assert folder_files(tmp_path) == ["calm.wav"]


def test_swell_follows_the_breath_in_the_exported_track(tmp_path: Path) -> None:
    out = export_track(BUILTIN["resonance"], 20, style="tone", swell=True,
                       output=tmp_path / "swell.wav")
    _, data = read_wav(out)
    schedule = Schedule(timeline("resonance", 20), "tone")
    assert len(data) == schedule.track_frames
    # Between cues (the tone lasts 1-1.2 s) only the swell sounds: its loudness rises with
    # the breath in and falls with the breath out.
    window = RATE // 10
    starts = np.arange(int(1.5 * RATE), int(1190 * RATE), window * 7)
    times = (starts + window / 2) / RATE
    in_gap = np.array([(t % 10) > 1.5 and not (4 <= t % 10 < 5.5) for t in times])
    rms = np.array([np.sqrt(np.mean(data[s : s + window].astype(np.float64) ** 2))
                    for s in starts])[in_gap]
    fullness = schedule.fullness(times[in_gap])
    assert np.corrcoef(rms, fullness)[0, 1] > 0.9
    assert np.max(np.abs(data.astype(np.int32))) < 32767


def test_holds_and_a_ramp_export_too(tmp_path: Path) -> None:
    box = export_track(BUILTIN["box"], 1, style="chime", output=tmp_path / "box.wav")
    _, data = read_wav(box)
    assert len(data) == Schedule(timeline("box", 1), "chime").track_frames
    from pacer.domain.timeline import Ramp, Timeline

    ramp = Ramp(12, 2)
    line = Timeline.for_minutes(BUILTIN["gentle"], 3, ramp)
    out = export_track(BUILTIN["gentle"], 3, output=tmp_path / "ramp.wav", ramp=ramp)
    _, data = read_wav(out)
    assert len(data) == Schedule(line, "bowl").track_frames


def test_progress_is_reported_up_to_the_end(tmp_path: Path) -> None:
    seen: list[float] = []
    export_track(BUILTIN["gentle"], 2, output=tmp_path / "p.wav", progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0 and len(seen) > 3


def test_progress_bar_only_on_a_terminal() -> None:
    piped = io.StringIO()
    with ProgressBar("Saving x.wav", piped) as bar:
        bar.update(0.5)
        bar.update(1.0)
    assert piped.getvalue() == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Terminal()
    with ProgressBar("Saving x.wav", tty) as bar:
        for step in range(11):
            bar.update(step / 10)
    text = tty.getvalue()
    assert text.startswith("\rSaving x.wav [") and "100%" in text and text.endswith("\n")


def test_ffmpeg_missing_is_a_clear_error_and_leaves_no_file(
    tmp_path: Path, no_ffmpeg: None
) -> None:
    for name in ("walk.mp3", "walk.ogg", "walk.flac"):
        with pytest.raises(AudioError, match="ffmpeg") as caught:
            export_track(BUILTIN["resonance"], 5, output=tmp_path / name)
        assert "install" in str(caught.value).lower() and ".wav" in str(caught.value)
    assert folder_files(tmp_path) == []


def test_ffmpeg_missing_through_the_command(
    tmp_path: Path, no_ffmpeg: None, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parse(["--minutes", "1", "-o", str(tmp_path / "walk.mp3")])
    assert cmd_export_audio(args) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("pacer: saving as MP3 needs ffmpeg")
    assert captured.err.count("\n") == 1
    assert folder_files(tmp_path) == []


# ffmpeg is an optional system program: a developer without it skips these three, but CI
# installs it (.ci/run), so there a missing ffmpeg fails them instead of hiding them.
needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None and not os.environ.get("CI"),
    reason="ffmpeg is not installed (CI installs it and runs these)",
)


@needs_ffmpeg
@pytest.mark.parametrize("suffix", [".mp3", ".ogg", ".flac"])
def test_compressed_formats_when_ffmpeg_is_present(tmp_path: Path, suffix: str) -> None:
    import miniaudio

    out = export_track(BUILTIN["gentle"], 0.5, style="chime", output=tmp_path / f"t{suffix}")
    assert folder_files(tmp_path) == [out.name]
    decoded = miniaudio.decode_file(str(out))
    expected = Schedule(timeline("gentle", 0.5), "chime").track_frames / RATE
    assert decoded.duration == pytest.approx(expected, abs=0.06)


def test_an_interrupted_export_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = export.render

    def interrupted(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        for i, block in enumerate(real(*args, **kwargs)):  # type: ignore[arg-type]
            if i == 3:
                raise KeyboardInterrupt
            yield block

    monkeypatch.setattr(export, "render", interrupted)
    (tmp_path / "old.wav").write_bytes(b"keep me")
    with pytest.raises(KeyboardInterrupt):
        export_track(BUILTIN["resonance"], 5, output=tmp_path / "old.wav")
    assert folder_files(tmp_path) == ["old.wav"]
    assert (tmp_path / "old.wav").read_bytes() == b"keep me"


def test_a_full_disk_is_an_audio_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "_write_wav", full)
    with pytest.raises(AudioError, match="No space left"):
        export_track(BUILTIN["resonance"], 5, output=tmp_path / "x.wav")
    assert folder_files(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "style", "words"),
    [("track.aac", "bowl", "'{dir}/track.aac'"), ("track.wav", "gong", "'gong'"),
     ("missing/track.wav", "bowl", "missing' does not exist")],
)
def test_bad_names_and_styles_name_the_value(
    tmp_path: Path, name: str, style: str, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        export_timeline(timeline("resonance", 1), tmp_path / name, style=style)
    assert words.format(dir=tmp_path) in str(caught.value)
    assert folder_files(tmp_path) == []


# --- the command's arguments, on a parser that exits 2 like pacer's ---------------------------


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"pacer: error: {message}\n")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = Parser(prog="pacer export-audio")
    add_export_audio_arguments(parser)
    return parser.parse_args(argv)


@pytest.mark.parametrize(
    ("argv", "words"),
    [(["--sound", "gong", "-o", "x.wav"], "unknown sound 'gong'"),
     (["--minutes", "0", "-o", "x.wav"], "'0' minutes"),
     (["--volume", "150", "-o", "x.wav"], "'150' is outside 0-100"),
     (["-o", "x.aiff"], "'x.aiff'"),
     ([], "-o/--output")],
)
def test_bad_arguments_exit_2_with_one_clear_line(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        parse(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_unknown_pattern_exits_2_with_one_line_and_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Patterns resolve after parsing (custom ones live in the store), still exit 2."""
    output = tmp_path / "x.wav"
    args = parse(["--pattern", "nope", "-o", str(output)])
    assert cmd_export_audio(args) == 2
    err = capsys.readouterr().err
    assert "unknown pattern 'nope'" in err and err.count("\n") == 1
    assert not output.exists()


def test_ramp_that_is_not_faster_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parse(["--pattern", "gentle", "--ramp", "2", "--ramp-from", "6",
                  "-o", str(tmp_path / "x.wav")])
    assert cmd_export_audio(args) == 2
    assert "--ramp-from 6 is not faster" in capsys.readouterr().err
    assert folder_files(tmp_path) == []


def test_the_command_uses_the_settings_and_says_what_it_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    class Store:
        def settings(self) -> dict[str, object]:
            return {"default_pattern": "gentle", "default_minutes": 1, "sound_style": "chime"}

    args = parse(["--swell", "-o", str(tmp_path / "walk.wav")])
    assert cmd_export_audio(args, Store()) == 0
    out = capsys.readouterr()
    assert out.err == ""  # not a terminal: no progress bar
    assert out.out.startswith("Saved 1:03 of gentle, no holds (chime cues with a breath swell)")
    _, data = read_wav(tmp_path / "walk.wav")
    assert len(data) == Schedule(timeline("gentle", 1), "chime").track_frames


def test_the_command_line_registers_export_audio() -> None:
    from pacer.cli import build_parser

    actions = build_parser()._actions
    assert any("export-audio" in (getattr(a, "choices", None) or {}) for a in actions)


def test_end_to_end_through_pacer(tmp_path: Path) -> None:
    env = {**os.environ, "PACER_HOME": str(tmp_path / "home"), "PATH": str(tmp_path)}
    run = [sys.executable, "-m", "pacer", "export-audio", "--pattern", "gentle", "--minutes",
           "0.5"]
    ok = subprocess.run([*run, "-o", str(tmp_path / "a.wav")], capture_output=True, env=env,
                        cwd=ROOT, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "a.wav").exists()
    missing = subprocess.run([*run, "-o", str(tmp_path / "a.mp3")], capture_output=True,
                             env=env, cwd=ROOT, timeout=120)
    assert missing.returncode == 1 and b"ffmpeg" in missing.stderr
    assert not (tmp_path / "a.mp3").exists()
    bad = subprocess.run([*run, "--sound", "gong", "-o", str(tmp_path / "b.wav")],
                         capture_output=True, env=env, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and b"gong" in bad.stderr


@settings(max_examples=25, deadline=None)
@given(
    inhale=st.floats(0.5, 6), hold=st.floats(0, 3), exhale=st.floats(0.5, 6),
    style=st.sampled_from(["bowl", "chime", "tone"]),
)
def test_no_rhythm_can_make_a_track_clip(
    inhale: float, hold: float, exhale: float, style: str
) -> None:
    from pacer.domain.patterns import parse_rhythm

    line = Timeline.for_minutes(parse_rhythm(f"{inhale:.2f}-{hold:.2f}-{exhale:.2f}"), 0.3)
    blocks = list(export.render(line, style=style, swell=True, volume=100))
    data = np.concatenate(blocks).astype(np.int32)
    assert len(data) == Schedule(line, style).track_frames
    assert np.max(np.abs(data)) < 32767  # never pinned at full scale
