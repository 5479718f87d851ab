"""Settings for the diaspora portal.

Everything comes from environment variables (django-environ). Development defaults are
safe; with DJANGO_DEBUG off, the strict production defaults apply and a missing required
variable stops start-up with a clear message.

DJANGO_SETTINGS_MODULE is portal.settings: this module. Two long sections live beside it and
are imported here whole: caches.py (caches, page cache, sessions) and security.py (HTTPS,
cookies, CSP, login lockout, second factor); environment.py reads DEBUG and the paths they share.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.settings.caches import *  # noqa: F403  (CACHES, the page cache, sessions)
from portal.settings.caches import REDIS_URL
from portal.settings.environment import BASE_DIR, DEBUG, env
from portal.settings.security import *  # noqa: F403  (HTTPS, cookies, CSP, axes, 2FA)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for development, run with DJANGO_DEBUG=1 or use `make run`)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Public base URL, used wherever an absolute link leaves the request cycle (emails, feeds).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    # The admin with a second factor for staff (portal/core/admin_site.py).
    "portal.core.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's widget templates, for FORM_RENDERER (templates/django/forms/ overrides some).
    "django.forms",
    "django.contrib.sitemaps",
    # Full-text search lookups and functions; only used when the database is PostgreSQL.
    "django.contrib.postgres",
    "sorl.thumbnail",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "portal.core.apps.AxesConfig",  # axes, named in the site's languages
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "portal.core.apps.TasksDatabaseConfig",  # django_tasks_db, named likewise
    "django_countries",
    "simple_history",
    # Our apps: dependencies point one way, projects <- events <- newsletter/registrations
    # <- alerts, members, dialogue, talent (My space shows what each app declares as its
    # member_sections; item pages show each app's item_sections, such as the Q&A).
    "portal.core",
    "projects",
    "events",
    "newsletter",
    "registrations",
    "alerts",
    "members",
    "dialogue",
    "talent",
    "portal.site",
]

MIDDLEWARE = [
    # The client's address for everything below and for the access log (DJANGO_TRUSTED_PROXIES).
    "portal.core.client_address.ClientAddressMiddleware",
    # The request path and referer for the access log, with personal-link tokens hidden.
    "portal.core.access_log.RedactedLogMiddleware",
    # Anonymous cached pages answered here, before the rest of the stack, with the headers it
    # set when the page was stored (portal/core/cache/, "The fast path").
    "portal.core.cache.PageCacheFastPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the staff member behind each change in the history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.core.staff_auth.middleware.StaffSessionIdleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Anonymous pages from the shared cache (portal/core/cache/): after CSRF (it sets the cookie
    # of a cached page with a form), messages and CSP (their work is redone on every hit).
    "portal.core.cache.PageCacheMiddleware",
    # AxesMiddleware should be the last middleware.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Root templates/: the base layout, includes, email layouts, error pages, and every
        # admin template (templates/admin/: overrides of django.contrib.admin's, which only
        # DIRS is searched before, and our admin pages under admin/<app label>/). Each app's
        # public pages stay in its own <app>/templates/<app>/.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.site.context_processors.site",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (or anything else) through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers never deadlock on an upgrade;
    # the busy timeout makes the second one wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer fails the request within seconds (the 500 page,
    # 503 on /healthz) instead of holding a gunicorn worker until it is killed.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
# Persistent connections: no connect (and, on SQLite, no PRAGMAs) per request; the health
# check replaces a connection the database closed meanwhile.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Internationalisation
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Site search on PostgreSQL (portal/core/search.py): the text search configuration for each
# language (created by a migration); a language not listed here is searched with
# "simple_unaccent" (no stemming, accents ignored). Adding a language needs no entry.
SEARCH_CONFIGS = {"en": "english_unaccent", "fr": "french_unaccent"}
# og:locale of each language where a territory is wanted; another language gets its own code.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Brussels")
USE_I18N = True
USE_TZ = True
# Where a language's date and time formats differ from Django's (French "17 h 00").
FORMAT_MODULE_PATH = ["portal.formats"]

# Static and media files
STATIC_URL = "/static/"
# In Docker, a volume the reverse proxy serves /static/ from (compose.yaml).
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded CVs: outside MEDIA_ROOT, never served by a URL (portal/core/uploads.py).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
CV_MAX_UPLOAD_BYTES = env.int("CV_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
# Hours before a private file that no row references is removed by the periodic sweep
# (portal/core/private_files.py); younger files may belong to a save still under way.
PRIVATE_FILES_GRACE_HOURS = env.int("PRIVATE_FILES_GRACE_HOURS", default=24)
# A CV kept across a failed submit of the application form (registrations/kept_cv.py): its
# token expires, and the sweep removes it, after this many hours; and nothing more is kept
# once the kept files hold this many bytes in all (the form then asks for the file again).
KEPT_CV_MAX_AGE_HOURS = env.int("KEPT_CV_MAX_AGE_HOURS", default=2)
KEPT_CV_MAX_TOTAL_BYTES = env.int("KEPT_CV_MAX_TOTAL_BYTES", default=200 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "portal.core.uploads.PrivateStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Media on S3-compatible object storage (django-storages, `pip install ".[s3]"`) when a
# bucket is named, so that every web host sees the same uploads; local files otherwise.
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("MEDIA_S3_REGION", default="") or None,
            "custom_domain": env.str("MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
            "location": "media",
            "default_acl": None,
            "querystring_auth": False,  # public images: stable URLs that a CDN can cache
            "file_overwrite": False,
        },
    }

# Images: uploads limited in bytes and pixels (portal/core/images.py), renditions by sorl-thumbnail.
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=8 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Uploads above the largest size a form accepts are not written to disk (portal/core/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "portal.core.uploads.LimitedUploadHandler",
]

# Email
_email = env.email_url("EMAIL_URL", default="consolemail://")
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    _email["EMAIL_BACKEND"] = "portal.core.mail_smtp.EmailBackend"  # Django's, faster
vars().update(_email)
if DEBUG and "EMAIL_URL" not in env:
    # Development without a mail server: each email printed readably in the console of
    # `make run` (subject, recipients, text, links, attachments by name), not as raw MIME.
    # EMAIL_URL=consolemail:// still prints the raw message.
    EMAIL_BACKEND = "portal.core.mail_console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Diaspora Portal <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default="") or DEFAULT_FROM_EMAIL  # empty: the same
ADMINS = [("Admin", email) for email in env.list("DJANGO_ADMINS", default=[])]

# sorl-thumbnail
THUMBNAIL_QUALITY = 80
THUMBNAIL_PRESERVE_FORMAT = False
THUMBNAIL_UPSCALE = False

# Widgets render with the project's template settings, so that templates/django/forms/
# can override Django's own (the select widget, written without an include per option).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# django-crispy-forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-modeltranslation: English is the source language. Fallback to English is allowed
# but templates must mark it (see portal.core.i18n).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The tabbed admin loads jQuery UI; serve it ourselves instead of the default CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# django-tasks, run by `manage.py run_worker`: the queue lives in the database by default;
# TASKS_BACKEND=rq puts it in Redis (REDIS_URL) through RQ, for many workers and hosts.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or rq, not {TASKS_BACKEND!r}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Request paths in log messages lose their personal-link tokens (portal/core/access_log.py).
    "filters": {"redacted_paths": {"()": "portal.core.access_log.RedactedPathFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redacted_paths"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"handlers": ["console"], "level": "WARNING"}},
}

CSRF_FAILURE_VIEW = "portal.site.views.csrf_failure"


# Newsletter sending
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
NEWSLETTER_SMTP_CONNECTIONS = env.int("NEWSLETTER_SMTP_CONNECTIONS", default=4)
# A send is queued as this many tasks, so that as many workers share it (each claims
# batches until none is left; a row is sent once whichever worker claims it).
NEWSLETTER_SEND_TASKS = env.int("NEWSLETTER_SEND_TASKS", default=2)
# A delivery left "sending" longer than this is taken as interrupted by a dead worker.
NEWSLETTER_SEND_LEASE_SECONDS = env.int("NEWSLETTER_SEND_LEASE_SECONDS", default=600)
# A temporary SMTP failure is retried after this many seconds times 2 ** attempts made
# (2, 4, 8 then 16 minutes by default).
NEWSLETTER_RETRY_SECONDS = env.int("NEWSLETTER_RETRY_SECONDS", default=60)
# Days a subscriber's manage/unsubscribe link works after it was sent (then the page offers
# a new one by email).
NEWSLETTER_LINK_MAX_AGE_DAYS = env.int("NEWSLETTER_LINK_MAX_AGE_DAYS", default=180)
# The secret the mail system sends (Authorization: Bearer ...) with bounce and complaint
# reports to /newsletter/bounces/; empty turns the endpoint off (404).
NEWSLETTER_BOUNCE_TOKEN = env.str("NEWSLETTER_BOUNCE_TOKEN", default="")

# Alerts (alerts app): weekly digests go out on this weekday (0 = Monday ... 6 = Sunday)
# from this hour on, on the TIME_ZONE clock; their stop links work this many days.
ALERTS_DIGEST_WEEKDAY = env.int("ALERTS_DIGEST_WEEKDAY", default=0)
ALERTS_DIGEST_HOUR = env.int("ALERTS_DIGEST_HOUR", default=8)
ALERTS_LINK_MAX_AGE_DAYS = env.int("ALERTS_LINK_MAX_AGE_DAYS", default=180)

# Questions and answers (dialogue app): the longest question or comment (characters), the
# most links one may hold, how many a visitor may send per hour, how long its confirmation
# link works, and how many reports from different visitors hide an approved item until a
# moderator has looked at it again.
DIALOGUE_MAX_LENGTH = env.int("DIALOGUE_MAX_LENGTH", default=2000)
DIALOGUE_MAX_LINKS = env.int("DIALOGUE_MAX_LINKS", default=2)
DIALOGUE_QUESTIONS_PER_HOUR = env.int("DIALOGUE_QUESTIONS_PER_HOUR", default=5)
DIALOGUE_CONFIRM_HOURS = env.int("DIALOGUE_CONFIRM_HOURS", default=48)
DIALOGUE_CONFIRMATIONS_PER_HOUR = env.int("DIALOGUE_CONFIRMATIONS_PER_HOUR", default=3)
DIALOGUE_REPORTS_TO_HIDE = env.int("DIALOGUE_REPORTS_TO_HIDE", default=3)

# Event registration: how long a place offered from the waiting list waits to be claimed,
# and how long before a session its reminder goes out.
EVENT_OFFER_CLAIM_HOURS = env.int("EVENT_OFFER_CLAIM_HOURS", default=48)
EVENT_REMINDER_HOURS = env.int("EVENT_REMINDER_HOURS", default=24)
# Submissions of a public form per IP address and hour (counted in the shared cache).
FORM_RATE_LIMIT_PER_HOUR = env.int("FORM_RATE_LIMIT_PER_HOUR", default=20)

# Personal data (portal/core/privacy.py): days each kind is kept once it is no longer needed,
# after which the worker deletes or anonymises it.
PERSONAL_DATA_RETENTION_DAYS = {
    # unsubscribed, or never confirmed: days after unsubscribing or subscribing
    "subscribers": env.int("RETENTION_SUBSCRIBERS_DAYS", default=30),
    # days after the session (anonymised: attendance counts stay)
    "event_registrations": env.int("RETENTION_EVENT_REGISTRATIONS_DAYS", default=365),
    # days after the call closes
    "applications": env.int("RETENTION_APPLICATIONS_DAYS", default=730),
    # days after the interest was sent
    "interests": env.int("RETENTION_INTERESTS_DAYS", default=730),
    # sign-in links to My space (they work 15 minutes): days after they were sent
    "member_links": env.int("RETENTION_MEMBER_LINKS_DAYS", default=1),
    # stopped alert subscriptions: days after they were stopped
    "alert_subscriptions": env.int("RETENTION_ALERT_SUBSCRIPTIONS_DAYS", default=30),
    # questions never confirmed: days after they were asked
    "questions_unconfirmed": env.int("RETENTION_QUESTIONS_UNCONFIRMED_DAYS", default=2),
    # questions rejected, withdrawn or merged, and published ones: days after the last
    # decision (publication, answer, rejection)
    "questions": env.int("RETENTION_QUESTIONS_DAYS", default=730),
    # expert profiles of the talent pool: days after the member last confirmed it (the
    # yearly "still interested?" email goes TALENT_CONFIRM_EVERY_DAYS after it)
    "expert_profiles": env.int("RETENTION_EXPERT_PROFILES_DAYS", default=395),
}
# The talent pool asks each member "still interested?" this many days after they last
# confirmed their profile; unanswered, the profile goes at its retention above.
TALENT_CONFIRM_EVERY_DAYS = env.int("TALENT_CONFIRM_EVERY_DAYS", default=365)

# The log of personal-data requests keeps an HMAC of the address keyed by this secret (keep
# it stable: a new key means earlier requests are no longer recognised). Empty: derived from
# DJANGO_SECRET_KEY (portal.core.privacy.email_hmac).
PERSONAL_DATA_HMAC_KEY = env.str("PERSONAL_DATA_HMAC_KEY", default="")
# Finished task results (their arguments and tracebacks may quote addresses) are deleted
# after this many days by the periodic task portal.core.tasks.prune_task_results.
TASK_RESULTS_RETENTION_DAYS = env.int("TASK_RESULTS_RETENTION_DAYS", default=14)
# A database-queue task still RUNNING after this many seconds was left by a dead worker: it is
# queued again, and erasure and pruning take its row. Keep it above the longest task.
TASK_RUNNING_LEASE_SECONDS = env.int("TASK_RUNNING_LEASE_SECONDS", default=900)
