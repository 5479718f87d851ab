"""Two workers sending the same call's invitations at once, rows committed, over a real
SMTP socket: each member receives their invitation exactly once."""

import threading
from collections import Counter

import pytest
from django.db import connection

from talent.models import Invitation
from talent.services.invitations import invitations_deliver
from tests.newsletter.smtp import smtp_server
from tests.talent.support import expert, rwanda_health_call

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_send_each_invitation_exactly_once(settings):
    settings.NEWSLETTER_BATCH_SIZE = 3
    call = rwanda_health_call()
    profiles = [expert(email=f"member{n}@example.org") for n in range(12)]
    Invitation.objects.bulk_create(
        Invitation(call=call, profile=p, email=p.email, language=p.language) for p in profiles
    )
    start = threading.Barrier(2)
    errors = []

    def worker():
        try:
            start.wait()
            invitations_deliver(call_id=call.pk)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    with smtp_server(settings) as handler:
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert errors == []
    received = Counter(rcpt for rcpts, _data in handler.messages for rcpt in rcpts)
    assert sorted(received) == sorted(p.email for p in profiles)
    assert set(received.values()) == {1}
    assert set(Invitation.objects.values_list("status", flat=True)) == {"sent"}
