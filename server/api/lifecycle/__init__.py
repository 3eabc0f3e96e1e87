"""The catalog's lifecycle and its supervision in GraphQL (第九条 to 第十九条): compile, update,
submit, review and code, history and differences; withdrawal, data updates, change events."""

from server.api.lifecycle.mutations import LifecycleMutation, SupervisionMutation
from server.api.lifecycle.queries import LifecycleQuery, SupervisionQuery

__all__ = ["LifecycleMutation", "LifecycleQuery", "SupervisionMutation", "SupervisionQuery"]
