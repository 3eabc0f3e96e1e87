"""Policy administration in GraphQL (第三十六条): read, dry-run, save and restore the rules."""

from server.api.policy.mutations import PolicyMutation
from server.api.policy.queries import PolicyQuery

__all__ = ["PolicyMutation", "PolicyQuery"]
