"""The catalog's nouns, validated (第九条, 第十条, 第十一条, 第十四条, 第二十三条).

Pydantic models with camelCase aliases: the alias is the property name in the graph and the
field name in GraphQL and import files, so one name follows a value everywhere. Every
rule that can reject a value says which field and why, in Chinese with English beside it,
because a clerk fixes the form and a developer reads the log.

第十一条 asks for complete and accurate entries, so an item's validation reports every
problem at once — each field's own and every rule between fields — rather than one per save
(`CatalogItem._every_problem`); `field_errors` turns pydantic's errors into problems that
name the GraphQL field (``shareModes``, ``elements[2].code``) in Chinese with English.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from server.domain.errors import FieldProblem, Invalid
from server.domain.values import (
    DatabaseKind,
    DataFormat,
    DataGrade,
    DepartmentKind,
    ElementType,
    LabelledEnum,
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

REGION_CODE = re.compile(r"^\d{6}$")
DEPARTMENT_CODE = re.compile(r"^\d{6}-[A-Z0-9]{2,12}$")
ELEMENT_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
PLACEHOLDER_NAMES = {"无", "空", "待定", "测试", "test", "xxx", "未命名", "暂无", "-", "/"}


def _not_placeholder(value: str) -> str:
    """第十一条: names must be understandable — no empty or placeholder names."""
    if value.strip().lower() in PLACEHOLDER_NAMES:
        raise ValueError("名称不能是占位词 (placeholder name not allowed)")
    return value


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_not_placeholder),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
RegionCode = Annotated[str, StringConstraints(pattern=REGION_CODE.pattern)]
DepartmentCode = Annotated[str, StringConstraints(pattern=DEPARTMENT_CODE.pattern)]
Key = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
        use_enum_values=False,
    )

    def to_graph(self) -> dict:
        """Properties as stored on the node: camelCase, enums as their names."""
        return self.model_dump(by_alias=True, mode="json")


class Region(Model):
    """行政区划: the city, its counties/districts and the development zone."""

    code: RegionCode
    name: Name
    level: RegionLevel
    parent_code: RegionCode | None = None


class DataOfficer(Model):
    """第六条: the person a department files with the authority as responsible for its data."""

    name: Name
    phone: Annotated[str, StringConstraints(pattern=r"^[0-9\-+ ]{7,20}$")]
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+$")] | None = None


class Department(Model):
    """政务部门 (第二条) with its responsible unit and data officer (第六条)."""

    code: DepartmentCode
    name: Name
    short_name: Name | None = None
    region_code: RegionCode
    kind: DepartmentKind
    parent_code: DepartmentCode | None = None
    responsible_unit: Name
    data_officer: DataOfficer
    is_authority: bool = False

    @model_validator(mode="after")
    def _code_in_region(self) -> "Department":
        if not self.code.startswith(self.region_code):
            raise ValueError(
                f"code: 部门编码须以所属行政区划代码 {self.region_code} 开头 "
                "(department code must start with its region code)"
            )
        return self


class Theme(Model):
    """政务主题: a node of the theme tree."""

    code: Key
    name: Name
    parent_code: Key | None = None


class Database(Model):
    """第十四条: a 基础库 or 主题库, catalogued by its lead department."""

    code: Key
    name: Name
    kind: DatabaseKind
    lead_department_code: DepartmentCode
    contributor_codes: list[DepartmentCode] = Field(default_factory=list)
    description: Text = ""


class DataElement(Model):
    """数据项 with its data dictionary entry (第十条)."""

    name: Name = Field(description="数据项名称 (element name)")
    code: Annotated[str, StringConstraints(pattern=ELEMENT_CODE.pattern)] = Field(description="数据项编码/字段名 (element code)", title="数据项编码")
    type: ElementType = Field(description="数据类型 (data type)")
    length: Annotated[int, Field(ge=0, le=100000)] | None = Field(None, description="长度 (length)")
    description: Text = Field("", description="说明 (description)")
    sensitivity: Sensitivity = Field(Sensitivity.NON_SENSITIVE, description="敏感属性 (sensitivity)")
    masking_rule: MaskingRule = Field(MaskingRule.NONE, description="脱敏规则 (masking rule)")
    verify_only: bool = Field(False, description="仅供比对核验，第二十二条 (verification only)")
    withheld: bool = Field(False, description="不予提供，有条件共享的部分内容，第二十二条 (withheld from every consumer)")
    source_item_code: str | None = Field(None, description="一数一源：权威来源目录 <部门编码>/<目录名称>，第十五条 (authoritative source item)", title="权威来源")


class CatalogItem(Model):
    """政务数据资源目录条目 with exactly the fields of 第九条."""

    name: Name = Field(description="数据资源名称 (name)")
    summary: Text = Field(description="摘要 (summary)")
    provider_code: DepartmentCode = Field(description="提供部门编码 (provider department code)")
    storage_level: StorageLevel = Field(description="存储层级 (storage level)")
    category: ResourceCategory = Field(description="分类 (category)")
    grade: DataGrade = Field(description="分级，GB/T 43697-2024 (grade)")
    format: DataFormat = Field(description="数据格式 (data format)")
    format_detail: Annotated[str, StringConstraints(max_length=40)] = Field("", description="具体格式，如 xlsx、mysql (concrete format)")
    share_type: ShareType = Field(description="共享属性，第二十二条 (share type)")
    share_condition: Text = Field("", description="共享条件，有条件共享时填写，第二十三条 (share condition)")
    share_scope: list[DepartmentCode] = Field(default_factory=list, description="共享范围：可申请的部门编码 (departments a conditional item is shared with)")
    share_scope_all: bool = Field(False, description="共享范围为全部政务部门（脱敏、部分内容或仅比对的有条件共享，第二十二条）(a conditional item shared with every department)", title="共享范围为全部部门")
    legal_basis: Text = Field("", description="不予共享依据，第二十三条 (legal basis when not shared)")
    share_modes: list[ShareMode] = Field(min_length=1, description="共享方式，第十七条 (share modes)")
    open_type: OpenType = Field(description="开放属性，第二十四条 (open type)")
    open_mode: OpenMode = Field(description="开放方式 (open mode)")
    update_cycle: UpdateCycle = Field(description="更新周期，第十八条 (update cycle)")
    update_cycle_note: Text = Field("", description="更新周期说明，“其他”时必填 (note for OTHER)")
    published_on: date | None = Field(None, description="发布日期 (publication date)")
    theme_codes: list[Key] = Field(default_factory=list, description="所属主题编码 (theme codes)")
    database_code: Key | None = Field(None, description="所属基础库/主题库编码，第十四条 (database code)")
    elements: list[DataElement] = Field(min_length=1, description="数据项及数据字典，第十条 (data elements)", title="数据项")

    @model_validator(mode="wrap")
    @classmethod
    def _every_problem(cls, data: Any, handler: ModelWrapValidatorHandler["CatalogItem"]) -> "CatalogItem":
        """第十一条: the fields' own problems and the rules between fields, reported together.

        A plain after-validator runs only once every field is valid, and raises on the first rule
        broken: a clerk saw one problem per save. Here a bad field does not hide the rules — they
        are judged on the fields that are valid on their own — and every broken rule is listed."""
        try:
            item = handler(data)
        except ValidationError as exc:
            errors = exc.errors()
            breaks = rule_breaks(_readable_facts(data, errors)) if isinstance(data, Mapping) else []
            if not breaks:
                raise
            raise _with_breaks(cls.__name__, errors, breaks, data) from None
        breaks = rule_breaks(item_facts(item))
        if breaks:
            raise _with_breaks(cls.__name__, [], breaks, data)
        return item


# ---- the rules between fields (第十一条, 第十七条, 第二十二条 to 第二十四条) ------------------------------


@dataclass(frozen=True, slots=True)
class RuleBreak:
    """A rule between fields that an item breaks: where (the GraphQL path, as pydantic's `loc`) and why."""

    loc: tuple[str | int, ...]
    message: str


# The fields the rules read (by Python name); an item's and an element's.
_RULE_FIELDS = ("share_type", "share_condition", "share_scope", "share_scope_all", "legal_basis", "share_modes", "open_type",
                "open_mode", "update_cycle", "update_cycle_note")
_ELEMENT_RULE_FIELDS = ("name", "code", "verify_only", "withheld")


def rule_breaks(facts: Mapping[str, Any]) -> list[RuleBreak]:
    """Every rule between fields that `facts` break, in the order of the form.

    `facts` holds the item's fields by Python name — each only when it is valid on its own — and
    under "elements" one such mapping per element (or nothing). A rule that needs a field that is
    absent is not judged: that field's own problem is reported instead, and the rule is judged on
    the next save. Linear in the elements (第十一条's duplicates are found with sets)."""
    out: list[RuleBreak] = []
    known = facts.__contains__
    share_type, open_type, open_mode = facts.get("share_type"), facts.get("open_type"), facts.get("open_mode")
    cycle = facts.get("update_cycle")
    # 第二十三条: conditional sharing states its condition and its scope — named departments, or (第二十二条:
    # masked, partial or compare-only data) every department, said explicitly; other classes have no scope.
    if share_type is ShareType.CONDITIONAL and known("share_condition") and not facts["share_condition"]:
        out.append(RuleBreak(("shareCondition",), "有条件共享须填写共享条件（第二十三条） (CONDITIONAL needs a condition)"))
    scope, scope_all = facts.get("share_scope"), facts.get("share_scope_all")
    if share_type is ShareType.CONDITIONAL and known("share_scope") and known("share_scope_all") \
            and not (scope or scope_all):
        out.append(RuleBreak(("shareScope",), "有条件共享须写明共享范围：列出部门，或选择“全部政务部门”（第二十二条、第二十三条） "
                                              "(CONDITIONAL needs a scope: name the departments, or set shareScopeAll)"))
    if scope and scope_all:
        out.append(RuleBreak(("shareScopeAll",), "共享范围已选“全部政务部门”，不能再列出部门（第二十三条） "
                                                 "(shareScopeAll and named departments exclude each other)"))
    if share_type is not None and share_type is not ShareType.CONDITIONAL and (scope or scope_all):
        out.append(RuleBreak(("shareScope",), "只有有条件共享的目录才有共享范围（第二十二条） "
                                              "(only a CONDITIONAL item has a sharing scope)"))
    if share_type is ShareType.NOT_SHARED and known("legal_basis") and not facts["legal_basis"]:
        out.append(RuleBreak(("legalBasis",), "不予共享须提供法律、法规、规章或政策依据（第二十三条） "
                                              "(NOT_SHARED needs a legal basis)"))
    # 第二十四条 with 第二十二条: what is opened to society cannot be wider than what is shared.
    if share_type is ShareType.NOT_SHARED and open_type is not None and open_type is not OpenType.NOT_OPEN:
        out.append(RuleBreak(("openType",), "不予共享的数据只能不予开放（第二十四条） (NOT_SHARED data cannot be opened)"))
    if share_type is ShareType.CONDITIONAL and open_type is OpenType.UNCONDITIONAL:
        out.append(RuleBreak(("openType",), "有条件共享的数据不能无条件开放（第二十二条、第二十四条） "
                                            "(CONDITIONAL data cannot be opened UNCONDITIONALLY)"))
    if open_type is not None and open_type is not OpenType.NOT_OPEN and open_mode is OpenMode.NONE:
        out.append(RuleBreak(("openMode",), "开放的数据须选择开放方式（第二十四条） (an open item needs an open mode)"))
    if open_type is OpenType.NOT_OPEN and open_mode is not None and open_mode is not OpenMode.NONE:
        out.append(RuleBreak(("openMode",), "不予开放时开放方式应为“不开放”（第二十四条） (NOT_OPEN requires openMode NONE)"))
    # 第十七条: data that changes in real time is shared by API.
    if cycle is UpdateCycle.REALTIME and known("share_modes") and ShareMode.API not in facts["share_modes"]:
        out.append(RuleBreak(("shareModes",), "实时更新的数据应采用服务接口（API）共享（第十七条） "
                                              "(REALTIME data must be shared by API)"))
    if cycle is UpdateCycle.OTHER and known("update_cycle_note") and not facts["update_cycle_note"]:
        out.append(RuleBreak(("updateCycleNote",), "更新周期为“其他”时须说明（第十一条） (OTHER update cycle needs a note)"))
    out += _element_breaks(share_type, facts.get("elements") or [])
    return out


def _element_breaks(share_type: ShareType | None, elements: Sequence[Mapping[str, Any]]) -> list[RuleBreak]:
    """第二十二条 (only a conditional item withholds part of its content) and 第十一条 (no element
    name or code twice in an item), for every element."""
    out: list[RuleBreak] = []
    seen_names: set[str] = set()
    seen_codes: set[str] = set()
    for index, element in enumerate(elements):
        withheld = element.get("withheld") is True
        if withheld and share_type is not None and share_type is not ShareType.CONDITIONAL:
            out.append(RuleBreak(("elements", index, "withheld"), "仅有条件共享的目录可部分数据项不予提供（第二十二条） "
                                                                 "(only CONDITIONAL items withhold elements)"))
        if withheld and element.get("verify_only") is True:
            out.append(RuleBreak(("elements", index, "verifyOnly"), "不予提供的数据项不能同时仅供比对（第二十二条） "
                                                                   "(withheld and verifyOnly exclude each other)"))
        name, code = element.get("name"), element.get("code")
        if name is not None:
            if name in seen_names:
                out.append(RuleBreak(("elements", index, "name"), f"数据项名称重复：{name}（第十一条） (duplicate element name)"))
            seen_names.add(name)
        if code is not None:
            if code.upper() in seen_codes:
                out.append(RuleBreak(("elements", index, "code"), f"数据项编码重复：{code}（第十一条） (duplicate element code)"))
            seen_codes.add(code.upper())
    return out


def item_facts(item: CatalogItem) -> dict[str, Any]:
    """What the rules read of a valid item."""
    facts: dict[str, Any] = {name: getattr(item, name) for name in _RULE_FIELDS}
    facts["elements"] = [{name: getattr(element, name) for name in _ELEMENT_RULE_FIELDS} for element in item.elements]
    return facts


def check_item_rules(item: CatalogItem) -> None:
    """Raises ValueError naming every broken rule of a valid item (each as `field: message`)."""
    breaks = rule_breaks(item_facts(item))
    if breaks:
        raise ValueError("；".join(f"{_shown(b.loc)}: {b.message}" for b in breaks))


def _readable_facts(data: Mapping[str, Any], errors: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The facts the rules read, of raw input in which some fields failed: only the fields that
    passed (`errors` are pydantic's), each read as the model reads it."""
    failed = {error["loc"][0] for error in errors if error.get("loc")}
    element_failed: dict[int, set[Any]] = {}
    for error in errors:
        loc = error.get("loc") or ()
        if len(loc) > 2 and loc[0] == "elements" and isinstance(loc[1], int):
            element_failed.setdefault(loc[1], set()).add(loc[2])
    facts = _readable(CatalogItem, data, failed, _RULE_FIELDS)
    raw = _raw_value(CatalogItem, data, "elements")
    if isinstance(raw, (list, tuple)):
        facts["elements"] = [_element_facts(element, element_failed.get(index, set()))
                             for index, element in enumerate(raw)]
    return facts


def _element_facts(element: Any, failed: set[Any]) -> dict[str, Any]:
    if isinstance(element, DataElement):
        return {name: getattr(element, name) for name in _ELEMENT_RULE_FIELDS}
    if isinstance(element, Mapping):
        return _readable(DataElement, element, failed, _ELEMENT_RULE_FIELDS)
    return {}


def _raw_value(model: type[BaseModel], data: Mapping[str, Any], name: str) -> Any:
    """A field's raw value, given by its alias or its Python name."""
    alias = model.model_fields[name].alias or name
    return data[alias] if alias in data else data.get(name)


def _readable(model: type[BaseModel], data: Mapping[str, Any], failed: set[Any], names: Sequence[str]) -> dict[str, Any]:
    """Of `names`, the fields that did not fail (`failed`: aliases or names), read as the model
    reads them; an absent optional field is its default, an absent required one is left out."""
    out: dict[str, Any] = {}
    for name in names:
        info = model.model_fields[name]
        alias = info.alias or name
        if alias in failed or name in failed:
            continue
        if alias in data or name in data:
            try:
                out[name] = _adapter(model, name).validate_python(data[alias] if alias in data else data[name])
            except ValidationError:
                continue
        elif not info.is_required():
            out[name] = info.get_default(call_default_factory=True)
    return out


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    """A field's own validation, outside its model (the model strips whitespace, so this does too)."""
    info = model.model_fields[name]
    kind = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(kind, config=ConfigDict(str_strip_whitespace=True))


def _with_breaks(title: str, errors: Sequence[Mapping[str, Any]], breaks: Sequence[RuleBreak], data: Any) -> ValidationError:
    """One ValidationError with the fields' own errors and the broken rules (type `article_rule`)."""
    rules = [{"type": PydanticCustomError("article_rule", "{message}", {"message": b.message}), "loc": b.loc,
              "input": data} for b in breaks]
    return ValidationError.from_exception_data(title, [*errors, *rules])  # type: ignore[list-item]


# ---- an item's content checked whole, for the services ---------------------------------------------


_REFERENCE_FIELDS = ("provider_code", "share_scope", "theme_codes", "database_code")


@dataclass(frozen=True)
class ItemCheck:
    """An item's content validated whole (第十一条): the item when it is valid, else every problem;
    and, either way, the codes it names that are valid on their own (provider, share scope,
    themes, database), so a service checks them against the graph in the same answer."""

    item: CatalogItem | None
    problems: list[FieldProblem]
    named: dict[str, Any]  # provider_code, share_scope, theme_codes, database_code: when valid

    def value(self, name: str) -> Any:
        return self.named.get(name)


def check_item(content: CatalogItem | Mapping[str, Any]) -> ItemCheck:
    """A valid item as it is; raw content (GraphQL's input, a stored snapshot) validated with
    every problem named by its GraphQL field."""
    if isinstance(content, CatalogItem):
        return ItemCheck(content, [], {name: getattr(content, name) for name in _REFERENCE_FIELDS})
    try:
        item = CatalogItem.model_validate(content)
    except ValidationError as exc:
        failed = {error["loc"][0] for error in exc.errors() if error.get("loc")}
        return ItemCheck(None, field_errors(exc, CatalogItem), _readable(CatalogItem, content, failed, _REFERENCE_FIELDS))
    return ItemCheck(item, [], {name: getattr(item, name) for name in _REFERENCE_FIELDS})


# ---- problems for the clerk: the GraphQL field and a Chinese message ------------------------------


def field_errors(exc: ValidationError, model: type[BaseModel] | None = None) -> list[FieldProblem]:
    """Every problem pydantic found, each naming the GraphQL field (camelCase, nested as
    ``elements[2].code``, the form the edge's input checks use) with a message in Chinese and
    English. `model` is the validated model (by default the one the error is titled with): it
    names each field in Chinese (its title, or its description up to the first comma)."""
    model = model or _MODELS.get(exc.title)
    out: list[FieldProblem] = []
    for error in exc.errors():
        path, info = _walk(model, error.get("loc") or ())
        message = describe(error, info)
        if error.get("type") not in _OWN_WORDS:
            message = _label(info) + message
        elif not path and ": " in message:  # a model-level rule that names its field first
            path, message = message.split(": ", 1)
        out.append(FieldProblem(path or "input", message))
    return out


def invalid_item(problems: Sequence[FieldProblem]) -> Invalid:
    """第十一条: the problems of one catalog item, all of them, with a message that says how many."""
    if len(problems) == 1:
        return Invalid(list(problems))
    return Invalid(list(problems), (
        f"目录有 {len(problems)} 处问题，请逐项修改（第十一条）：{problems[0].message} 等 "
        f"({len(problems)} problems, each named in extensions.problems)"
    ))


_OWN_WORDS = {"value_error", "assertion_error", "article_rule"}  # a validator's or a rule's own message

_PATTERN_HINTS = {
    DEPARTMENT_CODE.pattern: "应为“6位行政区划代码-大写字母或数字”，如 140500-GAJ (a department code like 140500-GAJ)",
    REGION_CODE.pattern: "应为 6 位行政区划代码，如 140500 (a 6-digit region code)",
    ELEMENT_CODE.pattern: "须以字母开头，只含字母、数字和下划线，最长 64 位 "
                          "(must start with a letter; letters, digits and underscores; at most 64)",
}


def describe(error: Mapping[str, Any], info: FieldInfo | None = None) -> str:
    """One pydantic error in Chinese with English in brackets, without the field's name (a form
    or a spreadsheet column shows it). Validators and rules already speak Chinese: kept as they are."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in _OWN_WORDS:
        return str(error.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "missing":
        return "必填 (required)"
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return "不能为空 (must not be empty)" if least <= 1 else f"至少 {least} 个字符 (at least {least} characters)"
    if kind == "string_too_long":
        return f"最多 {ctx.get('max_length')} 个字符 (at most {ctx.get('max_length')} characters)"
    if kind == "string_pattern_mismatch":
        return _PATTERN_HINTS.get(str(ctx.get("pattern")), "格式不正确 (not in the required format)")
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f"至少填写 {least} 项 (at least {least} {'value' if least == 1 else 'values'} required)"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 项 (at most {ctx.get('max_length')} values)"
    if kind == "enum":
        enum = _enum_of(info)
        if enum is not None:
            return (f"不是可选值，可选：{'、'.join(m.label for m in enum)} "
                    f"(must be one of {', '.join(m.value for m in enum)})")
        return f"不是可选值 (must be one of {ctx.get('expected')})"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "应为整数 (must be an integer)"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": ("不能小于", "≥", "ge"), "greater_than": ("应大于", ">", "gt"),
                 "less_than_equal": ("不能大于", "≤", "le"), "less_than": ("应小于", "<", "lt")}[kind]
        return f"{bound[0]} {ctx.get(bound[2])} (must be {bound[1]} {ctx.get(bound[2])})"
    if kind in ("bool_parsing", "bool_type"):
        return "应为“是”或“否” (must be true or false)"
    if kind.startswith(("date_", "datetime_")):
        return "应为日期，如 2024-03-01 (must be a date, YYYY-MM-DD)"
    if kind in ("string_type", "string_sub_type"):
        return "应为文本 (must be text)"
    if kind in ("list_type", "tuple_type", "set_type"):
        return "应为多个值的列表 (must be a list)"
    if kind == "extra_forbidden":
        return "不是可填写的字段 (not a field of this form)"
    return f"取值无效 (invalid value: {error.get('msg', kind)})"


def _walk(model: type[BaseModel] | None, loc: Sequence[str | int]) -> tuple[str, FieldInfo | None]:
    """pydantic's `loc` as the GraphQL path (``elements[2].code``: camelCase names, list indices in
    brackets) and the field it ends at. A field given by its Python name (strawberry's inputs
    carry them) is shown by its alias, never as ``share_modes``."""
    parts: list[str | int] = []
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            parts.append(part)
            continue
        found = _fields_of(model).get(part) if model is not None else None
        if found is None:
            parts.append(to_camel(part) if "_" in part else part)
            info, model = None, None
            continue
        name, info = found
        parts.append(info.alias or name)
        model = _model_in(info.annotation)
    return _shown(tuple(parts)), info


def _shown(loc: Sequence[str | int]) -> str:
    shown = ""
    for part in loc:
        shown += f"[{part}]" if isinstance(part, int) else (f".{part}" if shown else str(part))
    return shown


@functools.cache
def _fields_of(model: type[BaseModel]) -> dict[str, tuple[str, FieldInfo]]:
    """A model's fields by Python name and by alias."""
    out: dict[str, tuple[str, FieldInfo]] = {}
    for name, info in model.model_fields.items():
        out[name] = (name, info)
        if info.alias:
            out[info.alias] = (name, info)
    return out


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (itself, in a list, or optional), to name the fields inside it."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _enum_of(info: FieldInfo | None) -> type[LabelledEnum] | None:
    def find(annotation: Any) -> type[LabelledEnum] | None:
        if isinstance(annotation, type) and issubclass(annotation, LabelledEnum):
            return annotation
        return next((found for argument in get_args(annotation) if (found := find(argument))), None)

    return find(info.annotation) if info is not None else None


def _label(info: FieldInfo | None) -> str:
    """A field's Chinese name: its title, or its description up to the first comma or bracket."""
    if info is None:
        return ""
    if info.title:
        return info.title
    text = info.description or ""
    return re.split(r" \(|，|：", text, maxsplit=1)[0].strip() if text else ""


_MODELS: dict[str, type[BaseModel]] = {
    model.__name__: model for model in (Region, DataOfficer, Department, Theme, Database, DataElement, CatalogItem)
}
