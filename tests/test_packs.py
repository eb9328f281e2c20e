"""Content packs: made, installed, listed, updated, rolled back and removed; and every refusal
leaves the installed content as it was, with nothing written outside the content folder."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from app.config import Paths, Settings
from app.models import pack as packfmt
from app.models.pack import DowngradeRefused, Limits, PackError
from app.services import library, packs
from tests.pack_fixtures import make, manifest_of, rewrite, with_file


@pytest.fixture
def paths(home, monkeypatch):
    monkeypatch.delenv("CASEBOOK_PACKS", raising=False)
    return Paths.resolve(home).ensure()


@pytest.fixture
def signer(tmp_path):
    key_file = tmp_path / "keys" / "northshire.key"
    _public, text = packs.generate_keys(key_file, "correct horse battery", "Northshire")
    return packs.read_signing_key(key_file, "correct horse battery"), text


def trust(paths: Paths, *keys: str) -> None:
    settings = Settings.load(paths)
    settings.trusted_publisher_keys = list(keys)
    settings.save(paths)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` and its bytes: what a refusal must leave untouched."""
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def refused(paths: Paths, pack_file: Path, words: str, tmp_path: Path, **kw) -> str:
    """Install must fail with one line containing `words` and change nothing on disk."""
    content = paths.content_folder()
    before = snapshot(content)
    outside = snapshot(tmp_path / "outside")
    with pytest.raises(PackError) as caught:
        packs.install(paths, pack_file, **kw)
    message = str(caught.value)
    assert words in message, message
    assert "\n" not in message
    assert snapshot(content) == before
    assert snapshot(tmp_path / "outside") == outside
    leftovers = [p.name for p in paths.installed_packs_dir.glob(".incoming-*")]
    assert leftovers == []
    return message


def scenario_ids(paths: Paths) -> set[str]:
    return {s.id for s in library.load_library(paths).scenarios}


# ------------------------------------------------------------------ the happy paths


def test_a_pack_installs_into_the_content_folder_and_the_library_lists_it(paths, tmp_path):
    pack_file = make(tmp_path)
    with zipfile.ZipFile(pack_file) as zf:
        names = set(zf.namelist())
    assert {"manifest.toml", "videos/pk-ward.toml", "videos/pk-ward.mp4"} <= names

    result = packs.install(paths, pack_file)

    assert result.status == "installed"
    assert sorted(result.new) == ["videos/pk-ward.mp4", "videos/pk-ward.srt", "videos/pk-ward.toml"]
    installed = paths.installed_packs_dir / "northshire-ward"
    assert (installed / "videos" / "pk-ward.mp4").read_bytes() == (
        Path(__file__).resolve().parent.parent / "app/resources/videos/low-mood-inpatient.mp4"
    ).read_bytes()
    scenario = library.load_library(paths).get("pk-ward")
    assert scenario is not None and scenario.pause_points[0].label == "What would you say next?"
    assert library.check(paths=paths) == []
    [listed] = packs.installed(paths)
    assert (listed.manifest.id, listed.manifest.version, listed.signer) == (
        "northshire-ward",
        "1.0",
        None,
    )


def test_installing_the_same_pack_again_changes_nothing(paths, tmp_path):
    pack_file = make(tmp_path)
    packs.install(paths, pack_file)
    assert packs.install(paths, pack_file).status == "unchanged"


def test_a_newer_version_says_what_changed_and_keeps_the_old_one_for_rollback(paths, tmp_path):
    packs.install(paths, make(tmp_path, version="1.0"))
    newer = make(tmp_path, version="1.1", sid="pk-ward-two", title="Night shift")

    result = packs.install(paths, newer)

    assert result.status == "updated" and result.previous_version == "1.0"
    assert "videos/pk-ward-two.toml" in result.new
    assert "videos/pk-ward.toml" in result.removed
    assert "pk-ward-two" in scenario_ids(paths) and "pk-ward" not in scenario_ids(paths)
    assert packs.installed(paths)[0].previous_version == "1.0"

    back = packs.rollback(paths, "northshire-ward")

    assert back.manifest.version == "1.0" and back.previous_version == "1.1"
    assert "pk-ward" in scenario_ids(paths) and "pk-ward-two" not in scenario_ids(paths)


