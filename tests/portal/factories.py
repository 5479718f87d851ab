import factory

from portal.core.models import Page


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title_en = factory.Sequence(lambda n: f"Page {n}")
    title_fr = factory.Sequence(lambda n: f"Page numéro {n}")
    slug_en = factory.Sequence(lambda n: f"page-{n}")
    slug_fr = factory.Sequence(lambda n: f"page-numero-{n}")
    body_en = "<p>English body</p>"
    body_fr = "<p>Contenu en français</p>"
