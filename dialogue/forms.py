"""The dialogue's public forms: asking a question (dialogue/views/asking.py) and reporting a
published one (views/reports.py). Every refusal is a validation error in the visitor's
language: an invalid form stores nothing and sends nothing."""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.core import validators
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from dialogue.models import BlockedTerm, Question, Report
from portal.core.forms import HoneypotMixin

MIN_LENGTH = 10  # shorter than "Quand ?" plus a word says nothing a moderator can answer

# A link: a URL with a scheme or starting with www., counted once whole; or a bare domain
# ("example.com", "sub.example.org/page"): labels of letters, digits and hyphens, then a
# top-level domain of at least two letters, so "e.g.", "3.5" and "a.m." are not links.
LINK = re.compile(
    r"""
    \b(?:[a-z][a-z0-9+.-]*://|www\.)\S+
    | (?<![\w@.-])(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,24}\b(?![@.]?\w)(?:/\S*)?
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Characters allowed although Unicode calls them controls: the line breaks and the tab.
ALLOWED_CONTROLS = {"\n", "\t"}
# Categories refused anywhere: controls (NUL, escape, ...), lone surrogates, private use.
REFUSED_CATEGORIES = {"Cc", "Cs", "Co"}
# What does not count as writing: spaces, invisible format characters, combining marks alone.
INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cf", "Mn", "Me"}

# Bidirectional embeddings, overrides and isolates: they reorder what a moderator reads
# (U+202E shows "moc.elpmaxe" as "example.com"), so they are refused, not just ignored.
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
# Full stops of other scripts that browsers read as a dot in a domain name.
DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})

CONTROL_ERROR = _("Your text contains characters we cannot accept. Please remove them.")
NAME_CONTROL_ERROR = _("Your name contains characters we cannot accept. Please remove them.")
BLOCKED_ERROR = _("Your text contains a word or phrase that we do not publish. Please rephrase it.")
LINKS_ERROR = ngettext_lazy(
    "Your text may contain at most %(limit)d link; it has %(count)d.",
    "Your text may contain at most %(limit)d links; it has %(count)d.",
    "limit",
)
NO_LINKS_ERROR = _("Links are not accepted here; please remove them.")
NAME_ERROR = _("Please choose another name to show: links and some words are not accepted.")


def without_format(text: str) -> str:
    """`text` without invisible format characters (category Cf: zero-width space and
    joiner, soft hyphen, word joiner...), which would split a word or a domain for our
    checks but not for the reader: "cas\u200bino" is "casino"."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def count_links(text: str) -> int:
    """How many links `text` holds: a URL counts once, a bare domain ("example.com") too,
    however its dots are written ("a。com") or split by invisible characters."""
    return len(LINK.findall(without_format(text).translate(DOTS)))


def folded(text: str) -> str:
    """`text` without accents and case, for comparisons: "Éléphant" -> "elephant"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def blocked_terms_found(text: str, terms: list[str]) -> bool:
    """Whether `text` holds one of `terms` as whole words, whatever the case and accents
    ("spam" refuses "SPAM!" and "Spâm", not "spammer"; "free money" any spacing of it)."""
    haystack = folded(without_format(text))
    for term in terms:
        words = folded(term).split()
        if not words:
            continue
        # Word boundaries where "_" separates too: "_casino_" holds "casino".
        joined = r"\s+".join(re.escape(word) for word in words)
        pattern = r"(?<![^\W_])" + joined + r"(?![^\W_])"
        if re.search(pattern, haystack):
            return True
    return False


def has_refused_characters(text: str) -> bool:
    return any(
        (unicodedata.category(c) in REFUSED_CATEGORIES and c not in ALLOWED_CONTROLS)
        or c in BIDI_CONTROLS
        for c in text
    )


def is_blank(text: str) -> bool:
    return all(c.isspace() or unicodedata.category(c) in INVISIBLE_CATEGORIES for c in text)


class PlainTextField(forms.CharField):
    """Plain text: line breaks made "\\n" (a browser counts one character for each, then
    sends two), control characters refused before any other check (so a NUL gets our
    message, not Django's), and text made only of invisible characters taken as empty."""

    def __init__(self, *, control_error=CONTROL_ERROR, **kwargs):
        self.control_error = control_error
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
            if has_refused_characters(value):
                raise forms.ValidationError(self.control_error, code="control")
        value = super().to_python(value)
        return "" if is_blank(value) else value


class AskForm(HoneypotMixin, forms.Form):
    """A question or comment under an item. Without `member_email` (an anonymous visitor) it
    asks for an address, which the asker confirms by a link; a signed-in member's address
    is already proven, so the field is left out."""

    kind = forms.ChoiceField(
        label=_("What would you like to leave?"),
        choices=Question.Kind.choices,
        initial=Question.Kind.QUESTION,
        widget=forms.RadioSelect,
    )
    text = PlainTextField(
        label=_("Your question or comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    language = forms.ChoiceField(
        label=_("Language of your text"),
        help_text=_("We will also write to you in this language."),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    display_name = PlainTextField(
        label=_("Name to show"),
        help_text=_("Leave it empty to appear as “Anonymous”."),
        required=False,
        max_length=80,
        control_error=NAME_CONTROL_ERROR,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,  # the column's length (Django's validator allows 320)
        help_text=_("Never shown. We email you a link to confirm your question."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the office keeps my question and my email address to answer it, "
            "as the privacy notice explains."
        ),
        error_messages={"required": _("Please accept the privacy notice to send your question.")},
    )

    field_order = ["website", "kind", "text", "language", "display_name", "email", "consent"]

    def __init__(self, *args, member_email: str | None = None, **kwargs):
        kwargs.setdefault("prefix", "ask")
        super().__init__(*args, **kwargs)
        self.member_email = member_email
        if member_email:
            del self.fields["email"]
        self.fields["language"].initial = get_language()
        text = self.fields["text"]
        text.max_length, text.min_length = settings.DIALOGUE_MAX_LENGTH, MIN_LENGTH
        # Set after construction (the setting may change in tests): validators and widget.
        text.validators = [
            validators.MinLengthValidator(
                MIN_LENGTH,
                message=_(
                    "Your text is too short: write at least %(limit_value)d characters "
                    "(it has %(show_value)d)."
                ),
            ),
            validators.MaxLengthValidator(
                text.max_length,
                message=_(
                    "Your text is too long: %(limit_value)d characters at most "
                    "(it has %(show_value)d)."
                ),
            ),
        ]
        text.widget.attrs.update(maxlength=str(text.max_length), minlength=str(MIN_LENGTH))

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        limit = settings.DIALOGUE_MAX_LINKS
        links = count_links(text)
        if links > limit:
            if limit == 0:
                raise forms.ValidationError(NO_LINKS_ERROR, code="links")
            raise forms.ValidationError(
                LINKS_ERROR % {"limit": limit, "count": links}, code="links"
            )
        if blocked_terms_found(text, self.blocked_terms()):
            # Never the word itself: the message must not teach a spammer what to avoid.
            raise forms.ValidationError(BLOCKED_ERROR, code="blocked")
        return text

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if name and (count_links(name) or blocked_terms_found(name, self.blocked_terms())):
            raise forms.ValidationError(NAME_ERROR, code="name")
        return name

    def blocked_terms(self) -> list[str]:
        if not hasattr(self, "_blocked_terms"):
            active = BlockedTerm.objects.filter(is_active=True)
            self._blocked_terms = list(active.values_list("term", flat=True))
        return self._blocked_terms

    @property
    def asker_email(self) -> str:
        return self.member_email or self.cleaned_data["email"]


class ReportForm(HoneypotMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting it?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Details"),
        max_length=Report._meta.get_field("note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not include anyone's personal details."),
    )
    field_order = ["website", "reason", "note"]