def test_a_downgrade_asks_first(paths, tmp_path):
    packs.install(paths, make(tmp_path, version="2.0"))
    older = make(tmp_path, version="1.5")
    message = refused(paths, older, "older than the installed version 2.0", tmp_path)
    assert "--allow-downgrade" in message
    with pytest.raises(DowngradeRefused):
        packs.install(paths, older)

    result = packs.install(paths, older, allow_downgrade=True)

    assert result.status == "downgraded"
    assert packs.installed(paths)[0].manifest.version == "1.5"


def test_remove_takes_the_pack_and_its_kept_version_away(paths, tmp_path):
    packs.install(paths, make(tmp_path, version="1.0"))
    packs.install(paths, make(tmp_path, version="1.1"))
    packs.remove(paths, "northshire-ward")
    assert packs.installed(paths) == []
    assert "pk-ward" not in scenario_ids(paths)
    assert [p.name for p in paths.installed_packs_dir.iterdir() if p.name != ".previous"] == []
    assert list((paths.installed_packs_dir / ".previous").iterdir()) == []
    with pytest.raises(PackError, match="no pack"):
        packs.remove(paths, "northshire-ward")


def test_a_signed_pack_installs_where_its_key_is_trusted(paths, tmp_path, signer):
    key, text = signer
    trust(paths, text)
    result = packs.install(paths, make(tmp_path, key=key))
    assert result.signer == text
    assert packs.installed(paths)[0].as_json()["signed_by"] == packfmt.fingerprint(text)


def test_the_private_key_needs_its_passphrase(tmp_path):
    key_file = tmp_path / "k.key"
    packs.generate_keys(key_file, "a long passphrase")
    assert b"ENCRYPTED" in key_file.read_bytes()
    with pytest.raises(PackError, match="wrong passphrase"):
        packs.read_signing_key(key_file, "not it at all")
    with pytest.raises(PackError, match="already exists"):
        packs.generate_keys(key_file, "a long passphrase")


# ------------------------------------------------------------------ refusals


def test_refused_when_a_file_was_changed(paths, tmp_path):
    good = make(tmp_path)
    srt = b"1\n00:00:01,000 --> 00:00:02,000\nHELLO.\n"
    original = zipfile.ZipFile(good).read("videos/pk-ward.srt")
    changed = original[: len(original) - len(srt)] + srt if len(original) >= len(srt) else srt
    bad = rewrite(good, tmp_path / "bad.casebook", replace={"videos/pk-ward.srt": changed})
    refused(paths, bad, "was changed after the pack was made", tmp_path)


def test_refused_when_a_file_has_a_different_size(paths, tmp_path):
    good = make(tmp_path)
    bad = rewrite(good, tmp_path / "bad.casebook", replace={"videos/pk-ward.srt": b"1\n"})
    refused(paths, bad, "was changed after the pack was made", tmp_path)


def test_refused_when_a_listed_file_is_missing(paths, tmp_path):
    bad = rewrite(make(tmp_path), tmp_path / "bad.casebook", drop=("videos/pk-ward.srt",))
    refused(paths, bad, '"videos/pk-ward.srt" is listed in the manifest but missing', tmp_path)


def test_refused_when_a_file_is_not_in_the_manifest(paths, tmp_path):
    bad = rewrite(make(tmp_path), tmp_path / "bad.casebook", add={"videos/extra.md": b"hi"})
    refused(paths, bad, "not in its manifest", tmp_path)


def test_refused_when_a_manifest_is_missing(paths, tmp_path):
    bad = rewrite(make(tmp_path), tmp_path / "bad.casebook", drop=("manifest.toml",))
    refused(paths, bad, "not a Casebook content pack", tmp_path)


