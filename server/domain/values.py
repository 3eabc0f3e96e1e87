"""Value lists of the catalog (第九条), each member with its Chinese label, in one place.

The member names are the stable identifiers used in the graph, in GraphQL (UPPER_CASE) and
in import files; the labels are what a clerk reads. Sources: the national
政务信息资源目录编制指南 (2017), GB/T 43697-2024 for grades, and 第十七条 and 第二十二条 of the
Jincheng rules. A new rule set changes this file, not the code that uses it.
"""

from __future__ import annotations

from enum import Enum


class LabelledEnum(str, Enum):
    """A str enum whose members carry a Chinese label: `ShareType.UNCONDITIONAL.label`."""

    def __new__(cls, value: str, label: str) -> "LabelledEnum":
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label  # type: ignore[attr-defined]
        return member

    label: str

    @classmethod
    def from_label(cls, label: str) -> "LabelledEnum":
        """Finds the member by its Chinese label or its name (import files use either)."""
        for member in cls:
            if label in (member.label, member.value):
                return member
        raise ValueError(label)


class ShareType(LabelledEnum):
    """共享属性 — 第二十二条."""

    UNCONDITIONAL = ("UNCONDITIONAL", "无条件共享")
    CONDITIONAL = ("CONDITIONAL", "有条件共享")
    NOT_SHARED = ("NOT_SHARED", "不予共享")


class ShareMode(LabelledEnum):
    """共享方式 — 第十七条."""

    DATABASE_TABLE = ("DATABASE_TABLE", "数据库表（前置库）")
    API = ("API", "服务接口（API）")
    FILE = ("FILE", "文件（文件夹）")


class OpenType(LabelledEnum):
    """开放属性 — 第二十四条. 不予共享 forces 不予开放."""

    UNCONDITIONAL = ("UNCONDITIONAL", "无条件开放")
    CONDITIONAL = ("CONDITIONAL", "有条件开放")
    NOT_OPEN = ("NOT_OPEN", "不予开放")


class OpenMode(LabelledEnum):
    """开放方式."""

    DOWNLOAD = ("DOWNLOAD", "数据下载")
    API = ("API", "接口调用")
    ONLINE_VIEW = ("ONLINE_VIEW", "在线查询")
    NONE = ("NONE", "不开放")


class UpdateCycle(LabelledEnum):
    """更新周期 — 第十八条."""

    REALTIME = ("REALTIME", "实时")
    DAILY = ("DAILY", "每日")
    WEEKLY = ("WEEKLY", "每周")
    MONTHLY = ("MONTHLY", "每月")
    QUARTERLY = ("QUARTERLY", "每季度")
    HALF_YEARLY = ("HALF_YEARLY", "每半年")
    YEARLY = ("YEARLY", "每年")
    OTHER = ("OTHER", "其他")


class DataFormat(LabelledEnum):
    """数据格式 (class); the concrete type (xlsx, mysql, json …) is `formatDetail`."""

    ELECTRONIC_FILE = ("ELECTRONIC_FILE", "电子文件")
    SPREADSHEET = ("SPREADSHEET", "电子表格")
    DATABASE = ("DATABASE", "数据库")
    IMAGE = ("IMAGE", "图形图像")
    STREAMING_MEDIA = ("STREAMING_MEDIA", "流媒体")
    SELF_DESCRIBING = ("SELF_DESCRIBING", "自描述格式")
    SERVICE_API = ("SERVICE_API", "服务接口")


# Concrete types a clerk may name for each format class.
FORMAT_DETAILS: dict[DataFormat, tuple[str, ...]] = {
    DataFormat.ELECTRONIC_FILE: ("pdf", "ofd", "docx", "txt"),
    DataFormat.SPREADSHEET: ("xlsx", "xls", "csv", "et"),
    DataFormat.DATABASE: ("oracle", "mysql", "dm", "kingbase", "postgresql", "gbase"),
    DataFormat.IMAGE: ("jpg", "png", "tiff", "shp", "geotiff"),
    DataFormat.STREAMING_MEDIA: ("mp4", "flv", "rtsp"),
    DataFormat.SELF_DESCRIBING: ("json", "xml"),
    DataFormat.SERVICE_API: ("rest", "webservice"),
}


