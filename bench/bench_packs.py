"""Content packs: making and installing a 100 MB pack, beside bare zipfile + hashlib.

The pack holds one scenario with a real 100 MB H.264 clip (made with ffmpeg), its captions and
manifest. Packing hashes every file, runs the content check and writes the zip; installing
verifies the manifest, unpacks while hashing, runs the content check on the unpacked files and
renames them into place. The floors do the same bytes with the standard library alone: writing
the zip with every file's SHA-256 computed, and extracting it while hashing.
Targets: each <= 2x its floor and <= 10 s; installing with every clip opened by libvlc (as the
command and the app do) <= 10 s.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from app.config import Paths
from app.services import packs

CLIP_MB = 100
SRT = "1\n00:00:00,000 --> 00:00:02,000\nHello.\n"


def _make_clip(path: Path) -> None:
    """A real H.264 clip of about CLIP_MB: moving grain barely compresses, like camera footage."""
    seconds = 20
    rate = CLIP_MB * 8 // seconds  # Mbit/s
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", "color=c=gray:s=1280x720:r=25,noise=alls=60:allf=t", "-t", str(seconds),
         "-c:v", "libx264", "-preset", "ultrafast", "-b:v", f"{rate}M", "-maxrate", f"{rate}M",
         "-bufsize", f"{rate}M", "-pix_fmt", "yuv420p", str(path)],
        check=True,
        timeout=600,
    )  # fmt: skip


def _content(root: Path) -> Path:
    videos = root / "videos"
    videos.mkdir(parents=True)
    _make_clip(videos / "bench-big.mp4")
    (videos / "bench-big.srt").write_text(SRT, encoding="utf-8")
    (videos / "bench-big.toml").write_text(
        "[scenario]\n"
        'id = "bench-big"\ntitle = "A big clip"\nsummary = "For timing packs."\n'
        'video = "bench-big.mp4"\nduration = 20\ncaptions = "bench-big.srt"\n'
        'roles = ["ward-nurse"]\ntopics = ["handover"]\nsetting = "inpatient ward"\n'
        'level = "introductory"\nlearning_objectives = ["Time the pack."]\n',
        encoding="utf-8",
    )
    return root


def _bare_pack(src: Path, out: Path) -> None:
    with zipfile.ZipFile(out, "w") as zf:
        for path in sorted(src.rglob("*")):
            if path.is_file():
                hashlib.sha256(path.read_bytes()).hexdigest()
                zf.write(path, path.relative_to(src).as_posix(), zipfile.ZIP_STORED)


def _bare_install(pack: Path, dest: Path) -> None:
    with zipfile.ZipFile(pack) as zf:
        for info in zf.infolist():
            target = dest / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with zf.open(info) as src, target.open("wb") as out:
                while chunk := src.read(1024 * 1024):
                    digest.update(chunk)
                    out.write(chunk)


def _best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run(report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        src = _content(base / "src")
        size_mb = sum(p.stat().st_size for p in src.rglob("*") if p.is_file()) / 1024**2
        print(f"pack content: {size_mb:.0f} MB")
        out = base / "big.casebook"
        kw = dict(pack_id="bench-pack", title="Bench", version="1", publisher="Bench")

        def make() -> None:
            out.unlink(missing_ok=True)
            packs.make_pack(src, out, **kw)

        def bare_make() -> None:
            _bare_pack(src, base / "bare.zip")

        pack_s, bare_pack_s = _best(make), _best(bare_make)

        n = iter(range(100))

        def install() -> None:
            home = base / f"home-{next(n)}"
            packs.install(Paths.resolve(home).ensure(), out)
            shutil.rmtree(home)

        def bare_install() -> None:
            dest = base / "bare-out"
            _bare_install(out, dest)
            shutil.rmtree(dest)

        install_s, bare_install_s = _best(install), _best(bare_install)

        # As the command and the app install: every clip also opened with libvlc.
        from app.media import probe as clip_probe

        clip_probe.load_vlc()

        def install_probed() -> None:
            home = base / f"home-{next(n)}"
            packs.install(Paths.resolve(home).ensure(), out, probe=clip_probe.probe)
            shutil.rmtree(home)

        probed_s = _best(install_probed)

    report.add(f"pack {size_mb:.0f} MB", pack_s, "s", floor=bare_pack_s, max_ratio=2, max_value=10)
    report.add(
        f"install {size_mb:.0f} MB",
        install_s,
        "s",
        floor=bare_install_s,
        max_ratio=2,
        max_value=10,
    )
    report.add(f"install {size_mb:.0f} MB, clips opened", probed_s, "s", max_value=10)
