"""Requests, grants and feedback (第二十六条 to 第三十二条): the order of steps for each use case.

Each use case reads the facts it needs, asks the policy (Casbin) whether the caller may act,
asks the domain where the step leads and by when, and then changes state in ONE guarded
statement. If that statement finds the request no longer in the expected state, another
caller acted first and this one gets a CONFLICT — nothing is half-done.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from enum import Enum

from graph.repos import sharing as repo
from policies.enforcer import Resource, grant_facts
from server.context import Context
from server.domain import requests as rules
from server.domain.errors import Conflict, Invalid, NotFound, Unavailable
from server.domain.grants import GrantReason, GrantWarning, step_instant
from server.domain.grants import grant_warnings as warnings_for_grant
from server.domain.records.audit import AuditAction, AuditOutcome, AuditTargetKind
from server.domain.records.catalog import ItemFacts, ItemRecord
from server.domain.records.decisions import AuthorizeDecision
from server.domain.records.sharing import (
    FeedbackRecord,
    GrantRecord,
    NewFeedback,
    NewGrant,
    NewRequest,
    RequestFilter,
    RequestRecord,
    RequestStep,
    UseRecord,
)
from server.domain.requests import Action, RequestStatus
from server.domain.rules import IdleOutcome
from server.domain.sharing import (
    AuthorizeReason, ElementDecision, element_decisions, requestable, scope_covers, uses_data,
)
from server.domain.values import ItemStatus
from server.domain.workdays import SHANGHAI, DeadlineInstant, deadline_after
from server.services import audit, catalog
from server.services.authorization import allowed, require, subject
from server.services.reference import jurisdiction

log = logging.getLogger("mulu.sharing")

VISIBLE_TO_HOLDERS = frozenset({ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN})  # a withdrawn item's holders learn why their grant ended


async def _visible_item(ctx: Context, item_id: str) -> ItemRecord:
    """The item with its sharing scope, if the caller may know of it (a draft of another
    department is NOT_FOUND, like an unknown id)."""
    item = await catalog.visible_item(ctx, item_id)
    if item is None:
        raise NotFound(f"未找到目录 {item_id} (catalog item not found)")
    scope = await ctx.loaders.item_scopes.load(item_id)
    return dataclasses.replace(item, scope=tuple(scope))


def _deadline(ctx: Context, days: int, start: datetime | None = None) -> DeadlineInstant:
    return deadline_after(start or ctx.now, days, ctx.calendar)


# ---- applying (第二十六条, 第二十七条) ---------------------------------------------------------


@dataclass(frozen=True)
class Application:
    item_id: str
    element_codes: tuple[str, ...]
    purpose: str
    scenario: str
    until: date  # the last day of use, inclusive (Asia/Shanghai)


def until_instant(day: date) -> datetime:
    """The application's last day, inclusive: the end of that day in Asia/Shanghai, as UTC."""
    return datetime.combine(day, time(23, 59, 59), SHANGHAI).astimezone(timezone.utc)


