"""`node(id:)`: any object by its global id (the Node interface of GitHub's API)."""

from server.api.nodes.queries import NodeQuery

__all__ = ["NodeQuery"]
