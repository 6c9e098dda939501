"""datapackage.json and the pandera schemas describe the same tables, fields, types and constraints."""

from __future__ import annotations

import pytest

from nmosd_evidence.datapackage.layout import KEYS, status_tables
from nmosd_evidence.datapackage.package import descriptor
from nmosd_evidence.datapackage.schemas import SCHEMAS

PANDERA_TYPES = {"string": "string[python]", "number": "Float64", "integer": "Int64"}
RESOURCES = descriptor()["resources"]


def _checks(column) -> dict[str, object]:
    found = {}
    for check in column.checks:
        stats = check.statistics
        if check.name == "isin":
            found["enum"] = list(stats["allowed_values"])
        elif check.name == "greater_than_or_equal_to":
            found["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            found["maximum"] = stats["max_value"]
        elif check.name == "str_matches":
            found["pattern"] = stats["pattern"]
    return found


def test_same_tables() -> None:
    assert [r["name"] for r in RESOURCES] == list(SCHEMAS)


@pytest.mark.parametrize("resource", RESOURCES, ids=[r["name"] for r in RESOURCES])
def test_fields_types_and_constraints_agree(resource: dict) -> None:
    schema = SCHEMAS[resource["name"]]
    fields = resource["schema"]["fields"]
    assert [f["name"] for f in fields] == list(schema.columns)
    for field in fields:
        column = schema.columns[field["name"]]
        constraints = dict(field.get("constraints", {}))
        where = f"{resource['name']}.{field['name']}"
        assert str(column.dtype) == PANDERA_TYPES[field["type"]], where
        assert column.nullable is not constraints.pop("required", False), where
        assert column.unique is constraints.pop("unique", False), where
        assert _checks(column) == constraints, where
    assert schema.strict and schema.ordered


@pytest.mark.parametrize("resource", RESOURCES, ids=[r["name"] for r in RESOURCES])
def test_keys(resource: dict) -> None:
    schema = SCHEMAS[resource["name"]]
    (key,) = resource["schema"]["primaryKey"]
    assert schema.columns[key].unique and not schema.columns[key].nullable
    if "source_id" in schema.columns and resource["name"] != "sources":
        assert resource["schema"]["foreignKeys"] == [
            {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}}
        ]


def test_the_layout_the_reports_read_is_the_schemas_own() -> None:
    """``layout`` (read without pandera) names the schemas' tables in their order, their unique
    columns and the tables with a status column."""
    assert list(KEYS) == list(SCHEMAS)
    for name, schema in SCHEMAS.items():
        assert [c for c, column in schema.columns.items() if column.unique] == [KEYS[name]]
    assert status_tables() == [name for name, schema in SCHEMAS.items() if "status" in schema.columns]
