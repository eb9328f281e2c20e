"""The content pack commands, run as IT would: keygen, pack --sign, install on another PC."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.pack_fixtures import content_folder


def casebook(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    full.update({"CASEBOOK_HOME": str(home), **env})
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=full
    )


def test_sign_pack_install_list_and_remove_on_a_second_pc(tmp_path):
    lead, ward_pc = tmp_path / "lead", tmp_path / "ward-pc"
    secret = {"CASEBOOK_KEY_PASSPHRASE": "a signing passphrase"}
    src = content_folder(tmp_path / "src")
    (src / "content-pack.toml").write_text(
        '[content_pack]\nid = "northshire-ward"\ntitle = "Ward scenarios"\nversion = "1.0"\n'
        'publisher = "Northshire NHS Trust"\n',
        encoding="utf-8",
    )

    keygen = casebook(lead, "content", "keygen", "--out", str(tmp_path / "ns.key"), **secret)
    assert keygen.returncode == 0, keygen.stderr
    public = (tmp_path / "ns.key.pub").read_text().split()[0]
    assert public in keygen.stdout

    out = tmp_path / "ward.casebook"
    made = casebook(lead, "content", "pack", str(src), "--out", str(out), "--sign",
                    str(tmp_path / "ns.key"), **secret)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Made signed pack" in made.stdout

    ward_pc.mkdir()
    (ward_pc / "settings.json").write_text(json.dumps({"trusted_publisher_keys": [public]}))
    installed = casebook(ward_pc, "content", "install", str(out))
    assert installed.returncode == 0, installed.stderr
    assert "Installed" in installed.stdout and "new: videos/pk-ward.toml" in installed.stdout

    listed = json.loads(casebook(ward_pc, "content", "packs", "--json").stdout)
    assert [(p["id"], p["version"]) for p in listed] == [("northshire-ward", "1.0")]
    assert listed[0]["signed_by"]
    scenarios = json.loads(casebook(ward_pc, "content", "list", "--json").stdout)
    assert "pk-ward" in [s["id"] for s in scenarios]

    removed = casebook(ward_pc, "content", "remove", "northshire-ward")
    assert removed.returncode == 0, removed.stderr
    assert casebook(ward_pc, "content", "packs").stdout.strip() == "No content packs are installed."


def test_a_refused_pack_is_one_line_on_stderr_and_exit_1(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text(
        json.dumps({"trusted_publisher_keys": ["ed25519:" + "A" * 43 + "="]})
    )
    src = content_folder(tmp_path / "src")
    out = tmp_path / "unsigned.casebook"
    made = casebook(home, "content", "pack", str(src), "--out", str(out), "--id", "x-pack",
                    "--title", "X", "--version", "1", "--publisher", "P")  # fmt: skip
    assert made.returncode == 0, made.stderr

    result = casebook(home, "content", "install", str(out))

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "not signed" in result.stderr
    assert "Traceback" not in result.stderr
