"""The regulation's numbers as one typed rule set, read from the rules file (`policies/rules.toml`).

DESIGN.md: every deadline, duration and threshold of the regulation is configuration that
cites its article, versioned with the Casbin policy, so a new rule set (the national
政务数据共享条例 has applied since 2025-08-01; these rules lapse on 2027-02-21, 第四十六条) is a
change of configuration, not of code. `parse_rules` turns the text into a `RuleSet` and lists
every problem at once, each naming its section and key; `cap_problems` holds the values to the
regulation's own ceilings ([caps]) unless [overrides] names a legal basis for going beyond.

A deadline keeps the rules of the version in force when its clock started: the service
computes and stores the due instant then (with the version number), never recomputes it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from server.domain.grants import Period, PeriodError
from server.domain.values import DataGrade, UpdateCycle


class IdleOutcome(str, Enum):
    """第三十一条 says an idle grant 可视情收回 (may be taken back): by itself, or after a decision."""

    LAPSE = "LAPSE"  # the grant stops authorizing by itself (the design card's choice)
    LIST = "LIST"  # the grant stays live and is listed for the provider or the authority to decide


@dataclass(frozen=True)
class RuleSetInfo:
    name: str
    valid_from: date
    valid_for: Period

    @property
    def valid_until(self) -> date:
        """The last day the rule set applies (第四十六条: three years from 2024-02-22 → 2027-02-21)."""
        end = self.valid_for.add_to(datetime.combine(self.valid_from, datetime.min.time())).date()
        return date.fromordinal(end.toordinal() - 1)

    def in_force(self, today: date) -> bool:
        return self.valid_from <= today <= self.valid_until


@dataclass(frozen=True)
class RequestRules:
    """第三十条: working days for the authority's review and the provider's answer."""

    review_working_days: int
    answer_shared_working_days: int
    answer_unshared_working_days: int

    def answer_days(self, already_shared: bool) -> int:
        """5 working days when the data is shared already, 10 when it must be published first."""
        return self.answer_shared_working_days if already_shared else self.answer_unshared_working_days


@dataclass(frozen=True)
class FeedbackRules:
    """第三十二条: the provider answers within N working days; holders may report after their grant ended."""

    answer_working_days: int
    window_after_grant: Period


@dataclass(frozen=True)
class CatalogRules:
    change_event_working_days: int  # 第十二条


@dataclass(frozen=True)
class GrantRules:
    """第三十一条: the longest grant, the idle limit and what idleness does, the holders' warning."""

    max_period: Period
    idle_limit: Period
    idle_outcome: IdleOutcome
    warn_before: Period
    use_record_interval: Period


@dataclass(frozen=True)
class GradingRules:
    """第三十五条: grades that may not be shared unconditionally; sensitive elements of unconditional items."""

    not_unconditional: frozenset[DataGrade]
    sensitive_unconditional_protected: bool


@dataclass(frozen=True)
class RuleSet:
    text: str
    ruleset: RuleSetInfo
    requests: RequestRules
    feedback: FeedbackRules
    catalog: CatalogRules
    grants: GrantRules
    staleness: dict[UpdateCycle, Period]
    grading: GradingRules
    caps: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)

    def period(self, key: str) -> Period:
        """A period by its "section.key" name (a policy line refers to grants.max_period so)."""
        section, _, name = key.partition(".")
        value = getattr(getattr(self, section, None), name, None)
        if not isinstance(value, Period):
            raise KeyError(key)
        return value

    def stale_after(self, cycle: UpdateCycle) -> Period | None:
        """第十八条: how old data may get under `cycle`; None for 其他 (no rule)."""
        return self.staleness.get(cycle)