async def apply(ctx: Context, application: Application) -> RequestRecord:
    """第二十六条: files an application; a duplicate of an open one is a CONFLICT."""
    item = await _visible_item(ctx, application.item_id)
    if item.status is not ItemStatus.PUBLISHED:
        raise NotFound(f"未找到目录 {application.item_id} (catalog item not found)")
    await require(ctx, "apply", "item", item=item)
    problems = requestable(await catalog.elements(ctx, application.item_id), application.element_codes)
    if problems:
        raise Invalid.of("elementCodes", problems[0][1])
    until = until_instant(application.until)
    longest = ctx.authorizer.max_grant_until(ctx.now)
    if until > longest:
        raise Invalid.of(
            "until",
            f"授权期限最长至 {longest.date().isoformat()}（{ctx.authorizer.max_grant_period().label()}，第三十一条）"
            f"(a grant lasts at most until {longest.date()})",
        )
    if until <= ctx.now:
        raise Invalid.of("until", "授权期限须晚于当前时间 (until must be in the future)")
    due = _deadline(ctx, ctx.rules.requests.review_working_days)  # 第三十条: the rules in force at filing
    consumer = ctx.principal.department_code
    competent = await jurisdiction(ctx)
    request = NewRequest(
        id=str(uuid.uuid4()), item_id=application.item_id, consumer_code=consumer, applicant=ctx.principal.user,
        element_codes=application.element_codes, purpose=application.purpose, scenario=application.scenario,
        requested_until=until, created_at=ctx.now, review_due_at=due.at, review_due_provisional=due.provisional,
        # 第二十八条, 第三十条(三): whose authority reviews and coordinates, fixed when the application is filed
        review_region=competent.own_level_region(consumer),
        coordination_region=competent.coordinating_region(consumer, item.provider_code),
    )
    event = audit.event(ctx, AuditAction.REQUEST_CREATE, AuditTargetKind.REQUEST, request.id, code=item.code,
                        reason=application.purpose, after={
                            "status": RequestStatus.PENDING_REVIEW, "itemId": item.id, "consumerCode": consumer,
                            "elements": sorted({code.upper() for code in application.element_codes}),
                            "purpose": application.purpose, "scenario": application.scenario, "until": until,
                            "reviewDueAt": due.at, "rulesVersion": ctx.authorizer.version,
                        })
    if not await repo.create_request(ctx.store, request, rules.OPEN_STATUSES, event):
        raise Conflict("贵部门已为同一用途申请过相同的数据项，该申请尚在办理中 "
                       "(your department already has an open application for these elements and this purpose)")
    return await _load_request(ctx, request.id)


# ---- deciding (第二十八条 to 第三十条) ---------------------------------------------------------


class RequestList(Enum):
    MINE = "MINE"  # the caller's department applied
    AWAITING_ME = "AWAITING_ME"  # the caller's next step: review or coordinate (authority), answer (provider)
    OVERDUE = "OVERDUE"  # a step still open after its deadline, in the caller's remit


async def _request_filter(ctx: Context, which: RequestList, status: RequestStatus | None) -> RequestFilter:
    own = ctx.principal.department_code
    if which is RequestList.MINE:
        return RequestFilter(consumer_code=own, statuses=(status,) if status else None)
    authority = await allowed(ctx, "authority_queue", "department")
    competent = await jurisdiction(ctx)
    facts = competent.of(own)
    region = facts.region_code if facts else ""
    if which is RequestList.AWAITING_ME:
        if authority:
            return RequestFilter(statuses=(RequestStatus.PENDING_REVIEW, RequestStatus.NEGOTIATING),
                                 authority_region=region)
        return RequestFilter(provider_code=own, statuses=(RequestStatus.FORWARDED,))
    if authority and not competent.is_city_authority(own):
        return RequestFilter(overdue_at=ctx.now, authority_region=region)
    if not authority and not await allowed(ctx, "audit", "catalog"):
        return RequestFilter(overdue_at=ctx.now, provider_code=own)
    return RequestFilter(overdue_at=ctx.now)


async def request_page(
    ctx: Context, which: RequestList, status: RequestStatus | None, skip: int, limit: int
) -> tuple[int, list[RequestRecord]]:
    """One page of a work list, newest first: (total, requests)."""
    total, ids = await repo.request_page(ctx.store, await _request_filter(ctx, which, status), skip, limit)
    found = await repo.requests_by_ids(ctx.store, ids) if ids else {}
    return total, [found[i] for i in ids if i in found]


async def visible_request(ctx: Context, request_id: str) -> RequestRecord | None:
    """One request, for its parties, the authority that reviews or coordinates it, and audit;
    to anyone else it does not exist (None)."""
    request = (await repo.requests_by_ids(ctx.store, [request_id])).get(request_id)
    if request is None or not await allowed(ctx, "read_request", "request", request=request):
        return None
    return request


async def _load_request(ctx: Context, request_id: str) -> RequestRecord:
    request = (await repo.requests_by_ids(ctx.store, [request_id])).get(request_id)
    if request is None:
        raise NotFound(f"未找到申请 {request_id} (request not found)")
    return request