class StorageLevel(LabelledEnum):
    """存储层级: where the data physically sits."""

    CITY = ("CITY", "市级")
    COUNTY = ("COUNTY", "县级")
    PROVINCE = ("PROVINCE", "省级")
    DEPARTMENT = ("DEPARTMENT", "部门自建")


class ResourceCategory(LabelledEnum):
    """分类: 基础 / 主题 / 部门 信息资源 (the top level of the 分类码)."""

    BASIC = ("BASIC", "基础信息资源")
    THEMATIC = ("THEMATIC", "主题信息资源")
    DEPARTMENTAL = ("DEPARTMENTAL", "部门信息资源")


class DataGrade(LabelledEnum):
    """分级 — GB/T 43697-2024."""

    GENERAL = ("GENERAL", "一般数据")
    IMPORTANT = ("IMPORTANT", "重要数据")
    CORE = ("CORE", "核心数据")


class Sensitivity(LabelledEnum):
    """Per data element: 敏感 / 非敏感."""

    SENSITIVE = ("SENSITIVE", "敏感")
    NON_SENSITIVE = ("NON_SENSITIVE", "非敏感")


class ElementType(LabelledEnum):
    """Data dictionary column types — 第十条."""

    STRING = ("STRING", "字符型")
    INTEGER = ("INTEGER", "整数型")
    DECIMAL = ("DECIMAL", "数值型")
    DATE = ("DATE", "日期型")
    DATETIME = ("DATETIME", "日期时间型")
    BOOLEAN = ("BOOLEAN", "布尔型")
    BINARY = ("BINARY", "二进制")


class MaskingRule(LabelledEnum):
    """Named masking rules a conditional element can be shared under (第二十三条)."""

    NONE = ("NONE", "不脱敏")
    ID_NUMBER = ("ID_NUMBER", "身份证号脱敏（保留前6后4位）")
    PHONE = ("PHONE", "手机号脱敏（保留前3后4位）")
    NAME = ("NAME", "姓名脱敏（保留姓）")
    ADDRESS = ("ADDRESS", "地址脱敏（保留至街道）")
    BANK_ACCOUNT = ("BANK_ACCOUNT", "银行账号脱敏（保留后4位）")
    FULL = ("FULL", "全部遮蔽")


class ItemStatus(LabelledEnum):
    """Where a catalog item is in its life (第九条 to 第十九条)."""

    DRAFT = ("DRAFT", "草稿")
    SUBMITTED = ("SUBMITTED", "待审核")
    RETURNED = ("RETURNED", "已退回")
    PUBLISHED = ("PUBLISHED", "已发布")
    WITHDRAWN = ("WITHDRAWN", "已撤销")


class DepartmentKind(LabelledEnum):
    """政务部门 kinds of 第二条."""

    GOVERNMENT = ("GOVERNMENT", "人民政府")
    GOVERNMENT_DEPARTMENT = ("GOVERNMENT_DEPARTMENT", "政府工作部门")
    PARTY_BODY = ("PARTY_BODY", "承担行政职能的党群工作机构")
    AUTHORISED_ORGANISATION = ("AUTHORISED_ORGANISATION", "法律法规授权的公共管理和服务组织")
    SUBORDINATE_UNIT = ("SUBORDINATE_UNIT", "下属单位")


class RegionLevel(LabelledEnum):
    """省市级联 levels."""

    PROVINCE = ("PROVINCE", "省级")
    CITY = ("CITY", "市级")
    COUNTY = ("COUNTY", "县级")
    ZONE = ("ZONE", "开发区")


class DatabaseKind(LabelledEnum):
    """第十四条: 基础库 and 主题库."""

    BASIC = ("BASIC", "基础库")
    THEMATIC = ("THEMATIC", "主题库")


ALL_VALUE_LISTS: tuple[type[LabelledEnum], ...] = (
    ShareType, ShareMode, OpenType, OpenMode, UpdateCycle, DataFormat, StorageLevel,
    ResourceCategory, DataGrade, Sensitivity, ElementType, MaskingRule, ItemStatus,
    DepartmentKind, RegionLevel, DatabaseKind,
)
