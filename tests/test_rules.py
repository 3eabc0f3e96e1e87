"""The regulation's numbers live in one rules file (policies/rules.toml), versioned with the policy.

- Every number of the shipped file is pinned here: change one and a test fails.
- No deadline or duration of the regulation is a number in the Python code (a scan below).
- The file is checked: every problem at once, the caps of the regulation held unless an override
  names a legal basis, unknown or missing keys refused.
"""

from __future__ import annotations

import io
import re
import tokenize
from datetime import date
from pathlib import Path

import pytest

from policies.enforcer import RULES_PATH, shipped_rules
from server.domain.grants import Period
from server.domain.rules import SCHEMA, IdleOutcome, RulesError, _flat, parse_rules, validity_warning
from server.domain.values import DataGrade, UpdateCycle

ROOT = Path(__file__).resolve().parents[1]
RULES = RULES_PATH.read_text(encoding="utf-8")

#: Every value of policies/rules.toml, by "section.key". A change to the file must change this
#: table too — on purpose, with the article in mind.
PINNED = {
    "ruleset.name": "晋城市政务数据资源共享管理实施细则",
    "ruleset.valid_from": "2024-02-22",  # 第四十六条
    "ruleset.valid_for": "P3Y",  # 第四十六条
    "requests.review_working_days": "2",  # 第三十条
    "requests.answer_shared_working_days": "5",  # 第三十条
    "requests.answer_unshared_working_days": "10",  # 第三十条
    "feedback.answer_working_days": "5",  # 第三十二条
    "feedback.window_after_grant": "P3M",
    "catalog.change_event_working_days": "15",  # 第十二条
    "grants.max_period": "P3Y",  # 第三十一条
    "grants.idle_limit": "P3M",  # 第三十一条
    "grants.idle_outcome": "LAPSE",
    "grants.warn_before": "P30D",
    "grants.use_record_interval": "PT1H",
    "staleness.REALTIME": "P1D",  # 第十七条, 第十八条
    "staleness.DAILY": "P2D",
    "staleness.WEEKLY": "P8D",
    "staleness.MONTHLY": "P1M",
    "staleness.QUARTERLY": "P3M",
    "staleness.HALF_YEARLY": "P6M",
    "staleness.YEARLY": "P1Y",
    "grading.not_unconditional": "CORE, IMPORTANT",  # 第三十五条
    "grading.sensitive_unconditional_protected": "True",  # 第三十五条
    "caps.grants_max_period": "P3Y",
    "caps.grants_idle_limit_min": "P3M",
    "caps.requests_review_working_days": "2",
    "caps.requests_answer_shared_working_days": "5",
    "caps.requests_answer_unshared_working_days": "10",
    "caps.feedback_answer_working_days": "5",
    "caps.catalog_change_event_working_days": "15",
}


def test_every_number_of_the_shipped_rules_is_pinned():
    assert _flat(shipped_rules()) == PINNED


def test_every_key_the_server_reads_is_pinned():
    """A key added to the schema without a pinned value fails here."""
    assert {f"{section}.{key}" for section, keys in SCHEMA.items() for key in keys} == set(PINNED)


def test_the_typed_values_read_as_the_articles_say():
    rules = shipped_rules()
    assert rules.requests.answer_days(already_shared=True) == 5
    assert rules.requests.answer_days(already_shared=False) == 10
    assert rules.grants.max_period == Period(years=3) and rules.grants.idle_limit == Period(months=3)
    assert rules.grants.idle_outcome is IdleOutcome.LAPSE
    assert rules.stale_after(UpdateCycle.OTHER) is None
    assert rules.grading.not_unconditional == frozenset({DataGrade.CORE, DataGrade.IMPORTANT})
    assert rules.ruleset.valid_until == date(2027, 2, 21)  # 第四十六条: three years from 2024-02-22


def test_the_rule_set_warns_once_past_its_validity():
    rules = shipped_rules()
    assert validity_warning(rules, date(2027, 2, 21)) is None
    warning = validity_warning(rules, date(2027, 2, 22))
    assert warning and "2027-02-21" in warning and "第四十六条" in warning
    assert validity_warning(rules, date(2024, 2, 21))


# ---- checking a rules text -----------------------------------------------------------------


def _set(text: str, key: str, value: str) -> str:
    """The text with the line `key = …` (at the start of a line: not the [caps] entry) set to `value`."""
    changed, count = re.subn(rf"^{key} = [^#\n]*", f"{key} = {value} ", text, count=1, flags=re.MULTILINE)
    assert count == 1, key
    return changed


def _problems(text: str) -> list[str]:
    with pytest.raises(RulesError) as refused:
        parse_rules(text)
    return refused.value.problems


def test_every_problem_is_reported_at_once_naming_the_key():
    text = _set(_set(_set(RULES, "review_working_days", "0"), "idle_outcome", '"MAYBE"'), "DAILY", '"two days"')
    problems = _problems(text)
    assert len(problems) == 3, problems
    assert any(p.startswith("rules.toml [requests] review_working_days") for p in problems)
    assert any(p.startswith("rules.toml [grants] idle_outcome") for p in problems)
    assert any(p.startswith("rules.toml [staleness] DAILY") for p in problems)


def test_unknown_and_missing_keys_are_refused():
    problems = _problems(re.sub(r"^review_working_days", "review_workingdays", RULES, flags=re.MULTILINE))
    assert any("review_workingdays: 未知的参数" in p for p in problems)
    assert any("review_working_days: 缺少该参数" in p for p in problems)
    assert any("[nonsense]" in p for p in _problems(RULES + "\n[nonsense]\nx = 1\n"))
    assert any("TOML" in p for p in _problems("[requests\n"))


