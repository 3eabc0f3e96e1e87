"""`GET /audit/export`: the audit log or the decision log as a csv or xlsx file, for AUDITOR
(第三十八条, 第三十九条). The same selection as the GraphQL queries `auditEvents` and
`authorizeDecisions`, given as query parameters; a bad parameter is a 400 naming it."""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.catalog_files import ContextFactory, attachment, bad_parameter, error_response, guarded
from server.context import Context
from server.domain.audit_export import FORMATS
from server.domain.input_text import CODE_MAX
from server.domain.instants import parse_iso
from server.domain.records.audit import AuditAction, AuditFilter, AuditTargetKind
from server.domain.records.decisions import DecisionFilter
from server.errors import BAD_USER_INPUT
from server.services import audit, decisions

ID_MAX = 128
LIMITS = {"log": 16, "format": 16, "actor": 200, "department": CODE_MAX, "action": 64, "targetKind": 64,
          "targetId": ID_MAX, "itemId": ID_MAX, "grantId": ID_MAX, "allowed": 8, "from": 40, "to": 40}
LOGS = {"events": "审计日志", "decisions": "鉴权日志"}


class _BadParameter(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def _instant(request: Request, name: str) -> datetime | None:
    text = request.query_params.get(name)
    if not text:
        return None
    try:
        moment = parse_iso(text)
    except ValueError:
        raise _BadParameter(name, f"{name}：须为 ISO-8601 时间，如 2026-01-01T00:00:00Z (an ISO-8601 instant)") from None
    if moment.tzinfo is None:
        raise _BadParameter(name, f"{name}：须带时区，如 Z 或 +08:00 (give the time zone)")
    if not 1900 <= moment.year <= 2200:
        raise _BadParameter(name, f"{name}：须在 1900–2200 年之间 (years 1900–2200)")
    return moment


def _enum(request: Request, name: str, enum: type) -> object | None:
    text = request.query_params.get(name)
    if not text:
        return None
    try:
        return enum(text)
    except ValueError:
        raise _BadParameter(name, f"{name}：可选 {', '.join(member.value for member in enum)} (one of those)") from None


def _events_filter(request: Request) -> AuditFilter:
    query = request.query_params
    return AuditFilter(actor=query.get("actor") or None, department=query.get("department") or None,
                       action=_enum(request, "action", AuditAction),  # type: ignore[arg-type]
                       target_kind=_enum(request, "targetKind", AuditTargetKind),  # type: ignore[arg-type]
                       target_id=query.get("targetId") or None, since=_instant(request, "from"),
                       until=_instant(request, "to"))


def _decisions_filter(request: Request) -> DecisionFilter:
    query = request.query_params
    allowed = query.get("allowed")
    if allowed not in (None, "", "true", "false"):
        raise _BadParameter("allowed", "allowed：须为 true 或 false (true or false)")
    return DecisionFilter(department=query.get("department") or None, item_id=query.get("itemId") or None,
                          grant_id=query.get("grantId") or None, allowed=None if not allowed else allowed == "true",
                          since=_instant(request, "from"), until=_instant(request, "to"))


def audit_routes(make_context: ContextFactory) -> list[Route]:
    async def export(request: Request) -> Response:
        if bad := bad_parameter(request, LIMITS):
            return bad
        log = request.query_params.get("log", "events")
        fmt = "." + request.query_params.get("format", "xlsx").lower().lstrip(".")
        if log not in LOGS:
            return error_response(400, BAD_USER_INPUT, "log 须为 events 或 decisions (log must be events or decisions)",
                                  field="log")
        if fmt not in FORMATS:
            return error_response(400, BAD_USER_INPUT, "format 须为 xlsx 或 csv (format must be xlsx or csv)",
                                  field="format")
        try:
            which = _events_filter(request) if log == "events" else _decisions_filter(request)
        except _BadParameter as exc:
            return error_response(400, BAD_USER_INPUT, str(exc), field=exc.name)

        async def handle(ctx: Context) -> Response:
            if isinstance(which, AuditFilter):
                data = await audit.export_events(ctx, which, fmt)
            else:
                data = await decisions.export_decisions(ctx, which, fmt)
            return attachment(data, fmt, f"{LOGS[log]}{fmt}")

        return await guarded(make_context, request, handle)

    return [Route("/audit/export", export, methods=["GET"])]
