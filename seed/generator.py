"""A catalog of any size, for benchmarks: ``generate_items(100_000)`` → ~1,000,000 data elements.

The stream starts with the demo catalog itself (so 一数一源 links point at authoritative items
that are in the same stream), then derives further items from the demo items as templates,
the way real catalogs grow: the same resource split by county or township (泽州县…,
巴公镇…), by period (（2025年度）, （2025年第二季度）, （2026年3月）), or by sub-topic (变更,
注销, 历史, 统计, 核验服务, 脱敏). Every item is a validated ``CatalogItem``; names are unique
per provider; the same ``(count, seed)`` always gives the same stream.

Speed: data elements are built once per template and shared between the items derived from
it (pydantic does not re-validate model instances), so only the item itself is validated per
yield. Treat yielded items as read-only; ``model_copy(deep=True)`` one before changing it.

The demo items are read from the departments' files (seed/demo/); the few data items the
generator adds take their dictionary entry from the demo where a department describes one, and
otherwise from the name (seed/dictionary.py).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from seed import demo
from seed.dictionary import inferred_element
from server.domain.models import CatalogItem, DataElement
from server.domain.values import (
    DataFormat,
    DataGrade,
    OpenMode,
    OpenType,
    ResourceCategory,
    Sensitivity,
    ShareMode,
    ShareType,
    UpdateCycle,
)

_COUNTIES = ("140502", "140521", "140522", "140524", "140525", "140581", "140571")
# Townships and sub-districts (乡镇、街道) per county-level region, for realistic names.
TOWNSHIPS: dict[str, tuple[str, ...]] = {
    "140502": ("东街街道", "西街街道", "南街街道", "北街街道", "矿区街道", "钟家庄街道",
               "西上庄街道", "北石店镇"),
    "140521": ("龙港镇", "中村镇", "郑庄镇", "端氏镇", "嘉峰镇", "郑村镇", "柿庄镇", "樊村河乡",
               "土沃乡", "张村乡", "苏庄乡", "胡底乡", "固县乡", "十里乡"),
    "140522": ("凤城镇", "北留镇", "润城镇", "町店镇", "芹池镇", "次营镇", "横河镇", "河北镇",
               "蟒河镇", "东冶镇", "白桑乡", "寺头乡", "西河乡", "演礼乡", "固隆乡", "董封乡",
               "驾岭乡"),
    "140524": ("崇文镇", "礼义镇", "附城镇", "西河底镇", "平城镇", "杨村镇", "潞城镇",
               "秦家庄乡", "马圪当乡", "古郊乡", "六泉乡", "夺火乡"),
    "140525": ("南村镇", "下村镇", "大东沟镇", "周村镇", "犁川镇", "晋庙铺镇", "金村镇",
               "高都镇", "巴公镇", "大阳镇", "山河镇", "李寨乡", "柳树口镇", "北义城镇",
               "川底镇", "南岭乡"),
    "140581": ("米山镇", "三甲镇", "神农镇", "陈区镇", "北诗镇", "河西镇", "马村镇", "野川镇",
               "寺庄镇", "建宁乡", "石末乡", "原村乡", "永录乡"),
    "140571": ("金村工业园区", "北石店产业园"),
}
# Generated items are published between these days, like the demo's.
PUBLISHED_FROM = date(2024, 3, 1)
PUBLISHED_TO = date(2026, 10, 31)
VERIFY_CONDITION = "仅提供核验比对服务：使用部门提交待核验数据，平台返回“一致/不一致”，不返回明细数据。"
_KEY_ELEMENTS = ("公民身份号码", "统一社会信用代码", "号牌号码", "不动产单元号", "纳税人识别号")
_LOCAL_ELEMENTS = ("所属乡镇街道", "所在乡镇", "所在村", "所属村社区", "经度", "地址", "住所", "坐落")
_REGISTRY_WORDS = ("登记", "许可", "备案", "资质", "注册")
_ARCHIVE_NOTES = (
    "{period}数据已归档，仅在数据更正时更新",
    "历史{period}数据，按年度集中核对一次",
    "{period}数据定稿后不再变动，发现错误按第三十二条更正",
)
_STAT_ELEMENTS = ("统计期", "行政区划代码", "行政区划名称", "统计口径", "记录总数", "本期新增数",
                  "本期减少数", "同比增长率", "数据截止日期")
_VERIFY_TAIL = ("核验结果", "核验时间", "核验流水号", "调用部门", "核验场景")
_CHANGE_ELEMENTS = ("变更事项", "变更前内容", "变更后内容", "变更日期")
_CANCEL_ELEMENTS = ("注销日期", "注销原因")
_HISTORY_ELEMENTS = ("归档日期", "数据截止日期")
_MASKED_CONDITION = (
    "依据第二十三条，敏感数据项按脱敏规则处理后在共享范围内提供；原始数据仍按原共享属性管理。"
)
_DEFAULT_SCOPE = ("140500-MZJ", "140500-RSJ", "140500-YBJ", "140500-XZSPJ", "140500-DSJ")
_TOPICS = ("", "", "", "", "变更", "注销", "历史", "统计", "统计", "核验", "脱敏")


@lru_cache(maxsize=1)
def _demo_dictionary() -> dict[str, dict]:
    """Element name → its dictionary entry as the demo departments' files describe it (first one)."""
    out: dict[str, dict] = {}
    for item in demo.demo_items():
        for element in item.elements:
            out.setdefault(element.name, element.model_dump(include={
                "name", "code", "type", "length", "description", "sensitivity", "masking_rule"}))
    return out


