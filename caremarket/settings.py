"""Settings for Caremarket.

Everything that differs between a laptop and production comes from the environment:
DATABASE_URL (SQLite file by default, PostgreSQL in production), CAREMARKET_SECRET_KEY,
CAREMARKET_DEBUG, CAREMARKET_HTTPS and CAREMARKET_ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CAREMARKET_VAR_DIR", BASE_DIR / "var"))
NODE_MODULES = BASE_DIR / "node_modules"
SHARED_REFERENCE_DIR = Path(
    os.environ.get("CAREMARKET_REFERENCE_DIR", BASE_DIR.parent / "shared" / "reference")
)


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("CAREMARKET_DEBUG")
HTTPS = _flag("CAREMARKET_HTTPS")
SECRET_KEY = os.environ.get(
    "CAREMARKET_SECRET_KEY", "development-only-key-change-me-in-production-0123456789abcdef"
)
ALLOWED_HOSTS = os.environ.get("CAREMARKET_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_htmx",
    "caremarket.core",
    "caremarket.audit",
    "caremarket.orgs",
    "caremarket.agreements",
    "caremarket.catalogue",
    "caremarket.sourcing",
    "caremarket.competitions",
    "caremarket.contracts",
    "caremarket.notifications",
    "caremarket.transparency",
    "caremarket.selection",
    "caremarket.api",
    "caremarket.web",
    "caremarket.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF has read the form: every page's form text without control characters.
    "caremarket.core.middleware.StripControlCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "caremarket.core.middleware.SecurityHeadersMiddleware",
    # Before anything reads the body: an oversized API request answers 413 in JSON.
    "caremarket.core.middleware.ApiRequestSizeMiddleware",
    "caremarket.core.middleware.ActorMiddleware",
    "caremarket.web.errors.ApplicationErrorMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "caremarket.urls"
WSGI_APPLICATION = "caremarket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "caremarket.jinja2.environment"},
    },
    {
        # The read-only admin keeps Django's own templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

# --- Database: SQLite (WAL) by default, PostgreSQL when DATABASE_URL says so ---------
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'caremarket.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SQLITE))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        # Writers take the lock when the transaction starts, so concurrent writers queue
        # instead of failing half-way with "database is locked".
        "transaction_mode": "IMMEDIATE",
    }
# Keep connections between requests (SQLite files too: opening one costs as much as a query).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CAREMARKET_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People, passwords and sign-in -------------------------------------------------
AUTH_USER_MODEL = "orgs.Person"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:home"

# Login throttling: five failures for one email from one address locks it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("CAREMARKET_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "caremarket.web.views.auth.locked_out"
AXES_USERNAME_CALLABLE = "caremarket.web.views.auth.login_identity"
AXES_VERBOSE = False

# --- Security headers ----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "caremarket.web.errors.csrf_failure"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Locale and time -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# --- Static files: the NHS.UK frontend from npm, served by WhiteNoise -----------------
NHSUK_FRONTEND_DIST = NODE_MODULES / "nhsuk-frontend" / "dist" / "nhsuk"
STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise looks here even when serving from finders
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # The frontend's CSS and JS at /assets/nhsuk/; its images at /assets/images/, where its CSS
    # expects them.
    "caremarket.web.static_finder.NhsukFrontendFinder",
    # Chart.js at /assets/vendor/, for the catalogue's price benchmarks.
    "caremarket.web.static_finder.ChartJsFinder",
]
WHITENOISE_USE_FINDERS = DEBUG or _flag("CAREMARKET_SERVE_FROM_FINDERS", True)
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Email: printed to the console in development --------------------------------------
# In production set CAREMARKET_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and
# the SMTP settings below (see docs/guide/messages.md). Every message is also kept on the
# recipient's Messages page, so a lost email loses nothing.
EMAIL_BACKEND = os.environ.get("CAREMARKET_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("CAREMARKET_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CAREMARKET_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CAREMARKET_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CAREMARKET_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("CAREMARKET_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("CAREMARKET_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("CAREMARKET_EMAIL_FROM", "Caremarket <no-reply@caremarket.example>")
# The address of the site, for the links in emails.
CAREMARKET_BASE_URL = os.environ.get("CAREMARKET_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Competitions ---------------------------------------------------------------------
# The platform key that wraps each competition's bid key: 32 bytes, base64. Set it in
# production; without it a key is derived from the secret key (development only).
CAREMARKET_BID_SEAL_KEY = os.environ.get("CAREMARKET_BID_SEAL_KEY", "")
# Least time from publication to the submission deadline, and from a change to the requirement.
CAREMARKET_MIN_BIDDING_HOURS = int(os.environ.get("CAREMARKET_MIN_BIDDING_HOURS", str(24 * 10)))
CAREMARKET_MIN_NOTICE_AFTER_CHANGE_HOURS = int(
    os.environ.get("CAREMARKET_MIN_NOTICE_AFTER_CHANGE_HOURS", str(24 * 5))
)
# Standstill length in working days per regime (overrides the rules' defaults of 8).
CAREMARKET_STANDSTILL_WORKING_DAYS: dict[str, int] = {}

# --- Transparency (OCDS) ---------------------------------------------------------------
# Every process's OCDS id is this prefix + "-" + the process's id. Register a prefix with the
# Open Contracting Partnership before publishing for real. The reference copies of the OCDS
# schema and the UK profile are read from SHARED_REFERENCE_DIR / "ocds" (CAREMARKET_REFERENCE_DIR);
# package `uri`s are built on CAREMARKET_BASE_URL.
CAREMARKET_OCID_PREFIX = os.environ.get("CAREMARKET_OCID_PREFIX", "ocds-caremarket")
# The rate limit on the API's public routes (the OCDS feed, the public notice search), per
# caller's address: "120/min", "1000/s", "5000/h"; empty for none (caremarket/api/transparency/
# throttles.py says where the counts are kept).
CAREMARKET_PUBLIC_API_RATE = os.environ.get("CAREMARKET_PUBLIC_API_RATE", "120/min")
# How long a committed audit event may wait for its batch before verify reports it (ADR 0016).
CAREMARKET_AUDIT_SEAL_INTERVAL_SECONDS = int(os.environ.get("CAREMARKET_AUDIT_SEAL_INTERVAL_SECONDS", "60"))
# Seal after each commit that wrote events (the default), or leave it to `caremarket audit seal
# --every N` running beside the web servers (0), which makes bigger batches under load.
CAREMARKET_AUDIT_SEAL_ON_COMMIT = os.environ.get("CAREMARKET_AUDIT_SEAL_ON_COMMIT", "1") == "1"

# --- API ------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 20
NINJA_PAGINATION_MAX_LIMIT = 200

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CAREMARKET_LOG_LEVEL", "WARNING")},
}
