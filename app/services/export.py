"""Exporting reflections as a PDF summary for supervision: the use case behind the dialog and
`casebook export pdf`.

Chooses the entries (period, picked ids), maps each journal entry to the report layer's plain
input (the questions as stored with each entry, scenario titles and topics from the library),
marks private answers, builds the PDF and writes it atomically. It never writes anything else.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.config import Paths
from app.errors import CasebookError
from app.models import pdf_pages, prompts
from app.models.content import ROLES, Scenario
from app.models.entry import FILLED_IN_NOTE
from app.models.journal import Entry
from app.models.report import (
    PAPER_SIZES,
    KnowledgeResult,
    ReportEntry,
    ReportItem,
    ReportMarker,
    ReportOptions,
    ReportPerson,
    ReportSection,
    supervision_report,
    write_atomic,
)
from app.services.reflection import MODEL_TITLES, ReflectionService, scenario_from_stub

Progress = Callable[[int, int], None]

OTHER_ANSWERS = "Other answers"
FREE_REFLECTION = "A reflection on your own practice"


@dataclass(frozen=True)
class ExportRequest:
    """What the person chose: which entries, which answers to keep back, and how to print."""

    start: date | None = None
    end: date | None = None
    entry_ids: tuple[str, ...] = ()  # empty: every entry in the period
    private: frozenset[str] = frozenset()  # question ids kept private in this export
    supervisor: str = ""
    paper: str = "a4"
    password: str | None = None
    exported_on: date | None = None
    compress: bool = True


@dataclass(frozen=True)
class ExportResult:
    path: Path
    entries: int
    size: int


@dataclass(frozen=True)
class Preview:
    """The first pages of a PDF as PNG images, how many pages it has, and a line saying so."""

    images: list[bytes]
    pages: int
    note: str


@dataclass(frozen=True)
class QuestionChoice:
    """A question answered in the chosen entries, for the "keep private" list."""

    id: str
    text: str
    entries: int  # how many of the chosen entries answer it
    private_already: bool = False  # the author marked it private in every entry that has it


def entry_day(entry: Entry) -> date | None:
    """The local day an entry was written (created), for the period filter and the report."""
    when = _local(entry.created_at)
    return when.date() if when else None


def _local(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except (ValueError, AttributeError):
        return None


def parse_day(text: str, what: str) -> date:
    """A YYYY-MM-DD date from the command line or a form, with a helpful error."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CasebookError(
            f"The {what} date should look like 2025-03-31 (year-month-day), not {text!r}."
        ) from None


