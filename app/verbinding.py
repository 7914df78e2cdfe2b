"""The warehouse file as the app reads it: read-only connections, file identity, result cache.

`Verbinding` opens the file read-only through SQLAlchemy with duckdb-engine, reopens it when the
file is replaced by rename, runs one bound SELECT into a frame (`frame`), and caches the results
of the query methods marked `@cached` per warehouse version. The queries themselves are
app/queries.py's `Warehouse`, a subclass.
"""

from __future__ import annotations

import inspect
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, get_origin

import duckdb
import pandas as pd
from duckdb_engine import ConnectionWrapper
from sqlalchemy import Connection, Engine, bindparam, create_engine, text
from sqlalchemy.pool import QueuePool

log = logging.getLogger("app.queries")

F = TypeVar("F", bound=Callable[..., Any])


class WarehouseMissing(RuntimeError):
    """The warehouse file does not exist (yet)."""


class WarehouseUnreadable(RuntimeError):
    """The warehouse file exists but is not a warehouse this app can read.

    `soort` says why, for the start-up message (app/startup.py): GEEN_DUCKDB (empty, cut off or
    another kind of file), SCHEMA (a table, view or column a query needs is missing) or
    BESCHADIGD (anything else the database reports, e.g. a checksum error); `detail` is the
    database's own first line.
    """

    GEEN_DUCKDB = "geen-duckdb"
    SCHEMA = "schema"
    BESCHADIGD = "beschadigd"

    def __init__(self, message: str, soort: str = BESCHADIGD, detail: str = "") -> None:
        super().__init__(message)
        self.soort = soort
        self.detail = detail

    @classmethod
    def uit(cls, path: Path, exc: BaseException) -> WarehouseUnreadable:
        """Classify a driver exception (SQLAlchemy keeps DuckDB's own as `.orig`)."""
        orig = getattr(exc, "orig", None) or exc
        detail = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
        if isinstance(orig, duckdb.IOException):
            soort = cls.GEEN_DUCKDB
        elif isinstance(orig, (duckdb.CatalogException, duckdb.BinderException)):
            soort = cls.SCHEMA
        else:
            soort = cls.BESCHADIGD
        return cls(f"{path}: {exc}", soort, detail)


class _ReadWriteLock:
    """Many readers (queries) or one writer (switching to a new warehouse file).

    A waiting writer goes first: new readers wait behind it, so a steady stream of queries
    cannot keep the app on the old file forever. Readers must not nest (none do).
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            try:
                while self._writing or self._readers:
                    self._cond.wait()
            finally:
                self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def cached(method: F) -> F:
    """Cache a query method's result per warehouse version and arguments (frames are copied)."""

    @wraps(method)
    def wrapper(self: Verbinding, *args: Any) -> Any:
        return self._cached_call(method, args)

    wrapper.is_query = True  # type: ignore[attr-defined]  # query_methods() lists these
    return wrapper  # type: ignore[return-value]



