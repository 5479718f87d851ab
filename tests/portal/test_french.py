"""French written as French: the catalogue and the rendered French pages keep French
typography (a narrow no-break space before : ; ? ! and inside « », the typographic
apostrophe), one word for email ("courriel"), time zones named by a place, and no
expression that means something else ("réinstallation" is refugee resettlement) or that
screen readers stumble on ("inscrit·e").

The rules are in `french_problems`; the tests apply it to every msgstr of our catalogue
and to the text of the pages a visitor and a staff member see in French."""

import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

NNBSP = "\u202f"
NO_BREAK_SPACES = "\u202f\u00a0"

# What is not prose: placeholders, template tags, URLs, addresses, markup, entities.
_NOT_PROSE = [
    re.compile(r"<[^>]*>"),
    re.compile(r"\b(?:https?|mailto|ftp):\S+|\bwww\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+"),
    re.compile(r"&#?\w+;"),
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}|%\(\w+\)[sdfr]|%[sd]|\{\w*\}"),
    re.compile(r"<\w+:\w+>"),  # URL converters in translated paths
]
_ZONE_NAMES = re.compile(r"\b(?:Europe|Africa|America|Asia|Atlantic|Indian|Pacific)/[A-Z]")
_ZONE_ABBREVIATIONS = re.compile(r"\b(?:CET|CEST|WAT|CAT|EAT|GMT|BST|WET|WEST)\b")
_EMAIL_WORD = re.compile(r"(?<![\w@.-])e-?mails?\b", re.IGNORECASE)
_CLOCK_TIME = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])")


def _around(text: str, hit: re.Match) -> str:
    return text[max(0, hit.start() - 25) : hit.end() + 20].strip()


def french_problems(text: str, *, strict_space: bool = True, source: str = "") -> list[str]:
    """What breaks French typography or wording in `text` (a msgstr or a page's text).

    `strict_space`: the space before : ; ? ! must be the narrow no-break space (our own
    catalogue); otherwise any no-break space is accepted (Django's and other apps'
    catalogues use U+00A0, which is right too), but never a breaking space or none.
    `source`: the English a msgstr translates; a time-zone database name it quotes (an
    example of what to type in a field that takes one) may stay in the translation."""
    for pattern in _NOT_PROSE:
        text = pattern.sub("X", text)
    found = []
    accepted = NNBSP if strict_space else NO_BREAK_SPACES
    for match in re.finditer(r"[:;?!]", text):
        i = match.start()
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if match.group() == ":" and before.isdigit() and after.isdigit():
            continue  # a clock time: reported below
        if before in accepted or before in "?!" or before == "" or before == "\n":
            continue
        found.append(
            f"{'no' if not before.isspace() else 'a breaking'} space before "
            f"{match.group()!r} in “{text[max(0, i - 25) : i + 10].strip()}”"
        )
    if hit := re.search(rf"«(?![{accepted}])|(?<![{accepted}])»", text):
        found.append(f"« » without narrow no-break spaces inside: “{_around(text, hit)}”")
    if hit := re.search(r"\w'|'\w", text):
        found.append(f"straight apostrophe: “{_around(text, hit)}”")
    checks = [
        (_ZONE_NAMES, "a time-zone database name (say “heure de Bruxelles”)"),
        (_ZONE_ABBREVIATIONS, "a time-zone abbreviation alone"),
        (re.compile(r"\b[KMGT]io\b"), "“Mio”-style units (write “Mo”)"),
        (_EMAIL_WORD, "“e-mail”/“email” as a French word (write “courriel”)"),
        (
            re.compile(r"(?:adresse|courrier)s? électronique", re.IGNORECASE),
            "another word for email (write “courriel”, “adresse de courriel”)",
        ),
        (re.compile(r"réinstall", re.IGNORECASE), "“réinstallation” (refugee resettlement)"),
        (re.compile(r"\w·\w"), "an inclusive-writing form with “·”"),
        (_CLOCK_TIME, "a clock time written “17:00” (write “17 h 00”)"),
    ]
    for pattern, why in checks:
        if pattern is _ZONE_NAMES and _ZONE_NAMES.search(source):
            continue
        if hit := pattern.search(text):
            found.append(f"{why}: “{_around(text, hit)}”")
    return found


def test_the_rules_catch_what_they_should():
    assert french_problems("Adresse : ici") == ["a breaking space before ':' in “Adresse : ici”"]
    assert french_problems("Rien reçu?")
    assert french_problems("« texte »")
    assert french_problems("l'adresse")
    assert french_problems("Envoyez un e-mail") and french_problems("votre email")
    assert french_problems("votre adresse électronique")
    assert french_problems("20 Mio") and french_problems("17:00 (CET)")
    assert french_problems("heure de Europe/Brussels") and french_problems("pré-inscrit·e")
    for good in [
        f"Adresse{NNBSP}: ici",
        f"« texte{NNBSP}»".replace("« ", f"«{NNBSP}"),
        "l’adresse, https://example.org/a?b=c, diaspora@example.org",
        f"%(label)s{NNBSP}: %(value)s",
        "<a href='x'>lien</a>",
        "17 h 00 (heure de Bruxelles)",
    ]:
        assert french_problems(good) == [], good


