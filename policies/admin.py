"""Policy administration: validate, dry-run, save, history, restore — versioned in the graph.

Every replica reads the same policy from the graph (`PolicyVersion` nodes), so a change
saved on one machine is in force on all of them within `POLICY_REFRESH_SECONDS`, without a
restart. The files in `policies/` are version 1 while the graph holds no version.

A change must parse and validate before it is saved (a broken rule is refused with a
message naming the line, and the old rules stay in force); a dry run shows which current
decisions would flip; a save is one guarded statement that makes version N+1 only while N
is still active (two admins saving at once: one wins, the other gets `PolicyConflict`);
a restore saves an old version's text as a new version, so history only grows. A diff shows
what changes between two versions; an explanation decides one request on a stored item with
the facts the server reads (`mulu policy diff`, `explain --item-id`; `policyDiff`, `policyExplain`).
"""

from __future__ import annotations

import difflib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from typing import TypeVar

from graph.repos import catalog as catalog_repo
from graph.repos import policy as repo
from graph.repos import reference as reference_repo
from graph.repos import sharing as sharing_repo
from graph.repos.reference import department_facts
from graph.store import ConstraintViolation, EngineUnavailable, GraphStore
from server.domain.grants import Period
from server.domain.instants import utc_iso
from server.domain.jurisdiction import DepartmentFacts, Jurisdiction, OwnCaseRule
from server.domain.records.audit import AuditAction, AuditActor, AuditEvent, AuditTarget, AuditTargetKind
from server.domain.records.catalog import ItemFacts, ItemRecord
from server.domain.records.policy import PolicyVersionRecord
from server.domain.records.sharing import GrantRecord, RequestRecord
from server.domain.requests import RequestStatus
from server.domain.values import ItemStatus, ShareType
from server.domain.rules import RuleChange, RulesError, changed_caps, differences, parse_rules, validity_warning
from policies.enforcer import (
    ACTIONS,
    MODEL_PATH,
    POLICY_PATH,
    ROLES,
    RULES_PATH,
    SHARE_CLASSES,
    Authorizer,
    Decision,
    PolicyError,
    PolicyLine,
    Resource,
    Subject,
    parse_policy,
)

log = logging.getLogger("mulu.policy")
T = TypeVar("T")

# How often a replica asks the graph whether the active policy changed (one cheap read);
# the server passes `MULU_POLICY_REFRESH_SECONDS` from its settings.
POLICY_REFRESH_SECONDS = 5.0
PAGE = 1000
FILES_AUTHOR = "policies/"
FILES_REASON = "随程序发布的策略文件 (the policy files shipped with the server)"


class PolicyConflict(RuntimeError):
    """Someone saved another version first; reload, look at what changed, and save again."""

    def __init__(self, expected: int, active: int | None) -> None:
        super().__init__(
            f"策略已被他人修改：当前版本为 {active}，而非 {expected}，请刷新后重新提交 "
            f"(the policy changed meanwhile: the active version is {active}, not {expected}; reload and try again)"
        )
        self.expected, self.active = expected, active


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------


def sample_subjects() -> list[Subject]:
    """Every role in every relation to a sample item: provider, in scope, out of scope, authority."""
    out = []
    for role in ROLES:
        for department, authority in (("S-PROVIDER", False), ("S-CONSUMER", False), ("S-OTHER", False), ("S-AUTHORITY", True)):
            out.append(Subject(f"sample-{role.lower()}", department, frozenset({role}), authority))
    return out


def sample_request(request_id: str, item_id: str, consumer: str, provider: str, share: str, now: datetime) -> RequestRecord:
    """A pending application of `consumer` for the item (the sample runs' request)."""
    return RequestRecord(
        id=request_id, item_id=item_id, item_name="", provider_code=provider, consumer_code=consumer,
        share_type=ShareType(share), applicant="sample-applicant", element_codes=(), purpose="", scenario="",
        requested_until=now, status=RequestStatus.PENDING_REVIEW, version=1, created_at=now, review_due_at=now,
        review_due_provisional=False, review_region=None, coordination_region=None,
    )


def sample_item(item_id: str, share: str, status: str, provider: str = "S-PROVIDER",
                scope: tuple[str, ...] = ("S-CONSUMER",)) -> ItemFacts:
    return ItemFacts(provider_code=provider, id=item_id, share_type=ShareType(share), status=ItemStatus(status),
                     scope=scope)


