"""Django's Redis cache backend, with one client object per connection pool, that degrades
instead of failing when Redis is down or slow.

Django's backend builds a new `redis.Redis` object for every cache call; building one fills
its table of several hundred response callbacks, which cost more CPU than the call itself
(a comment POST makes five cache calls). The client is thread-safe and takes a connection
from the pool for each command, so one per pool is enough. settings.py swaps this backend in
for CACHE_URL=redis://…; everything else is Django's.

Redis unreachable, refusing or not answering must not take the site down: every cache is a
copy of something the database knows. Connections and commands have short timeouts
(DEFAULT_OPTIONS, unless OPTIONS in CACHES say otherwise), and an error is answered as a miss
(get: the default, get_many: nothing, incr: a missing key) or a no-op (set, delete), with one
log line per outage. After an error the backend leaves Redis alone for RETRY_SECONDS, so a
black-holed server costs one timeout every few seconds per process, not one per call. add()
answers True meanwhile: with no shared cache nobody else holds the key, so the caller does
the work (queues the digest, renders the page) rather than skipping it. health() says
whether the cache answers, for /healthz.

count() adds to a counter that expires, in one round trip on Redis (Django's add() then
incr() take three: SET NX, EXISTS, INCRBY), and with add() and incr() on any other cache.
With Redis down it counts in this process (the burst limit then holds per process).
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Seconds: connecting (Redis is on the same network: a connect takes well under a millisecond)
# and waiting for an answer (a 60 KB page entry takes a few milliseconds).
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.3, "socket_timeout": 0.5}
RETRY_SECONDS = 5.0  # after an error, calls are answered as misses this long without trying
LOG_EVERY_SECONDS = 60.0  # at most one log line per cache location this often

FAILURES = (RedisError, OSError)

_state_lock = threading.Lock()
_down_until: dict[str, float] = {}  # location -> time.time() before which Redis is not tried
_logged_at: dict[str, float] = {}


class ReusedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _degrading(fallback):
    """Wrap a cache method: while Redis is marked down, or when the call fails, return
    fallback(*args, **kwargs) instead."""

    def wrap(method):
        def degrading(self, *args, **kwargs):
            if self.is_down():
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except FAILURES as error:
                self.mark_down(error)
                return fallback(*args, **kwargs)

        degrading.__name__ = method.__name__
        degrading.__doc__ = method.__doc__
        return degrading

    return wrap


def _default(key, default=None, version=None):
    return default


def _missing(key, delta=1, version=None):
    raise ValueError(f"Key '{key}' not found.")  # what Django's incr() says of a missing key


def _returns(value):
    return lambda *args, **kwargs: value


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient
        self._location = ",".join(self._servers)

    # --- outage bookkeeping (shared by every thread's backend object in this process) -----

    def is_down(self) -> bool:
        until = _down_until.get(self._location)
        return until is not None and time.time() < until

    def mark_down(self, error: BaseException) -> None:
        now = time.time()
        with _state_lock:
            _down_until[self._location] = now + RETRY_SECONDS
            if now - _logged_at.get(self._location, float("-inf")) < LOG_EVERY_SECONDS:
                return
            _logged_at[self._location] = now
        logger.warning(
            "Shared cache unavailable (%s: %s); serving without it, retrying every %g s",
            type(error).__name__,
            error,
            RETRY_SECONDS,
        )

    def health(self) -> str:
        """ "ok" when Redis answers a PING now, "unavailable" otherwise."""
        if self.is_down():
            return "unavailable"
        try:
            self._cache.get_client(write=True).ping()
        except FAILURES as error:
            self.mark_down(error)
            return "unavailable"
        return "ok"

    # --- Django's cache API, degrading ------------------------------------------------------

    add = _degrading(_returns(True))(DjangoRedisCache.add)
    get = _degrading(_default)(DjangoRedisCache.get)
    set = _degrading(_returns(None))(DjangoRedisCache.set)
    touch = _degrading(_returns(False))(DjangoRedisCache.touch)
    delete = _degrading(_returns(False))(DjangoRedisCache.delete)
    get_many = _degrading(lambda *args, **kwargs: {})(DjangoRedisCache.get_many)
    has_key = _degrading(_returns(False))(DjangoRedisCache.has_key)
    incr = _degrading(_missing)(DjangoRedisCache.incr)
    set_many = _degrading(lambda *args, **kwargs: [])(DjangoRedisCache.set_many)
    delete_many = _degrading(_returns(None))(DjangoRedisCache.delete_many)
    _clear = _degrading(_returns(False))(DjangoRedisCache.clear)

    def clear(self):
        """Empty Redis, and the counts this process kept while Redis was unavailable."""
        with _counts_lock:
            _counts.clear()
        return self._clear()

    def count(self, key, timeout) -> int:
        key = self.make_and_validate_key(key)
        if self.is_down():
            return _local_count(key, timeout)
        client = self._cache.get_client(key, write=True)
        pipeline = client.pipeline(transaction=False)
        pipeline.set(key, 0, ex=timeout, nx=True)  # Django stores ints as plain Redis integers
        pipeline.incr(key)
        try:
            return pipeline.execute()[1]
        except FAILURES as error:
            self.mark_down(error)
            return _local_count(key, timeout)


_counts_lock = threading.Lock()
_counts: dict[str, tuple[float, int]] = {}  # key -> (expires at, count), this process only
_COUNTS_MAX = 10_000  # keys kept at most; expired ones are dropped first


def _local_count(key: str, timeout: int) -> int:
    now = time.time()
    with _counts_lock:
        expires, value = _counts.get(key, (0.0, 0))
        if expires <= now:
            expires, value = now + timeout, 0
            if len(_counts) >= _COUNTS_MAX:
                for old in [k for k, (at, _) in _counts.items() if at <= now]:
                    del _counts[old]
                if len(_counts) >= _COUNTS_MAX:
                    _counts.clear()
        _counts[key] = (expires, value + 1)
        return value + 1


def count(key: str, timeout: int) -> int:
    """Add one to the counter `key` (created at 0, expiring after `timeout` seconds from its
    creation) and return its new value; atomic across processes on Redis, and counted in
    this process while Redis is unavailable."""
    from django.core.cache import caches

    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return cache.count(key, timeout)
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this call starts the count again
        cache.set(key, 1, timeout=timeout)
        return 1


def health() -> str | None:
    """The shared cache's state for /healthz: "ok" or "unavailable"; None for a cache that
    lives in this process (it cannot be unreachable)."""
    from django.core.cache import caches

    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return cache.health()
    return None
