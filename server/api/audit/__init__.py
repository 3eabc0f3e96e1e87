"""The audit log in GraphQL (第三十八条): AUDITOR reads who changed what, when and why."""

from server.api.audit.queries import AuditQuery

__all__ = ["AuditQuery"]
