"""Settings of DREAM, read from environment variables with safe development defaults.

Every setting is documented here and in the README. With ``DREAM_DEBUG`` off, the system refuses to
start without ``DREAM_SECRET_KEY`` and ``DREAM_ALLOWED_HOSTS``.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets admin and manager classes be subscripted with their model, as the type checker reads them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

# The folder that holds the SQLite database, uploaded files and generated files.
DATA_DIR = Path(os.environ.get("DREAM_DATA_DIR", BASE_DIR / "var"))
# The embedded SQLite database lives here, so the folder must exist before the first migration.
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("DREAM_DEBUG", "1") == "1"

_DEVELOPMENT_SECRET = "dream-development-only-secret-never-use-in-production"  # noqa: S105 - refused below outside debug.
SECRET_KEY = os.environ.get("DREAM_SECRET_KEY", _DEVELOPMENT_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DREAM_SECRET_KEY: production refuses to start without its own secret key.")

ALLOWED_HOSTS = [host for host in os.environ.get("DREAM_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if host]
if not DEBUG and "DREAM_ALLOWED_HOSTS" not in os.environ:
    raise ImproperlyConfigured("Set DREAM_ALLOWED_HOSTS to the host names this deployment answers to.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "dream",
    "audit",
    "territories",
    "accounts",
    "parties",
    "projects",
    "contracting",
    "publishing",
    "portal",
    "cabinet",
    "finance",
    "conversations",
    "showcase",
    "calls",
    "connectors",
    "connectors.prozorro",
    "connectors.spending",
    "connectors.edr",
    "connectors.damage",
    "connectors.construction",
    "connectors.idgovua",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dream.urls"
WSGI_APPLICATION = "dream.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context.portal",
            ],
        },
    },
]

# DATABASE_URL chooses the database: SQLite in DATA_DIR by default, PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'dream.sqlite3'}"),
        conn_max_age=int(os.environ.get("DREAM_DB_CONN_MAX_AGE", "0")),
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE makes every transaction take the write
    # lock at its start, so two services never interleave their reads of the audit chain's head.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/cabinet/"
LOGOUT_REDIRECT_URL = "/"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", "Українська"), ("en", "English")]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Public pages are cached until the next change; each web process keeps its own cache unless a shared backend (such
# as "django.core.cache.backends.redis.RedisCache", located by DREAM_CACHE_LOCATION) is named.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("DREAM_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("DREAM_CACHE_LOCATION", "dream"),
    }
}

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DREAM_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# The folder holding the pinned official schemas (OC4IDS, OCDS) and the real system's codelists.
DREAM_STANDARDS_DIR = Path(os.environ.get("DREAM_STANDARDS_DIR", DATA_DIR / "standards"))

# The prefix registered for this publisher's OC4IDS project identifiers: oc4ids-<prefix>-<project code>.
DREAM_OC4IDS_PREFIX = os.environ.get("DREAM_OC4IDS_PREFIX", "dream00")

# The OCDS prefix of contracting processes from Prozorro: ocid = prefix + tender id.
DREAM_OCDS_PREFIX = os.environ.get("DREAM_OCDS_PREFIX", "ocds-be6bcu-")

# Where `dream publish` writes the bulk open data that the downloads page serves.
DREAM_PUBLISH_DIR = Path(os.environ.get("DREAM_PUBLISH_DIR", DATA_DIR / "publish"))

# The public address of this deployment, used in published packages' URIs.
DREAM_PUBLIC_URL = os.environ.get("DREAM_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# Projects whose estimated cost reaches this amount in hryvnias need a ministry approver, not a regional one.
DREAM_MINISTRY_APPROVAL_THRESHOLD_UAH = int(os.environ.get("DREAM_MINISTRY_APPROVAL_THRESHOLD_UAH", "100000000"))

# Largest document or photo accepted, in bytes.
DREAM_MAX_UPLOAD_BYTES = int(os.environ.get("DREAM_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))

# The state's first-level systems: where each is, and how fast it may be asked. Tests point them at local servers.
DREAM_CONNECTORS: dict[str, dict[str, Any]] = {
    "prozorro": {
        "base_url": os.environ.get("DREAM_PROZORRO_URL", "https://public-api.prozorro.gov.ua/api/2.5"),
        "rate_per_second": float(os.environ.get("DREAM_PROZORRO_RATE", "10")),
    },
    "spending": {
        "base_url": os.environ.get("DREAM_SPENDING_URL", "https://api.spending.gov.ua/api/v2"),
        "rate_per_second": float(os.environ.get("DREAM_SPENDING_RATE", "2")),
        # The first day of payments pulled for an organisation met for the first time.
        "start_date": os.environ.get("DREAM_SPENDING_START", "2022-02-24"),
    },
    "edr": {
        "base_url": os.environ.get("DREAM_EDR_URL", "https://zqedr-api.nais.gov.ua/1.0"),
        "rate_per_second": float(os.environ.get("DREAM_EDR_RATE", "1")),
        "headers": {"Authorization": f"Token {os.environ['DREAM_EDR_TOKEN']}"}
        if os.environ.get("DREAM_EDR_TOKEN")
        else {},
        # An organisation is checked against the register again once its last check is this many days old.
        "reverify_days": int(os.environ.get("DREAM_EDR_REVERIFY_DAYS", "30")),
    },
}

# How every connector asks: seconds before a request times out, attempts before giving up, the first back-off
# (doubling, with jitter, up to the longest wait; a Retry-After from the source is honoured up to that wait too).
DREAM_CONNECTOR_TIMEOUT_SECONDS = float(os.environ.get("DREAM_CONNECTOR_TIMEOUT_SECONDS", "30"))
DREAM_CONNECTOR_ATTEMPTS = int(os.environ.get("DREAM_CONNECTOR_ATTEMPTS", "6"))
DREAM_CONNECTOR_BACKOFF_SECONDS = float(os.environ.get("DREAM_CONNECTOR_BACKOFF_SECONDS", "1"))
DREAM_CONNECTOR_MAX_WAIT_SECONDS = float(os.environ.get("DREAM_CONNECTOR_MAX_WAIT_SECONDS", "120"))
DREAM_CONNECTOR_RATE_PER_SECOND = float(os.environ.get("DREAM_CONNECTOR_RATE_PER_SECOND", "5"))

# `dream scheduler` runs each sync every so many seconds; 0 turns one off.
DREAM_SYNC_SCHEDULE = {
    "prozorro": int(os.environ.get("DREAM_SYNC_EVERY_PROZORRO", "900")),
    "spending": int(os.environ.get("DREAM_SYNC_EVERY_SPENDING", "86400")),
    "edr": int(os.environ.get("DREAM_SYNC_EVERY_EDR", "86400")),
}
# `dream scheduler` sends the watchers' digest (`dream notify watchers`) every so many seconds; 0 turns it off.
DREAM_NOTIFY_EVERY_WATCHERS = int(os.environ.get("DREAM_NOTIFY_EVERY_WATCHERS", "86400"))

# Sign-in with id.gov.ua, the state's identity provider (authorization-code flow). The sign-in link shows only when
# a client id is set; the client id and secret are those id.gov.ua issued for this deployment, and the callback
# address registered with them is DREAM_PUBLIC_URL + /accounts/idgovua/callback/. A person waits on these requests,
# so they get fewer attempts and a shorter timeout than the connectors' syncs.
DREAM_IDGOVUA: dict[str, Any] = {
    "base_url": os.environ.get("DREAM_IDGOVUA_URL", "https://id.gov.ua"),
    "client_id": os.environ.get("DREAM_IDGOVUA_CLIENT_ID", ""),
    "client_secret": os.environ.get("DREAM_IDGOVUA_CLIENT_SECRET", ""),
    "auth_types": os.environ.get("DREAM_IDGOVUA_AUTH_TYPES", "dig_sign,bank_id,diia_id"),
    "attempts": int(os.environ.get("DREAM_IDGOVUA_ATTEMPTS", "3")),
    "timeout_seconds": float(os.environ.get("DREAM_IDGOVUA_TIMEOUT_SECONDS", "10")),
}

# The key of the HMAC-SHA256 under which accounts keep a person's tax number (RNOKPP). Set it once and never change
# it: a new key makes every returning person a stranger. Left empty, a key is derived from DREAM_SECRET_KEY, which
# then must never change either.
DREAM_RNOKPP_DIGEST_KEY = os.environ.get("DREAM_RNOKPP_DIGEST_KEY", "")

# How e-mail leaves the system (notices of steps and of messages in conversations, the watchers' digest): printed to
# the console by default; "django.core.mail.backends.smtp.EmailBackend" sends it through DREAM_EMAIL_HOST, and
# "django.core.mail.backends.filebased.EmailBackend" writes each message to a file in DREAM_EMAIL_FILE_PATH.
EMAIL_BACKEND = os.environ.get("DREAM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = Path(os.environ.get("DREAM_EMAIL_FILE_PATH", DATA_DIR / "mail"))
EMAIL_HOST = os.environ.get("DREAM_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DREAM_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DREAM_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DREAM_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DREAM_EMAIL_USE_TLS", "0") == "1"
# The sender's address of every e-mail the system sends.
DEFAULT_FROM_EMAIL = os.environ.get("DREAM_EMAIL_FROM", "DREAM <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DREAM_LOG_LEVEL", "INFO")},
    # One line per request is noise in a sync of thousands; the connectors log what went wrong themselves.
    "loggers": {"httpx": {"level": "WARNING"}},
}
