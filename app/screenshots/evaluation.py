"""Screenshots of programme evaluation: the share dialog on the demo profile, the Programme
evaluation place after merging invented slips, and pages of its report.

The slips are invented here (a seeded generator over the bundled scenarios and their
knowledge checks), written to a throwaway folder and merged by the real use case, so the
pictures show the real tables, hidden cells and all.
"""

from __future__ import annotations

import random
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize

from app.config import Paths, Settings
from app.models import prompts
from app.models.evidence import (
    KnowledgeResult,
    ObjectiveRating,
    ScenarioRecord,
    Slip,
    TallyRecord,
    setting_for_role,
)
from app.services.evidence import merge, slip_bytes

PROGRAMME = "ward-and-school-2025"
ORGANISATION = "Northfield Health and Education Partnership"
# People by role: enough for most figures to show, few enough school support staff (3) and
# facilitators (2) that the small-group rule shows too.
ROSTER = {
    "ward-nurse": 18,
    "ed-nurse": 7,
    "mh-practitioner": 9,
    "teacher": 12,
    "school-support": 3,
    "facilitator": 2,
}


def sample_slips(paths: Paths, seed: int = 16) -> list[Slip]:
    """Invented slips for the bundled scenarios (fixed by the seed)."""
    from app.services.progress import load_scenarios
    from app.services.prompts import load as load_packs

    rng = random.Random(seed)
    scenarios = load_scenarios(paths)
    packs, _ = load_packs(paths)
    checks = {
        sid: [
            q.id
            for q in prompts.questions_of(prompts.compose(s.roles[0], s, None, packs)).values()
            if q.is_knowledge_check
        ]
        for sid, s in scenarios.items()
    }
    hardness = {q: rng.uniform(0.35, 0.95) for qs in checks.values() for q in qs}
    slips: list[Slip] = []
    n = 0
    for role, count in ROSTER.items():
        suits = sorted(sid for sid, s in scenarios.items() if role in s.roles)
        for _ in range(count):
            n += 1
            records = []
            for sid in rng.sample(suits, min(len(suits), rng.randint(1, 3))):
                objectives = scenarios[sid].learning_objectives
                ratings = []
                for number in range(1, len(objectives) + 1):
                    before = rng.randint(1, 3)
                    after = min(5, before + rng.choice((0, 1, 1, 2, 2)))
                    ratings.append(
                        ObjectiveRating(number, before if rng.random() > 0.08 else None, after)
                    )
                records.append(
                    ScenarioRecord(
                        id=sid,
                        month=f"2025-{rng.randint(2, 6):02d}",
                        reflections=rng.choice((1, 1, 2)),
                        model=prompts.DEFAULT_MODEL[role],
                        time_band="under-15-min",
                        confidence=tuple(ratings),
                        knowledge=tuple(
                            KnowledgeResult(
                                q, rng.random() < hardness[q], rng.random() < hardness[q] + 0.2
                            )
                            for q in checks[sid]
                        ),
                    )
                )
            tallies: tuple[TallyRecord, ...] = ()
            if role == "facilitator":
                tallies = tuple(
                    TallyRecord(
                        plan,
                        tally,
                        "2025-04",
                        tuple(rng.randint(0, 4) for _ in range(2)) + (3, 1, 0),
                        (0, 1) + tuple(rng.randint(1, 5) for _ in range(3)),
                    )
                    for plan, tally in (
                        ("ward-team", "confidence-low-mood"),
                        ("school-staff", "confidence-disclosure"),
                    )
                )
            slips.append(
                Slip(
                    programme=PROGRAMME,
                    pseudonym=f"{rng.getrandbits(128):032x}",
                    sequence=1,
                    role=role,
                    setting=setting_for_role(role),
                    scenarios=tuple(sorted(records, key=lambda r: r.id)),
                    tallies=tallies,
                )
            )
    return slips


def sample_folder(paths: Paths, folder: Path) -> Path:
    """The invented slips as files, as a lead receives them, plus one that is not a slip."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, slip in enumerate(sample_slips(paths)):
        (folder / f"slip-{i + 1:02d}.json").write_bytes(slip_bytes(slip))
    (folder / "notes-from-ward-7.json").write_text("Thanks for the session!", encoding="utf-8")
    return folder


def take_screenshots(studio: Any) -> None:
    _share_dialog(studio)
    _evaluation_place(studio)


def _share_dialog(studio: Any) -> None:
    from app.screenshots.studio import demo_journal
    from app.ui.progress.share_progress_dialog import ShareProgressDialog

    with demo_journal() as (paths, session, _scenarios):
        settings = Settings.load(paths)
        settings.programme_id = PROGRAMME
        settings.save(paths)
        dialog = ShareProgressDialog(session.current, state=session)
        studio.save("share-progress", dialog, QSize(720, 640))
        dialog.close()


def _evaluation_place(studio: Any) -> None:
    from app.services.export import page_count, page_images
    from app.ui.window.app_window import MainWindow

    with tempfile.TemporaryDirectory(prefix="casebook-slips-") as tmp:
        folder = sample_folder(studio.paths, Path(tmp) / "slips")
        evaluation = merge([folder], studio.paths, programme=PROGRAMME)
        window = MainWindow(studio.paths)
        try:
            window.show_place("evaluation")
            page = window.place_widget("evaluation")
            page.add_sources([folder])
            page.programme.setText(PROGRAMME)
            page.show_evaluation(evaluation)
            page.tabs.setCurrentIndex(2)  # confidence: the figure a lead looks for first
            studio.save("window-evaluation", window)
            page.tabs.setCurrentIndex(0)
            studio.save("evaluation-participants", page)
        finally:
            window.close()
        from app.models.report.evaluation import evaluation_pdf

        data = evaluation_pdf(evaluation, organisation=ORGANISATION, made_on=date(2025, 7, 1))
        total = page_count(data)
        pages = {
            "evaluation-report-cover": 1,
            "evaluation-report-confidence": min(2, total),
            "evaluation-report-knowledge": _page_with(data, "Knowledge checks", total),
        }
        for name, png in zip(pages, page_images(data, list(pages.values()), dpi=60), strict=True):
            path = studio.out_dir / f"{name}.png"
            path.write_bytes(png)
            studio.saved.append(path)


def _page_with(pdf: bytes, heading: str, total: int) -> int:
    """The first page whose text holds `heading` (read in memory, like the preview)."""
    from app.services.export import page_texts

    for number, text in enumerate(page_texts(pdf), start=1):
        if heading in text:
            return number
    return total