def _element(name: str, **override) -> DataElement:
    entry = _demo_dictionary().get(name) or inferred_element(name)
    return DataElement(**{**entry, **override})


@dataclass(frozen=True)
class _Template:
    provider: str
    region: str
    item: CatalogItem
    fields: dict
    names: frozenset[str]
    codes: frozenset[str]
    key_elements: tuple[DataElement, ...]
    sensitive: bool
    registry: bool
    local: bool  # has township-level detail, so splitting it by 乡镇 makes sense


def _template(item: CatalogItem) -> _Template:
    fields = {
        name: getattr(item, name)
        for name in CatalogItem.model_fields
        if name not in ("name", "summary", "elements", "published_on")
    }
    return _Template(
        provider=item.provider_code,
        region=item.provider_code.split("-", 1)[0],
        item=item,
        fields=fields,
        names=frozenset(e.name for e in item.elements),
        codes=frozenset(e.code.upper() for e in item.elements),
        key_elements=tuple(e for e in item.elements if e.name in _KEY_ELEMENTS),
        sensitive=any(e.sensitivity is Sensitivity.SENSITIVE for e in item.elements),
        registry=any(word in item.name for word in _REGISTRY_WORDS),
        local=bool(
            any(e.name in _KEY_ELEMENTS or e.name in _LOCAL_ELEMENTS for e in item.elements)
        ),
    )


class _Parts:
    """Data elements built once and shared by every generated item."""

    def __init__(self) -> None:
        names = {"所属区县", "所属乡镇街道", "统计年度", "统计季度", "数据年月", *_STAT_ELEMENTS,
                 *_VERIFY_TAIL, *_CHANGE_ELEMENTS, *_CANCEL_ELEMENTS, *_HISTORY_ELEMENTS}
        overrides = {
            "统计季度": {"type": "STRING", "length": 6, "description": "格式YYYYQn，如2025Q2"},
            "统计口径": {"type": "STRING", "length": 200, "description": "统计范围和计数规则"},
            "调用部门": {"description": "发起核验的使用部门编码"},
            "核验场景": {"description": "申请授权时登记的使用场景"},
            "归档日期": {"description": "格式YYYY-MM-DD"},
        }
        self.by_name = {name: _element(name, **overrides.get(name, {})) for name in sorted(names)}
        self.unsourced: dict[int, DataElement] = {}

    def __getitem__(self, name: str) -> DataElement:
        return self.by_name[name]

    def without_source(self, element: DataElement) -> DataElement:
        """The same element with its 一数一源 link removed (its source is not in the stream)."""
        key = id(element)
        if key not in self.unsourced:
            self.unsourced[key] = element.model_copy(update={"source_item_code": None})
        return self.unsourced[key]


def _extend(template: _Template, names: tuple[str, ...], parts: _Parts) -> list[DataElement]:
    """Template elements plus those of `names` whose name and code are not already there."""
    out = list(template.item.elements)
    seen_names, seen_codes = set(template.names), set(template.codes)
    for name in names:
        element = parts[name]
        if name in seen_names or element.code.upper() in seen_codes:
            continue
        out.append(element)
        seen_names.add(name)
        seen_codes.add(element.code.upper())
    return out


