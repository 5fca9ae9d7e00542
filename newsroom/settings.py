"""Newsroom settings: one module, every value from the environment (see .env.example)."""

import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

DEBUG = env.bool("DEBUG", default=False)

# The public development key is used only with DEBUG on. Without DEBUG, a missing, empty or
# weak SECRET_KEY stops the process with one line: anyone could forge signed cookies with a
# key from the repository (the readers' "my pending comment" cookie, sessions, password resets).
INSECURE_SECRET_KEY = "django-insecure-newsroom-local-development-only"
SECRET_KEY_MIN_LENGTH = 50  # what Django's own deploy check (security.W009) asks for
SECRET_KEY = env("SECRET_KEY", default="").strip()


def _weak_secret_key(key: str) -> bool:
    return (
        len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < 5 or key.startswith("django-insecure-")
    )


if not SECRET_KEY and DEBUG:
    SECRET_KEY = INSECURE_SECRET_KEY
elif not DEBUG and _weak_secret_key(SECRET_KEY):
    sys.exit(
        "Newsroom refuses to start: set SECRET_KEY to a random value of at least "
        f"{SECRET_KEY_MIN_LENGTH} characters (python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(50))'), or DEBUG=on for local development only."
    )

SITE_URL = (env("SITE_URL", default="") or "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
_site_host = urlsplit(SITE_URL).hostname
if _site_host and _site_host not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_site_host)
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "newsroom",  # before django_tasks_db: its `db_worker` command wraps the package's
    "django_tasks",
    "django_tasks_db",
    "sorl.thumbnail",
    "django_prose_editor",
    "reversion",
    "axes",
    "csp",
    "articles",
    "comments",
]

MIDDLEWARE = [
    "newsroom.edge.ForwardedHeadersMiddleware",  # X-Forwarded-* only from TRUSTED_PROXIES
    "newsroom.edge.ReaderBodyLimitMiddleware",  # no files, small bodies outside the admin
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files: compressed, fingerprinted
    "newsroom.middleware.TextCompressionMiddleware",  # gzip for pages, not for images
    "django.middleware.http.ConditionalGetMiddleware",  # ETag and 304 for every page
    "newsroom.csp.PolicyMiddleware",  # django-csp, plus the admin's hashes (newsroom/csp.py)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",  # before: hits get it too
    "newsroom.pagecache.middleware.PageCacheMiddleware",  # hits answered before sessions
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.LanguageMiddleware",
    "newsroom.middleware.RejectMalformedPathMiddleware",
    "newsroom.errors.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "articles.redirects.RedirectFallbackMiddleware",  # old addresses: 301, after a 404
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.db_router.ReplicaReadsMiddleware",
    "newsroom.throttle.PostBurstLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "newsroom.middleware.AdminInputGuardMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in the project root unless DATABASE_URL says otherwise (PostgreSQL in prod).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction begins, so a check and the write that
    # follows it cannot interleave with another process's (comments/locks.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
else:
    # Persistent connections: Django keeps one connection per thread (gunicorn's gthread
    # workers have `threads` of them per process) for up to DATABASE_CONN_MAX_AGE seconds,
    # and checks it is still alive before a request reuses it (CONN_HEALTH_CHECKS), so a
    # restarted PostgreSQL costs no failed request. docs/serving.md has the arithmetic.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# An optional read replica (newsroom/db_router.py): reader pages read from it, everything
# else uses the primary ("default"), and migrations run on the primary only.
DATABASE_REPLICA = None
if env("DATABASE_REPLICA_URL", default=""):
    DATABASE_REPLICA = "replica"
    DATABASES[DATABASE_REPLICA] = env.db("DATABASE_REPLICA_URL")
    DATABASES[DATABASE_REPLICA].setdefault(
        "CONN_MAX_AGE", DATABASES["default"].get("CONN_MAX_AGE", 0)
    )
    DATABASES[DATABASE_REPLICA]["CONN_HEALTH_CHECKS"] = True
    DATABASES[DATABASE_REPLICA]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]
