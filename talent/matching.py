"""Matching a call to the talent pool, in SQL: the call's hard requirements (countries of
origin, sectors, minimum years, languages at a level) filter, its soft ones (preferred
skills, way of working, availability by the closing date, more experience or a better
language level than required) add to a score. Each row can then say why it matched and
what is missing (`match_explanations`), for a page of profiles in a constant number of
queries.

Paused profiles, and profiles whose yearly "still interested?" went unanswered, are still
listed (marked `is_paused` / `awaiting_confirmation`): a pause is the member's own date and
officers plan ahead, so hiding them would make the list lie about the pool; they simply
cannot be invited until they are back (talent.services.invitations refuses them).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from portal.core.datetimes import format_date
from portal.core.spoken_languages import Level, level_rank, levels_at_least
from projects.models import Call
from talent.models import ExpertProfile, ProfileCountry, ProfileLanguage
from talent.search import language_name

ProfileSectors = ExpertProfile.sectors.through
ProfileSkills = ExpertProfile.skills.through


@dataclass(frozen=True)
class Requirements:
    """A call's structured criteria, read once (four queries)."""

    countries: dict[str, str]  # code → name in the active language
    sectors: dict[int, str]  # pk → name
    min_years: int | None
    languages: list[tuple[str, str]]  # (code, minimum level)
    skills: dict[int, str]  # pk → name
    work_mode: str
    day: date  # availability is wanted by this day

    @property
    def hard_count(self) -> int:
        return (bool(self.countries) + bool(self.sectors) + (self.min_years is not None)) + len(
            self.languages
        )

    @property
    def is_empty(self) -> bool:
        return not (self.hard_count or self.skills or self.work_mode)


def call_requirements(call: Call, today: date | None = None) -> Requirements:
    cached = getattr(call, "_match_requirements", None)
    if cached is not None and today is None:
        return cached
    today = today or timezone.localdate()
    closes = timezone.localdate(call.closes_at) if call.closes_at else today
    requirements = Requirements(
        countries={c.code: c.name for c in call.match_countries.all()},
        sectors={s.pk: s.name for s in call.match_sectors.all()},
        min_years=call.match_min_years,
        languages=[(row.language, row.level) for row in call.match_languages.all()],
        skills={s.pk: s.name for s in call.match_skills.all()},
        work_mode=call.match_work_mode,
        day=max(closes, today),
    )
    call._match_requirements = requirements
    return requirements


def _hard_conditions(req: Requirements) -> list[Q]:
    """One condition per hard requirement. Uncorrelated `pk IN (...)` subqueries: PostgreSQL
    computes each once (a hashed subplan, or a semi-join in a filter) instead of probing
    every profile: this keeps matching fast on a pool of 50,000 (bench/talent_pool.py)."""
    conditions = []
    # The most selective first (origin, languages): near misses are prefiltered on the
    # first two (see call_matches).
    if req.countries:
        origin = ProfileCountry.objects.filter(
            kind=ProfileCountry.Kind.ORIGIN, country__in=req.countries
        )
        conditions.append(Q(pk__in=origin.values("profile_id")))
    for code, level in req.languages:
        spoken = ProfileLanguage.objects.filter(language=code, level__in=levels_at_least(level))
        conditions.append(Q(pk__in=spoken.values("profile_id")))
    if req.sectors:
        sectors = ProfileSectors.objects.filter(sector__in=req.sectors)
        conditions.append(Q(pk__in=sectors.values("expertprofile_id")))
    if req.min_years is not None:
        conditions.append(Q(years_of_experience__gte=req.min_years))
    return conditions


