"""Django's Redis cache backend, with one client object per connection pool.

Django's backend builds a new `redis.Redis` object for every cache call; building one fills
its table of several hundred response callbacks, which cost more CPU than the call itself
(a comment POST makes five cache calls). The client is thread-safe and takes a connection
from the pool for each command, so one per pool is enough. settings.py swaps this backend in
for CACHE_URL=redis://…; everything else is Django's.

count() adds to a counter that expires, in one round trip on Redis (Django's add() then
incr() take three: SET NX, EXISTS, INCRBY), and with add() and incr() on any other cache.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient

    def count(self, key, timeout) -> int:
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        pipeline = client.pipeline(transaction=False)
        pipeline.set(key, 0, ex=timeout, nx=True)  # Django stores ints as plain Redis integers
        pipeline.incr(key)
        return pipeline.execute()[1]


def count(key: str, timeout: int) -> int:
    """Add one to the counter `key` (created at 0, expiring after `timeout` seconds from its
    creation) and return its new value; atomic across processes on Redis."""
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
