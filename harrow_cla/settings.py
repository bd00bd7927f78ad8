"""Settings, read from environment variables with safe defaults.

SQLite in the project folder by default, so a checkout runs with nothing else
installed; PostgreSQL when DATABASE_URL is set. See README "Configuration".
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from harrow_cla.env import envbool, envint, envlist, secret

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", "false")

SECRET_KEY = secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY or SECRET_KEY_FILE (or DEBUG=true for local development).")
    SECRET_KEY = "insecure-local-development-key-" + "x" * 40

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

# Anonymous visitors may read the scorecard (never write) when this is on.
PUBLIC_SCORECARD = envbool("PUBLIC_SCORECARD", "false")
# Counts from 1 to SMALL_NUMBER_MAX, and whatever they can be worked out from, are
# suppressed for the public; panel members see them unless the council decides otherwise.
SMALL_NUMBER_MAX = envint("SMALL_NUMBER_MAX", "5")
PANEL_MEMBERS_SEE_SMALL_NUMBERS = envbool("PANEL_MEMBERS_SEE_SMALL_NUMBERS", "true")
# A published report's PDFs (the panel's and the public version) are printed as it is
# published and then served as files; off, they are printed at the first request instead.
REPORT_PDFS_AT_PUBLISH = envbool("REPORT_PDFS_AT_PUBLISH", "true")
COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "London Borough of Harrow")
COUNCIL_SHORT_NAME = os.environ.get("COUNCIL_SHORT_NAME", "Harrow")

# National statistics (national/): which council "we" are in DfE's files (its old LA code),
# the comparators the loaded figures fill, and how many of ten neighbours an average needs (in
# proportion for a group of another size). Which of DfE's groupings applies from which year is
# data: national/data/groupings.csv.
OUR_COUNCIL_CODE = os.environ.get("OUR_COUNCIL_CODE", "310")
# COUNCIL chooses the council in one go, by DfE (old) code, ONS (new) code or name
# (`COUNCIL=302 make run`): its code and names, unless COUNCIL_NAME or COUNCIL_SHORT_NAME say otherwise.
COUNCIL = os.environ.get("COUNCIL", "").strip()
if COUNCIL:
    from national.councils import UnknownCouncil, resolve

    try:
        _council = resolve(COUNCIL)
    except UnknownCouncil as error:
        raise ImproperlyConfigured(f"COUNCIL: {error}") from None
    OUR_COUNCIL_CODE = _council.old_code
    COUNCIL_NAME = os.environ.get("COUNCIL_NAME", _council.name)
    COUNCIL_SHORT_NAME = os.environ.get("COUNCIL_SHORT_NAME", _council.name)
NATIONAL_SN_COMPARATOR = os.environ.get("NATIONAL_SN_COMPARATOR", "Statistical neighbours")
NATIONAL_ENGLAND_COMPARATOR = os.environ.get("NATIONAL_ENGLAND_COMPARATOR", "England")
SN_MINIMUM_NEIGHBOURS = envint("SN_MINIMUM_NEIGHBOURS", "7")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "simple_history",
    "axes",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "accounts",  # sign-in, MFA, single sign-on, invitations, users, the security log
    "scorecard",
    "ssda903",  # no models: the 903 extract is read in memory, only aggregates are saved (as figures)
    "national",
    "alerts",  # figures due, changes that matter, reports published: manage.py send_alerts
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "scorecard.security.DatabaseBusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "scorecard.security.SessionIdleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "harrow_cla.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scorecard.context_processors.site",
                "accounts.context_processors.sign_in",
                "scorecard.roles.permission",
            ],
        },
    },
]

WSGI_APPLICATION = "harrow_cla.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        secret("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        # A kept connection is checked before a request uses it, so a database restart
        # (an upgrade, a failover) costs a reconnection, not a 500 per worker.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent saves queue rather than fail: readers never wait for a writer (WAL), a
    # writer takes the write lock when its transaction begins (IMMEDIATE, so it never
    # fails half-way on upgrading a read lock) and waits up to SQLITE_BUSY_SECONDS for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": envint("SQLITE_BUSY_SECONDS", "20"),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A save that waits longer than this for a row lock gives up with the "busy" page.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c lock_timeout={envint('DB_LOCK_TIMEOUT_SECONDS', '20') * 1000}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while locked out
    "allauth.account.auth_backends.AuthenticationBackend",  # username or email address
]
# Repeated failed sign-ins lock that username from that address for a while.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"  # allauth's form names the field "login"
# django-axes introduces itself ("AXES: BEGIN ...") in every process it starts in, and
# `make run` starts four (migrate, demo_setup, runserver's reloader and its server): with
# AXES_QUIET_SETUP set, as `make run` sets it, only the server (RUN_MAIN) says it.
AXES_VERBOSE = not envbool("AXES_QUIET_SETUP", "false") or os.environ.get("RUN_MAIN") == "true"
# The client's address: behind the proxy, the last X-Forwarded-For entry (what nginx saw).
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", "false")
AXES_CLIENT_IP_CALLABLE = "scorecard.security.client_ip"

# Sessions end after SESSION_IDLE_MINUTES without a request (8 hours); admins' also
# when the browser closes (scorecard/security.py).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", "480")
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

# RFC 9116 /.well-known/security.txt
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:security@harrow.gov.uk")
# Who readers write to about the service, its accessibility or their data (footer pages); empty: the BI team, unnamed.
SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "")

# Content-Security-Policy (django-csp 4): nothing but this site's own files, no inline
# script (chart data is in <script type="application/json">, which is never run).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Alerts (alerts/, README "Alerts"): the address links in emails start with, how many working
# days after a quarter ends its figures are due, and the weekday (0 Monday) weekly digests go.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
FIGURES_DUE_WORKING_DAYS = envint("FIGURES_DUE_WORKING_DAYS", "20")
ALERT_DIGEST_WEEKDAY = envint("ALERT_DIGEST_WEEKDAY", "0")
ALERT_MAX_ATTEMPTS = 3
# Changes that matter wait until a quarter's figures have not been saved for this long.
ALERT_SETTLE_MINUTES = envint("ALERT_SETTLE_MINUTES", "60")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "scorecard"
LOGOUT_REDIRECT_URL = "login"

# Email (accounts/mail_settings.py): EMAIL_URL (smtp://user:password@host:587, smtps://...)
# or EMAIL_HOST and the rest; without either, DEBUG prints mail to the terminal.
if os.environ.get("EMAIL_URL"):
    from accounts.mail_settings import parse_email_url

    globals().update(parse_email_url(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = envint("EMAIL_PORT", "587")
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = secret("EMAIL_HOST_PASSWORD")  # or EMAIL_HOST_PASSWORD_FILE
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT_SECONDS", "20")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Corporate Parenting scorecard <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts (django-allauth; accounts/): sign in with a username or email address, no
# public sign-up (admins invite), a password reset link that lasts PASSWORD_RESET_HOURS.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True  # a reset asked for an unknown address gets the same answer
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # ... and sends nothing
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # sign in afterwards, through the lockout and MFA
ACCOUNT_SESSION_REMEMBER = True  # sessions last SESSION_IDLE_MINUTES (admins: until the browser closes)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{COUNCIL_SHORT_NAME} Corporate Parenting scorecard: "
ACCOUNT_RATE_LIMITS = {"login_failed": False}  # django-axes counts failed sign-ins (above)
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_HOURS", "2") * 3600
INVITATION_DAYS = envint("INVITATION_DAYS", "7")
# Officers and admins who sign in with a password set up an authenticator app first;
# panel members are offered it. Names: panel, officer, admin.
MFA_REQUIRED_ROLES = envlist("MFA_REQUIRED_ROLES", "officer,admin")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = f"{COUNCIL_SHORT_NAME} scorecard"

# Single sign-on with the council's OpenID Connect provider (Entra ID or any issuer): on when
# SSO_ISSUER is set. See README "Single sign-on". The provider's id, `council`, is in the
# redirect URI to register: <site>/accounts/oidc/council/login/callback/.
SSO_ISSUER = os.environ.get("SSO_ISSUER", "").rstrip("/")
SSO_CLIENT_ID = os.environ.get("SSO_CLIENT_ID", "")
SSO_CLIENT_SECRET = secret("SSO_CLIENT_SECRET").strip()  # or SSO_CLIENT_SECRET_FILE
SSO_BUTTON_TEXT = os.environ.get("SSO_BUTTON_TEXT", "Sign in with your council account")
SSO_GROUPS_CLAIM = os.environ.get("SSO_GROUPS_CLAIM", "groups")
SSO_GROUPS_PANEL = envlist("SSO_GROUPS_PANEL", "")
SSO_GROUPS_OFFICER = envlist("SSO_GROUPS_OFFICER", "")
SSO_GROUPS_ADMIN = envlist("SSO_GROUPS_ADMIN", "")
SSO_ALLOWED_DOMAINS = [domain.lower() for domain in envlist("SSO_ALLOWED_DOMAINS", "")]
# With SSO_ONLY, only the named break-glass admins (usernames) may still sign in with a password.
SSO_ONLY = envbool("SSO_ONLY", "false")
SSO_BREAK_GLASS_ADMINS = envlist("SSO_BREAK_GLASS_ADMINS", "")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "council",
                "name": SSO_BUTTON_TEXT,
                "client_id": SSO_CLIENT_ID,
                "secret": SSO_CLIENT_SECRET,
                "settings": {"server_url": SSO_ISSUER, "oauth_pkce_enabled": True},
            }
        ]
        if SSO_ISSUER
        else [],
    }
}
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # an SSO sign-in with an invited user's address is that user
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = envint("SSO_TIMEOUT_SECONDS", "10")

# The security log (accounts/audit.py) keeps AUDIT_RETENTION_DAYS; `manage.py prune_audit_log` removes older entries.
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", "400")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Files the product keeps: published reports' PDFs. Never served directly; views check who may read them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names in production; plain names while developing,
    # where runserver serves the files straight from static/.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DJANGO_TABLES2_TEMPLATE = "includes/table.html"

# Security: on unless DEBUG; behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false" if DEBUG else "true")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# LOG_FORMAT=json: one JSON object a line, without personal data (harrow_cla/logs.py); else plain text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "harrow_cla.logs.JsonLines"}, "text": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json" if LOG_FORMAT == "json" else "text"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Every write to these apps' models (or to these "app_label.Model" models) bumps the data
# version that cached pages are keyed by (scorecard/data_version.py); a new app adds itself here.
DATA_VERSION_APPS = ["scorecard", "national"]
DATA_VERSION_MODELS: list[str] = []

# The cache (scorecard/page_cache.py): Redis when REDIS_URL is set (production; shared by
# every worker), else memory in each process, so `make run` needs nothing. Keys carry the
# data version, so nothing is ever stale; entries just expire after PAGE_CACHE_SECONDS.
REDIS_URL = secret("REDIS_URL")
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "86400")
PAGE_CACHE_RELEASE = os.environ.get("PAGE_CACHE_RELEASE", "")  # default: a hash of templates and code
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}},
}
if REDIS_URL:  # Redis down or unreachable costs a request at most this, then pages are made uncached
    CACHES["default"]["OPTIONS"] = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
CACHES["default"].update({"KEY_PREFIX": "harrow_cla", "TIMEOUT": PAGE_CACHE_SECONDS})
# While the cache is down: one line in the log per CACHE_OUTAGE_LOG_SECONDS, and it is tried
# again after CACHE_RETRY_SECONDS (scorecard/page_cache.py, /healthz says so).
CACHE_OUTAGE_LOG_SECONDS = envint("CACHE_OUTAGE_LOG_SECONDS", "60")
CACHE_RETRY_SECONDS = envint("CACHE_RETRY_SECONDS", "5")

# tools/benchmark.py only: mounts a trivial view at /bench/floor/ to measure the framework's floor.
BENCH_FLOOR_VIEW = envbool("BENCH_FLOOR_VIEW", "false")