def test_refused_when_the_file_is_not_a_zip(paths, tmp_path):
    bad = tmp_path / "bad.casebook"
    bad.write_bytes(b"MZ\x90\x00 not a zip")
    refused(paths, bad, "damaged or not a Casebook content pack", tmp_path)


def test_refused_when_signed_pack_was_changed_after_signing(paths, tmp_path, signer):
    key, _text = signer
    good = make(tmp_path, key=key)
    m = manifest_of(good)
    edited = packfmt.Manifest(m.id, "A different title", *[getattr(m, f) for f in (
        "version", "publisher", "min_casebook", "created", "files")])  # fmt: skip
    bad = rewrite(good, tmp_path / "bad.casebook", manifest=edited)
    # Refused even on a PC that trusts no keys: a broken signature is never ignored.
    refused(paths, bad, "signature does not match the manifest", tmp_path)


def test_refused_when_unsigned_and_signatures_are_required(paths, tmp_path, signer):
    trust(paths, signer[1])
    refused(paths, make(tmp_path), "not signed", tmp_path)


def test_refused_when_signed_by_an_unknown_key(paths, tmp_path, signer):
    other = packfmt.new_private_key()
    trust(paths, signer[1])
    message = refused(paths, make(tmp_path, key=other), "signed by an unknown key", tmp_path)
    assert packfmt.fingerprint(packfmt.public_key_text(other.public_key())) in message


def test_refused_when_the_signature_file_is_damaged(paths, tmp_path, signer):
    good = make(tmp_path, key=signer[0])
    bad = rewrite(good, tmp_path / "bad.casebook", replace={"manifest.sig": b"[signature]\nkey=1"})
    refused(paths, bad, "signature file is damaged", tmp_path)


@pytest.mark.parametrize(
    "name, words",
    [
        ("../outside/evil.toml", "leaves or bends"),
        ("videos/../../outside/evil.toml", "leaves or bends"),
        ("/tmp/evil.toml", "absolute path"),
        ("C:/Windows/evil.toml", "absolute path"),
        ("C:evil.toml", "absolute path"),
        ("videos\\..\\..\\evil.toml", "backslashes"),
    ],
)
def test_refused_when_a_path_escapes_in_the_manifest(paths, tmp_path, name, words):
    good = make(tmp_path)
    data = b'[scenario]\nid = "x"\n'
    m = with_file(manifest_of(good), name, data)
    bad = rewrite(good, tmp_path / "bad.casebook", manifest=m, add={name: data})
    refused(paths, bad, words, tmp_path)
    assert not (tmp_path / "outside").exists()


@pytest.mark.parametrize(
    "name, words",
    [
        ("../outside/evil.toml", "leaves or bends"),
        ("/tmp/evil.toml", "absolute path"),
        ("D:\\evil.toml", "backslashes"),
        ("E:/evil.toml", "absolute path"),
    ],
)
def test_refused_when_a_path_escapes_in_the_zip_only(paths, tmp_path, name, words):
    bad = rewrite(make(tmp_path), tmp_path / "bad.casebook", add={name: b"x"})
    refused(paths, bad, words, tmp_path)


def test_refused_when_the_pack_holds_a_symlink(paths, tmp_path):
    bad = rewrite(make(tmp_path), tmp_path / "bad.casebook", symlinks={"videos/link.srt": "/etc"})
    refused(paths, bad, "symbolic link", tmp_path)


def test_refused_when_a_scenario_names_a_clip_outside_the_pack(paths, tmp_path):
    good = make(tmp_path)
    toml = zipfile.ZipFile(good).read("videos/pk-ward.toml").decode()
    escaping = toml.replace('video = "pk-ward.mp4"', 'video = "../../../../outside.mp4"').encode()
    m = manifest_of(good)
    files = tuple(
        packfmt.PackFile(f.path, len(escaping), packfmt.sha256_hex(escaping))
        if f.path == "videos/pk-ward.toml"
        else f
        for f in m.files
    )
    m = packfmt.Manifest(m.id, m.title, m.version, m.publisher, m.min_casebook, m.created, files)
    bad = rewrite(
        good, tmp_path / "bad.casebook", manifest=m, replace={"videos/pk-ward.toml": escaping}
    )
    refused(paths, bad, "names a video file outside the pack", tmp_path)


