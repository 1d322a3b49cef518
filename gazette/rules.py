"""The one loader of the YAML rule files (markers, layout, titles, papers, …): the files that ship inside
the package, read once per process, and a user's own files (paper profiles) read from a path.

`load_rules` gives a file as parsed; `typed_rules` and `read_typed` give it as a dataclass, checked when
loaded: a key the dataclass does not have, a key it needs that the file lacks, a value of another
kind, or a pattern that does not compile is a `RuleError` naming the file and the key.
"""

from __future__ import annotations

import dataclasses
import re
import types
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

import yaml

T = TypeVar("T")


class RuleError(Exception):
    """A rule file that does not hold what its dataclass says: `<file>: <key>: <what is wrong>`.

    Not a ValueError: the steps take a ValueError for bad input of a page, and this is no page's fault."""


@cache
def load_rules(package: str, name: str) -> Any:
    """The parsed rule file `name` of `package` (load_rules("gazette.clean", "markers.yaml")), read once
    per process. Callers share the result: treat it as read-only."""
    return yaml.safe_load(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


@cache
def typed_rules(cls: type[T], package: str, name: str, **given: Any) -> T:
    """The rule file `name` of `package` as a `cls` (a dataclass), checked; read once per process.
    `given` as for read_typed."""
    return as_typed(cls, load_rules(package, name), f"{package.replace('.', '/')}/{name}", **given)


def read_typed(cls: type[T], path: Path, **given: Any) -> T:
    """A user's rule file at `path` as a `cls`, checked. `given` fills fields the file does not hold (a
    profile's id is its file name); the file may not set them."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: cannot be read: {exc}".splitlines()[0]) from exc
    return as_typed(cls, data, str(path), **given)


def as_typed(cls: type[T], data: Any, file: str, **given: Any) -> T:
    """`data` (a parsed rule file) as a `cls`, checked against its fields' types; errors name `file`."""
    if not isinstance(data, dict):
        raise RuleError(f"{file}: a mapping of keys expected, not {_kind(data)}")
    for key in given:
        if key in data:
            raise RuleError(f"{file}: {key}: not set in the file (it is the file's name)")
    return _dataclass(cls, data, file, "", given)


def _dataclass(cls: Any, data: Any, file: str, where: str, given: dict[str, Any]) -> Any:
    if not isinstance(data, dict):
        raise RuleError(f"{file}: {where}: a mapping expected, not {_kind(data)}")
    hints = get_type_hints(cls)
    fields = {field.name: field for field in dataclasses.fields(cls) if field.init}
    for key in data:
        if key not in fields or key in given:
            known = ", ".join(name for name in fields if name not in given)
            raise RuleError(f"{file}: {_key(where, key)}: unknown key (known: {known})")
    values = dict(given)
    for name, field in fields.items():
        if name in data:
            values[name] = _value(hints[name], data[name], file, _key(where, name))
        elif (
            name not in given and field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        ):
            raise RuleError(f"{file}: {_key(where, name)}: missing")
    return cls(**values)


def _value(hint: Any, value: Any, file: str, where: str) -> Any:
    """`value` as the type `hint` says: str, int, float, bool, None, Literal, unions, tuple[X, ...],
    tuple[X, Y], list[X], frozenset[X], dict[K, V], dataclasses, Any, and re.Pattern (a string
    compiled: a pattern that does not compile is an error of its file and key)."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return value
    if re.Pattern in (hint, origin):
        if not isinstance(value, str):
            raise RuleError(f"{file}: {where}: a pattern (str) expected, not {_kind(value)}")
        try:
            return re.compile(value)
        except re.error as exc:
            raise RuleError(f"{file}: {where}: not a regular expression: {exc}") from exc
    if origin is Literal:
        if value in args:
            return value
        raise RuleError(f"{file}: {where}: one of {', '.join(map(str, args))} expected, not {_kind(value)}")
    if dataclasses.is_dataclass(hint):
        return _dataclass(hint, value, file, where, {})
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in (arg for arg in args if arg is not type(None)):
            try:
                return _value(arg, value, file, where)
            except RuleError as exc:
                errors.append(exc)
        raise errors[0]
    if origin in (tuple, list, frozenset):
        if not isinstance(value, list):
            raise RuleError(f"{file}: {where}: a list expected, not {_kind(value)}")
        if origin is tuple and args[-1] is not Ellipsis:  # a pair, a triple: one type per place
            if len(value) != len(args):
                raise RuleError(f"{file}: {where}: {len(args)} items expected, not {len(value)}")
            return tuple(
                _value(arg, item, file, f"{where}[{i}]") for i, (arg, item) in enumerate(zip(args, value, strict=True))
            )
        items = [_value(args[0], item, file, f"{where}[{i}]") for i, item in enumerate(value)]
        return origin(items)
    if origin is dict:
        if not isinstance(value, dict):
            raise RuleError(f"{file}: {where}: a mapping expected, not {_kind(value)}")
        return {
            _value(args[0], k, file, where): _value(args[1], v, file, _key(where, str(k))) for k, v in value.items()
        }
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
        return value
    raise RuleError(f"{file}: {where}: {hint.__name__} expected, not {_kind(value)}")


def _key(where: str, key: str) -> str:
    return f"{where}.{key}" if where else str(key)


def _kind(value: Any) -> str:
    return "nothing" if value is None else f"{type(value).__name__} {value!r}"[:60]
