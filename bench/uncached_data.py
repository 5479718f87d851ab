"""The demo content multiplied, for the uncached pages benchmark: `multiply(10)` after
`load_demo` adds nine copies of every published project, call, event (with its sessions),
issue (with its articles) and approved question, so that lists, search and the pages that
show related items have ten times as much to go through.

Copies are marked as such: slugs end in `-bench-copy-N`, titles in `(bench copy N)`, issue
numbers start at 1000 × N. They keep the originals' texts, images, countries, sectors and
partners (an image is shared, not duplicated), and copies of one round point at each other
(copy 3 of an article points at copy 3 of its project and call). Rows are saved one by one
through the ORM, as the admin would, so derived fields and signals run.
"""

import copy

from django.db import models

MARK = "bench-copy"


def _localized(obj, name: str) -> list[str]:
    """`name` and its per-language columns (modeltranslation), those the model has."""
    from django.conf import settings

    names = [name] + [f"{name}_{code.replace('-', '_')}" for code, _label in settings.LANGUAGES]
    fields = {f.name for f in obj._meta.concrete_fields}
    return [n for n in names if n in fields]


def _clone(obj, n: int, remap: dict, **values):
    """A saved copy of `obj`, its slugs and titles marked with round `n`, its foreign keys to
    copied objects pointing at the copies of this round, its many-to-many links kept."""
    clone = copy.copy(obj)
    clone.pk = None
    clone.id = None
    clone._state = copy.copy(obj._state)
    clone._state.adding = True
    clone._state.fields_cache = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(field, models.SlugField) and value:
            setattr(clone, field.attname, f"{value[:180]}-{MARK}-{n}")
        elif isinstance(field, models.ForeignKey) and value is not None:
            setattr(clone, field.attname, remap.get((field.related_model, value), value))
    for name in _localized(obj, "title"):
        if getattr(obj, name):
            setattr(clone, name, f"{getattr(obj, name)} ({MARK.replace('-', ' ')} {n})")
    for name, value in values.items():
        setattr(clone, name, value)
    clone.save()
    for field in obj._meta.many_to_many:
        getattr(clone, field.name).set(getattr(obj, field.name).all())
    remap[(type(obj), obj.pk)] = clone.pk
    return clone


def multiply(factor: int = 10) -> dict[str, int]:
    """Add `factor - 1` copies of the published content; returns the counts afterwards."""
    from django.db import transaction

    from dialogue.models import Question
    from events.models import Event, Session
    from newsletter.models import Article, Issue
    from projects.models import Call, CallLanguage, Project
    from projects.targets import Target

    projects = list(Project.objects.exclude(slug__contains=MARK).order_by("pk"))
    calls = list(Call.objects.exclude(slug__contains=MARK).order_by("pk"))
    events = list(Event.objects.exclude(slug__contains=MARK).order_by("pk"))
    sessions = list(Session.objects.filter(event__in=events).order_by("pk"))
    issues = list(Issue.objects.filter(number__lt=1000).order_by("pk"))
    articles = list(Article.objects.filter(issue__in=issues).order_by("pk"))
    targets = list(Target.objects.filter(project__in=projects).order_by("pk"))
    languages = list(CallLanguage.objects.filter(call__in=calls).order_by("pk"))
    questions = list(
        Question.objects.filter(status=Question.Status.APPROVED, merged_into=None).order_by("pk")
    )
    for n in range(2, factor + 1):
        remap: dict = {}
        with transaction.atomic():
            for obj in projects + calls + events + sessions:
                _clone(obj, n, remap)
            for obj in issues:
                _clone(obj, n, remap, number=1000 * n + obj.number)
            for obj in articles + targets + languages + questions:
                _clone(obj, n, remap)
    return {
        model.__name__: model.objects.count()
        for model in (Project, Call, Event, Session, Issue, Article, Question)
    }
