"""The demo catalog goes in the way a department's catalog does: file, drafts, review, published.

Every providing department's data officer imports the department's own file (seed/demo/
catalogs/<部门编码>.csv, the CSV form of the catalog template) through the import service
(server/services/catalog_io.py ``import_file``), exactly as an upload to ``/catalog/import``;
then submits the drafts (server/services/lifecycle.py ``submit``); then a reviewer of the city
authority (市大数据应用局, 第十三条), who edited none of them, accepts each one (``review``),
which codes and publishes it. Every step is a service call with a request's Context, so the
policy (``require``) decides each one as it would decide a request.

The order of events, and why:

1. **Sources first.** An element's 权威来源 (一数一源, 第十五条) is linked when the element is
   saved, and only to an item the importing officer can see: a published one. So a department
   starts once every department its file names as a source is published; departments that do
   not wait for each other go side by side. Where two departments are each other's sources (the
   demo's 市公安局 and 市卫健委), the one more departments name goes first, and its officer later
   updates the items whose source came after them (``update_item``, with the reason), which
   links the source; those items reach version 2, the earlier version kept, as in production.
2. **Review in file order.** A department's catalog codes count up per department and category
   in the order the authority accepts its items, so each file's items are reviewed in file
   order, one after another: the same codes on every load, whatever runs alongside.
3. **Dated as a migrated catalog.** The demo is a catalog that has existed since 2024: each
   file's 发布日期 says when the item was published. Each item is reviewed with the clock at
   09:00 (Asia/Shanghai) of that day, so its 发布日期, ``dataUpdatedAt`` (the staleness check,
   第十八条) and review time are that day's. What the services cannot date — that the entry was
   also created, submitted and last saved then (``createdAt``, ``submittedAt``, ``updatedAt``:
   the "recently updated" order) — is written afterwards in one small, separate step
   (:func:`backdate`).

Loading again changes nothing: items already published (or withdrawn) are left alone, an item
still submitted is only reviewed, and a file's unchanged drafts are skipped by the import itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from graph.repos import catalog as catalog_repo
from graph.repos import lifecycle as lifecycle_repo
from graph.repos import seed as seed_repo
from graph.store import GraphStore
from policies.admin import PolicyHolder
from seed import demo
from seed.demo import DemoDataError, item_key
from server.auth import Principal, Role
from server.context import Context
from server.domain.catalog_template import write_csv
from server.domain.coding import stable_item_id
from server.domain.models import CatalogItem, Department
from server.domain.values import ItemStatus
from server.services import catalog_io, lifecycle
from server.services.calendar import calendar_for
from server.services.decisions import decision_log_for
from server.services.reference import department_exists
from server.settings import Settings

SHANGHAI = ZoneInfo("Asia/Shanghai")
PUBLISHED_AT = time(9, 0)  # the hour of the day a demo item was published (Asia/Shanghai)
# The city authority's reviewer: a person of 市大数据应用局 other than its data officer, so that
# the authority's own items, too, are decided by someone who did not compile them (第十三条).
REVIEWER = "mulu-review@jcdsj.gov.cn"
REVIEW_COMMENT = "同意发布"
LINK_REASON = "补全一数一源：权威来源目录已发布 (link the authoritative source, now published)"
CONCURRENT_DEPARTMENTS = 8  # departments whose files go through at the same time
BATCH = 500
PUBLISHED = ItemStatus.PUBLISHED
LEAVE_ALONE = {PUBLISHED, ItemStatus.WITHDRAWN}
IMPORTABLE = {None, ItemStatus.DRAFT, ItemStatus.RETURNED}  # None: not in the graph yet
EDITABLE = {PUBLISHED, ItemStatus.DRAFT, ItemStatus.RETURNED}


@dataclass
class Submitted:
    """What one load did."""

    imported: int = 0  # items an import saved as drafts
    published: list[CatalogItem] = field(default_factory=list)
    linked_later: list[str] = field(default_factory=list)  # item ids updated to link a source
    links: dict[str, dict[str, str | None]] = field(default_factory=dict)  # item id → element code → source item


@dataclass(frozen=True)
class _Catalog:
    department: Department
    filename: str
    data: bytes
    items: tuple[CatalogItem, ...]

    @property
    def code(self) -> str:
        return self.department.code


def published_instant(day: date | None, fallback: datetime) -> datetime:
    """09:00 in Jincheng on the item's 发布日期 (the instant the demo says it was published)."""
    if day is None:
        return fallback
    return datetime.combine(day, PUBLISHED_AT, SHANGHAI).astimezone(timezone.utc)


def officer_of(department: Department) -> Principal:
    """The department's data officer (第六条), as the city's single sign-on would name them."""
    user = department.data_officer.email or f"officer@{department.code.lower()}"
    return Principal(user=user, department_code=department.code, roles=frozenset({Role.DEPT_DATA_OFFICER}), expires_at=0)


def reviewer(city_authority: str) -> Principal:
    return Principal(user=REVIEWER, department_code=city_authority, roles=frozenset({Role.AUTHORITY_ADMIN}), expires_at=0)