@pytest.mark.parametrize("name", ["videos/run.exe", "prompts/hook.py", "sessions/x.sh", "a.dll"])
def test_refused_when_the_pack_holds_anything_but_data(paths, tmp_path, name):
    good = make(tmp_path)
    m = with_file(manifest_of(good), name, b"#!/bin/sh\n")
    bad = rewrite(good, tmp_path / "bad.casebook", manifest=m, add={name: b"#!/bin/sh\n"})
    refused(paths, bad, "outside the content folders" if "/" not in name else "never programs",
            tmp_path)  # fmt: skip


def test_making_a_pack_refuses_a_program_in_the_folder(tmp_path):
    from tests.pack_fixtures import content_folder

    src = content_folder(tmp_path / "src")
    (src / "videos" / "setup.exe").write_bytes(b"MZ")
    with pytest.raises(PackError, match="never programs"):
        packs.make_pack(src, tmp_path / "x.casebook", pack_id="a", title="A", version="1",
                        publisher="P")  # fmt: skip
    assert not (tmp_path / "x.casebook").exists()


def test_refused_when_a_member_would_grow_too_much(paths, tmp_path):
    good = make(tmp_path)
    blanks = b" " * (4 * 1024 * 1024)  # deflates about 1000:1
    name = "videos/notes.md"
    m = with_file(manifest_of(good), name, blanks)
    bomb = rewrite(good, tmp_path / "bomb.casebook", manifest=m, add={name: blanks})
    refused(paths, bomb, "would grow", tmp_path)


def test_refused_when_the_pack_unpacks_to_more_than_the_limit(paths, tmp_path):
    good = make(tmp_path)
    refused(paths, good, "over the limit", tmp_path, limits=Limits(max_total_bytes=100_000))


def test_refused_when_the_zip_lies_about_a_member_size(paths, tmp_path):
    """A zip whose central directory claims a small size: unpacking stops at the manifest's."""
    good = make(tmp_path)
    data = b"A" * 200_000
    name = "videos/notes.md"
    small = packfmt.PackFile(name, 10, packfmt.sha256_hex(data[:10]))
    m = manifest_of(good)
    m = packfmt.Manifest(
        m.id, m.title, m.version, m.publisher, m.min_casebook, m.created, (*m.files, small)
    )
    bad = rewrite(good, tmp_path / "bad.casebook", manifest=m, add={name: data})
    raw = bytearray(bad.read_bytes())
    # Patch the central directory's uncompressed size of the last member to 10 bytes.
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (10).to_bytes(4, "little")
    bad.write_bytes(bytes(raw))
    message = refused(paths, bad, "refused: ", tmp_path)
    assert "damaged" in message or "more than the manifest says" in message


def test_refused_when_the_pack_id_belongs_to_another_publisher(paths, tmp_path):
    packs.install(paths, make(tmp_path, publisher="Northshire NHS Trust"))
    other = make(tmp_path, publisher="Southvale Academy", version="2.0", sid="sv-1")
    refused(paths, other, "already used by Northshire NHS Trust's pack", tmp_path)


def test_refused_when_a_signed_pack_is_replaced_by_another_key(paths, tmp_path, signer):
    packs.install(paths, make(tmp_path, key=signer[0]))
    other = packfmt.new_private_key()
    refused(paths, make(tmp_path, version="1.1", key=other), "not signed by the same key", tmp_path)


def test_refused_when_content_check_rejects_the_manifest(paths, tmp_path):
    good = make(tmp_path)
    broken = b'[scenario]\nid = "pk-broken"\ntitle = "No clip"\n'
    m = with_file(manifest_of(good), "videos/pk-broken.toml", broken)
    bad = rewrite(
        good, tmp_path / "bad.casebook", manifest=m, add={"videos/pk-broken.toml": broken}
    )
    message = refused(paths, bad, "does not pass content check", tmp_path)
    assert "northshire-ward/videos/pk-broken.toml:1:" in message


