"""Which parts of VLC the packaged app carries, read by casebook.spec and build.py.

libvlc and libvlccore go to `vlc/` inside the bundle and a trimmed plugin set to
`vlc/plugins/` (where app/media/vlc_locate.py looks first in a frozen app). The trim keeps
what Casebook plays and how it plays it (app/media/player.py, frames.py, probe.py):

- clips: MP4, MKV/WebM, AVI, Ogg and raw H.264/HEVC files, decoded by avcodec (H.264, HEVC,
  VP8/9, MPEG-4...) or dav1d (AV1), sound by avcodec, FLAC, Opus or Vorbis;
- pictures: a native window (xcb on Linux; Direct3D on Windows; macOS's own output) for the
  normal player, and vmem callbacks for "frames" rendering, the probe and posters;
- sound: PulseAudio or ALSA (Windows: WASAPI/DirectSound; macOS: auhal), and the dummy
  output used offscreen;
- captions: SRT/VTT/TTML/tx3g read by libvlc's subtitle demuxer and decoders, drawn by
  freetype (Casebook draws its own caption line too; these are for embedded tracks);
- filters the player asks for: rotation of phone clips (transform), deinterlace, scaling and
  chroma conversion, audio resampling and the speed change (scaletempo).
Network access, streaming out, discovery, screen capture, visualisations and the like are left
out: Casebook is offline and plays local files only.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Plugins kept, by folder. Names are the Linux file stems; on Windows and macOS the same
# module names apply (libNAME_plugin.dll / .dylib).
KEEP: dict[str, tuple[str, ...]] = {
    "access": ("filesystem", "attachment", "idummy", "imem"),
    "audio_filter": (
        "audio_format",
        "remap",
        "scaletempo",
        "scaletempo_pitch",
        "simple_channel_mixer",
        "trivial_channel_mixer",
        "headphone_channel_mixer",
        "speex_resampler",
        "ugly_resampler",
        "gain",
        "mono",
    ),
    "audio_mixer": ("float_mixer", "integer_mixer"),
    "audio_output": (
        "adummy",
        "amem",
        "afile",
        "alsa",
        "pulse",
        "mmdevice",
        "directsound",
        "wasapi",
        "waveout",
        "auhal",
    ),
    "codec": (
        "avcodec",
        "dav1d",
        "flac",
        "opus",
        "vorbis",
        "araw",
        "lpcm",
        "subsdec",
        "substx3g",
        "subsusf",
        "webvtt",
        "ttml",
        "cc",
        "spudec",
        "ddummy",
        "edummy",
        "mpg123",
        "d3d11va",
        "dxva2",
        "videotoolbox",
        "audiotoolbox_midi",
    ),
    "demux": (
        "mp4",
        "mkv",
        "avi",
        "ogg",
        "es",
        "h26x",
        "mpgv",
        "ps",
        "ts",
        "wav",
        "subtitle",
    ),
    "logger": ("console_logger", "file_logger"),
    "packetizer": (
        "packetizer_av1",
        "packetizer_copy",
        "packetizer_flac",
        "packetizer_h264",
        "packetizer_hevc",
        "packetizer_mpeg4audio",
        "packetizer_mpeg4video",
        "packetizer_mpegaudio",
        "packetizer_mpegvideo",
        "packetizer_a52",
        "packetizer_dts",
    ),
    "stream_filter": ("cache_block", "cache_read", "prefetch", "skiptags"),
    "text_renderer": ("freetype", "tdummy"),
    "video_chroma": ("*",),  # small, no outside libraries, and any may be in a conversion chain
    "video_filter": (
        "blend",
        "transform",
        "deinterlace",
        "scale",
        "adjust",
        "canvas",
        "croppadd",
        "fps",
    ),
    "video_output": (
        "vmem",
        "vdummy",
        "xcb_window",
        "xcb_x11",
        "xcb_xv",
        "gl",
        "glx",
        "egl_x11",
        "yuv",
        "direct3d11",
        "direct3d9",
        "drawable",
        "wingdi",
        "glwin32",
        "wgl",
        "caopengllayer",
        "macosx",
        "vout_macosx",
        "samplebufferdisplay",
    ),
}


def plugin_suffix(platform: str) -> str:
    if platform.startswith("win"):
        return ".dll"
    if platform == "darwin":
        return ".dylib"
    return ".so"


def vlc_root(platform: str = sys.platform) -> tuple[Path, Path, Path]:
    """(libvlc, libvlccore, plugins folder) of the VLC the build takes its files from.

    Linux: the system's (libvlc5 and the plugin packages). Windows: VLC 3 64-bit installed
    in Program Files, or the folder CASEBOOK_VLC_DIR names (an unzipped VLC). macOS: VLC.app
    in /Applications, or CASEBOOK_VLC_DIR (its Contents/MacOS folder). Only Linux has been
    built and tested; see docs/packaging.md.
    """
    import os

    given = os.environ.get("CASEBOOK_VLC_DIR")
    if platform.startswith("win"):
        root = Path(
            given or Path(os.environ.get("ProgramFiles", "C:/Program Files")) / "VideoLAN/VLC"
        )
        return root / "libvlc.dll", root / "libvlccore.dll", root / "plugins"
    if platform == "darwin":
        root = Path(given or "/Applications/VLC.app/Contents/MacOS")
        return root / "lib/libvlc.dylib", root / "lib/libvlccore.dylib", root / "plugins"
    lib = Path(given or "/usr/lib/x86_64-linux-gnu")
    return lib / "libvlc.so.5", lib / "libvlccore.so.9", lib / "vlc" / "plugins"


def kept_plugins(plugins: Path, platform: str = sys.platform) -> list[Path]:
    """The plugin files of KEEP that this VLC has (a module missing on one OS is skipped)."""
    suffix = plugin_suffix(platform)
    found: list[Path] = []
    for folder, names in KEEP.items():
        where = plugins / folder
        if not where.is_dir():
            continue
        for file in sorted(where.iterdir()):
            if not file.name.endswith(suffix):
                continue
            stem = file.name.removeprefix("lib").removesuffix(suffix).removesuffix("_plugin")
            if "*" in names or stem in names:
                found.append(file)
    return found


def binaries(platform: str = sys.platform) -> list[tuple[str, str]]:
    """PyInstaller (source, destination folder) pairs for libvlc, libvlccore and the plugins.
    Plugins go in as binaries, so PyInstaller also collects the libraries they need
    (libavcodec, libpulse...)."""
    libvlc, core, plugins = vlc_root(platform)
    missing = [str(p) for p in (libvlc, core, plugins) if not p.exists()]
    if missing:
        raise SystemExit(f"VLC 3 is needed to build the packaged app; not found: {missing}")
    pairs = [(str(libvlc), "vlc"), (str(core), "vlc")]
    for file in kept_plugins(plugins, platform):
        pairs.append((str(file), f"vlc/plugins/{file.parent.name}"))
    return pairs
