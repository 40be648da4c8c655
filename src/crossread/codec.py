"""Model dataclasses to JSON values and back, by their type hints.

Used to store computed results (briefs) as plain JSON: no pickle, so a store
file from elsewhere can never run code when it is read. ``decode`` rebuilds
frozen dataclasses, tuples (fixed and variadic), dicts, literals, optionals
and bytes (base64) from what ``encode`` wrote, and raises ValueError naming the
field on anything else.
"""

from __future__ import annotations

import base64
import dataclasses
import types
import typing
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

T = TypeVar("T")


# Types encode returns as they are (checked first: most values of a brief are these).
SCALARS = frozenset({str, int, float, bool, type(None)})


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names in order, None for any other type: asked of ``dataclasses`` once per
    class (it rebuilds its tuple on every call; encode and the store's rows ask per value, per row)."""
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    return _FIELD_NAMES[kind]


def encode(value: Any) -> Any:
    """A dataclass (or tuple, dict, scalar) as JSON values: tuples become lists, bytes base64.

    A brief holds ~200,000 values: the type is looked up once per value and a
    dataclass's fields once per class (a 940-story bench run spent 2.7 s here
    asking ``dataclasses`` for both on every value).
    """
    kind = type(value)
    if kind in SCALARS:
        return value
    names = field_names(kind)
    if names is not None:
        return {name: encode(getattr(value, name)) for name in names}
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def decode(kind: Any, data: Any, where: str = "value") -> Any:
    """``data`` (from ``encode``) as an instance of ``kind``; ValueError says which field does not fit."""
    origin = get_origin(kind)
    if kind is Any:
        return data
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise ValueError(f"{where}: expected an object for {kind.__name__}")
        hints = _hints(kind)
        values = {
            f.name: decode(hints[f.name], data[f.name], f"{where}.{f.name}") for f in dataclasses.fields(kind) if f.name in data
        }
        return kind(**values)
    if origin in (Union, types.UnionType):
        options = get_args(kind)
        if data is None and type(None) in options:
            return None
        errors = []
        for option in (o for o in options if o is not type(None)):
            try:
                return decode(option, data, where)
            except (ValueError, TypeError) as error:
                errors.append(str(error))
        raise ValueError(f"{where}: fits none of {options}: {'; '.join(errors)}")
    if origin is Literal:
        if data not in get_args(kind):
            raise ValueError(f"{where}: {data!r} is not one of {get_args(kind)}")
        return data
    if origin is tuple:
        if not isinstance(data, list):
            raise ValueError(f"{where}: expected a list")
        args = get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], v, f"{where}[{i}]") for i, v in enumerate(data))
        if len(args) != len(data):
            raise ValueError(f"{where}: expected {len(args)} items, got {len(data)}")
        return tuple(decode(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args, data, strict=True)))
    if origin is list:
        return [decode(get_args(kind)[0], v, f"{where}[{i}]") for i, v in enumerate(data)]
    if origin is dict:
        key, item = get_args(kind)
        return {decode(key, k, where): decode(item, v, f"{where}[{k!r}]") for k, v in data.items()}
    if kind is bytes:
        return base64.b64decode(data)
    if kind is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)
    if kind in (str, int, float, bool) and not isinstance(data, kind):
        raise ValueError(f"{where}: expected {kind.__name__}, got {type(data).__name__}")
    if kind is type(None) and data is not None:
        raise ValueError(f"{where}: expected null")
    return data