def sample_resources(now: datetime, max_period: Period) -> list[Resource]:
    """Items of every class and status, a request, and grants live, expired, idle and revoked
    (each grant given for the rules' maximum period)."""
    at = lambda days: now + timedelta(days=days)  # noqa: E731
    out = []
    for share in SHARE_CLASSES:
        for status in ("PUBLISHED", "DRAFT", "WITHDRAWN"):
            item = sample_item(f"S-{share}-{status}", share, status)
            out.append(Resource(kind="item", item=item))
        request = sample_request("S-R", item.id or "", "S-CONSUMER", "S-PROVIDER", share, now)
        out.append(Resource(kind="request", request=request, item=item))
        item = sample_item(f"S-{share}", share, "PUBLISHED")
        for granted, used, revoked in ((-30, -1, None), (-2000, -10, None), (-200, -150, None), (-30, None, -2)):
            grant = GrantRecord(
                id="S-G", item_id=item.id or "", consumer_code="S-CONSUMER", provider_code="S-PROVIDER",
                granted_at=at(granted), expires_at=max_period.add_to(at(granted)),
                element_codes=(), last_used_at=at(used) if used is not None else None,
                revoked_at=at(revoked) if revoked is not None else None,
            )
            out.append(Resource(kind="grant", item=item, grant=grant))
    out.append(Resource(kind="policy"))
    return out


def evaluate_samples(authorizer: Authorizer, now: datetime | None = None) -> list[str]:
    """Runs every action for every sample subject and resource; any exception is a problem."""
    now = now or datetime.now(timezone.utc)
    problems: list[str] = []
    resources = sample_resources(now, authorizer.max_grant_period())
    subjects = sample_subjects()
    for action in sorted(set(ACTIONS) | set(authorizer.actions())):
        try:
            for subject in subjects:
                for resource in resources:
                    authorizer.decide(subject, action, resource, now)
            authorizer.explain(subjects[0], action, resources[0], now)
        except Exception as exc:  # the point: nothing a request can bring may crash a decision
            problems.append(
                f"evaluating action {action} for a sample {','.join(sorted(subject.roles))} on a "
                f"{resource.kind} failed: {type(exc).__name__}: {exc} (试算失败 sample evaluation failed)"
            )
    return problems


def validate_texts(model_text: str, policy_text: str, rules_text: str, now: datetime | None = None) -> list[str]:
    """Problems with a model, policy and rules (empty: they may be saved). Parse, check every line
    and every number (the regulation's caps), evaluate samples."""
    try:
        authorizer = Authorizer(model_text, policy_text, rules_text=rules_text)
    except PolicyError as exc:
        return exc.problems
    except Exception as exc:  # nothing in the texts may crash the check: it is a problem to report
        return [f"策略无法加载 (the texts cannot be loaded): {type(exc).__name__}: {exc}"]
    return evaluate_samples(authorizer, now)


#: Actions without which the platform cannot do what the regulation requires: a version that
#: denies all of them to everyone is refused unless forced with a reason.
REQUIRED_ACTIONS = ("review", "review_item", "answer", "decide_withdrawal", "coordinate")


def warnings_for(new: Authorizer, old: Authorizer | None = None, today: date | None = None) -> list[str]:
    """Legal but probably unintended: an action the regulation needs that no line allows, a cap of the
    regulation changed, a rule set outside its validity (第四十六条). `save` refuses them unless forced."""
    out = [
        f"no line for action {action} ({ACTIONS[action]}): everyone is denied (该动作无规则，一律拒绝)"
        for action in REQUIRED_ACTIONS if action not in new.actions()
    ]
    if old is not None:
        out += [
            f"rules.toml [caps] {key}: 法规上限被修改 {_cap(old, key)} → {_cap(new, key)} "
            f"(a cap of the regulation changes: only with a new rule set)"
            for key in changed_caps(old.rules, new.rules)
        ]
    warning = validity_warning(new.rules, today or datetime.now(timezone.utc).date())
    if warning:
        out.append(f"rules.toml [ruleset]: {warning}")
    return out


def _cap(authorizer: Authorizer, key: str) -> str:
    value = authorizer.rules.caps.get(key)
    return value.iso() if hasattr(value, "iso") else str(value)


def rules_changes(old: Authorizer, new: Authorizer) -> list[RuleChange]:
    """What the new version's rules change (a deadline applies to clocks started after the save)."""
    return differences(old.rules, new.rules)


# --------------------------------------------------------------------------------------
# Versions in the graph
# --------------------------------------------------------------------------------------


def files_version() -> PolicyVersionRecord:
    """Version 1 while the graph holds none: the files shipped with the server."""
    return PolicyVersionRecord(
        version=1, author=FILES_AUTHOR, reason=FILES_REASON, saved_at=None,
        model=MODEL_PATH.read_text(encoding="utf-8"), policy=POLICY_PATH.read_text(encoding="utf-8"),
        rules=RULES_PATH.read_text(encoding="utf-8"),
    )


def rules_text_of(record: PolicyVersionRecord) -> str:
    """A version's rules; a version saved before the rules file existed uses the shipped one."""
    return record.rules if record.rules is not None else RULES_PATH.read_text(encoding="utf-8")


