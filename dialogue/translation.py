"""Loaded by modeltranslation at start-up. A question's text and its answer have a column
per language: the asker's words in their language's column, staff translations in the
others. No fallback to another language here: dialogue.display picks what to show."""

from modeltranslation.translator import TranslationOptions, register

from dialogue.models import BlockedTerm, Question
from portal.core.history import track_history


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("text", "answer")
    fallback_undefined = ""
    required_languages = ()


# History after translation, so the per-language columns are in it too (portal/core/history.py):
# staff edits that remove personal details stay traceable, and erasure removes them with it.
track_history(Question)
track_history(BlockedTerm)
