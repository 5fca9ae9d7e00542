"""A per-process memo bounded in bytes, not entries.

functools.lru_cache(4096) keyed by reader text of up to 65 KB can hold hundreds of megabytes
per worker once someone posts long comments on purpose. byte_bounded_cache(max_bytes) keeps
the least recently used results whose keys and values together stay under max_bytes (sizes
by sys.getsizeof, which for strings is their length plus a small header); a single result
larger than a quarter of the budget is computed but not kept.
"""

import sys
import threading
from collections import OrderedDict
from functools import wraps
from typing import NamedTuple

_MISSING = object()


class CacheInfo(NamedTuple):
    entries: int
    bytes: int
    max_bytes: int


def _size(key, value) -> int:
    parts = key if isinstance(key, tuple) else (key,)
    return sys.getsizeof(value) + sum(sys.getsizeof(part) for part in parts)


class BytesLRU:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict = OrderedDict()  # key -> (value, size)
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key, default=None):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return default
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key, value) -> None:
        size = _size(key, value)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def info(self) -> CacheInfo:
        with self._lock:
            return CacheInfo(len(self._entries), self._bytes, self.max_bytes)


def byte_bounded_cache(max_bytes: int):
    """Like functools.lru_cache for functions of hashable positional arguments, bounded by
    the bytes its keys and results take; cache_info() and cache_clear() as there."""

    def decorate(function):
        memo = BytesLRU(max_bytes)

        @wraps(function)
        def wrapper(*args):
            key = args[0] if len(args) == 1 else args
            value = memo.get(key, _MISSING)
            if value is _MISSING:
                value = function(*args)
                memo.put(key, value)
            return value

        wrapper.cache_info = memo.info
        wrapper.cache_clear = memo.clear
        return wrapper

    return decorate
