"""The data-dictionary entry (第十条) a clerk would write for a data-item name, inferred from the name.

Used by the benchmark generator (seed/generator.py) for the few data items it adds that no demo
department's file describes (统计口径, 记录总数, 调用部门 …). The demo's own items carry their full
dictionary in their files and need none of this. Codes are the pinyin initials of the name,
uppercase (公民身份号码 → GMSFHM), as real catalogs write them; type, length, unit and sensitivity
follow from how the name ends (…日期 is a date, …金额 a decimal in 元, …姓名 a sensitive name).
Type specs: S<len> string, I<len> integer, N<len> decimal, D date, T datetime, B boolean, X binary.
"""

from __future__ import annotations

from functools import lru_cache

from server.domain.values import ElementType, MaskingRule, Sensitivity

_MONEY_WAN = {
    "注册资本", "注册资金", "资金数额", "开办资金", "总投资", "年度计划投资", "投资总额",
    "外方认缴出资额", "资产总额", "负债总额", "营业总收入", "营业收入", "年度营业收入", "利润总额",
    "工业总产值", "成交价格", "合同价格", "收入预算", "支出预算", "上缴利润", "直接经济损失",
    "研发投入", "财政资助金额", "预算金额", "投标报价", "被担保主债权数额", "问题金额",
    "预收资金余额", "纳税总额", "易地建设费金额", "威胁财产", "合同总价",
}
_MONEY_YI = {"地区生产总值", "第一产业增加值", "第二产业增加值", "第三产业增加值", "发行金额"}
_MONEY_SUFFIXES = (
    "金额", "资本", "资金", "价格", "总价", "收入", "总额", "产值", "增加值", "投资", "利润", "税额",
    "余额", "损失", "基数", "缴存额", "报价", "原值", "净值", "预算", "出资额", "财产", "数额",
    "标准", "储存额",
)
_AREA_MU = {"补贴面积", "承包地块面积", "种植面积", "管护面积", "小班面积"}
_AREA_HECTARE = {"农作物受灾面积", "采伐面积", "沉陷面积"}
_AREA_KM2 = {"矿区面积", "辖区面积"}
_COUNT_SUFFIXES = (
    "人数", "人口", "户数", "数量", "套数", "床位数", "次数", "件数", "台数", "间数", "站点数", "项目数",
    "事项数", "设备数", "资源数", "选民数", "村庄数", "井数", "成员数", "班级数", "生数", "工数",
    "员数", "主机数", "口数", "窗口数", "摊位数", "客房数", "栋数", "项数", "发病数", "死亡数", "座位数",
    "总数", "医生数", "批次", "领取月数", "人员数", "层数",
)
_LONG_TEXT_SUFFIXES = (
    "内容", "事实", "范围", "描述", "依据", "措施", "情况", "案情", "过程", "结论", "要求", "指南",
    "意向", "事由", "原因", "简介", "情形", "事项", "问题", "进展", "主要装备", "特长", "业态",
    "处罚内容", "四至", "含义", "用途", "主营业务", "主要产品", "主导产品",
)
_CODE_SUFFIXES = ("编号", "编码", "代码", "号码", "文号", "字号", "证号", "号", "码", "标识")
_PLACE_SUFFIXES = ("地址", "住址", "坐落", "地点", "位置", "住所", "场所", "所在地", "经营场所")
_ORG_HOLDERS = {"招标人", "采购人", "竞得人", "受让人", "申请人", "出资人", "举办者", "开办者"}
_ORG_PHONES = ("咨询", "值班", "值守", "服务", "机构", "企业", "调解组织", "门诊", "社区", "村居")