class ExportService:
    """Builds supervision PDFs from one unlocked profile's journal."""

    def __init__(
        self,
        paths: Paths,
        journal: Any,
        *,
        scenarios: Mapping[str, Scenario] | None = None,
        reflections: ReflectionService | None = None,
    ) -> None:
        self.paths = paths
        self.journal = journal  # JournalService of the unlocked profile
        self._scenarios = dict(scenarios) if scenarios is not None else None
        self.reflections = reflections or ReflectionService(paths, scenarios=self._scenarios)

    # -- who and what ----------------------------------------------------------------------

    @property
    def scenarios(self) -> dict[str, Scenario]:
        if self._scenarios is None:
            from app.services.progress import load_scenarios

            self._scenarios = load_scenarios(self.paths)
        return self._scenarios

    def person(self) -> ReportPerson:
        profile = self.journal.unlocked.profile
        return ReportPerson(
            name=profile.name,
            role=ROLES.get(profile.role, profile.role),
            organisation=profile.setting,
        )

    def select(self, request: ExportRequest) -> list[Entry]:
        """The entries to print, oldest first. Damaged entries cannot be read, so are left out."""
        if request.start and request.end and request.start > request.end:
            raise CasebookError("The start date is after the end date. Swap them and try again.")
        if request.entry_ids:
            entries = [self.journal.get(i) for i in dict.fromkeys(request.entry_ids)]
        else:
            entries = self.journal.list_entries()
        chosen = []
        for entry in entries:
            if entry.damaged:
                continue
            day = entry_day(entry)
            if request.start and (day is None or day < request.start):
                continue
            if request.end and (day is None or day > request.end):
                continue
            chosen.append(entry)
        chosen.sort(key=lambda e: e.created_at)
        return chosen

    def check_private(self, private: Iterable[str], entries: Iterable[Entry]) -> None:
        """Refuse a question id to keep private that no entry or prompt pack knows: a typo
        would otherwise print the very answer the person meant to hold back."""
        known = {q.id for e in entries for q in e.record.questions} | {
            qid for e in entries for qid in e.answers
        }
        known |= {q.id for pack in self.reflections.packs for q in pack.questions}
        unknown = sorted(set(private) - known)
        if not unknown:
            return
        lines = []
        for qid in unknown:
            close = difflib.get_close_matches(qid, sorted(known), n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]}?" if close else ""
            lines.append(f"No question has the id {qid!r}, so nothing would be kept private.{hint}")
        lines.append("Nothing was exported. `casebook prompts list` shows the question ids.")
        raise CasebookError(" ".join(lines))

    def question_choices(self, entries: Iterable[Entry]) -> list[QuestionChoice]:
        """Every answered question in `entries`, in the order first met."""
        found: dict[str, list] = {}
        for entry in entries:
            marked = set(entry.payload.get("private") or ())
            texts = prompts.questions_of(self._sections(entry))
            for qid in entry.answers:
                q = texts.get(qid)
                slot = found.setdefault(qid, [q.text if q else qid, 0, True])
                slot[1] += 1
                slot[2] = slot[2] and qid in marked
        return [QuestionChoice(qid, text, n, already) for qid, (text, n, already) in found.items()]

    # -- mapping ---------------------------------------------------------------------------

    def _scenario(self, entry: Entry) -> Scenario | None:
        sid = entry.scenario_id
        if not sid:
            return None
        found = self.scenarios.get(sid)
        if found is None and isinstance(entry.payload.get("scenario"), Mapping):
            try:
                found = scenario_from_stub(entry.payload["scenario"])
            except (KeyError, TypeError):
                found = None
        return found

    def _sections(self, entry: Entry) -> list[prompts.Section]:
        # The questions as they were asked, stored with the entry: never today's packs.
        return entry.record.sections()

    def _model_title(self, model_id: str) -> str:
        if not model_id:
            return ""
        titles = dict(self.reflections.models())
        return titles.get(model_id) or MODEL_TITLES.get(model_id, model_id)

    def report_entry(self, entry: Entry, private: Iterable[str] = ()) -> ReportEntry:
        """One journal entry as the report's plain input; private answers carry no text."""
        record = entry.record
        hidden = set(private) | set(record.private)
        answers = record.answers
        scenario = self._scenario(entry)
        sections = self._sections(entry)
        shown: set[str] = set()
        out_sections: list[ReportSection] = []
        for section in sections:
            items = []
            for q in section.questions:
                if q.id not in answers:
                    continue
                shown.add(q.id)
                items.append(_item(q, answers[q.id], q.id in hidden))
            if items:
                out_sections.append(ReportSection(section.title, tuple(items)))
        rest = [k for k in answers if k not in shown]
        if rest:
            # Answers with no stored question (a group session's notes): the person's words.
            out_sections.append(
                ReportSection(
                    OTHER_ANSWERS,
                    tuple(_item(None, answers[k], k in hidden, question=k) for k in rest),
                )
            )
        texts = prompts.questions_of(sections)
        knowledge = [
            KnowledgeResult(texts[qid].text if qid in texts else qid, result.correct, result.answer)
            for qid, result in record.knowledge.items()
            if qid not in hidden
        ]
        markers = [ReportMarker(m.at, m.note) for m in record.markers]
        if scenario is not None:
            scenario_title = scenario.title
        elif entry.scenario_id:
            scenario_title = entry.scenario_id
        elif entry.kind == "group-session":
            scenario_title = "A group session"
        else:
            scenario_title = FREE_REFLECTION
        return ReportEntry(
            id=entry.id,
            title=entry.title or scenario_title,
            scenario_title=scenario_title,
            # Topic ids read as words for a supervisor ("suicide-risk" -> "suicide risk").
            topics=tuple(t.replace("-", " ") for t in scenario.topics) if scenario else (),
            date=entry_day(entry),
            model=self._model_title(record.model),
            status=entry.status,
            last_edited=_local(entry.updated_at),
            revisions=entry.revision_count,
            sections=tuple(out_sections),
            markers=tuple(markers),
            confidence_before=dict(record.confidence_before),
            confidence_after=dict(record.confidence_after),
            knowledge=tuple(knowledge),
            note=FILLED_IN_NOTE if record.filled_in_later and record.questions else "",
        )

    # -- building --------------------------------------------------------------------------

    def build(self, request: ExportRequest, progress: Progress | None = None) -> tuple[bytes, int]:
        """The PDF's bytes and how many entries it holds. Raises CasebookError when none match."""
        if request.paper not in PAPER_SIZES:
            raise CasebookError(f"Paper size can be a4 or letter, not {request.paper!r}.")
        entries = self.select(request)
        if not entries:
            raise CasebookError(
                "No reflections match. Choose a wider period or other entries, and try again."
            )
        self.check_private(request.private, entries)
        mapped = [self.report_entry(e, request.private) for e in entries]
        options = ReportOptions(
            paper=request.paper,
            supervisor=request.supervisor.strip(),
            period=(request.start, request.end),
            password=request.password or None,
            exported_on=request.exported_on,
            compress=request.compress,
        )
        return supervision_report(self.person(), mapped, options, progress), len(mapped)

    def unprintable(self, request: ExportRequest) -> str | None:
        """A sentence naming characters in the chosen entries that no font on this computer
        can print (they would show as empty boxes), or None when every one prints."""
        from app.models.report.scripts import unprintable

        missing: set[str] = set()
        for entry in self.select(request):
            missing |= unprintable(
                str(dataclasses.asdict(self.report_entry(entry, request.private)))
            )
        if not missing:
            return None
        shown = " ".join(sorted(missing)[:12])
        return (
            f"Some characters ({shown}) will print as empty boxes: no font on this computer "
            "has them. Installing a font for that script (for Chinese, Japanese or Korean, "
            "for example Droid Sans Fallback or WenQuanYi) lets the PDF show them."
        )

    def export(
        self, request: ExportRequest, out: Path, progress: Progress | None = None
    ) -> ExportResult:
        """Builds the PDF and writes it to `out` in one step: all of it, or nothing."""
        out = Path(out)
        if out.suffix.lower() != ".pdf":
            raise CasebookError(f"Give the file a name ending in .pdf, such as {out.stem}.pdf.")
        data, count = self.build(request, progress)
        write_atomic(data, out)
        return ExportResult(out, count, len(data))

    def preview(
        self, request: ExportRequest, pages: int, dpi: int, progress: Progress | None = None
    ) -> Preview:
        """The first `pages` pages as images, drawn from the same PDF `export` would write."""
        data, _count = self.build(replace(request, password=None), progress)
        total = page_count(data)
        shown = list(range(1, min(pages, total) + 1))
        images = page_images(data, shown, dpi=dpi)
        more = f" The first {len(shown)} are shown." if total > len(shown) else ""
        return Preview(
            images, total, f"The PDF will have {total} page{'s' if total != 1 else ''}.{more}"
        )