class Verbinding:
    """A read-only view of one warehouse file, through SQLAlchemy with duckdb-engine."""
    """A read-only view of one warehouse file, through SQLAlchemy with duckdb-engine."""

    def __init__(self, path: Path | str, cache_size: int = 512) -> None:
        self.path = Path(path)
        self.cache_size = cache_size
        self._lock = _ReadWriteLock()
        self._switch = threading.Lock()
        self._engine: Engine | None = None
        self._signature: tuple[int, int, int] | None = None
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._cache_lock = threading.Lock()

    # -- file identity and connections ---------------------------------------------------------

    def signature(self) -> tuple[int, int, int]:
        """(inode, mtime_ns, size) of the file: changes when the warehouse is replaced."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError as exc:
            raise WarehouseMissing(str(self.path)) from exc
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def version(self) -> str:
        """A short text identifying the current warehouse file (for cache keys and exports)."""
        ino, mtime, size = self.signature()
        return f"{ino:x}-{mtime:x}-{size:x}"

    def _connect(self) -> ConnectionWrapper:
        # A plain read-only duckdb connection: the same configuration as any other read-only
        # user of the file in this process (duckdb shares one database instance per path).
        return ConnectionWrapper(duckdb.connect(str(self.path), read_only=True))

    def _current_engine(self) -> tuple[Engine, tuple[int, int, int]]:
        signature = self.signature()
        if self._engine is not None and signature == self._signature:
            return self._engine, signature
        with self._switch:
            if self._engine is None or signature != self._signature:
                # No query may hold a connection to the old file while the new one is opened:
                # duckdb would hand out the still-open old database for the same path.
                with self._lock.write():
                    if self._engine is not None:
                        self._engine.dispose()
                        log.info("warehouse %s changed: reopened", self.path)
                    self._engine = create_engine(
                        "duckdb://", creator=self._connect, poolclass=QueuePool,
                        pool_size=4, max_overflow=8,
                    )
                    self._signature = signature
                    with self._cache_lock:
                        self._cache.clear()
        return self._engine, signature

    def close(self) -> None:
        """Close every connection (tests; the app keeps its warehouse open)."""
        with self._switch, self._lock.write():
            if self._engine is not None:
                self._engine.dispose()
            self._engine = None
            self._signature = None

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        """A pooled connection to the current file, held under the read lock.

        The engine is looked up before the lock is taken; if another thread switched to a new
        file in between, look again: a query must never open a connection on a disposed engine
        (it would keep that file's database open and be handed out again after the next swap).
        """
        while True:
            engine, _ = self._current_engine()
            with self._lock.read():
                if engine is not self._engine:
                    continue
                with engine.connect() as con:
                    yield con
                return

    def frame(self, sql: str, params: dict[str, Any] | None = None,
              expanding: Sequence[str] = ()) -> pd.DataFrame:
        """Run one SELECT with bound parameters; `expanding` names list parameters (IN :x)."""
        columns, rows = self._rijen(sql, params, expanding)
        return pd.DataFrame.from_records(rows, columns=columns)

    def _rijen(self, sql: str, params: dict[str, Any] | None = None,
               expanding: Sequence[str] = ()) -> tuple[list[str], list[tuple]]:
        """Like `frame`, as the column names and the driver's tuples (no frame: the views drawn
        per interaction read plain rows, docs/performance.md)."""
        statement = text(sql)
        if expanding:
            statement = statement.bindparams(*(bindparam(n, expanding=True) for n in expanding))
        try:
            with self._connection() as con:
                result = con.execute(statement, params or {})
                columns = list(result.keys())
                # The driver's own tuples: SQLAlchemy's Row objects cost more than the query on
                # large results (a national map: 3,326 rows 78 -> 37 ms; docs/performance.md).
                rows = result.cursor.fetchall()
                result.close()
        except (WarehouseMissing, WarehouseUnreadable):
            raise
        except Exception as exc:  # a file that is not (yet) a warehouse of this schema
            raise WarehouseUnreadable.uit(self.path, exc) from exc
        return columns, rows

    def rijen(self, sql: str, params: dict[str, Any] | None = None,
              expanding: Sequence[str] = ()) -> tuple[dict[str, Any], ...]:
        """`frame` as plain rows: one dict per row, the driver's values (None where NULL).

        For the views drawn on every interaction (a trend, a breakdown): no DataFrame to build
        and filter. Cached results are shared: callers must not change the dicts in place.
        """
        columns, rows = self._rijen(sql, params, expanding)
        return tuple(dict(zip(columns, row, strict=True)) for row in rows)

    def self_check(self) -> dict[str, str]:
        """Run every query of this class once with harmless arguments; the warehouse_info.

        Raises WarehouseMissing or WarehouseUnreadable (with the database's reason as cause)
        when the file is missing, is not a DuckDB database, is damaged, or lacks a table,
        view or column some query needs. Used by app/startup.py before the app serves.
        """
        info = self.info()
        for name in query_methods(type(self)):
            method = getattr(self, name)
            parameters = inspect.signature(method, eval_str=True).parameters.values()
            method(*(_probe_value(p.annotation) for p in parameters))
        return info

    def _cached_call(self, method: Callable[..., Any], args: tuple) -> Any:
        _, signature = self._current_engine()
        key = (signature, method.__name__, args)
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return _copy(self._cache[key])
        value = method(self, *args)
        if self.signature() == signature:  # not replaced while we were reading
            with self._cache_lock:
                self._cache[key] = value
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return _copy(value)

    def cache_info(self) -> int:
        """Number of cached results (for tests)."""
        with self._cache_lock:
            return len(self._cache)


def _copy(value: Any) -> Any:
    if isinstance(value, pd.DataFrame):
        # pandas 3 copies on write: a shallow copy keeps the cached frame safe from changes.
        return value.copy(deep=False)
    if isinstance(value, dict):
        return dict(value)
    return value


def query_methods(klasse: type) -> list[str]:
    """Names of a class's methods that run a query (the cached ones), in source order."""
    return [name for soort in reversed(klasse.__mro__) for name, member in vars(soort).items()
            if getattr(member, "is_query", False)]


def _probe_value(annotation: Any) -> Any:
    """A harmless argument of a query parameter's type (matches nothing in the warehouse)."""
    if annotation is int:
        return 0
    if get_origin(annotation) is tuple:
        return ("",)
    return ""