ACTION_AUDIT = {
    Action.REVIEW: AuditAction.REQUEST_REVIEW,
    Action.ANSWER: AuditAction.REQUEST_ANSWER,
    Action.NEGOTIATE: AuditAction.REQUEST_NEGOTIATE,
    Action.COORDINATE: AuditAction.REQUEST_COORDINATE,
}

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
) -> RequestRecord:
    """One step by the authority, the provider or the consumer; returns the request afterwards."""
    request = await _load_request(ctx, request_id)
    item = await _visible_item(ctx, request.item_id)
    await require(ctx, ACTION_POLICY[action], "request", item=item, request=request)
    if item.status is ItemStatus.WITHDRAWN:  # 第十九条: filed as the withdrawal was being decided
        raise Conflict("目录已撤销，该申请不能再办理（第十九条）(the item was withdrawn: the request cannot proceed)")
    if rules.needs_reason(action, approve) and not reason.strip():
        raise Invalid.of("reason", "请说明理由（第三十条）(a reason is required)")
    try:
        result = rules.outcome(
            action, request.status, approve, request.share_type or item.share_type,
            platform_authorized=item.platform_authorized_at is not None,
        )
    except rules.TransitionError as exc:
        raise Conflict(str(exc)) from exc
    if result.grant_mode is not None and not scope_covers(item.share_type, item.scope or (), item.scope_all,
                                                          request.consumer_code):
        raise Conflict("目录的共享属性或共享范围已变更，不再包括申请部门，不能授权（第二十二条、第二十三条） "
                       "(the item's sharing class or scope changed and no longer covers the applicant: no grant)")
    step = _step(ctx, action, request, reason, result.status, already_shared)
    after = {"status": result.status, **{_camel(k): v for k, v in dataclasses.asdict(step).items() if v is not None}}
    if result.status is RequestStatus.FORWARDED:
        after["rulesVersion"] = ctx.authorizer.version  # 第三十条: the answer's deadline comes from this version
    grant = None
    if result.grant_mode is not None:
        grant = NewGrant(id=str(uuid.uuid4()), mode=result.grant_mode, granted_at=ctx.now, granted_by=ctx.principal.user)
        after.update(status=RequestStatus.GRANTED, grantId=grant.id, grantMode=grant.mode,
                     grantExpiresAt=request.requested_until)
    event = audit.event(ctx, ACTION_AUDIT[action], AuditTargetKind.REQUEST, request_id, reason=reason,
                        outcome=AuditOutcome.APPROVED if approve else AuditOutcome.REJECTED,
                        before={"status": request.status}, after=after)
    if grant is not None:
        done = await repo.transition_request_with_grant(ctx.store, request_id, ctx.now, request.status, step, grant,
                                                        event)
    else:
        done = await repo.transition_request(ctx.store, request_id, ctx.now, request.status, result.status, step,
                                             event)
    if not done:
        raise Conflict("该申请已被他人处理，请刷新后查看 (someone else acted on this request first)")
    return await _load_request(ctx, request_id)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _step(
    ctx: Context, action: Action, request: RequestRecord, reason: str, to: RequestStatus, already_shared: bool
) -> RequestStep:
    """What a step records on the request: who, when, why, and whether it was late."""
    now, actor = ctx.now, ctx.principal.user
    if action is Action.REVIEW:
        step = RequestStep(reviewed_at=now, reviewed_by=actor, review_note=reason, review_late=now > request.review_due_at)
        if to is RequestStatus.FORWARDED:
            days = ctx.rules.requests.answer_days(already_shared)  # 第三十条: the rules in force at forwarding
            due = _deadline(ctx, days)
            step = dataclasses.replace(step, forwarded_at=now, answer_days=days, answer_due_at=due.at,
                                       answer_due_provisional=due.provisional)
        return step
    if action is Action.ANSWER:
        late = request.answer_due_at is not None and now > request.answer_due_at
        return RequestStep(answered_at=now, answered_by=actor, answer_note=reason, answer_late=late)
    if action is Action.NEGOTIATE:
        return RequestStep(negotiation_opened_at=now, negotiation_opened_by=actor, negotiation_statement=reason)
    return RequestStep(coordinated_at=now, coordinated_by=actor, coordination_decision=reason)


# ---- grants (第二十九条, 第三十一条) -----------------------------------------------------------


