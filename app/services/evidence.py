"""Programme evaluation: a learner's anonymous slip out, a lead's merged report in.

Export runs inside an unlocked session: it reads the journal, builds the slip
(app/models/evidence.py) and writes it atomically. The person's code for the programme is
random, made on the first export, and kept sealed in the profile (table
`evidence_pseudonyms`: the row's id and profile id are plain, the programme id, the code and an
export counter are sealed under the data key). Merging needs no profile: it reads slip files and
folders, reports every bad one per file, and builds the tables, PDF and CSV.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from app.config import Paths, Settings
from app.errors import CasebookError
from app.models import crypto
from app.models.content import Scenario
from app.models.evidence import (
    MISSING,
    NOT_A_SLIP,
    NOT_JSON,
    SEAL_EVIDENCE_CODE,
    UNREADABLE,
    Slip,
    SlipError,
    build_slip,
    is_slug,
    parse_slip,
)
from app.models.evidence_merge import Evaluation, Problem, choose, evaluate
from app.models.evidence_privacy import threshold
from app.models.journal import new_id
from app.models.store import guarded, open_db
from app.services.profiles import Unlocked

log = logging.getLogger(__name__)

SEAL_PSEUDONYM = SEAL_EVIDENCE_CODE
MAX_SLIP_BYTES = 1_000_000  # a real slip is a few kilobytes
SLIP_SUFFIX = ".json"


def today() -> date:
    return datetime.now(UTC).date()


def programme_problem(programme: str) -> str | None:
    if not programme.strip():
        return (
            "No programme is set. Your training lead gives each programme a short id, "
            "such as ward-mh-2026; it goes in the organisation's settings (programme_id)."
        )
    if not is_slug(programme):
        return (
            f"{programme!r} is not a programme id: use lowercase letters, digits and "
            "hyphens, such as ward-mh-2026."
        )
    return None


def slip_bytes(slip: Slip) -> bytes:
    """The file's exact bytes (the dialog shows this text before it is written)."""
    return slip_text(slip).encode("utf-8")


def slip_text(slip: Slip) -> str:
    return json.dumps(slip.to_dict(), indent=1) + "\n"


def default_slip_name(programme: str) -> str:
    return f"casebook-evidence-{programme}{SLIP_SUFFIX}"


@dataclass(frozen=True)
class _Code:
    row_id: str
    pseudonym: str
    exports: int


class EvidenceService:
    """One unlocked profile's anonymous slips (owned by its UnlockedSession)."""

    def __init__(
        self,
        paths: Paths,
        unlocked: Unlocked,
        journal: Any,
        *,
        scenarios: Mapping[str, Scenario],
    ) -> None:
        self.paths = paths
        self.unlocked = unlocked
        self.journal = journal
        self.scenarios = scenarios

    def programme(self) -> str:
        """The programme id set by the organisation (empty when none is set)."""
        value = Settings.load(self.paths).programme_id
        return value if isinstance(value, str) else ""

    # -- the sealed code ----------------------------------------------------------------------

    def _sealer(self) -> crypto.Sealer:
        if self.unlocked.is_locked:
            raise CasebookError("This profile is locked. Unlock it with your passphrase first.")
        return self.unlocked.sealer

    def _find(self, programme: str) -> _Code | None:
        sealer = self._sealer()
        pid = self.unlocked.profile.id
        with guarded(self.paths.database):
            db = open_db(self.paths.database, check=False)
            try:
                rows = db.execute(
                    "SELECT id, CAST(sealed AS BLOB) FROM evidence_pseudonyms WHERE profile_id = ?",
                    [pid],
                ).fetchall()
            finally:
                db.close()
        for row_id, sealed in rows:
            try:
                value = json.loads(
                    sealer.open(sealed, kind=SEAL_PSEUDONYM, profile_id=pid, record_id=row_id)
                )
            except (crypto.DamagedValue, ValueError):
                log.warning("An evidence code of this profile is damaged; a new one is made.")
                continue
            if value.get("programme") == programme:
                return _Code(row_id, str(value["pseudonym"]), int(value.get("exports", 0)))
        return None

    def _store(self, programme: str, code: _Code) -> None:
        sealer = self._sealer()
        pid = self.unlocked.profile.id
        value = {"programme": programme, "pseudonym": code.pseudonym, "exports": code.exports}
        sealed = sealer.seal(
            json.dumps(value).encode("utf-8"),
            kind=SEAL_PSEUDONYM,
            profile_id=pid,
            record_id=code.row_id,
        )
        with guarded(self.paths.database):
            db = open_db(self.paths.database, check=False)
            try:
                with db.atomic():
                    db.execute(
                        "INSERT INTO evidence_pseudonyms (id, profile_id, sealed) VALUES (?, ?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET sealed = excluded.sealed",
                        [code.row_id, pid, sealed],
                    )
            finally:
                db.close()

    def _code(self, programme: str) -> _Code:
        found = self._find(programme)
        if found is None:
            found = _Code(new_id(), secrets.token_hex(16), 0)
            self._store(programme, found)
        return found

    # -- the slip -----------------------------------------------------------------------------

    def preview(self, programme: str | None = None) -> Slip:
        """The slip the next export would write (makes the code on first use, writes no file)."""
        programme = self._checked(programme)
        code = self._code(programme)
        return self._slip(programme, code.pseudonym, code.exports + 1)

    def export(self, out: Path | str, programme: str | None = None) -> tuple[Path, Slip]:
        """Write the slip to `out` (atomically); the counter moves on only once it is written."""
        return self.write(self.preview(programme), out)

    def write(self, slip: Slip, out: Path | str) -> tuple[Path, Slip]:
        """Write a slip shown by `preview`, byte for byte what was shown. A slip whose code or
        number is not the next one for its programme (already written, or made elsewhere) is
        refused, so two files never carry the same number."""
        from app.models.report.writer import write_atomic

        code = self._code(self._checked(slip.programme))
        if (slip.pseudonym, slip.sequence) != (code.pseudonym, code.exports + 1):
            raise CasebookError("This preview is out of date. Look at it again, then save.")
        out = Path(out)
        if out.is_dir():
            out = out / default_slip_name(slip.programme)
        write_atomic(slip_bytes(slip), out)
        self._store(slip.programme, _Code(code.row_id, code.pseudonym, code.exports + 1))
        return out, slip

    def _checked(self, programme: str | None) -> str:
        programme = (programme if programme is not None else self.programme()).strip()
        problem = programme_problem(programme)
        if problem:
            raise CasebookError(problem)
        return programme

    def _slip(self, programme: str, pseudonym: str, sequence: int) -> Slip:
        return build_slip(
            self.journal.list_entries(),
            self.scenarios,
            programme=programme,
            pseudonym=pseudonym,
            sequence=sequence,
            role=self.unlocked.profile.role,
        )


