from datetime import timedelta

import factory
from django.utils import timezone

from projects.models import Call, Country, Partner, Project, Sector, Skill, Target


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name_en = factory.Sequence(lambda n: f"Country {n}")
    name_fr = factory.Sequence(lambda n: f"Pays {n}")
    is_focus = True


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"sector-{n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    name_fr = factory.Sequence(lambda n: f"Secteur {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"skill-{n}")
    name_en = factory.Sequence(lambda n: f"Skill {n}")
    name_fr = factory.Sequence(lambda n: f"Compétence {n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name_en = factory.Sequence(lambda n: f"Partner {n}")
    name_fr = factory.Sequence(lambda n: f"Partenaire {n}")
    role = Partner.Role.IMPLEMENTING


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Project {n}")
    title_fr = factory.Sequence(lambda n: f"Projet {n}")
    slug_en = factory.Sequence(lambda n: f"project-{n}")
    slug_fr = factory.Sequence(lambda n: f"projet-{n}")
    summary_en = "A project summary"
    summary_fr = "Un résumé de projet"
    body_en = "<p>English body</p>"
    body_fr = "<p>Contenu en français</p>"
    status = Project.Status.ONGOING

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries_of_origin.set(extracted)

    @factory.post_generation
    def residence(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries_of_residence.set(extracted)

    @factory.post_generation
    def sector_list(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)

    @factory.post_generation
    def partner_list(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    project = factory.SubFactory(ProjectFactory)
    label_en = factory.Sequence(lambda n: f"Target {n}")
    label_fr = factory.Sequence(lambda n: f"Objectif {n}")
    goal = 30
    progress = 12


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    project = factory.SubFactory(ProjectFactory)
    kind = Call.Kind.CANDIDATES
    title_en = factory.Sequence(lambda n: f"Call {n}")
    title_fr = factory.Sequence(lambda n: f"Appel {n}")
    slug_en = factory.Sequence(lambda n: f"call-{n}")
    slug_fr = factory.Sequence(lambda n: f"appel-{n}")
    description_en = "<p>Call description</p>"
    description_fr = "<p>Description de l’appel</p>"
    eligibility_en = "Lives in Belgium\nThree years of experience"
    eligibility_fr = "Vit en Belgique\nTrois ans d’expérience"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    officer_email = "officer@example.org"
