from modeltranslation.translator import TranslationOptions, register

from newsletter.models import Article, Issue, Subscriber
from portal.core.history import track_history
from portal.core.i18n import source_language


@register(Issue)
class IssueTranslationOptions(TranslationOptions):
    fields = ("title", "intro")
    required_languages = (source_language(),)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body", "image_alt", "image_caption")
    required_languages = (source_language(),)
    empty_values = {"slug": None}


# History after translation, so the per-language columns are in it too (portal/core/history.py).
track_history(Issue)
track_history(Article)
# Not the secret behind the links (a history would keep every one) nor its bookkeeping.
track_history(Subscriber, excluded_fields=["token", "link_sent_at"])