async def grant_page(ctx: Context, held: bool, skip: int, limit: int) -> tuple[int, list[GrantRecord]]:
    """Grants the caller's department holds (`held`), or grants on its items, newest first."""
    own = ctx.principal.department_code
    total, ids = await repo.grant_page(ctx.store, own if held else None, None if held else own, skip, limit)
    found = await repo.grants_by_ids(ctx.store, ids) if ids else {}
    return total, [found[i] for i in ids if i in found]


async def visible_grant(ctx: Context, grant_id: str) -> GrantRecord | None:
    """One grant, for whoever may read the request it came of (its parties, the competent
    authority, audit); to anyone else it does not exist (None)."""
    grant = (await repo.grants_by_ids(ctx.store, [grant_id])).get(grant_id)
    if grant is None or not await allowed(ctx, "read_request", "grant", grant=grant):
        return None
    return grant


def _item_of(grant: GrantRecord) -> ItemFacts:
    """The item's facts read with the grant: its status, withdrawal, class and scope (as far as the
    consumer is concerned) — what `authorize` decides on too, so both say the same."""
    scope = None if grant.item_names_consumer is None else ((grant.consumer_code,) if grant.item_names_consumer else ())
    return ItemFacts(provider_code=grant.provider_code or "", id=grant.item_id, status=grant.item_status,
                     withdrawn_at=grant.item_withdrawn_at, share_type=grant.item_share_type, scope=scope,
                     scope_all=grant.item_scope_all)


def grant_state(ctx: Context, grant: GrantRecord) -> GrantReason:
    """第三十一条: whether the grant authorizes now (LIVE) and if not, why — whoever asks."""
    return GrantReason(ctx.authorizer.grant_state(grant, _item_of(grant), ctx.now)[1])


async def authorize_platform(ctx: Context, item_id: str) -> ItemRecord:
    """整体授权 (第二十九条): the provider lets the platform grant its conditional item to
    in-scope departments. Returns the item afterwards."""
    item = await _visible_item(ctx, item_id)
    await require(ctx, "authorize_platform", "item", item=item)
    event = audit.event(ctx, AuditAction.PLATFORM_AUTHORIZE, AuditTargetKind.ITEM, item_id, code=item.code,
                        before={"platformAuthorisedAt": item.platform_authorized_at},
                        after={"platformAuthorisedAt": ctx.now})
    if not await repo.authorize_platform(ctx.store, item_id, item.provider_code, ctx.now, ctx.principal.user, event):
        raise Conflict("只能对本部门已发布的目录整体授权 (only a published item of your own)")
    ctx.loaders.forget_item(item_id)
    return await _visible_item(ctx, item_id)


async def _load_grant(ctx: Context, grant_id: str) -> GrantRecord:
    grant = (await repo.grants_by_ids(ctx.store, [grant_id])).get(grant_id)
    if grant is None:
        raise NotFound(f"未找到授权 {grant_id} (grant not found)")
    return grant


async def revoke(ctx: Context, grant_id: str, reason: str) -> GrantRecord:
    """第三十一条, 第四十条: takes a grant back, with a reason; a second revocation is a CONFLICT."""
    grant, _ = await _grant_for_change(ctx, grant_id, reason, "revoke")
    at = step_instant(ctx.now, grant.reinstated_at)
    event = audit.event(ctx, AuditAction.GRANT_REVOKE, AuditTargetKind.GRANT, grant.id, reason=reason, before={
        "state": grant_state(ctx, grant), "revokedAt": grant.revoked_at, "revokedBy": grant.revoked_by,
        "revokedByDepartment": grant.revoked_by_department,
        "revokeReason": grant.revoke_reason,  # an earlier revocation, reinstated since, stays in the log
    }, after={"state": GrantReason.REVOKED, "revokedAt": at, "revokedBy": ctx.principal.user,
              "revokedByDepartment": ctx.principal.department_code, "revokeReason": reason})
    if not await repo.revoke_grant(ctx.store, grant, reason, at, ctx.principal.user, ctx.principal.department_code,
                                   event):
        raise Conflict("该授权已撤销，或已被他人改变，请刷新 (already revoked, or changed by someone else: refresh)")
    return await _load_grant(ctx, grant_id)


