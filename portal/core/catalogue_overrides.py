"""Strings of Django and third-party apps that our catalogue words differently.

Our catalogue (LOCALE_PATHS) comes before theirs, so an entry there for one of their
msgids wins. Each is marked here so that `makemessages` keeps it in our catalogue: the
msgid must stay exactly as the app writes it. Nothing imports these names.

Why, in French: Django says "Supprimer les %(verbose_name_plural)s sélectionnés" whatever
the noun's gender ("les inscriptions sélectionnés"); file sizes come in "Mio" where French
readers expect "Mo"; a few of Django's and django-countries' strings use a straight
apostrophe or a breaking space before a colon; django-tasks' model names are not
translated at all.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

DJANGO_ADMIN = [
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Add link"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("None available"),
    # The colon after a form label (Django's label_suffix): French wants a narrow no-break
    # space before it, where Django's catalogue has a wide one.
    gettext_noop(":"),
    gettext_noop("Change history: %s"),
    gettext_noop("View history: %s"),
    gettext_noop("Date:"),  # the date and time widget's labels
    gettext_noop("Time:"),  # simple-history's French: "Historique de vue: %s"
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note "
        "that both fields may be case-sensitive."
    ),
]

FILE_SIZES = [
    gettext_noop("%s KB"),
    gettext_noop("%s MB"),
    gettext_noop("%s GB"),
    gettext_noop("%s TB"),
    gettext_noop("%s PB"),
]

# django-countries: straight apostrophes, and official long forms where people say the
# short name.
COUNTRIES = [
    gettext_noop("British Indian Ocean Territory"),
    gettext_noop("Côte d'Ivoire"),
    gettext_noop("Eswatini"),
    gettext_noop("Iran (Islamic Republic of)"),
    gettext_noop("United Kingdom of Great Britain and Northern Ireland"),
    gettext_noop("United States of America"),
]

DJANGO_TASKS = [
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
]

AXES = [gettext_noop("Locked Out")]
