"""Requests, grants and feedback (第二十六条 to 第三十二条): the order of steps for each use case.

Each use case reads the facts it needs, asks the policy (Casbin) whether the caller may act,
asks the domain where the step leads and by when, and then changes state in ONE guarded
statement. If that statement finds the request no longer in the expected state, another
caller acted first and this one gets a CONFLICT — nothing is half-done.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import Enum
from datetime import datetime, timedelta
from typing import Any

from graph.repos._legacy import typed_facts
from graph.store import Row
from policies.enforcer import Resource
from server.context import Context
from server.domain import requests as rules
from server.domain.requests import Action, GrantMode, RequestStatus
from server.domain.sharing import ElementDecision, element_decisions, requestable
from server.domain.values import ShareType
from server.domain.instants import parse_iso, utc_iso
from server.domain.workdays import DeadlineInstant, deadline_after
from server.domain.errors import Conflict, Invalid, NotFound
from server.services.authorization import allowed, require, subject
from server.services.catalog import find_item
from server.services.reference import jurisdiction

VISIBLE_TO_HOLDERS = frozenset({"PUBLISHED", "WITHDRAWN"})  # a withdrawn item's holders learn why their grant ended
USE_RECORD_INTERVAL = timedelta(hours=1)  # 第三十一条 idle rule: lastUsedAt moves at most hourly




async def _item_facts(ctx: Context, item_id: str) -> dict[str, Any]:
    """The item and its scope, if the caller may know of it (a draft of another department is
    NOT_FOUND, like an unknown id)."""
    item = await find_item(ctx, item_id, None)
    if item is None:
        raise NotFound(f"未找到目录 {item_id} (catalog item not found)")
    scope = await ctx.row_loaders.item_scopes.load(item_id)
    return {**item, "scope": scope}


def _deadline(ctx: Context, days: int, start: datetime | None = None) -> DeadlineInstant:
    return deadline_after(start or ctx.now, days, ctx.calendar)


# ---- applying (第二十六条, 第二十七条) ---------------------------------------------------------


@dataclass(frozen=True)
class Application:
    item_id: str
    element_codes: list[str]
    purpose: str
    scenario: str
    until: datetime


async def apply(ctx: Context, application: Application) -> str:
    item = await _item_facts(ctx, application.item_id)
    if item["status"] != "PUBLISHED":
        raise NotFound(f"未找到目录 {application.item_id} (catalog item not found)")
    await require(ctx, "apply", "item", item=item)
    elements = await ctx.row_loaders.elements.load(application.item_id)
    problems = requestable(elements, application.element_codes)
    if problems:
        code, message = problems[0]
        raise Invalid.of("elementCodes", message)
    longest = ctx.authorizer.max_grant_until(ctx.now)
    if application.until > longest:
        raise Invalid.of(
            "until",
            f"授权期限最长至 {longest.date().isoformat()}（三年，第三十一条）(a grant lasts at most until {longest.date()})",
        )
    if application.until <= ctx.now:
        raise Invalid.of("until", "授权期限须晚于当前时间 (until must be in the future)")
    due = _deadline(ctx, rules.DEADLINES.review)
    request_id = str(uuid.uuid4())
    competent = await jurisdiction(ctx)
    created = await ctx.store.write(
        "requests/create",
        itemId=application.item_id,
        consumerCode=ctx.principal.department_code,
        now=utc_iso(ctx.now),
        openStatuses=sorted(status.value for status in rules.OPEN_STATUSES),
        request={
            "id": request_id,
            "itemId": application.item_id,
            "consumerCode": ctx.principal.department_code,
            "applicant": ctx.principal.user,
            "elements": sorted({code.upper() for code in application.element_codes}),
            "purpose": application.purpose,
            "scenario": application.scenario,
            "requestedUntil": utc_iso(application.until),
            "createdAt": utc_iso(ctx.now),
            "reviewDueAt": utc_iso(due.at),
            "reviewDueProvisional": due.provisional,
            # 第二十八条, 第三十条(三): whose authority reviews and coordinates, fixed when the application is filed
            "reviewRegion": competent.own_level_region(ctx.principal.department_code),
            "coordinationRegion": competent.coordinating_region(ctx.principal.department_code, item["providerCode"]),
        },
    )
    if not created:
        raise Conflict("贵部门已为同一用途申请过相同的数据项，该申请尚在办理中 "
                                  "(your department already has an open application for these elements and this purpose)")
    return request_id


# ---- deciding (第二十八条 to 第三十条) ---------------------------------------------------------


class RequestList(Enum):
    MINE = "MINE"  # the caller's department applied
    AWAITING_ME = "AWAITING_ME"  # the caller's next step: review or coordinate (authority), answer (provider)
    OVERDUE = "OVERDUE"  # a step still open after its deadline, in the caller's remit


async def request_page(
    ctx: Context, which: RequestList, status: RequestStatus | None, skip: int, limit: int
) -> tuple[int, list[Row]]:
    """One page of a work list, newest first: (total, requests)."""
    own = ctx.principal.department_code
    filters: dict[str, Any] = {"consumerCode": None, "providerCode": None, "statuses": None, "overdueAt": None,
                               "authorityRegion": None}
    authority = await allowed(ctx, "authority_queue", "department")
    region = (await jurisdiction(ctx)).of(own)
    if which is RequestList.MINE:
        filters |= {"consumerCode": own, "statuses": [status.value] if status else None}
    elif which is RequestList.AWAITING_ME and authority:
        filters |= {"statuses": [RequestStatus.PENDING_REVIEW.value, RequestStatus.NEGOTIATING.value],
                    "authorityRegion": region.region_code if region else ""}
    elif which is RequestList.AWAITING_ME:
        filters |= {"providerCode": own, "statuses": [RequestStatus.FORWARDED.value]}
    else:
        filters["overdueAt"] = utc_iso(ctx.now)
        if authority and not (await jurisdiction(ctx)).is_city_authority(own):
            filters["authorityRegion"] = region.region_code if region else ""
        elif not authority and not await allowed(ctx, "audit", "catalog"):
            filters["providerCode"] = own
    [page] = await ctx.store.read("requests/page", skip=skip, limit=limit, **filters)
    rows = await ctx.store.read("requests/by_ids", ids=page["ids"]) if page["ids"] else []
    by_id = {row["request"]["id"]: row["request"] for row in rows}
    return page["total"], [by_id[i] for i in page["ids"] if i in by_id]


async def visible_request(ctx: Context, request_id: str) -> Row:
    """One request, for its parties, the authority that reviews or coordinates it, and audit;
    to anyone else it does not exist."""
    request = await load_request(ctx, request_id)
    if not await allowed(ctx, "read_request", "request", request=request):
        raise NotFound(f"未找到申请 {request_id} (request not found)")
    return request


async def grant_page(ctx: Context, held: bool, skip: int, limit: int) -> tuple[int, list[Row]]:
    """Grants the caller's department holds (`held`), or grants on its items."""
    own = ctx.principal.department_code
    params = {"consumerCode": own if held else None, "providerCode": None if held else own}
    [page] = await ctx.store.read("grants/page", skip=skip, limit=limit, **params)
    rows = await ctx.store.read("grants/by_ids", ids=page["ids"]) if page["ids"] else []
    by_id = {row["grant"]["id"]: row["grant"] for row in rows}
    return page["total"], [by_id[i] for i in page["ids"] if i in by_id]


