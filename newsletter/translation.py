from modeltranslation.translator import TranslationOptions, register

from newsletter.models import Article, Issue


@register(Issue)
class IssueTranslationOptions(TranslationOptions):
    fields = ("title", "intro")
    required_languages = ("en",)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body", "image_alt", "image_caption")
    required_languages = ("en",)
    empty_values = {"slug": None}
