"""Search and browse (第二十七条) and 一数一源 (第十五条) in GraphQL."""

from server.api.search.queries import SearchQuery

__all__ = ["SearchQuery"]