@pytest.mark.parametrize(("key", "beyond"), [
    ("grants.max_period", '"P5Y"'),
    ("grants.idle_limit", '"P1M"'),
    ("requests.review_working_days", "3"),
    ("requests.answer_shared_working_days", "6"),
    ("requests.answer_unshared_working_days", "20"),
    ("feedback.answer_working_days", "9"),
    ("catalog.change_event_working_days", "30"),
])
def test_a_value_beyond_the_regulations_cap_needs_a_legal_basis(key, beyond):
    """第三十一条 and the other articles set ceilings: P5Y grants passed `check` before."""
    text = _set(RULES, key.split(".")[1], beyond)
    [problem] = _problems(text)
    assert problem.startswith(f"rules.toml {key}") and "[overrides]" in problem
    rules = parse_rules(text + f'"{key}" = "国务院令第809号《政务数据共享条例》(the national regulation)"\n')
    assert rules.overrides[key].startswith("国务院令第809号")


def test_an_override_must_name_a_capped_key_and_a_basis():
    assert any("no cap applies" in p for p in _problems(RULES + '"grants.warn_before" = "x"\n'))
    assert any("legal basis" in p for p in _problems(RULES + '"grants.max_period" = " "\n'))


# ---- no regulation number in code --------------------------------------------------------

#: Numbers the regulation uses for deadlines and durations (working days 2, 5, 10, 15; three
#: years, three months; the staleness of 第十八条 in days and months).
REGULATION_NUMBERS = {"2", "3", "5", "6", "8", "10", "15"}
NEAR = 4  # tokens between a time word and a number that count as "this number is that duration"
#: A logical line that names one of these and carries one of the numbers above is a number
#: of the regulation in code.
TIME_WORDS = re.compile(r"day|month|year|week|hour|deadline|idle|period|expir|stale|fresh|due|cycle|interval|"
                        r"review|answer|feedback|change_event|working", re.IGNORECASE)
#: Literal durations are never the regulation's (whatever the line says).
DURATION_CALLS = re.compile(r"^(timedelta|Period|add_months|add_years|working_days_after|deadline_after)$")
ALLOWED = {
    ("policies/enforcer.py", "CST"),  # Asia/Shanghai is UTC+8: a time zone, not a rule
    ("server/domain/workdays.py", "weekday"),  # the calendar: Saturday is weekday 5
    ("server/domain/workdays.py", "ONE_DAY"),  # the calendar's step
    ("server/domain/workdays.py", "timezone"),  # Asia/Shanghai
    ("server/domain/periods.py", "add_months"),  # a year is twelve months
    ("graph/falkordb_store.py", "health_check_interval"),  # a connection setting
}
SCANNED = ("server", "policies", "graph", "seed")


def _logical_lines(source: str):
    """(first line number, its tokens) per logical line, comments, strings and line breaks left out."""
    tokens: list[tokenize.TokenInfo] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            if tokens:
                yield tokens[0].start[0], tokens
            tokens = []
        elif token.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.STRING):
            tokens.append(token)


def _regulation_numbers_in(path: Path) -> list[str]:
    relative = path.relative_to(ROOT).as_posix()
    found = []
    for line, tokens in _logical_lines(path.read_text(encoding="utf-8")):
        names = {token.string for token in tokens if token.type == tokenize.NAME}
        if any((relative, name) in ALLOWED for name in names):
            continue
        for index, token in enumerate(tokens):
            if token.type != tokenize.NUMBER or (index and tokens[index - 1].string == "["):
                continue  # not a number, or an index
            around = tokens[max(0, index - NEAR):index + NEAR + 1]
            words = [t.string for t in around if t.type == tokenize.NAME and TIME_WORDS.search(t.string)]
            calls = [t.string for t in tokens[max(0, index - NEAR):index] if DURATION_CALLS.match(t.string)]
            near_call = calls and "microseconds" not in [t.string for t in around]
            if (words and token.string in REGULATION_NUMBERS) or near_call:
                found.append(f"{relative}:{line}: {' '.join(t.string for t in around)}")
    return found


def test_no_deadline_or_duration_of_the_regulation_is_a_number_in_code():
    """DESIGN.md: the regulation's numbers live in the rules file only (messages may quote them in words)."""
    found = [hit for folder in SCANNED for path in sorted((ROOT / folder).rglob("*.py")) for hit in _regulation_numbers_in(path)]
    assert found == []


def test_the_scan_finds_the_numbers_that_used_to_be_in_code(tmp_path: Path):
    """The forms the scan must catch (from server/domain/requests.py, lifecycle.py and services/sharing.py
    before the rules file)."""
    samples = {
        "review: int = 2  # 第三十条": True,
        "CHANGE_EVENT_DAYS = 15": True,
        "FRESHNESS_MONTHS = {\n    UpdateCycle.MONTHLY: 1,\n    UpdateCycle.QUARTERLY: 3,\n}": True,
        "USE_RECORD_INTERVAL = timedelta(hours=1)": True,
        "granted_at = add_years(expires, -3)": True,
        "limit = Period(years=3)": True,
        "message = '最长三年 (3 years)'": False,  # words in a message
        "count = len(rows) + 2": False,
    }
    folder = tmp_path / "server"
    folder.mkdir()
    for number, (source, caught) in enumerate(samples.items()):
        path = folder / f"sample{number}.py"
        path.write_text(source + "\n", encoding="utf-8")
        global ROOT
        saved, ROOT = ROOT, tmp_path
        try:
            assert bool(_regulation_numbers_in(path)) is caught, source
        finally:
            ROOT = saved
