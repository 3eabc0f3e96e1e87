"""Audit queries (第三十八条): the audit log for AUDITOR, newest first."""

from __future__ import annotations

from typing import Annotated

import strawberry

from server.api.audit.types import (
    AuditEvent,
    AuditEventFilter,
    AuditVerification,
    AuthorizeDecision,
    AuthorizeDecisionFilter,
)
from server.api.core.info import Ctx
from server.api.core.pagination import After, Connection, First, connection, page_window
from server.domain.records.audit import AuditFilter
from server.domain.records.decisions import DecisionFilter
from server.services import audit as audit_service
from server.services import decisions as decision_service


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

    @strawberry.field(description="鉴权日志：交换网关每次鉴权的结果，最新在前；仅审计人员可查 "
                                  "(the decision log: every authorize answer, newest first; AUDITOR only; 第三十九条)")
    async def authorize_decisions(
        self, info: Ctx,
        filter: Annotated[AuthorizeDecisionFilter | None, strawberry.argument(description="筛选条件 (filter)")] = None,
        first: First = 20, after: After = None,
    ) -> Connection[AuthorizeDecision]:
        skip, limit = page_window(first, after, info.context.settings.max_page_size)
        which = filter.to_record() if filter else DecisionFilter()
        total, decisions = await decision_service.decisions_page(info.context, which, skip, limit)
        return connection([AuthorizeDecision.of(decision) for decision in decisions], total, skip)

    @strawberry.field(description="重算审计日志哈希链并校验，可附检查点；仅审计人员可查 "
                                  "(recompute the audit log's hash chain, optionally against a checkpoint; AUDITOR only)")
    async def audit_verification(
        self, info: Ctx,
        checkpoint: Annotated[str | None, strawberry.argument(
            description="此前记下的检查点 序号:哈希 (a SEQ:HASH kept from `mulu audit checkpoint`)")] = None,
    ) -> AuditVerification:
        context = info.context
        return AuditVerification.of(await audit_service.verification(context, checkpoint),
                                    await decision_service.verify_log(context.decisions.directory))
