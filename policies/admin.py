"""Policy administration: validate, dry-run, save, history, restore — versioned in the graph.

Every replica reads the same policy from the graph (`PolicyVersion` nodes), so a change
saved on one machine is in force on all of them within `POLICY_REFRESH_SECONDS`, without a
restart. The files in `policies/` are version 1 while the graph holds no version.

A change must parse and validate before it is saved (a broken rule is refused with a
message naming the line, and the old rules stay in force); a dry run shows which current
decisions would flip; a save is one guarded statement that makes version N+1 only while N
is still active (two admins saving at once: one wins, the other gets `PolicyConflict`);
a restore saves an old version's text as a new version, so history only grows.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TypeVar

from graph.repos import policy as repo
from graph.repos.reference import department_facts
from graph.store import ConstraintViolation, EngineUnavailable, GraphStore
from server.domain.jurisdiction import DepartmentFacts, Jurisdiction
from server.domain.records.audit import AuditAction, AuditActor, AuditEvent, AuditTarget, AuditTargetKind
from server.domain.records.catalog import ItemFacts
from server.domain.records.policy import PolicyVersionRecord
from server.domain.records.sharing import GrantRecord, RequestRecord
from server.domain.requests import RequestStatus
from server.domain.values import ItemStatus, ShareType
from policies.enforcer import (
    ACTIONS,
    MODEL_PATH,
    POLICY_PATH,
    ROLES,
    SHARE_CLASSES,
    Authorizer,
    Decision,
    PolicyError,
    Resource,
    Subject,
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


def sample_resources(now: datetime) -> list[Resource]:
    """Items of every class and status, a request, and grants live, expired, idle and revoked."""
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
                granted_at=at(granted), expires_at=at(granted + 3 * 365),
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
    resources = sample_resources(now)
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


def validate_texts(model_text: str, policy_text: str, now: datetime | None = None) -> list[str]:
    """Problems with a model and policy (empty: it may be saved). Parse, check every line, evaluate samples."""
    try:
        authorizer = Authorizer(model_text, policy_text)
    except PolicyError as exc:
        return exc.problems
    return evaluate_samples(authorizer, now)


def warnings_for(authorizer: Authorizer) -> list[str]:
    """Legal but probably unintended: actions the server asks about that no line allows."""
    missing = [action for action in ACTIONS if action not in authorizer.actions()]
    return [
        f"no line for action {action} ({ACTIONS[action]}): everyone is denied (该动作无规则，一律拒绝)" for action in missing
    ]


async def validate(model_text: str, policy_text: str) -> list[str]:
    return validate_texts(model_text, policy_text)


# --------------------------------------------------------------------------------------
# Versions in the graph
# --------------------------------------------------------------------------------------


def _files() -> tuple[str, str]:
    return MODEL_PATH.read_text(encoding="utf-8"), POLICY_PATH.read_text(encoding="utf-8")


def files_version() -> PolicyVersionRecord:
    """Version 1 while the graph holds none: the files shipped with the server."""
    model, policy = _files()
    return PolicyVersionRecord(version=1, author=FILES_AUTHOR, reason=FILES_REASON, saved_at=None, model=model,
                               policy=policy)


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
    stored = await get_version(store, number)
    return Authorizer(stored.model or "", stored.policy or "", stored.version)


async def history(store: GraphStore, skip: int = 0, limit: int = 100) -> list[PolicyVersionRecord]:
    """Versions newest first (without texts); version 1 is the files while nothing is stored."""
    stored = await repo.versions(store, skip, limit)
    if stored:
        return stored
    if skip > 0 or await repo.active(store) is not None:
        return []
    files = files_version()
    return [PolicyVersionRecord(version=1, author=files.author, reason=files.reason, saved_at=None)]


async def save(
    store: GraphStore,
    model: str,
    policy: str,
    author: str,
    reason: str,
    expected_version: int,
    *,
    restored_from: int | None = None,
    now: datetime | None = None,
    actor: AuditActor | None = None,
) -> int:
    """Validates, then saves version expected_version + 1; returns it. PolicyError / PolicyConflict otherwise.
    The save's audit event (第三十八条) names `actor` (the API's caller; from the CLI, the author)."""
    problems = validate_texts(model, policy, now)
    if not author.strip():
        problems.append("author: 须注明修改人 (who makes the change is required)")
    if not reason.strip():
        problems.append("reason: 须说明修改理由 (why the policy changes is required)")
    if problems:
        raise PolicyError(problems)
    now = now or datetime.now(timezone.utc)
    audit = AuditEvent(
        at=now, actor=actor or AuditActor(user=author.strip(), roles=("CLI",)),
        action=AuditAction.POLICY_RESTORE if restored_from is not None else AuditAction.POLICY_SAVE,
        target=AuditTarget(AuditTargetKind.POLICY, str(expected_version + 1)), reason=reason.strip(),
        before={"version": expected_version},
        after={"version": expected_version + 1, "restoredFrom": restored_from, "author": author.strip()},
    )
    try:
        version = await repo.save_version(
            store, expected_version=expected_version, model=model, policy=policy, author=author.strip(),
            reason=reason.strip(), restored_from=restored_from, now=now, base=files_version(), audit=audit,
        )
    except ConstraintViolation as exc:  # a concurrent save made the same version number first
        raise PolicyConflict(expected_version, await active_version(store)) from exc
    if version is None:
        raise PolicyConflict(expected_version, await active_version(store))
    log.info("policy version %s saved by %s: %s", version, author, reason)
    return version


async def restore(
    store: GraphStore, version: int, author: str, reason: str, expected_version: int | None = None,
    now: datetime | None = None, actor: AuditActor | None = None,
) -> int:
    """Saves the text of an old version as a new version (history only grows); returns the new number."""
    old = await get_version(store, version)
    expected = expected_version if expected_version is not None else await active_version(store)
    return await save(store, old.model or "", old.policy or "", author, reason, expected, restored_from=version, now=now,
                      actor=actor)


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


def changed_actions(old: Authorizer, new: Authorizer) -> set[str]:
    """Actions whose decisions may differ: all of them when the model or the role groups changed."""
    groups = lambda a: {line.text for line in a.lines if line.ptype == "g"}  # noqa: E731
    every = set(ACTIONS) | set(old.actions()) | set(new.actions())
    if old.model_text != new.model_text or groups(old) != groups(new):
        return every
    before, after = _lines_by_action(old), _lines_by_action(new)
    return {action for action in every if before.get(action, set()) != after.get(action, set())}


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
            authorizer = Authorizer(stored.model or "", stored.policy or "", stored.version)
        except PolicyError as exc:
            self.error = f"policy version {version} not loaded, version {self.version} stays in force: {exc}"
            log.error(self.error)
            return False
        self._authorizer, self.error = authorizer, None
        log.info("policy version %s in force", version)
        return True
