"""The demo catalog (the files of seed/demo/, loaded by seed/load.py through the services) and
the benchmark generator (seed/generator.py).

Constructing the models already validates every field and the 第九条–第二十四条 item rules;
these tests add what a single model cannot see: cross-references between objects, coverage of
every value list, counts, uniqueness and determinism; that every department's file is the
catalog template as a department would hand it in; and that the loaded demo went through the
import, submit and review services (who compiled, who reviewed, codes, dates).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import pytest

from graph.store import GraphStore
from seed import demo, submissions
from seed.generator import generate_items
from seed.load import item_id
from server.domain import catalog_template
from server.domain.coding import catalog_code
from server.domain.instants import utc_iso
from server.domain.models import (
    DEPARTMENT_CODE,
    CatalogItem,
    Database,
    DataElement,
    Department,
    Region,
    Theme,
    check_item_rules,
)
from server.domain.values import (
    FORMAT_DETAILS,
    DatabaseKind,
    DataFormat,
    DataGrade,
    DepartmentKind,
    ElementType,
    MaskingRule,
    OpenMode,
    OpenType,
    RegionLevel,
    ResourceCategory,
    Sensitivity,
    ShareMode,
    ShareType,
    StorageLevel,
    UpdateCycle,
)

CITY = "140500"
COUNTIES = {"140502", "140521", "140522", "140524", "140525", "140581"}
ELEMENT_CODE = re.compile(r"^[A-Z][A-Z0-9]*$")


@pytest.fixture(scope="module")
def regions() -> list[Region]:
    return demo.demo_regions()


@pytest.fixture(scope="module")
def departments() -> list[Department]:
    return demo.demo_departments()


@pytest.fixture(scope="module")
def themes() -> list[Theme]:
    return demo.demo_themes()


@pytest.fixture(scope="module")
def databases() -> list[Database]:
    return demo.demo_databases()


@pytest.fixture(scope="module")
def items() -> list[CatalogItem]:
    return demo.demo_items()


@pytest.fixture(scope="module")
def generated() -> list[CatalogItem]:
    return list(generate_items(2000, seed=7))


def key(item: CatalogItem) -> str:
    return demo.item_key(item.provider_code, item.name)


def elements(items: list[CatalogItem]) -> list[DataElement]:
    return [element for item in items for element in item.elements]


# ----------------------------------------------------------------------------- types


def test_every_demo_object_is_a_validated_model(regions, departments, themes, databases, items):
    for objects, model in ((regions, Region), (departments, Department), (themes, Theme),
                           (databases, Database), (items, CatalogItem)):
        assert objects and all(isinstance(o, model) for o in objects)
        for obj in objects:
            # Re-validating the dumped form proves the objects round-trip through the models.
            assert model.model_validate(obj.model_dump()) == obj
    for item in items:
        check_item_rules(item)


# ----------------------------------------------------------------------------- regions


def test_regions_are_the_real_administrative_codes(regions):
    by_code = {r.code: r for r in regions}
    assert len(by_code) == len(regions)
    assert by_code["140000"].name == "山西省" and by_code["140000"].level is RegionLevel.PROVINCE
    assert by_code[CITY].name == "晋城市" and by_code[CITY].parent_code == "140000"
    assert {c for c, r in by_code.items() if r.level is RegionLevel.COUNTY} == COUNTIES
    assert {r.name for r in regions if r.parent_code == CITY} >= {
        "城区", "沁水县", "阳城县", "陵川县", "泽州县", "高平市", "晋城经济技术开发区"}
    zone = by_code["140571"]
    assert zone.level is RegionLevel.ZONE and zone.parent_code == CITY
    for region in regions:
        assert region.parent_code is None or region.parent_code in by_code


# ----------------------------------------------------------------------------- departments


def test_department_codes_are_unique_and_well_formed(departments, regions):
    codes = [d.code for d in departments]
    assert len(codes) == len(set(codes))
    region_codes = {r.code for r in regions}
    for d in departments:
        assert DEPARTMENT_CODE.match(d.code)
        assert d.region_code in region_codes
        assert d.code.startswith(f"{d.region_code}-")
    assert len({d.name for d in departments}) == len(departments)


def test_departments_cover_the_city_and_counties(departments):
    by_code = {d.code: d for d in departments}
    city = [d for d in departments if d.region_code == CITY]
    assert len(city) >= 40
    for code, name in {
        "140500-GAJ": "晋城市公安局", "140500-MZJ": "晋城市民政局", "140500-RSJ": "晋城市人力资源和社会保障局",
        "140500-SCJGJ": "晋城市市场监督管理局", "140500-ZRZYJ": "晋城市自然资源局",
        "140500-WJW": "晋城市卫生健康委员会", "140500-SWJ": "国家税务总局晋城市税务局",
        "140500-DSJ": "晋城市大数据应用局", "140525-GAJ": "泽州县公安局",
    }.items():
        assert by_code[code].name == name
    # The data authority (政务数据主管部门).
    authorities = [d for d in departments if d.is_authority]
    assert [d.code for d in authorities if d.region_code == CITY] == ["140500-DSJ"]
    # Counties: each has its own 大数据 authority, and at least four have 2+ working departments.
    for county in COUNTIES:
        assert any(d.is_authority for d in departments if d.region_code == county), county
    rich = [c for c in COUNTIES if sum(1 for d in departments if d.region_code == c and not d.is_authority) >= 2]
    assert len(rich) >= 4
    assert any(d.region_code == "140571" for d in departments)


def test_department_kinds_parents_and_officers(departments):
    by_code = {d.code: d for d in departments}
    kinds = Counter(d.kind for d in departments)
    assert set(kinds) == set(DepartmentKind)
    assert kinds[DepartmentKind.PARTY_BODY] >= 3
    assert by_code["140500-ZFB"].kind is DepartmentKind.GOVERNMENT
    assert by_code["140500-GJJ"].kind is DepartmentKind.AUTHORISED_ORGANISATION
    assert by_code["140500-BDCDJ"].kind is DepartmentKind.AUTHORISED_ORGANISATION
    for d in departments:
        if d.kind is DepartmentKind.SUBORDINATE_UNIT:
            assert d.parent_code in by_code and by_code[d.parent_code].region_code == d.region_code
        else:
            assert d.parent_code is None or d.parent_code in by_code
        assert d.responsible_unit
        assert re.fullmatch(r"0356-\d{7}", d.data_officer.phone)
        assert d.data_officer.email and d.data_officer.email.endswith(".gov.cn")
    assert by_code["140500-JJZD"].parent_code == "140500-GAJ"
    assert by_code["140500-SBZX"].parent_code == "140500-RSJ"


# ----------------------------------------------------------------------------- themes, databases


def test_theme_tree(themes):
    by_code = {t.code: t for t in themes}
    assert len(by_code) == len(themes)
    for theme in themes:
        assert theme.parent_code is None or theme.parent_code in by_code
    thematic = [t for t in themes if t.parent_code == "T"]
    assert {t.name for t in thematic} == {
        "公共服务", "健康保障", "社会保障", "食品药品安全", "安全生产", "价格监管", "能源安全", "信用体系",
        "城乡建设", "社区治理", "生态环保", "应急维稳"}
    for theme in thematic:
        assert 2 <= sum(1 for t in themes if t.parent_code == theme.code) <= 4, theme.name
    assert {t.name for t in themes if t.parent_code == "B"} == {
        "人口", "法人单位", "自然资源和空间地理", "社会信用", "电子证照"}
    assert by_code["T03-01"].name == "养老保险" and by_code["T03-01"].parent_code == "T03"


def test_databases(databases, departments):
    codes = {d.code for d in departments}
    assert len({b.code for b in databases}) == len(databases)
    basic = {b.name: b for b in databases if b.kind is DatabaseKind.BASIC}
    assert set(basic) == {"人口基础库", "法人单位基础库", "自然资源和空间地理基础库", "电子证照基础库", "社会信用基础库"}
    assert basic["人口基础库"].lead_department_code == "140500-GAJ"
    assert basic["法人单位基础库"].lead_department_code == "140500-SCJGJ"
    assert basic["自然资源和空间地理基础库"].lead_department_code == "140500-ZRZYJ"
    assert basic["社会信用基础库"].lead_department_code == "140500-FGW"
    assert basic["电子证照基础库"].lead_department_code in {"140500-XZSPJ", "140500-DSJ"}
    assert sum(1 for b in databases if b.kind is DatabaseKind.THEMATIC) >= 4
    assert any("煤" in b.name for b in databases)
    for b in databases:
        assert b.lead_department_code in codes
        assert b.contributor_codes and set(b.contributor_codes) <= codes
        assert b.lead_department_code not in b.contributor_codes


# ----------------------------------------------------------------------------- items: counts and references


def test_counts(items, departments):
    assert len(items) >= 320
    assert len(elements(items)) >= 3200
    for item in items:
        assert 6 <= len(item.elements) <= 20, item.name
    provided = Counter(item.provider_code for item in items)
    for d in departments:
        assert provided[d.code] >= 3, f"{d.name} provides {provided[d.code]} items"


def test_names_unique_per_provider_and_not_generated_looking(items):
    pairs = [(item.provider_code, item.name) for item in items]
    assert len(pairs) == len(set(pairs))
    for item in items:
        assert not re.search(r"\d+$", item.name) and not re.search(r"信息\d", item.name), item.name
        assert item.summary


def check_references(items, departments, themes, databases, known_keys=None) -> None:
    """Every provider, scope department, theme, database and source item exists."""
    department_codes = {d.code for d in departments}
    theme_codes = {t.code for t in themes}
    database_by_code = {b.code: b for b in databases}
    by_key = {key(item): item for item in items}
    known = set(by_key) | set(known_keys or ())
    for item in items:
        assert item.provider_code in department_codes, item.name
        assert set(item.share_scope) <= department_codes, item.name
        assert item.provider_code not in item.share_scope, item.name
        assert set(item.theme_codes) <= theme_codes, item.name
        if item.database_code:  # 第十四条: only the lead department catalogues into its database
            database = database_by_code[item.database_code]
            assert item.provider_code == database.lead_department_code, (
                f"{item.name}: {item.provider_code} does not lead {database.name}")
        for element in item.elements:
            if element.source_item_code:
                assert element.source_item_code in known, (item.name, element.name)
                assert element.source_item_code != key(item)
                source = by_key.get(element.source_item_code)
                if source is not None:
                    match = [e for e in source.elements if e.name == element.name]
                    assert match, f"{element.source_item_code} has no element {element.name}"
                    assert match[0].source_item_code is None, "a source must itself be authoritative"


def test_cross_references(items, departments, themes, databases):
    check_references(items, departments, themes, databases)


def test_one_source_per_datum(items):
    """第十五条: repeated key data point at the authoritative item of another provider."""
    linked = [(item, e) for item in items for e in item.elements if e.source_item_code]
    assert len(linked) >= 80
    sources = Counter(e.source_item_code for _, e in linked)
    assert sources["140500-GAJ/居民身份证信息"] >= 30
    assert sources["140500-SCJGJ/企业登记信息"] >= 30
    assert len(sources) >= 8
    for item, element in linked:
        assert not element.source_item_code.startswith(item.provider_code + "/")
    by_key = {key(item): item for item in items}
    for name in ("公民身份号码", "统一社会信用代码"):
        for item in items:
            for element in item.elements:
                if element.name == name and element.source_item_code is None:
                    # Either the authoritative item itself, another item of the same provider,
                    # or a provider that issues the code itself (社会组织, 事业单位, 个体户 …).
                    assert key(item) in by_key


def test_base_database_items_and_categories(items, databases):
    kind_of = {b.code: b.kind for b in databases}
    in_db = Counter(item.database_code for item in items if item.database_code)
    assert set(in_db) == set(kind_of), "every database has items"
    for item in items:
        expected = {DatabaseKind.BASIC: ResourceCategory.BASIC, DatabaseKind.THEMATIC: ResourceCategory.THEMATIC}
        assert item.category is expected.get(kind_of.get(item.database_code), ResourceCategory.DEPARTMENTAL)
    assert {item.category for item in items} == set(ResourceCategory)


# ----------------------------------------------------------------------------- items: coverage of 第九条 values


def test_every_value_of_every_list_is_used(items):
    everything = elements(items)
    assert {i.share_type for i in items} == set(ShareType)
    assert {m for i in items for m in i.share_modes} == set(ShareMode)
    assert {i.format for i in items} == set(DataFormat)
    assert {i.storage_level for i in items} == set(StorageLevel)
    assert {i.grade for i in items} == set(DataGrade)
    assert {i.open_type for i in items} == set(OpenType)
    assert {i.open_mode for i in items} == set(OpenMode)
    assert {i.update_cycle for i in items} == set(UpdateCycle)
    assert {e.type for e in everything} == set(ElementType)
    assert {e.sensitivity for e in everything} == set(Sensitivity)
    assert {e.masking_rule for e in everything} == set(MaskingRule)
    for item in items:
        assert item.format_detail in FORMAT_DETAILS[item.format], item.name


def test_share_types_follow_the_rules(items, departments):
    counts = Counter(i.share_type for i in items)
    assert counts[ShareType.UNCONDITIONAL] + counts[ShareType.CONDITIONAL] >= 0.9 * len(items)
    not_shared = [i for i in items if i.share_type is ShareType.NOT_SHARED]
    assert len(not_shared) >= 8
    for item in not_shared:
        assert "《" in item.legal_basis and "》" in item.legal_basis, item.name
        assert item.open_type is OpenType.NOT_OPEN and item.open_mode is OpenMode.NONE
    bases = " ".join(i.legal_basis for i in not_shared)
    for law in ("《中华人民共和国个人信息保护法》第二十八条", "《中华人民共和国保守国家秘密法》"):
        assert law in bases
    conditional = [i for i in items if i.share_type is ShareType.CONDITIONAL]
    assert all(i.share_condition for i in conditional)
    scoped = [i for i in conditional if i.share_scope]
    assert len(scoped) >= 0.8 * len(conditional)
    assert any(i.share_scope and all(code.startswith(CITY) for code in i.share_scope) for i in conditional)
    for item in items:
        if item.share_type is not ShareType.CONDITIONAL:
            assert not item.share_scope and not item.share_condition, item.name
        if item.share_type is not ShareType.NOT_SHARED:
            assert not item.legal_basis, item.name
        assert item.provider_code not in item.share_scope


def test_cycles_and_open_modes(items):
    for item in items:
        if item.update_cycle is UpdateCycle.OTHER:
            assert item.update_cycle_note
        else:
            assert not item.update_cycle_note
        if item.update_cycle is UpdateCycle.REALTIME:
            assert ShareMode.API in item.share_modes
        if item.open_type is OpenType.NOT_OPEN:
            assert item.open_mode is OpenMode.NONE
        else:
            assert item.open_mode is not OpenMode.NONE
    assert sum(1 for i in items if i.open_type is not OpenType.NOT_OPEN) >= 100


def test_themes_dates_and_storage(items, departments):
    region_of = {d.code: d.region_code for d in departments}
    assert sum(1 for i in items if i.theme_codes) >= 0.8 * len(items)
    assert sum(1 for i in items if i.database_code) >= 40  # the lead departments' items only (第十四条)
    for item in items:
        assert date(2024, 3, 1) <= item.published_on <= date(2026, 10, 31), item.name
    county_items = [i for i in items if region_of[i.provider_code] != CITY]
    assert len(county_items) >= 40
    assert {i.storage_level for i in county_items} >= {StorageLevel.COUNTY}
    for item in items:
        if item.storage_level is StorageLevel.COUNTY:
            assert region_of[item.provider_code] != CITY
        if region_of[item.provider_code] != CITY:
            assert item.storage_level in {StorageLevel.COUNTY, StorageLevel.PROVINCE}


def test_data_dictionary(items):
    everything = elements(items)
    for element in everything:
        assert ELEMENT_CODE.match(element.code), element.code
        if element.sensitivity is Sensitivity.SENSITIVE:
            assert element.masking_rule is not MaskingRule.NONE, element.name
        else:
            assert element.masking_rule is MaskingRule.NONE, element.name
        if element.type in (ElementType.STRING, ElementType.INTEGER, ElementType.DECIMAL):
            assert element.length, element.name
    by_name = {e.name: e for e in everything}
    assert by_name["公民身份号码"].code == "GMSFHM"
    assert by_name["公民身份号码"].masking_rule is MaskingRule.ID_NUMBER
    assert by_name["统一社会信用代码"].code == "TYSHXYDM" and by_name["统一社会信用代码"].length == 18
    assert by_name["姓名"].code == "XM" and by_name["姓名"].masking_rule is MaskingRule.NAME
    assert by_name["联系电话"].masking_rule is MaskingRule.PHONE
    assert by_name["住址"].masking_rule is MaskingRule.ADDRESS
    assert by_name["银行账号"].masking_rule is MaskingRule.BANK_ACCOUNT
    assert by_name["出生日期"].type is ElementType.DATE
    assert by_name["注册资本"].type is ElementType.DECIMAL
    # The same name means the same dictionary entry everywhere (verify-only and source aside).
    for element in everything:
        reference = by_name[element.name]
        assert (element.code, element.type, element.length, element.masking_rule) == (
            reference.code, reference.type, reference.length, reference.masking_rule)
    verify_only = [e for e in everything if e.verify_only]
    assert len(verify_only) >= 5
    described = sum(1 for e in everything if e.description)
    assert described >= 0.5 * len(everything)


# ----------------------------------------------------------------------------- determinism


def test_demo_is_deterministic_and_returns_fresh_objects():
    first, second = demo.demo_items(), demo.demo_items()
    assert [i.model_dump() for i in first] == [i.model_dump() for i in second]
    first[0].elements.clear()
    assert demo.demo_items()[0].elements
    assert demo.demo_departments() == demo.demo_departments()
    assert demo.demo_themes() == demo.demo_themes()
    assert demo.demo_databases() == demo.demo_databases()


# ----------------------------------------------------------------------------- generator


def test_generator_items_are_valid(generated, departments, themes, databases):
    assert len(generated) == 2000
    for item in generated:
        assert isinstance(item, CatalogItem)
        check_item_rules(item)
        assert date(2024, 3, 1) <= item.published_on <= date(2026, 10, 31)
        assert item.format_detail in FORMAT_DETAILS[item.format]
        if item.share_type is not ShareType.CONDITIONAL:
            assert not item.share_scope
        for element in item.elements:
            assert ELEMENT_CODE.match(element.code)
    check_references(generated, departments, themes, databases)
    # Re-validate a sample from scratch (shared element instances are not re-validated on the way).
    for item in generated[::97]:
        assert CatalogItem.model_validate(item.model_dump()) == item


def test_generator_starts_with_the_demo_and_varies_after(generated, items):
    assert [key(i) for i in generated[: len(items)]] == [key(i) for i in items]
    derived = generated[len(items):]
    assert {i.share_type for i in derived} == set(ShareType)
    assert {i.update_cycle for i in derived} >= {UpdateCycle.OTHER, UpdateCycle.YEARLY, UpdateCycle.MONTHLY}
    assert len({i.provider_code for i in derived}) >= 50
    assert any("年度）" in i.name for i in derived)
    assert any(i.name.endswith("统计信息") for i in derived)
    assert sum(len(i.elements) for i in derived) >= 8 * len(derived)


def test_generator_names_unique_per_provider(generated):
    pairs = [(i.provider_code, i.name) for i in generated]
    assert len(pairs) == len(set(pairs))
    for item in generated:
        assert not re.search(r"信息\d", item.name)


def test_generator_is_deterministic_for_a_seed(generated):
    again = list(generate_items(2000, seed=7))
    assert [i.model_dump() for i in again] == [i.model_dump() for i in generated]
    other = list(generate_items(2000, seed=8))
    assert [i.name for i in other] != [i.name for i in generated]
    shorter = list(generate_items(1000, seed=7))
    assert [i.model_dump() for i in shorter] == [i.model_dump() for i in generated[:1000]]


def test_generator_short_streams_keep_sources_resolvable(departments, themes, databases):
    assert list(generate_items(0)) == []
    for count in (1, 25, 150):
        stream = list(generate_items(count))
        assert len(stream) == count
        check_references(stream, departments, themes, databases)


# ----------------------------------------------------------------------------- the files


README = demo.DIRECTORY / "README.md"
REFERENCE_COLUMNS = {
    "regions.csv": ["code", "name", "level", "parent_code"],
    "departments.csv": ["code", "name", "short_name", "region_code", "kind", "parent_code", "responsible_unit",
                        "data_officer_name", "data_officer_phone", "data_officer_email", "is_authority"],
    "themes.csv": ["code", "name", "parent_code"],
    "databases.csv": ["code", "name", "kind", "lead_department_code", "contributor_codes", "description"],
}


def test_each_department_hands_in_one_file_of_the_template(departments):
    """A department's file is the catalog template's CSV form, holding its own items only."""
    files = demo.catalog_files()
    assert {code for code, _ in files} == {d.code for d in departments}
    for code, path in files:
        assert path.name == f"{code}.csv"
        parsed = catalog_template.parse(path.name, path.read_bytes())
        assert parsed.ok, (path.name, [str(e) for e in parsed.errors[:3]])
        assert {item.provider_code for item in parsed.items} == {code}
        assert all(item.published_on for item in parsed.items), f"{path.name}: every item says when it was published"
        records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert records[0] == list(catalog_template.CSV_HEADERS)
    assert not list(demo.CATALOGS.glob("*.xlsx")), "the demo is kept in the CSV form (text that diffs)"


def test_reference_files_have_the_documented_columns():
    readme = README.read_text(encoding="utf-8")
    for name, columns in REFERENCE_COLUMNS.items():
        header = next(csv.reader(io.StringIO((demo.DIRECTORY / name).read_text(encoding="utf-8-sig"))))
        assert header == columns, name
        assert f"## {name}" in readme
        for column in columns:
            assert column in readme, f"README.md does not explain {name}: {column}"
    assert "## catalogs/" in readme
    for header in catalog_template.CSV_HEADERS[:2]:
        assert header in readme


def test_the_demo_is_data_not_code():
    """The tables moved into files: no Python under seed/ holds demo items or departments."""
    seed = demo.DIRECTORY.parent
    for path in seed.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "居民身份证信息" not in text and "晋城市公安局" not in text, path
    assert not (seed / "demo.py").exists()


def test_sources_are_handed_in_before_the_departments_that_name_them():
    catalogs = submissions.demo_catalogs()
    needs = submissions.source_departments(catalogs)
    order = submissions.plan(catalogs)
    position = {catalog.code: index for index, (catalog, _) in enumerate(order)}
    assert len(order) == len(catalogs) == len(position)
    for catalog, waits in order:
        assert waits <= needs[catalog.code]
        assert all(position[code] < position[catalog.code] for code in waits)
        for code in needs[catalog.code] - waits:  # a source it cannot wait for: the two name each other
            assert catalog.code in needs[code] and position[code] > position[catalog.code]
    # 市场监管局 (统一社会信用代码) and 公安局 (公民身份号码) are the sources most departments name.
    assert position["140500-SCJGJ"] < position["140500-GAJ"] < position["140500-WJW"]
    assert order[position["140500-GAJ"]][1] == {"140500-SCJGJ"}


# ----------------------------------------------------------------------------- the load, through the services


SHANGHAI = ZoneInfo("Asia/Shanghai")


def _morning(day: date) -> str:
    return utc_iso(datetime.combine(day, time(9, 0), SHANGHAI).astimezone(timezone.utc))


async def _stored(store: GraphStore, ids: list[str]) -> dict[str, dict]:
    rows = []
    for start in range(0, len(ids), 200):
        rows += await store.read("catalog/items_by_ids", ids=ids[start:start + 200])
    return {row["item"]["id"]: row["item"] for row in rows}


async def test_each_item_was_compiled_by_its_officer_and_reviewed_by_another_person(demo_store: GraphStore):
    officers = {d.code: d.data_officer.email for d in demo.demo_departments()}
    catalogs = demo.shared_catalogs()
    stored = await _stored(demo_store, [item_id(c, i.name) for c, _, items in catalogs for i in items])
    for code, _, items in catalogs:
        for item in items:
            row = stored[item_id(code, item.name)]
            assert row["status"] == "PUBLISHED", item.name
            assert row["createdBy"] == row["submittedBy"] == officers[code], item.name
            assert row["editors"] == [officers[code]], item.name  # nobody else touched it
            assert submissions.REVIEWER not in row["editors"]  # 第十三条: the reviewer compiled none of it
            assert row["reviewComment"] == submissions.REVIEW_COMMENT


async def test_the_loaded_demo_has_only_lead_departments_items_in_databases(demo_store: GraphStore):
    """第十四条 over the seeded graph: every database holds items, each of them its lead
    department's; a contributing department's items stay in its own catalog (no database)."""
    databases = {row["database"]["code"]: (row["database"]["leadDepartmentCode"], set(row["contributorCodes"]))
                 for row in await demo_store.read("reference/databases")}
    catalogs = demo.shared_catalogs()
    stored = await _stored(demo_store, [item_id(c, i.name) for c, _, items in catalogs for i in items])
    assert len(stored) == sum(len(items) for _, _, items in catalogs)
    held: Counter = Counter()
    for row in stored.values():
        if row.get("databaseCode"):
            lead, _ = databases[row["databaseCode"]]
            assert row["providerCode"] == lead, f"{row['name']} of {row['providerCode']} is in {row['databaseCode']}"
            held[row["databaseCode"]] += 1
    assert set(held) == set(databases), "every database shows items"
    contributors = {code for _, codes in databases.values() for code in codes}
    assert any(row["providerCode"] in contributors and not row.get("databaseCode") for row in stored.values())


async def test_codes_follow_each_file_and_dates_its_publication(demo_store: GraphStore):
    """第十三条: codes per department and category in file order; 发布日期, the data's last update and
    the review are 09:00 on the file's 发布日期, and the entry is dated that day too."""
    catalogs = demo.shared_catalogs()
    stored = await _stored(demo_store, [item_id(c, i.name) for c, _, items in catalogs for i in items])
    for code, _, items in catalogs:
        sequence: Counter = Counter()
        for item in items:
            sequence[item.category] += 1
            row = stored[item_id(code, item.name)]
            assert row["code"] == catalog_code(code, item.category, sequence[item.category]), item.name
            assert row["publishedOn"] == item.published_on.isoformat()
            morning = _morning(item.published_on)
            assert row["dataUpdatedAt"] == row["reviewedAt"] == row["createdAt"] == row["submittedAt"] == morning
            assert row["updatedAt"] >= morning


async def test_items_whose_source_came_later_were_updated_to_link_it(demo_store: GraphStore):
    """市公安局 goes before 市卫健委 (each names the other as a source): its items that name a 卫健委
    item were updated once that item was published, with the reason; every other item is at version 1."""
    late = {item_id("140500-GAJ", "出生登记信息"), item_id("140500-GAJ", "死亡注销户口信息")}
    items = demo.demo_items()
    stored = await _stored(demo_store, [item_id(i.provider_code, i.name) for i in items])
    for identifier, row in stored.items():
        if identifier in late:
            assert row["version"] == 2 and row["changeReason"] == submissions.LINK_REASON
        else:
            assert row["version"] == 1, row["name"]
    versions = await demo_store.read("lifecycle/versions", id=item_id("140500-GAJ", "出生登记信息"))
    assert [v["version"]["version"] for v in versions] == [1]
    [elements] = await demo_store.read("catalog/elements_by_items", ids=[item_id("140500-GAJ", "出生登记信息")])
    source = next(e for e in elements["elements"] if e["name"] == "出生医学证明编号")
    assert source["sourceItemId"] == item_id("140500-WJW", "出生医学证明信息")