class _Contexts:
    """Makes a request's Context for a principal at an instant, as server/app.py build_context does."""

    def __init__(self, store: GraphStore, settings: Settings, policy: PolicyHolder) -> None:
        self.store, self.settings, self.policy = store, settings, policy
        self.calendar = calendar_for(settings)
        self.decisions = decision_log_for(settings)

    def __call__(self, principal: Principal, now: datetime) -> Context:
        return Context(principal=principal, store=self.store, authorizer=self.policy.authorizer,
                       settings=self.settings, now=now, calendar=self.calendar, policy=self.policy,
                       decisions=self.decisions)


def demo_catalogs() -> list[_Catalog]:
    """Every providing department's file, in departments.csv order."""
    departments = {d.code: d for d in demo.shared_departments()}
    return [_Catalog(departments[code], f"{code}.csv", data, items) for code, data, items in demo.shared_catalogs()]


def source_departments(catalogs: Iterable[_Catalog]) -> dict[str, set[str]]:
    """Department → the other departments its file names as 权威来源."""
    catalogs = list(catalogs)
    provider_of = {item_key(c.code, item.name): c.code for c in catalogs for item in c.items}
    needs: dict[str, set[str]] = {c.code: set() for c in catalogs}
    for catalog in catalogs:
        for item in catalog.items:
            for element in item.elements:
                source = provider_of.get(element.source_item_code or "")
                if source and source != catalog.code:
                    needs[catalog.code].add(source)
    return needs


def plan(catalogs: list[_Catalog]) -> list[tuple[_Catalog, set[str]]]:
    """Each department with the departments it waits for: its sources, except where two wait for
    each other — then the one more departments name as a source goes first (departments.csv
    order breaks ties) and does not wait for the other."""
    needs = source_departments(catalogs)
    named_by = {c.code: sum(c.code in wanted for wanted in needs.values()) for c in catalogs}
    position = {c.code: index for index, c in enumerate(catalogs)}
    by_code = {c.code: c for c in catalogs}
    out: list[tuple[_Catalog, set[str]]] = []
    done: set[str] = set()
    while len(done) < len(catalogs):
        waiting = [code for code in position if code not in done]
        ready = [code for code in waiting if needs[code] <= done]
        code = ready[0] if ready else min(waiting, key=lambda c: (-named_by[c], position[c]))
        out.append((by_code[code], needs[code] & done))
        done.add(code)
    return out


async def submit_demo_catalogs(store: GraphStore, settings: Settings, clock: datetime | None = None) -> Submitted:
    """Imports, submits and publishes every department's demo file (see the module docstring)."""
    clock = clock or datetime.now(timezone.utc)
    departments = {d.code: d for d in demo.shared_departments()}
    catalogs = demo_catalogs()
    city_authority = next(d.code for d in departments.values() if d.is_authority and d.region_code == demo.CITY)
    # The reference data was just written: make sure the services' one-minute snapshot of
    # departments and regions has it (a department it lacks makes it read the graph again).
    for code in departments:
        await department_exists(store, code)
    policy = PolicyHolder()
    await policy.load(store)
    contexts = _Contexts(store, settings, policy)
    ids = {item_key(c.code, item.name): stable_item_id(c.code, item.name) for c in catalogs for item in c.items}
    states: dict[str, ItemStatus] = {}
    for chunk in _chunks(list(ids.values())):
        states.update({state.id: state.status for state in await lifecycle_repo.item_states(store, chunk)})
    result = Submitted()

    def status(catalog: _Catalog, item: CatalogItem) -> ItemStatus | None:
        return states.get(ids[item_key(catalog.code, item.name)])

    async def go_through(catalog: _Catalog) -> None:
        """One department's file: imported, submitted, each item reviewed in file order."""
        drafts = [item for item in catalog.items if status(catalog, item) in IMPORTABLE]
        officer = contexts(officer_of(catalog.department), _first_instant(drafts, clock))
        if drafts:
            data = catalog.data if len(drafts) == len(catalog.items) else write_csv(drafts)  # the rest, sent again
            async with one_import_at_a_time:
                report = await catalog_io.import_file(officer, catalog.filename, data)
            if report.errors:
                raise DemoDataError(f"{catalog.filename}: the import refused the file: " + "; ".join(report.errors[:10]))
            result.imported += report.saved
            records = await officer.loaders.items.load_many([ids[item_key(catalog.code, i.name)] for i in drafts])
            await asyncio.gather(*(lifecycle.submit(officer, record.id, record.version) for record in records if record))
        waiting = [item for item in catalog.items if status(catalog, item) not in LEAVE_ALONE]
        # The items as they are now, submitted (from the submits' own reload, or one read): each
        # review's context starts with its item loaded, as a request that had just read it would.
        records = await officer.loaders.items.load_many([ids[item_key(catalog.code, i.name)] for i in waiting])
        for item, record in zip(waiting, records):
            assert record is not None, item.name
            ctx = contexts(reviewer(city_authority), published_instant(item.published_on, clock))
            ctx.loaders.items.prime(record.id, record)
            await lifecycle.review(ctx, record.id, True, REVIEW_COMMENT)
            result.published.append(item)

    # 1. and 2.: department by department, sources first, each file's items in order.
    finished = {catalog.code: asyncio.Event() for catalog in catalogs}
    # Two imports at once lock the themes, databases and departments they link to in different
    # orders: Neo4j detects the deadlock and the driver retries after about a second. One at a
    # time costs nothing: the engine runs one write at a time anyway.
    one_import_at_a_time = asyncio.Lock()
    gate = asyncio.Semaphore(CONCURRENT_DEPARTMENTS)

    async def when_ready(catalog: _Catalog, waits: set[str]) -> None:
        for code in sorted(waits):
            await finished[code].wait()
        async with gate:
            await go_through(catalog)
        finished[catalog.code].set()

    async with asyncio.TaskGroup() as group:  # one department failing stops the others
        for catalog, waits in plan(catalogs):
            group.create_task(when_ready(catalog, waits))

    # 3. The history the services cannot date.
    await backdate(store, result.published, clock)

    # 1. (end): items whose source was published after them are updated, which links it; the
    # update is their last save, so it comes after the dating above.
    result.linked_later, result.links = await link_late_sources(store, contexts, catalogs, ids, clock, city_authority)
    return result