# After a POST, that browser's pages read from the primary this long (replication lag).
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: process-local by default; set CACHE_URL=redis://… when running more than one process.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://newsroom")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "newsroom.cache.RedisCache"  # reuses its client objects

# "Most read": each web process writes the views it counted at most this often (seconds).
MOST_READ_FLUSH_SECONDS = env.int("MOST_READ_FLUSH_SECONDS", default=10)

# The article page's comment section comes from the comments app (articles never imports it).
ARTICLE_COMMENT_SECTION = "comments.thread.for_request"

# Whole-page cache for anonymous readers (newsroom/pagecache/, docs/caching.md): seconds a
# page stays in the shared cache (0 turns it off), seconds a CDN or proxy may keep it, and how
# much longer it may serve it while it refetches.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_SEARCH_SECONDS = env.int("PAGE_CACHE_SEARCH_SECONDS", default=60)
PAGE_CACHE_HTTP_SECONDS = env.int("PAGE_CACHE_HTTP_SECONDS", default=60)
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", default=30)
# Uploaded images served by Django (SERVE_MEDIA): browsers and CDNs may keep them this long.
MEDIA_CACHE_SECONDS = env.int("MEDIA_CACHE_SECONDS", default=365 * 24 * 60 * 60)

# Background tasks (Django's Tasks API through the django-tasks backport): e-mail, Akismet
# reports, image renditions. Queued in the database; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# /healthz reports tasks that have waited longer than this (seconds): the worker is down.
TASKS_LATE_AFTER = env.int("TASKS_LATE_AFTER", default=300)
# A task RUNNING longer than this (seconds) lost its worker (killed, out of memory): /healthz
# counts it and `db_worker` queues it again (newsroom/worker.py). Longer than any task takes,
# HTTP timeouts included (a report task: up to 100 × AKISMET_TIMEOUT).
TASKS_RUNNING_TIMEOUT = env.int("TASKS_RUNNING_TIMEOUT", default=600)

# Sessions live in the database and are read through the shared cache.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# E-mail: printed to the console unless EMAIL_URL names a real server (smtp+tls://user:pw@host:587).
vars().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)  # a hung mail server must not hang a request
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Login lock-out (django-axes, docs/security.md): after LOGIN_FAILURE_LIMIT failed logins for
# one username, or from one address, further attempts are refused for LOGIN_COOLOFF_MINUTES,
# even with the right password. Administrators see and lift lock-outs under "Axes" in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out request before any check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "newsroom.net.client_ip"  # the reader's address behind TRUSTED_PROXIES
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False  # no start-up banner in every management command's output

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Arabic first; English available through the language switch (a cookie, never Accept-Language).
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = "Asia/Kuwait"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT", default="") or BASE_DIR / "media"
# WhiteNoise serves collected files (collectstatic) and, when they were not collected, the
# app and project static folders directly, so a fresh checkout looks right with DEBUG off.
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Fingerprinted names (site.3f9c….css) and .gz/.br copies, made by collectstatic; WhiteNoise
    # serves fingerprinted files with a one-year "immutable" lifetime.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The body editor's own extensions (static/articles/prose-editor-extensions.js, docs/editorial.md):
# django-prose-editor imports the module when a field's configuration switches one of them on.
# They add no HTML, so nothing is added to what the sanitiser keeps.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/prose-editor-extensions.js")],
        "extensions": {"FigureExit": html_tags([]), "MenuLabels": html_tags([])},
    }
]

# Images (see docs/media.md). Uploads above this size are refused with a clear message; the
# renditions are made by a background task at these widths (never wider than the original).
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
IMAGE_RENDITION_WIDTHS = (400, 800, 1200, 1600)
IMAGE_QUALITY = {"webp": 80, "jpeg": 82}
THUMBNAIL_PREFIX = "renditions/"  # sorl-thumbnail writes its files under MEDIA_ROOT/renditions/

