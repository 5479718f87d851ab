import factory
from django.conf import settings
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.models import Page

# Every staff account the tests make signs in with this password.
STAFF_PASSWORD = "correct-horse-battery-staple"


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title_en = factory.Sequence(lambda n: f"Page {n}")
    title_fr = factory.Sequence(lambda n: f"Page numéro {n}")
    slug_en = factory.Sequence(lambda n: f"page-{n}")
    slug_fr = factory.Sequence(lambda n: f"page-numero-{n}")
    body_en = "<p>English body</p>"
    body_fr = "<p>Contenu en français</p>"


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff account: `StaffFactory(role=EDITORS)` in that role's group (portal.core.roles),
    `StaffFactory(superuser=True)`, `second_factor=True` for a confirmed authenticator. The
    usual ones are fixtures in tests/conftest.py (editor, programme_officer, superuser...)."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    class Params:
        superuser = factory.Trait(is_superuser=True)

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(STAFF_PASSWORD)
    is_staff = True

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if extracted:
            user.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def second_factor(user, create, extracted, **kwargs):
        if extracted:
            TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