def test_refused_when_a_scenario_id_is_already_used(paths, tmp_path):
    taken = make(tmp_path, sid="low-mood-inpatient")  # a bundled scenario's id
    refused(paths, taken, 'scenario id "low-mood-inpatient" is already used', tmp_path)


def test_refused_when_the_pack_needs_a_newer_casebook(paths, tmp_path):
    good = make(tmp_path)
    m = manifest_of(good)
    m = packfmt.Manifest(m.id, m.title, m.version, m.publisher, "99.0", m.created, m.files)
    refused(
        paths, rewrite(good, tmp_path / "bad.casebook", manifest=m), "Update Casebook", tmp_path
    )


def test_a_refused_update_leaves_the_installed_version_in_use(paths, tmp_path):
    packs.install(paths, make(tmp_path, version="1.0"))
    newer = make(tmp_path, version="1.1")
    bad = rewrite(newer, tmp_path / "bad.casebook", drop=("videos/pk-ward.mp4",))
    refused(paths, bad, "missing", tmp_path)
    assert packs.installed(paths)[0].manifest.version == "1.0"
    assert "pk-ward" in scenario_ids(paths)


def test_an_interrupted_install_leaves_nothing_in_use(paths, tmp_path):
    """A power cut mid-unpack leaves an .incoming folder: it is never a content root, and is
    cleared once stale."""
    import os

    root = paths.installed_packs_dir
    stale = root / ".incoming-abc"
    (stale / "videos").mkdir(parents=True)
    (stale / "videos" / "half.toml").write_text("[scenario]\n", encoding="utf-8")
    os.utime(stale, (0, 0))
    assert stale not in paths.content_roots()
    assert packs.installed(paths) == []
    assert not stale.exists()


# ------------------------------------------------------------------ the shared folder


def test_the_shared_folder_installs_new_and_newer_packs_once(paths, tmp_path, monkeypatch):
    share = tmp_path / "share"
    share.mkdir()
    make(tmp_path, version="1.0", name="share/ward.casebook")
    monkeypatch.setenv("CASEBOOK_PACKS", str(share))

    first = packs.sync_shared(paths)
    assert [r.manifest.version for r in first.installed] == ["1.0"]
    assert first.summary() == "Installed 1 content pack: Ward scenarios 1.0."
    assert packs.sync_shared(paths).summary() == ""  # nothing new: nothing said

    make(tmp_path, version="1.2", name="share/ward.casebook")
    assert [r.manifest.version for r in packs.sync_shared(paths).installed] == ["1.2"]


