"""Relay-style connections (`first`/`after`, `pageInfo`, `totalCount`) with a page-size cap."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Generic, TypeVar

import strawberry

from server.domain.errors import Invalid

T = TypeVar("T")
_PREFIX = "offset:"


@strawberry.type(description="分页信息 (page info)")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="连接中的一条 (an edge of a connection)")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="分页列表 (a Relay connection)")
class Connection(Generic[T]):
    total_count: int = strawberry.field(description="总数 (total number of nodes)")
    edges: list[Edge[T]]
    page_info: PageInfo


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(cursor)
        offset = int(text.removeprefix(_PREFIX))
        if offset < 0:
            raise ValueError(cursor)
        return offset
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid.of("after", "分页游标无效 (invalid cursor)") from exc


def page_window(first: int, after: str | None, max_page_size: int) -> tuple[int, int]:
    """(skip, limit) for a request; `first` above the cap is refused, not silently cut."""
    if first < 0:
        raise Invalid.of("first", "first 不能为负数 (first must not be negative)")
    if first > max_page_size:
        raise Invalid.of("first", f"每页最多 {max_page_size} 条 (first must be at most {max_page_size})")
    skip = decode_cursor(after) + 1 if after else 0
    return skip, first


def connection(nodes: Sequence[T], total: int, skip: int) -> Connection[T]:
    edges = [Edge(cursor=encode_cursor(skip + index), node=node) for index, node in enumerate(nodes)]
    return Connection(
        total_count=total,
        edges=edges,
        page_info=PageInfo(
            has_next_page=skip + len(nodes) < total,
            has_previous_page=skip > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
