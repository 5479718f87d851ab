"""Bounces and complaints reported by the mail system: a hard bounce or a spam complaint
stops the address (its own subscriber status, kept in the history); a soft bounce (a full
mailbox, a server down for a while) changes nothing.

Reports arrive through the authenticated endpoint (newsletter.views.bounce_report) or the
`newsletter_bounces` command, which reads delivery status notifications from a mailbox."""

import logging
from dataclasses import dataclass
from email.parser import HeaderParser

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from newsletter.emails import DELIVERY_HEADER, delivery_from_header
from newsletter.models import Delivery, Subscriber
from newsletter.services.suppression import REASONS, address_suppress
from portal.core.addresses import same_address

logger = logging.getLogger(__name__)

HARD_BOUNCE = "hard-bounce"
SOFT_BOUNCE = "soft-bounce"
COMPLAINT = "complaint"
KINDS = (HARD_BOUNCE, SOFT_BOUNCE, COMPLAINT)
# The subscriber's history says why the address stopped (stored in English, shown in the
# staff member's language by the history page).
CHANGE_REASONS = {
    HARD_BOUNCE: gettext_noop("The mail system reported the address as undeliverable"),
    SOFT_BOUNCE: gettext_noop("The mail system reported a temporary failure"),
    COMPLAINT: gettext_noop("The reader marked the newsletter as spam"),
}

STOPPING = {
    HARD_BOUNCE: Subscriber.Status.BOUNCED,
    COMPLAINT: Subscriber.Status.COMPLAINED,
}


@dataclass(frozen=True)
class Report:
    email: str
    kind: str  # one of KINDS
    detail: str = ""


def subscriber_bounce(*, email: str, kind: str, detail: str = "") -> bool:
    """Record a bounce or complaint for `email`. A hard bounce or a complaint stops the
    subscriber (no more newsletters; unsubscribed people stay unsubscribed); a soft bounce
    is only logged. True when a subscriber was stopped."""
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}")
    status = STOPPING.get(kind)
    if status is None:
        logger.info("Soft bounce reported for a newsletter address; nothing stopped")
        return False
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(same_address("email", email)).first()
        )
        if subscriber is None or subscriber.status in (Subscriber.Status.UNSUBSCRIBED, status):
            return False
        subscriber.status = status
        subscriber.stopped_at = timezone.now()
        subscriber.stop_reason = (detail or kind)[:250]
        subscriber._change_reason = CHANGE_REASONS[kind]
        subscriber.save(update_fields=["status", "stopped_at", "stop_reason"])
        address_suppress(email=subscriber.email, reason=REASONS[status])
    return True


def reports_apply(reports: list[Report]) -> int:
    """Apply each report; the number of subscribers stopped."""
    return sum(subscriber_bounce(email=r.email, kind=r.kind, detail=r.detail) for r in reports)


def reports_from_json(data) -> list[Report]:
    """Reports from a JSON body: our generic format, {"email": ..., "type": "hard-bounce" |
    "soft-bounce" | "complaint", "detail": optional}, or Postmark's bounce and spam-complaint
    webhooks ({"RecordType": "Bounce", "Type": "HardBounce", "Email": ...}); one object or a
    list. Raises ValueError on anything else."""
    items = data if isinstance(data, list) else [data]
    reports = []
    for item in items:
        if not isinstance(item, dict):
            raise ValueError("each report must be an object")
        if "RecordType" in item:  # Postmark
            email = item.get("Email")
            record = item.get("RecordType")
            if record == "SpamComplaint":
                kind = COMPLAINT
            elif record == "Bounce":
                kind = HARD_BOUNCE if item.get("Type") in POSTMARK_HARD else SOFT_BOUNCE
            else:
                raise ValueError("unknown RecordType")
            detail = str(item.get("Description") or item.get("Type") or "")
        else:
            email, kind, detail = item.get("email"), item.get("type"), str(item.get("detail", ""))
        if not isinstance(email, str) or "@" not in email or kind not in KINDS:
            raise ValueError("a report needs an email and a type among " + ", ".join(KINDS))
        reports.append(Report(email=email.strip(), kind=kind, detail=detail))
    return reports


# Postmark's bounce types that mean the address will never work.
POSTMARK_HARD = {"HardBounce", "BadEmailAddress", "ManuallyDeactivated", "SpamNotification"}


def is_report(message) -> bool:
    """Whether the email is a report (multipart/report): a bounce, a delay, an abuse report."""
    return message.get_content_type() == "multipart/report"


def reports_from_message(message) -> list[Report]:
    """Reports from one email (an email.message.Message): a delivery status notification
    (RFC 3464, multipart/report; report-type=delivery-status) gives a hard bounce for each
    recipient whose Action is "failed" with a 5.x.x Status, a soft bounce for 4.x.x; an
    abuse report (RFC 5965, report-type=feedback-report) gives a complaint for the
    original recipient.

    Anyone can email the bounce mailbox, so a report counts only when the original
    message's headers it returns (text/rfc822-headers or message/rfc822) carry the portal's
    signed X-Portal-Delivery header, and the recipient it names is that delivery's
    subscriber. Anything else gives no report ("not ours")."""
    if not is_report(message):
        return []
    subscriber_email = _delivery_address(message)
    if not subscriber_email:
        return []
    report_type = message.get_param("report-type")
    reports = []
    for part in message.walk():
        content_type = part.get_content_type()
        if report_type == "delivery-status" and content_type == "message/delivery-status":
            # The per-recipient fields are parsed as header blocks (the first is per-message).
            for block in part.get_payload()[1:]:
                recipient = _address(
                    block.get("Final-Recipient") or block.get("Original-Recipient")
                )
                action = (block.get("Action") or "").strip().lower()
                status = (block.get("Status") or "").strip()
                if not recipient or action not in ("failed", "delayed"):
                    continue
                kind = HARD_BOUNCE if action == "failed" and status.startswith("5") else SOFT_BOUNCE
                detail = f"{status} {block.get('Diagnostic-Code') or ''}".strip()
                reports.append(Report(email=recipient, kind=kind, detail=detail))
        elif report_type == "feedback-report" and content_type == "message/feedback-report":
            payload = part.get_payload()
            blocks = payload if isinstance(payload, list) else [HeaderParser().parsestr(payload)]
            for block in blocks:
                recipient = _address(block.get("Original-Rcpt-To"))
                if recipient:
                    reports.append(Report(email=recipient, kind=COMPLAINT, detail="abuse report"))
    return [r for r in reports if r.email.casefold() == subscriber_email.casefold()]


def _returned_headers(message):
    """The original message's headers a report returns, or None."""
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "text/rfc822-headers":
            payload = part.get_payload(decode=True) or b""
            return HeaderParser().parsestr(payload.decode("utf-8", errors="replace"))
        if content_type == "message/rfc822":
            payload = part.get_payload()
            if isinstance(payload, list) and payload:
                return payload[0]
    return None


def _delivery_address(message) -> str:
    """The subscriber's address of the delivery whose signed header the report returns;
    empty when there is none or the signature is wrong."""
    headers = _returned_headers(message)
    if headers is None:
        return ""
    delivery_id = delivery_from_header(headers.get(DELIVERY_HEADER))
    if delivery_id is None:
        return ""
    delivery = Delivery.objects.select_related("subscriber").filter(pk=delivery_id).first()
    return delivery.subscriber.email if delivery is not None else ""


def _address(value: str | None) -> str:
    """The address of a DSN field such as "rfc822; someone@example.org"."""
    if not value:
        return ""
    address = str(value).split(";", 1)[-1].strip().strip("<>")
    return address if "@" in address else ""
