"""第三十一条 grant rules: expiry and idle algebra (property tests) and calendar periods."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from policies.enforcer import shipped_rules
from server.domain.grants import (
    GrantFacts,
    Period,
    PeriodError,
    add_months,
    effective_expiry,
    grant_state,
    max_expiry,
    period_within,
)

UTC = timezone.utc
SHIPPED = shipped_rules()  # policies/rules.toml: P3Y and P3M (第三十一条), pinned in tests/test_rules.py
SHANGHAI = timezone(timedelta(hours=8))

instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
spans = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=4 * 366))
idle_months = st.integers(min_value=1, max_value=12)


@st.composite
def grants(draw, revoked: bool | None = False, withdrawn: bool = False) -> GrantFacts:
    granted = draw(instants)
    expires = draw(st.one_of(st.just(max_expiry(granted, SHIPPED.grants.max_period)), st.builds(lambda d: granted + d, spans)))
    used = draw(st.one_of(st.none(), st.builds(lambda d: granted + d, spans)))
    reinstated = draw(st.one_of(st.none(), st.builds(lambda d: granted + d, spans)))
    revoked_at = None
    if revoked is None:
        revoked_at = draw(st.one_of(st.none(), st.builds(lambda d: granted + d, spans)))
    elif revoked:
        revoked_at = draw(st.builds(lambda d: granted + d, spans))
        if reinstated is not None and reinstated >= revoked_at:
            reinstated = None
    return GrantFacts(granted, expires, used, revoked_at, reinstated, withdrawn)


# ---- calendar periods ---------------------------------------------------------------------


def test_months_clamp_to_month_end():
    assert add_months(datetime(2024, 1, 31, 9, tzinfo=UTC), 1) == datetime(2024, 2, 29, 9, tzinfo=UTC)
    assert add_months(datetime(2023, 1, 31, tzinfo=UTC), 1) == datetime(2023, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2024, 11, 30, tzinfo=UTC), 3) == datetime(2025, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2024, 5, 31, tzinfo=UTC), -3) == datetime(2024, 2, 29, tzinfo=UTC)


def test_three_years_from_a_leap_day():
    three_years = SHIPPED.grants.max_period
    assert max_expiry(datetime(2024, 2, 29, 8, tzinfo=UTC), three_years) == datetime(2027, 2, 28, 8, tzinfo=UTC)
    assert max_expiry(datetime(2024, 2, 22, tzinfo=UTC), three_years) == datetime(2027, 2, 22, tzinfo=UTC)
    assert max_expiry(datetime(2024, 2, 22, tzinfo=UTC), Period(years=1)) == datetime(2025, 2, 22, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("P3Y", Period(years=3)),
        ("P3M", Period(months=3)),
        ("p1y6m", Period(years=1, months=6)),
        ("P90D", Period(days=90)),
        ("P2W", Period(days=14)),
        ("PT12H", Period(seconds=12 * 3600)),
        ("P1DT1H30M", Period(days=1, seconds=5400)),
    ],
)
def test_iso_durations_parse_and_print(text, period):
    assert Period.parse(text) == period
    assert Period.parse(period.iso()) == period


@pytest.mark.parametrize("text", ["", "P", "PT", "3M", "P3", "P-3M", "P3.5Y", "three months", "P3M2Y"])
def test_bad_durations_are_refused(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_period_labels_for_clerks():
    assert Period.parse("P3Y").label() == "3年"
    assert Period.parse("P3M").label() == "3个月"
    assert Period.parse("P1Y6M").label() == "1年6个月"


@given(instants, st.integers(min_value=-48, max_value=48))
def test_add_months_lands_in_the_right_month_and_never_overshoots(moment, months):
    moved = add_months(moment, months)
    local, start = moved.astimezone(SHANGHAI), moment.astimezone(SHANGHAI)  # periods are read in Shanghai
    assert (local.year * 12 + local.month) - (start.year * 12 + start.month) == months
    assert local.day <= start.day
    assert local.time() == start.time()
    if local.day < start.day:  # clamped: the last day of its month
        assert (local + timedelta(days=1)).month != local.month


def test_a_month_is_counted_on_the_shanghai_calendar():
    # 2026-03-31 02:00 in Shanghai is 03-30 18:00 UTC; a month later is 04-30 02:00 Shanghai.
    granted = datetime(2026, 3, 30, 18, tzinfo=UTC)
    assert add_months(granted, 1) == datetime(2026, 4, 29, 18, tzinfo=UTC)


@given(instants, st.integers(min_value=0, max_value=36), st.integers(min_value=0, max_value=36))
def test_add_months_is_monotonic(moment, a, b):
    assume(a <= b)
    assert add_months(moment, a) <= add_months(moment, b)


# ---- liveness ----------------------------------------------------------------------------


@given(grants(revoked=None), instants, idle_months)
def test_live_implies_before_expiry_and_within_idle_limit(g, now, months):
    live, reason = grant_state(g, now, Period(months=months))
    assert live == (reason == "LIVE")
    if live:
        assert now < g.expires_at
        assert now <= add_months(g.idle_since, months)
        assert not g.revoked and not g.item_withdrawn


@given(grants(), spans, idle_months)
def test_a_use_keeps_the_grant_live_for_the_idle_limit(g, offset, months):
    used_at = g.granted_at + offset
    assume(used_at < g.expires_at)
    g = GrantFacts(g.granted_at, g.expires_at, used_at, None, None)
    for now in (used_at, used_at + timedelta(days=1), add_months(used_at, months)):
        if now < g.expires_at:
            assert grant_state(g, now, Period(months=months)) == (True, "LIVE"), now
    after = add_months(used_at, months) + timedelta(microseconds=1)
    assert grant_state(g, after, Period(months=months))[0] is False
    assert grant_state(g, after, Period(months=months))[1] in {"IDLE", "EXPIRED"}


@given(grants(revoked=None), instants, spans, idle_months)
def test_once_expired_or_idle_it_stays_so_as_time_passes(g, now, later, months):
    live, reason = grant_state(g, now, Period(months=months))
    if not live:
        live_later, reason_later = grant_state(g, now + later, Period(months=months))
        assert not live_later
        if reason in {"EXPIRED", "REVOKED", "ITEM_WITHDRAWN"}:
            assert reason_later == reason
        else:  # IDLE may turn into EXPIRED, never into LIVE
            assert reason_later in {"IDLE", "EXPIRED"}


@given(grants(revoked=None), instants, idle_months)
def test_expired_at_and_after_expiry(g, now, months):
    assume(not g.revoked)
    if now >= g.expires_at:
        assert grant_state(g, now, Period(months=months)) == (False, "EXPIRED")


@given(grants(revoked=True), instants, idle_months)
def test_a_revoked_grant_is_never_live(g, now, months):
    assert grant_state(g, now, Period(months=months)) == (False, "REVOKED")


@given(grants(), instants, idle_months)
def test_a_withdrawn_item_ends_every_grant(g, now, months):
    g = GrantFacts(g.granted_at, g.expires_at, g.last_used_at, None, g.reinstated_at, item_withdrawn=True)
    assert grant_state(g, now, Period(months=months)) == (False, "ITEM_WITHDRAWN")


@given(grants(), spans, idle_months)
def test_reinstatement_restarts_the_idle_clock(g, offset, months):
    reinstated = g.granted_at + offset
    assume(reinstated < g.expires_at)
    idle = GrantFacts(g.granted_at, g.expires_at, None, None, None)
    back = GrantFacts(g.granted_at, g.expires_at, None, None, reinstated)
    now = min(add_months(reinstated, months), g.expires_at - timedelta(microseconds=1))
    assert grant_state(back, now, Period(months=months)) == (True, "LIVE")
    if now > add_months(g.granted_at, months):
        assert grant_state(idle, now, Period(months=months)) == (False, "IDLE")


@given(grants(), instants)
def test_a_longer_idle_limit_never_takes_liveness_away(g, now):
    for shorter, longer in ((1, 3), (3, 6), (6, 12)):
        if grant_state(g, now, Period(months=shorter))[0]:
            assert grant_state(g, now, Period(months=longer))[0]


@given(grants(), instants, idle_months)
def test_the_policy_maximum_caps_the_stored_expiry(g, now, months):
    one_year = Period(years=1)
    capped = effective_expiry(g, one_year)
    assert capped <= g.expires_at and capped <= max_expiry(g.granted_at, one_year)
    if grant_state(g, now, Period(months=months), max_period=one_year)[0]:
        assert now < max_expiry(g.granted_at, one_year)
        assert grant_state(g, now, Period(months=months))[0]


@given(instants, spans)
def test_requested_period_within_three_years(start, span):
    until = start + span
    ok = period_within(start, until, Period(years=3))
    assert ok == (start < until <= max_expiry(start, SHIPPED.grants.max_period))


def test_a_fourth_year_is_too_long():
    start = datetime(2025, 3, 1, tzinfo=UTC)
    assert period_within(start, datetime(2028, 3, 1, tzinfo=UTC), Period(years=3))
    assert not period_within(start, datetime(2028, 3, 1, 0, 0, 1, tzinfo=UTC), Period(years=3))
    assert not period_within(start, start, Period(years=3))


def test_examples_read_as_the_article_says():
    granted = datetime(2024, 3, 1, tzinfo=UTC)
    g = GrantFacts(granted, max_expiry(granted, SHIPPED.grants.max_period), last_used_at=datetime(2024, 5, 15, tzinfo=UTC))
    assert grant_state(g, datetime(2024, 8, 15, tzinfo=UTC), SHIPPED.grants.idle_limit) == (True, "LIVE")  # exactly three months
    assert grant_state(g, datetime(2024, 8, 15, 0, 0, 1, tzinfo=UTC), SHIPPED.grants.idle_limit) == (False, "IDLE")
    used = GrantFacts(granted, max_expiry(granted, SHIPPED.grants.max_period), last_used_at=datetime(2027, 2, 1, tzinfo=UTC))
    assert grant_state(used, datetime(2027, 2, 28, tzinfo=UTC), SHIPPED.grants.idle_limit) == (True, "LIVE")
    assert grant_state(used, datetime(2027, 3, 1, tzinfo=UTC), SHIPPED.grants.idle_limit) == (False, "EXPIRED")
    assert grant_state(g, datetime(2024, 4, 1, tzinfo=UTC), Period(months=1)) == (True, "LIVE")
    assert grant_state(g, datetime(2024, 7, 1, tzinfo=UTC), Period(months=1)) == (False, "IDLE")




def test_every_grant_state_has_a_chinese_label():
    """The API's GrantStateReason describes each value with its label (server/api/core/enums.py)."""
    from server.domain.grants import GrantReason

    granted = datetime(2025, 1, 1, tzinfo=UTC)
    seen = {grant_state(GrantFacts(granted, max_expiry(granted, SHIPPED.grants.max_period)), granted, SHIPPED.grants.idle_limit)[1],
            grant_state(GrantFacts(granted, max_expiry(granted, SHIPPED.grants.max_period)), datetime(2029, 1, 1, tzinfo=UTC), SHIPPED.grants.idle_limit)[1]}
    assert seen == {"LIVE", "EXPIRED"} and all(GrantReason(reason).label for reason in seen)
    assert all(member.label for member in GrantReason)


def test_only_a_call_that_gave_an_element_is_use() -> None:
    """第三十一条 idle rule (issue 12): DENY for every asked element, or nothing asked, is not use."""
    from server.domain.sharing import ElementAccess, ElementDecision, ElementReason, uses_data
    from server.domain.values import MaskingRule

    deny = ElementDecision("YZMC", ElementAccess.DENY, None, ElementReason.NOT_GRANTED)
    assert not uses_data([]) and not uses_data([deny, deny])
    for given in (ElementDecision("DWMC", ElementAccess.ALLOW, None, ElementReason.GRANTED),
                  ElementDecision("GMSFHM", ElementAccess.MASK, MaskingRule.ID_NUMBER, ElementReason.MASKED),
                  ElementDecision("RXZP", ElementAccess.VERIFY_ONLY, None, ElementReason.VERIFY_ONLY)):
        assert uses_data([deny, given])