def authorizer_of(record: PolicyVersionRecord) -> Authorizer:
    """A stored version, ready to decide (raises PolicyError if this server cannot use it)."""
    return Authorizer(record.model or "", record.policy or "", record.version, rules_text_of(record))


async def active_version(store: GraphStore) -> int:
    return await repo.active(store) or 1


async def get_version(store: GraphStore, version: int) -> PolicyVersionRecord:
    """A version with its texts: version 1 is the shipped files while the graph holds none."""
    stored = await repo.version(store, version)
    if stored is not None:
        return stored
    if version == 1 and await repo.active(store) is None:
        return files_version()
    raise LookupError(f"没有策略版本 {version} (no policy version {version})")


async def load_active(store: GraphStore) -> Authorizer:
    """The active version, ready to decide (raises PolicyError if this server cannot use it)."""
    number = await repo.active(store)
    if number is None:
        return Authorizer.from_files()
    return authorizer_of(await get_version(store, number))


async def history(store: GraphStore, skip: int = 0, limit: int = 100) -> list[PolicyVersionRecord]:
    """Versions newest first (without texts); version 1 is the files while nothing is stored."""
    stored = await repo.versions(store, skip, limit)
    if stored:
        return stored
    if skip > 0 or await repo.active(store) is not None:
        return []
    files = files_version()
    return [PolicyVersionRecord(version=1, author=files.author, reason=files.reason, saved_at=None)]


class PolicyWarnings(PolicyError):
    """A valid version that is probably a mistake (see `warnings_for`): saved only when forced with a reason."""


async def save(
    store: GraphStore,
    model: str,
    policy: str,
    rules: str,
    author: str,
    reason: str,
    expected_version: int,
    *,
    restored_from: int | None = None,
    now: datetime | None = None,
    actor: AuditActor | None = None,
    force_reason: str | None = None,
) -> int:
    """Validates, then saves version expected_version + 1; returns it. PolicyError / PolicyConflict otherwise;
    PolicyWarnings when the version denies an action the regulation needs or changes a cap of the
    regulation, unless `force_reason` says why. The save's audit event (第三十八条) names `actor` (the
    API's caller; from the CLI, the author), the rules that changed and the reason for forcing."""
    problems = validate_texts(model, policy, rules, now)
    if not author.strip():
        problems.append("author: 须注明修改人 (who makes the change is required)")
    if not reason.strip():
        problems.append("reason: 须说明修改理由 (why the policy changes is required)")
    if problems:
        raise PolicyError(problems)
    now = now or datetime.now(timezone.utc)
    new = Authorizer(model, policy, expected_version + 1, rules)
    try:
        old = authorizer_of(await get_version(store, expected_version))
    except LookupError as exc:  # no such version: someone else's save is not what this change started from
        raise PolicyConflict(expected_version, await active_version(store)) from exc
    warnings = warnings_for(new, old, now.date())
    forced = (force_reason or "").strip()
    if warnings and not forced:
        raise PolicyWarnings(warnings + [
            "须加 --force 并说明理由才能保存 (save refused: give --force with a reason, or forceReason, to save anyway)"
        ])
    changes = rules_changes(old, new)
    audit = AuditEvent(
        at=now, actor=actor or AuditActor(user=author.strip(), roles=("CLI",)),
        action=AuditAction.POLICY_RESTORE if restored_from is not None else AuditAction.POLICY_SAVE,
        target=AuditTarget(AuditTargetKind.POLICY, str(expected_version + 1)), reason=reason.strip(),
        before={"version": expected_version, **{change.key: change.before for change in changes}},
        after={"version": expected_version + 1, "restoredFrom": restored_from, "author": author.strip(),
               **{change.key: change.after for change in changes},
               **({"forced": forced, "warnings": warnings} if warnings else {})},
    )
    try:
        version = await repo.save_version(
            store, expected_version=expected_version, model=model, policy=policy, rules=rules,
            author=author.strip(), reason=reason.strip(), restored_from=restored_from, now=now, base=files_version(),
            audit=audit,
        )
    except ConstraintViolation as exc:  # a concurrent save made the same version number first
        raise PolicyConflict(expected_version, await active_version(store)) from exc
    if version is None:
        raise PolicyConflict(expected_version, await active_version(store))
    log.info("policy version %s saved by %s: %s", version, author, reason)
    return version


async def restore(
    store: GraphStore, version: int, author: str, reason: str, expected_version: int | None = None,
    now: datetime | None = None, actor: AuditActor | None = None, force_reason: str | None = None,
) -> int:
    """Saves the texts of an old version as a new version (history only grows); returns the new number."""
    old = await get_version(store, version)
    expected = expected_version if expected_version is not None else await active_version(store)
    return await save(store, old.model or "", old.policy or "", rules_text_of(old), author, reason, expected,
                      restored_from=version, now=now, actor=actor, force_reason=force_reason)


