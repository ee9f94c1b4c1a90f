"""withus settings: one module, configured from the environment.

WITHUS_ENV chooses the posture: ``development`` (default, for `make run`), ``test`` or
``production``. Production refuses to start without a real SECRET_KEY and allowed hosts, and
turns on every secure cookie and header setting (`manage.py check --deploy` is clean).
"""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from withus.config.env import env_bool, env_choice, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = SRC_DIR.parent.parent

# Under pytest the default posture is "test" (fast hashing, in-memory email, immediate tasks),
# so a bare `pytest` can never run against development settings by accident.
WITHUS_ENV = env_choice(
    "WITHUS_ENV",
    ("development", "test", "production"),
    "test" if "pytest" in sys.modules else "development",
)
PRODUCTION = WITHUS_ENV == "production"

DATA_DIR = Path(env_str("WITHUS_DATA_DIR", str(REPO_DIR / "var")))

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)

DEBUG = env_bool("DEBUG", WITHUS_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must not be on in production.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names withus is served on.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "withus.accounts",
    "withus.orgs",
    "withus.audit",
    "withus.people",
    "withus.projects",
    "withus.recruitment",
    "withus.events",
    "withus.messaging",
    "withus.money",
    "withus.voice",
    "withus.surveys",
    "withus.reports",
    "withus.portal",
    "withus.concerns",
    "withus.assessment",
    "withus.adviser",
    "withus.policies",
    "withus.support",
    "withus.exits",
    "withus.pages",
    "withus.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "withus.orgs.middleware.OrganisationMiddleware",
]

ROOT_URLCONF = "withus.config.urls"
WSGI_APPLICATION = "withus.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "withus.orgs.context_processors.organisation",
                "withus.portal.context_processors.portal",
            ],
        },
    },
]
FORM_RENDERER = "withus.forms.GovukFormRenderer"

# Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL.
_database_url = env_str("DATABASE_URL", "")
if PRODUCTION and not _database_url:
    raise ImproperlyConfigured("DATABASE_URL must point at the PostgreSQL database in production.")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "withus.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
if WITHUS_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: email sign-in, no open sign-up (staff join by invitation), MFA.
ACCOUNT_ADAPTER = "withus.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
}
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "withus"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION

# The cache holds sign-in rate limits and used authenticator codes, so every web worker must
# share it: the database (table made by accounts' migration 0002), no extra service needed.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "withus_cache",
    }
}
if WITHUS_ENV == "test":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions end after two hours without activity, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 2 * 60 * 60, minimum=300)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe /healthz over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Content Security Policy (Django's built-in support): only our own scripts and styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(REPO_DIR / "staticfiles")))
if not PRODUCTION:
    # Outside production static files come from the app folders (WhiteNoise's finders);
    # the folder only has to exist.
    STATIC_ROOT = DATA_DIR / "staticfiles"
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = not PRODUCTION

# Background work: Django's tasks API, stored in the database by default.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
if WITHUS_ENV == "test":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Email (Django 6.1 MAILERS): printed to the console in development, SMTP in production.
# Tests swap in the in-memory backend automatically.
if PRODUCTION:
    _email_ssl = env_bool("EMAIL_USE_SSL", False)
    _email_tls = env_bool("EMAIL_USE_TLS", not _email_ssl)
    if _email_ssl and _email_tls:
        raise ImproperlyConfigured(
            "EMAIL_USE_SSL (port 465) and EMAIL_USE_TLS (STARTTLS, port 587) cannot both be on."
        )
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587, minimum=1, maximum=65535),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": _email_tls,
                "use_ssl": _email_ssl,
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "withus <no-reply@withus.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # WeasyPrint narrates every PDF step by step at INFO.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# How many reverse proxies (nginx, a load balancer) stand in front of withus. The audit trail
# takes the client's address from X-Forwarded-For, that many hops from the right; with 0 it
# uses the connection's address.
WITHUS_TRUSTED_PROXIES = env_int("WITHUS_TRUSTED_PROXIES", 0, minimum=0, maximum=5)

# The address people use to reach withus, for links in emails.
WITHUS_BASE_URL = env_str("WITHUS_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
if PRODUCTION and not WITHUS_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("WITHUS_BASE_URL must be the https:// address of this withus.")
CSRF_FAILURE_VIEW = "withus.pages.views.csrf_failure"

# Bank details are encrypted with these Fernet keys (newest first). Required in production;
# elsewhere a key is derived from SECRET_KEY. Make one with:
#   python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
if PRODUCTION and not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS must be set in production (see docs/deploying.md)."
    )

# Uploads (participant imports): refuse anything larger than this before reading it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = 5 * 1024 * 1024
EVENT_PAPER_MAX_BYTES = 10 * 1024 * 1024
RECEIPT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_ROWS = 10_000

# --- Messaging (withus.messaging) --------------------------------------------------------------
# Text messages: "outbox" records what would have been sent and nothing leaves the machine
# (the default outside production); "notify" sends through GOV.UK Notify (the default in
# production). Notify needs an API key and the id of a text message template whose whole
# content is ((body)). Without them texts are marked failed ("Text messages are not set up")
# and staff see it; start-up never fails over it. The outbox never sends in production.
WITHUS_SMS_BACKEND = env_choice(
    "WITHUS_SMS_BACKEND", ("outbox", "notify"), "notify" if PRODUCTION else "outbox"
)
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", "")
NOTIFY_SMS_TEMPLATE_ID = env_str("NOTIFY_SMS_TEMPLATE_ID", "")
NOTIFY_SMS_SENDER_ID = env_str("NOTIFY_SMS_SENDER_ID", "")
# --- end of messaging settings -----------------------------------------------------------------
