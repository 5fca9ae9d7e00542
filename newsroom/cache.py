"""Django's Redis cache backend, with one client object per connection pool.

Django's backend builds a new `redis.Redis` object for every cache call; building one fills
its table of several hundred response callbacks, which cost more CPU than the call itself
(a comment POST makes five cache calls). The client is thread-safe and takes a connection
from the pool for each command, so one per pool is enough. settings.py swaps this backend in
for CACHE_URL=redis://…; everything else is Django's.
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