def _item(q: prompts.Question | None, answer: Any, private: bool, question: str = "") -> ReportItem:
    text = q.text if q else question
    qid = q.id if q else question
    if private:
        # The answer itself never enters the report's input, so no part can print it.
        return ReportItem(text, None, private=True, question_id=qid)
    if q is None:
        kind = "checklist" if isinstance(answer, list) else "text"
        return ReportItem(text, answer, kind=kind, question_id=qid)
    if q.kind == "scale":
        return ReportItem(
            text, answer, kind="rating", scale=(q.min, q.max), question_id=qid, action=q.action
        )
    kind = q.kind if q.kind in ("checklist", "choice") else "text"
    return ReportItem(
        text, answer, kind=kind, options=tuple(q.options), action=q.action, question_id=qid
    )


# -- preview -------------------------------------------------------------------------------


def page_images(pdf: bytes, pages: Sequence[int], dpi: int = 50) -> list[bytes]:
    """PNG images of the given pages (1-based), drawn in memory: no file, no other program."""
    return pdf_pages.page_images(pdf, pages, dpi=dpi)


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page, read in memory like the preview."""
    return pdf_pages.page_texts(pdf)


def page_count(pdf: bytes) -> int:
    """Pages in a PDF this app wrote: reportlab writes each page object's dictionary in clear
    (no object streams), so counting them is enough and needs no PDF reader at run time."""
    return len(re.findall(rb"/Type /Page\b", pdf))