async def reinstate(ctx: Context, grant_id: str, reason: str) -> GrantRecord:
    """Lifts a revocation or an idle stop; an expired grant is renewed by a new request."""
    grant, item = await _grant_for_change(ctx, grant_id, reason, "reinstate")
    state = GrantReason(ctx.authorizer.grant_state(grant, item, ctx.now)[1])
    # A revoked grant reads REVOKED first; what happened to it since decides whether it can come back.
    if item.status is ItemStatus.WITHDRAWN:
        state = GrantReason.ITEM_WITHDRAWN
    elif grant.suspended_at is not None or not scope_covers(item.share_type, item.scope or (), item.scope_all,
                                                            grant.consumer_code):
        state = GrantReason.SUSPENDED
    if state is GrantReason.LIVE:
        raise Conflict("该授权有效，无需恢复 (grant is live)")
    if state is GrantReason.EXPIRED:
        raise Conflict("授权已到期，续期须重新申请（第三十一条）(expired: renewal is a new request)")
    if state is GrantReason.SUSPENDED:
        raise Conflict("目录共享属性或范围已变更，授权中止，只能重新申请并经审核（第二十二条）"
                       "(suspended by a change of the item's sharing: only a new, reviewed request brings it back)")
    if state is GrantReason.ITEM_WITHDRAWN:
        raise Conflict("目录已撤销，授权随之终止（第十九条）(the item was withdrawn: its grants have ended)")
    at = step_instant(ctx.now, grant.revoked_at)
    event = audit.event(ctx, AuditAction.GRANT_REINSTATE, AuditTargetKind.GRANT, grant.id, reason=reason,
                        before={"state": state, "reinstatedAt": grant.reinstated_at},
                        after={"state": GrantReason.LIVE, "reinstatedAt": at, "reinstatedBy": ctx.principal.user,
                               "reinstateReason": reason})
    if not await repo.reinstate_grant(ctx.store, grant, reason, at, ctx.principal.user, event):
        raise Conflict("该授权已被他人恢复或已到期，请刷新 (someone else reinstated it first, or it expired)")
    return await _load_grant(ctx, grant_id)


async def _grant_for_change(ctx: Context, grant_id: str, reason: str, action: str) -> tuple[GrantRecord, ItemRecord]:
    if not reason.strip():
        raise Invalid.of("reason", "请说明理由 (a reason is required)")
    grant = await _load_grant(ctx, grant_id)
    item = await _visible_item(ctx, grant.item_id)
    await require(ctx, action, "grant", item=item, grant=grant)
    return grant, item


#: At most this many rows of a supervision list (idle grants, overdue feedback) are read and
#: filtered by what the caller may see; the list says how many it found.
SUPERVISION_ROWS = 2000


async def idle_grants(ctx: Context, provider_code: str | None, skip: int, limit: int) -> tuple[int, list[GrantRecord]]:
    """第三十一条 (可视情收回): grants unused for longer than the rules' idle limit, longest idle first,
    that the caller may revoke (the provider, the competent authority). With `idle_outcome = "LIST"`
    they stay live until someone decides; with "LAPSE" they have stopped and may be reinstated."""
    idle_before = ctx.rules.grants.idle_limit.subtract_from(ctx.now)
    ids = await repo.idle_grant_ids(ctx.store, ctx.now, idle_before, provider_code, SUPERVISION_ROWS)
    found = await repo.grants_by_ids(ctx.store, ids) if ids else {}
    items = {item.id: item for item in await ctx.loaders.items.load_many(list({g.item_id for g in found.values()}))
             if item is not None}
    decidable = [grant for grant_id in ids if (grant := found.get(grant_id)) is not None and grant.item_id in items
                 and await allowed(ctx, "revoke", "grant", item=items[grant.item_id], grant=grant)]
    return len(decidable), decidable[skip:skip + limit]


async def overdue_feedback(ctx: Context, provider_code: str | None, skip: int, limit: int) -> tuple[int, list[FeedbackRecord]]:
    """第三十二条, 第四十一条: feedback unanswered past its deadline, longest overdue first, that the
    caller may read (the provider, the reporter, the supervising authority, audit)."""
    reports = await repo.overdue_feedback(ctx.store, ctx.now, provider_code, SUPERVISION_ROWS)
    visible = [report for report in reports if await allowed(ctx, "read_feedback", "feedback", feedback=report)]
    return len(visible), visible[skip:skip + limit]