def _infer_type(name: str) -> tuple[str, str]:
    """(type spec, description) for a data item the table does not list."""
    if name.startswith("是否"):
        return "B", "是/否"
    if "公民身份号码" in name:
        return "S18", "18位公民身份号码"
    if name.endswith("电话"):
        return "S20", ""
    if name.endswith(("照片", "文件", "附件", "正文")):
        return "X", ""
    if name.endswith(("日期", "期止", "期起", "期至", "截止期", "期限起", "期限止")):
        return "D", "格式YYYY-MM-DD"
    if name.endswith("时间"):
        return "T", "格式YYYY-MM-DD HH:MM:SS"
    if name.endswith(("年月", "统计期", "所属期", "开始扶助年月")):
        return "S6", "格式YYYYMM"
    if name.endswith(("年度", "年份", "建成年代")):
        return "S4", "格式YYYY"
    if name.endswith(("率", "比例", "涨跌幅", "同比增减")):
        return "N8", "单位：%"
    if name in _MONEY_YI:
        return "N18", "单位：亿元"
    if name in _MONEY_WAN:
        return "N18", "单位：万元"
    if name.endswith(_MONEY_SUFFIXES):
        if name.endswith("标准") and name.startswith(("租金",)):
            return "N10", "单位：元/平方米·月"
        if name in {"补贴标准"}:
            return "N10", "单位：元/亩"
        if name.endswith("标准"):
            return "N10", "单位：元/月"
        return "N18", "单位：元"
    if name.endswith("面积"):
        if name in _AREA_MU:
            return "N14", "单位：亩"
        if name in _AREA_HECTARE:
            return "N14", "单位：公顷"
        if name in _AREA_KM2:
            return "N14", "单位：平方公里"
        if name == "管理面积":
            return "N14", "单位：万平方米"
        return "N14", "单位：平方米"
    if name.endswith(("浓度",)):
        return "N8", "单位：微克/立方米"
    if name.endswith(_COUNT_SUFFIXES):
        return "I10", ""
    if name.endswith(_LONG_TEXT_SUFFIXES):
        return "S2000", ""
    if name.endswith("统一社会信用代码"):
        return "S18", "18位统一社会信用代码"
    if name.endswith(_CODE_SUFFIXES):
        return "S50", ""
    if name.endswith(("名称", "单位", "机关", "机构", "部门", "企业", "组织", "标题", "学校", "银行", "权人")) \
            or name.endswith(_PLACE_SUFFIXES) or name in _ORG_HOLDERS:
        return "S200", ""
    if name.endswith(("地区", "区县", "乡镇", "乡镇街道", "村社区", "村", "园区", "林区", "网格", "学区")):
        return "S100", ""
    return "S50", ""


def _infer_flag(name: str) -> str:
    """Sensitivity flag for a data item the table does not list (个人信息 → 敏感)."""
    if "公民身份号码" in name or name.endswith("证件号码"):
        return "ID"
    if name.endswith(("电话", "手机号码")):
        return "-" if any(word in name for word in _ORG_PHONES) else "PHONE"
    if name.endswith("姓名"):
        return "NAME"
    return "-"


_MASKS = {
    "ID": MaskingRule.ID_NUMBER, "PHONE": MaskingRule.PHONE, "NAME": MaskingRule.NAME,
    "ADDRESS": MaskingRule.ADDRESS, "BANK": MaskingRule.BANK_ACCOUNT, "FULL": MaskingRule.FULL,
}
_TYPES = {
    "S": ElementType.STRING, "I": ElementType.INTEGER, "N": ElementType.DECIMAL, "D": ElementType.DATE,
    "T": ElementType.DATETIME, "B": ElementType.BOOLEAN, "X": ElementType.BINARY,
}


@lru_cache(maxsize=1)
def _pinyin():
    from pypinyin import Style, lazy_pinyin

    return lambda text: lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chunk: [chunk])


def field_code(name: str) -> str:
    """Pinyin initials, uppercase: 公民身份号码 → GMSFHM; Latin letters and digits are kept."""
    parts = _pinyin()(name)
    code = "".join(part.upper() for part in parts if part.strip())
    return "".join(ch for ch in code if ch.isascii() and (ch.isalnum() or ch == "_"))


@lru_cache(maxsize=None)
def inferred_element(name: str) -> dict:
    """The dictionary entry the name implies, as DataElement keyword arguments."""
    type_spec, description = _infer_type(name)
    flag = _infer_flag(name)
    mask = _MASKS.get(flag, MaskingRule.NONE)
    return {
        "name": name,
        "code": field_code(name),
        "type": _TYPES[type_spec[0]],
        "length": int(type_spec[1:]) if len(type_spec) > 1 else None,
        "description": description,
        "sensitivity": Sensitivity.SENSITIVE if mask is not MaskingRule.NONE else Sensitivity.NON_SENSITIVE,
        "masking_rule": mask,
    }