class RulesError(ValueError):
    """A rules text that cannot be used; `problems` name the section, key and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


#: The keys of each section and how each is read: "days" (a whole number of working days ≥ 1),
#: "period" (an ISO 8601 period > 0), or a special reader below.
SCHEMA: dict[str, dict[str, str]] = {
    "ruleset": {"name": "text", "valid_from": "date", "valid_for": "period"},
    "requests": {
        "review_working_days": "days", "answer_shared_working_days": "days", "answer_unshared_working_days": "days",
    },
    "feedback": {"answer_working_days": "days", "window_after_grant": "period0"},
    "catalog": {"change_event_working_days": "days"},
    "grants": {
        "max_period": "period", "idle_limit": "period", "idle_outcome": "idle_outcome", "warn_before": "period0",
        "use_record_interval": "period",
    },
    "staleness": {cycle.value: "period" for cycle in UpdateCycle if cycle is not UpdateCycle.OTHER},
    "grading": {"not_unconditional": "grades", "sensitive_unconditional_protected": "bool"},
    "caps": {
        "grants_max_period": "period", "grants_idle_limit_min": "period", "requests_review_working_days": "days",
        "requests_answer_shared_working_days": "days", "requests_answer_unshared_working_days": "days",
        "feedback_answer_working_days": "days", "catalog_change_event_working_days": "days",
    },
}

#: Which value each cap bounds: (cap key, "section.key", "max" or "min").
CAPPED: tuple[tuple[str, str, str], ...] = (
    ("grants_max_period", "grants.max_period", "max"),
    ("grants_idle_limit_min", "grants.idle_limit", "min"),
    ("requests_review_working_days", "requests.review_working_days", "max"),
    ("requests_answer_shared_working_days", "requests.answer_shared_working_days", "max"),
    ("requests_answer_unshared_working_days", "requests.answer_unshared_working_days", "max"),
    ("feedback_answer_working_days", "feedback.answer_working_days", "max"),
    ("catalog_change_event_working_days", "catalog.change_event_working_days", "max"),
)


#: No period of a rule set is longer than this: beyond it a date leaves the calendar (a grant
#: "for 99999 years" would crash every decision that adds it to a date).
CENTURY_YEARS = 100
_EPOCH = datetime(2000, 1, 1)


def _within_a_century(period: Period) -> bool:
    try:
        return period.add_to(_EPOCH) <= _EPOCH.replace(year=_EPOCH.year + CENTURY_YEARS)
    except (ValueError, OverflowError):
        return False


def _read(kind: str, where: str, value: Any, problems: list[str]) -> Any:
    """One value of `kind`, or None with a problem naming `where`."""
    if kind == "text":
        if isinstance(value, str) and value.strip():
            return value.strip()
        problems.append(f"{where}: 须为非空文字 (must be a non-empty string)")
    elif kind == "date":
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        problems.append(f"{where}: 须为日期，如 2024-02-22 (must be a TOML date such as 2024-02-22)")
    elif kind == "days":
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 365:
            return value
        problems.append(f"{where}: 须为 1 至 365 的整数工作日 (must be a whole number of working days, 1 to 365): {value!r}")
    elif kind in ("period", "period0"):
        try:
            period = Period.parse(value) if isinstance(value, str) else None
        except PeriodError as exc:
            problems.append(f"{where}: {exc}")
            return None
        if period is None:
            problems.append(f"{where}: 须为 ISO 8601 时长字符串，如 \"P3Y\" (must be an ISO 8601 duration string such as \"P3Y\")")
        elif period.is_zero and kind == "period":
            problems.append(f"{where}: 须大于零 (must be longer than zero): {value}")
        elif not _within_a_century(period):
            problems.append(f"{where}: 不能超过 {CENTURY_YEARS} 年 (at most {CENTURY_YEARS} years): {value}")
        else:
            return period
    elif kind == "bool":
        if isinstance(value, bool):
            return value
        problems.append(f"{where}: 须为 true 或 false (must be true or false)")
    elif kind == "idle_outcome":
        if value in IdleOutcome.__members__:
            return IdleOutcome(value)
        problems.append(f"{where}: 须为 LAPSE（自动停止）或 LIST（列出待决定）(must be LAPSE or LIST): {value!r}")
    elif kind == "grades":
        known = {grade.value for grade in DataGrade}
        if isinstance(value, list) and all(isinstance(entry, str) and entry in known for entry in value):
            return frozenset(DataGrade(entry) for entry in value)
        problems.append(f"{where}: 须为分级列表，取值 {', '.join(sorted(known))} (must be a list of grades)")
    return None


def parse_rules(text: str) -> RuleSet:
    """The rule set of a rules text; raises RulesError listing every problem at once."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError([f"rules.toml: TOML 语法错误 (TOML syntax error): {exc}"]) from exc
    problems: list[str] = []
    values: dict[str, dict[str, Any]] = {}
    for section in sorted(set(data) - set(SCHEMA) - {"overrides"}):
        problems.append(f"rules.toml [{section}]: 未知的节 (unknown section; known: {', '.join(SCHEMA)}, overrides)")
    for section, keys in SCHEMA.items():
        given = data.get(section)
        if not isinstance(given, dict):
            problems.append(f"rules.toml [{section}]: 缺少该节 (the section is missing)")
            continue
        for key in sorted(set(given) - set(keys)):
            problems.append(f"rules.toml [{section}] {key}: 未知的参数 (unknown key; known: {', '.join(keys)})")
        values[section] = {}
        for key, kind in keys.items():
            where = f"rules.toml [{section}] {key}"
            if key not in given:
                problems.append(f"{where}: 缺少该参数 (the key is missing)")
                continue
            values[section][key] = _read(kind, where, given[key], problems)
    overrides = data.get("overrides", {})
    if not isinstance(overrides, dict) or not all(isinstance(v, str) and v.strip() for v in overrides.values()):
        problems.append("rules.toml [overrides]: 每项须为 \"节.参数\" = \"法律依据\" (each entry is \"section.key\" = \"legal basis\")")
        overrides = {}
    capped = {value for _, value, _ in CAPPED}
    for key in sorted(set(overrides) - capped):
        problems.append(f"rules.toml [overrides] {key}: 该参数没有上限，无需依据 (no cap applies to this key; known: {', '.join(sorted(capped))})")
    if problems:
        raise RulesError(problems)
    rules = RuleSet(
        text=text,
        ruleset=RuleSetInfo(**values["ruleset"]),
        requests=RequestRules(**values["requests"]),
        feedback=FeedbackRules(**values["feedback"]),
        catalog=CatalogRules(**values["catalog"]),
        grants=GrantRules(**values["grants"]),
        staleness={UpdateCycle(key): period for key, period in values["staleness"].items()},
        grading=GradingRules(**values["grading"]),
        caps=values["caps"],
        overrides={key: value.strip() for key, value in overrides.items()},
    )
    problems = cap_problems(rules)
    if not _longer(rules.grants.idle_limit, rules.grants.use_record_interval):
        problems.append(
            f"rules.toml [grants] use_record_interval = {rules.grants.use_record_interval.iso()}: 须短于闲置时限 "
            f"{rules.grants.idle_limit.iso()}，否则按时使用的授权也会被判为闲置（第三十一条） "
            f"(must be shorter than idle_limit, or a grant in use would read as idle)"
        )
    if problems:
        raise RulesError(problems)
    return rules


