"""Generated talent pools for the benchmarks: `build_pool(n)` adds n expert profiles with
their countries, languages, sectors, skills and summaries, in bulk (a few seconds for 50,000
on PostgreSQL). Values are drawn from the reference data present (run `load_demo` first) with
a fixed seed, so two runs build the same pool. Every name and address is made up
(`expertN@example.org`)."""

import random
from datetime import timedelta

BATCH = 5000
ORIGINS = ["RW", "MR", "NE", "SN", "ML", "MA", "GN", "BF", "BJ", "UG", "TZ", "BI", "CD", "MZ"]
RESIDENCES = ["BE", "LU", "FR", "DE", "NL", "IT", "ES", "GB"]
LANGUAGES = ["en", "fr", "rw", "ar", "ha", "wo", "sw", "pt", "de", "nl"]
LEVELS = ["basic", "intermediate", "fluent", "native"]
PROFESSIONS = [
    ("Nurse", "Infirmière"), ("Medical doctor", "Médecin"), ("Teacher", "Enseignant"),
    ("Civil engineer", "Ingénieure civile"), ("Agronomist", "Agronome"),
    ("Accountant", "Comptable"), ("Public administration adviser", "Conseiller en administration"),
    ("Irrigation specialist", "Spécialiste de l’irrigation"), ("Entrepreneur", "Entrepreneuse"),
]  # fmt: skip


def build_pool(n: int, *, seed: int = 17, start: int = 0) -> int:
    """Add n profiles numbered from `start`; returns how many rows were written in all."""
    from django.db import connection
    from django.db.models import F
    from django.utils import timezone

    from projects.models import Sector, Skill
    from talent.models import ExpertProfile, ProfileCountry, ProfileLanguage, ProfileSummary
    from talent.search import text_vector

    rng = random.Random(seed + start)
    sectors = list(Sector.objects.values_list("pk", flat=True))
    skills = list(Skill.objects.values_list("pk", "sector_id"))
    assert sectors and skills, "no sectors or skills: load the demo content first"
    now = timezone.now()
    today = timezone.localdate()
    written = 0
    for first in range(start, start + n, BATCH):
        numbers = range(first, min(first + BATCH, start + n))
        profiles = []
        for i in numbers:
            profession_en, profession_fr = rng.choice(PROFESSIONS)
            paused = rng.random() < 0.1
            profiles.append(
                ExpertProfile(
                    email=f"expert{i}@example.org",
                    language=rng.choice(["en", "fr"]),
                    name=f"Expert {i}",
                    profession=rng.choice([profession_en, profession_fr]),
                    years_of_experience=rng.randint(0, 35),
                    qualification=rng.choice(["bachelor", "master", "doctorate", "vocational"]),
                    available_from=today + timedelta(days=rng.randint(-300, 200)),
                    paused_until=today + timedelta(days=rng.randint(1, 200)) if paused else None,
                    work_mode=rng.choice(["remote", "on-site", "either"]),
                    mission_length=rng.choice(["under-3", "3-6", "6-12", "over-12"]),
                    search_text=f"{profession_en} {profession_fr}".lower(),
                    consent_at=now,
                    confirmed_at=now - timedelta(days=rng.randint(0, 360)),
                )
            )
        profiles = ExpertProfile.objects.bulk_create(profiles)
        countries, languages, summaries, sector_rows, skill_rows = [], [], [], [], []
        SectorLink = ExpertProfile.sectors.through
        SkillLink = ExpertProfile.skills.through
        for profile in profiles:
            countries.append(
                ProfileCountry(profile=profile, kind="origin", country=rng.choice(ORIGINS))
            )
            countries.append(
                ProfileCountry(profile=profile, kind="residence", country=rng.choice(RESIDENCES))
            )
            for language in rng.sample(LANGUAGES, rng.randint(1, 3)):
                languages.append(
                    ProfileLanguage(profile=profile, language=language, level=rng.choice(LEVELS))
                )
            if rng.random() < 0.7:
                summaries.append(
                    ProfileSummary(
                        profile=profile,
                        language=profile.language,
                        text=f"{profile.profession}, {profile.years_of_experience} years.",
                    )
                )
            for sector in rng.sample(sectors, min(len(sectors), rng.randint(1, 2))):
                sector_rows.append(SectorLink(expertprofile_id=profile.pk, sector_id=sector))
            for skill, _sector in rng.sample(skills, min(len(skills), rng.randint(1, 4))):
                skill_rows.append(SkillLink(expertprofile_id=profile.pk, skill_id=skill))
        for model, rows in [
            (ProfileCountry, countries),
            (ProfileLanguage, languages),
            (ProfileSummary, summaries),
            (SectorLink, sector_rows),
            (SkillLink, skill_rows),
        ]:
            model.objects.bulk_create(rows, batch_size=BATCH)
            written += len(rows)
        written += len(profiles)
    if connection.vendor == "postgresql":  # the full-text vector, as the services keep it
        ExpertProfile.objects.filter(search_vector__isnull=True).update(
            search_vector=text_vector(F("search_text"))
        )
    return written
