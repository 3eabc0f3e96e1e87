"""Audit queries (第三十八条): the audit log for AUDITOR, newest first."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.audit.types import AuditEvent, AuditEventFilter
from server.api.core.info import Ctx
from server.api.core.pagination import After, Connection, First, connection, page_window
from server.domain.records.audit import AuditFilter
from server.services import audit as audit_service


@strawberry.type
class AuditQuery:
    @strawberry.field(description="审计日志，最新在前；仅审计人员可查 (the audit log, newest first; AUDITOR only)")
    async def audit_events(
        self, info: Ctx,
        filter: Annotated[AuditEventFilter | None, strawberry.argument(description="筛选条件 (filter)")] = None,
        first: First = 20, after: After = None,
    ) -> Connection[AuditEvent]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        which = filter.to_record() if filter else AuditFilter()
        total, events = await audit_service.events_page(info.context, which, skip, limit)
        return connection([AuditEvent.of(event) for event in events], total, skip)