def test_the_shared_folder_never_downgrades_and_reports_refusals(paths, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    packs.install(paths, make(tmp_path, version="3.0"))
    make(tmp_path, version="2.0", name="share/old.casebook")
    (share / "broken.casebook").write_bytes(b"nope")

    report = packs.sync_shared(paths, share)

    assert report.installed == []
    assert [name for name, _ in report.refused] == ["broken.casebook"]
    assert "refused" in report.summary()
    assert packs.installed(paths)[0].manifest.version == "3.0"


def test_an_unreachable_share_is_said_and_changes_nothing(paths, tmp_path):
    packs.install(paths, make(tmp_path))
    report = packs.sync_shared(paths, tmp_path / "no-such-share")
    assert not report.reachable
    assert "could not be reached" in report.summary()
    assert "pk-ward" in scenario_ids(paths)


def test_the_settings_can_name_the_share(paths, tmp_path, monkeypatch):
    monkeypatch.delenv("CASEBOOK_PACKS", raising=False)
    settings = Settings.load(paths)
    settings.packs_folder = str(tmp_path / "share")
    settings.save(paths)
    assert paths.shared_packs_folder() == tmp_path / "share"
    assert json.loads(paths.settings_file.read_text())["packs_folder"] == str(tmp_path / "share")


def test_refused_when_a_file_and_a_folder_share_a_name(paths, tmp_path):
    good = make(tmp_path)
    data = b"hello"
    m = with_file(manifest_of(good), "videos/pk-ward.toml/inner.md", data)
    bad = rewrite(
        good, tmp_path / "bad.casebook", manifest=m, add={"videos/pk-ward.toml/inner.md": data}
    )
    refused(paths, bad, "could not be unpacked", tmp_path)


def test_making_a_pack_says_what_is_missing_or_wrong(tmp_path):
    from tests.pack_fixtures import content_folder

    src = content_folder(tmp_path / "src")
    out = tmp_path / "x.casebook"
    with pytest.raises(PackError, match="needs a publisher"):
        packs.make_pack(src, out, pack_id="a-pack", title="A", version="1")
    with pytest.raises(PackError, match='numbers and dots, like "1.2"'):
        packs.make_pack(src, out, pack_id="a-pack", title="A", version="v2", publisher="P")
    (src / "videos" / "pk-ward.toml").write_text('[scenario]\nid = "pk-ward"\n', encoding="utf-8")
    with pytest.raises(PackError, match="does not pass `casebook content check`: .*pk-ward.toml"):
        packs.make_pack(src, out, pack_id="a-pack", title="A", version="1", publisher="P")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pack-")] == []


def test_one_install_at_a_time_and_a_crashed_one_does_not_block(paths, tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(packs, "LOCK_WAIT_SECONDS", 0.3)
    pack_file = make(tmp_path)
    lock = paths.installed_packs_dir / packs.LOCK_NAME
    lock.parent.mkdir(parents=True)
    lock.write_text("4242")  # another window is installing right now
    refused(paths, pack_file, "another content pack is being installed", tmp_path)
    assert lock.exists()  # not ours to take away

    os.utime(lock, (0, 0))  # left by a power cut long ago
    assert packs.install(paths, pack_file).status == "installed"
    assert not lock.exists()


def test_a_pack_carries_every_kind_of_content_folder():
    from app.services import library as lib

    assert set(packfmt.CONTENT_FOLDERS) == set(lib.CONTENT_FOLDERS)


def test_refused_when_a_scenario_in_a_subfolder_names_a_clip_outside(paths, tmp_path):
    good = make(tmp_path)
    toml = zipfile.ZipFile(good).read("videos/pk-ward.toml").decode()
    nested = toml.replace('id = "pk-ward"', 'id = "pk-nested"').replace(
        'video = "pk-ward.mp4"', 'video = "../../../../outside.mp4"'
    )
    data = nested.encode()
    m = with_file(manifest_of(good), "videos/ward/pk-nested.toml", data)
    bad = rewrite(
        good, tmp_path / "bad.casebook", manifest=m, add={"videos/ward/pk-nested.toml": data}
    )
    refused(paths, bad, "names a video file outside the pack", tmp_path)


def test_refused_when_a_clip_does_not_play(paths, tmp_path):
    """Opened with libvlc as `content check` does: a file named .mp4 that is no video."""
    from app.media import probe as clip_probe

    clip_probe.load_vlc()
    good = make(tmp_path)
    fake = b"not a video at all, only named like one" * 100
    toml = zipfile.ZipFile(good).read("videos/pk-ward.toml")
    m = manifest_of(good)
    files = tuple(
        packfmt.PackFile(f.path, len(fake), packfmt.sha256_hex(fake))
        if f.path == "videos/pk-ward.mp4"
        else f
        for f in m.files
    )
    m = packfmt.Manifest(m.id, m.title, m.version, m.publisher, m.min_casebook, m.created, files)
    bad = rewrite(
        good,
        tmp_path / "bad.casebook",
        manifest=m,
        replace={"videos/pk-ward.mp4": fake, "videos/pk-ward.toml": toml},
    )
    message = refused(paths, bad, "does not pass content check", tmp_path, probe=clip_probe.probe)
    assert "pk-ward" in message
    # The same pack with its real clip plays, and installs.
    assert packs.install(paths, good, probe=clip_probe.probe).status == "installed"
