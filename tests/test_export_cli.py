"""`casebook export pdf` end to end: a real profile and journal, the PDF read back."""

from __future__ import annotations

import json
import re

import pypdf
import pytest

from app.cli import main

PASS = "plum kettle orbit 7 window"
SEEN = "A pupil sat alone at lunch every day this week, hood up: cliwordalpha."
KEPT = "My own school days came back to me: cliwordsecret."


@pytest.fixture
def cli(home, fast_kdf, monkeypatch, capsys):
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", PASS)
    monkeypatch.setattr("app.commands.profile.can_prompt", lambda: False)

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def entry_id(cli, tmp_path):
    code, _, err = cli(
        "profile",
        "create",
        "--name",
        "Ярослава",
        "--role",
        "teacher",
        "--setting",
        "Northfield Primary",
    )
    assert code == 0, err
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps({"core-free.what-happened": SEEN, "core-free.stood-out": KEPT}), encoding="utf-8"
    )
    code, out, err = cli(
        "journal",
        "add",
        "--profile",
        "Ярослава",
        "--free",
        "--title",
        "Lunch time",
        "--answers",
        str(answers),
        "--final",
    )
    assert code == 0, err
    return out.strip()


def text_of(path, password=None) -> str:
    reader = pypdf.PdfReader(path)
    if password:
        assert reader.decrypt(password)
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_export_pdf_with_private_question_and_supervisor(cli, entry_id, tmp_path):
    out = tmp_path / "summary.pdf"
    code, stdout, err = cli(
        "export",
        "pdf",
        "--profile",
        "Ярослава",
        "--supervisor",
        "Ms Dlamini",
        "--private",
        "core-free.stood-out",
        "--paper",
        "letter",
        "--out",
        str(out),
    )
    assert code == 0, err
    assert "Saved 1 reflection" in stdout
    text = text_of(out)
    assert SEEN in text and "Ms Dlamini" in text and "Ярослава" in text
    assert "cliwordsecret" not in text
    assert "Kept private by the author." in text


def test_export_pdf_with_password_and_entry_choice(cli, entry_id, tmp_path, monkeypatch):
    monkeypatch.setenv("PDF_PASSWORD", "fern 2 lagoon")
    out = tmp_path / "locked.pdf"
    code, _, err = cli(
        "export",
        "pdf",
        "--profile",
        "Ярослава",
        "--entry",
        entry_id,
        "--password-env",
        "PDF_PASSWORD",
        "--out",
        str(out),
    )
    assert code == 0, err
    assert pypdf.PdfReader(out).is_encrypted
    assert not pypdf.PdfReader(out).decrypt("not it")
    assert SEEN in text_of(out, "fern 2 lagoon")

    code, stdout, err = cli("export", "pdf", "--profile", "Ярослава", "--json", "--out", str(out))
    assert code == 0, err
    assert json.loads(stdout) == {
        "path": str(out),
        "entries": 1,
        "bytes": out.stat().st_size,
        "password": False,
    }
    assert not pypdf.PdfReader(out).is_encrypted


def test_export_pdf_errors_are_one_clear_line(cli, entry_id, tmp_path, monkeypatch):
    out = tmp_path / "x.pdf"
    code, _, err = cli(
        "export",
        "pdf",
        "--profile",
        "Ярослава",
        "--from",
        "2001-01-01",
        "--to",
        "2001-12-31",
        "--out",
        str(out),
    )
    assert code == 1 and "No reflections match" in err and not out.exists()

    code, _, err = cli(
        "export", "pdf", "--profile", "Ярослава", "--from", "31/03/2025", "--out", str(out)
    )
    assert code == 1 and "2025-03-31" in err

    code, _, err = cli(
        "export", "pdf", "--profile", "Ярослава", "--out", str(tmp_path / "missing" / "x.pdf")
    )
    assert code == 1 and "does not exist" in err

    code, _, err = cli(
        "export", "pdf", "--profile", "Ярослава", "--password-env", "NOPE_UNSET", "--out", str(out)
    )
    assert code == 1 and "NOPE_UNSET" in err

    monkeypatch.setenv("CASEBOOK_PASSPHRASE", "wrong passphrase entirely")
    code, _, err = cli("export", "pdf", "--profile", "Ярослава", "--out", str(out))
    assert code == 1 and err.count("\n") == 1
    assert not out.exists()

    with pytest.raises(SystemExit) as usage:
        cli("export", "pdf", "--profile", "Ярослава", "--paper", "a3", "--out", str(out))
    assert usage.value.code == 2


def test_export_warns_of_a_weak_or_unopenable_password_and_of_unprintable_text(
    cli, entry_id, tmp_path, monkeypatch
):
    out = tmp_path / "warned.pdf"
    monkeypatch.setenv("PDF_PASSWORD", "abc")
    code, _, err = cli(
        "export",
        "pdf",
        "--profile",
        "Ярослава",
        "--password-env",
        "PDF_PASSWORD",
        "--out",
        str(out),
    )
    assert code == 0, err
    assert "warning" in err and "shorter than 10" in err
    monkeypatch.setenv("PDF_PASSWORD", "a very long password that poppler cannot open at all")
    code, _, err = cli(
        "export",
        "pdf",
        "--profile",
        "Ярослава",
        "--password-env",
        "PDF_PASSWORD",
        "--out",
        str(out),
    )
    assert code == 0 and "longer than 32 characters" in err
    assert pypdf.PdfReader(out).decrypt("a very long password that poppler cannot open at all")


@pytest.mark.parametrize("typo", ["core-free.stood-ot", "core-free.standout"])
def test_a_mistyped_private_id_stops_the_export_and_suggests_the_real_one(
    cli, entry_id, tmp_path, typo
):
    out = tmp_path / "summary.pdf"
    code, stdout, err = cli(
        "export", "pdf", "--profile", "Ярослава", "--private", typo, "--out", str(out)
    )
    assert code == 1
    assert "Did you mean core-free.stood-out?" in err
    assert stdout == ""
    assert not out.exists()  # the answer meant to be hidden was never printed


def test_a_private_id_from_the_packs_not_answered_here_is_fine(cli, entry_id, tmp_path):
    out = tmp_path / "summary.pdf"
    code, _, err = cli(
        "export", "pdf", "--profile", "Ярослава", "--private", "core.stood-out", "--out", str(out)
    )
    assert code == 0, err


def test_an_entry_is_named_by_a_unique_start_of_its_id(cli, entry_id, tmp_path):
    out = tmp_path / "one.pdf"
    code, _, err = cli(
        "export", "pdf", "--profile", "Ярослава", "--entry", entry_id[:8], "--out", str(out)
    )
    assert code == 0, err
    assert out.exists()
    code, _, err = cli(
        "export", "pdf", "--profile", "Ярослава", "--entry", entry_id[:4], "--out", str(out)
    )
    assert code == 1 and "at least its first 6 characters" in err
