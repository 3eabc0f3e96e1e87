"""The Casbin policy: every rule's allow and deny with stable reasons, durations as policy
values, validation, versions in the graph (save, conflict, restore, replicas), dry runs, CLI."""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from graph.repos import policy as policy_repo
from graph.store import GraphStore
from policies import admin, cli
from policies.enforcer import (
    ACTIONS,
    MODEL_PATH,
    POLICY_PATH,
    RULES_PATH,
    ROLES,
    Authorizer,
    PolicyError,
    check_lines,
    parse_policy,
    Resource,
    Subject,
)
from server.auth import Role
from server.domain.grants import Period
from server.domain.instants import utc_iso
from server.domain.jurisdiction import DepartmentFacts, Jurisdiction, OwnCaseRule
from server.domain.records.catalog import ItemFacts
from server.domain.records.lifecycle import WithdrawalRecord, WithdrawalStatus
from server.domain.records.sharing import FeedbackRecord, FeedbackStatus, GrantRecord, RequestRecord
from server.domain.requests import RequestStatus
from server.domain.values import ItemStatus, ShareType
from seed.load import item_id

UTC = timezone.utc
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
MODEL = MODEL_PATH.read_text(encoding="utf-8")
POLICY = POLICY_PATH.read_text(encoding="utf-8")
RULES = RULES_PATH.read_text(encoding="utf-8")
USE_LINE = "p, use, department_staff, *, grant_live, grants.max_period, grants.idle_limit"

PROVIDER, CONSUMER, OTHER, AUTHORITY = "140500-GAJ", "140500-MZJ", "140521-RSJ", "140500-DSJ"
COUNTY_AUTHORITY, COUNTY_DEPT, ZONE_DEPT = "140525-DSJ", "140525-GAJ", "140571-XZSPJ"
CITY_UNIT = "140500-GAJ-JJZD"  # a subordinate unit of the provider (第六条)

JURISDICTION = Jurisdiction({
    code: DepartmentFacts(code, region, level, code.endswith("-DSJ"), parent)
    for code, region, level, parent in (
        (PROVIDER, "140500", "CITY", None), (CONSUMER, "140500", "CITY", None), (AUTHORITY, "140500", "CITY", None),
        (CITY_UNIT, "140500", "CITY", PROVIDER),
        (OTHER, "140521", "COUNTY", None), ("140521-DSJ", "140521", "COUNTY", None),
        (COUNTY_AUTHORITY, "140525", "COUNTY", None), (COUNTY_DEPT, "140525", "COUNTY", None),
        (ZONE_DEPT, "140571", "ZONE", None),  # a development zone: no authority of its own
    )
})


@pytest.fixture(scope="module")
def authorizer() -> Authorizer:
    return Authorizer()


def who(department: str, *roles: str, authority: bool = False) -> Subject:
    return Subject(f"user-{department}", department, frozenset(roles), authority)


def item(share: str = "CONDITIONAL", status: str = "PUBLISHED", scope: tuple[str, ...] = (CONSUMER,),
         provider: str = PROVIDER, editors: tuple[str, ...] = (), submittedBy: str | None = None) -> ItemFacts:
    return ItemFacts(provider_code=provider, id="item-1", share_type=ShareType(share), status=ItemStatus(status),
                     scope=tuple(scope), compilers=frozenset({*editors, *([submittedBy] if submittedBy else [])}))


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def iso(year: int, month: int, day: int) -> str:
    """An instant as the graph stores it (for rows written straight to the engine)."""
    return utc_iso(at(year, month, day))


def grant(**changes: object) -> GrantRecord:
    base = GrantRecord(id="grant-1", item_id="item-1", consumer_code=CONSUMER, provider_code=PROVIDER,
                       granted_at=at(2025, 1, 10), expires_at=at(2028, 1, 10), last_used_at=at(2025, 5, 20),
                       element_codes=())
    return replace(base, **changes)


def revoked_by(department: str, consumer: str = CONSUMER) -> GrantRecord:
    return grant(consumer_code=consumer, revoked_at=at(2025, 5, 21), revoked_by_department=department)


def withdrawal(requested_by: str) -> WithdrawalRecord:
    return WithdrawalRecord(id="w-1", item_id="item-1", item_name="", provider_code=PROVIDER, region_code="140500",
                            reason="r", status=WithdrawalStatus.PENDING, requested_at=NOW, requested_by=requested_by)


def on_item(withdrawal: WithdrawalRecord | None = None, **kwargs) -> Resource:
    return Resource(kind="item", item=item(**kwargs), jurisdiction=JURISDICTION, withdrawal=withdrawal)


def on_grant(g: GrantRecord | None = None, **item_kwargs) -> Resource:
    return Resource(kind="grant", item=item(**item_kwargs), grant=grant() if g is None else g, jurisdiction=JURISDICTION)


def on_request(consumer: str = CONSUMER, applicant: str = "applicant-1", **item_kwargs) -> Resource:
    request = RequestRecord(
        id="req-1", item_id="item-1", item_name="", consumer_code=consumer,
        provider_code=item_kwargs.get("provider", PROVIDER), applicant=applicant,
        share_type=ShareType(item_kwargs.get("share", "CONDITIONAL")), status=RequestStatus.PENDING_REVIEW,
        element_codes=(), purpose="", scenario="", requested_until=NOW, version=1, created_at=NOW,
        review_due_at=NOW, review_due_provisional=False, review_region=None, coordination_region=None,
    )
    return Resource(kind="request", item=item(**item_kwargs), request=request, jurisdiction=JURISDICTION)


def person(user: str, department: str, *roles: str) -> Subject:
    return Subject(user, department, frozenset(roles), department.endswith("-DSJ"))


# --------------------------------------------------------------------------------------
# Each rule: allow and deny, with the stable reason
# --------------------------------------------------------------------------------------

