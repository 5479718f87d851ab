"""The forms of the moderation pages (admin/decisions.py)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from dialogue.models import ITEM_FIELDS, Question
from dialogue.services.moderation import OPEN
from portal.core.i18n import language_in_text


class ConfirmForm(forms.Form):
    """A decision with nothing to fill in (approve, keep published): the button confirms."""

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
    )

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = gettext(
            "Sent to the asker as you write it: write it in %(language)s, their language."
        ) % {"language": language_in_text(question.language)}


class AnswerForm(forms.Form):
    """The answer in the language staff write it in, and any translations they add: one
    text box per language of the site."""

    answered_by = forms.ChoiceField(
        label=_("Answered by"),
        choices=Question.AnsweredBy.choices,
        initial=Question.AnsweredBy.OFFICE,
        help_text=_("Shown with the answer: a team, never a person’s name."),
    )
    language = forms.ChoiceField(label=_("Language of the answer"), choices=settings.LANGUAGES)

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = question.language
        for code, _name in settings.LANGUAGES:
            self.fields[self.text_field(code)] = forms.CharField(
                label=gettext("Answer in %(language)s") % {"language": language_in_text(code)},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 6, "cols": 60, "lang": code}),
            )
        asker_field = self.fields[self.text_field(question.language)]
        asker_field.help_text = gettext("The asker’s language: they get the answer in it.")

    @staticmethod
    def text_field(code: str) -> str:
        return build_localized_fieldname("answer", code)

    def clean(self):
        data = super().clean()
        language = data.get("language")
        if language and not (data.get(self.text_field(language)) or "").strip():
            self.add_error(
                self.text_field(language),
                gettext("Write the answer in %(language)s, the language you chose for it.")
                % {"language": language_in_text(language)},
            )
        return data

    def texts(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[self.text_field(code)] for code, _name in settings.LANGUAGES
        }


class DuplicateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, question: Question) -> str:
        return f"#{question.pk} – {question} ({question.get_status_display()})"


class MergeForm(forms.Form):
    into = DuplicateChoiceField(
        label=_("The question it duplicates"),
        queryset=Question.objects.none(),
        help_text=_("Asked under the same item, pending or published."),
    )

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        item = {name: getattr(question, name) for name in ITEM_FIELDS if getattr(question, name)}
        self.fields["into"].queryset = (
            Question.objects.filter(status__in=OPEN, **item)
            .exclude(pk=question.pk)
            .order_by("-answered_at", "-created_at")
        )


class FaqForm(forms.Form):
    is_faq = forms.BooleanField(label=_("In the item’s FAQ"), required=False)
    position = forms.IntegerField(
        label=_("Position in the FAQ"),
        min_value=0,
        max_value=32767,
        initial=0,
        help_text=_("Smaller numbers come first."),
    )

    def __init__(self, *args, question: Question, **kwargs):
        kwargs.setdefault("initial", {"is_faq": question.is_faq, "position": question.faq_position})
        super().__init__(*args, **kwargs)