# --------------------------------------------------------------------------------------
# Dry run: which current decisions flip
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flip:
    kind: str  # "grant" (use/feedback of a stored grant), "item" (apply for a published item), "role"
    action: str
    subject: str  # who: "<department> (<role>)"
    target: str  # grant id, item id, or a description of the sample
    before: Decision
    after: Decision

    def describe(self) -> str:
        def word(d: Decision) -> str:
            return f"{'ALLOW' if d.allowed else 'DENY'} {d.reason}"

        return f"{self.kind} {self.target}: {self.subject} {self.action}: {word(self.before)} → {word(self.after)}"


def _lines_by_action(authorizer: Authorizer) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in authorizer.lines:
        if line.ptype == "p":
            out.setdefault(line.fields[0], set()).add(line.text)
    return out


#: Actions whose decisions read the rules' grant periods (rules.toml [grants]).
GRANT_ACTIONS = frozenset({"use", "feedback", "revoke", "reinstate"})


def changed_actions(old: Authorizer, new: Authorizer) -> set[str]:
    """Actions whose decisions may differ: all of them when the model or the role groups changed;
    the grant actions when the rules' grant periods or idle outcome changed."""
    groups = lambda a: {line.text for line in a.lines if line.ptype == "g"}  # noqa: E731
    every = set(ACTIONS) | set(old.actions()) | set(new.actions())
    if old.model_text != new.model_text or groups(old) != groups(new):
        return every
    before, after = _lines_by_action(old), _lines_by_action(new)
    changed = {action for action in every if before.get(action, set()) != after.get(action, set())}
    if old.rules.grants != new.rules.grants:
        changed |= GRANT_ACTIONS
    return changed


async def _pages(store: GraphStore, fetch: Callable[[GraphStore, str, int], Awaitable[list[T]]],
                 key: Callable[[T], str]) -> AsyncIterator[T]:
    """Every row of a paged repository read, `PAGE` at a time in key order."""
    after = ""
    while True:
        rows = await fetch(store, after, PAGE)
        for row in rows:
            yield row
        if len(rows) < PAGE:
            return
        after = key(rows[-1])


async def dry_run(
    store: GraphStore, authorizer_new: Authorizer, now: datetime | None = None, authorizer_old: Authorizer | None = None,
) -> list[Flip]:
    """Decisions that differ between the active policy (or `authorizer_old`) and `authorizer_new`.

    Enumerated from the graph: `use` and `feedback` of every stored grant, as a DEPT_USER of
    its consumer; `apply` for every published item by a DEPT_USER of every other department.
    And a role matrix: every role, in each relation to a sample item (provider, consumer,
    authority, other department), for every role-bound action. Only actions whose lines
    changed are evaluated (all of them when the model or a role group changed).
    """
    now = now or datetime.now(timezone.utc)
    old = authorizer_old or await load_active(store)
    actions = changed_actions(old, authorizer_new)
    if not actions:
        return []
    flips: list[Flip] = []

    def compare(kind: str, action: str, subject: Subject, resource: Resource, who: str, target: str) -> None:
        before = old.decide(subject, action, resource, now)
        after = authorizer_new.decide(subject, action, resource, now)
        if before.allowed != after.allowed:  # a flip: allowed turns denied or denied turns allowed
            flips.append(Flip(kind, action, who, target, before, after))

    departments = {facts.code: facts.is_authority for facts in await department_facts(store, {})}
    grant_actions = sorted(actions & {"use", "feedback"})
    if grant_actions:
        async for grant, item in _pages(store, repo.grants, lambda row: row[0].id):
            consumer = grant.consumer_code
            subject = Subject("dry-run", consumer, frozenset({"DEPT_USER"}), departments.get(consumer, False))
            resource = Resource(kind="grant", item=item, grant=grant)
            for action in grant_actions:
                compare("grant", action, subject, resource, f"{consumer} (DEPT_USER)", grant.id)
    if "apply" in actions:
        subjects = [Subject("dry-run", code, frozenset({"DEPT_USER"}), authority) for code, authority in departments.items()]
        classes = _changed_classes(old, authorizer_new, "apply")
        async for item in _pages(store, repo.items, lambda item: item.id or ""):
            if classes is not None and (item.share_type.value if item.share_type else None) not in classes:
                continue  # no apply line for this item's class changed
            resource = Resource(kind="item", item=item)
            for subject in subjects:
                if subject.department_code != resource.provider_code:
                    compare("item", "apply", subject, resource, f"{subject.department_code} (DEPT_USER)", item.id or "")
    for action in sorted(actions - {"use", "feedback", "apply"}):
        for subject, resource, who in _role_matrix():
            compare("role", action, subject, resource, who, "sample item")
    return flips