def grant_warnings(ctx: Context, grant: GrantRecord) -> list[tuple[GrantWarning, datetime]]:
    """What the holder should know before a live grant stops (from [grants] warn_before, 第三十一条)."""
    facts = grant_facts(Resource(kind="grant", item=_item_of(grant), grant=grant))
    rules = ctx.rules.grants
    return warnings_for_grant(facts, ctx.now, idle_limit=ctx.authorizer.idle_limit(),
                              stops_when_idle=rules.idle_outcome is IdleOutcome.LAPSE, warn_before=rules.warn_before,
                              max_period=ctx.authorizer.max_grant_period())


# ---- the gateway's question (第三十一条, 第三十九条) --------------------------------------------


@dataclass(frozen=True, slots=True)
class AuthorizeAnswer:
    item_id: str
    allowed: bool
    reason: AuthorizeReason
    message: str
    grant_id: str | None
    expires_at: datetime | None
    elements: list[ElementDecision]


_NOT_FOUND_MESSAGE = "未找到目录 (catalog item not found)"
_NO_GRANT_MESSAGE = "没有该目录的授权，请先申请 (no grant: apply first)"


async def authorize(ctx: Context, questions: list[tuple[str, list[str]]]) -> list[AuthorizeAnswer]:
    """The gateway's question on every call: may the caller's department read these elements of
    these items now? Answers in the order asked, from one read; each answer is in the decision log
    (第三十九条) before it is given; use is recorded on the grant at most hourly."""
    asked_codes: dict[str, set[str]] = {}
    for item_id, asked in questions:
        asked_codes.setdefault(item_id, set()).update(code.upper() for code in asked)
    facts = await repo.authorize_facts(ctx.store, ctx.principal.department_code, asked_codes)
    who = await subject(ctx)
    now, decide = ctx.now, ctx.authorizer.decide
    answers, uses = [], {}
    for item_id, asked in questions:
        known = facts.get(item_id)
        if known is None or known.item.status not in VISIBLE_TO_HOLDERS:  # a draft reveals nothing, not even its elements
            answers.append(AuthorizeAnswer(item_id, False, AuthorizeReason.NOT_FOUND, _NOT_FOUND_MESSAGE, None, None,
                                           element_decisions((), asked, None)))
            continue
        best, decision = None, None
        for grant in sorted(known.grants, key=lambda g: g.expires_at, reverse=True):
            decision = decide(who, "use", Resource(kind="grant", item=known.item, grant=grant), now)
            if decision.allowed:
                best = grant
                break
        if best is None or decision is None:
            reason = AuthorizeReason.of(decision.reason) if decision else AuthorizeReason.NO_GRANT
            message = decision.message if decision else _NO_GRANT_MESSAGE
            answers.append(AuthorizeAnswer(item_id, False, reason, message, None, None,
                                           element_decisions(known.elements, asked, None)))
            continue
        elements = element_decisions(known.elements, asked, best.element_codes)
        answers.append(AuthorizeAnswer(item_id, True, AuthorizeReason.ALLOWED, decision.message, best.id,
                                       best.expires_at, elements))
        if not uses_data(elements):
            continue  # 第三十一条: only a call that gave at least one element is use of the grant
        recorded_before = ctx.rules.grants.use_record_interval.subtract_from(now)  # the idle clock's resolution
        if best.last_used_at is None or best.last_used_at < recorded_before:
            uses[best.id] = UseRecord(best.id, now, recorded_before)
    await _record_decisions(ctx, answers)
    if uses:
        await repo.record_use(ctx.store, list(uses.values()))
    return answers


async def _record_decisions(ctx: Context, answers: list[AuthorizeAnswer]) -> None:
    """第三十九条: the answers in the decision log, on disk; unrecorded, they are not given (503)."""
    principal = ctx.principal
    try:
        await ctx.decisions.append([
            AuthorizeDecision(at=ctx.now, user=principal.user, department=principal.department_code, item_id=answer.item_id,
                        grant_id=answer.grant_id, allowed=answer.allowed, reason=answer.reason,
                        elements=tuple(answer.elements))
            for answer in answers
        ])
    except OSError as exc:
        log.error("decision log: cannot record authorize decisions: %s", exc)
        raise Unavailable("无法记录鉴权结果，暂不能答复，请稍后重试 "
                          "(the decision log cannot be written: no answer is given unrecorded; retry later)") from exc