async def feedback_page(ctx: Context, to_answer: bool, skip: int, limit: int) -> tuple[int, list[Row]]:
    """Feedback the caller's department filed, or (`to_answer`) must answer as the provider."""
    own = ctx.principal.department_code
    [page] = await ctx.store.read(
        "feedback/page", consumerCode=None if to_answer else own, providerCode=own if to_answer else None,
        statuses=None, skip=skip, limit=limit,
    )
    return page["total"], page["page"]


async def load_request(ctx: Context, request_id: str) -> Row:
    rows = await ctx.store.read("requests/by_ids", ids=[request_id])
    if not rows:
        raise NotFound(f"未找到申请 {request_id} (request not found)")
    return rows[0]["request"]


ACTION_POLICY = {
    Action.REVIEW: "review",
    Action.ANSWER: "answer",
    Action.NEGOTIATE: "negotiate",
    Action.COORDINATE: "coordinate",
}


async def decide(
    ctx: Context,
    action: Action,
    request_id: str,
    approve: bool,
    reason: str,
    already_shared: bool = True,
) -> Row:
    """One step by the authority, the provider or the consumer; returns the request afterwards."""
    request = await load_request(ctx, request_id)
    item = await _item_facts(ctx, request["itemId"])
    await require(ctx, ACTION_POLICY[action], "request", item=item, request=request)
    if rules.needs_reason(action, approve) and not reason.strip():
        raise Invalid.of("reason", "请说明理由（第三十条）(a reason is required)")
    try:
        result = rules.outcome(
            action,
            RequestStatus(request["status"]),
            approve,
            ShareType(request["shareType"]),
            platform_authorised=bool(item.get("platformAuthorisedAt")),
        )
    except rules.TransitionError as exc:
        raise Conflict(str(exc)) from exc
    changes = _step_record(ctx, action, request, approve, reason, result.status, already_shared)
    params = {"id": request_id, "now": utc_iso(ctx.now), "fromStatus": request["status"], "changes": changes}
    if result.grant_mode is not None:
        rows = await ctx.store.write("requests/transition_with_grant", grant=_new_grant(ctx, result.grant_mode), **params)
    else:
        rows = await ctx.store.write("requests/transition", toStatus=result.status.value, **params)
    if not rows:
        raise Conflict("该申请已被他人处理，请刷新后查看 (someone else acted on this request first)")
    return await load_request(ctx, request_id)


