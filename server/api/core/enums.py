"""Every status, reason and value list as a GraphQL enum whose values carry their Chinese labels.

The domain's enums (server/domain/) are the one source: a member's name is its GraphQL value
and its `label` (or, for enums without one, the description given here) becomes the value's
description in the SDL, so a frontend developer reads the label a clerk will see.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from server.domain import values as v

E = TypeVar("E", bound=type[Enum])


def labelled_enum(enum: E, description: str | None = None, labels: dict[str, str] | None = None,
                  name: str | None = None) -> E:
    """`strawberry.enum` whose every value is described by its Chinese label (`member.label`,
    or `labels[member.name]` for enums that carry none)."""
    doc = description or (enum.__doc__ or "").strip().splitlines()[0]
    wrapped = strawberry.enum(enum, name=name, description=doc)
    definition = wrapped.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        member = enum[value.name]
        label = getattr(member, "label", None) or (labels or {}).get(value.name)
        if not label:
            raise ValueError(f"{enum.__name__}.{value.name} has no Chinese label")
        value.description = label
    return wrapped


ShareType = labelled_enum(v.ShareType)
ShareMode = labelled_enum(v.ShareMode)
OpenType = labelled_enum(v.OpenType)
OpenMode = labelled_enum(v.OpenMode)
UpdateCycle = labelled_enum(v.UpdateCycle)
DataFormat = labelled_enum(v.DataFormat)
StorageLevel = labelled_enum(v.StorageLevel)
ResourceCategory = labelled_enum(v.ResourceCategory)
DataGrade = labelled_enum(v.DataGrade)
Sensitivity = labelled_enum(v.Sensitivity)
ElementType = labelled_enum(v.ElementType)
MaskingRule = labelled_enum(v.MaskingRule)
ItemStatus = labelled_enum(v.ItemStatus)
DepartmentKind = labelled_enum(v.DepartmentKind)
RegionLevel = labelled_enum(v.RegionLevel)
DatabaseKind = labelled_enum(v.DatabaseKind)
