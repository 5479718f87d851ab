"""The admin index panel: the moderation queue's size, how many of its questions were
reported, and how long the oldest has waited (declared in contributions.py, shown by
portal/site/dashboard.py to staff who may see questions)."""

from django.db.models import Count, Min, Q
from django.http import HttpRequest
from django.urls import reverse

from dialogue.models import Question


def moderation_queue(request: HttpRequest) -> dict:
    summary = Question.objects.waiting().aggregate(
        waiting=Count("pk"),
        reported=Count("pk", filter=Q(report_count__gt=0)),
        oldest=Min("created_at"),
    )
    changelist = reverse("admin:dialogue_question_changelist")
    return {**summary, "url": changelist, "reported_url": f"{changelist}?reported=yes"}
