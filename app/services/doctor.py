"""Health checks for IT staff: the database, every entry (for profiles whose passphrase is
given), the content folders and libvlc. Each finding is one plain sentence."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from app.config import Paths, damaged_settings
from app.errors import CasebookError
from app.models import store
from app.platform import permissions
from app.policy import FOLDER_KEYS, policy_file


@dataclass(frozen=True)
class Finding:
    area: str  # "policy", "database", "permissions", "journal", "content", "video"
    ok: bool
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def check_database(paths: Paths, passphrase: str | None) -> list[Finding]:
    settings_problem = damaged_settings(paths)
    found = [Finding("database", False, settings_problem)] if settings_problem else []
    return (
        check_policy(paths) + found + check_permissions(paths) + _check_database(paths, passphrase)
    )


def check_policy(paths: Paths) -> list[Finding]:
    """The machine policy: broken (the app will not start), in force, or absent."""
    if paths.policy_problem:
        return [Finding("policy", False, paths.policy_problem)]
    policy = paths.policy
    if policy.source is None:
        return [
            Finding(
                "policy",
                True,
                f"No machine policy at {policy_file()}; the data folder is {paths.data_dir}.",
            )
        ]
    set_here = [f"{name} {getattr(policy, name)}" for name in FOLDER_KEYS if getattr(policy, name)]
    return [
        Finding(
            "policy",
            True,
            f"Machine policy {policy.source} sets {', '.join(set_here) or 'nothing'}; "
            f"the data folder in use is {paths.data_dir}.",
        )
    ]


def _check_database(paths: Paths, passphrase: str | None) -> list[Finding]:
    if not paths.database.exists():
        return [
            Finding(
                "database",
                True,
                f"No journal database yet at {paths.database}; "
                "it is created with the first profile.",
            )
        ]
    try:
        db = store.open_db(paths.database)
    except CasebookError as exc:
        return [Finding("database", False, str(exc))]
    try:
        problems = store.integrity_problems(db)
        version = store.schema_version(db)
        mode = store.journal_mode(db)
    finally:
        db.close()
    expected, where = store.journal_mode_for(paths.database)
    found = [
        Finding(
            "database",
            not problems,
            f"{paths.database} passed its integrity check."
            if not problems
            else f"{paths.database} failed its integrity check: {problems[0]}",
        )
    ]
    found.append(
        Finding(
            "database",
            version == store.SCHEMA_VERSION,
            f"Schema version {version} of {store.SCHEMA_VERSION}.",
        )
    )
    found.append(_journal_mode_finding(paths, mode, expected, where.network, where.how))
    found.extend(_check_journals(paths, passphrase))
    return found


def check_permissions(paths: Paths) -> list[Finding]:
    """Journals are private: the data and log folders must be this user's alone."""
    found: list[Finding] = []
    for folder in dict.fromkeys((paths.data_dir, paths.log_dir)):
        if not folder.is_dir():
            continue
        problems = permissions.owner_only_problems(folder)
        shown = problems[:5]
        if len(problems) > len(shown):
            shown.append(f"... and {len(problems) - len(shown)} more.")
        found.extend(Finding("permissions", False, problem) for problem in shown)
        if not problems:
            found.append(Finding("permissions", True, f"{folder} is readable by its owner only."))
    return found


def _journal_mode_finding(
    paths: Paths, mode: str, expected: str, network: bool, how: str
) -> Finding:
    if mode != expected:
        return Finding(
            "database",
            False,
            f"{paths.database} uses journal mode {mode}, not {expected} as expected here "
            f"({how}); open Casebook once to set it right.",
        )
    if network:
        return Finding(
            "database",
            True,
            f"{paths.data_dir} is on a network drive ({how}): the database uses a rollback "
            "journal with exclusive locking (not WAL), so one computer at a time can open it.",
        )
    return Finding(
        "database",
        True,
        f"{paths.data_dir} is on a local disk ({how}): the database uses write-ahead "
        "logging (WAL).",
    )


def _check_journals(paths: Paths, passphrase: str | None) -> list[Finding]:
    from app.services.profiles import ProfileService, WrongPassphrase
    from app.services.session import UnlockedSession

    service = ProfileService(paths)
    found = []
    for profile in service.list_profiles():
        if not passphrase:
            found.append(
                Finding(
                    "journal",
                    True,
                    f"Profile '{profile.name}': entries not checked "
                    "(set CASEBOOK_PASSPHRASE to check them).",
                )
            )
            continue
        try:
            unlocked = service.unlock(profile.id, passphrase)
        except WrongPassphrase:
            found.append(
                Finding(
                    "journal",
                    True,
                    f"Profile '{profile.name}': entries not checked "
                    "(the passphrase given is not this profile's).",
                )
            )
            continue
        with UnlockedSession(unlocked) as session:
            journal = session.journal
            entries = journal.list_entries()
            damaged = [e for e in entries if e.damaged]
            for e in damaged:
                found.append(
                    Finding(
                        "journal",
                        False,
                        f"Profile '{profile.name}': entry {e.id} "
                        f"(saved {e.updated_at}) is damaged and cannot be opened.",
                    )
                )
            for e in entries:
                if e.revision_count and not e.damaged:
                    for r in journal.revisions(e.id):
                        if r.damaged:
                            found.append(
                                Finding(
                                    "journal",
                                    False,
                                    f"Profile '{profile.name}': an "
                                    f"earlier version of entry {e.id} is damaged.",
                                )
                            )
            if not damaged:
                found.append(
                    Finding(
                        "journal",
                        True,
                        f"Profile '{profile.name}': all {len(entries)} entries open.",
                    )
                )
    return found


def check_content(paths: Paths) -> list[Finding]:
    from app.services import library
    from app.services import prompts as prompt_service

    found = []
    try:
        packs, problems = prompt_service.load(paths)
    except CasebookError as exc:
        return [Finding("content", False, str(exc))]
    # Broken manifests are skipped by the library; here each one is named with its fix.
    scenarios, scenario_problems = library.load_scenarios(paths)
    problems = [*problems, *scenario_problems]
    for problem in problems:
        found.append(Finding("content", False, str(problem)))
    if not problems:
        found.append(
            Finding(
                "content",
                True,
                f"{len(packs)} prompt packs and {len(scenarios)} scenarios load without problems.",
            )
        )
    return found


def check_video() -> list[Finding]:
    from app.media.vlc_loader import VlcMissing, load_vlc

    try:
        vlc = load_vlc()
    except VlcMissing as exc:
        return [Finding("video", False, str(exc))]
    version = vlc.libvlc_get_version()
    version = version.decode() if isinstance(version, bytes) else str(version)
    return [Finding("video", True, f"libvlc {version} is available.")]


def run(paths: Paths, passphrase: str | None = None) -> list[Finding]:
    return check_database(paths, passphrase) + check_content(paths) + check_video()