def _changed_classes(old: Authorizer, new: Authorizer, action: str) -> set[str] | None:
    """Share classes whose `action` lines differ; None when every class may be affected."""
    if old.model_text != new.model_text:
        return None
    lines = lambda a: {line.fields for line in a.lines if line.ptype == "p" and line.fields[0] == action}  # noqa: E731
    groups = lambda a: {line.fields for line in a.lines if line.ptype == "g"}  # noqa: E731
    if groups(old) != groups(new):
        return None
    classes = {fields[2] for fields in lines(old) ^ lines(new)}
    return None if "*" in classes else classes


def summarize(flips: list[Flip]) -> dict[tuple[str, str, str, str], int]:
    """How many decisions flip, by (kind, action, reason before, reason after) — for a long dry run."""
    counts: dict[tuple[str, str, str, str], int] = {}
    for flip in flips:
        key = (flip.kind, flip.action, flip.before.reason, flip.after.reason)
        counts[key] = counts.get(key, 0) + 1
    return counts


#: The sample departments of a role matrix, all at the city level; AUTHORITY is the city authority.
SAMPLE_JURISDICTION = Jurisdiction({
    code: DepartmentFacts(code, "CITY", "CITY", code == "AUTHORITY")
    for code in ("PROVIDER", "CONSUMER", "AUTHORITY", "OTHER")
})


def _role_matrix() -> list[tuple[Subject, Resource, str]]:
    item = sample_item("sample", "CONDITIONAL", "PUBLISHED", provider="PROVIDER", scope=("CONSUMER",))
    request = sample_request("sample", "sample", "CONSUMER", "PROVIDER", "CONDITIONAL", datetime.now(timezone.utc))
    resource = Resource(kind="request", request=request, item=item, jurisdiction=SAMPLE_JURISDICTION)
    out = []
    for role in ROLES:
        for department, authority, relation in (
            ("PROVIDER", False, "provider department"), ("CONSUMER", False, "consumer department"),
            ("AUTHORITY", True, "authority department"), ("OTHER", False, "another department"),
        ):
            out.append((Subject("dry-run", department, frozenset({role}), authority), resource, f"{role} of the {relation}"))
    return out


# --------------------------------------------------------------------------------------
# The holder every request asks for the authorizer
# --------------------------------------------------------------------------------------


