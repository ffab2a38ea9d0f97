"""The JSON Schema (draft-07) of both file kinds, for editors (`sciplan schema`).

pydantic's, with numbers written as numbers and the definitions where draft-07 keeps them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sciplan.validate.schema import DataFile, TargetsFile, _Shape


def json_schema(model: type[_Shape], title: str) -> dict:
    """Draft-07 JSON Schema of a file kind, for editors (yaml-language-server)."""
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    schema["definitions"] = schema.pop("$defs", {})
    if not schema["definitions"]:
        del schema["definitions"]
    _numeric_defaults(schema)
    _numeric_object_defaults(schema, schema.get("definitions", {}))
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema, "title": title}


def _numeric_defaults(node: Any) -> None:
    """Pydantic writes a Decimal default as text ("90"), which a number field refuses: write it as
    the number it is (90, 0.95), so an editor filling in the default writes a valid file."""
    if isinstance(node, dict):
        default = node.get("default")
        if node.get("type") == "number" and isinstance(default, str):
            number = Decimal(default)
            node["default"] = int(number) if number == number.to_integral_value() else float(number)
        for value in node.values():
            _numeric_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _numeric_defaults(value)


def _numeric_object_defaults(node: Any, definitions: dict) -> None:
    """The same for a section's default (`pace: {yellow: 10, red: 30}`): its number fields as numbers."""
    if isinstance(node, dict):
        ref, default = node.get("$ref"), node.get("default")
        if isinstance(ref, str) and isinstance(default, dict):
            fields = definitions.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
            for name, value in default.items():
                if fields.get(name, {}).get("type") == "number" and isinstance(value, str):
                    number = Decimal(value)
                    default[name] = int(number) if number == number.to_integral_value() else float(number)
        for value in node.values():
            _numeric_object_defaults(value, definitions)
    elif isinstance(node, list):
        for value in node:
            _numeric_object_defaults(value, definitions)


def schemas() -> dict[str, dict]:
    """Both file kinds' schemas, by the name `sciplan schema` uses."""
    return {
        "targets": json_schema(TargetsFile, "sciplan targets.yaml"),
        "data": json_schema(DataFile, "sciplan data/<YEAR>.yaml"),
    }