# ---------------------------------------------------------------- merging


@dataclass
class ReadResult:
    slips: list[tuple[str, Slip]]
    problems: list[Problem]
    files: int


def slip_files(sources: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The files named, and every .json file inside the folders named (sorted, recursive)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            files += sorted(p for p in source.rglob(f"*{SLIP_SUFFIX}") if p.is_file())
        elif source.is_file():
            files.append(source)
        else:
            problems.append(Problem(str(source), "there is no such file or folder", MISSING))
    return files, problems


def read_slip(path: Path, *, on: date) -> Slip:
    try:
        size = path.stat().st_size
        if size > MAX_SLIP_BYTES:
            raise SlipError("it is too large to be an evidence slip", NOT_A_SLIP)
        raw = path.read_bytes()
    except OSError as exc:
        raise SlipError(f"it could not be read ({exc.strerror or exc})", UNREADABLE) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SlipError("it is not JSON", NOT_JSON) from None
    return parse_slip(data, today=on)


def read_slips(sources: Iterable[Path], *, on: date | None = None) -> ReadResult:
    """Every slip that reads; every file that does not is reported, never fatal."""
    on = on or today()
    files, problems = slip_files(sources)
    slips: list[tuple[str, Slip]] = []
    for path in files:
        try:
            slips.append((str(path), read_slip(path, on=on)))
        except SlipError as exc:
            problems.append(Problem(str(path), str(exc), exc.reason))
    return ReadResult(slips, problems, len(files))


def content_names(paths: Paths) -> tuple[dict[str, Scenario], dict[str, str], dict[Any, str]]:
    """Titles, objective wording, question wording and tally questions from the content
    installed here, to name what slips carry only by id."""
    from app.models.session_plan import load_plans
    from app.services.progress import load_scenarios
    from app.services.prompts import load as load_packs

    scenarios = load_scenarios(paths)
    packs, _ = load_packs(paths)
    questions = {q.id: q.text for pack in packs for q in pack.questions}
    plans, _ = load_plans(paths.content_roots())
    tallies = {(p.id, t.id): t.question for p in plans for t in p.tallies}
    return scenarios, questions, tallies


def merge(
    sources: Sequence[Path],
    paths: Paths,
    *,
    programme: str | None = None,
    k: int | None = None,
    on: date | None = None,
    names: tuple[dict[str, Scenario], dict[str, str], dict[Any, str]] | None = None,
) -> Evaluation:
    """Read, check and merge slips into one evaluation (nothing is written)."""
    settings = Settings.load(paths)
    if programme is not None:
        problem = programme_problem(programme)
        if problem:
            raise CasebookError(problem)
    configured = settings.programme_id if isinstance(settings.programme_id, str) else ""
    programme = programme or configured.strip() or None
    result = read_slips(sources, on=on)
    scenarios, questions, tallies = names if names is not None else content_names(paths)
    selection = choose(result.slips, programme)
    return evaluate(
        selection,
        k=threshold(k if k is not None else settings.evidence_threshold),
        scenarios=scenarios,
        questions=questions,
        tally_labels=tallies,
        problems=result.problems,
        slips_read=result.files,
    )


def write_csv(evaluation: Evaluation, folder: Path) -> list[Path]:
    """One CSV per table, each written atomically."""
    from app.models.evidence_tables import tables
    from app.models.report.writer import write_atomic

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables(evaluation):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        written.append(write_atomic(buffer.getvalue().encode("utf-8"), folder / table.file))
    return written


def write_report(
    evaluation: Evaluation,
    out: Path,
    *,
    organisation: str = "",
    on: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """The evaluation PDF, written atomically (slow: run it off the GUI thread)."""
    from app.models.report import write_atomic
    from app.models.report.evaluation import evaluation_pdf

    out = Path(out)
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    if progress:
        progress("Laying out the report")
    data = evaluation_pdf(evaluation, organisation=organisation, made_on=on or today())
    return write_atomic(data, out)