def _point(condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _levels_above(level: str) -> list[str]:
    return [value for value in levels_at_least(level) if level_rank(value) > level_rank(level)]


def _score(req: Requirements):
    """The soft criteria, one point each (each preferred skill held is one)."""
    parts = [Value(0, output_field=IntegerField())]
    if req.skills:
        held = (
            ProfileSkills.objects.filter(expertprofile=OuterRef("pk"), skill__in=req.skills)
            .order_by()
            .values("expertprofile")
            .annotate(n=Count("pk"))
            .values("n")
        )
        parts.append(Coalesce(Subquery(held, output_field=IntegerField()), 0))
    if req.work_mode:
        parts.append(_point(Q(work_mode__in=[req.work_mode, ExpertProfile.WorkMode.EITHER])))
    parts.append(_point(available_q(req.day)))
    if req.min_years is not None:
        parts.append(_point(Q(years_of_experience__gt=req.min_years)))
    for code, level in req.languages:
        above = _levels_above(level)
        if above:
            parts.append(
                _point(
                    Exists(
                        ProfileLanguage.objects.filter(
                            profile=OuterRef("pk"), language=code, level__in=above
                        )
                    )
                )
            )
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def available_q(day: date) -> Q:
    return Q(Q(available_from__isnull=True) | Q(available_from__lte=day)) & Q(
        Q(paused_until__isnull=True) | Q(paused_until__lt=day)
    )


def call_matches(
    *, call: Call, near_misses: bool = False, today: date | None = None
) -> QuerySet[ExpertProfile]:
    """The profiles meeting every hard requirement of `call` (with `near_misses`, also
    those missing exactly one, ranked after), best score first, then the most recently
    confirmed. Annotated: `missed` (hard requirements missed), `score`, `is_paused`,
    `awaiting_confirmation`."""
    today = today or timezone.localdate()
    req = call_requirements(call, today)
    conditions = _hard_conditions(req)
    missed = Value(0, output_field=IntegerField())
    for condition in conditions:
        missed = missed + Case(
            When(condition, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    queryset = ExpertProfile.objects.all()
    if near_misses:
        if len(conditions) >= 2:
            # Missing at most one requirement means meeting one of any two: a cheap filter
            # on the two most selective spares counting misses over the whole pool.
            queryset = queryset.filter(conditions[0] | conditions[1])
        queryset = queryset.annotate(missed=missed).filter(missed__lte=1)
    else:
        # Every requirement met: a plain filter, which the database joins cheaply.
        queryset = queryset.filter(*conditions).annotate(
            missed=Value(0, output_field=IntegerField())
        )
    queryset = queryset.annotate(
        score=_score(req),
        is_paused=ExpressionWrapper(Q(paused_until__gte=today), output_field=BooleanField()),
        awaiting_confirmation=ExpressionWrapper(
            Q(reminder_sent_at__isnull=False, reminder_sent_at__gt=F("confirmed_at")),
            output_field=BooleanField(),
        ),
    )
    return queryset.order_by("missed", "-score", "-confirmed_at", "pk")


def eligible_profiles_count(call: Call) -> int:
    """Profiles meeting every hard requirement of `call`, except those whose yearly
    question went unanswered (about to expire): what a "pool" target counts."""
    return (
        call_matches(call=call).filter(awaiting_confirmation=False).order_by().values("pk").count()
    )


@dataclass
class Explanation:
    """Why a profile matched (`matched`) and what it lacks (`missing`), as short phrases,
    and both as the line a page shows, written in the language active when built."""

    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    matched_text: str = ""
    missing_text: str = ""

    def write(self) -> "Explanation":
        self.matched_text = " · ".join(self.matched)
        if self.missing:
            self.missing_text = _("Missing: %(items)s") % {"items": " · ".join(self.missing)}
        return self


def _either(names) -> str:
    return _(" or ").join(names)


def _language_phrase(code: str, level: str) -> str:
    return _("%(language)s, %(level)s") % {
        "language": language_name(code),
        "level": str(Level(level).label).lower(),
    }


def _rows(profiles) -> dict:
    """The rows of `profiles` an explanation reads: four queries, whatever their number."""
    pks = [p.pk for p in profiles]
    rows = {pk: {"origin": [], "sectors": {}, "skills": {}, "languages": {}} for pk in pks}
    for pk, code in ProfileCountry.objects.filter(
        profile__in=pks, kind=ProfileCountry.Kind.ORIGIN
    ).values_list("profile_id", "country"):
        rows[pk]["origin"].append(code)
    for link in ProfileSectors.objects.filter(expertprofile__in=pks).select_related("sector"):
        rows[link.expertprofile_id]["sectors"][link.sector_id] = link.sector.name
    for link in ProfileSkills.objects.filter(expertprofile__in=pks).select_related("skill"):
        rows[link.expertprofile_id]["skills"][link.skill_id] = link.skill.name
    for pk, code, level in ProfileLanguage.objects.filter(profile__in=pks).values_list(
        "profile_id", "language", "level"
    ):
        rows[pk]["languages"][code] = level
    return rows


def _unavailable_until(profile: ExpertProfile, day: date) -> date | None:
    dates = []
    if profile.available_from and profile.available_from > day:
        dates.append(profile.available_from)
    if profile.paused_until and profile.paused_until >= day:
        dates.append(profile.paused_until)
    return max(dates) if dates else None


def match_explanations(*, call: Call, profiles) -> dict[int, Explanation]:
    """For each of `profiles` (a page), what matched and what is missing, in the active
    language; four queries for the call's criteria (once per call) and four for the rows."""
    req = call_requirements(call)
    rows = _rows(profiles)
    result = {}
    for profile in profiles:
        row = rows[profile.pk]
        why = Explanation()
        origin = [code for code in row["origin"] if not req.countries or code in req.countries]
        if origin:
            why.matched.append(
                _("Comes from %(countries)s")
                % {"countries": _either(countries.name(code) for code in origin)}
            )
        elif req.countries:
            why.missing.append(
                _("origin: %(countries)s") % {"countries": _either(req.countries.values())}
            )
        sectors = [
            name for pk, name in row["sectors"].items() if not req.sectors or pk in req.sectors
        ]
        if sectors:
            why.matched.append(", ".join(sectors))
        elif req.sectors:
            why.missing.append(
                _("sector: %(sectors)s") % {"sectors": _either(req.sectors.values())}
            )
        years = profile.years_of_experience
        if req.min_years is None:
            why.matched.append(ngettext("%(n)s year", "%(n)s years", years) % {"n": years})
        elif years >= req.min_years:
            why.matched.append(
                ngettext("%(n)s year (%(min)s required)", "%(n)s years (%(min)s required)", years)
                % {"n": years, "min": req.min_years}
            )
        else:
            why.missing.append(
                ngettext(
                    "%(min)s year of experience (has %(n)s)",
                    "%(min)s years of experience (has %(n)s)",
                    req.min_years,
                )
                % {"n": years, "min": req.min_years}
            )
        for code, level in req.languages:
            held = row["languages"].get(code)
            if held and level_rank(held) >= level_rank(level):
                why.matched.append(_language_phrase(code, held))
            else:
                why.missing.append(
                    _("%(language)s (%(level)s required)")
                    % {"language": language_name(code), "level": str(Level(level).label).lower()}
                )
        if req.skills:
            held = [name for pk, name in req.skills.items() if pk in row["skills"]]
            lacking = [name for pk, name in req.skills.items() if pk not in row["skills"]]
            if held:
                why.matched.append(
                    ngettext(
                        "%(n)s of %(total)s preferred skill: %(skills)s",
                        "%(n)s of %(total)s preferred skills: %(skills)s",
                        len(req.skills),
                    )
                    % {"n": len(held), "total": len(req.skills), "skills": ", ".join(held)}
                )
            if lacking:
                why.missing.append(
                    ngettext(
                        "preferred skill: %(skills)s", "preferred skills: %(skills)s", len(lacking)
                    )
                    % {"skills": ", ".join(lacking)}
                )
        mode = profile.work_mode
        if req.work_mode:
            if mode in (req.work_mode, ExpertProfile.WorkMode.EITHER):
                why.matched.append(str(ExpertProfile.WorkMode(mode).label))
            else:
                why.missing.append(
                    _("works %(mode)s only")
                    % {"mode": str(ExpertProfile.WorkMode(mode).label).lower()}
                )
        until = _unavailable_until(profile, req.day)
        if until:
            why.missing.append(_("not available until %(date)s") % {"date": format_date(until)})
        result[profile.pk] = why.write()
    return result
