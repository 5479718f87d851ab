from datetime import timedelta

import factory
from django.db import connection
from django.db.models import F
from django.utils import timezone

from talent.models import ExpertProfile, Invitation, ProfileCountry, ProfileLanguage, ProfileSummary
from talent.search import text_vector
from tests.projects.factories import CallFactory, SectorFactory


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    """A consented profile; `origin`, `residence` (ISO codes), `speaks` ({code: level}),
    `summary` ({language: text}), `sectors` and `skills` (objects) set its rows."""

    class Meta:
        model = ExpertProfile
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"expert{n}@example.org")
    language = "en"
    name = factory.Sequence(lambda n: f"Expert {n}")
    profession = "Nurse"
    years_of_experience = 8
    qualification = "master"
    mission_length = "3-6"
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def origin(self, create, extracted, **kwargs):
        for code in extracted if extracted is not None else ["RW"]:
            ProfileCountry.objects.create(profile=self, kind="origin", country=code)

    @factory.post_generation
    def residence(self, create, extracted, **kwargs):
        for code in extracted if extracted is not None else ["BE"]:
            ProfileCountry.objects.create(profile=self, kind="residence", country=code)

    @factory.post_generation
    def speaks(self, create, extracted, **kwargs):
        for code, level in (extracted if extracted is not None else {"fr": "fluent"}).items():
            ProfileLanguage.objects.create(profile=self, language=code, level=level)

    @factory.post_generation
    def summary(self, create, extracted, **kwargs):
        for language, text in (extracted or {}).items():
            ProfileSummary.objects.create(profile=self, language=language, text=text)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        self.sectors.set(extracted if extracted is not None else [SectorFactory(code="health")])

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if extracted:
            self.skills.set(extracted)

    @factory.post_generation
    def search_vector(self, create, extracted, **kwargs):
        """The `search_text` given, as a vector too (what the services keep on PostgreSQL)."""
        if create and connection.vendor == "postgresql":
            ExpertProfile.objects.filter(pk=self.pk).update(
                search_vector=text_vector(F("search_text"))
            )
            self.refresh_from_db(fields=["search_vector"])  # kept by a later save()


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    call = factory.SubFactory(CallFactory)
    profile = factory.SubFactory(ExpertProfileFactory)
    email = factory.SelfAttribute("profile.email")
    language = factory.SelfAttribute("profile.language")
    next_attempt_at = factory.LazyFunction(lambda: timezone.now() - timedelta(seconds=1))