# HTTPS: on by default outside DEBUG. Turn it off only for a production-like server on loopback.
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
# Asking browsers to hard-code HTTPS for the domain is hard to undo (months to leave the list),
# so it is an explicit choice; while off, Django's reminder about it (security.W021) is silenced.
SECURE_HSTS_PRELOAD = HTTPS_ONLY and env.bool("HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Every cookie flagged: the language choice too (Django leaves it bare by default).
LANGUAGE_COOKIE_SECURE = HTTPS_ONLY
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "newsroom.errors.csrf_failure"

# Content-Security-Policy (django-csp 4; docs/security.md). Scripts and styles come only from
# our own files: no inline code and no nonce on reader pages, so a page cached for anonymous
# readers stays valid. Images: the site (its media included) and the CDN origins named in
# IMAGE_CDN_ORIGINS (scheme://host, comma-separated), which articles may also embed.
IMAGE_CDN_ORIGINS = [
    f"{parts.scheme}://{parts.netloc}"
    for parts in (
        urlsplit(origin.strip().lower()) for origin in env.list("IMAGE_CDN_ORIGINS", default=[])
    )
    if parts.scheme in ("http", "https") and parts.hostname
]
SECURITY_POLICY_REPORT_PATH = "/csp-report/"
# Violation reports logged per address and minute (more are answered 429, not logged).
SECURITY_POLICY_REPORTS_PER_MINUTE = env.int("CSP_REPORTS_PER_MINUTE", default=20)
SECURITY_POLICY_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)  # report, block nothing
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", *IMAGE_CDN_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": [SECURITY_POLICY_REPORT_PATH],
        "report-to": "csp",  # the Reporting-Endpoints header names it (newsroom/csp.py)
    }
}
CONTENT_SECURITY_POLICY = None if SECURITY_POLICY_REPORT_ONLY else _CSP
CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP if SECURITY_POLICY_REPORT_ONLY else None

# Akismet (the comments/spam package; these are its only defaults). An empty key skips the
# check: every comment waits for a moderator.
AKISMET_API_KEY = env("AKISMET_API_KEY", default="")
AKISMET_BLOG_URL = env("AKISMET_BLOG_URL", default="") or SITE_URL
AKISMET_API_URL = (env("AKISMET_API_URL", default="") or "https://rest.akismet.com").rstrip("/")
AKISMET_TIMEOUT = env.float("AKISMET_TIMEOUT", default=2.0)
AKISMET_IS_TEST = env.bool("AKISMET_IS_TEST", default=False)
# Seconds a moderator's "check for spam" on the desk may spend asking Akismet.
AKISMET_REQUEST_BUDGET = 5.0
# The dotted path of the function that builds the Akismet client (tests plug in a fake).
COMMENTS_SPAM_CLIENT_FACTORY = "comments.spam.build_client"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_traceback": {"()": "newsroom.logs.NoTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Suspicious requests (bad Host header, body too large...) come in bursts: one line each.
        "console_short": {"class": "logging.StreamHandler", "filters": ["no_traceback"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security": {"handlers": ["console_short"], "propagate": False},
        "httpx": {"level": "WARNING"},
    },
}

# URLs per sitemap page, as WordPress core's sitemaps: the protocol allows 50,000, but a page
# that size takes seconds to write and megabytes to fetch; article pages are ranges of this many
# ids (docs/discovery.md). Tests lower it to check the split.
SITEMAP_LIMIT = 2_000

# Show the Hijri (Umm al-Qura) date beside the Gregorian one in the header and on articles.
HIJRI_DATES = env.bool("HIJRI_DATES", default=False)
# Arabic pages write the numbers they make (dates, counts, reading time) in Arabic-Indic digits
# (٣ دقائق) instead of Latin ones (3 دقائق); English pages always use Latin digits.
ARABIC_INDIC_DIGITS = env.bool("ARABIC_INDIC_DIGITS", default=False)

