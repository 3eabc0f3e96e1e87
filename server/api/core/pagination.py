"""Relay-style connections (`first`/`after`, `pageInfo`, `totalCount`) with a page-size cap.

A cursor is an opaque string (the node's offset in the whole result); `First` and `After` are the
arguments every connection field takes, described once here.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

import strawberry

from server.domain.errors import Invalid

T = TypeVar("T")
_PREFIX = "offset:"

#: `first`: how many nodes to return (at most the server's page-size cap).
First = Annotated[int, strawberry.argument(description="每页条数 (page size)")]
#: `after`: the `endCursor` of the previous page; none for the first page.
After = Annotated[str | None, strawberry.argument(description="从此游标之后开始 (start after this cursor)")]


@strawberry.type(description="分页信息 (page info)")
class PageInfo:
    has_next_page: bool = strawberry.field(description="是否还有下一页 (whether there are more nodes after this page)")
    has_previous_page: bool = strawberry.field(
        description="是否有上一页 (whether there are nodes before this page)")
    start_cursor: str | None = strawberry.field(
        description="本页第一条的游标，本页为空时为空 (cursor of the first edge; null when the page is empty)")
    end_cursor: str | None = strawberry.field(
        description="本页最后一条的游标，作为下一页的 after (cursor of the last edge: pass it as `after` for the next page)")


@strawberry.type(description="连接中的一条 (an edge of a connection)")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="此条的游标 (this edge's cursor)")
    node: T = strawberry.field(description="此条的对象 (the object at this edge)")


@strawberry.type(description="分页列表 (a Relay connection)")
class Connection(Generic[T]):
    total_count: int = strawberry.field(description="总数，不限于本页 (total number of nodes, not only this page's)")
    edges: list[Edge[T]] = strawberry.field(description="本页各条 (this page's edges)")
    page_info: PageInfo = strawberry.field(description="分页信息 (page info)")


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
