"""Hiroba's settings: one file, every value read from the environment.

No variable set means the embedded default (SQLite, database cache, SQLite job storage, local
files, console e-mail), so ``make demo`` needs nothing but Python. ``.env.example`` lists every
variable with its default; the README explains each one.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("HIROBA_DATA_DIR", str(BASE_DIR / "var"))).resolve()
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as error:
    raise ImproperlyConfiguredEnv(
        f"HIROBA_DATA_DIR {str(DATA_DIR)!r} cannot be created: {error.strerror}"
    ) from None

DEBUG = env_bool("HIROBA_DEBUG", False)
SECRET_KEY = env_str("HIROBA_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfiguredEnv("HIROBA_SECRET_KEY must be set unless HIROBA_DEBUG=true")
    SECRET_KEY = "hiroba-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("HIROBA_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("HIROBA_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("HIROBA_SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "csp",
    "django_htmx",
    "template_partials",
    "huey.contrib.djhuey",
    "ninja",
    "hiroba.core",
    "hiroba.audit",
    "hiroba.accounts",
    "hiroba.community",
    "hiroba.posts",
    "hiroba.qa",
    "hiroba.moderation",
    "hiroba.search",
    "hiroba.ideas",
    "hiroba.polls",
    "hiroba.surveys",
    "hiroba.events",
    "hiroba.activity",
    "hiroba.insights",
    "hiroba.segments",
    "hiroba.console",
    "hiroba.home",
    "hiroba.api",
    "hiroba.notifications",
    "hiroba.demo",
]

MIDDLEWARE = [
    "hiroba.core.logs.RequestIdMiddleware",  # first: every later line carries the request id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hiroba.core.csp.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hiroba.core.middleware.RefusedMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hiroba.community.middleware.CommunityMiddleware",
    "hiroba.core.pagecache.AnonymousPageCacheMiddleware",
    "hiroba.activity.middleware.VisitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hiroba" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hiroba.community.context_processors.community",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("HIROBA_DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL,
                conn_max_age=env_int("HIROBA_DB_CONN_MAX_AGE", 0),
                conn_health_checks=True,
            )
        }
    except ValueError as error:
        if isinstance(error, ImproperlyConfiguredEnv):
            raise
        raise ImproperlyConfiguredEnv(f"HIROBA_DATABASE_URL is not usable: {error}") from None
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        if env_bool("HIROBA_DB_POOL", True):
            # psycopg's pool keeps connections open across requests (opening one costs more
            # than a page's queries); Django requires CONN_MAX_AGE 0 with it.
            DATABASES["default"]["CONN_MAX_AGE"] = 0
            DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
                "min_size": 2,
                "max_size": env_int("HIROBA_DB_POOL_SIZE", 10),
            }
            if env_bool("HIROBA_DB_PREPARED", True):
                # Planning a page's joined queries cost PostgreSQL more than running them
                # (about 1 ms against 0.2 for the feed's cards). With the parameters bound on
                # the server, the statements each process keeps (hiroba/core/prepared.py) are
                # prepared on their pooled connection and planned once. Only those: a plan
                # made once for any values made some searches ten times slower. Only with our
                # own pool: an external pooler in transaction mode may hand a prepared
                # statement's session to another process.
                DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        # Japanese search and sorting need a UTF-8 ctype: test databases are made from template0.
        DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "hiroba.sqlite3",
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy
                # timeout instead of one failing with "database is locked" mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                    " PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;"
                    " PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY;"
                ),
            },
            # A file, not memory: concurrency tests need real locking between connections.
            "TEST": {"NAME": str(DATA_DIR / "test-hiroba.sqlite3")},
            # Each thread keeps its connection between requests: opening one (the file, the
            # pragmas above, Django's SQL functions) took 1.4 ms, and its page cache started
            # cold on every request.
            "CONN_MAX_AGE": env_int("HIROBA_DB_CONN_MAX_AGE", 600),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, jobs ------------------------------------------------------------------
REDIS_URL = env_str("HIROBA_REDIS_URL", "")
# Rendered fragments (feed cards, comments) are derived data under content-made keys: each
# process keeps its own, in memory, so that rendering never waits on a shared cache.
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "hiroba-fragments",
    "OPTIONS": {"MAX_ENTRIES": env_int("HIROBA_FRAGMENT_CACHE_ENTRIES", 20_000)},
}
# Whole comment threads as their page shows them (hiroba/posts/templatetags/post_cards.py): a long
# thread is a few hundred KB, so fewer of them are kept than of the small fragments.
THREAD_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "hiroba-threads",
    "OPTIONS": {"MAX_ENTRIES": env_int("HIROBA_THREAD_CACHE_ENTRIES", 300)},
}
# Sessions are the members' logins, so they live in the database on every profile: a Redis
# outage or flush logs nobody out. (A copy in Redis, "cached_db", would save one primary-key read
# per request, but a logout made while Redis is unreachable would leave the old copy there, to be
# served again when Redis returns.) Expired rows are cleared nightly (hiroba.core.jobs).
SESSION_ENGINE = "hiroba.core.sessions"
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, where a call Redis does not answer counts as a miss and is
            # logged (hiroba/core/cache.py), so a Redis outage slows pages instead of failing them.
            "BACKEND": "hiroba.core.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            # Seconds: a Redis that stops answering costs a request at most this, once.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
        "fragments": FRAGMENT_CACHE,
        "threads": THREAD_CACHE,
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hiroba_cache",
            # Every write to this cache counts its rows first (Django's DatabaseCache), so the
            # table is kept small: it holds rate limits, visit marks and anonymous pages only.
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        },
        "fragments": FRAGMENT_CACHE,
        "threads": THREAD_CACHE,
    }

HUEY = {
    "name": "hiroba",
    "immediate": env_bool("HIROBA_JOBS_IMMEDIATE", False),
    "results": False,
    "utc": True,
    "consumer": {"workers": env_int("HIROBA_JOB_WORKERS", 2), "worker_type": "thread"},
}
if REDIS_URL:
    # Jobs queued while Redis is unreachable are kept in the database and handed to the queue
    # when it answers again (hiroba/core/jobqueue.py). The socket timeout must outlast the
    # consumer's one-second blocking read.
    HUEY |= {
        "huey_class": "hiroba.core.jobqueue.OutboxRedisHuey",
        "connection": {"url": REDIS_URL, "socket_connect_timeout": 1, "socket_timeout": 5},
    }
else:
    HUEY |= {
        "huey_class": "huey.SqliteHuey",
        "connection": {"filename": str(DATA_DIR / "jobs.sqlite3")},
    }

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.Member"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("HIROBA_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "hiroba.accounts.forms.SignupDetailsForm"
ACCOUNT_ADAPTER = "hiroba.accounts.adapter.MemberAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login": env_str("HIROBA_RATE_LOGIN", "30/m/ip"),
    "login_failed": env_str("HIROBA_RATE_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "signup": env_str("HIROBA_RATE_SIGNUP", "20/m/ip"),
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Posting, commenting and reacting: "count/seconds" per member, checked at every door.
HIROBA_RATE_POST = env_str("HIROBA_RATE_POST", "10/60")
HIROBA_RATE_COMMENT = env_str("HIROBA_RATE_COMMENT", "30/60")
HIROBA_RATE_REACTION = env_str("HIROBA_RATE_REACTION", "120/60")
HIROBA_RATE_POLL_VOTE = env_str("HIROBA_RATE_POLL_VOTE", "60/60")
# Ideas parked "for a second look" come back to the review queue after this many days.
HIROBA_IDEA_REVISIT_DAYS = env_int("HIROBA_IDEA_REVISIT_DAYS", 90)
# The console's to-do list: questions unanswered for this many hours, members who joined in the
# last this many days (to welcome).
HIROBA_TODO_UNANSWERED_HOURS = env_int("HIROBA_TODO_UNANSWERED_HOURS", 24)
HIROBA_TODO_NEW_MEMBER_DAYS = env_int("HIROBA_TODO_NEW_MEMBER_DAYS", 7)
HIROBA_RATE_REPORT = env_str("HIROBA_RATE_REPORT", "10/600")
# Whole pages for anonymous visitors of an open community are kept this long (0 turns it off).
HIROBA_PAGE_CACHE_SECONDS = env_int("HIROBA_PAGE_CACHE_SECONDS", 30)
# Tests set it: every kept statement (core.prepared) is checked against its query built again.
HIROBA_CHECK_PREPARED = False
# Hosts besides YouTube and Vimeo whose players an event's live page may frame (https only).
HIROBA_LIVE_FRAME_HOSTS = env_list("HIROBA_LIVE_FRAME_HOSTS")


# --- Health score (hiroba/activity/health, docs/health.md) -----------------------------------
def _env_numbers(name: str, default: dict[str, float]) -> dict[str, float]:
    """``key=number,key=number`` on top of the defaults; a bad entry stops the start."""
    values = dict(default)
    for item in env_list(name):
        key, sep, number = item.partition("=")
        try:
            if not sep or not key.strip():
                raise ValueError
            values[key.strip()] = float(number)
        except ValueError:
            raise ImproperlyConfiguredEnv(
                f"{name} must look like key=number,key=number; {item!r} does not"
            ) from None
    return values


# Days for a decayed sum to halve: the short one tells what a member does these days, the long
# one what they have done over the months (the activity level).
HIROBA_HEALTH_SHORT_HALF_LIFE_DAYS = env_int("HIROBA_HEALTH_SHORT_HALF_LIFE_DAYS", 7)
HIROBA_HEALTH_LONG_HALF_LIFE_DAYS = env_int("HIROBA_HEALTH_LONG_HALF_LIFE_DAYS", 90)
# Weight of each Activity verb (verbs not listed weigh 0); the variable overrides single verbs.
HIROBA_HEALTH_WEIGHTS = _env_numbers(
    "HIROBA_HEALTH_WEIGHTS",
    {
        # A question or an idea is a post too: its POST row counts, its own row adds nothing.
        "post": 5,
        "article_publish": 5,
        "comment": 3,
        "question_answered": 2,
        "survey_response": 2,
        "reaction": 1,
        "idea_vote": 1,
        "poll_vote": 1,
        "question_solved": 1,
        "space_join": 1,
        "signup": 1,
        "visit": 0.5,
        "article_read": 0.5,
        "profile_edit": 0.5,
    },
)
# Lowest long-term score of each level; below "low" a member is dormant.
# The defaults give mineo's shape on the generated 800,000-member community (docs/health.md):
# about 4,000 core members (0.5 %) and 200,000 light ones (25 %).
HIROBA_HEALTH_LEVELS = _env_numbers("HIROBA_HEALTH_LEVELS", {"core": 450, "light": 4, "low": 0.2})
# Warming up: a short-term score of at least ``min``, and a short-term rate (the score per day
# of half-life) at least ``ratio`` times the long-term one.
HIROBA_HEALTH_WARMING = _env_numbers("HIROBA_HEALTH_WARMING", {"min": 3, "ratio": 2})

# --- E-mail ---------------------------------------------------------------------------------
# Every message goes through a job (hiroba.notifications.backends.QueuedEmailBackend); the job
# hands it to HIROBA_EMAIL_BACKEND.
EMAIL_BACKEND = "hiroba.notifications.backends.QueuedEmailBackend"
HIROBA_EMAIL_BACKEND = env_str(
    "HIROBA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("HIROBA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("HIROBA_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("HIROBA_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("HIROBA_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("HIROBA_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("HIROBA_DEFAULT_FROM_EMAIL", "Hiroba <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = env_str("HIROBA_LANGUAGE", "ja")
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "hiroba" / "locale"]
# One way to write a day and a moment per language (hiroba/core/formats).
FORMAT_MODULE_PATH = ["hiroba.core.formats"]
TIME_ZONE = env_str("HIROBA_TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start when it is missing
# An absolute HIROBA_MEDIA_URL (a CDN or an S3 bucket) is also allowed by the CSP's img-src.
MEDIA_URL = env_str("HIROBA_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("HIROBA_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "hiroba.core.staticfiles.KeptManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
HIROBA_SERVE_MEDIA = env_bool("HIROBA_SERVE_MEDIA", True)
HIROBA_MAX_UPLOAD_MB = env_int("HIROBA_MAX_UPLOAD_MB", 20)
HIROBA_MAX_PHOTOS = 10
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Ten photos per post; a few more reach the form so that it can say so, hundreds never do.
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("HIROBA_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("HIROBA_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("HIROBA_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MEDIA_URL] if MEDIA_URL.startswith("https://") else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

# --- API ------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 20

# --- Logging --------------------------------------------------------------------------------
# One line per record with time, level, logger, request id and message (hiroba/core/logs.py):
# JSON lines for a log collector, logfmt (key=value, still parsed by collectors) for reading in
# a terminal, as the demo does.
HIROBA_LOG_FORMAT = env_str("HIROBA_LOG_FORMAT", "logfmt" if DEBUG else "json")
if HIROBA_LOG_FORMAT not in ("json", "logfmt"):
    raise ImproperlyConfiguredEnv(
        f"HIROBA_LOG_FORMAT must be json or logfmt, not {HIROBA_LOG_FORMAT!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hiroba.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "hiroba.core.logs.JsonFormatter"},
        "logfmt": {"()": "hiroba.core.logs.LogfmtFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": HIROBA_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("HIROBA_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (a plain console copy with DEBUG, mail to ADMINS) are replaced:
        # its lines reach the root handler once, in the same format as everything else.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # With a handler of its own here, the job consumer does not add its differently
        # formatted one (run_huey only configures a "huey" logger that has none).
        "huey": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
