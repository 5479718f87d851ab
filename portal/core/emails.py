"""One way to build an email: `<name>.txt` and `<name>.html` rendered in the recipient's
language, the HTML's CSS inlined (mail clients drop <style> blocks), sent as text with an
HTML alternative. Every app's emails go through `email_message` (or `render_email` when the
rendered parts are reused for many recipients, as the newsletter does), and every one is
sent from `sender(language)`: the site's name in the recipient's language and the address
of DEFAULT_FROM_EMAIL."""

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import TemplateDoesNotExist, get_template, render_to_string
from django.utils import translation

from portal.core.models import SiteSettings


def sender(language: str) -> str:
    """The From header for a recipient reading `language`: "Portail de la diaspora
    <noreply@…>" in French. The name is the site's (site settings), else the one in
    DEFAULT_FROM_EMAIL; formataddr quotes or RFC 2047-encodes it as needed (a comma or an
    accent in the name cannot break the header). A line break, which formataddr keeps and
    Django refuses in a header, becomes a space: the form refuses one (models.SINGLE_LINE),
    this guards a name saved another way."""
    default_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    with translation.override(language):
        name = SiteSettings.load().site_name or default_name
    name = " ".join(name.replace("\r", " ").replace("\n", " ").split())
    return formataddr((name, address))


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str = ""  # empty when the email has no .html template


def render_email(template: str, context: dict, *, subject, language: str) -> RenderedEmail:
    """Render `template`.txt and, when it exists, `template`.html (CSS inlined) and the
    subject (a string or a lazy translation) in `language`."""
    with translation.override(language):
        text = render_to_string(f"{template}.txt", context)
        try:
            html_template = get_template(f"{template}.html")
        except TemplateDoesNotExist:
            html = ""
        else:
            html = css_inline.inline(html_template.render(context))
        return RenderedEmail(subject=str(subject), text=text, html=html)


def email_message(
    template: str,
    context: dict,
    *,
    subject,
    to: list[str],
    language: str,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str | bytes, str]] | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """The email `template` in `language` to `to`, with extra `headers` (e.g.
    List-Unsubscribe) and `attachments` ((filename, content, mimetype) triples)."""
    rendered = render_email(template, context, subject=subject, language=language)
    return message_from(
        rendered,
        to=to,
        from_email=sender(language),
        headers=headers,
        attachments=attachments,
        connection=connection,
    )


def message_from(
    rendered: RenderedEmail,
    *,
    to: list[str],
    from_email: str,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str | bytes, str]] | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """An ordinary Django message made of already rendered parts, from `from_email`
    (`sender(language)`)."""
    message = EmailMultiAlternatives(
        rendered.subject,
        rendered.text,
        from_email=from_email,
        to=to,
        headers=headers,
        attachments=attachments,
        connection=connection,
    )
    if rendered.html:
        message.attach_alternative(rendered.html, "text/html")
    return message
