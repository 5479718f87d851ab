from django.urls import path
from django.utils.translation import gettext_lazy as _

from dialogue.views import asking, member, public, reports

app_name = "dialogue"

urlpatterns = [
    # Asking (views/asking.py): the form under an item posts here; <kind> is an ITEM_FIELDS key.
    path(_("ask/<str:kind>/<int:pk>/"), asking.ask, name="ask"),
    path(_("ask/sent/"), asking.sent, name="sent"),
    # The parameter is named "token": the access log hides it (portal/core/access_log.py).
    path(_("confirm/<str:token>/"), asking.confirm, name="confirm"),
    # One published question and its answer (views/public.py), with QAPage JSON-LD.
    path("<int:pk>/", public.question, name="question"),
    # Every published question under one item (views/public.py); <kind> is an ITEM_FIELDS key.
    path("<str:kind>/<int:pk>/", public.item_questions, name="item"),
    # Anyone may report a published question (views/reports.py).
    path(_("<int:pk>/report/"), reports.report, name="report"),
    path(_("<int:pk>/report/thanks/"), reports.report_thanks, name="report-thanks"),
    # The asker, signed in to My space, withdraws their question (views/member.py).
    path(_("<int:pk>/withdraw/"), member.withdraw, name="withdraw"),
]