def _step_record(
    ctx: Context, action: Action, request: Row, approve: bool, reason: str, to: RequestStatus, already_shared: bool
) -> dict[str, Any]:
    """What a step records on the request: who, when, why, and whether it was late."""
    now, actor = utc_iso(ctx.now), ctx.principal.user
    if action is Action.REVIEW:
        changes: dict[str, Any] = {
            "reviewedAt": now, "reviewedBy": actor, "reviewNote": reason,
            "reviewLate": now > request["reviewDueAt"],
        }
        if to is RequestStatus.FORWARDED:
            days = rules.answer_days(already_shared)
            due = _deadline(ctx, days)
            changes |= {
                "forwardedAt": now, "answerDays": days, "answerDueAt": utc_iso(due.at),
                "answerDueProvisional": due.provisional,
            }
        return changes
    if action is Action.ANSWER:
        return {
            "answeredAt": now, "answeredBy": actor, "answerNote": reason,
            "answerLate": now > request["answerDueAt"],
        }
    if action is Action.NEGOTIATE:
        return {"negotiationOpenedAt": now, "negotiationOpenedBy": actor, "negotiationStatement": reason}
    return {"coordinatedAt": now, "coordinatedBy": actor, "coordinationDecision": reason}


def _new_grant(ctx: Context, mode: GrantMode) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "mode": mode.value, "grantedAt": utc_iso(ctx.now), "grantedBy": ctx.principal.user}


# ---- grants (第二十九条, 第三十一条) -----------------------------------------------------------


async def authorise_platform(ctx: Context, item_id: str) -> None:
    """整体授权: the provider lets the platform grant its conditional item to in-scope departments."""
    item = await _item_facts(ctx, item_id)
    await require(ctx, "authorise_platform", "item", item=item)
    rows = await ctx.store.write(
        "grants/authorise_platform", itemId=item_id, providerCode=item["providerCode"], now=utc_iso(ctx.now),
        actor=ctx.principal.user,
    )
    if not rows:
        raise Conflict("只能对本部门已发布的目录整体授权 (only a published item of your own)")


async def load_grant(ctx: Context, grant_id: str) -> Row:
    rows = await ctx.store.read("grants/by_ids", ids=[grant_id])
    if not rows:
        raise NotFound(f"未找到授权 {grant_id} (grant not found)")
    return rows[0]["grant"]


async def revoke(ctx: Context, grant_id: str, reason: str) -> Row:
    grant = await _grant_for_change(ctx, grant_id, reason, "revoke")
    rows = await ctx.store.write(
        "grants/revoke", id=grant["id"], reason=reason, now=utc_iso(ctx.now), actor=ctx.principal.user
    )
    if not rows:
        raise Conflict("该授权已撤销 (grant is already revoked)")
    return await load_grant(ctx, grant_id)


async def reinstate(ctx: Context, grant_id: str, reason: str) -> Row:
    """Lifts a revocation or an idle stop; an expired grant is renewed by a new request."""
    grant = await _grant_for_change(ctx, grant_id, reason, "reinstate")
    live, state = ctx.authorizer.grant_state(typed_facts(grant=grant)["grant"], None, ctx.now)
    if live:
        raise Conflict("该授权有效，无需恢复 (grant is live)")
    if state == "EXPIRED":
        raise Conflict("授权已到期，续期须重新申请（第三十一条）(expired: renewal is a new request)")
    rows = await ctx.store.write(
        "grants/reinstate", id=grant_id, reason=reason, now=utc_iso(ctx.now), actor=ctx.principal.user,
        seenRevokedAt=grant.get("revokedAt") or "", seenReinstatedAt=grant.get("reinstatedAt") or "",
    )
    if not rows:
        raise Conflict("该授权已被他人恢复或已到期，请刷新 (someone else reinstated it first, or it expired)")
    return await load_grant(ctx, grant_id)


async def _grant_for_change(ctx: Context, grant_id: str, reason: str, action: str) -> Row:
    if not reason.strip():
        raise Invalid.of("reason", "请说明理由 (a reason is required)")
    grant = await load_grant(ctx, grant_id)
    item = await _item_facts(ctx, grant["itemId"])
    await require(ctx, action, "grant", item=item, grant=grant)
    return grant


