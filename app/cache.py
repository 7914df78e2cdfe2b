"""Caches of values derived per warehouse version: an LRU store keyed by file identity and key.

No SQL and no Dash. `afgeleid` holds the structures derived from the catalogue and area tables;
`per_query_cache` the values derived from one indicator's facts (off with the query cache). A
layer that caches its own rendered output makes its own `VersionCache` (docs/architecture.md).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from app.queries import Warehouse

T = TypeVar("T")

# Structures derived from the small catalogue and area tables (chapter order, lookups, option
# lists) are computed once per warehouse version instead of on every request. Values are shared
# between requests: callers must not change them in place (frames are handed out as copies).
AFGELEID_MAX = 256


class VersionCache:
    """An LRU store of values per warehouse version (file identity) and key.

    Single flight: while one thread computes a key, the others asking for it wait for that value
    (up to WAIT_S) instead of computing it too: ten visitors opening a view nobody has opened
    since the warehouse changed cost one drawing, not ten. With `follows_query_cache`, the store
    is bypassed when the warehouse's query cache is off (a benchmark without cache measures the
    work itself).
    """

    WAIT_S = 30.0

    def __init__(self, max_size: int, *, follows_query_cache: bool = False) -> None:
        self.max_size = max_size
        self.follows_query_cache = follows_query_cache
        self._per_db: weakref.WeakKeyDictionary[
            Warehouse, OrderedDict[Hashable, tuple[tuple, Any]]] = weakref.WeakKeyDictionary()
        self._in_flight: dict[tuple[int, Hashable, tuple], threading.Event] = {}
        self._lock = threading.Lock()

    def _stored(self, db: Warehouse, key: Hashable, signature: tuple) -> tuple[bool, Any]:
        per_db = self._per_db.setdefault(db, OrderedDict())
        hit = per_db.get(key)
        if hit is not None and hit[0] == signature:
            per_db.move_to_end(key)
            return True, hit[1]
        return False, None

    def __call__(self, db: Warehouse, key: Hashable, compute: Callable[[], T]) -> T:
        if self.follows_query_cache and db.cache_size <= 0:
            return compute()
        signature = db.signature()
        flight = (id(db), key, signature)
        with self._lock:
            found, value = self._stored(db, key, signature)
            if found:
                return value
            waiting = self._in_flight.get(flight)
            if waiting is None:
                self._in_flight[flight] = own = threading.Event()
        if waiting is not None:  # another thread computes it: wait, then take its value
            waiting.wait(self.WAIT_S)
            with self._lock:
                found, value = self._stored(db, key, signature)
            return value if found else compute()  # it failed, or the file changed meanwhile
        try:
            value = compute()
            if db.signature() == signature:
                with self._lock:
                    per_db = self._per_db.setdefault(db, OrderedDict())
                    per_db[key] = (signature, value)
                    per_db.move_to_end(key)
                    while len(per_db) > self.max_size:
                        per_db.popitem(last=False)
        finally:
            with self._lock:
                self._in_flight.pop(flight, None)
            own.set()
        return value


_afgeleid = VersionCache(AFGELEID_MAX)


def afgeleid(db: Warehouse, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per warehouse version (file identity) and key; kept while that file is.

    Like the query cache: the value is stored only when the file was not replaced while it
    was computed, and a replaced file (a new signature) recomputes on first use.
    """
    return _afgeleid(db, key, compute)


def per_query_cache(db: Warehouse, key: Hashable, compute: Callable[[], T]) -> T:
    """Like `afgeleid` (the same store) for values derived from one indicator's facts; off with
    the query cache."""
    return compute() if db.cache_size <= 0 else _afgeleid(db, key, compute)