class PolicyHolder:
    """Holds the active `Authorizer`; `refresh_if_changed` reloads it when another replica saved a version.

    The server calls `refresh_if_changed(store)` at the start of each request (or from a
    background task): at most once per `refresh_seconds` it reads the active version number
    (one cheap read) and, only when that changed, the version's text. A version this server
    cannot use keeps the old rules in force and is logged.
    """

    def __init__(
        self,
        authorizer: Authorizer | None = None,
        refresh_seconds: float = POLICY_REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._authorizer = authorizer or Authorizer.from_files()
        self.refresh_seconds = refresh_seconds
        self._clock = clock
        self._checked_at: float | None = None
        self.error: str | None = None  # why the newest version is not in force, if it is not

    @property
    def authorizer(self) -> Authorizer:
        return self._authorizer

    @property
    def version(self) -> int:
        return self._authorizer.version

    async def load(self, store: GraphStore) -> Authorizer:
        """At start-up: the active version, now."""
        await self.refresh_if_changed(store, force=True)
        return self._authorizer

    async def refresh_if_changed(self, store: GraphStore, force: bool = False) -> bool:
        """True when a new version was loaded. Reads nothing if checked less than refresh_seconds ago."""
        now = self._clock()
        if not force and self._checked_at is not None and now - self._checked_at < self.refresh_seconds:
            return False
        self._checked_at = now
        try:
            version = await active_version(store)
            if version == self._authorizer.version:
                return False
            stored = await get_version(store, version)
        except EngineUnavailable as exc:
            log.warning("policy refresh skipped, graph unavailable: %s", exc)
            return False
        try:
            authorizer = authorizer_of(stored)
        except PolicyError as exc:
            self.error = f"policy version {version} not loaded, version {self.version} stays in force: {exc}"
            log.error(self.error)
            return False
        self._authorizer, self.error = authorizer, None
        log.info("policy version %s in force", version)
        return True


# --------------------------------------------------------------------------------------
# Names for the output: departments and items by their Chinese names, not only codes
# --------------------------------------------------------------------------------------

NAME_BATCH = 500


def named(code: str | None, names: dict[str, str]) -> str:
    """`140500-MZJ 晋城市民政局` (the code alone when the graph has no name for it)."""
    if not code:
        return "-"
    name = names.get(code)
    return f"{code} {name}" if name else code


async def department_names(store: GraphStore, codes: Iterable[str]) -> dict[str, str]:
    """Department code → name, for the codes that exist."""
    wanted = sorted({code for code in codes if code})
    out: dict[str, str] = {}
    for start in range(0, len(wanted), NAME_BATCH):
        found = await catalog_repo.departments_by_codes(store, wanted[start:start + NAME_BATCH])
        out.update({code: record.name for code, record in found.items()})
    return out


async def item_names(store: GraphStore, ids: Iterable[str]) -> dict[str, str]:
    """Item id → name, for the ids that exist."""
    wanted = sorted({item_id for item_id in ids if item_id})
    out: dict[str, str] = {}
    for start in range(0, len(wanted), NAME_BATCH):
        found = await catalog_repo.items_by_ids(store, wanted[start:start + NAME_BATCH])
        out.update({item_id: record.name for item_id, record in found.items()})
    return out


def flip_department(flip: Flip) -> str | None:
    """The department code of a grant or item flip (its subject is `<code> (<role>)`); None for the role matrix."""
    return flip.subject.rsplit(" (", 1)[0] if flip.kind in ("grant", "item") else None


@dataclass(frozen=True)
class FlipNames:
    """What a dry run's flips are about, by name: department code → name, item id → name, and the
    item of each grant flip."""

    departments: dict[str, str]
    items: dict[str, str]
    grant_items: dict[str, str]  # grant id → item id

    def item_of(self, flip: Flip) -> str | None:
        if flip.kind == "item":
            return flip.target
        if flip.kind == "grant":
            return self.grant_items.get(flip.target)
        return None

    def describe(self, flip: Flip) -> str:
        department = flip_department(flip)
        item = self.item_of(flip)
        return flip_text(
            flip.kind, flip.target, flip.subject, flip.action, (flip.before.allowed, flip.before.reason),
            (flip.after.allowed, flip.after.reason), department, self.departments.get(department or ""),
            item, self.items.get(item or ""),
        )


def flip_text(kind: str, target: str, subject: str, action: str, before: tuple[bool, str], after: tuple[bool, str],
              department: str | None = None, department_name: str | None = None,
              item: str | None = None, item_name: str | None = None) -> str:
    """One flip on one line, naming the department and the item in Chinese where they are known:
    `item ID 名称: 140521-RSJ 沁水县人力资源和社会保障局 (DEPT_USER) apply: DENY OUT_OF_SCOPE → ALLOW ALLOWED`."""
    def word(decision: tuple[bool, str]) -> str:
        return f"{'ALLOW' if decision[0] else 'DENY'} {decision[1]}"

    what = f"{kind} {target}"
    if kind == "grant" and item:
        what += f" on {item}" + (f" {item_name}" if item_name else "")
    elif kind == "item" and item_name:
        what += f" {item_name}"
    who = subject
    if department and department_name and subject.startswith(department):
        who = f"{department} {department_name}{subject[len(department):]}"
    return f"{what}: {who} {action}: {word(before)} → {word(after)}"


async def flip_names(store: GraphStore, flips: list[Flip]) -> FlipNames:
    """The names a dry run's flips need (departments, items, the item of each grant)."""
    grant_ids = sorted({flip.target for flip in flips if flip.kind == "grant"})
    grant_items: dict[str, str] = {}
    for start in range(0, len(grant_ids), NAME_BATCH):
        found = await sharing_repo.grants_by_ids(store, grant_ids[start:start + NAME_BATCH])
        grant_items.update({grant_id: grant.item_id for grant_id, grant in found.items()})
    items = {flip.target for flip in flips if flip.kind == "item"} | set(grant_items.values())
    return FlipNames(
        departments=await department_names(store, (flip_department(flip) or "" for flip in flips)),
        items=await item_names(store, items),
        grant_items=grant_items,
    )


# --------------------------------------------------------------------------------------
# Diff: what changes between two versions (or a version and the files)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyDiff:
    """Two versions side by side: the model's unified diff, the policy lines removed and added
    (comments, blanks and spacing ignored), and the rules' values that change."""

    before: str  # "version 2", "files"
    after: str
    model_diff: list[str]  # unified diff lines; empty when the models are the same
    removed: list[PolicyLine]  # lines of `before` that `after` does not have (numbered as in `before`)
    added: list[PolicyLine]  # lines of `after` that `before` does not have (numbered as in `after`)
    rule_changes: list[RuleChange]
    problems: list[str]  # a text that cannot be read (then its part of the diff is left out)

    @property
    def same(self) -> bool:
        return not (self.model_diff or self.removed or self.added or self.rule_changes or self.problems)


def diff_texts(before: tuple[str, str, str], after: tuple[str, str, str], before_label: str = "before",
               after_label: str = "after") -> PolicyDiff:
    """The difference of two (model, policy, rules) texts."""
    (old_model, old_policy, old_rules), (new_model, new_policy, new_rules) = before, after
    model_diff = list(difflib.unified_diff(
        old_model.splitlines(), new_model.splitlines(), fromfile=f"model.conf ({before_label})",
        tofile=f"model.conf ({after_label})", lineterm="",
    ))
    problems: list[str] = []
    old_lines, old_problems = parse_policy(old_policy)
    new_lines, new_problems = parse_policy(new_policy)
    problems += [f"{before_label}: {problem}" for problem in old_problems]
    problems += [f"{after_label}: {problem}" for problem in new_problems]
    old_texts, new_texts = {line.text for line in old_lines}, {line.text for line in new_lines}
    removed = [line for line in old_lines if line.text not in new_texts]
    added = [line for line in new_lines if line.text not in old_texts]
    changes: list[RuleChange] = []
    try:
        changes = differences(parse_rules(old_rules), parse_rules(new_rules))
    except RulesError:
        for label, text in ((before_label, old_rules), (after_label, new_rules)):
            try:
                parse_rules(text)
            except RulesError as exc:
                problems += [f"{label}: {problem}" for problem in exc.problems]
    return PolicyDiff(before_label, after_label, model_diff, removed, added, changes, problems)


def texts_of(record: PolicyVersionRecord) -> tuple[str, str, str]:
    return record.model or "", record.policy or "", rules_text_of(record)


async def diff_versions(store: GraphStore, before: int, after: int) -> PolicyDiff:
    """The difference between two stored versions (LookupError when one does not exist)."""
    old, new = await get_version(store, before), await get_version(store, after)
    return diff_texts(texts_of(old), texts_of(new), f"version {before}", f"version {after}")


# --------------------------------------------------------------------------------------
# Explain one request on a stored item, as the server decides it
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    """Which line decides, and why, with the facts read from the graph."""

    version: int
    decision: Decision
    lines: list[str]


#: What the gateway answers for an item that is neither published nor withdrawn (server/services/sharing.py).
GATEWAY_VISIBLE = frozenset({ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN})


async def jurisdiction_of(store: GraphStore, own_case: OwnCaseRule | None = None) -> Jurisdiction:
    """Every department's region, level and authority, as the server reads them (server/services/reference.py)."""
    levels = {region.code: region.level.value for region in await reference_repo.regions(store)}
    facts = await department_facts(store, levels)
    return Jurisdiction({department.code: department for department in facts},
                        own_case=own_case or OwnCaseRule.OTHER_PERSON)


async def find_item(store: GraphStore, item_id_or_code: str) -> ItemRecord | None:
    """An item by its id, or by its catalog code; with its sharing scope."""
    found = await catalog_repo.items_by_ids(store, [item_id_or_code])
    item = found.get(item_id_or_code)
    if item is None:
        by_code = await catalog_repo.item_id_by_code(store, item_id_or_code)
        if by_code is not None:
            item = (await catalog_repo.items_by_ids(store, [by_code])).get(by_code)
    if item is None:
        return None
    scope = (await catalog_repo.scope_by_items(store, [item.id])).get(item.id, [])
    return replace(item, scope=tuple(scope))


def _grant_line(grant: GrantRecord, decision: Decision, chosen: bool) -> str:
    used = utc_iso(grant.last_used_at) if grant.last_used_at else "never"
    revoked = f", revoked {utc_iso(grant.revoked_at)}" if grant.revoked_at else ""
    mark = "  ← decides (决定结果)" if chosen else ""
    return (f"  grant {grant.id}: granted {utc_iso(grant.granted_at)}, expires {utc_iso(grant.expires_at)}, "
            f"last used {used}{revoked}: {'ALLOW' if decision.allowed else 'DENY'} {decision.reason}{mark}")


async def explain_on_graph(
    store: GraphStore, authorizer: Authorizer, *, user: str, department: str, roles: Iterable[str], action: str,
    item_id: str | None, now: datetime, request_consumer: str | None = None, own_case: OwnCaseRule | None = None,
) -> Explanation:
    """The decision on `action` by `department` (with `roles`) on the stored item, with the facts the
    server reads: the item's class, scope, status and provider, the department's region and authority,
    and the department's grants on the item. `use` is decided as the gateway's `authorize` decides it
    (the grants newest expiry first, the first that allows), `feedback` as reporting a problem does,
    every other action on the item as `require` does (`request_consumer`: on a pending application of
    that department for the item). LookupError for an unknown department or item."""
    competent = await jurisdiction_of(store, own_case)
    facts = competent.of(department)
    if facts is None:
        raise LookupError(f"未找到部门 {department} (no department {department})")
    subject = Subject(user, department, frozenset(role.upper() for role in roles), facts.is_authority)
    header: list[str] = []
    if item_id is None:
        names = await department_names(store, [department])
        header.append(f"department: {named(department, names)} (region {facts.region_code} {facts.level or '-'}, "
                      f"authority {'yes' if facts.is_authority else 'no'})")
        resource = Resource(kind="policy")
        return _explanation(authorizer, subject, action, resource, now, header)
    item = await find_item(store, item_id)
    if item is None:
        raise LookupError(f"未找到目录 {item_id} (no catalog item {item_id})")
    if request_consumer and competent.of(request_consumer) is None:
        raise LookupError(f"未找到部门 {request_consumer} (no department {request_consumer})")
    names = await department_names(store, [department, item.provider_code, *(item.scope or ()), request_consumer or ""])
    header.append(f"department: {named(department, names)} (region {facts.region_code} {facts.level or '-'}, "
                  f"authority {'yes' if facts.is_authority else 'no'})")
    header.append(f"item: {item.id} {item.name}" + (f" [{item.code}]" if item.code else "")
                  + f" — {item.share_type.label} {item.share_type.value}, status {item.status.value}, "
                  f"provider {named(item.provider_code, names)}")
    scope = item.scope or ()
    if getattr(item, "scope_all", False):
        header.append("scope: 全部政务部门 (every department)")
    else:
        header.append(f"scope ({len(scope)}): " + ("; ".join(named(code, names) for code in scope) if scope else "-"))
    gateway: Decision | None = None
    if action == "use":
        asked = await sharing_repo.authorize_facts(store, department, {item.id: set()})
        known = asked.get(item.id)
        grant_item = known.item if known is not None else item
        grants = sorted(known.grants if known is not None else (), key=lambda g: g.expires_at, reverse=True)
        decisions = [(g, authorizer.decide(subject, "use", Resource(kind="grant", item=grant_item, grant=g), now))
                     for g in grants]
        chosen = next((g for g, d in decisions if d.allowed), grants[-1] if grants else None)
        header.append(f"grants of {named(department, names)} on the item ({len(grants)}):"
                      + ("" if grants else " none (没有授权)"))
        header += [_grant_line(g, d, g is chosen) for g, d in decisions]
        resource = Resource(kind="grant", item=grant_item, grant=chosen)
        if known is None or known.item.status not in GATEWAY_VISIBLE:
            gateway = Decision(False, "NOT_FOUND", "未找到目录 (catalog item not found)", None)
    elif action == "feedback":
        held = await sharing_repo.grants_for_consumer_items(store, [item.id], department)
        grants = held[item.id][1] if item.id in held else []
        reportable = next((g for g in grants if authorizer.decide(
            subject, "feedback", Resource(kind="grant", item=item, grant=g), now).allowed), None)
        latest = max(grants, key=lambda g: g.granted_at, default=None)
        chosen = reportable or latest
        header.append(f"grants of {named(department, names)} on the item ({len(grants)}):"
                      + ("" if grants else " none (没有授权)"))
        header += [_grant_line(g, authorizer.decide(subject, "feedback", Resource(kind="grant", item=item, grant=g), now),
                               g is chosen) for g in grants]
        resource = Resource(kind="item", item=item, grant=chosen, jurisdiction=competent)
    elif request_consumer:
        request = RequestRecord(
            id="explain", item_id=item.id, item_name=item.name, provider_code=item.provider_code,
            consumer_code=request_consumer, share_type=item.share_type, applicant="", element_codes=(), purpose="",
            scenario="", requested_until=now, status=RequestStatus.PENDING_REVIEW, version=1, created_at=now,
            review_due_at=now, review_due_provisional=False, review_region=competent.own_level_region(request_consumer),
            coordination_region=competent.coordinating_region(request_consumer, item.provider_code),
        )
        header.append(f"request: a pending application of {named(request_consumer, names)} "
                      f"(reviewed in region {request.review_region or '-'})")
        resource = Resource(kind="request", item=item, request=request, jurisdiction=competent)
    else:
        resource = Resource(kind="item", item=item, jurisdiction=competent)
    explanation = _explanation(authorizer, subject, action, resource, now, header)
    if gateway is None:
        return explanation
    lines = explanation.lines[:-3] + [
        "gateway: the item is not published: authorize answers NOT_FOUND (目录未发布，鉴权答复未找到)",
        "decision: DENY NOT_FOUND", "decided by: (the gateway, before the policy)", f"message: {gateway.message}",
    ]
    return Explanation(explanation.version, gateway, lines)


def _explanation(authorizer: Authorizer, subject: Subject, action: str, resource: Resource, now: datetime,
                 header: list[str]) -> Explanation:
    lines = authorizer.explain(subject, action, resource, now)
    return Explanation(authorizer.version, authorizer.decide(subject, action, resource, now),
                       lines[:1] + header + lines[1:])
