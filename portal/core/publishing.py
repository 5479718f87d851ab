"""Publishing rules shared by every content model that the public sees.

A model joins by inheriting `Publishable` (which brings `publish_at` and the "publish in
English only" override, and checks translations in `clean()`), by defining
`wants_publication()` (the staff's intent: "published" ticked, or a status) and
`publication_q()` (the same in SQL), and by using `PublishableQuerySet.public()` in its
`published()` queryset. The rules:

* nothing is public before its `publish_at`: querysets filter on the time too, so a
  scheduled item never shows early, whether or not the periodic task has run;
* an item cannot be published while a required field is missing in a language, unless
  staff tick "publish in English only"; the French page then says so;
* `publish_due` (the periodic task `portal.core.tasks.publish_scheduled`) completes scheduled
  publications at their time: statuses move from "scheduled" to "published" and caches
  that list published items are cleared.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import class_prepared
from django.dispatch import receiver
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname

from portal.core.i18n import (
    TranslationTracked,
    language_in_text,
    missing_languages,
    required_translated_fields,
)
from portal.core.signals import content_published

PUBLISHABLE_MODELS: list[type[models.Model]] = []


class PublishableQuerySet(models.QuerySet):
    def public(self, now: datetime | None = None) -> "PublishableQuerySet":
        """Items the public may see now: published, and past their publication time."""
        return self.filter(self.model.publication_q(now or timezone.now()))

    def scheduled(self, now: datetime | None = None) -> "PublishableQuerySet":
        """Items staff published for later: their time has not come yet."""
        now = now or timezone.now()
        return self.filter(self.model.intent_q(), publish_at__gt=now)


class Publishable(TranslationTracked):
    """Abstract: a translated item that staff publish, possibly at a later time."""

    publish_at = models.DateTimeField(
        gettext_lazy("publication time"),
        null=True,
        blank=True,
        help_text=gettext_lazy(
            "Leave empty to publish at once; a later time schedules the publication."
        ),
    )
    english_only = models.BooleanField(
        gettext_lazy("publish in English only"),
        default=False,
        help_text=gettext_lazy(
            "Publish although the French text is missing; the French page then says that "
            "this content exists in English only."
        ),
    )

    class Meta:
        abstract = True

    # Models say what "published" means for them.
    def wants_publication(self) -> bool:
        return bool(getattr(self, "is_published", False))

    @classmethod
    def intent_q(cls) -> Q:
        return Q(is_published=True)

    @classmethod
    def publication_q(cls, now: datetime) -> Q:
        return cls.intent_q() & (Q(publish_at__isnull=True) | Q(publish_at__lte=now))

    @property
    def is_public(self) -> bool:
        return self.wants_publication() and (
            self.publish_at is None or self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return bool(
            self.wants_publication() and self.publish_at and self.publish_at > timezone.now()
        )

    def clean(self) -> None:
        super().clean()
        if self.wants_publication():
            check_publishable(self)


@receiver(class_prepared)
def _register_publishable(sender, **kwargs) -> None:
    if issubclass(sender, Publishable) and not sender._meta.abstract:
        PUBLISHABLE_MODELS.append(sender)


def publication_problems(obj: models.Model, *, english_only: bool | None = None) -> list[str]:
    """Messages saying why `obj` cannot be published; empty when it can."""
    if english_only is None:
        english_only = bool(getattr(obj, "english_only", False))
    problems = []
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    for code in missing_languages(obj):
        if code != source and english_only:
            continue
        fields = [
            str(type(obj)._meta.get_field(name).verbose_name)
            for name in required_translated_fields(type(obj))
            if not getattr(obj, build_localized_fieldname(name, code))
        ]
        message = _(
            "%(object)s cannot be published: the %(language)s text is missing (%(fields)s)."
        ) % {
            "object": obj,
            "language": language_in_text(code),
            "fields": get_text_list(fields, _("and")),
        }
        if code != source:
            message += " " + _(
                "Write it, or tick “Publish in English only” to publish the English alone."
            )
        problems.append(message)
    return problems


def check_publishable(obj: models.Model, *, english_only: bool | None = None) -> None:
    problems = publication_problems(obj, english_only=english_only)
    if problems:
        raise ValidationError(problems)


def publish_due(*, now: datetime | None = None, interval_seconds: int = 120) -> int:
    """Complete the scheduled publications whose time has come; return how many.

    Idempotent: a status-based item is moved to "published" once; a boolean item is
    only announced (cache invalidation) while its time is within the last interval.
    """
    now = now or timezone.now()
    count = 0
    for model in PUBLISHABLE_MODELS:
        complete = getattr(model, "complete_scheduled_publication", None)
        if complete is not None:
            due = model._default_manager.filter(model.due_q(now))
            for obj in due:
                with transaction.atomic():
                    complete(obj)
                content_published.send(sender=model, instance=obj)
                count += 1
            continue
        window_start = now - timedelta(seconds=interval_seconds)
        due = model._default_manager.filter(
            model.intent_q(), publish_at__gt=window_start, publish_at__lte=now
        )
        for obj in due:
            content_published.send(sender=model, instance=obj)
            count += 1
    return count
