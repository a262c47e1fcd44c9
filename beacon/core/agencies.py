"""The agency tree as plain data: ordering for display, and loops found before they are saved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TypeVar

from beacon.core.models import Agency

T = TypeVar("T")

# Siblings read in the order of the city's organisation chart, then by name.
_KIND_ORDER = {
    "lead": 0,
    "department": 1,
    "district": 2,
    "commune": 3,
    "border_gate": 4,
    "partner": 5,
}


def tree_order(agencies: Iterable[Agency]) -> list[tuple[Agency, int]]:
    """Agencies depth-first, each with its depth, children in name order.

    An agency whose parent is not in the list is shown as a root, so a filtered list still reads
    as a tree.
    """
    items = list(agencies)
    present = {agency.pk for agency in items}
    children: dict[int | None, list[Agency]] = defaultdict(list)
    for agency in items:
        parent = agency.parent_id if agency.parent_id in present else None
        children[parent].append(agency)
    for siblings in children.values():
        siblings.sort(key=lambda a: (_KIND_ORDER.get(a.kind, 99), a.name.casefold()))
    ordered: list[tuple[Agency, int]] = []
    stack = [(agency, 0) for agency in reversed(children[None])]
    seen: set[int] = set()
    while stack:
        agency, depth = stack.pop()
        if agency.pk in seen:
            continue
        seen.add(agency.pk)
        ordered.append((agency, depth))
        stack.extend((child, depth + 1) for child in reversed(children[agency.pk]))
    return ordered


def find_cycle(parents: Mapping[T, T | None]) -> list[T] | None:
    """The first loop in a child→parent mapping, as the list of its members, or None."""
    done: set[T] = set()
    for start in parents:
        path: list[T] = []
        on_path: set[T] = set()
        node: T | None = start
        while node is not None and node not in done:
            if node in on_path:
                return path[path.index(node) :]
            path.append(node)
            on_path.add(node)
            node = parents.get(node)
        done.update(path)
    return None


def with_units(ids: Iterable[int]) -> set[int]:
    """The agencies and every unit below them, however deep (a district with its communes).

    Reports scoped to a district count its communes' work too, as permissions do; one query.
    """
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in Agency.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found, stack = set(ids), list(ids)
    while stack:
        for child in children[stack.pop()]:
            if child not in found:
                found.add(child)
                stack.append(child)
    return found