CASES = [
    # 第二十七条: reading the catalog
    ("read published: any role", who(OTHER, "AUDITOR"), "read_published", on_item(), True, "ALLOWED"),
    ("read draft: provider's officer", who(PROVIDER, "DEPT_DATA_OFFICER"), "read_unpublished", on_item(status="DRAFT"), True, "ALLOWED"),
    ("read draft: another officer", who(OTHER, "DEPT_DATA_OFFICER"), "read_unpublished", on_item(status="DRAFT"), False, "WRONG_DEPARTMENT"),
    ("read draft: a user", who(PROVIDER, "DEPT_USER"), "read_unpublished", on_item(status="DRAFT"), False, "WRONG_ROLE"),
    ("read draft: the authority", who(AUTHORITY, "AUTHORITY_ADMIN", authority=True), "read_unpublished", on_item(status="DRAFT"), True, "ALLOWED"),
    # 第二十二条, 第二十三条: applying by class
    ("apply unconditional: any department's user", who(OTHER, "DEPT_USER"), "apply", on_item(share="UNCONDITIONAL"), True, "ALLOWED"),
    ("apply unconditional: data officer too", who(OTHER, "DEPT_DATA_OFFICER"), "apply", on_item(share="UNCONDITIONAL"), True, "ALLOWED"),
    ("apply conditional: in scope", who(CONSUMER, "DEPT_USER"), "apply", on_item(), True, "ALLOWED"),
    ("apply conditional: out of scope", who(OTHER, "DEPT_USER"), "apply", on_item(), False, "OUT_OF_SCOPE"),
    ("apply not shared: nobody", who(CONSUMER, "DEPT_USER"), "apply", on_item(share="NOT_SHARED"), False, "NOT_SHARED"),
    ("apply own item", who(PROVIDER, "DEPT_USER"), "apply", on_item(share="UNCONDITIONAL"), False, "OWN_ITEM"),
    ("apply own conditional item", who(PROVIDER, "DEPT_USER"), "apply", on_item(scope=(PROVIDER,)), False, "OWN_ITEM"),
    ("apply unpublished", who(OTHER, "DEPT_USER"), "apply", on_item(share="UNCONDITIONAL", status="DRAFT"), False, "NOT_PUBLISHED"),
    ("apply as authority admin", who(AUTHORITY, "AUTHORITY_ADMIN", authority=True), "apply", on_item(share="UNCONDITIONAL"), False, "WRONG_ROLE"),
    # 第三十一条: using data under a live grant
    ("use: live grant", who(CONSUMER, "DEPT_USER"), "use", on_grant(), True, "ALLOWED"),
    ("use: no grant", who(CONSUMER, "DEPT_USER"), "use", Resource(kind="grant", item=item()), False, "NO_GRANT"),
    ("use: another department's grant", who(OTHER, "DEPT_USER"), "use", on_grant(), False, "NO_GRANT"),
    ("use: expired", who(CONSUMER, "DEPT_USER"), "use", on_grant(grant(expires_at=at(2025, 5, 31))), False, "GRANT_EXPIRED"),
    ("use: idle", who(CONSUMER, "DEPT_USER"), "use", on_grant(grant(last_used_at=at(2025, 2, 28))), False, "GRANT_IDLE"),
    ("use: never used, idle since grant", who(CONSUMER, "DEPT_USER"), "use", on_grant(grant(last_used_at=None)), False, "GRANT_IDLE"),
    ("use: reinstated restarts the clock", who(CONSUMER, "DEPT_USER"), "use",
     on_grant(grant(last_used_at=at(2025, 1, 11), revoked_at=None, reinstated_at=at(2025, 5, 1))), True, "ALLOWED"),
    ("use: revoked", who(CONSUMER, "DEPT_USER"), "use", on_grant(grant(revoked_at=at(2025, 5, 25))), False, "GRANT_REVOKED"),
    ("use: item withdrawn", who(CONSUMER, "DEPT_USER"), "use", on_grant(status="WITHDRAWN"), False, "ITEM_WITHDRAWN"),
    ("use: beyond three years whatever expiresAt says", who(CONSUMER, "DEPT_USER"), "use",
     on_grant(grant(granted_at=at(2022, 5, 1), expires_at=at(2026, 1, 1), last_used_at=at(2025, 5, 30))), False, "GRANT_EXPIRED"),
    ("use: auditor", who(CONSUMER, "AUDITOR"), "use", on_grant(), False, "WRONG_ROLE"),
    # 第二十八条 to 第三十条: the request's steps
    ("review: authority admin of the authority", who(AUTHORITY, "AUTHORITY_ADMIN", authority=True), "review", on_request(), True, "ALLOWED"),
    ("review: authority admin elsewhere", who(OTHER, "AUTHORITY_ADMIN"), "review", on_request(), False, "WRONG_JURISDICTION"),
    ("review: provider's officer", who(PROVIDER, "DEPT_DATA_OFFICER"), "review", on_request(), False, "WRONG_ROLE"),
    ("answer: provider's officer", who(PROVIDER, "DEPT_DATA_OFFICER"), "answer", on_request(), True, "ALLOWED"),
    ("answer: another officer", who(OTHER, "DEPT_DATA_OFFICER"), "answer", on_request(), False, "WRONG_DEPARTMENT"),
    ("answer: provider's user", who(PROVIDER, "DEPT_USER"), "answer", on_request(), False, "WRONG_ROLE"),
    ("negotiate: the consumer", who(CONSUMER, "DEPT_USER"), "negotiate", on_request(), True, "ALLOWED"),
    ("negotiate: another department", who(OTHER, "DEPT_USER"), "negotiate", on_request(), False, "WRONG_DEPARTMENT"),
    ("coordinate: authority", who(AUTHORITY, "AUTHORITY_ADMIN", authority=True), "coordinate", on_request(), True, "ALLOWED"),
    ("coordinate: provider officer", who(PROVIDER, "DEPT_DATA_OFFICER"), "coordinate", on_request(), False, "WRONG_ROLE"),
    ("authorize platform: provider officer", who(PROVIDER, "DEPT_DATA_OFFICER"), "authorize_platform", on_item(), True, "ALLOWED"),
    ("authorize platform: other officer", who(OTHER, "DEPT_DATA_OFFICER"), "authorize_platform", on_item(), False, "WRONG_DEPARTMENT"),
    # 第三十一条: revoking and reinstating
    ("revoke: provider officer", who(PROVIDER, "DEPT_DATA_OFFICER"), "revoke", on_grant(), True, "ALLOWED"),
    ("revoke: authority", who(AUTHORITY, "AUTHORITY_ADMIN", authority=True), "revoke", on_grant(), True, "ALLOWED"),
    ("revoke: the consumer's officer", who(CONSUMER, "DEPT_DATA_OFFICER"), "revoke", on_grant(), False, "WRONG_DEPARTMENT"),
    ("revoke: a user", who(PROVIDER, "DEPT_USER"), "revoke", on_grant(), False, "WRONG_ROLE"),
    ("reinstate: provider officer", who(PROVIDER, "DEPT_DATA_OFFICER"), "reinstate", on_grant(), True, "ALLOWED"),
    ("reinstate: authority", who(AUTHORITY, "AUTHORITY_ADMIN", authority=True), "reinstate", on_grant(), True, "ALLOWED"),
    ("reinstate: admin outside the authority", who(OTHER, "AUTHORITY_ADMIN"), "reinstate", on_grant(), False, "WRONG_JURISDICTION"),
    # 第四十条: a revocation is lifted on the side that made it (red team: each party's side undid the other's)
    ("reinstate: provider officer, the provider's revocation", who(PROVIDER, "DEPT_DATA_OFFICER"), "reinstate",
     on_grant(revoked_by(PROVIDER, consumer=COUNTY_DEPT)), True, "ALLOWED"),
    ("reinstate: the provider's authority, the provider's revocation", who(AUTHORITY, "AUTHORITY_ADMIN", authority=True),
     "reinstate", on_grant(revoked_by(PROVIDER, consumer=COUNTY_DEPT)), True, "ALLOWED"),
    ("reinstate: the consumer's authority, the provider's revocation", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"),
     "reinstate", on_grant(revoked_by(PROVIDER, consumer=COUNTY_DEPT)), False, "WRONG_JURISDICTION"),
    ("reinstate: provider officer, the consumer's authority's revocation", who(PROVIDER, "DEPT_DATA_OFFICER"), "reinstate",
     on_grant(revoked_by(COUNTY_AUTHORITY, consumer=COUNTY_DEPT)), False, "WRONG_DEPARTMENT"),
    ("reinstate: the provider's authority, the consumer's authority's revocation", who(AUTHORITY, "AUTHORITY_ADMIN", authority=True),
     "reinstate", on_grant(revoked_by(COUNTY_AUTHORITY, consumer=COUNTY_DEPT)), False, "WRONG_JURISDICTION"),
    ("reinstate: the consumer's authority, its own revocation", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"),
     "reinstate", on_grant(revoked_by(COUNTY_AUTHORITY, consumer=COUNTY_DEPT)), True, "ALLOWED"),
    ("reinstate: provider officer, the authority's revocation", who(PROVIDER, "DEPT_DATA_OFFICER"), "reinstate",
     on_grant(revoked_by(AUTHORITY)), False, "WRONG_DEPARTMENT"),
    ("reinstate: the consumer's authority, an idle stop", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "reinstate",
     on_grant(grant(consumer_code=COUNTY_DEPT, last_used_at=at(2025, 1, 11))), True, "ALLOWED"),
    ("reinstate: a revocation lifted since binds nobody", who(PROVIDER, "DEPT_DATA_OFFICER"), "reinstate",
     on_grant(grant(revoked_at=at(2025, 5, 21), revoked_by_department=AUTHORITY, reinstated_at=at(2025, 5, 22),
                    last_used_at=at(2025, 1, 11))), True, "ALLOWED"),
    # 第三十二条: feedback
    ("feedback: consumer with a live grant", who(CONSUMER, "DEPT_USER"), "feedback", on_grant(), True, "ALLOWED"),
    ("feedback: no grant", who(OTHER, "DEPT_USER"), "feedback", Resource(kind="item", item=item()), False, "NO_GRANT"),
    ("feedback: grant expired within the window", who(CONSUMER, "DEPT_USER"), "feedback",
     on_grant(grant(expires_at=at(2025, 5, 1))), True, "ALLOWED"),
    ("feedback: grant expired before the window", who(CONSUMER, "DEPT_USER"), "feedback",
     on_grant(grant(granted_at=at(2024, 6, 1), expires_at=at(2025, 2, 1))), False, "REPORT_WINDOW_CLOSED"),
    ("answer feedback: provider officer", who(PROVIDER, "DEPT_DATA_OFFICER"), "answer_feedback", on_item(), True, "ALLOWED"),
    ("answer feedback: other officer", who(OTHER, "DEPT_DATA_OFFICER"), "answer_feedback", on_item(), False, "WRONG_DEPARTMENT"),
    # 第六条, 第九条: compiling for the department and its units
    ("compile: own department", who(PROVIDER, "DEPT_DATA_OFFICER"), "compile", on_item(status="DRAFT"), True, "ALLOWED"),
    ("compile: a subordinate unit", who(PROVIDER, "DEPT_DATA_OFFICER"), "compile", on_item(status="DRAFT", provider=CITY_UNIT), True, "ALLOWED"),
    ("compile: another department", who(CONSUMER, "DEPT_DATA_OFFICER"), "compile", on_item(status="DRAFT"), False, "WRONG_DEPARTMENT"),
    ("compile: a user", who(PROVIDER, "DEPT_USER"), "compile", on_item(status="DRAFT"), False, "WRONG_ROLE"),
    # 第十三条: the city authority codes and reviews every department's entries, a county's included
    ("review item: city authority, city item", person("li", AUTHORITY, "AUTHORITY_ADMIN"), "review_item",
     on_item(status="SUBMITTED"), True, "ALLOWED"),
    ("review item: city authority, county item", person("li", AUTHORITY, "AUTHORITY_ADMIN"), "review_item",
     on_item(status="SUBMITTED", provider=COUNTY_DEPT), True, "ALLOWED"),
    ("review item: county authority, city item", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "review_item",
     on_item(status="SUBMITTED"), False, "WRONG_JURISDICTION"),
    ("review item: county authority, its own county's item", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "review_item",
     on_item(status="SUBMITTED", provider=COUNTY_DEPT), False, "WRONG_JURISDICTION"),
    ("review item: the person who edited it", person("li", AUTHORITY, "AUTHORITY_ADMIN"), "review_item",
     on_item(status="SUBMITTED", provider=AUTHORITY, editors=("li",)), False, "OWN_EDIT"),
    ("review item: another person of the authority", person("zhao", AUTHORITY, "AUTHORITY_ADMIN"), "review_item",
     on_item(status="SUBMITTED", provider=AUTHORITY, editors=("li",), submittedBy="li"), True, "ALLOWED"),
    # 第二十八条: the applicant's own-level authority reviews, whoever provides the item
    ("review: county applicant, county authority", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "review",
     on_request(consumer=COUNTY_DEPT), True, "ALLOWED"),
    ("review: county applicant, city authority", person("li", AUTHORITY, "AUTHORITY_ADMIN"), "review",
     on_request(consumer=COUNTY_DEPT), False, "WRONG_JURISDICTION"),
    ("review: city applicant, county authority", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "review",
     on_request(provider=COUNTY_DEPT), False, "WRONG_JURISDICTION"),
    ("review: zone applicant, city authority", person("li", AUTHORITY, "AUTHORITY_ADMIN"), "review",
     on_request(consumer=ZONE_DEPT), True, "ALLOWED"),
    ("review: one's own application", person("li", AUTHORITY, "AUTHORITY_ADMIN", "DEPT_USER"), "review",
     on_request(consumer=AUTHORITY, applicant="li"), False, "OWN_CASE"),
    ("review: the authority's application, another person", person("zhao", AUTHORITY, "AUTHORITY_ADMIN"), "review",
     on_request(consumer=AUTHORITY, applicant="li"), True, "ALLOWED"),
    ("answer: the provider's officer who applied", person("li", PROVIDER, "DEPT_DATA_OFFICER"), "answer",
     on_request(applicant="li"), False, "OWN_CASE"),
    # 第三十条(三): coordination by the common own-level authority, else the city's
    ("coordinate: both in one county, its authority", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "coordinate",
     on_request(consumer=COUNTY_DEPT, provider=COUNTY_DEPT.replace("GAJ", "MZJ")), False, "WRONG_JURISDICTION"),
    ("coordinate: different levels, city authority", person("li", AUTHORITY, "AUTHORITY_ADMIN"), "coordinate",
     on_request(consumer=COUNTY_DEPT), True, "ALLOWED"),
    ("coordinate: different levels, county authority", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "coordinate",
     on_request(consumer=COUNTY_DEPT), False, "WRONG_JURISDICTION"),
    ("coordinate: the applicant", person("li", AUTHORITY, "AUTHORITY_ADMIN"), "coordinate",
     on_request(consumer=AUTHORITY, applicant="li"), False, "OWN_CASE"),
    # 第十九条: withdrawal by the provider's own-level authority
    ("withdrawal: city item, city authority", person("li", AUTHORITY, "AUTHORITY_ADMIN"), "decide_withdrawal",
     on_item(withdrawal=withdrawal("gao")), True, "ALLOWED"),
    ("withdrawal: city item, county authority", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "decide_withdrawal",
     on_item(withdrawal=withdrawal("gao")), False, "WRONG_JURISDICTION"),
    ("withdrawal: county item, county authority", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "decide_withdrawal",
     on_item(provider=COUNTY_DEPT, withdrawal=withdrawal("gao")), True, "ALLOWED"),
    ("withdrawal: the person who asked for it", person("li", AUTHORITY, "AUTHORITY_ADMIN", "DEPT_DATA_OFFICER"),
     "decide_withdrawal", on_item(provider=AUTHORITY, withdrawal=withdrawal("li")), False, "OWN_CASE"),
    # 第三十一条, 第四十条: revocation by the provider, or the provider's or the applicant's authority
    ("revoke: county authority of a county consumer", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "revoke",
     on_grant(grant(consumer_code=COUNTY_DEPT)), True, "ALLOWED"),
    ("revoke: an unrelated county authority", person("wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "revoke",
     on_grant(), False, "WRONG_JURISDICTION"),
    ("revoke: the grant's own applicant", person("li", AUTHORITY, "AUTHORITY_ADMIN"), "revoke",
     on_grant(grant(consumer_code=AUTHORITY, applicant="li")), False, "OWN_CASE"),
    # drafts within jurisdiction
    ("read draft: county authority, city draft", who(COUNTY_AUTHORITY, "AUTHORITY_ADMIN", authority=True), "read_unpublished",
     on_item(status="DRAFT"), False, "WRONG_JURISDICTION"),
    ("read draft: county authority, own county's draft", who(COUNTY_AUTHORITY, "AUTHORITY_ADMIN", authority=True),
     "read_unpublished", on_item(status="DRAFT", provider=COUNTY_DEPT), True, "ALLOWED"),
    # administration and audit
    ("administer policy: policy admin", who(AUTHORITY, "POLICY_ADMIN", authority=True), "administer_policy", Resource(kind="policy"), True, "ALLOWED"),
    ("administer policy: authority admin", who(AUTHORITY, "AUTHORITY_ADMIN", authority=True), "administer_policy", Resource(kind="policy"), False, "WRONG_ROLE"),
    ("audit: auditor", who(AUTHORITY, "AUDITOR"), "audit", Resource(kind="policy"), True, "ALLOWED"),
    ("audit: policy admin", who(AUTHORITY, "POLICY_ADMIN"), "audit", Resource(kind="policy"), False, "WRONG_ROLE"),
    ("unknown action", who(AUTHORITY, "POLICY_ADMIN"), "delete_everything", Resource(kind="policy"), False, "NO_RULE"),
]


@pytest.mark.parametrize(("subject", "action", "resource", "allowed", "reason"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_rule_allows_and_denies_with_a_stable_reason(authorizer, subject, action, resource, allowed, reason):
    decision = authorizer.decide(subject, action, resource, NOW)
    assert (decision.allowed, decision.reason) == (allowed, reason), decision
    assert decision.message and "(" in decision.message  # Chinese, with English beside
    assert authorizer.enforce(subject, action, resource, NOW) == allowed  # bare Casbin over every line agrees


def test_the_deciding_line_is_named(authorizer):
    allowed = authorizer.decide(who(CONSUMER, "DEPT_USER"), "apply", on_item(), NOW)
    assert allowed.rule == "p, apply, department_staff, CONDITIONAL, in_scope"
    denied = authorizer.decide(who(OTHER, "DEPT_USER"), "apply", on_item(), NOW)
    assert denied.rule == "p, apply, department_staff, CONDITIONAL, in_scope"
    used = authorizer.decide(who(CONSUMER, "DEPT_USER"), "use", on_grant(grant(last_used_at=at(2025, 2, 1))), NOW)
    assert used.rule == USE_LINE
    assert "2025-02-01" in used.message and "3个月" in used.message


def test_explain_lists_each_line_and_the_decision(authorizer):
    lines = authorizer.explain(who(OTHER, "DEPT_USER"), "apply", on_item(), NOW)
    text = "\n".join(lines)
    assert "p, apply, department_staff, UNCONDITIONAL, other_department" in text and "class ✗" in text
    assert "rule in_scope ✗ OUT_OF_SCOPE" in text
    assert "decision: DENY OUT_OF_SCOPE" in text


def test_roles_are_the_servers_roles():
    assert set(ROLES) == {role.value for role in Role}


def test_subject_from_a_principal():
    from server.auth import Principal

    principal = Principal("u", CONSUMER, frozenset({Role.DEPT_USER}), 0)
    subject = Subject.of(principal)
    assert subject.roles == frozenset({"DEPT_USER"})
    assert Authorizer().decide(subject, "use", on_grant(), NOW).allowed


# --------------------------------------------------------------------------------------
# Durations are policy values
# --------------------------------------------------------------------------------------


def with_durations(maximum: str = "P3Y", idle: str = "P3M") -> str:
    """The shipped rules with other grant periods (beyond the caps with a stated basis: these tests
    are about the policy machinery; tests/test_rules.py is about the caps)."""
    text = RULES.replace('max_period = "P3Y"', f'max_period = "{maximum}"').replace('idle_limit = "P3M"', f'idle_limit = "{idle}"')
    return text + '"grants.max_period" = "测试 (test)"\n"grants.idle_limit" = "测试 (test)"\n'


def with_rules(**periods: str) -> "Authorizer":
    return Authorizer(MODEL, POLICY, rules_text=with_durations(**periods))


def test_the_policy_exposes_its_durations(authorizer):
    assert authorizer.max_grant_period() == Period(years=3)
    assert authorizer.idle_limit() == Period(months=3)
    assert authorizer.max_grant_until(datetime(2024, 2, 29, tzinfo=UTC)) == datetime(2027, 2, 28, tzinfo=UTC)


def test_a_shorter_idle_limit_flips_a_grant_used_two_months_ago(authorizer):
    used_two_months_ago = on_grant(grant(last_used_at=at(2025, 4, 1)))
    assert authorizer.decide(who(CONSUMER, "DEPT_USER"), "use", used_two_months_ago, NOW).allowed
    one_month = with_rules(idle="P1M")
    decision = one_month.decide(who(CONSUMER, "DEPT_USER"), "use", used_two_months_ago, NOW)
    assert (decision.allowed, decision.reason) == (False, "GRANT_IDLE")
    assert decision.rule == USE_LINE
    assert one_month.idle_limit() == Period(months=1)


def test_a_shorter_maximum_ends_older_grants(authorizer):
    old = on_grant(grant(granted_at=at(2023, 1, 1), expires_at=at(2026, 1, 1), last_used_at=at(2025, 5, 30)))
    assert authorizer.decide(who(CONSUMER, "DEPT_USER"), "use", old, NOW).allowed
    two_years = with_rules(maximum="P2Y")
    decision = two_years.decide(who(CONSUMER, "DEPT_USER"), "use", old, NOW)
    assert (decision.allowed, decision.reason) == (False, "GRANT_EXPIRED")
    assert "2025-01-01" in decision.message


def test_a_fourth_year_is_too_long(authorizer):
    start = datetime(2025, 3, 1, tzinfo=UTC)
    assert authorizer.requested_period_ok(start, datetime(2028, 3, 1, tzinfo=UTC)).allowed
    decision = authorizer.requested_period_ok(start, datetime(2028, 3, 2, tzinfo=UTC))
    assert (decision.allowed, decision.reason) == (False, "PERIOD_TOO_LONG")
    assert "2028-03-01" in decision.message and "3年" in decision.message
    assert authorizer.requested_period_ok(start, start).reason == "PERIOD_INVALID"
    assert authorizer.requested_period_ok(start, datetime(2026, 3, 2, tzinfo=UTC), "P1Y").reason == "PERIOD_TOO_LONG"
    one_year = with_rules(maximum="P1Y")
    assert one_year.requested_period_ok(start, datetime(2026, 3, 2, tzinfo=UTC)).reason == "PERIOD_TOO_LONG"


# --------------------------------------------------------------------------------------
# Validation: a broken policy is refused, naming the line
# --------------------------------------------------------------------------------------

BROKEN = [
    ("unknown rule", POLICY.replace("CONDITIONAL, in_scope", "CONDITIONAL, in_scop"), "unknown rule"),
    ("unknown period", POLICY.replace(USE_LINE, USE_LINE.replace("grants.idle_limit", "grants.idle")), "not a period of rules.toml"),
    ("bad duration", POLICY.replace(USE_LINE, USE_LINE.replace("grants.idle_limit", "three months")), "not an ISO 8601 duration"),
    ("zero duration", POLICY.replace(USE_LINE, USE_LINE.replace("grants.idle_limit", "P0D")), "longer than zero"),
    ("missing duration", POLICY.replace(USE_LINE, USE_LINE.replace(", grants.idle_limit", "")), "needs two periods"),
    ("durations disagree", POLICY.replace("p, feedback, department_staff, *, grant_reportable, grants.max_period, grants.idle_limit",
                                          "p, feedback, department_staff, *, grant_reportable, P3Y, P4M"), "same durations"),
    ("unknown action", POLICY + "\np, aply, DEPT_USER, *, always\n", "unknown action"),
    ("unknown role", POLICY + "\np, audit, AUDITORS, *, always\n", "unknown role or group"),
    ("unknown class", POLICY + "\np, apply, DEPT_USER, SOMETIMES, always\n", "unknown sharing class"),
    ("arguments on a rule without", POLICY + "\np, audit, AUDITOR, *, always, P1Y\n", "takes no arguments"),
    ("too many fields", POLICY + "\np, audit, AUDITOR, *, always, , , x\n", "4 to 6 fields"),
    ("not p or g", POLICY + "\nq, audit, AUDITOR, *, always\n", "starts with p or g"),
    ("no use line", POLICY.replace(USE_LINE, ""), "no `p, use"),
]


@pytest.mark.parametrize(("policy", "expected"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
async def test_a_broken_policy_is_refused_with_a_clear_error(policy, expected):
    problems = admin.validate_texts(MODEL, policy, RULES)
    assert problems and any(expected in problem for problem in problems), problems
    with pytest.raises(PolicyError):
        Authorizer(MODEL, policy)


def test_problems_name_the_line():
    policy = POLICY.replace("CONDITIONAL, in_scope", "CONDITIONAL, in_scop")
    number = next(n for n, line in enumerate(policy.splitlines(), 1) if "in_scop" in line)
    [problem] = admin.validate_texts(MODEL, policy, RULES)
    assert problem.startswith(f"policy line {number} “p, apply, department_staff, CONDITIONAL, in_scop”")


BROKEN_MODELS = [
    ("matcher name not in request", MODEL.replace("r.env, p.arg1", "r.now, p.arg1"), "neither in"),
    ("request without env", MODEL.replace("r = sub, obj, act, env", "r = sub, obj, act"), "r = sub, obj, act, env"),
    ("policy fields renamed", MODEL.replace("p = act, role, cls, rule, arg1, arg2", "p = act, role, cls, rule"), "p = act, role"),
    ("matcher syntax", MODEL.replace("r.act == p.act &&", "r.act == == p.act &&"), "syntax"),
    ("no matcher", MODEL.replace("[matchers]", "[matcherz]"), "missing [matchers]"),
    ("unknown function", MODEL.replace("check(p.rule", "chek(p.rule"), "neither in"),
]


@pytest.mark.parametrize(("model", "expected"), [case[1:] for case in BROKEN_MODELS], ids=[case[0] for case in BROKEN_MODELS])
def test_a_broken_model_is_refused(model, expected):
    problems = admin.validate_texts(model, POLICY, RULES)
    assert problems and any(expected in problem for problem in problems), problems


def test_a_matcher_that_crashes_on_a_request_is_caught_by_the_sample_run():
    model = MODEL.replace("p.cls == r.obj.share_type", "p.cls == r.obj.item['shareType']")
    problems = admin.validate_texts(model, POLICY, RULES)
    assert any("sample evaluation failed" in problem for problem in problems), problems


def test_the_shipped_policy_is_valid_and_covers_every_action():
    assert admin.validate_texts(MODEL, POLICY, RULES) == []
    assert admin.warnings_for(Authorizer()) == []
    assert set(Authorizer().actions()) == set(ACTIONS)


# --------------------------------------------------------------------------------------
# Versions in the graph
# --------------------------------------------------------------------------------------


async def test_save_history_and_a_stale_save_conflicts(empty_store: GraphStore):
    assert await admin.active_version(empty_store) == 1
    assert [v.version for v in await admin.history(empty_store)] == [1]
    version = await admin.save(empty_store, MODEL, POLICY, with_durations(idle="P1M"), "policy-admin", "试行一个月闲置期", 1)
    assert version == 2 and await admin.active_version(empty_store) == 2
    history = await admin.history(empty_store)
    assert [(v.version, v.author, v.based_on) for v in history] == [(2, "policy-admin", 1), (1, "policies/", None)]
    assert (await admin.get_version(empty_store, 1)).policy == POLICY
    with pytest.raises(admin.PolicyConflict) as conflict:
        await admin.save(empty_store, MODEL, POLICY, RULES, "another-admin", "stale", 1)
    assert conflict.value.active == 2
    assert await admin.active_version(empty_store) == 2


async def test_two_admins_saving_at_once_one_wins(empty_store: GraphStore):
    results = await asyncio.gather(
        admin.save(empty_store, MODEL, POLICY, with_durations(idle="P1M"), "a", "one", 1),
        admin.save(empty_store, MODEL, POLICY, with_durations(idle="P2M"), "b", "two", 1),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["PolicyConflict", "int"], results
    assert [v.version for v in await admin.history(empty_store)] == [2, 1]


async def test_a_broken_policy_is_not_saved_and_the_old_stays_in_force(empty_store: GraphStore):
    await admin.save(empty_store, MODEL, POLICY, with_durations(idle="P2M"), "a", "two months", 1)
    with pytest.raises(PolicyError) as refused:
        await admin.save(empty_store, MODEL, POLICY, with_durations(idle="P2X"), "a", "typo", 2)
    assert any("P2X" in problem for problem in refused.value.problems)
    assert await admin.active_version(empty_store) == 2
    active = await admin.load_active(empty_store)
    assert active.idle_limit() == Period(months=2)
    with pytest.raises(PolicyError):  # a reason is required
        await admin.save(empty_store, MODEL, POLICY, RULES, "a", " ", 2)


async def test_restore_makes_a_new_version_equal_to_the_old(empty_store: GraphStore):
    await admin.save(empty_store, MODEL, POLICY, with_durations(idle="P1M"), "a", "one month", 1)
    await admin.save(empty_store, MODEL, POLICY, with_durations(idle="P2M"), "a", "two months", 2)
    version = await admin.restore(empty_store, 1, "b", "回到发布时的规则")
    assert version == 4
    restored, original = await admin.get_version(empty_store, 4), await admin.get_version(empty_store, 1)
    assert (restored.model, restored.policy) == (original.model, original.policy)
    assert restored.restored_from == 1 and restored.reason == "回到发布时的规则"
    assert (await admin.load_active(empty_store)).idle_limit() == Period(months=3)
    with pytest.raises(LookupError):
        await admin.restore(empty_store, 9, "b", "none")


async def test_a_replica_picks_up_a_version_saved_by_another(empty_store: GraphStore):
    clock = [100.0]
    replica_a = admin.PolicyHolder(refresh_seconds=5, clock=lambda: clock[0])
    replica_b = admin.PolicyHolder(refresh_seconds=5, clock=lambda: clock[0])
    await replica_a.load(empty_store)
    await replica_b.load(empty_store)
    assert replica_a.version == replica_b.version == 1
    version = await admin.save(empty_store, MODEL, POLICY, with_durations(idle="P1M"), "a", "one month", replica_a.version)
    assert await replica_a.refresh_if_changed(empty_store, force=True)  # the saving replica reloads at once
    assert not await replica_b.refresh_if_changed(empty_store)  # checked less than 5 s ago: no read
    assert replica_b.version == 1
    clock[0] += 5
    assert await replica_b.refresh_if_changed(empty_store)
    assert replica_b.version == version and replica_b.authorizer.idle_limit() == Period(months=1)
    clock[0] += 5
    assert not await replica_b.refresh_if_changed(empty_store)  # unchanged: nothing reloaded
    used_two_months_ago = on_grant(grant(last_used_at=at(2025, 4, 1)))
    assert replica_b.authorizer.decide(who(CONSUMER, "DEPT_USER"), "use", used_two_months_ago, NOW).reason == "GRANT_IDLE"


# --------------------------------------------------------------------------------------
# Dry run: exactly the decisions that flip
# --------------------------------------------------------------------------------------


async def _seed_sharing(store: GraphStore) -> None:
    """Departments, items and grants written through the real statements."""
    await store.write("seed/upsert_regions", rows=[{"code": "140500", "name": "晋城市", "level": "CITY", "parentCode": None}])
    departments = [
        {"code": code, "name": code, "regionCode": "140500", "isAuthority": code == AUTHORITY}
        for code in (PROVIDER, CONSUMER, OTHER, AUTHORITY)
    ]
    await store.write("seed/upsert_departments", rows=departments)
    items = [
        {"id": "item-cond", "providerCode": PROVIDER, "props": {"name": "条件", "shareType": "CONDITIONAL", "status": "PUBLISHED", "providerCode": PROVIDER}},
        {"id": "item-free", "providerCode": PROVIDER, "props": {"name": "无条件", "shareType": "UNCONDITIONAL", "status": "PUBLISHED", "providerCode": PROVIDER}},
        {"id": "item-gone", "providerCode": PROVIDER, "props": {"name": "已撤销", "shareType": "UNCONDITIONAL", "status": "WITHDRAWN", "providerCode": PROVIDER}},
    ]
    await store.write("seed/upsert_items", rows=items)
    await store.write("seed/link_item_scope", rows=[{"itemId": "item-cond", "departmentCode": CONSUMER}])
    grants = [
        # used six weeks ago: live under P3M and P2M, idle under P1M → flips
        {"id": "g-6weeks", "itemId": "item-cond", "consumerCode": CONSUMER, "grantedAt": iso(2025, 1, 1),
         "expiresAt": iso(2028, 1, 1), "lastUsedAt": iso(2025, 4, 15)},
        # used last week: live under every limit → no flip
        {"id": "g-recent", "itemId": "item-free", "consumerCode": OTHER, "grantedAt": iso(2025, 1, 1),
         "expiresAt": iso(2028, 1, 1), "lastUsedAt": iso(2025, 5, 25)},
        # idle already (unused for five months): dead before and after → no flip
        {"id": "g-idle", "itemId": "item-free", "consumerCode": CONSUMER, "grantedAt": iso(2024, 12, 1),
         "expiresAt": iso(2027, 12, 1), "lastUsedAt": None},
        # revoked: dead before and after → no flip
        {"id": "g-revoked", "itemId": "item-cond", "consumerCode": CONSUMER, "grantedAt": iso(2025, 5, 1),
         "expiresAt": iso(2028, 5, 1), "lastUsedAt": iso(2025, 5, 30), "revokedAt": iso(2025, 5, 31)},
        # on a withdrawn item → no flip
        {"id": "g-gone", "itemId": "item-gone", "consumerCode": CONSUMER, "grantedAt": iso(2025, 1, 1),
         "expiresAt": iso(2028, 1, 1), "lastUsedAt": iso(2025, 4, 20)},
    ]
    [row] = await store.write("grants/upsert_for_import", rows=grants)
    assert row["imported"] == len(grants)


async def test_dry_run_lists_exactly_the_flipping_grants(empty_store: GraphStore):
    await _seed_sharing(empty_store)
    flips = await admin.dry_run(empty_store, with_rules(idle="P1M"), NOW)
    # feedback stays allowed: an idle stop is within rules.toml's feedback window (第三十二条)
    assert [(f.kind, f.action, f.target, f.before.reason, f.after.reason) for f in flips] == [
        ("grant", "use", "g-6weeks", "ALLOWED", "GRANT_IDLE"),
    ]
    assert "g-6weeks" in flips[0].describe() and "ALLOW ALLOWED → DENY GRANT_IDLE" in flips[0].describe()
    assert await admin.dry_run(empty_store, with_rules(idle="P2M"), NOW) == []
    assert await admin.dry_run(empty_store, Authorizer(), NOW) == []


async def test_dry_run_of_scope_rules_lists_the_departments_that_flip(empty_store: GraphStore):
    await _seed_sharing(empty_store)
    opened = POLICY.replace("p, apply, department_staff, CONDITIONAL, in_scope",
                            "p, apply, department_staff, CONDITIONAL, other_department")
    flips = await admin.dry_run(empty_store, Authorizer(MODEL, opened), NOW)
    assert sorted((f.kind, f.action, f.target, f.subject, f.before.reason, f.after.reason) for f in flips) == [
        ("item", "apply", "item-cond", f"{AUTHORITY} (DEPT_USER)", "OUT_OF_SCOPE", "ALLOWED"),
        ("item", "apply", "item-cond", f"{OTHER} (DEPT_USER)", "OUT_OF_SCOPE", "ALLOWED"),
    ]


async def test_dry_run_of_a_role_change_shows_who_loses_what(empty_store: GraphStore):
    narrower = POLICY.replace("p, revoke, AUTHORITY_ADMIN, *, provider_authority\n", "").replace(
        "p, revoke, AUTHORITY_ADMIN, *, applicant_authority\n", "")
    assert narrower != POLICY
    flips = await admin.dry_run(empty_store, Authorizer(MODEL, narrower), NOW)
    assert [(f.kind, f.action, f.subject, f.before.reason, f.after.reason) for f in flips] == [
        ("role", "revoke", "AUTHORITY_ADMIN of the authority department", "ALLOWED", "WRONG_ROLE"),
    ]


async def test_the_import_statement_is_idempotent(empty_store: GraphStore):
    await _seed_sharing(empty_store)
    await _seed_sharing(empty_store)
    rows = [row async for row in admin._pages(empty_store, policy_repo.grants, lambda row: row[0].id)]
    assert [grant.id for grant, _ in rows] == ["g-6weeks", "g-gone", "g-idle", "g-recent", "g-revoked"]
    assert rows[0][0].provider_code == PROVIDER and rows[0][1].scope == (CONSUMER,)


# --------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="mulu")
    cli.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["policy", *argv])


def test_cli_check_passes_the_shipped_files(capsys):
    assert cli.run(parse("check"), settings=None) == 0
    assert "ok" in capsys.readouterr().out


def test_cli_check_names_the_broken_line(tmp_path: Path, capsys):
    broken = tmp_path / "policy.csv"
    broken.write_text(POLICY.replace(USE_LINE, USE_LINE.replace("grants.idle_limit", "P3Q")), encoding="utf-8")
    number = next(n for n, line in enumerate(broken.read_text().splitlines(), 1) if "P3Q" in line)
    assert cli.run(parse("check", "--policy", str(broken)), settings=None) == 2
    err = capsys.readouterr().err
    assert f"policy line {number}" in err and "P3Q" in err
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES.replace('idle_limit = "P3M"', 'idle_limit = "P3Q"'), encoding="utf-8")
    assert cli.run(parse("check", "--rules", str(rules)), settings=None) == 2
    assert "rules.toml [grants] idle_limit" in capsys.readouterr().err


def test_cli_explain_says_which_rule_decided(capsys):
    args = parse(
        "explain", "--files", "--user", "zhang", "--department", CONSUMER, "--role", "DEPT_USER", "--action", "use",
        "--item-share-type", "CONDITIONAL", "--item-provider", PROVIDER, "--scope", CONSUMER,
        "--grant-granted", "2025-01-10T00:00:00Z", "--grant-expires", "2028-01-10T00:00:00Z",
        "--grant-last-used", "2025-02-01T00:00:00Z", "--now", NOW.isoformat(),
    )
    assert cli.run(args, settings=None) == 1
    out = capsys.readouterr().out
    assert USE_LINE in out and "DENY GRANT_IDLE" in out
    args = parse(
        "explain", "--files", "--department", CONSUMER, "--role", "DEPT_USER", "--action", "apply",
        "--item-share-type", "CONDITIONAL", "--item-provider", PROVIDER, "--scope", CONSUMER, OTHER,
    )
    assert cli.run(args, settings=None) == 0
    assert "decision: ALLOW ALLOWED" in capsys.readouterr().out


def test_cli_explain_refuses_a_bad_instant(capsys):
    args = parse("explain", "--files", "--department", CONSUMER, "--role", "DEPT_USER", "--action", "use", "--now", "yesterday")
    assert cli.run(args, settings=None) == 2
    assert "--now" in capsys.readouterr().err


async def test_cli_save_history_restore_on_the_graph(empty_store: GraphStore, tmp_path: Path, capsys):
    edited = tmp_path / "rules.toml"
    edited.write_text(with_durations(idle="P1M"), encoding="utf-8")
    assert await cli.run_async(parse("dry-run", "--rules", str(edited)), None, empty_store) == 0
    assert await cli.run_async(parse("save", "--rules", str(edited), "--author", "li", "--reason", "一个月"), None, empty_store) == 0
    assert await cli.run_async(parse("save", "--rules", str(edited), "--author", "li", "--reason", "stale",
                                     "--expected-version", "1"), None, empty_store) == 3
    assert await cli.run_async(parse("restore", "1", "--author", "li", "--reason", "回滚"), None, empty_store) == 0
    assert await cli.run_async(parse("history"), None, empty_store) == 0
    out = capsys.readouterr().out
    assert "saved policy version 2" in out and "restored version 1 as version 3" in out and "(restores 1)" in out
    args = parse("explain", "--active", "--department", CONSUMER, "--role", "DEPT_USER", "--action", "use",
                 "--grant-expires", "2028-01-10T00:00:00Z", "--grant-last-used", "2025-04-01T00:00:00Z",
                 "--now", NOW.isoformat())
    assert await cli.run_async(args, None, empty_store) == 0
    assert "policy version 3" in capsys.readouterr().out


NO_RECORD = item_id("140500-GAJ", "无犯罪记录证明开具信息")  # 有条件共享, 民政局 not in scope
DEATH = item_id("140500-GAJ", "死亡注销户口信息")  # 有条件共享, 民政局 in scope
OPENED_SCOPE = POLICY.replace("p, apply, department_staff, CONDITIONAL, in_scope",
                              "p, apply, department_staff, CONDITIONAL, other_department")


async def test_cli_explain_item_reads_the_item_from_the_graph(demo_store: GraphStore, capsys):
    """Issue 12: --item-id is looked up (class, scope, provider), named in Chinese, and decided by the
    version in force; once it printed 共享属性为“?” and DENY for an application the server allowed."""
    args = parse("explain", "--item-id", DEATH, "--department", CONSUMER, "--role", "DEPT_USER", "--action", "apply")
    assert await cli.run_async(args, None, demo_store) == 0
    out = capsys.readouterr().out
    assert "decision: ALLOW ALLOWED" in out and "“?”" not in out
    assert "死亡注销户口信息" in out and "有条件共享" in out and f"{PROVIDER} 晋城市公安局" in out and f"{CONSUMER} 晋城市民政局" in out
    args = parse("explain", "--item-id", NO_RECORD, "--department", CONSUMER, "--role", "DEPT_USER", "--action", "apply")
    assert await cli.run_async(args, None, demo_store) == 1
    assert "decision: DENY OUT_OF_SCOPE" in capsys.readouterr().out
    args = parse("explain", "--item-id", NO_RECORD, "--department", CONSUMER, "--role", "DEPT_USER", "--action", "apply",
                 "--item-share-type", "UNCONDITIONAL")
    assert await cli.run_async(args, None, demo_store) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--item-share-type" in err
    args = parse("explain", "--item-id", "no-such-item", "--department", CONSUMER, "--role", "DEPT_USER", "--action", "apply")
    assert await cli.run_async(args, None, demo_store) == 2
    assert "no catalog item no-such-item" in capsys.readouterr().err


async def test_cli_dry_run_names_departments_and_items_in_chinese(demo_store: GraphStore, tmp_path: Path, capsys):
    policy, rules = tmp_path / "policy.csv", tmp_path / "rules.toml"
    policy.write_text(OPENED_SCOPE.replace("p, coordinate, AUTHORITY_ADMIN, *, coordinating_authority\n", ""), encoding="utf-8")
    rules.write_text(RULES.replace("review_working_days = 2 ", "review_working_days = 1 ", 1), encoding="utf-8")
    assert "p, coordinate," not in policy.read_text(encoding="utf-8")
    args = parse("dry-run", "--policy", str(policy), "--rules", str(rules), "--now", NOW.isoformat())
    assert await cli.run_async(args, None, demo_store) == 0
    captured = capsys.readouterr()
    assert (f"item {NO_RECORD} 无犯罪记录证明开具信息: {CONSUMER} 晋城市民政局 (DEPT_USER) apply: "
            "DENY OUT_OF_SCOPE → ALLOW ALLOWED") in captured.out.splitlines()
    assert "rules.toml requests.review_working_days: 2 → 1 (规则参数变化 a value of the rules changes)" in captured.out
    assert "warning: no line for action coordinate" in captured.err


async def test_cli_diff_shows_what_changes(empty_store: GraphStore, tmp_path: Path, capsys):
    rules, policy = tmp_path / "rules.toml", tmp_path / "policy.csv"
    rules.write_text(RULES.replace("review_working_days = 2 ", "review_working_days = 1 ", 1), encoding="utf-8")
    policy.write_text(OPENED_SCOPE, encoding="utf-8")
    save = parse("save", "--rules", str(rules), "--policy", str(policy), "--author", "li", "--reason", "审核时限一日")
    assert await cli.run_async(save, None, empty_store) == 0
    capsys.readouterr()
    assert await cli.run_async(parse("diff", "1", "2"), None, empty_store) == 0
    out = capsys.readouterr().out
    assert "  requests.review_working_days: 2 → 1" in out.splitlines()
    number = next(n for n, line in enumerate(POLICY.splitlines(), 1) if "CONDITIONAL, in_scope" in line)
    assert f"- line {number}: p, apply, department_staff, CONDITIONAL, in_scope" in out
    assert f"+ line {number}: p, apply, department_staff, CONDITIONAL, other_department" in out
    assert await cli.run_async(parse("diff", "2", "files"), None, empty_store) == 0  # the shipped files
    assert "requests.review_working_days: 1 → 2" in capsys.readouterr().out
    assert await cli.run_async(parse("diff", "1", "9"), None, empty_store) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no policy version 9" in err


def test_cli_without_a_graph_is_one_line_and_makes_no_data_dir(tmp_path: Path, monkeypatch, capsys):
    from server.settings import Settings

    monkeypatch.chdir(tmp_path)
    for name in ("MULU_NEO4J_URI", "MULU_FALKORDB_URL", "MULU_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    for argv in (("history",), ("history", "--data-dir", str(tmp_path / "elsewhere")),
                 ("explain", "--department", CONSUMER, "--role", "DEPT_USER", "--action", "apply")):
        assert cli.run(parse(*argv), settings) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "没有图" in err and "--server" in err, err
    assert list(tmp_path.iterdir()) == []  # no ./data, no elsewhere/


# 第二十八条 with the own-case setting: when the competent authority's own department applies,
# another person of that authority decides (OTHER_PERSON), or the next level up (NEXT_LEVEL).
@pytest.mark.parametrize(("rule", "reviewer", "expected"), [
    (OwnCaseRule.OTHER_PERSON, person("zezhou-zhao", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "ALLOWED"),
    (OwnCaseRule.OTHER_PERSON, person("dsj-li", AUTHORITY, "AUTHORITY_ADMIN"), "WRONG_JURISDICTION"),
    (OwnCaseRule.NEXT_LEVEL, person("zezhou-zhao", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "WRONG_JURISDICTION"),
    (OwnCaseRule.NEXT_LEVEL, person("dsj-li", AUTHORITY, "AUTHORITY_ADMIN"), "ALLOWED"),
])
def test_the_own_case_rule_picks_who_reviews_an_authoritys_own_application(authorizer, rule, reviewer, expected):
    resource = replace(on_request(consumer=COUNTY_AUTHORITY, applicant="zezhou-wang"),
                       jurisdiction=replace(JURISDICTION, own_case=rule))
    decision = authorizer.decide(reviewer, "review", resource, NOW)
    assert decision.reason == expected, decision.message


@pytest.mark.parametrize("rule", list(OwnCaseRule))
def test_the_own_case_rule_leaves_other_departments_cases_alone(authorizer, rule):
    """A county department that is not the authority: its county authority reviews, whatever the rule."""
    resource = replace(on_request(consumer=COUNTY_DEPT), jurisdiction=replace(JURISDICTION, own_case=rule))
    assert authorizer.decide(person("zezhou-zhao", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "review", resource, NOW).allowed
    assert authorizer.decide(person("dsj-li", AUTHORITY, "AUTHORITY_ADMIN"), "review", resource, NOW).reason == "WRONG_JURISDICTION"


def test_the_city_authoritys_own_case_stays_with_another_person_of_it(authorizer):
    """No level above the city on this platform: NEXT_LEVEL changes nothing for the city authority."""
    resource = replace(on_request(consumer=AUTHORITY, applicant="dsj-self"),
                       jurisdiction=replace(JURISDICTION, own_case=OwnCaseRule.NEXT_LEVEL))
    assert authorizer.decide(person("dsj-li", AUTHORITY, "AUTHORITY_ADMIN"), "review", resource, NOW).allowed
    assert authorizer.decide(person("dsj-self", AUTHORITY, "AUTHORITY_ADMIN"), "review", resource, NOW).reason == "OWN_CASE"


def test_the_own_case_rule_is_a_setting(monkeypatch):
    from server.settings import Settings

    monkeypatch.setenv("MULU_AUTHORITY_OWN_CASE", "NEXT_LEVEL")
    assert Settings().authority_own_case is OwnCaseRule.NEXT_LEVEL
    assert Settings(authority_own_case="OTHER_PERSON").authority_own_case is OwnCaseRule.OTHER_PERSON


def test_a_policy_saved_with_the_old_spelling_still_reads(authorizer):
    """Versions saved before the rename (authorise_platform) keep their meaning."""
    old = POLICY.replace("authorize_platform", "authorise_platform")
    assert "authorise_platform" in old
    lines, problems = parse_policy(old)
    assert not problems and any(line.fields[0] == "authorize_platform" for line in lines)
    renamed = Authorizer(model_text=MODEL, policy_text=old)
    assert renamed.decide(who(PROVIDER, "DEPT_DATA_OFFICER"), "authorize_platform", on_item(), NOW).allowed


@pytest.mark.parametrize(("reader", "expected"), [
    (who(CONSUMER, "DEPT_USER"), "ALLOWED"),  # the department that reported it
    (who(PROVIDER, "DEPT_DATA_OFFICER"), "ALLOWED"),  # the provider who answers it
    (person("dsj-li", AUTHORITY, "AUTHORITY_ADMIN"), "ALLOWED"),  # the authority supervising the provider
    (person("zezhou-wang", COUNTY_AUTHORITY, "AUTHORITY_ADMIN"), "WRONG_JURISDICTION"),
    (who(OTHER, "DEPT_DATA_OFFICER"), "WRONG_DEPARTMENT"),
    (who(OTHER, "AUDITOR"), "ALLOWED"),
])
def test_who_reads_a_feedback_report(authorizer, reader, expected):
    """第三十二条, 第四十一条: a report is read by its two parties, the supervising authority and audit."""
    report = FeedbackRecord(id="f-1", item_id="item-1", item_name="", consumer_code=CONSUMER, provider_code=PROVIDER,
                            reporter="clerk", description="数据有误", status=FeedbackStatus.OPEN, created_at=NOW,
                            due_at=NOW, due_provisional=False)
    resource = Resource(kind="feedback", feedback=report, jurisdiction=JURISDICTION)
    assert authorizer.decide(reader, "read_feedback", resource, NOW).reason == expected


@pytest.mark.parametrize("line", [
    "p, review_item, AUDITOR, *, always",
    "p, revoke, *, *, always",
])
def test_an_auditor_is_never_given_a_change(line):
    """Auditors read everything and change nothing: a policy that says otherwise does not validate."""
    lines, problems = parse_policy(POLICY + "\n" + line + "\n")
    assert not problems
    assert any("auditors read and change nothing" in problem for problem in check_lines(lines))


def test_the_shipped_policy_gives_auditors_reads_only():
    lines, _ = parse_policy(POLICY)
    assert not [problem for problem in check_lines(lines) if "auditors" in problem]
