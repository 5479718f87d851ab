from django.utils.translation import gettext_lazy as _


class NewsletterError(Exception):
    """A rule of the newsletter was broken; the message is shown to staff or visitors."""

    default_message = _("The newsletter could not do this.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(self.message)


class IssueAlreadySent(NewsletterError):
    default_message = _("This issue has already been sent; it cannot be sent twice.")


class IssueNotPublished(NewsletterError):
    default_message = _("Publish the issue before sending it to subscribers.")


class IssueTranslationMissing(NewsletterError):
    default_message = _("A required text of this issue is missing in a language.")


class InvalidToken(NewsletterError):
    default_message = _(
        "This link no longer works: it has expired, or it was ended when the subscription was "
        "cancelled or its earlier links were ended. Ask for a new one below."
    )


class TestSendFailed(NewsletterError):
    default_message = _("The test could not be sent.")
