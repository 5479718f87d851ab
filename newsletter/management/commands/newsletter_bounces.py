"""Read bounce and complaint reports from a mailbox (the address set as the newsletter's
return path) and stop the addresses that hard-bounced or complained.

    python manage.py newsletter_bounces --maildir /var/mail/bounces
    python manage.py newsletter_bounces --mbox /var/mail/bounces.mbox [--delete]

Delivery status notifications (RFC 3464) and abuse reports (RFC 5965) are understood when
they return the portal's signed X-Portal-Delivery header for the recipient they name; other
reports are ignored (not ours), other messages left alone. With --delete, the reports read
are removed from the mailbox.
Run it from cron or a timer, e.g. every 15 minutes (see the README)."""

import mailbox

from django.core.management.base import BaseCommand, CommandError

from newsletter import services


class Command(BaseCommand):
    help = "Stop newsletter addresses that hard-bounced or complained, from a mailbox of reports."

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--maildir", help="a Maildir folder")
        where.add_argument("--mbox", help="an mbox file")
        parser.add_argument(
            "--delete", action="store_true", help="remove the report messages once read"
        )

    def handle(self, *args, maildir=None, mbox=None, delete=False, **options):
        try:
            box = (
                mailbox.Maildir(maildir, create=False)
                if maildir
                else mailbox.mbox(mbox, create=False)
            )
        except (OSError, mailbox.Error) as exc:
            raise CommandError(f"Cannot open the mailbox: {exc}") from exc
        box.lock()
        try:
            read = stopped = ignored = 0
            for key, message in list(box.iteritems()):
                if not services.is_report(message):
                    continue
                reports = services.reports_from_message(message)
                if not reports:
                    ignored += 1  # no signed header of ours, or another recipient
                    continue
                read += 1
                stopped += services.reports_apply(reports)
                if delete:
                    box.remove(key)
            box.flush()
        finally:
            box.unlock()
            box.close()
        self.stdout.write(
            f"{read} report(s) read, {stopped} address(es) stopped, {ignored} ignored (not ours)."
        )
