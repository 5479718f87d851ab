import factory
from django.utils import timezone

from alerts.models import AlertSubscription


class AlertSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertSubscription
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    language = "en"
    frequency = AlertSubscription.Frequency.WEEKLY
    consent_at = factory.LazyFunction(timezone.now)
    active_since = factory.LazyFunction(timezone.now)
    privacy_version = "1"

    @factory.post_generation
    def country_list(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def sector_list(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)