# ---- feedback (第三十二条) -------------------------------------------------------------------


async def feedback_page(ctx: Context, to_answer: bool, skip: int, limit: int) -> tuple[int, list[FeedbackRecord]]:
    """Feedback the caller's department filed, or (`to_answer`) must answer as the provider."""
    own = ctx.principal.department_code
    return await repo.feedback_page(ctx.store, None if to_answer else own, own if to_answer else None, None, skip, limit)


async def visible_feedback(ctx: Context, feedback_id: str) -> FeedbackRecord | None:
    """One report, for the department that filed it, the provider who answers it, the authority
    supervising the provider (第四十一条) and audit; to anyone else it does not exist (None)."""
    report = (await repo.feedback_by_ids(ctx.store, [feedback_id])).get(feedback_id)
    if report is None:
        return None
    return report if await allowed(ctx, "read_feedback", "feedback", feedback=report) else None


async def report_feedback(ctx: Context, item_id: str, description: str) -> FeedbackRecord:
    """第三十二条: a consumer holding a grant (live, or ended within the rules' window) reports doubtful
    or wrong data; the provider answers within the rules' working days."""
    if len(description.strip()) < 4:
        raise Invalid.of("description", "请具体描述数据问题 (describe the problem)")
    item = await _visible_item(ctx, item_id)
    consumer = ctx.principal.department_code
    held = await repo.grants_for_consumer_items(ctx.store, [item_id], consumer)
    grants = held[item_id][1] if item_id in held else []
    who = await subject(ctx)
    reportable = next((g for g in grants if ctx.authorizer.decide(
        who, "feedback", Resource(kind="grant", item=item, grant=g), ctx.now).allowed), None)
    latest = max(grants, key=lambda g: g.granted_at, default=None)  # a refusal names why the newest grant is not enough
    await require(ctx, "feedback", "item", item=item, grant=reportable or latest)
    due = _deadline(ctx, ctx.rules.feedback.answer_working_days)  # 第三十二条: the rules in force at receipt
    report = NewFeedback(
        id=str(uuid.uuid4()), item_id=item_id, consumer_code=consumer, reporter=ctx.principal.user,
        description=description.strip(), created_at=ctx.now, due_at=due.at, due_provisional=due.provisional,
    )
    event = audit.event(ctx, AuditAction.FEEDBACK_REPORT, AuditTargetKind.FEEDBACK, report.id, code=item.code,
                        reason=report.description, after={"status": "OPEN", "itemId": item_id, "dueAt": due.at,
                                                                  "rulesVersion": ctx.authorizer.version})
    if not await repo.create_feedback(ctx.store, report, event):
        raise Conflict("同一问题的反馈尚待答复 (the same report is still open)")
    return await _load_feedback(ctx, report.id)


async def _load_feedback(ctx: Context, feedback_id: str) -> FeedbackRecord:
    report = (await repo.feedback_by_ids(ctx.store, [feedback_id])).get(feedback_id)
    if report is None:
        raise NotFound(f"未找到反馈 {feedback_id} (feedback not found)")
    return report


async def answer_feedback(ctx: Context, feedback_id: str, answer: str, corrected: bool) -> FeedbackRecord:
    """The provider answers a report once; a second answer is a CONFLICT."""
    if not answer.strip():
        raise Invalid.of("answer", "请填写核实结果 (an answer is required)")
    report = await _load_feedback(ctx, feedback_id)
    item = await _visible_item(ctx, report.item_id)
    await require(ctx, "answer_feedback", "item", item=item)
    event = audit.event(ctx, AuditAction.FEEDBACK_ANSWER, AuditTargetKind.FEEDBACK, feedback_id, reason=answer.strip(),
                        before={"status": report.status}, after={"status": "ANSWERED", "corrected": corrected,
                                                                 "answer": answer.strip()})
    answered = await repo.answer_feedback(ctx.store, feedback_id, item.provider_code, answer.strip(), corrected,
                                          ctx.now, ctx.principal.user, event)
    if answered is None:
        raise Conflict("该反馈已答复 (feedback already answered)")
    return answered
