"""Where to turn for support: the list shown after hard content, per setting, with its name.

Health staff and school staff need different lists: a ward team has a staff wellbeing service
and Professional Nurse Advocates; school staff have their designated safeguarding lead and
Education Support. Casebook bundles one list per setting (UK numbers, checked for the content
review in docs/content-review.md). Which list is shown, first match wins:

1. a session plan's own list (`support = [...]` under `[plan]`), for a group session;
2. the organisation's list (`Settings.support_resources`): either one list for every setting,
   or a table of lists by setting (`{"health": [...], "school": [...]}`); a setting the table
   leaves out falls back to the bundled list; empty (the default) means "use the bundled list";
3. the bundled list for the setting.

Every answer carries a name saying which list is in use, so a person (and a facilitator) can
tell the organisation's numbers from Casebook's defaults. Qt-free, and it imports nothing from
the configuration layer: it reads the two settings it needs by name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

HEALTH = "health"
SCHOOL = "school"
GENERAL = "general"
SETTINGS: tuple[str, ...] = (HEALTH, SCHOOL, GENERAL)

SETTING_LABELS: dict[str, str] = {
    HEALTH: "health and care staff",
    SCHOOL: "school staff",
    GENERAL: "all staff",
}

HEALTH_ROLES = frozenset({"ward-nurse", "ed-nurse", "mh-practitioner"})
SCHOOL_ROLES = frozenset({"teacher", "school-support"})

SAMARITANS = "Samaritans: call 116 123, free, any time (UK and Ireland)"
SHOUT = "Shout: text SHOUT to 85258, free, any time (UK)"
NHS_111 = "NHS 111, mental health option (England): call 111 and choose it, any time"
EMERGENCY = "If someone's life is at risk right now: call 999"

BUNDLED: dict[str, tuple[str, ...]] = {
    HEALTH: (
        "Your organisation's staff wellbeing service or occupational health "
        "(your manager or the intranet has the details)",
        "A Professional Nurse Advocate, for restorative supervision "
        "(ask your matron or wellbeing lead)",
        SAMARITANS,
        SHOUT,
        NHS_111,
        EMERGENCY,
    ),
    SCHOOL: (
        "After a disclosure or a worry about a pupil: your designated safeguarding lead "
        "(or deputy), straight away",
        "Education Support, for all education staff: call 08000 562 561, free, any time",
        "NSPCC helpline, if you are worried about a child: 0808 800 5000",
        "National Domestic Abuse Helpline: 0808 2000 247, free, any time",
        SAMARITANS,
        SHOUT,
        EMERGENCY,
    ),
    GENERAL: (
        "Your organisation's staff support: an employee assistance programme or "
        "occupational health (ask your manager)",
        SAMARITANS,
        SHOUT,
        NHS_111,
        EMERGENCY,
    ),
}


@dataclass(frozen=True)
class SupportList:
    """The support resources to show, and which list they are."""

    name: str  # shown with the list, e.g. "Casebook's list for school staff (UK)"
    items: tuple[str, ...]
    source: str  # "plan", "organisation" or "bundled"
    setting: str  # HEALTH, SCHOOL or GENERAL

    def __iter__(self):  # so a SupportList can be passed where a list of lines is expected
        return iter(self.items)


# ---------------------------------------------------------------- which setting


def setting_of_role(role: str | None) -> str | None:
    """HEALTH or SCHOOL for a role id; None for a facilitator or an unknown role."""
    if role in HEALTH_ROLES:
        return HEALTH
    if role in SCHOOL_ROLES:
        return SCHOOL
    return None


_SCHOOL_WORDS = ("school", "classroom", "college", "nursery", "pupil")
_HEALTH_WORDS = ("ward", "hospital", "emergency", "clinic", "health", "surgery", "care home")


def setting_of_scenario(scenario: Any) -> str:
    """A scenario's setting from its roles, else from the words of its `setting`.

    Takes anything with `roles` and `setting` (an `app.models.content.Scenario`).
    """
    roles = set(getattr(scenario, "roles", ()) or ())
    if roles and roles <= SCHOOL_ROLES:
        return SCHOOL
    if roles and roles <= HEALTH_ROLES:
        return HEALTH
    words = str(getattr(scenario, "setting", "") or "").lower()
    if any(w in words for w in _SCHOOL_WORDS):
        return SCHOOL
    if any(w in words for w in _HEALTH_WORDS):
        return HEALTH
    return GENERAL


def setting_for(role: str | None = None, scenario: Any = None) -> str:
    """The person's role decides when it can (a teacher watching a ward clip is still school
    staff); otherwise the scenario's; otherwise GENERAL."""
    return setting_of_role(role) or (
        setting_of_scenario(scenario) if scenario is not None else GENERAL
    )


def setting_of_plan(plan: Any, scenarios: Mapping[str, Any]) -> str:
    """The setting most of a plan's scenarios belong to (GENERAL ones do not vote; a tie is
    GENERAL). Takes anything with `scenarios` whose items have an `id`."""
    votes = Counter(
        setting_of_scenario(scenarios[ps.id])
        for ps in getattr(plan, "scenarios", ())
        if ps.id in scenarios
    )
    votes.pop(GENERAL, None)
    ranked = votes.most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return GENERAL
    return ranked[0][0]


# ---------------------------------------------------------------- which list


def _clean(lines: Any) -> tuple[str, ...]:
    if not isinstance(lines, list | tuple):
        return ()
    return tuple(s.strip() for s in lines if isinstance(s, str) and s.strip())


def organisation_list(configured: Any, setting: str) -> tuple[str, ...]:
    """The organisation's lines for a setting from `Settings.support_resources`: one list for
    every setting, or a table of lists by setting. Empty when it gives none (or is malformed)."""
    if isinstance(configured, Mapping):
        return _clean(configured.get(setting))
    return _clean(configured)


def bundled(setting: str) -> SupportList:
    setting = setting if setting in BUNDLED else GENERAL
    return SupportList(
        name=f"Casebook's list for {SETTING_LABELS[setting]} (UK)",
        items=BUNDLED[setting],
        source="bundled",
        setting=setting,
    )


def support_for(setting: str, settings: Any = None) -> SupportList:
    """The list for a setting: the organisation's when it gives one, else the bundled one.

    `settings` is an `app.config.Settings` (or anything with `support_resources` and
    `organisation`); None means no organisation settings.
    """
    setting = setting if setting in BUNDLED else GENERAL
    own = organisation_list(getattr(settings, "support_resources", None), setting)
    if own:
        org = str(getattr(settings, "organisation", "") or "").strip()
        return SupportList(
            name=f"{org}'s support list" if org else "Your organisation's support list",
            items=own,
            source="organisation",
            setting=setting,
        )
    return bundled(setting)


def support_for_reflection(role: str | None, scenario: Any, settings: Any = None) -> SupportList:
    """For the check-in after a reflection: by the person's role, else the clip's setting."""
    return support_for(setting_for(role, scenario), settings)


def support_for_plan(plan: Any, scenarios: Mapping[str, Any], settings: Any = None) -> SupportList:
    """For a group session: the plan's own list, else the list for the plan's setting."""
    own = _clean(list(getattr(plan, "support", ()) or ()))
    setting = setting_of_plan(plan, scenarios)
    if own:
        title = str(getattr(plan, "title", "") or "").strip()
        return SupportList(
            name=f"This session's list ({title})" if title else "This session's list",
            items=own,
            source="plan",
            setting=setting,
        )
    return support_for(setting, settings)


def all_bundled() -> Iterable[SupportList]:
    return (bundled(s) for s in SETTINGS)