@dataclass(frozen=True)
class AuthorizeAnswer:
    item_id: str
    allowed: bool
    reason: str
    message: str
    grant_id: str | None
    expires_at: str | None
    elements: list[ElementDecision]


async def authorize(ctx: Context, questions: list[tuple[str, list[str]]]) -> list[AuthorizeAnswer]:
    """The gateway's question on every call (第三十一条, 第三十九条): may the caller's department read
    these elements of these items now? Answers in the order asked; records use at most hourly."""
    asked_codes: dict[str, set[str]] = {}
    for item_id, asked in questions:
        asked_codes.setdefault(item_id, set()).update(code.upper() for code in asked)
    rows = await ctx.store.read(
        "grants/authorize_facts", consumerCode=ctx.principal.department_code,
        questions=[{"itemId": item_id, "codes": sorted(codes)} for item_id, codes in asked_codes.items()],
    )
    facts = {row["itemId"]: row for row in rows}
    who = await subject(ctx)
    answers, touches = [], []
    for item_id, asked in questions:
        row = facts.get(item_id)
        if row is None or row["item"]["status"] not in VISIBLE_TO_HOLDERS:  # a draft reveals nothing, not even its elements
            answers.append(AuthorizeAnswer(item_id, False, "NOT_FOUND", "未找到目录 (catalog item not found)", None, None,
                                           element_decisions([], asked, None)))
            continue
        best, decision = None, None
        for grant in sorted(row["grants"], key=lambda g: g.get("expiresAt") or "", reverse=True):
            decision = ctx.authorizer.decide(who, "use", Resource(kind="grant", **typed_facts(item=row["item"], grant=grant)), ctx.now)
            if decision.allowed:
                best = grant
                break
        if best is None:
            reason = decision.reason if decision else "NO_GRANT"
            message = decision.message if decision else "没有该目录的授权，请先申请 (no grant: apply first)"
            answers.append(AuthorizeAnswer(item_id, False, reason, message, None, None,
                                           element_decisions(row["elements"], asked, None)))
            continue
        answers.append(AuthorizeAnswer(item_id, True, "ALLOWED", decision.message, best["id"], best.get("expiresAt"),
                                       element_decisions(row["elements"], asked, best.get("elements") or [])))
        last = best.get("lastUsedAt")
        if not last or parse_iso(last) < ctx.now - USE_RECORD_INTERVAL:
            touches.append({"id": best["id"], "at": utc_iso(ctx.now), "before": utc_iso(ctx.now - USE_RECORD_INTERVAL)})
    if touches:
        await ctx.store.write("grants/touch", touches=touches)
    return answers


# ---- feedback (第三十二条) -------------------------------------------------------------------


async def report_feedback(ctx: Context, item_id: str, description: str) -> str:
    if len(description.strip()) < 4:
        raise Invalid.of("description", "请具体描述数据问题 (describe the problem)")
    item = await _item_facts(ctx, item_id)
    rows = await ctx.store.read("grants/for_consumer_items", itemIds=[item_id], consumerCode=ctx.principal.department_code)
    grants = rows[0]["grants"] if rows else []
    who = await subject(ctx)
    live = [g for g in grants if ctx.authorizer.decide(who, "use", Resource(kind="grant", **typed_facts(item=item, grant=g)), ctx.now).allowed]
    await require(ctx, "feedback", "item", item=item, grant=live[0] if live else None)
    due = _deadline(ctx, rules.DEADLINES.feedback)
    feedback_id = str(uuid.uuid4())
    await ctx.store.write("feedback/create", feedback={
        "id": feedback_id, "itemId": item_id, "consumerCode": ctx.principal.department_code,
        "reporter": ctx.principal.user, "description": description.strip(), "createdAt": utc_iso(ctx.now),
        "dueAt": utc_iso(due.at), "dueProvisional": due.provisional,
    })
    return feedback_id


async def answer_feedback(ctx: Context, feedback_id: str, answer: str, corrected: bool) -> Row:
    if not answer.strip():
        raise Invalid.of("answer", "请填写核实结果 (an answer is required)")
    rows = await ctx.store.read("feedback/by_ids", ids=[feedback_id])
    if not rows:
        raise NotFound(f"未找到反馈 {feedback_id} (feedback not found)")
    report = rows[0]["feedback"]
    item = await _item_facts(ctx, report["itemId"])
    await require(ctx, "answer_feedback", "item", item=item)
    rows = await ctx.store.write(
        "feedback/answer", id=feedback_id, providerCode=item["providerCode"], answer=answer.strip(),
        corrected=corrected, now=utc_iso(ctx.now), actor=ctx.principal.user,
    )
    if not rows:
        raise Conflict("该反馈已答复 (feedback already answered)")
    return rows[0]["feedback"]
