"""The revalidation or CPD portfolio of one unlocked profile: kept, checked, totalled, exported.

Every record (an activity, an edit to a derived activity, a reflective account, the discussion
and confirmation records, the portfolio's settings) is one JSON value sealed like journal text
(record kind "portfolio" in the AAD, bound to the profile and the row id) in the `portfolio`
table. Only the row id, the profile id and the time of the last change are plain.

The journal is read, never written: a scenario reflection or a group session becomes an
activity by itself (app/models/portfolio.py), and an account copies an entry's answers.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from app.config import Paths
from app.errors import CasebookError
from app.models import crypto
from app.models.content import Scenario
from app.models.framework import Framework, load_frameworks
from app.models.journal import SEAL_PORTFOLIO, utc_now
from app.models.portfolio import (
    CONFIRMATION,
    DISCUSSION,
    MANUAL,
    Account,
    Activity,
    PartnerRecord,
    PortfolioError,
    Settings,
    Standing,
    cycle_for,
    derive_activities,
    draft_account,
    make_activity,
    make_partner_record,
    merge_activities,
    parse_day,
    parse_hours,
)
from app.models.store import guarded, open_db
from app.models.toml_doc import Problem

log = logging.getLogger(__name__)

TABLE = "portfolio"

# Which bundled framework a role starts with, until the person chooses.
DEFAULT_FRAMEWORK = {
    "ward-nurse": "nmc-revalidation",
    "ed-nurse": "nmc-revalidation",
    "mh-practitioner": "nmc-revalidation",
    "teacher": "teachers-standards-england",
    "school-support": "teachers-standards-england",
}
GENERIC = "generic-cpd"


def today() -> date:
    """The clock the portfolio reads (tests fix it here)."""
    return date.today()


def _fixed_id(profile_id: str, what: str) -> str:
    # One settings record and one of each partner record per profile: an opaque id that is
    # the same every time, so saving again replaces rather than adds.
    return str(uuid.uuid5(uuid.UUID(int=0), f"{profile_id}/portfolio/{what}"))


@dataclass(frozen=True)
class ExportResult:
    pdf: Path
    csv: Path | None
    pages_bytes: int


class PortfolioService:
    """Activities, accounts and records of one unlocked profile, owned by its UnlockedSession."""

    def __init__(
        self,
        paths: Paths,
        journal: Any,
        *,
        scenarios: Mapping[str, Scenario] | None = None,
        clock: Callable[[], date] | None = None,
    ) -> None:
        self.paths = paths
        self.journal = journal  # the session's JournalService: read, never written
        self.unlocked = journal.unlocked
        # A connection of its own: the journal serialises its calls on its connection, and
        # a save here must not land inside a journal transaction running on another thread.
        self.db = open_db(paths.database, check=False)
        self.profile_id: str = journal.profile_id
        self._scenarios = dict(scenarios or {})
        self._clock = clock
        self._records: dict[str, dict[str, Any]] | None = None
        self._damaged = 0
        self._frameworks: tuple[list[Framework], list[Problem]] | None = None
        self._guard = threading.RLock()
        self._stop_watching_lock = self.unlocked.on_lock(self._on_lock)

    # -- plumbing ------------------------------------------------------------------------

    def today(self) -> date:
        return self._clock() if self._clock else today()

    def _sealer(self) -> crypto.Sealer:
        if self.unlocked.is_locked:
            raise CasebookError("This profile is locked. Unlock it with your passphrase first.")
        sealer: crypto.Sealer = self.unlocked.sealer
        return sealer

    def _forget(self) -> None:
        with self._guard:
            self._records = None

    def _on_lock(self) -> None:
        with self._guard:
            self._records = None
            self.db.close()

    def _load(self) -> dict[str, dict[str, Any]]:
        with self._guard:
            if self._records is not None:
                return self._records
            sealer = self._sealer()
            rows = self.db.execute(
                f"SELECT id, CAST(sealed AS BLOB) FROM {TABLE} WHERE profile_id = ?",
                [self.profile_id],
            ).fetchall()
            records: dict[str, dict[str, Any]] = {}
            damaged = 0
            for row_id, sealed in rows:
                try:
                    plain = sealer.open(
                        sealed, kind=SEAL_PORTFOLIO, profile_id=self.profile_id, record_id=row_id
                    )
                    value = json.loads(plain.decode("utf-8"))
                    if not isinstance(value, dict) or "type" not in value:
                        raise ValueError("not a record")
                except (crypto.DamagedValue, ValueError):
                    damaged += 1  # reported by `damaged_records`; the rest stay readable
                    continue
                records[row_id] = value
            self._records, self._damaged = records, damaged
            return records

    def _put(self, row_id: str, value: dict[str, Any]) -> None:
        """Seal and write one record in one transaction: all of it, or nothing."""
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        sealed = self._sealer().seal(
            data, kind=SEAL_PORTFOLIO, profile_id=self.profile_id, record_id=row_id
        )
        with self._guard, guarded(self.paths.database), self.db.atomic():
            self.db.execute(
                f"INSERT INTO {TABLE} (id, profile_id, updated_at, sealed) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, "
                "sealed = excluded.sealed",
                [row_id, self.profile_id, utc_now(), sealed],
            )
        self._load()[row_id] = value

    def _drop(self, row_id: str) -> None:
        with self._guard, guarded(self.paths.database), self.db.atomic():
            self.db.execute(
                f"DELETE FROM {TABLE} WHERE id = ? AND profile_id = ?", [row_id, self.profile_id]
            )
        self._load().pop(row_id, None)

    def _of_type(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        return [(i, v) for i, v in self._load().items() if v.get("type") == kind]

    @property
    def damaged_records(self) -> int:
        self._load()
        return self._damaged

    # -- frameworks and settings ---------------------------------------------------------

    def frameworks(self) -> list[Framework]:
        if self._frameworks is None:
            self._frameworks = load_frameworks(self.paths.content_roots())
        return self._frameworks[0]

    def framework_problems(self) -> list[Problem]:
        self.frameworks()
        assert self._frameworks is not None
        return self._frameworks[1]

    def settings(self) -> Settings:
        value = self._load().get(_fixed_id(self.profile_id, "settings"))
        return Settings.from_dict(value) if value else Settings()

    def framework(self) -> Framework:
        """The chosen framework, or the one the person's role starts with."""
        chosen = self.settings().framework_id
        role = self.unlocked.profile.role
        wanted = chosen or DEFAULT_FRAMEWORK.get(role, GENERIC)
        found = {f.id: f for f in self.frameworks()}
        if wanted in found:
            return found[wanted]
        problems = [p for p in self.framework_problems()]
        detail = f" The framework files have problems: {problems[0]}" if problems else ""
        if chosen:
            raise PortfolioError(
                f"The framework {chosen!r} could not be loaded.{detail} "
                "Fix the file (`casebook content check` says where) or choose another."
            )
        if GENERIC in found:
            return found[GENERIC]
        raise PortfolioError(f"No framework could be loaded.{detail}")

    def choose(self, framework_id: str | None = None, due: object | None = None) -> Settings:
        """Set the framework and/or the revalidation (or appraisal) date."""
        current = self.settings()
        fid = current.framework_id
        if framework_id is not None:
            ids = [f.id for f in self.frameworks()]
            if framework_id not in ids:
                raise PortfolioError(
                    f"There is no framework {framework_id!r}. Choose one of: {', '.join(ids)}."
                )
            fid = framework_id
        when = current.due
        if due is not None:
            when = parse_day(due, f"{self.framework().date_label.lower()}") if due else None
        settings = Settings(fid, when)
        self._put(
            _fixed_id(self.profile_id, "settings"), {"type": "settings", **settings.to_dict()}
        )
        return settings

    # -- activities ----------------------------------------------------------------------

    def _stored_activities(self) -> list[Activity]:
        out = []
        for _row, value in self._of_type("activity"):
            try:
                out.append(Activity.from_dict(value))
            except (KeyError, ValueError, TypeError):
                continue  # written by a newer version: left as it is
        return out

    def activities(self) -> list[Activity]:
        """The CPD log, oldest first: derived from the journal, edited, and added by hand."""
        entries = self.journal.list_entries()
        clips = {sid: s.duration_seconds for sid, s in self._scenarios.items()}
        titles = {sid: s.title for sid, s in self._scenarios.items()}
        derived = derive_activities(entries, clips, titles)
        return merge_activities(derived, self._stored_activities())

    def _day_hours(self, day: date, leaving_out: str | None = None) -> float:
        return sum(
            a.hours
            for a in self.activities()
            if a.day == day and (leaving_out is None or leaving_out not in (a.id, a.entry_id))
        )

    def add_activity(
        self,
        *,
        day: object,
        title: str,
        hours: object,
        method: str = "",
        participatory: bool = False,
        participatory_hours: object | None = None,
        themes: Sequence[str] = (),
        evidence: str = "",
    ) -> Activity:
        framework = self.framework()
        parsed_day = parse_day(day)
        activity = make_activity(
            day=parsed_day,
            title=title,
            hours=hours,
            method=method,
            participatory=participatory,
            participatory_hours=participatory_hours,
            themes=themes,
            evidence=evidence,
            today=self.today(),
            cycle=cycle_for(framework, self.settings()),
            framework=framework,
            same_day_hours=self._day_hours(parsed_day),
        )
        self._put(activity.id, {"type": "activity", **activity.to_dict()})
        return activity

    def _find_activity(self, activity_id: str) -> Activity:
        for activity in self.activities():
            if activity.id == activity_id or (
                activity.entry_id
                and activity_id in (activity.entry_id, f"entry:{activity.entry_id}")
            ):
                return activity
        raise PortfolioError(
            f"There is no activity {activity_id} in this portfolio. `casebook cpd list` shows them."
        )

    def edit_activity(self, activity_id: str, **changes: Any) -> Activity:
        """Change an activity's hours, title, themes or evidence. A derived activity's edit is
        kept as its own record (the journal entry is not changed)."""
        old = self._find_activity(activity_id)
        framework = self.framework()
        hours = changes.get("hours", old.hours)
        part = changes.get("participatory_hours")
        if part is None:
            part = old.participatory_hours
            if parse_hours(hours) < part:
                part = hours
        updated = make_activity(
            day=changes.get("day", old.day),
            title=str(changes.get("title", old.title)),
            hours=hours,
            method=str(changes.get("method", old.method)),
            participatory_hours=part,
            themes=changes.get("themes", old.themes),
            evidence=str(changes.get("evidence", old.evidence)),
            today=self.today(),
            cycle=cycle_for(framework, self.settings()),
            framework=framework,
            same_day_hours=self._day_hours(parse_day(changes.get("day", old.day)), old.id),
            source=old.source,
            entry_id=old.entry_id,
            activity_id=old.id if old.source == MANUAL else self._edit_id(old),
        )
        self._put(updated.id, {"type": "activity", **updated.to_dict()})
        return updated

    def _edit_id(self, activity: Activity) -> str:
        # One edit record per derived activity, whatever was edited before.
        return _fixed_id(self.profile_id, f"entry:{activity.entry_id}")

    def remove_activity(self, activity_id: str) -> None:
        """A manual activity is deleted; a derived one is left out of the log (kept as such)."""
        old = self._find_activity(activity_id)
        if old.source == MANUAL:
            self._drop(old.id)
            return
        left_out = replace(old, id=self._edit_id(old), excluded=True)
        self._put(left_out.id, {"type": "activity", **left_out.to_dict()})

    # -- reflective accounts -------------------------------------------------------------

    def draft_account(self, entry_id: str) -> Account:
        """An account drafted from a journal entry's answers (not saved until `save_account`)."""
        try:
            entry = self.journal.get(entry_id)
        except CasebookError:
            raise PortfolioError(
                f"There is no journal entry {entry_id}: it may have been deleted. "
                "Choose an entry from `casebook journal list`."
            ) from None
        return draft_account(self.framework(), entry, self.today())

    def accounts(self) -> list[Account]:
        out = []
        for _row, value in self._of_type("account"):
            try:
                out.append(Account.from_dict(value))
            except (KeyError, ValueError, TypeError):
                continue
        out.sort(key=lambda a: (a.day, a.title))
        return out

    def save_account(
        self, account: Account, *, final: bool = False, keep_identifiers: bool = False
    ) -> Account:
        """Save an account. Marking it final runs the identifier check first: anything that
        could identify a patient, pupil or colleague stops it unless the person keeps it."""
        framework = self.framework()
        check_day_in = cycle_for(framework, self.settings())
        if account.day > self.today():
            raise PortfolioError("An account's date cannot be in the future.")
        if final and check_day_in is not None and account.day not in check_day_in:
            raise PortfolioError(
                f"The account's date {account.day.isoformat()} is outside this cycle "
                f"({check_day_in.start.isoformat()} to {check_day_in.end.isoformat()})."
            )
        unknown = [t for t in account.themes if t not in {th.id for th in framework.themes}]
        if unknown:
            raise PortfolioError(f"Unknown theme {unknown[0]!r} for {framework.title}.")
        known = {q.id for q in framework.account_questions}
        answers = {k: v for k, v in account.answers.items() if k in known}
        if final:
            if not any(v.strip() for v in answers.values()):
                raise PortfolioError("This account is empty. Write it before marking it final.")
            found = replace(account, answers=answers).identifiers()
            if found and not keep_identifiers:
                first = next(iter(found.values()))[0]
                raise PortfolioError(
                    f"This account may identify someone ({first.label}: {first.text!r}). "
                    "Edit it, or keep it as it is if it identifies nobody."
                )
        saved = replace(account, answers=answers, final=final)
        self._put(saved.id, {"type": "account", **saved.to_dict()})
        return saved

    def account(self, account_id: str) -> Account:
        for account in self.accounts():
            if account.id == account_id:
                return account
        raise PortfolioError(f"There is no account {account_id} in this portfolio.")

    def delete_account(self, account_id: str) -> None:
        self.account(account_id)
        self._drop(account_id)

    # -- discussion and confirmation -----------------------------------------------------

    def record(self, kind: str) -> PartnerRecord | None:
        value = self._load().get(_fixed_id(self.profile_id, kind))
        if not value:
            return None
        try:
            return PartnerRecord.from_dict(value)
        except (KeyError, ValueError, TypeError):
            return None

    def set_record(
        self,
        kind: str,
        *,
        name: str,
        registration: str,
        day: object,
        contact: str = "",
        notes: str = "",
    ) -> PartnerRecord:
        record = make_partner_record(
            kind,
            name=name,
            registration=registration,
            day=day,
            today=self.today(),
            cycle=cycle_for(self.framework(), self.settings()),
            contact=contact,
            notes=notes,
        )
        self._put(_fixed_id(self.profile_id, kind), {"type": "record", **record.to_dict()})
        return record

    # -- at a glance ---------------------------------------------------------------------

    def standing(self) -> Standing:
        framework = self.framework()
        settings = self.settings()
        return Standing(
            framework=framework,
            settings=settings,
            cycle=cycle_for(framework, settings),
            today=self.today(),
            activities=self.activities(),
            accounts=self.accounts(),
            discussion=self.record(DISCUSSION),
            confirmation=self.record(CONFIRMATION),
        )

    # -- export --------------------------------------------------------------------------

    def csv_text(self, standing: Standing | None = None) -> str:
        standing = standing or self.standing()
        return cpd_csv(standing)

    def pdf(self, standing: Standing | None = None, password: str | None = None) -> bytes:
        from app.models.report.portfolio import portfolio_report

        standing = standing or self.standing()
        profile = self.unlocked.profile
        return portfolio_report(
            standing,
            person_name=profile.name,
            organisation=getattr(profile, "setting", "") or "",
            password=password,
        )

    def export(
        self, out: Path, *, csv_out: Path | None = None, password: str | None = None
    ) -> ExportResult:
        """The portfolio PDF (and the CPD log as CSV), each written whole or not at all."""
        from app.models.report import write_atomic

        out = Path(out)
        if out.suffix.lower() != ".pdf":
            raise CasebookError(f"Give the file a name ending in .pdf, such as {out.stem}.pdf.")
        if csv_out is not None and Path(csv_out).suffix.lower() != ".csv":
            raise CasebookError("Give the CPD log a file name ending in .csv, such as cpd.csv.")
        # Both folders checked first, so a bad CSV path does not leave a PDF alone behind.
        for target in (out, csv_out):
            if target is not None and not Path(target).parent.is_dir():
                raise CasebookError(
                    f"The folder {Path(target).parent} does not exist. Choose another place."
                )
        standing = self.standing()
        data = self.pdf(standing, password)
        table = self.csv_text(standing).encode("utf-8-sig")  # Excel reads UTF-8 with the mark
        write_atomic(data, out)
        if csv_out is not None:
            write_atomic(table, Path(csv_out))
        return ExportResult(out, Path(csv_out) if csv_out else None, len(data))

    def close(self) -> None:
        self._stop_watching_lock()
        self._on_lock()


CSV_HEADERS = (
    "Date",
    "Title",
    "Method",
    "Hours",
    "Participatory hours",
    "Themes",
    "Evidence",
    "Source",
)


def _cell(text: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet: make it plain text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def cpd_csv(standing: Standing) -> str:
    """The CPD log of the cycle with a totals row, for pasting into another form."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    fw = standing.framework
    for a in standing.counted_activities:
        writer.writerow(
            [
                a.day.isoformat(),
                _cell(a.title),
                _cell(a.method),
                f"{a.hours:g}",
                f"{a.participatory_hours:g}",
                _cell("; ".join(fw.theme_title(t) for t in a.themes)),
                _cell(a.evidence),
                a.source,
            ]
        )
    t = standing.totals
    writer.writerow(["Total", "", "", f"{t.hours:g}", f"{t.participatory_hours:g}", "", "", ""])
    return buffer.getvalue()
