"""The TypedDicts of gazette/rows.py against the table schemas, and the kinds against the rule files."""

from __future__ import annotations

import datetime as dt
import types
import typing

import pyarrow as pa
import pytest

from gazette.clean import markers
from gazette.enrich.appointments import EVENTS
from gazette.enrich.places import place_rules
from gazette.rows import ROW_TYPES, BlockKind, PlaceKind
from gazette.tables import SCHEMAS


def python_type(arrow_type: pa.DataType) -> object:
    """The Python type a row holds for a column of `arrow_type`."""
    if pa.types.is_list(arrow_type):
        return list[python_type(arrow_type.value_type)]
    if pa.types.is_struct(arrow_type):
        return dict
    for check, python in (
        (pa.types.is_string, str),
        (pa.types.is_integer, int),
        (pa.types.is_floating, float),
        (pa.types.is_boolean, bool),
        (pa.types.is_date32, dt.date),
        (pa.types.is_timestamp, dt.datetime),
    ):
        if check(arrow_type):
            return python
    raise AssertionError(f"no Python type for {arrow_type}")


def value_type(hint: object) -> object:
    """A TypedDict annotation with NotRequired, None and Literal taken off: Literal["a", "b"] -> str."""
    if typing.get_origin(hint) is typing.NotRequired:
        return value_type(typing.get_args(hint)[0])
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        kept = [value_type(arg) for arg in typing.get_args(hint) if arg is not type(None)]
        assert len(set(kept)) == 1, f"{hint} mixes types"
        return kept[0]
    if typing.is_typeddict(hint):
        return dict
    if typing.get_origin(hint) is list:
        return list[value_type(typing.get_args(hint)[0])]  # type: ignore[misc]
    if typing.get_origin(hint) is typing.Literal:
        (kind,) = {type(arg) for arg in typing.get_args(hint)}
        return kind
    return hint


def test_every_table_has_a_row_type():
    assert ROW_TYPES.keys() == SCHEMAS.keys()


@pytest.mark.parametrize("table", SCHEMAS)
def test_row_type_has_the_schema_columns_in_order(table):
    assert list(typing.get_type_hints(ROW_TYPES[table])) == SCHEMAS[table].names


@pytest.mark.parametrize("table", SCHEMAS)
def test_row_type_holds_the_python_type_of_each_column(table):
    hints = typing.get_type_hints(ROW_TYPES[table], include_extras=True)
    for column in SCHEMAS[table]:
        assert value_type(hints[column.name]) == python_type(column.type), f"{table}.{column.name}"


def test_value_type_sees_through_optional_and_literal():
    """The check above must be able to fail: a wrong annotation is told apart."""
    assert value_type(typing.Literal["a", "b"] | None) is str
    assert value_type(int | None) is not str


def test_block_kinds_cover_the_boilerplate_of_markers_yaml():
    # the boilerplate of markers.yaml, a fragment no article took, an e-paper picture caption
    assert set(markers().boilerplate) | {"fragment", "caption"} == set(typing.get_args(BlockKind))


def test_place_kinds_cover_the_suffixes_of_places_yaml():
    assert set(place_rules().suffixes.values()) - {None} == set(typing.get_args(PlaceKind))


def test_appointment_events_are_the_table_kind():
    assert set(EVENTS) == set(typing.get_args(typing.get_type_hints(ROW_TYPES["appointments"])["event"]))
