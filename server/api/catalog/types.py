"""GraphQL types of the catalog and its reference data, declared once and built from the read
models (`CatalogItem.of(record)`); nested fields resolve through the services' DataLoaders."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Annotated

import strawberry

from server.api.core.enums import (
    DatabaseKind,
    DataFormat,
    DataGrade,
    DepartmentKind,
    ElementType,
    ItemStatus,
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
    labelled_enum,
)
from server.api.core.info import Ctx
from server.api.core.node import Node
from server.auth import ROLE_LABELS, Principal, Role
from server.domain import values as v
from server.domain.records.catalog import (
    DatabaseRecord,
    DepartmentRecord,
    ElementRecord,
    ItemRecord,
    RegionRecord,
    ThemeRecord,
)
from server.services import catalog, reference

RoleEnum = labelled_enum(Role, name="Role", description="角色 (role of the caller)",
                         labels={role.name: label for role, label in ROLE_LABELS.items()})


@strawberry.type(description="取值及其中文名称 (a value with its Chinese label)")
class LabelledValue:
    value: str = strawberry.field(description="取值，即枚举值 (the value, as the enum spells it)")
    label: str = strawberry.field(description="中文名称 (Chinese label)")


@strawberry.type(description="值列表：第九条各字段的可选值 (a value list of the catalog)")
class ValueList:
    name: str = strawberry.field(description="枚举类型名 (GraphQL enum name)")
    description: str = strawberry.field(description="说明 (what the list is for)")
    values: list[LabelledValue] = strawberry.field(description="可选值 (the values with their labels)")

    @classmethod
    def of(cls, enum: type[v.LabelledEnum]) -> "ValueList":
        return cls(
            name=enum.__name__,
            description=(enum.__doc__ or "").strip().splitlines()[0],
            values=[LabelledValue(value=m.value, label=m.label) for m in enum],
        )


@strawberry.type(description="行政区划 (administrative region: city, county/district, development zone)")
class Region:
    code: str = strawberry.field(description="行政区划代码 (region code)")
    name: str = strawberry.field(description="名称 (name)")
    level: RegionLevel = strawberry.field(description="级别：省级、市级、县级、开发区 (cascade level)")
    parent_code: str | None = strawberry.field(description="上级区划代码 (parent region code)")
    department_count: int = strawberry.field(description="部门数 (number of departments)")

    @classmethod
    def of(cls, record: RegionRecord) -> "Region":
        return cls(code=record.code, name=record.name, level=record.level, parent_code=record.parent_code,
                   department_count=record.department_count)


@strawberry.type(description="数据管理责任人 (data officer filed under 第六条)")
class DataOfficer:
    name: str = strawberry.field(description="姓名 (name)")
    phone: str = strawberry.field(description="联系电话 (phone)")
    email: str | None = strawberry.field(description="电子邮箱 (email)")


@strawberry.type(description="政务部门 (government department, 第二条)")
class Department(Node):
    id: strawberry.ID = strawberry.field(description="全局唯一 id，即部门编码 (globally unique id: the department code)")
    code: str = strawberry.field(description="部门编码 (department code)")
    name: str = strawberry.field(description="部门名称 (name)")
    short_name: str | None = strawberry.field(description="简称 (short name)")
    region_code: str = strawberry.field(description="所属行政区划 (region code)")
    kind: DepartmentKind = strawberry.field(description="部门类别 (kind of body, 第二条)")
    parent_code: str | None = strawberry.field(description="上级部门编码，下属单位才有 (parent, for subordinate units)")
    responsible_unit: str = strawberry.field(description="数据管理责任部门 (responsible unit, 第六条)")
    is_authority: bool = strawberry.field(description="是否政务数据主管部门 (is the data authority, 第五条)")
    data_officer: DataOfficer = strawberry.field(description="数据管理责任人 (data officer, 第六条)")
    child_codes: strawberry.Private[tuple[str, ...]]

    @classmethod
    def of(cls, record: DepartmentRecord) -> "Department":
        officer = record.data_officer
        return cls(
            id=strawberry.ID(record.code), code=record.code, name=record.name, short_name=record.short_name,
            region_code=record.region_code, kind=record.kind, parent_code=record.parent_code,
            responsible_unit=record.responsible_unit, is_authority=record.is_authority,
            data_officer=DataOfficer(name=officer.name, phone=officer.phone, email=officer.email),
            child_codes=record.child_codes,
        )


    @strawberry.field(description="下属单位 (subordinate units)")
    async def children(self, info: Ctx) -> list["Department"]:
        return [Department.of(record) for record in await reference.departments(info.context, self.child_codes)]

    @strawberry.field(description="本部门已发布目录数 (published items of this department itself)")
    async def own_item_count(self, info: Ctx) -> int:
        return (await reference.item_counts(info.context, self.code)).own

    @strawberry.field(description="已发布目录数，含下属单位 (published items incl. subordinate units)")
    async def item_count(self, info: Ctx) -> int:
        return (await reference.item_counts(info.context, self.code)).total


@strawberry.type(description="政务主题 (theme, a node of the theme tree)")
class Theme:
    code: str = strawberry.field(description="主题编码 (theme code)")
    name: str = strawberry.field(description="主题名称 (name)")
    parent_code: str | None = strawberry.field(description="上级主题编码 (parent theme code)")
    item_count: int = strawberry.field(description="本主题已发布目录数 (published items in this theme itself)")
    children: list["Theme"] = strawberry.field(description="子主题 (sub-themes)")

    @classmethod
    def of(cls, record: ThemeRecord) -> "Theme":
        return cls(code=record.code, name=record.name, parent_code=record.parent_code, item_count=record.item_count,
                   children=[cls.of(child) for child in record.children])


@strawberry.type(description="基础库或主题库 (basic or thematic database, 第十四条)")
class Database:
    code: str = strawberry.field(description="库编码 (database code)")
    name: str = strawberry.field(description="库名称 (name)")
    kind: DatabaseKind = strawberry.field(description="基础库或主题库 (basic or thematic)")
    description: str = strawberry.field(description="说明 (description)")
    lead_department_code: str = strawberry.field(description="牵头部门 (lead department)")
    contributor_codes: list[str] = strawberry.field(description="共建部门 (contributing departments)")

    @classmethod
    def of(cls, record: DatabaseRecord) -> "Database":
        return cls(code=record.code, name=record.name, kind=record.kind, description=record.description,
                   lead_department_code=record.lead_department_code, contributor_codes=list(record.contributor_codes))


@strawberry.type(description="数据项及其数据字典 (data element with its dictionary entry, 第十条)")
class DataElement(Node):
    id: strawberry.ID = strawberry.field(description="全局唯一 id (globally unique id)")
    seq: int = strawberry.field(description="序号 (position in the item)")
    name: str = strawberry.field(description="数据项名称 (name)")
    code: str = strawberry.field(description="数据项编码/字段名 (code)")
    type: ElementType = strawberry.field(description="数据类型 (type)")
    length: int | None = strawberry.field(description="长度 (length)")
    description: str = strawberry.field(description="说明 (description)")
    sensitivity: Sensitivity = strawberry.field(description="敏感属性 (sensitivity)")
    masking_rule: MaskingRule = strawberry.field(description="脱敏规则 (masking rule)")
    verify_only: bool = strawberry.field(description="仅供比对核验 (verification only)")
    withheld: bool = strawberry.field(description="不予提供，有条件共享的部分内容 (withheld from every consumer)")
    source_item_id: strawberry.ID | None = strawberry.field(
        description="一数一源：权威来源目录 (authoritative source item, 第十五条)"
    )

    @classmethod
    def of(cls, record: ElementRecord) -> "DataElement":
        return cls(
            id=strawberry.ID(record.id), seq=record.seq, name=record.name, code=record.code, type=record.type,
            length=record.length, description=record.description, sensitivity=record.sensitivity,
            masking_rule=record.masking_rule, verify_only=record.verify_only, withheld=record.withheld,
            source_item_id=strawberry.ID(record.source_item_id) if record.source_item_id else None,
        )



@strawberry.type(description="目录字段及其中文名称 (a catalog field with its Chinese label and value)")
class ArticleField:
    field: str = strawberry.field(description="字段名 (GraphQL field name)")
    label: str = strawberry.field(description="中文名称 (Chinese label)")
    value: str | None = strawberry.field(description="取值 (raw value; lists joined by 、)")
    value_label: str | None = strawberry.field(description="取值的中文名称 (Chinese label of the value)")


@strawberry.type(description="主题引用 (a theme an item is in)")
class ThemeRef:
    code: str = strawberry.field(description="主题编码 (theme code)")
    name: str = strawberry.field(description="主题名称 (name)")


@strawberry.type(description="基础库/主题库引用 (the database an item belongs to)")
class DatabaseRef:
    code: str = strawberry.field(description="库编码 (database code)")
    name: str = strawberry.field(description="库名称 (name)")


@strawberry.type(description="相关目录 (a related item)")
class RelatedItem:
    item: "CatalogItem" = strawberry.field(description="相关的目录 (the related item)")
    shared_elements: list[str] = strawberry.field(description="同名数据项 (element names both hold)")
    source_links: int = strawberry.field(description="一数一源关联数 (一数一源 links between the two)")


# 第九条 fields in the order the regulation lists them, with their labels.
ARTICLE_9_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "数据资源名称"),
    ("storageLevel", "存储层级"),
    ("category", "分类"),
    ("grade", "分级"),
    ("format", "数据格式"),
    ("formatDetail", "具体格式"),
    ("elements", "数据项名称"),
    ("shareType", "共享属性"),
    ("shareCondition", "共享条件"),
    ("legalBasis", "不予共享依据"),
    ("shareModes", "共享方式"),
    ("openType", "开放属性"),
    ("openMode", "开放方式"),
    ("updateCycle", "更新周期"),
    ("updateCycleNote", "更新周期说明"),
    ("publishedOn", "发布日期"),
)


def _label(value: object) -> str | None:
    if isinstance(value, (list, tuple)):
        labels = [_label(item) for item in value]
        return "、".join(label for label in labels if label) or None
    return getattr(value, "label", None)


def _raw(value: object) -> str | None:
    if isinstance(value, (list, tuple)):
        return "、".join(_raw(item) or "" for item in value) or None
    if value is None or value == "":
        return None
    if isinstance(value, v.LabelledEnum):
        return value.value
    return value.isoformat() if isinstance(value, date) else str(value)


def _snake(name: str) -> str:
    return "".join(f"_{ch.lower()}" if ch.isupper() else ch for ch in name)


PageSize = Annotated[int, strawberry.argument(description="最多条数 (at most this many)")]


@strawberry.type(description="政务数据资源目录条目 (catalog item with the fields of 第九条)")
class CatalogItem(Node):
    id: strawberry.ID = strawberry.field(description="全局唯一 id (globally unique id)")
    code: str | None = strawberry.field(description="目录编码，审核后赋予 (catalog code, 第十三条)")
    name: str = strawberry.field(description="数据资源名称 (name)")
    summary: str = strawberry.field(description="摘要 (summary)")
    status: ItemStatus = strawberry.field(description="状态 (status)")
    version: int = strawberry.field(description="版本 (version)")
    provider_code: str = strawberry.field(description="提供部门编码 (provider code)")
    region_code: str = strawberry.field(description="提供部门所属行政区划 (provider's region)")
    storage_level: StorageLevel = strawberry.field(description="存储层级 (storage level)")
    category: ResourceCategory = strawberry.field(description="分类 (category)")
    grade: DataGrade = strawberry.field(description="分级 (grade, GB/T 43697-2024)")
    format: DataFormat = strawberry.field(description="数据格式 (data format)")
    format_detail: str = strawberry.field(description="具体格式，如 xlsx、mysql (concrete format)")
    share_type: ShareType = strawberry.field(description="共享属性 (share type, 第二十二条)")
    share_condition: str = strawberry.field(description="共享条件 (share condition, 第二十三条)")
    share_scope_all: bool = strawberry.field(description="共享范围为全部政务部门（第二十二条）(a conditional item shared with every department)")
    legal_basis: str = strawberry.field(description="不予共享依据 (legal basis when not shared, 第二十三条)")
    share_modes: list[ShareMode] = strawberry.field(description="共享方式 (share modes, 第十七条)")
    open_type: OpenType = strawberry.field(description="开放属性 (open type, 第二十四条)")
    open_mode: OpenMode = strawberry.field(description="开放方式 (open mode)")
    update_cycle: UpdateCycle = strawberry.field(description="更新周期 (update cycle, 第十八条)")
    update_cycle_note: str = strawberry.field(description="更新周期说明 (note for OTHER)")
    published_on: date | None = strawberry.field(description="发布日期 (publication date)")
    created_at: datetime | None = strawberry.field(description="创建时间 (created at)")
    updated_at: datetime | None = strawberry.field(description="目录更新时间 (catalog entry updated at)")
    data_updated_at: datetime | None = strawberry.field(description="数据最近更新时间 (data last updated at, 第十八条)")
    database_code: str | None = strawberry.field(description="所属基础库/主题库 (database, 第十四条)")
    element_count: int = strawberry.field(description="数据项数 (number of data elements)")
    review_comment: str | None = strawberry.field(description="审核意见 (the authority's review comment)")
    change_reason: str | None = strawberry.field(description="最近一次修改原因 (why the published item last changed)")
    platform_authorized_at: datetime | None = strawberry.field(
        description="整体授权平台的时间，之后平台可直接授权范围内申请 (wholesale authorization to the platform, 第二十九条)"
    )
    created_by: str | None = strawberry.field(description="编制人 (who compiled it)")
    updated_by: str | None = strawberry.field(description="最近修改人 (who last changed it)")
    submitted_at: datetime | None = strawberry.field(description="提交审核时间 (submitted for review at)")
    submitted_by: str | None = strawberry.field(description="提交人 (who submitted it)")
    reviewed_at: datetime | None = strawberry.field(description="审核时间 (reviewed at, 第十三条)")
    reviewed_by: str | None = strawberry.field(description="审核人 (who reviewed it, 第十三条)")
    data_updated_by: str | None = strawberry.field(description="登记数据更新的人 (who recorded the last data update)")
    platform_authorized_by: str | None = strawberry.field(description="整体授权人 (who authorized the platform)")

    @classmethod
    def of(cls, record: ItemRecord) -> "CatalogItem":
        return cls(
            id=strawberry.ID(record.id), code=record.code, name=record.name, summary=record.summary,
            status=record.status, version=record.version, provider_code=record.provider_code,
            region_code=record.region_code, storage_level=record.storage_level, category=record.category,
            grade=record.grade, format=record.format, format_detail=record.format_detail,
            share_type=record.share_type, share_condition=record.share_condition, share_scope_all=record.scope_all,
            legal_basis=record.legal_basis,
            share_modes=list(record.share_modes), open_type=record.open_type, open_mode=record.open_mode,
            update_cycle=record.update_cycle, update_cycle_note=record.update_cycle_note,
            published_on=record.published_on, created_at=record.created_at, updated_at=record.updated_at,
            data_updated_at=record.data_updated_at, database_code=record.database_code,
            element_count=record.element_count, review_comment=record.review_comment,
            change_reason=record.change_reason, platform_authorized_at=record.platform_authorized_at,
            created_by=record.created_by, updated_by=record.updated_by, submitted_at=record.submitted_at,
            submitted_by=record.submitted_by, reviewed_at=record.reviewed_at, reviewed_by=record.reviewed_by,
            data_updated_by=record.data_updated_by, platform_authorized_by=record.platform_authorized_by,
        )


    @strawberry.field(description="提供部门 (providing department)")
    async def provider(self, info: Ctx) -> Department:
        return Department.of(await reference.visible_department(info.context, self.provider_code))  # type: ignore[arg-type]

    @strawberry.field(description="数据项 (data elements, the data dictionary of 第十条)")
    async def elements(self, info: Ctx) -> list[DataElement]:
        return [DataElement.of(record) for record in await catalog.elements(info.context, str(self.id))]

    @strawberry.field(description="所属主题编码 (theme codes)")
    async def theme_codes(self, info: Ctx) -> list[str]:
        return await catalog.theme_codes(info.context, str(self.id))

    @strawberry.field(description="第九条各字段及中文名称，按条文顺序 (every 第九条 field with its label, in the article's order)")
    async def article_fields(self, info: Ctx) -> list[ArticleField]:
        out = []
        for name, label in ARTICLE_9_FIELDS:
            if name == "elements":
                value: object = [element.name for element in await catalog.elements(info.context, str(self.id))]
            else:
                value = getattr(self, _snake(name))
            out.append(ArticleField(field=name, label=label, value=_raw(value), value_label=_label(value)))
        return out

    @strawberry.field(description="所属主题 (themes)")
    async def themes(self, info: Ctx) -> list[ThemeRef]:
        names = (await reference.reference_names(info.context))["theme"]
        codes = await catalog.theme_codes(info.context, str(self.id))
        return [ThemeRef(code=code, name=names.get(code, code)) for code in codes]

    @strawberry.field(description="所属基础库/主题库 (database, 第十四条)")
    async def database(self, info: Ctx) -> DatabaseRef | None:
        if not self.database_code:
            return None
        names = (await reference.reference_names(info.context))["database"]
        return DatabaseRef(code=self.database_code, name=names.get(self.database_code, self.database_code))

    @strawberry.field(description="相关目录：一数一源关联或含同名数据项，关联最强的在前 (related items: 一数一源 links or same-named elements, strongest first)")
    async def related_items(self, info: Ctx, first: PageSize = 10) -> list[RelatedItem]:
        return [
            RelatedItem(item=CatalogItem.of(item), shared_elements=list(link.shared_elements),
                        source_links=link.source_links)
            for link, item in await catalog.related_items(info.context, str(self.id), first)
        ]

    @strawberry.field(description="共享范围：可共享的部门 (share scope of a conditional item, 第二十三条)")
    async def share_scope(self, info: Ctx) -> list[Department]:
        return [Department.of(record) for record in await catalog.share_scope(info.context, str(self.id))]


@strawberry.type(description="角色及其中文名称 (a role with its label)")
class RoleInfo:
    role: RoleEnum = strawberry.field(description="角色 (role)")  # type: ignore[valid-type]
    label: str = strawberry.field(description="中文名称 (Chinese label)")


@strawberry.type(description="当前调用者 (the caller, from the bearer token)")
class Me:
    user: str = strawberry.field(description="用户 (user id)")
    department_code: str = strawberry.field(description="所属部门编码 (department code)")
    roles: list[RoleEnum] = strawberry.field(description="角色 (roles)")  # type: ignore[valid-type]
    expires_at: datetime = strawberry.field(description="令牌到期时间 (token expiry)")

    @classmethod
    def of(cls, principal: Principal) -> "Me":
        return cls(user=principal.user, department_code=principal.department_code,
                   roles=sorted(principal.roles, key=lambda role: role.value),
                   expires_at=datetime.fromtimestamp(principal.expires_at, tz=timezone.utc))

    @strawberry.field(description="角色及中文名称 (roles with labels)")
    def role_labels(self) -> list[RoleInfo]:
        return [RoleInfo(role=role, label=ROLE_LABELS[role]) for role in sorted(self.roles, key=lambda r: r.value)]

    @strawberry.field(description="所属部门；令牌中的部门不在目录中时为空 (the department, null if unknown)")
    async def department(self, info: Ctx) -> Department | None:
        record = await reference.visible_department(info.context, self.department_code)
        return Department.of(record) if record else None