def _catalogue_strings(language: str):
    path = Path(settings.BASE_DIR) / f"locale/{language}/LC_MESSAGES/django.po"
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for msgstr in strings:
            yield entry.msgid, msgstr


def test_french_catalogue_keeps_french_typography_and_wording():
    problems = [
        f"{msgid!r}: {problem}"
        for msgid, msgstr in _catalogue_strings("fr")
        if not msgid.endswith("/")  # translated URL paths
        for problem in french_problems(msgstr, source=msgid)
    ]
    assert problems == [], "\n".join(problems)


class _TextCollector(HTMLParser):
    """The visible text of a page, and the text of the attributes people read or hear,
    leaving out scripts, styles, code and the content of `lang` elements in another
    language (an English fallback title is not French)."""

    SKIP = {"script", "style", "code", "pre", "kbd", "samp", "template"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
    READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skip = tag in self.SKIP or bool(lang and not lang.startswith("fr"))
        if not skip and not self._skipping():
            self.texts += [attrs[a] for a in self.READ_ATTRIBUTES if attrs.get(a)]
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self._skipping():
            self.texts.append(data)


def page_problems(html: str) -> list[str]:
    collector = _TextCollector()
    collector.feed(html)
    text = " ".join(" ".join(collector.texts).split(" "))
    text = re.sub(r"[ \t\r\n]+", " ", text)
    return french_problems(text, strict_space=False)


@pytest.fixture
def french_demo(db):
    call_command("load_demo", stdout=StringIO())


def _public_french_urls() -> list[str]:
    from events.models import Event
    from newsletter.models import Issue
    from projects.models import Call, Country, Project

    with translation.override("fr"):
        urls = [
            reverse("portal:home"),
            reverse("portal:get-involved"),
            reverse("portal:search") + "?q=diaspora",
            reverse("projects:project-list"),
            reverse("events:event-list"),
            reverse("events:event-list") + "?past=1",
            reverse("newsletter:issue-list"),
            reverse("newsletter:subscribe"),
            reverse("newsletter:subscribe-thanks"),
            reverse("newsletter:new-link"),
            reverse("registrations:submission-thanks") + "?reference=APP-2026-0001",
        ]
        for model in (Project, Country, Call, Event, Issue):
            urls += [obj.get_absolute_url() for obj in model.objects.all()[:3]]
        issue = Issue.objects.first()
        if issue is not None:
            urls += [article.get_absolute_url() for article in issue.articles.all()[:2]]
        for call in Call.objects.all()[:2]:
            urls.append(reverse("registrations:apply", kwargs={"slug": call.slug}))
        for project in Project.objects.all()[:1]:
            urls.append(reverse("registrations:interest", kwargs={"slug": project.slug}))
        for event in Event.objects.all()[:3]:
            for session in event.sessions.all()[:1]:
                urls.append(reverse("registrations:register", args=[session.pk]))
                urls.append(reverse("registrations:registration-requested", args=[session.pk]))
        from portal.core.models import Page

        urls += [page.get_absolute_url() for page in Page.objects.all()]
    return urls


def test_french_pages_keep_french_typography_and_wording(client, french_demo):
    problems = []
    for url in _public_french_urls():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr", follow=True)
        assert response.status_code == 200, url
        problems += [f"{url}: {problem}" for problem in page_problems(response.text)]
    response = client.get("/fr/nothing-here/", HTTP_ACCEPT_LANGUAGE="fr")
    problems += [f"404: {problem}" for problem in page_problems(response.text)]
    assert problems == [], "\n".join(problems)


def test_french_admin_keeps_french_typography_and_wording(admin_client, french_demo):
    urls = [
        reverse("admin:index"),
        reverse("admin:projects_country_changelist"),
        reverse("admin:projects_project_changelist"),
        reverse("admin:events_event_changelist"),
        reverse("admin:registrations_registration_changelist"),
        reverse("admin:registrations_application_changelist"),
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        reverse("admin:axes_accessattempt_changelist"),
    ]
    problems = []
    for url in urls:
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, url
        problems += [f"{url}: {problem}" for problem in page_problems(response.text)]
    assert problems == [], "\n".join(problems)


def _email_texts(message) -> list[str]:
    texts = [message.subject, message.body]
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            collector = _TextCollector()
            collector.feed(content)
            texts.append(" ".join(collector.texts))
    return texts


@pytest.mark.django_db
def test_french_registration_emails_keep_french_typography_and_wording():
    from datetime import timedelta

    from django.utils import timezone

    from registrations.emails import Kind, registration_message
    from registrations.models import Registration
    from tests.events.factories import SessionFactory
    from tests.registrations.factories import RegistrationFactory

    session = SessionFactory(capacity=10, starts_at=timezone.now() + timedelta(days=30, hours=1))
    problems = []
    for status in Registration.Status.values:
        registration = RegistrationFactory(
            session=session,
            language="fr",
            status=status,
            offer_expires_at=timezone.now() + timedelta(days=2),
        )
        for kind in Kind:
            message = registration_message(registration, kind)
            for text in _email_texts(message):
                found = french_problems(text, strict_space=False)
                problems += [f"{status}/{kind}: {problem}" for problem in found]
    assert problems == [], "\n".join(sorted(set(problems)))
