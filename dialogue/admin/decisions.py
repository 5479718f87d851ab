"""The moderation pages of a question: publish, reject with a reason, answer, merge into a
duplicate, keep a reported question published, place it in the FAQ.

Each is a page behind the admin (/admin/dialogue/question/<pk>/<decision>/) that shows the
question, a form, and who will be emailed; the button makes the decision through its
service (services/moderation.py), and the message then says who was emailed. The service
checks the question's status again under a lock: a decision made meanwhile by another
moderator is reported, not overwritten."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dialogue.admin.forms import AnswerForm, ConfirmForm, FaqForm, MergeForm, RejectForm
from dialogue.exceptions import AlreadyDecided, DialogueError
from dialogue.models import ITEM_FIELDS, Question
from dialogue.services import moderation
from portal.core.i18n import language_in_text

EMAIL_PERMISSION = "dialogue.view_email_question"
Status = Question.Status


def may_see_email(request) -> bool:
    """The asker's address is personal data: only staff allowed to see it (programme
    officers, superusers) are shown it; editors read "the asker"."""
    return request.user.has_perm(EMAIL_PERMISSION)


@dataclass(frozen=True)
class Decision:
    title: Promise
    button: Promise
    form: type
    apply: Callable  # (question, form) -> the question after the decision
    done: Promise  # the message after it, formatted with %(people)s
    recipients: Callable = lambda question: []  # whose askers are emailed
    available: Callable = lambda question: question.status == Status.PENDING


def _open(question: Question) -> bool:
    return question.status in moderation.OPEN


DECISIONS = {
    "approve": Decision(
        title=_("Publish the question"),
        button=_("Publish"),
        form=ConfirmForm,
        apply=lambda question, form: moderation.question_approve(question=question),
        done=_("The question is published. Nobody was emailed."),
    ),
    "answer": Decision(
        title=_("Answer the question"),
        button=_("Publish the answer and email it"),
        form=AnswerForm,
        apply=lambda question, form: moderation.question_answer(
            question=question,
            texts=form.texts(),
            language=form.cleaned_data["language"],
            answered_by=form.cleaned_data["answered_by"],
        ),
        done=_("The answer is published and on its way by email to: %(people)s."),
        recipients=moderation.answer_recipients,
        available=lambda question: _open(question) and not question.is_answered,
    ),
    "reject": Decision(
        title=_("Reject the question"),
        button=_("Reject and email the reason"),
        form=RejectForm,
        apply=lambda question, form: moderation.question_reject(
            question=question, reason=form.cleaned_data["reason"]
        ),
        done=_("The question is rejected; the reason is on its way by email to: %(people)s."),
        recipients=lambda question: [question],
        available=_open,
    ),
    "merge": Decision(
        title=_("Merge with a similar question"),
        button=_("Merge and email the asker"),
        form=MergeForm,
        apply=lambda question, form: moderation.question_merge(
            question=question, into=form.cleaned_data["into"]
        ),
        done=_("The question is merged; an email is on its way to: %(people)s."),
        recipients=lambda question: [question],
        available=_open,
    ),
    "keep": Decision(
        title=_("Keep the reported question published"),
        button=_("Keep it published"),
        form=ConfirmForm,
        apply=lambda question, form: moderation.question_keep_published(question=question),
        done=_("The question stays published and its reports are handled. Nobody was emailed."),
        available=lambda question: _open(question) and question.report_count > 0,
    ),
    "faq": Decision(
        title=_("Place in the FAQ"),
        button=_("Save"),
        form=FaqForm,
        apply=lambda question, form: moderation.question_set_faq(
            question=question,
            is_faq=form.cleaned_data["is_faq"],
            position=form.cleaned_data["position"],
        ),
        done=_("The FAQ is updated. Nobody was emailed."),
        available=lambda question: question.is_public,
    ),
}


def available_decisions(question: Question) -> list[tuple[str, Decision]]:
    return [
        (name, decision) for name, decision in DECISIONS.items() if decision.available(question)
    ]


def people(request, question: Question, recipients: list[Question]) -> list[str]:
    """Who will be (or was) emailed, each with the language of their email: the address
    for staff allowed to see it, otherwise "the asker"."""
    show = may_see_email(request)
    lines = []
    for recipient in recipients:
        if show:
            who = recipient.email
        elif recipient.pk == question.pk:
            who = gettext("the asker")
        else:
            who = gettext("the asker of question #%(number)s") % {"number": recipient.pk}
        lines.append(
            gettext("%(who)s (in %(language)s)")
            % {"who": who, "language": language_in_text(recipient.language)}
        )
    return lines


class DecisionViews:
    """Mixed into QuestionAdmin: the decision pages and the change form's buttons."""

    def get_urls(self):
        urls = [
            path(
                f"<int:pk>/{name}/",
                self.admin_site.admin_view(partial(self.decision_view, name=name)),
                name=f"dialogue_question_{name}",
            )
            for name in DECISIONS
        ]
        return [*urls, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.has_change_permission(request, obj):
            context["decisions"] = [
                {"url": reverse(f"admin:dialogue_question_{name}", args=[obj.pk]), "title": d.title}
                for name, d in available_decisions(obj)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def decision_view(self, request, pk: int, name: str):
        question = get_object_or_404(Question.objects.select_related(*ITEM_FIELDS), pk=pk)
        if not self.has_change_permission(request, question):
            raise PermissionDenied
        decision = DECISIONS[name]
        change_url = reverse("admin:dialogue_question_change", args=[question.pk])
        if not decision.available(question):
            messages.warning(request, AlreadyDecided.message)
            return HttpResponseRedirect(change_url)
        posted = request.method == "POST"
        form = decision.form(request.POST if posted else None, question=question)
        if posted and form.is_valid():
            recipients = decision.recipients(question)
            try:
                decision.apply(question, form)
            except DialogueError as error:
                messages.error(request, error.message)
                return HttpResponseRedirect(change_url)
            if recipients:
                # Who is emailed is decided now: read again after the decision (a merge
                # may have brought duplicates along meanwhile).
                recipients = decision.recipients(Question.objects.get(pk=question.pk))
            who = ", ".join(people(request, question, recipients))
            messages.success(
                request, str(decision.done) % {"people": who} if who else decision.done
            )
            return HttpResponseRedirect(reverse("admin:dialogue_question_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": decision.title,
            "opts": self.opts,
            "question": question,
            "decision": decision,
            "form": form,
            "people": people(request, question, decision.recipients(question)),
            "change_url": change_url,
            "reports": question.reports.filter(handled_at__isnull=True),
        }
        return TemplateResponse(request, "admin/dialogue/question/decision.html", context)