def _stem(name: str) -> str:
    return name[:-2] if name.endswith("信息") else name


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.parts = _Parts()
        self.templates = [_template(item) for item in demo.demo_items()]
        # Services (核验服务) are not split further; everything else can be.
        self.pool = [t for t in self.templates if not t.item.name.endswith("服务")]
        self.span = (PUBLISHED_TO - PUBLISHED_FROM).days + 1
        # Scopes per provider region, in tiers: (whole area), county level, township level.
        self.counties: dict[str, list[tuple[str, str]]] = {}
        self.towns: dict[str, list[tuple[str, str]]] = {}
        city_towns: list[tuple[str, str]] = []
        region_names = demo.region_names()
        for county in _COUNTIES:
            county_name = region_names[county]
            self.towns[county] = [(town, "所属乡镇街道") for town in TOWNSHIPS[county]]
            city_towns += [(f"{county_name}{town}", "所属乡镇街道") for town in TOWNSHIPS[county]]
        self.counties[demo.CITY] = [(region_names[c], "所属区县") for c in _COUNTIES]
        self.towns[demo.CITY] = city_towns
        # Periods in tiers: years, quarters, months — (suffix, element, period).
        self.years = [(f"（{y}年度）", "统计年度", f"{y}年度") for y in range(2016, 2027)]
        self.quarters = [
            (f"（{y}年第{label}季度）", "统计季度", f"{y}年第{label}季度")
            for y in range(2022, 2027)
            for q, label in enumerate(("一", "二", "三", "四"), start=1)
            if (y, q) <= (2026, 3)
        ]
        self.months = [
            (f"（{y}年{m}月）", "数据年月", f"{y}年{m}月")
            for y, m in [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 11)]
        ]
        self.names: dict[str, set[str]] = {}

    def published(self) -> object:
        return PUBLISHED_FROM + timedelta(days=self.rng.randrange(self.span))

    def variant(self) -> CatalogItem:
        rng = self.rng
        template = rng.choice(self.pool)
        taken = self.names.setdefault(template.provider, set())
        for _ in range(40):
            topic = rng.choice(_TOPICS)
            if topic in ("变更", "注销") and not template.registry:
                topic = ""
            if topic == "历史" and not template.item.name.endswith("信息"):
                topic = ""
            if topic == "核验" and not (template.key_elements and template.item.name.endswith("信息")):
                topic = "统计"
            if topic == "脱敏" and (not template.sensitive or template.item.share_type is ShareType.UNCONDITIONAL):
                topic = ""
            scope, scope_element = self.scope(template.region, template.local)
            suffix, period_element, period = self.period()
            if topic == "核验":
                scope, scope_element, suffix, period_element, period = "", "", "", "", ""
            if not (topic or scope or suffix):
                continue
            name = self.name(template, topic, scope, suffix)
            if name not in taken:
                taken.add(name)
                return self.build(template, name, topic, scope, scope_element, period_element, period)
        # Dense corner of the space: number the batch, as clerks do for repeated uploads.
        batch = 2
        base = self.name(template, "", "", "")
        while f"{base}（第{batch}批）" in taken:
            batch += 1
        name = f"{base}（第{batch}批）"
        taken.add(name)
        return self.build(template, name, "", "", "", "", "")

    def scope(self, region: str, local: bool) -> tuple[str, str]:
        roll = self.rng.random()
        counties = self.counties.get(region)
        if roll < 0.35 or (not counties and (roll < 0.65 or not local)):
            return "", ""
        if roll < 0.65 or not local:
            return self.rng.choice(counties)
        return self.rng.choice(self.towns[region])

    def period(self) -> tuple[str, str, str]:
        roll = self.rng.random()
        if roll < 0.4:
            return "", "", ""
        tier = self.years if roll < 0.65 else self.quarters if roll < 0.82 else self.months
        return self.rng.choice(tier)

    @staticmethod
    def name(template: _Template, topic: str, scope: str, suffix: str) -> str:
        base = template.item.name
        if topic in ("变更", "注销", "历史", "统计"):
            base = f"{_stem(base)}{topic}信息"
        elif topic == "核验":
            base = f"{base}核验服务"
        elif topic == "脱敏":
            base = f"{base}（脱敏）"
        return f"{scope}{base}{suffix}"

    def build(self, template: _Template, name: str, topic: str, scope: str, scope_element: str,
              period_element: str, period: str) -> CatalogItem:
        rng, parts = self.rng, self.parts
        fields = dict(template.fields)
        extra = tuple(e for e in (scope_element, period_element) if e)
        summary = template.item.summary
        if topic == "统计":
            elements = [parts[n] for n in _STAT_ELEMENTS]
            fields.update(
                share_type=ShareType.UNCONDITIONAL, share_condition="", share_scope=[], legal_basis="",
                share_modes=[ShareMode.FILE], format=DataFormat.SPREADSHEET,
                format_detail=rng.choice(("xlsx", "csv")), grade=DataGrade.GENERAL,
                open_type=OpenType.UNCONDITIONAL, open_mode=OpenMode.DOWNLOAD,
                update_cycle=rng.choice((UpdateCycle.MONTHLY, UpdateCycle.QUARTERLY)), update_cycle_note="",
                category=ResourceCategory.DEPARTMENTAL, database_code=None,
            )
            summary = f"按期汇总的{_stem(template.item.name)}统计数据，不含个人和单位明细。"
        elif topic == "核验":
            elements = [e.model_copy(update={"verify_only": True}) if not e.verify_only else e
                        for e in template.key_elements]
            elements += [parts[n] for n in _VERIFY_TAIL]
            fields.update(
                share_type=ShareType.CONDITIONAL, share_condition=VERIFY_CONDITION,
                share_scope=list(template.fields["share_scope"]) or list(_DEFAULT_SCOPE), legal_basis="",
                share_modes=[ShareMode.API], format=DataFormat.SERVICE_API, format_detail="rest",
                open_type=OpenType.NOT_OPEN, open_mode=OpenMode.NONE,
                update_cycle=UpdateCycle.REALTIME, update_cycle_note="",
            )
            summary = f"基于{template.item.name}的比对核验接口，只返回一致或不一致。"
        else:
            tail = {"变更": _CHANGE_ELEMENTS, "注销": _CANCEL_ELEMENTS, "历史": _HISTORY_ELEMENTS}.get(topic, ())
            elements = _extend(template, extra + tail, parts)
            if topic == "脱敏":
                fields.update(
                    share_type=ShareType.CONDITIONAL, share_condition=_MASKED_CONDITION, legal_basis="",
                    share_scope=list(template.fields["share_scope"]) or list(_DEFAULT_SCOPE),
                )
                summary = f"{summary}敏感数据项已按规则脱敏。"
        if period and topic != "核验":
            cycle = (UpdateCycle.YEARLY if "年度" in period else
                     UpdateCycle.QUARTERLY if "季度" in period else UpdateCycle.MONTHLY)
            if rng.random() < 0.6:
                fields.update(update_cycle=UpdateCycle.OTHER,
                              update_cycle_note=rng.choice(_ARCHIVE_NOTES).format(period=period))
            else:
                fields.update(update_cycle=cycle, update_cycle_note="")
            if fields["update_cycle"] is not UpdateCycle.REALTIME and topic != "统计":
                summary = f"{summary}本资源为{period}数据。"
        if scope and topic != "核验":
            summary = f"{summary}范围：{scope}。"
        if fields["share_scope"] and template.provider in fields["share_scope"]:
            fields["share_scope"] = [code for code in fields["share_scope"] if code != template.provider]
        return CatalogItem(name=name, summary=summary, published_on=self.published(), elements=elements, **fields)


def generate_items(count: int, seed: int = 0) -> Iterator[CatalogItem]:
    """Yields `count` valid catalog items: the demo catalog first, then derived items.

    Deterministic for a given ``(count, seed)``; beyond the demo head, a longer stream extends a
    shorter one with the same seed. Item names are unique per provider. Every element's ``source_item_code`` names an
    item in the same stream (links whose source falls beyond a short stream are dropped).
    """
    if count <= 0:
        return
    generator = _Generator(seed)
    head = [t.item for t in generator.templates[:count]]
    emitted = {demo.item_key(item.provider_code, item.name) for item in head}
    for item in head:
        generator.names.setdefault(item.provider_code, set()).add(item.name)
        if any(e.source_item_code and e.source_item_code not in emitted for e in item.elements):
            item = item.model_copy(update={"elements": [
                generator.parts.without_source(e) if e.source_item_code and e.source_item_code not in emitted else e
                for e in item.elements
            ]})
        yield item
    for _ in range(count - len(head)):
        yield generator.variant()