# Comments (docs/comments.md): the app reads these settings and has no defaults of its own.
COMMENTS_MAX_DEPTH = env.int("COMMENTS_MAX_DEPTH", default=5)
COMMENTS_REPORTS_TO_HOLD = env.int("COMMENTS_REPORTS_TO_HOLD", default=3)
# The name staff comments and desk replies go out under; "" = the staff member's own name.
COMMENTS_STAFF_NAME = env.str("COMMENTS_STAFF_NAME", default="غرفة الأخبار")
# Minutes during which a reader may edit or withdraw their comment from the same browser.
COMMENTS_EDIT_MINUTES = env.int("COMMENTS_EDIT_MINUTES", default=5)
COMMENTS_FLOOD_SECONDS = env.int("COMMENTS_FLOOD_SECONDS", default=15)
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
COMMENTS_CLOSE_OLD = env.bool("COMMENTS_CLOSE_OLD", default=False)
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=14)
COMMENTS_DIGEST_MINUTES = env.int("COMMENTS_DIGEST_MINUTES", default=5)
COMMENTS_IP_RETENTION_DAYS = env.int("COMMENTS_IP_RETENTION_DAYS", default=60)
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=0)
# The desk counts its queues and search results up to this many, then says "more than N".
COMMENTS_DESK_COUNT_LIMIT = env.int("COMMENTS_DESK_COUNT_LIMIT", default=1000)
COMMENTS_DEFAULT_PAGE = env.str("COMMENTS_DEFAULT_PAGE", default="newest")
# Automatic hold rules (Coral's; all off by default): hold a commenter's comments until they
# have this many approved (0 = off); hold a commenter with this percentage or more of their
# last 7 days' comments rejected, spam or trash (0 = off); hold these e-mail domains.
COMMENTS_HOLD_UNTIL_APPROVED = env.int("COMMENTS_HOLD_UNTIL_APPROVED", default=0)
COMMENTS_HOLD_REJECTED_PERCENT = env.int("COMMENTS_HOLD_REJECTED_PERCENT", default=0)
COMMENTS_HOLD_DOMAINS = env.list("COMMENTS_HOLD_DOMAINS", default=[])
# Reply notifications (docs/comments.md, "Reply notifications"): replies within this many minutes
# go in one e-mail; at most this many reply e-mails and confirmation e-mails per address and day;
# the confirmation link works this many days.
COMMENTS_NOTIFY_BATCH_MINUTES = env.int("COMMENTS_NOTIFY_BATCH_MINUTES", default=10)
COMMENTS_NOTIFY_PER_DAY = env.int("COMMENTS_NOTIFY_PER_DAY", default=10)
COMMENTS_NOTIFY_CONFIRMATIONS_PER_DAY = env.int("COMMENTS_NOTIFY_CONFIRMATIONS_PER_DAY", default=2)
COMMENTS_NOTIFY_CONFIRM_DAYS = env.int("COMMENTS_NOTIFY_CONFIRM_DAYS", default=7)

# Reverse proxies / load balancers whose X-Forwarded-For is believed (IPs or networks).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# HTTPS as the proxy saw it: only with a proxy to say so, and only from it (newsroom/edge.py).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None

# Burst limit on every POST (newsroom/throttle.py), per IPv4 address or IPv6 /64, counted in the
# shared cache: beyond it, 429 with Retry-After. 0 turns it off.
POST_BURST_LIMIT = env.int("POST_BURST_LIMIT", default=30)
POST_BURST_STAFF_LIMIT = env.int("POST_BURST_STAFF_LIMIT", default=300)
POST_BURST_WINDOW = env.int("POST_BURST_WINDOW", default=60)

# Request size limits. A form body (files excepted) above this is refused with the 400 page;
# uploads above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, not memory; images are
# limited by IMAGE_MAX_BYTES. The proxy's own limit (nginx client_max_body_size) should be a
# little above IMAGE_MAX_BYTES, and its body timeout short (docs/security.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
# Outside the admin (comments, language switch, CSP reports): no file parts, and bodies up to
# this size (a longest comment, percent-encoded, is about 200 KB); refused before being read.
READER_BODY_MAX_BYTES = env.int("READER_BODY_MAX_BYTES", default=256 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
