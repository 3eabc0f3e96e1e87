"""What a global id names (the `Node` interface's `node(id:)`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class NodeKind(str, Enum):
    CATALOG_ITEM = "CatalogItem"
    DATA_ELEMENT = "DataElement"
    DEPARTMENT = "Department"
    ACCESS_REQUEST = "AccessRequest"
    GRANT = "Grant"
    FEEDBACK = "Feedback"
    WITHDRAWAL_REQUEST = "WithdrawalRequest"
    CHANGE_EVENT = "ChangeEvent"


@dataclass(frozen=True, slots=True)
class NodeRef:
    kind: NodeKind
    id: str
    owner_id: str  # the item a data element, request, grant, feedback or withdrawal is about