async def link_late_sources(
    store: GraphStore, contexts: _Contexts, catalogs: list[_Catalog], ids: dict[str, str], clock: datetime,
    city_authority: str,
) -> tuple[list[str], dict[str, dict[str, str | None]]]:
    """Demo items that name a published 权威来源 but are not linked to it: their officer updates
    them (the same content, with the reason) and, for a published item, the city authority's
    reviewer accepts the edit (第十三条); the update links the source (第十五条).
    Returns the items updated, and every demo item's links as they are now (element code → the
    item its element is sourced from), for the load's report."""
    items = {ids[item_key(c.code, item.name)]: (c, item) for c in catalogs for item in c.items}
    by_key = {item_key(c.code, item.name): item for c, item in items.values()}
    linked = await element_links(store, list(items))

    def linkable(element) -> bool:  # the named source holds that datum (by name or code)
        source = by_key.get(element.source_item_code or "")
        return source is not None and any(
            e.name == element.name or e.code.upper() == element.code.upper() for e in source.elements)

    unlinked = {
        identifier: [e.source_item_code for e in item.elements
                     if linkable(e) and not linked.get(identifier, {}).get(e.code.upper())]
        for identifier, (_, item) in items.items()
    }
    unlinked = {identifier: keys for identifier, keys in unlinked.items() if keys}
    sources = {ids[key] for keys in unlinked.values() for key in keys}
    published: dict[str, date | None] = {}
    for chunk in _chunks(sorted(sources)):
        for record in (await catalog_repo.items_by_ids(store, chunk)).values():
            if record.status is PUBLISHED:
                published[record.id] = record.published_on
    updated = []
    for identifier, keys in unlinked.items():
        if not all(ids[key] in published for key in keys):
            continue  # a source not published yet: the next load links it
        catalog, item = items[identifier]
        days = [item.published_on, *(published[ids[key]] for key in keys)]
        ctx = contexts(officer_of(catalog.department), published_instant(max((d for d in days if d), default=None), clock))
        current = await ctx.loaders.items.load(identifier)
        if current is None or current.status not in EDITABLE:
            continue  # under review or withdrawn: not the loader's to change
        saved = await lifecycle.update_item(ctx, identifier, current.version, item,
                                            LINK_REASON if current.status is PUBLISHED else "")
        if saved.revision is not None:  # 第十三条: a published item's edit is accepted by the city authority
            await lifecycle.review_revision(contexts(reviewer(city_authority), ctx.now), identifier, True, REVIEW_COMMENT)
        updated.append(identifier)
    if updated:
        linked.update(await element_links(store, updated))
    return updated, linked


async def element_links(store: GraphStore, item_ids: list[str]) -> dict[str, dict[str, str | None]]:
    """For each item: element code → the item its element is sourced from (一数一源), or None."""
    linked: dict[str, dict[str, str | None]] = {}
    for chunk in _chunks(item_ids):
        for item_id, elements in (await catalog_repo.elements_by_items(store, chunk)).items():
            linked[item_id] = {e.code.upper(): e.source_item_id for e in elements}
    return linked


async def backdate(store: GraphStore, items: Iterable[CatalogItem], clock: datetime) -> None:
    """The demo's one write outside the services: an item of the migrated catalog was created,
    submitted and last saved on its 发布日期, the day it was published (createdAt, submittedAt,
    updatedAt := 09:00 Asia/Shanghai that day, the instant its review already has)."""
    stamps = [(stable_item_id(item.provider_code, item.name), item.provider_code,
               published_instant(item.published_on, clock)) for item in items]
    for chunk in _chunks(stamps):
        await seed_repo.backdate_items(store, chunk)


def _first_instant(items: list[CatalogItem], clock: datetime) -> datetime:
    """When a department hands its file in: the morning its first item was published."""
    return published_instant(min((item.published_on for item in items if item.published_on), default=None), clock)


def _chunks(rows: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]
