"""Django settings of the registry, from the environment only.

Variables
---------
``DATABASE_URL``
    The database (``postgresql://user@host:5432/name`` for several users; default: the SQLite
    file ``registry.sqlite3`` in the data folder).
``SPINEMET_DATA_DIR``
    The data folder (default ``./spinemet-data``): the SQLite file, analysis jobs' reports.
``SPINEMET_ENV``
    ``production`` selects the production settings: then ``SPINEMET_SECRET_KEY`` and
    ``SPINEMET_ALLOWED_HOSTS`` (comma-separated) are required, cookies are HTTPS-only, HSTS on.
``SPINEMET_SECRET_KEY``, ``SPINEMET_ALLOWED_HOSTS``, ``SPINEMET_CSRF_TRUSTED_ORIGINS``
    As Django's ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``CSRF_TRUSTED_ORIGINS``.
``SPINEMET_SECURE_SSL_REDIRECT``
    ``false`` where a proxy in front already redirects to HTTPS (default true in production).
``SPINEMET_TOKEN_HOURS``
    Lifetime of an API token (default 12 hours).
``SPINEMET_LOG_LEVEL``
    Level of the ``spinemet`` loggers (default ``INFO``). Logs name users and server keys,
    never a study id, a name or a clinical value.

The app keeps no state outside the database, so several processes behind a load balancer can
serve one PostgreSQL database.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PRODUCTION = os.environ.get("SPINEMET_ENV", "development").lower() == "production"
DATA_DIR = Path(os.environ.get("SPINEMET_DATA_DIR", "spinemet-data")).resolve()
PACKAGE_DIR = Path(__file__).resolve().parent


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name}: missing; required with SPINEMET_ENV=production (see "
            "spinemet.registry.settings and docs/registry.md)"
        )
    return value


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


if PRODUCTION:
    SECRET_KEY = _required("SPINEMET_SECRET_KEY")
    ALLOWED_HOSTS = [host.strip() for host in _required("SPINEMET_ALLOWED_HOSTS").split(",")]
    DEBUG = False
else:
    # Development and the demo: a key made per process would log everyone out at each start
    # and break several processes, so a stable one is kept in the data folder.
    SECRET_KEY = os.environ.get("SPINEMET_SECRET_KEY", "")
    if not SECRET_KEY:
        key_file = DATA_DIR / ".secret_key"
        try:
            SECRET_KEY = key_file.read_text().strip()
        except OSError:
            SECRET_KEY = secrets.token_urlsafe(50)
            try:
                DATA_DIR.mkdir(parents=True, exist_ok=True)
                key_file.write_text(SECRET_KEY)
                key_file.chmod(0o600)
            except OSError:
                pass
    hosts = os.environ.get("SPINEMET_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
    ALLOWED_HOSTS = [host.strip() for host in hosts.split(",") if host.strip()]
    DEBUG = _flag("SPINEMET_DEBUG", False)

CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("SPINEMET_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "spinemet.registry.sites",
    "spinemet.registry.patients",
    "spinemet.registry.visits",
    "spinemet.registry.assessments",
    "spinemet.registry.decisions",
    "spinemet.registry.audit",
    "spinemet.registry.api",
    "spinemet.registry.redcap",
    "spinemet.registry.jobs",
    "spinemet.registry.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # a logged-in user's language is kept with the account (after the user is known)
    "spinemet.registry.web.language.AccountLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "spinemet.registry.urls"
WSGI_APPLICATION = "spinemet.registry.wsgi.application"

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
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'registry.sqlite3'}",
        conn_max_age=int(os.environ.get("SPINEMET_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked"; WAL lets
    # readers go on while one writes. IMMEDIATE takes the write lock at BEGIN, so two
    # transactions that read then write cannot deadlock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not SQLite's shared in-memory database, whose table locks ignore the
    # busy timeout: concurrent writers must wait for each other as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test_registry.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes: failures counted per user name and address together, so one person's typing
# errors never lock out a ward behind one address; locked for a cool-off, answered 429.
AXES_FAILURE_LIMIT = int(os.environ.get("SPINEMET_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("SPINEMET_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "spinemet.registry.api.errors.lockout_response"  # JSON under /api/
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR.parent / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("SPINEMET_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = not PRODUCTION

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _flag("SPINEMET_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SPINEMET_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

TOKEN_HOURS = float(os.environ.get("SPINEMET_TOKEN_HOURS", "12"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "spinemet": {
            "handlers": ["console"],
            "level": os.environ.get("SPINEMET_LOG_LEVEL", "INFO"),
        },
        "django": {"handlers": ["console"], "level": "WARNING"},
    },
}
