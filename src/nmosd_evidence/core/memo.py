"""Memoising pure functions of data frames: the same rows and choices give the result computed before,
in one report or in the next report on the same kernel (the renderer reuses a kernel between reports).

A frame (or series) argument is keyed by its content, a digest of its index, column names, dtypes and
values, never by its identity: a table that changed, in a file or in memory, is a new key, so a
cached result can never be stale. Frozen dataclasses (an analysis, a scope of frames) are keyed field by
field; strings, numbers, None and tuples of them as they are. A call with any other argument is not
cached. Results are handed out as copies (frames copied, containers and dataclasses rebuilt around the
copies), so a caller may change what it gets without changing the cache.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import pickle
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

F = TypeVar("F", bound=Callable[..., Any])


class Unkeyable(Exception):
    """An argument the memo cannot key by content (the call is then not cached)."""


def content_key(value: object) -> Hashable:
    """A hashable key that is equal for arguments of equal content (see the module docstring);
    ``Unkeyable`` for a value of another kind."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return (type(value).__name__, _digest(value))
    if value is None or isinstance(value, str | int | float | bool):
        return (type(value).__name__, value)
    if isinstance(value, tuple):
        return ("tuple", tuple(content_key(item) for item in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and value.__dataclass_params__.frozen:
        fields = tuple(content_key(getattr(value, f.name)) for f in dataclasses.fields(value))
        return (type(value).__qualname__, fields)
    raise Unkeyable(type(value).__name__)


def _digest(frame: pd.DataFrame | pd.Series) -> bytes:
    """A digest of ``frame``'s index, column names, dtypes and values (each column as an object array: NA,
    NaN and -0.0 stay what they are): the same for equal content however pandas holds it in memory
    (consolidated blocks or not, lazily cached attributes or not)."""
    columns = [frame] if isinstance(frame, pd.Series) else [column for _, column in frame.items()]
    index = frame.index
    parts = (
        type(frame).__name__,
        (type(index).__name__, str(index.dtype), tuple(index.names), index.to_numpy(dtype=object)),
        [frame.name] if isinstance(frame, pd.Series) else list(frame.columns),
        [(str(column.dtype), column.to_numpy(dtype=object)) for column in columns],
    )
    return hashlib.blake2b(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).digest()


def fresh_copy(value: Any) -> Any:
    """``value`` with every frame in it copied (lists, tuples, dicts and dataclasses rebuilt around the
    copies); anything else is returned as it is (results are numbers, text and frozen dataclasses)."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy()
    if isinstance(value, list):
        return [fresh_copy(item) for item in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(fresh_copy(item) for item in value)
    if isinstance(value, dict):
        return {key: fresh_copy(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: fresh_copy(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


def memoised(maxsize: int = 32) -> Callable[[F], F]:
    """Decorator: cache the last ``maxsize`` results of a pure function keyed by its arguments' content.

    The function must depend on nothing but its arguments (no files, no clock, no global state); what
    it returns is copied on the way out (``fresh_copy``). ``cache_clear()`` empties the cache and
    ``cache_info()`` gives (hits, misses, size).
    """

    def decorate(function: F) -> F:
        cache: OrderedDict[Hashable, Any] = OrderedDict()
        counts = {"hits": 0, "misses": 0}

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                key = (
                    tuple(content_key(a) for a in args),
                    tuple((k, content_key(v)) for k, v in sorted(kwargs.items())),
                )
            except Unkeyable:
                return function(*args, **kwargs)
            if key in cache:
                cache.move_to_end(key)
                counts["hits"] += 1
                return fresh_copy(cache[key])
            counts["misses"] += 1
            result = function(*args, **kwargs)
            cache[key] = fresh_copy(result)
            if len(cache) > maxsize:
                cache.popitem(last=False)
            return result

        wrapper.cache_clear = lambda: (cache.clear(), counts.update(hits=0, misses=0))  # type: ignore[attr-defined]
        wrapper.cache_info = lambda: (counts["hits"], counts["misses"], len(cache))  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