def _value(rules: RuleSet, dotted: str) -> Any:
    section, _, key = dotted.partition(".")
    return getattr(getattr(rules, section), key)


def _longer(a: Period, b: Period) -> bool:
    """Is `a` longer than `b` from any start? (compared from a fixed start: calendar periods)."""
    start = datetime(2024, 1, 31)  # a month end, where calendar months differ most
    return a.add_to(start) > b.add_to(start)


def beyond(value: Any, cap: Any, direction: str) -> bool:
    """True when `value` breaks `cap`: above a maximum, or below a minimum."""
    if isinstance(value, Period):
        return _longer(value, cap) if direction == "max" else _longer(cap, value)
    return value > cap if direction == "max" else value < cap


def cap_problems(rules: RuleSet) -> list[str]:
    """Values beyond the regulation's caps without a legal basis in [overrides]."""
    problems = []
    for cap_key, dotted, direction in CAPPED:
        value, cap = _value(rules, dotted), rules.caps[cap_key]
        if beyond(value, cap, direction) and dotted not in rules.overrides:
            shown = lambda v: v.iso() if isinstance(v, Period) else str(v)  # noqa: E731
            word = ("超过上限", "exceeds the cap") if direction == "max" else ("低于下限", "is below the floor")
            problems.append(
                f"rules.toml {dotted} = {shown(value)}: {word[0]} {shown(cap)}（[caps] {cap_key}），须在 [overrides] 中写明法律依据 "
                f"({word[1]} {shown(cap)}; name the legal basis in [overrides] \"{dotted}\")"
            )
    return problems


def changed_caps(old: RuleSet, new: RuleSet) -> list[str]:
    """The caps (the regulation's own limits) that differ between two rule sets."""
    return [key for key in new.caps if old.caps.get(key) != new.caps.get(key)]


def validity_warning(rules: RuleSet, today: date) -> str | None:
    """第四十六条: a warning when `today` is outside the rule set's validity (the server still runs)."""
    info = rules.ruleset
    if today > info.valid_until:
        return (f"规则“{info.name}”已于 {info.valid_until.isoformat()} 失效（第四十六条），请按现行规定更新 policies/rules.toml "
                f"(the rule set expired on {info.valid_until.isoformat()}: load the rules now in force)")
    if today < info.valid_from:
        return (f"规则“{info.name}”自 {info.valid_from.isoformat()} 起施行，尚未生效 "
                f"(the rule set applies from {info.valid_from.isoformat()})")
    return None


@dataclass(frozen=True)
class RuleChange:
    key: str  # "section.key"
    before: str | None
    after: str | None


def _shown(value: Any) -> str:
    if isinstance(value, Period):
        return value.iso()
    if isinstance(value, (set, frozenset)):
        return ", ".join(sorted(getattr(entry, "value", str(entry)) for entry in value))
    return str(getattr(value, "value", value))


def _flat(rules: RuleSet) -> dict[str, str]:
    """Every value of a rule set by its "section.key" name, as text."""
    out: dict[str, str] = {}
    for section, keys in SCHEMA.items():
        for key in keys:
            if section == "staleness":
                value = rules.staleness.get(UpdateCycle(key))
            elif section == "caps":
                value = rules.caps.get(key)
            else:
                value = getattr(getattr(rules, section), key)
            out[f"{section}.{key}"] = _shown(value)
    for key, basis in rules.overrides.items():
        out[f"overrides.{key}"] = basis
    return out


def differences(old: RuleSet, new: RuleSet) -> list[RuleChange]:
    """The values that differ between two rule sets, in the file's order."""
    before, after = _flat(old), _flat(new)
    keys = list(before) + [key for key in after if key not in before]
    return [RuleChange(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]
