"""The Jincheng (晋城市) demo catalog: regions, departments, themes, databases and items.

Pure data and pure functions — no database I/O (``seed/load.py`` writes it to the graph).
Everything here is deterministic: the same call returns equal objects every time, so a
reload of the demo changes nothing.

The catalog is kept as compact tables from which the pydantic models are built:

* ``_DEPARTMENTS`` — one row per 政务部门 (第二条), with its responsible unit (第六条).
* ``_FIELDS`` — the data dictionary (第十条): one row per 数据项 name with its code (pinyin
  initials, as real catalogs use), type, length, sensitivity and masking rule.
* ``_ITEMS`` — per provider, one row per 目录条目: name, summary, the element names (or
  ``@bundle`` shorthands such as the 双公示 许可/处罚 field sets) and a compact spec string
  for the 第九条 attributes (see ``parse_spec``).
* ``_SOURCES`` — 一数一源 (第十五条): for key data items, the authoritative item. Any other
  provider that repeats the datum gets ``source_item_code = "<provider>/<item name>"``.
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta
from functools import lru_cache

from server.domain.models import (
    CatalogItem,
    Database,
    DataElement,
    DataOfficer,
    Department,
    Region,
    Theme,
)
from server.domain.values import (
    DatabaseKind,
    DataGrade,
    DepartmentKind,
    ElementType,
    FORMAT_DETAILS,
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


def stable_hash(text: str) -> int:
    """A hash that is the same in every process (``hash()`` is salted per process)."""
    return zlib.crc32(text.encode("utf-8"))


def item_key(provider_code: str, name: str) -> str:
    """The key an element's ``source_item_code`` uses before items have catalog codes."""
    return f"{provider_code}/{name}"


# ---------------------------------------------------------------------------------------
# 行政区划
# ---------------------------------------------------------------------------------------

_REGIONS = (
    ("140000", "山西省", RegionLevel.PROVINCE, None),
    ("140500", "晋城市", RegionLevel.CITY, "140000"),
    ("140502", "城区", RegionLevel.COUNTY, "140500"),
    ("140521", "沁水县", RegionLevel.COUNTY, "140500"),
    ("140522", "阳城县", RegionLevel.COUNTY, "140500"),
    ("140524", "陵川县", RegionLevel.COUNTY, "140500"),
    ("140525", "泽州县", RegionLevel.COUNTY, "140500"),
    ("140581", "高平市", RegionLevel.COUNTY, "140500"),
    ("140571", "晋城经济技术开发区", RegionLevel.ZONE, "140500"),
)

REGION_NAMES = {code: name for code, name, _, _ in _REGIONS}

# Townships and sub-districts (乡镇、街道) per county-level region, used for realistic names.
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


def demo_regions() -> list[Region]:
    return [Region(code=c, name=n, level=lv, parent_code=p) for c, n, lv, p in _REGIONS]


# ---------------------------------------------------------------------------------------
# 政务部门 (第二条) and their responsible unit / data officer (第六条)
# ---------------------------------------------------------------------------------------

G = DepartmentKind.GOVERNMENT
GD = DepartmentKind.GOVERNMENT_DEPARTMENT
PB = DepartmentKind.PARTY_BODY
AO = DepartmentKind.AUTHORISED_ORGANISATION
SU = DepartmentKind.SUBORDINATE_UNIT

# (region, code suffix, full name, short name, kind, responsible unit, parent suffix, authority)
_DEPARTMENTS: tuple[tuple, ...] = (
    (CITY, "ZFB", "晋城市人民政府办公室", "市政府办", G, "信息科", None, False),
    (CITY, "DSJ", "晋城市大数据应用局", "市大数据局", GD, "数据资源科", None, True),
    (CITY, "FGW", "晋城市发展和改革委员会", "市发改委", GD, "信用建设科", None, False),
    (CITY, "JYJ", "晋城市教育局", "市教育局", GD, "电化教育中心", None, False),
    (CITY, "KJJ", "晋城市科学技术局", "市科技局", GD, "办公室", None, False),
    (CITY, "GXJ", "晋城市工业和信息化局", "市工信局", GD, "信息化推进科", None, False),
    (CITY, "GAJ", "晋城市公安局", "市公安局", GD, "科技信息化支队", None, False),
    (CITY, "MZJ", "晋城市民政局", "市民政局", GD, "信息中心", None, False),
    (CITY, "SFJ", "晋城市司法局", "市司法局", GD, "办公室", None, False),
    (CITY, "CZJ", "晋城市财政局", "市财政局", GD, "信息中心", None, False),
    (CITY, "RSJ", "晋城市人力资源和社会保障局", "市人社局", GD, "信息中心", None, False),
    (CITY, "ZRZYJ", "晋城市自然资源局", "市自然资源局", GD, "信息中心", None, False),
    (CITY, "STHJJ", "晋城市生态环境局", "市生态环境局", GD, "科技与信息科", None, False),
    (CITY, "ZJJ", "晋城市住房和城乡建设局", "市住建局", GD, "办公室", None, False),
    (CITY, "JTYSJ", "晋城市交通运输局", "市交通局", GD, "科技信息科", None, False),
    (CITY, "SHUIWJ", "晋城市水务局", "市水务局", GD, "办公室", None, False),
    (CITY, "NYNCJ", "晋城市农业农村局", "市农业农村局", GD, "市场与信息化科", None, False),
    (CITY, "SHANGWJ", "晋城市商务局", "市商务局", GD, "市场运行科", None, False),
    (CITY, "WHLYJ", "晋城市文化和旅游局", "市文旅局", GD, "产业发展科", None, False),
    (CITY, "WJW", "晋城市卫生健康委员会", "市卫健委", GD, "规划信息科", None, False),
    (CITY, "TYJRSWJ", "晋城市退役军人事务局", "市退役军人局", GD, "办公室", None, False),
    (CITY, "YJGLJ", "晋城市应急管理局", "市应急局", GD, "科技和信息化科", None, False),
    (CITY, "SJJ", "晋城市审计局", "市审计局", GD, "电子数据审计科", None, False),
    (CITY, "GZW", "晋城市人民政府国有资产监督管理委员会", "市国资委", GD, "综合科", None, False),
    (CITY, "SCJGJ", "晋城市市场监督管理局", "市市场监管局", GD, "信息科", None, False),
    (CITY, "TYJ", "晋城市体育局", "市体育局", GD, "办公室", None, False),
    (CITY, "TJJ", "晋城市统计局", "市统计局", GD, "数据管理中心", None, False),
    (CITY, "YBJ", "晋城市医疗保障局", "市医保局", GD, "规划财务和法规科", None, False),
    (CITY, "LYJ", "晋城市林业局", "市林业局", GD, "资源管理科", None, False),
    (CITY, "NYJ", "晋城市能源局", "市能源局", GD, "煤炭行业管理科", None, False),
    (CITY, "CSGLJ", "晋城市城市管理局", "市城管局", GD, "数字化城市管理中心", None, False),
    (CITY, "XFJ", "晋城市信访局", "市信访局", GD, "信息科", None, False),
    (CITY, "XZSPJ", "晋城市行政审批服务管理局", "市审批局", GD, "政务服务科", None, False),
    (CITY, "RFB", "晋城市人民防空办公室", "市人防办", GD, "指挥通信科", None, False),
    (CITY, "SWJ", "国家税务总局晋城市税务局", "市税务局", GD, "数据风险管理科", None, False),
    (CITY, "QXJ", "晋城市气象局", "市气象局", AO, "气象台", None, False),
    (CITY, "XFZD", "晋城市消防救援支队", "市消防支队", AO, "作战训练科", None, False),
    (CITY, "GJJ", "晋城市住房公积金管理中心", "市公积金中心", AO, "信息科", None, False),
    (CITY, "BDCDJ", "晋城市不动产登记中心", "市不动产登记中心", AO, "信息科", None, False),
    (CITY, "BB", "中共晋城市委机构编制委员会办公室", "市委编办", PB, "事业单位登记管理局", None, False),
    (CITY, "ZGH", "晋城市总工会", "市总工会", PB, "办公室", None, False),
    (CITY, "TSW", "共青团晋城市委员会", "团市委", PB, "办公室", None, False),
    (CITY, "FL", "晋城市妇女联合会", "市妇联", PB, "办公室", None, False),
    (CITY, "CL", "晋城市残疾人联合会", "市残联", PB, "组联部", None, False),
    (CITY, "JJZD", "晋城市公安局交通警察支队", "市交警支队", SU, "科技信息科", "GAJ", False),
    (CITY, "SBZX", "晋城市社会保险中心", "市社保中心", SU, "信息科", "RSJ", False),
    (CITY, "JKZX", "晋城市疾病预防控制中心", "市疾控中心", SU, "信息科", "WJW", False),
    (CITY, "GGZYJY", "晋城市公共资源交易中心", "市公共资源交易中心", SU, "信息技术科", "XZSPJ", False),
    # 城区
    ("140502", "DSJ", "城区大数据应用局", None, GD, "数据资源股", None, True),
    ("140502", "MZJ", "城区民政局", None, GD, "办公室", None, False),
    ("140502", "SCJGJ", "城区市场监督管理局", "城区市场监管局", GD, "信息股", None, False),
    # 沁水县
    ("140521", "DSJ", "沁水县大数据应用局", None, GD, "数据资源股", None, True),
    ("140521", "NYJ", "沁水县能源局", None, GD, "煤层气股", None, False),
    ("140521", "YJGLJ", "沁水县应急管理局", "沁水县应急局", GD, "办公室", None, False),
    ("140521", "ZRZYJ", "沁水县自然资源局", None, GD, "信息中心", None, False),
    # 阳城县
    ("140522", "DSJ", "阳城县大数据应用局", None, GD, "数据资源股", None, True),
    ("140522", "MZJ", "阳城县民政局", None, GD, "社会救助股", None, False),
    ("140522", "WHLYJ", "阳城县文化和旅游局", "阳城县文旅局", GD, "产业股", None, False),
    ("140522", "RSJ", "阳城县人力资源和社会保障局", "阳城县人社局", GD, "信息中心", None, False),
    # 陵川县
    ("140524", "DSJ", "陵川县大数据应用局", None, GD, "数据资源股", None, True),
    ("140524", "NYNCJ", "陵川县农业农村局", None, GD, "办公室", None, False),
    ("140524", "LYJ", "陵川县林业局", None, GD, "资源股", None, False),
    # 泽州县
    ("140525", "DSJ", "泽州县大数据应用局", None, GD, "数据资源股", None, True),
    ("140525", "GAJ", "泽州县公安局", None, GD, "科技信息化大队", None, False),
    ("140525", "JYJ", "泽州县教育局", None, GD, "电教站", None, False),
    ("140525", "WJJ", "泽州县卫生健康局", "泽州县卫健局", GD, "信息股", None, False),
    # 高平市
    ("140581", "DSJ", "高平市大数据应用局", None, GD, "数据资源股", None, True),
    ("140581", "GAJ", "高平市公安局", None, GD, "科技信息化大队", None, False),
    ("140581", "SCJGJ", "高平市市场监督管理局", "高平市市场监管局", GD, "信息股", None, False),
    ("140581", "NYNCJ", "高平市农业农村局", None, GD, "办公室", None, False),
    # 晋城经济技术开发区
    ("140571", "GWH", "晋城经济技术开发区管理委员会", "开发区管委会", G, "党政办公室", None, False),
    ("140571", "XZSPJ", "晋城经济技术开发区行政审批局", "开发区审批局", GD, "综合科", None, False),
)

# Officers filed with the authority (第六条): (name, pinyin for the mailbox).
_OFFICERS = (
    ("王建军", "wangjianjun"), ("李晓燕", "lixiaoyan"), ("张志强", "zhangzhiqiang"),
    ("刘丽娟", "liulijuan"), ("陈伟", "chenwei"), ("杨帆", "yangfan"), ("赵永刚", "zhaoyonggang"),
    ("郭红梅", "guohongmei"), ("周敏", "zhoumin"), ("吴晓东", "wuxiaodong"), ("徐静", "xujing"),
    ("孙浩", "sunhao"), ("马丽", "mali"), ("申建国", "shenjianguo"), ("胡晓峰", "huxiaofeng"),
    ("牛建平", "niujianping"), ("何振华", "hezhenhua"), ("高建平", "gaojianping"), ("林丹", "lindan"),
    ("靳晓", "jinxiao"), ("郑国庆", "zhengguoqing"), ("梁晓红", "liangxiaohong"), ("谢宏伟", "xiehongwei"),
    ("宋佳", "songjia"), ("唐明", "tangming"), ("许亚楠", "xuyanan"), ("韩磊", "hanlei"),
    ("冯雪", "fengxue"), ("焦卫东", "jiaoweidong"), ("曹丽萍", "caoliping"), ("彭涛", "pengtao"),
    ("田秀英", "tianxiuying"), ("董志刚", "dongzhigang"), ("潘红", "panhong"), ("原鹏", "yuanpeng"),
    ("蔡文静", "caiwenjing"), ("蒋勇", "jiangyong"), ("栗慧", "lihui"), ("于海波", "yuhaibo"),
    ("杜鹃", "dujuan"), ("叶青", "yeqing"), ("程晓军", "chengxiaojun"), ("苏丽", "suli"),
    ("卫东", "weidong"), ("吕晓", "lvxiao"), ("丁伟", "dingwei"), ("任晓明", "renxiaoming"),
    ("沈洁", "shenjie"), ("姚磊", "yaolei"), ("卢娜", "luna"), ("姜涛", "jiangtao"),
    ("崔永强", "cuiyongqiang"), ("钟华", "zhonghua"), ("谭敏", "tanmin"), ("陆军", "lujun"),
    ("汪洋", "wangyang"), ("范晓丽", "fanxiaoli"), ("金鑫", "jinxin"), ("石磊", "shilei"),
    ("廖芳", "liaofang"), ("贾玉梅", "jiayumei"), ("夏雨", "xiayu"), ("付强", "fuqiang"),
    ("方静", "fangjing"), ("白雪", "baixue"), ("邹刚", "zougang"), ("孟凡", "mengfan"),
    ("秦晓兰", "qinxiaolan"), ("尹红", "yinhong"), ("薛建国", "xuejianguo"), ("闫丽霞", "yanlixia"),
    ("段志勇", "duanzhiyong"), ("侯建华", "houjianhua"), ("史晓燕", "shixiaoyan"), ("贺敏", "hemin"),
    ("郝建军", "haojianjun"), ("常青", "changqing"), ("武晓晖", "wuxiaohui"), ("樊丽", "fanli"),
)

_PHONE_PREFIX = {
    "140500": "2", "140502": "21", "140571": "38", "140521": "70", "140522": "42",
    "140524": "62", "140525": "36", "140581": "52",
}
_MAIL_PREFIX = {
    "140500": "jc", "140502": "jccq", "140571": "jckfq", "140521": "qs", "140522": "yc",
    "140524": "lc", "140525": "zz", "140581": "gp",
}


def _department_code(ref: str) -> str:
    """``"GAJ"`` → ``"140500-GAJ"``; full codes pass through."""
    return ref if "-" in ref else f"{CITY}-{ref}"


def _officer(index: int, region: str, suffix: str) -> DataOfficer:
    name, pinyin = _OFFICERS[index % len(_OFFICERS)]
    prefix = _PHONE_PREFIX[region]
    digits = f"{stable_hash(region + suffix) % 10 ** (7 - len(prefix)):0{7 - len(prefix)}d}"
    return DataOfficer(
        name=name,
        phone=f"0356-{prefix}{digits}",
        email=f"{pinyin}@{_MAIL_PREFIX[region]}{suffix.lower()}.gov.cn",
    )


@lru_cache(maxsize=1)
def _departments() -> tuple[Department, ...]:
    out = []
    for index, (region, suffix, name, short, kind, unit, parent, authority) in enumerate(_DEPARTMENTS):
        out.append(Department(
            code=f"{region}-{suffix}",
            name=name,
            short_name=short,
            region_code=region,
            kind=kind,
            parent_code=f"{region}-{parent}" if parent else None,
            responsible_unit=unit,
            data_officer=_officer(index, region, suffix),
            is_authority=authority,
        ))
    return tuple(out)


def demo_departments() -> list[Department]:
    return [d.model_copy(deep=True) for d in _departments()]


# ---------------------------------------------------------------------------------------
# 政务主题 (分类: 基础信息资源 / 主题信息资源)
# ---------------------------------------------------------------------------------------

_THEMES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("T01", "公共服务", ("教育服务", "就业创业", "文化旅游", "交通出行")),
    ("T02", "健康保障", ("医疗卫生", "疾病防控", "妇幼健康")),
    ("T03", "社会保障", ("养老保险", "医疗保险", "失业保险", "社会救助")),
    ("T04", "食品药品安全", ("食品生产经营", "药品医疗器械", "农产品质量安全")),
    ("T05", "安全生产", ("煤矿安全", "危险化学品", "建筑施工安全", "特种设备")),
    ("T06", "价格监管", ("价格收费", "价格监测")),
    ("T07", "能源安全", ("煤炭生产", "电力保障", "煤层气和新能源")),
    ("T08", "信用体系", ("信用信息归集", "守信激励", "失信惩戒", "信用修复")),
    ("T09", "城乡建设", ("住房保障", "建筑市场", "市政设施", "乡村建设")),
    ("T10", "社区治理", ("网格化管理", "社区服务", "基层自治")),
    ("T11", "生态环保", ("大气环境", "水环境", "污染源监管", "自然生态")),
    ("T12", "应急维稳", ("应急救援", "防灾减灾", "信访维稳", "消防安全")),
)
_BASIC_THEMES = (
    ("B01", "人口"), ("B02", "法人单位"), ("B03", "自然资源和空间地理"), ("B04", "社会信用"),
    ("B05", "电子证照"),
)


def demo_themes() -> list[Theme]:
    out = [Theme(code="B", name="基础信息资源"), Theme(code="T", name="主题信息资源")]
    out += [Theme(code=code, name=name, parent_code="B") for code, name in _BASIC_THEMES]
    for code, name, children in _THEMES:
        out.append(Theme(code=code, name=name, parent_code="T"))
        out += [
            Theme(code=f"{code}-{i:02d}", name=child, parent_code=code)
            for i, child in enumerate(children, start=1)
        ]
    return out


# ---------------------------------------------------------------------------------------
# 基础库 and 主题库 (第十四条)
# ---------------------------------------------------------------------------------------

# (code, name, kind, lead, contributors, description)
_DATABASES = (
    ("RKJCK", "人口基础库", DatabaseKind.BASIC, "GAJ",
     ("MZJ", "RSJ", "WJW", "JYJ", "TYJRSWJ", "CL", "TJJ", "140525-GAJ", "140581-GAJ"),
     "以公民身份号码为标识，汇聚户籍、出生、死亡、婚姻、教育、残疾等人口信息"),
    ("FRJCK", "法人单位基础库", DatabaseKind.BASIC, "SCJGJ",
     ("MZJ", "BB", "SWJ", "XZSPJ", "ZGH", "GAJ", "SBZX", "TJJ", "140581-SCJGJ", "140502-SCJGJ",
      "140524-NYNCJ"),
     "以统一社会信用代码为标识，汇聚企业、个体工商户、机关事业单位、社会组织等法人信息"),
    ("ZRZYJCK", "自然资源和空间地理基础库", DatabaseKind.BASIC, "ZRZYJ",
     ("BDCDJ", "LYJ", "SHUIWJ", "STHJJ", "MZJ", "ZJJ", "NYNCJ", "140521-ZRZYJ"),
     "国土空间规划、不动产、地名地址、森林、水利等空间地理数据"),
    ("DZZZJCK", "电子证照基础库", DatabaseKind.BASIC, "XZSPJ",
     ("DSJ", "GAJ", "MZJ", "RSJ", "SCJGJ", "WJW", "ZJJ", "JTYSJ", "STHJJ", "BDCDJ", "CL", "140571-XZSPJ"),
     "各部门签发的电子证照归集库，支撑“免证办”"),
    ("SHXYJCK", "社会信用基础库", DatabaseKind.BASIC, "FGW",
     ("SCJGJ", "SWJ", "RSJ", "ZJJ", "GJJ", "SFJ", "STHJJ", "JTYSJ", "GAJ", "WJW", "YBJ", "ZRZYJ",
      "NYNCJ", "WHLYJ", "YJGLJ", "CSGLJ", "XFZD", "XZSPJ"),
     "公共信用信息归集、评价和联合奖惩数据，含各部门行政许可、行政处罚“双公示”信息"),
    ("SHBZZTK", "社会保障主题库", DatabaseKind.THEMATIC, "RSJ",
     ("SBZX", "MZJ", "YBJ", "CZJ", "NYNCJ", "TYJRSWJ", "JYJ", "ZJJ", "140522-MZJ", "140522-RSJ",
      "140502-MZJ", "140524-NYNCJ"),
     "参保、待遇、救助、优抚等民生保障数据"),
    ("YLJKZTK", "医疗健康主题库", DatabaseKind.THEMATIC, "WJW",
     ("JKZX", "YBJ", "140525-WJJ"),
     "医疗机构、医务人员、预防接种、医保结算等健康数据"),
    ("CSGLZTK", "城市管理主题库", DatabaseKind.THEMATIC, "CSGLJ",
     ("ZJJ", "JTYSJ", "140502-DSJ", "140525-DSJ"),
     "数字城管、市政设施、网格事件等城市运行数据"),
    ("YJGLZTK", "应急管理主题库", DatabaseKind.THEMATIC, "YJGLJ",
     ("XFZD", "QXJ", "SHUIWJ", "ZRZYJ", "140521-YJGLJ", "140521-ZRZYJ"),
     "应急资源、风险隐患、灾情和事故数据"),
    ("MTNYZTK", "煤炭能源主题库", DatabaseKind.THEMATIC, "NYJ",
     ("ZRZYJ", "YJGLJ", "140521-NYJ"),
     "煤矿、煤层气、电力等能源生产和安全数据，服务煤炭大市的能源安全监管"),
)


def demo_databases() -> list[Database]:
    return [
        Database(
            code=code, name=name, kind=kind, lead_department_code=_department_code(lead),
            contributor_codes=[_department_code(c) for c in contributors], description=desc,
        )
        for code, name, kind, lead, contributors, desc in _DATABASES
    ]


# ---------------------------------------------------------------------------------------
# 目录条目 (第九条)
# ---------------------------------------------------------------------------------------
#
# Each row: (name, summary, elements, spec[, extras]).
#
# elements — element names from ``_FIELDS`` separated by spaces; ``@许可`` / ``@处罚`` expand to
#   the 双公示 field sets; a trailing ``~`` marks the element verify-only (比对核验), a trailing
#   ``!`` marks this item as the authoritative source of that datum (no 一数一源 link).
# spec — space-separated tokens:
#   share   U | C | N                              (共享属性)
#   cycle   RT | D | W | M | Q | H | Y | O        (更新周期)
#   modes   DB / API / FILE joined by ``+``       (共享方式)
#   format  a concrete type from FORMAT_DETAILS (mysql, xlsx, shp, rtsp …); the class follows
#   grade   G | I | CORE                          (分级, default G)
#   open    OU-DL | OU-API | OU-VIEW | OC-DL | OC-API | OC-VIEW (default: 不予开放)
#   level   LP | LC | LX | LD                     (存储层级, default by the provider's region)
#   T:a,b   theme codes;  DB:x  database code;  S:a,b  share scope (department codes)
# extras — {"cond": 共享条件, "basis": 不予共享依据, "note": 更新周期说明}

_BUNDLES = {
    "@许可": "行政相对人名称 行政相对人类别 统一社会信用代码 法定代表人 行政许可决定文书号 许可证书名称 "
             "许可编号 许可内容 许可决定日期 有效期自 有效期至 许可机关 许可机关统一社会信用代码 数据来源单位",
    "@处罚": "行政相对人名称 行政相对人类别 统一社会信用代码 法定代表人 行政处罚决定书文号 违法行为类型 "
             "违法事实 处罚依据 处罚类别 处罚内容 罚款金额 没收违法所得金额 处罚决定日期 公示截止期 "
             "处罚机关 处罚机关统一社会信用代码 数据来源单位",
}

# Scopes reused by many conditional items.
_PEOPLE_SCOPE = "S:RSJ,MZJ,YBJ,WJW,XZSPJ,GJJ,TYJRSWJ,CL,JYJ,SBZX"
_SOCIAL_SCOPE = "S:MZJ,RSJ,SBZX,YBJ,CZJ,NYNCJ,GJJ,TYJRSWJ"

VERIFY_CONDITION = "仅提供核验比对服务：使用部门提交待核验数据，平台返回“一致/不一致”，不返回明细数据。"

_ITEMS: dict[str, tuple[tuple, ...]] = {
    "GAJ": (
        ("居民身份证信息", "全市居民身份证申领、签发、换领、补领记录，是人口基础库的核心数据。",
         "公民身份号码! 姓名 性别 民族 出生日期 住址 签发机关 有效期限起始日期 有效期限截止日期 证件状态 人像照片~",
         "C D API+DB oracle I T:B01 DB:RKJCK " + _PEOPLE_SCOPE,
         {"cond": "限于依法履职中核验居民身份使用；人像照片仅提供比对服务；身份证号、住址按脱敏规则提供。"}),
        ("户籍人口信息", "全市户籍人口的户籍登记项目，含户主关系、户籍地址和人口状态。",
         "公民身份号码 姓名 曾用名 性别 民族 出生日期 出生地 籍贯 文化程度 婚姻状况 兵役状况 与户主关系 户号 户主姓名 户籍地址 户籍地派出所 户别 人口状态",
         "C D DB oracle I T:B01 DB:RKJCK " + _PEOPLE_SCOPE),
        ("户籍迁移信息", "户口迁入、迁出和市内迁移的办理记录。",
         "公民身份号码 姓名 性别 迁移类型 迁出地行政区划 迁出地址 迁入地行政区划 迁入地址 迁移原因 准迁证编号 迁移证编号 办理日期 办理派出所",
         "C D DB oracle T:B01 DB:RKJCK S:MZJ,RSJ,JYJ,YBJ,GJJ,XZSPJ"),
        ("出生登记信息", "新生儿出生申报户口登记信息，关联出生医学证明。",
         "公民身份号码 姓名 性别 出生日期 出生地 出生医学证明编号 监护人一姓名 监护人一公民身份号码 监护人二姓名 监护人二公民身份号码 申报日期 登记派出所",
         "C D DB oracle T:B01,T02-03 DB:RKJCK S:WJW,YBJ,RSJ,JYJ,MZJ"),
        ("死亡注销户口信息", "因死亡注销户口的登记记录，用于停发待遇、殡葬管理等。",
         "公民身份号码 姓名 性别 死亡日期 死亡原因 注销日期 注销原因 办理派出所",
         "C D API+DB oracle T:B01,T03-01 DB:RKJCK " + _SOCIAL_SCOPE,
         {"cond": "用于社会保险待遇、救助资金、优抚金停发核查，按月批量比对或实时接口查询。"}),
        ("居住证信息", "流动人口居住登记和居住证签发信息。",
         "公民身份号码 姓名 性别 户籍地址 居住地址 居住事由 服务处所 联系电话 登记日期 居住证编号 居住证签发日期 居住证有效期限 登记派出所",
         "C W DB oracle T:B01,T10-01 S:JYJ,RSJ,WJW,ZJJ,MZJ,CSGLJ"),
        ("无犯罪记录证明开具信息", "依申请开具的无犯罪记录证明结果，供招录、资格审查核验。",
         "证明编号 公民身份号码~ 姓名 查询结果 开具日期 开具单位 证明用途",
         "C RT API rest T:T08-01 S:RSJ,JYJ,SFJ,ZJJ,JTYSJ,WJW", {"cond": VERIFY_CONDITION}),
        ("违法犯罪记录信息", "公安机关掌握的违法犯罪记录，仅依法定程序出具查询结果。",
         "公民身份号码 姓名 性别 案件编号 案件类别 违法犯罪事实 处理结果 处理日期 办案单位",
         "N O DB oracle CORE LD",
         {"basis": "《中华人民共和国个人信息保护法》第二十八条；《公安机关办理犯罪记录查询工作规定》（公通字〔2021〕19号）：犯罪记录仅依申请出具查询结果，不批量共享。",
          "note": "随案件办理实时归档，不对外定期更新"}),
        ("在逃人员信息", "公安机关网上追逃人员信息。",
         "在逃人员编号 公民身份号码 姓名 性别 立案单位 案件类别 简要案情 上网日期",
         "N RT API oracle I LD",
         {"basis": "《中华人民共和国保守国家秘密法》及公安工作国家秘密范围的规定：在逃人员信息属于工作秘密，不予共享。"}),
        ("旅馆业住宿登记信息", "旅馆业治安管理信息系统采集的旅客入住登记信息。",
         "公民身份号码 姓名 性别 民族 户籍地址 旅馆名称 旅馆编码 房间号 入住时间 退房时间",
         "C RT API mysql S:WHLYJ,SCJGJ,WJW"),
        ("保安服务许可信息", "保安服务公司设立许可和保安培训许可的双公示信息。",
         "@许可 注册资本", "U M FILE xlsx OU-DL T:T08-01 DB:SHXYJCK"),
        ("公安行政处罚信息", "公安机关作出的行政处罚决定双公示信息（涉及个人的按规定隐去）。",
         "@处罚", "U D DB mysql OU-VIEW T:T08-03 DB:SHXYJCK"),
        ("印章刻制备案信息", "单位印章刻制的备案登记信息。",
         "统一社会信用代码 单位名称 印章名称 印章编码 印章类型 刻制单位 备案日期 承办人姓名",
         "U D DB mysql T:B02 DB:FRJCK"),
        ("娱乐场所治安备案信息", "歌舞、游艺等娱乐场所的治安管理备案信息。",
         "场所名称 统一社会信用代码 法定代表人 场所地址 经营面积 备案编号 备案日期 备案派出所 治安负责人",
         "U M FILE xlsx OC-VIEW T:T01-03"),
        ("出入境证件签发信息", "普通护照、往来港澳台通行证的签发信息（数据存储于省公安厅）。",
         "公民身份号码 姓名 性别 证件类型 证件号码 签发日期 有效期至 签发机关 出入境事由",
         "C D API oracle LP S:JYJ,WJW,ZFB,SJJ,GZW",
         {"cond": "仅限组织人事部门和国家工作人员因私出国（境）管理使用，须经提供部门逐次审核。"}),
        ("人口变动统计信息", "分区县的户籍人口总量、出生、死亡和迁移统计。",
         "统计年月 行政区划代码 行政区划名称 户籍总户数 户籍总人口 男性人口 女性人口 出生人口 死亡人口 迁入人口 迁出人口",
         "U Q FILE xlsx OU-DL T:B01 DB:RKJCK"),
        ("社会治安视频监控点位信息", "公共安全视频监控（雪亮工程）点位和视频流接入信息。",
         "点位编号 点位名称 所属派出所 安装位置 经度 纬度 设备类型 建设单位 视频流地址 在线状态",
         "C RT API rtsp I T:T10-01,T12-03 S:CSGLJ,YJGLJ,JTYSJ,XFZD"),
    ),
    "JJZD": (
        ("机动车登记信息", "本市登记的机动车注册、转移、变更、抵押和注销登记信息。",
         "号牌号码! 号牌种类 车辆识别代号 发动机号 车辆品牌 车辆型号 车身颜色 使用性质 机动车所有人 所有人证件号码 登记日期 检验有效期止 强制报废期止 机动车状态",
         "C D API+DB oracle I T:T01-04 S:JTYSJ,SWJ,YBJ,MZJ,GJJ,XZSPJ,ZJJ"),
        ("机动车驾驶证信息", "机动车驾驶人的驾驶证申领、换证、记分和状态信息。",
         "公民身份号码 姓名 性别 准驾车型 初次领证日期 有效期起始日期 有效期截止日期 驾驶证状态 累积记分 档案编号 发证机关",
         "C D API oracle T:T01-04 S:JTYSJ,RSJ,XZSPJ"),
        ("道路交通违法信息", "电子警察和现场执法采集的道路交通违法记录。",
         "号牌号码 号牌种类 违法时间 违法地点 违法行为 违法代码 罚款金额 记分 处理状态 采集机关",
         "C RT API+DB oracle T:T01-04,T08-03 S:JTYSJ,CSGLJ,FGW"),
        ("道路交通事故信息", "道路交通事故的发生、处理和认定信息。",
         "事故编号 事故发生时间 事故地点 事故形态 死亡人数 受伤人数 直接财产损失 天气 道路类型 事故认定结果 处理机关",
         "C D DB oracle T:T12-01 S:JTYSJ,YJGLJ,WJW,YBJ"),
        ("校车使用许可信息", "校车使用许可的双公示信息。",
         "@许可 号牌号码 核载人数 行驶线路", "U O FILE xlsx OU-DL T:T01-01",
         {"note": "许可作出后7个工作日内更新"}),
    ),
    "MZJ": (
        ("婚姻登记信息", "结婚、离婚、补领婚姻登记证的登记信息。",
         "登记类型 男方姓名 男方公民身份号码 男方国籍 女方姓名 女方公民身份号码 女方国籍 登记日期 结婚证字号 登记机关 登记员",
         "C D API+DB dm I T:B01 DB:RKJCK S:GAJ,RSJ,GJJ,ZJJ,BDCDJ,WJW,SWJ",
         {"cond": "仅限办理户籍、住房、公积金、不动产等业务时查询当事人婚姻状况，按件查询。"}),
        ("城乡最低生活保障对象信息", "城乡低保家庭和成员的认定、保障金发放信息。",
         "公民身份号码 姓名 性别 户籍地址 保障类别 家庭人口数 保障人数 月保障金额 开始保障日期 审批日期 所属乡镇街道 所属村社区 银行账号 联系电话",
         "C M DB dm I T:T03-04 DB:SHBZZTK " + _SOCIAL_SCOPE),
        ("特困人员救助供养信息", "特困人员认定、供养方式和供养标准信息。",
         "公民身份号码 姓名 性别 出生日期 供养方式 供养机构 基本生活标准 照料护理标准 认定日期 自理能力 所属乡镇街道",
         "C M DB dm T:T03-04 DB:SHBZZTK " + _SOCIAL_SCOPE),
        ("临时救助信息", "遭遇突发性、紧迫性困难家庭的临时救助审批和发放。",
         "公民身份号码 姓名 救助类型 救助金额 救助事由 救助日期 审批机关 所属乡镇街道",
         "C M DB dm T:T03-04 DB:SHBZZTK " + _SOCIAL_SCOPE),
        ("殡葬信息", "遗体火化和殡葬服务登记信息，用于死亡人员待遇停发比对。",
         "公民身份号码 姓名 性别 死亡日期 死亡原因 火化日期 殡仪馆名称 火化证明编号 户籍地址",
         "C D API+DB dm T:T03-01 " + _SOCIAL_SCOPE),
        ("社会组织登记信息", "社会团体、民办非企业单位和基金会的登记信息。",
         "统一社会信用代码! 社会组织名称 社会组织类型 法定代表人 业务主管单位 登记管理机关 住所 注册资金 成立登记日期 业务范围 登记状态 证书有效期至",
         "U D DB dm OU-VIEW T:B02 DB:FRJCK"),
        ("养老机构备案信息", "养老机构备案和床位信息。",
         "机构名称 统一社会信用代码 法定代表人 机构地址 床位数 护理型床位数 机构性质 备案日期 备案机关 机构联系电话",
         "U M FILE xlsx OU-DL T:T01-01,T10-02"),
        ("高龄津贴发放信息", "80周岁以上老年人高龄津贴的发放信息。",
         "公民身份号码 姓名 出生日期 年龄段 发放标准 发放金额 发放年月 所属乡镇街道 社会保障卡号",
         "C M DB dm T:T03-04 DB:SHBZZTK " + _SOCIAL_SCOPE),
        ("残疾人两项补贴信息", "困难残疾人生活补贴和重度残疾人护理补贴发放信息。",
         "公民身份号码 姓名 残疾人证号 残疾类别 残疾等级 补贴类型 补贴金额 发放年月 所属乡镇街道",
         "C M DB dm T:T03-04 DB:SHBZZTK S:CL,RSJ,YBJ,CZJ"),
        ("收养登记信息", "收养关系成立、解除登记信息。",
         "收养人姓名 收养人公民身份号码 被收养人姓名 被收养人出生日期 送养人姓名 收养登记日期 收养登记证字号 登记机关",
         "N O DB dm I",
         {"basis": "《中华人民共和国民法典》第一千一百一十条：收养人、送养人要求保守收养秘密的，其他人应当尊重其意愿，不得泄露。",
          "note": "随登记业务办理归档"}),
        ("标准地名信息", "全市标准地名及其位置、含义和命名信息。",
         "标准地名 地名类别 罗马字母拼写 行政区划代码 所在政区 经度 纬度 地名含义 命名日期 批准机关",
         "U Y API json OU-API T:B03 DB:ZRZYJCK"),
        ("村（居）民委员会信息", "村民委员会、居民委员会的设置和规模信息。",
         "村居名称 村居代码 所属乡镇街道 村居类型 户数 常住人口 办公地址 村居服务电话",
         "U Y FILE xlsx OU-DL T:T10-03"),
    ),
    "RSJ": (
        ("社会保险参保信息", "企业职工和城乡居民养老、工伤、失业保险参保信息（省级集中）。",
         "公民身份号码 姓名 性别 个人编号 参保险种 参保状态 参保日期 缴费基数 单位名称 统一社会信用代码 参保地行政区划",
         "C D API+DB oracle I LP T:T03-01,T03-03 DB:SHBZZTK " + _SOCIAL_SCOPE),
        ("社会保险缴费信息", "参保人员按月缴费记录。",
         "个人编号 公民身份号码 姓名 费款所属期 缴费基数 单位缴费金额 个人缴费金额 险种类型 到账日期",
         "C M DB oracle LP T:T03-01 DB:SHBZZTK S:GJJ,SWJ,YBJ,ZJJ"),
        ("养老保险待遇发放信息", "离退休人员基本养老金核定和按月发放信息。",
         "公民身份号码 姓名 待遇类型 离退休类别 离退休日期 月待遇金额 发放年月 发放状态 社会保障卡号",
         "C M DB oracle LP T:T03-01 DB:SHBZZTK " + _SOCIAL_SCOPE),
        ("就业登记信息", "劳动者就业登记和就业形式信息。",
         "公民身份号码 姓名 性别 文化程度 就业形式 就业日期 用工单位名称 统一社会信用代码 劳动合同期限 就业登记日期",
         "C M DB oracle T:T01-02 S:MZJ,NYNCJ,TYJRSWJ,CL,JYJ"),
        ("失业登记信息", "城镇失业人员登记和求职意向信息。",
         "公民身份号码 姓名 性别 失业登记日期 失业原因 求职意向 户籍地址 联系电话 登记机构",
         "C M DB oracle T:T01-02,T03-03 S:MZJ,YBJ,SBZX,NYNCJ"),
        ("职业资格证书信息", "职业资格证书核发信息，可按证书编号在线查询。",
         "证书编号 姓名 公民身份号码 职业名称 职业等级 发证日期 发证机关 评价机构",
         "C Y API mysql OC-VIEW T:T01-02 S:XZSPJ,ZJJ,JTYSJ,YJGLJ"),
        ("职业技能等级证书信息", "社会培训评价组织颁发的职业技能等级证书信息。",
         "证书编号 姓名 公民身份号码 职业名称 技能等级 评价机构 发证日期",
         "C M API mysql OC-VIEW T:T01-02 S:XZSPJ,CZJ"),
        ("劳动保障监察行政处罚信息", "劳动保障监察领域行政处罚双公示信息。",
         "@处罚", "U D DB oracle OU-VIEW T:T08-03 DB:SHXYJCK"),
        ("人力资源服务许可信息", "经营性人力资源服务机构许可信息。",
         "@许可 服务范围", "U M FILE xlsx OU-DL T:T01-02 DB:SHXYJCK"),
        ("社会保障卡信息", "第三代社会保障卡的申领、制发和状态信息。",
         "社会保障卡号! 公民身份号码 姓名 卡状态 发卡日期 发卡银行 银行账号 卡有效期",
         "C D API oracle I LP T:T03-01 " + _SOCIAL_SCOPE,
         {"cond": "用于惠民惠农补贴发放和待遇支付的账户核验；银行账号脱敏，仅支持逐人查询。"}),
        ("事业单位公开招聘信息", "全市事业单位公开招聘岗位和公告信息。",
         "招聘单位 主管部门 岗位名称 岗位类别 招聘人数 学历要求 专业要求 报名开始日期 报名截止日期 公告发布日期",
         "U O FILE xlsx OU-DL T:T01-02", {"note": "每批次招聘公告发布时更新"}),
        ("劳动人事争议仲裁案件信息", "劳动人事争议仲裁立案和结案信息。",
         "案件编号 申请人名称 被申请人名称 统一社会信用代码 争议类型 立案日期 结案日期 结案方式 涉案金额",
         "C M DB oracle S:SFJ,ZGH,FGW"),
        ("拖欠农民工工资失信联合惩戒对象名单", "列入拖欠农民工工资失信联合惩戒对象名单的用人单位。",
         "统一社会信用代码 单位名称 法定代表人 拖欠人数 拖欠金额 列入日期 列入事由 作出决定部门 移出日期",
         "U M API mysql OU-VIEW T:T08-03 DB:SHXYJCK"),
    ),
    "SBZX": (
        ("工伤保险待遇支付信息", "工伤职工医疗费、伤残津贴、一次性伤残补助金等支付信息。",
         "公民身份号码 姓名 单位名称 统一社会信用代码 工伤认定日期 伤残等级 待遇项目 支付金额 支付日期",
         "C M DB oracle LP T:T03-01 DB:SHBZZTK S:YBJ,MZJ,ZGH"),
        ("失业保险金领取信息", "失业人员失业保险金领取期限和金额。",
         "公民身份号码 姓名 领取起始年月 领取终止年月 领取月数 月领取标准 累计领取金额 社会保障卡号",
         "C M DB oracle LP T:T03-03 DB:SHBZZTK " + _SOCIAL_SCOPE),
        ("社会保险参保单位信息", "参保单位的登记、险种和参保人数信息。",
         "统一社会信用代码 单位名称 单位类型 法定代表人 参保险种 参保人数 单位参保状态 首次参保日期 经办机构",
         "U M DB oracle T:B02 DB:FRJCK"),
        ("领取养老金人员资格认证信息", "领取养老待遇人员的年度资格认证结果。",
         "公民身份号码 姓名 认证方式 认证日期 认证结果 下次认证日期",
         "C D API oracle T:T03-01 S:MZJ,GAJ,TYJRSWJ"),
    ),
    "SCJGJ": (
        ("企业登记信息", "全市各类企业的设立、变更登记后的基本登记事项。",
         "统一社会信用代码! 企业名称 企业类型 法定代表人 注册资本 成立日期 营业期限自 营业期限至 登记机关 核准日期 住所 经营范围 登记状态 所属行业",
         "U D API+DB mysql OU-API T:B02 DB:FRJCK"),
        ("个体工商户登记信息", "个体工商户注册登记信息。",
         "统一社会信用代码 个体工商户名称 经营者姓名 组成形式 经营场所 经营范围 资金数额 注册日期 登记机关 登记状态",
         "U D DB mysql OU-VIEW T:B02 DB:FRJCK"),
        ("企业变更登记信息", "企业登记事项变更记录。",
         "统一社会信用代码 企业名称 变更事项 变更前内容 变更后内容 变更日期 登记机关",
         "U D DB mysql OU-VIEW T:B02 DB:FRJCK"),
        ("企业注销登记信息", "企业注销登记和简易注销信息。",
         "统一社会信用代码 企业名称 注销方式 注销原因 清算组成员 注销日期 登记机关",
         "U D DB mysql OU-VIEW T:B02 DB:FRJCK"),
        ("企业年度报告信息", "企业通过国家企业信用信息公示系统报送的年度报告。",
         "统一社会信用代码 企业名称 报告年度 从业人数 资产总额 负债总额 营业总收入 纳税总额 企业联系电话 电子邮箱 是否有网站",
         "C Y DB mysql T:B02,T08-01 S:SWJ,TJJ,GXJ,FGW,RSJ",
         {"cond": "资产、收入、纳税等企业选择不公示的数据项，仅限统计、税务、信用监管部门依法使用。"}),
        ("经营异常名录信息", "列入和移出经营异常名录的企业信息。",
         "统一社会信用代码 企业名称 列入经营异常名录原因 列入日期 作出决定机关 移出经营异常名录原因 移出日期 移出作出决定机关",
         "U D API mysql OU-VIEW T:T08-03 DB:SHXYJCK"),
        ("严重违法失信名单信息", "市场监管部门列入严重违法失信名单的主体信息。",
         "统一社会信用代码 企业名称 法定代表人 列入严重违法失信名单原因 列入日期 作出决定机关 移出日期",
         "U D API mysql OU-VIEW T:T08-03 DB:SHXYJCK"),
        ("市场监管行政处罚信息", "市场监管领域行政处罚决定双公示信息。",
         "@处罚", "U D DB mysql OU-VIEW T:T08-03 DB:SHXYJCK"),
        ("食品经营许可证信息", "食品经营许可证核发、延续和变更信息。",
         "许可证编号 经营者名称 统一社会信用代码 法定代表人 住所 经营场所 主体业态 经营项目 日常监督管理机构 发证机关 签发人 发证日期 有效期至",
         "U D API mysql OU-DL T:T04-01,B05 DB:DZZZJCK"),
        ("食品生产许可证信息", "食品生产许可证核发信息。",
         "许可证编号 生产者名称 统一社会信用代码 法定代表人 住所 生产地址 食品类别 发证机关 发证日期 有效期至",
         "U D API mysql OU-DL T:T04-01,B05 DB:DZZZJCK"),
        ("药品零售企业许可信息", "药品经营许可证（零售）核发信息。",
         "许可证编号 企业名称 统一社会信用代码 法定代表人 企业负责人 质量负责人 注册地址 经营范围 发证日期 有效期至",
         "U M DB mysql OU-DL T:T04-02"),
        ("特种设备使用登记信息", "锅炉、压力容器、电梯、起重机械等特种设备使用登记信息。",
         "使用登记证编号 设备类别 设备品种 设备代码 使用单位名称 统一社会信用代码 设备使用地点 登记日期 下次检验日期 安全状况等级 登记机关",
         "U W DB mysql OU-VIEW T:T05-04"),
        ("食品安全监督抽检信息", "食品安全监督抽检结果，按期向社会公布。",
         "抽样编号 标称生产企业名称 被抽样单位名称 食品名称 规格型号 生产日期 抽样日期 检验结果 不合格项目 检验机构",
         "U M FILE xlsx OU-DL T:T04-01"),
        ("12315投诉举报信息", "消费者投诉举报的登记、处理和反馈信息。",
         "投诉编号 投诉人姓名 投诉人联系电话 被投诉主体名称 统一社会信用代码 投诉内容 登记日期 办结日期 处理结果 承办机构",
         "C D DB mysql T:T08-01 S:SHANGWJ,WHLYJ,JTYSJ,FGW"),
        ("计量标准考核证书信息", "社会公用计量标准和企事业单位计量标准考核证书。",
         "证书编号 计量标准名称 建标单位 统一社会信用代码 测量范围 准确度等级 发证日期 有效期至",
         "U Y FILE xlsx OU-DL"),
        ("电子营业执照信息", "企业电子营业执照的签发和下载信息，支撑“免证办”。",
         "证照标识 统一社会信用代码 企业名称 法定代表人 颁证日期 证照状态 证照文件",
         "U RT API rest T:B05 DB:DZZZJCK"),
    ),
    "FGW": (
        ("公共信用综合评价信息", "市场主体的公共信用综合评价结果。",
         "统一社会信用代码 主体名称 评价年度 评价等级 评价得分 评价日期 评价机构",
         "C M API mysql T:B04,T08-01 DB:SHXYJCK S:SCJGJ,SWJ,ZJJ,JTYSJ,CZJ,GGZYJY,XZSPJ"),
        ("信用承诺信息", "申请人作出的信用承诺及其履约状态。",
         "统一社会信用代码 主体名称 承诺类型 承诺事由 承诺内容 承诺日期 承诺受理单位 履约状态",
         "U D API mysql OU-VIEW T:B04,T08-01 DB:SHXYJCK"),
        ("信用修复信息", "完成信用修复的主体和修复结果。",
         "统一社会信用代码 主体名称 原失信信息类别 原决定文书号 修复方式 修复日期 修复决定机关",
         "U D API mysql OU-VIEW T:T08-04 DB:SHXYJCK"),
        ("守信激励对象名单", "各领域认定的守信激励对象（红名单）。",
         "统一社会信用代码 主体名称 名单类型 列入事由 列入日期 认定部门 有效期至",
         "U M FILE xlsx OU-DL T:T08-02 DB:SHXYJCK"),
        ("固定资产投资项目审批核准备案信息", "投资项目在线审批监管平台的审批、核准、备案信息。",
         "项目代码 项目名称 项目单位 统一社会信用代码 建设地点 建设规模及内容 总投资 审批类型 审批文号 审批日期 审批部门",
         "U D API mysql OU-VIEW T:T09-02"),
        ("重要商品和服务价格监测信息", "粮油、肉蛋、蔬菜、燃气等重要商品和服务价格周度监测。",
         "监测日期 监测点名称 商品名称 规格等级 计量单位 零售价格 环比涨跌幅 同比涨跌幅",
         "U W FILE xlsx OU-DL T:T06-02"),
        ("政府定价项目及收费标准信息", "政府定价目录内的项目和现行收费标准。",
         "收费项目名称 收费类别 定价依据文件 收费标准 计费单位 执行日期 定价机关",
         "U O FILE pdf OU-DL T:T06-01", {"note": "价格调整文件印发后5个工作日内更新"}),
        ("市级重点工程项目信息", "年度市级重点工程项目及其建设进度。",
         "项目名称 项目代码 建设单位 建设性质 所属行业 建设地点 总投资 年度计划投资 开工日期 计划竣工日期 形象进度",
         "U Q FILE xlsx OU-DL T:T09-02"),
        ("重点用能单位能耗信息", "年综合能源消费量万吨标准煤以上重点用能单位的能耗数据。",
         "统一社会信用代码 单位名称 所属行业 统计年度 综合能源消费量 单位产值能耗 能耗限额标准",
         "C Y FILE xlsx T:T07-02 S:GXJ,NYJ,STHJJ,TJJ"),
    ),
    "JYJ": (
        ("中小学学生学籍信息", "全市中小学生全国学籍信息。",
         "全国学籍号! 姓名 公民身份号码 性别 出生日期 民族 学校名称 学校标识码 年级 班级 入学年月 学籍状态 就读方式 户籍地址",
         "C M DB mysql I LP T:T01-01 DB:RKJCK S:GAJ,WJW,MZJ,YBJ,CZJ,TSW",
         {"cond": "限于学生资助、医疗保险参保、疫苗接种查验等业务使用，按学校或个人查询。"}),
        ("学校基本信息", "各级各类学校的办学信息。",
         "学校标识码 学校名称 办学类型 举办者类型 学校地址 行政区划代码 班级数 在校生数 教职工数 经度 纬度",
         "U Y API json OU-API T:T01-01"),
        ("民办学校办学许可信息", "民办学校办学许可的双公示信息。",
         "@许可 办学层次", "U M FILE xlsx OU-DL T:T01-01"),
        ("教师资格认定信息", "教师资格认定和证书核发信息。",
         "教师资格证书号码 姓名 公民身份号码 性别 资格种类 任教学科 认定日期 认定机构",
         "C H DB mysql OC-VIEW T:T01-01 S:RSJ,XZSPJ"),
        ("学生资助信息", "家庭经济困难学生资助项目和金额。",
         "公民身份号码 姓名 学校名称 学段 资助项目 资助金额 资助学年 家庭经济困难等级",
         "C H DB mysql T:T01-01,T03-04 DB:SHBZZTK S:MZJ,CZJ,NYNCJ,TSW"),
        ("义务教育招生入学信息", "义务教育阶段新生入学报名和录取信息。",
         "公民身份号码 姓名 性别 出生日期 户籍地址 居住地址 学区 录取学校 入学年份 监护人姓名 监护人联系电话",
         "C Y DB mysql T:T01-01 S:GAJ,ZJJ,BDCDJ"),
        ("校外培训机构信息", "经审批的校外培训机构和资金监管信息。",
         "机构名称 统一社会信用代码 办学许可证编号 举办者 办学地址 培训类别 审批日期 资金监管银行",
         "U M API json OU-VIEW T:T01-01"),
    ),
    "WJW": (
        ("出生医学证明信息", "出生医学证明签发信息，是新生儿户口登记的依据。",
         "出生医学证明编号! 新生儿姓名 性别 出生日期 出生孕周 出生体重 出生地点 母亲姓名 母亲公民身份号码 父亲姓名 父亲公民身份号码 接生机构名称 签发日期",
         "C D API+DB oracle I T:B01,T02-03 DB:RKJCK S:GAJ,YBJ,RSJ,MZJ,XZSPJ"),
        ("居民死亡医学证明信息", "医疗卫生机构签发的死亡医学证明（推断）书信息。",
         "死亡医学证明编号 公民身份号码 姓名 性别 死亡日期! 死亡地点 根本死亡原因 根本死因ICD编码 填报单位 填报日期",
         "C D API+DB oracle I T:B01,T02-01 DB:RKJCK S:GAJ,MZJ,RSJ,SBZX,YBJ,TYJRSWJ,GJJ"),
        ("医疗机构执业许可信息", "医疗机构设置审批和执业登记信息。",
         "医疗机构执业许可证登记号! 机构名称 统一社会信用代码 法定代表人 主要负责人 机构类别 经营性质 诊疗科目 床位数 地址 发证机关 有效期至",
         "U M API mysql OU-VIEW T:T02-01,B05 DB:YLJKZTK"),
        ("医师执业注册信息", "医师执业注册和变更信息。",
         "医师执业证书编码 姓名 公民身份号码 执业类别 执业范围 执业地点 主要执业机构 注册日期 发证机关",
         "C M API mysql OC-VIEW T:T02-01 DB:YLJKZTK S:YBJ,SCJGJ"),
        ("护士执业注册信息", "护士执业注册和延续注册信息。",
         "护士执业证书编号 姓名 公民身份号码 执业地点 注册日期 有效期至 发证机关",
         "C M API mysql OC-VIEW T:T02-01 DB:YLJKZTK S:YBJ"),
        ("预防接种信息", "儿童和成人预防接种记录。",
         "受种者编码 受种者姓名 公民身份号码 出生日期 疫苗名称 疫苗批号 生产企业 接种剂次 接种日期 接种单位",
         "C D API mysql LP T:T02-02 DB:YLJKZTK S:JYJ,JKZX",
         {"cond": "限于入托入学预防接种证查验，由教育部门逐人核验，不批量提供。"}),
        ("居民电子健康档案信息", "基层医疗卫生机构建立的居民电子健康档案。",
         "健康档案编号 公民身份号码 姓名 性别 出生日期 血型 既往病史 过敏史 家族史 建档日期 建档机构",
         "N D DB mysql I",
         {"basis": "《中华人民共和国个人信息保护法》第二十八条；《中华人民共和国基本医疗卫生与健康促进法》第九十二条：国家保护公民个人健康信息。"}),
        ("严重精神障碍患者管理信息", "在册严重精神障碍患者的诊断、评估和随访管理信息。",
         "患者编号 姓名 公民身份号码 性别 现住址 诊断名称 危险性评估等级 管理状态 随访日期 管理机构",
         "N M DB mysql I LD",
         {"basis": "《中华人民共和国精神卫生法》第四条：有关单位和个人应当对精神障碍患者的姓名、肖像、住址、病历资料等予以保密。"}),
        ("卫生健康行政处罚信息", "卫生健康领域行政处罚双公示信息。",
         "@处罚", "U D FILE xlsx OU-DL T:T08-03 DB:SHXYJCK"),
        ("公共场所卫生许可信息", "住宿、沐浴、美容美发等公共场所卫生许可双公示信息。",
         "@许可 经营项目", "U D FILE xlsx OU-DL T:T02-01 DB:SHXYJCK"),
        ("家庭医生签约服务信息", "家庭医生签约团队、签约居民和服务包信息。",
         "公民身份号码 姓名 签约团队 签约医生 签约机构 签约日期 服务包类型 签约状态",
         "C M DB mysql T:T02-01,T10-02 DB:YLJKZTK S:YBJ,MZJ"),
        ("计划生育特别扶助对象信息", "计划生育家庭特别扶助和奖励扶助对象信息。",
         "公民身份号码 姓名 扶助类型 扶助标准 开始扶助年月 所属乡镇街道",
         "C Y FILE xlsx T:T03-04 S:MZJ,CZJ"),
    ),
    "JKZX": (
        ("传染病报告信息", "医疗机构网络直报的法定传染病个案报告。",
         "报告卡编号 患者姓名 公民身份号码 疾病名称 发病日期 诊断日期 现住址 报告单位 报告日期",
         "N RT API oracle I LP",
         {"basis": "《中华人民共和国传染病防治法》第十二条：疾病预防控制机构、医疗机构不得泄露涉及个人隐私的有关信息、资料。"}),
        ("法定传染病疫情统计信息", "分区县、分病种的法定传染病发病和死亡统计。",
         "统计年月 行政区划代码 疾病名称 发病数 死亡数 发病率 死亡率",
         "U M FILE xlsx OU-DL T:T02-02"),
        ("艾滋病病毒感染者随访信息", "艾滋病病毒感染者和病人随访管理信息。",
         "病例编号 姓名 公民身份号码 随访日期 随访机构 CD4检测结果 治疗状态 管理地区",
         "N Q DB oracle I LP",
         {"basis": "《艾滋病防治条例》第三十九条：未经本人或者其监护人同意，任何单位或者个人不得公开艾滋病病毒感染者、病人的相关信息。"}),
        ("生活饮用水水质监测信息", "城乡集中式供水和二次供水水质监测结果。",
         "监测点编号 监测点名称 水样类型 采样日期 检测指标 检测值 限值 是否合格 检测机构",
         "U M FILE xlsx OU-DL T:T11-02,T02-02"),
    ),
    "YBJ": (
        ("医疗保险参保信息", "职工基本医疗保险和城乡居民基本医疗保险参保信息（省级集中）。",
         "公民身份号码 姓名 医保个人编号 险种类型 人员类别 参保状态 参保日期 单位名称 统一社会信用代码 参保地行政区划",
         "C D API+DB oracle I LP T:T03-02 DB:SHBZZTK " + _SOCIAL_SCOPE),
        ("医疗费用结算信息", "定点医药机构医疗费用医保结算明细。",
         "结算流水号 医保个人编号 公民身份号码 姓名 定点医药机构名称 就诊类型 入院日期 出院日期 医疗费用总额 统筹基金支付金额 个人账户支付金额 个人自付金额 结算日期",
         "C D DB oracle I LP T:T02-01,T03-02 DB:YLJKZTK S:WJW,MZJ,SBZX",
         {"cond": "限于医疗救助“一站式”结算、工伤医疗费核查使用；诊疗明细不予提供。"}),
        ("定点医药机构信息", "医保定点医疗机构和定点零售药店信息。",
         "定点医药机构编码 机构名称 统一社会信用代码 机构类型 机构等级 地址 协议签订日期 协议有效期至",
         "U M API json OU-API T:T03-02 DB:YLJKZTK"),
        ("医疗救助信息", "医疗救助对象和救助金额。",
         "公民身份号码 姓名 救助对象类别 救助金额 救助日期 定点医药机构名称",
         "C M DB oracle T:T03-04 DB:SHBZZTK S:MZJ,NYNCJ,CZJ"),
        ("门诊慢特病待遇认定信息", "门诊慢性病、特殊疾病待遇认定信息。",
         "公民身份号码 姓名 病种名称 认定日期 认定机构 待遇开始日期 待遇截止日期",
         "C M DB oracle T:T03-02 S:WJW"),
        ("医疗保障基金监管行政处罚信息", "医保基金使用违法违规行为的行政处罚双公示信息。",
         "@处罚", "U D FILE xlsx OU-DL T:T08-03 DB:SHXYJCK"),
    ),
    "ZRZYJ": (
        ("国有建设用地使用权出让信息", "国有建设用地使用权招拍挂和协议出让结果。",
         "电子监管号 项目名称 项目位置 土地用途 出让面积 出让年限 供地方式 成交价格 受让人 合同签订日期 约定开工日期 约定竣工日期",
         "U M FILE xlsx OU-DL T:B03,T09-02 DB:ZRZYJCK"),
        ("国土空间总体规划图", "市县国土空间总体规划的规划分区和用途管制矢量数据。",
         "图斑编号 规划分区 用地用途 图斑面积 行政区划代码 规划期限 批准文号 批准日期",
         "U Y FILE shp OU-DL T:B03 DB:ZRZYJCK"),
        ("建设用地规划许可信息", "建设用地规划许可证核发信息。",
         "许可证编号 项目名称 用地单位 统一社会信用代码 用地位置 用地性质 用地面积 建设规模 发证日期 发证机关",
         "U M FILE xlsx OU-DL T:T09-02 DB:ZRZYJCK"),
        ("建设工程规划许可信息", "建设工程规划许可证核发信息。",
         "许可证编号 项目名称 建设单位 统一社会信用代码 建设位置 建设规模 建筑面积 建筑层数 发证日期 发证机关",
         "U M FILE xlsx OU-DL T:T09-02"),
        ("采矿许可证信息", "采矿权登记发证信息，煤炭、煤层气为本市主要矿种。",
         "采矿许可证号! 采矿权人 统一社会信用代码 矿山名称 开采矿种 开采方式 生产规模 矿区面积 有效期起始日期 有效期截止日期 发证机关",
         "U M API mysql OU-VIEW T:B03,T07-01 DB:ZRZYJCK"),
        ("地质灾害隐患点信息", "崩塌、滑坡、地面塌陷等地质灾害隐患点和监测责任信息。",
         "隐患点编号 隐患点名称 灾害类型 规模等级 险情等级 威胁人数 威胁财产 经度 纬度 所在乡镇 监测责任人",
         "U Y API json OU-API T:T12-02 DB:YJGLZTK"),
        ("基础测绘成果信息", "1:500至1:2000基础测绘成果和数字高程模型。",
         "图幅号 比例尺 成果类型 坐标系统 高程基准 生产日期 保管单位 密级",
         "N Y FILE geotiff CORE LD",
         {"basis": "《中华人民共和国测绘法》第三十四条、《中华人民共和国保守国家秘密法》：涉密测绘成果按国家秘密管理，不予共享；非涉密成果另行提供。"}),
        ("遥感影像数据", "覆盖全市的高分辨率卫星遥感影像。",
         "影像编号 卫星传感器 获取日期 空间分辨率 覆盖范围 云量 坐标系统 数据量",
         "C H FILE geotiff T:B03,T11-04 DB:ZRZYJCK S:ZJJ,LYJ,STHJJ,NYNCJ,SHUIWJ,CSGLJ",
         {"cond": "影像数据经脱密处理后提供，仅限使用部门内部业务使用，不得公开发布或转提供。"}),
        ("永久基本农田划定信息", "永久基本农田图斑和耕地质量等别。",
         "图斑编号 行政区划代码 地类名称 图斑面积 耕地质量等别 划定年度",
         "C Y FILE shp T:B03,T09-04 DB:ZRZYJCK S:NYNCJ,ZJJ,FGW"),
        ("自然资源行政处罚信息", "自然资源领域行政处罚双公示信息。",
         "@处罚", "U D FILE xlsx OU-DL T:T08-03 DB:SHXYJCK"),
    ),
    "BDCDJ": (
        ("不动产登记信息", "土地、房屋等不动产首次、转移、变更登记的登记簿信息。",
         "不动产单元号! 不动产权证书号 权利人 权利人证件号码 共有情况 坐落 权利类型 权利性质 用途 面积 使用期限 登记日期 登记机构",
         "C D API+DB dm I T:B03,B05 DB:ZRZYJCK S:ZJJ,GJJ,SWJ,MZJ,JYJ,XZSPJ,CZJ",
         {"cond": "依申请按不动产单元号或权利人逐件查询；用于住房保障、公积金贷款、税费征收、入学资格审核。"}),
        ("不动产抵押登记信息", "不动产抵押权设立、变更、注销登记信息。",
         "不动产单元号 不动产登记证明号 抵押权人 抵押人 抵押方式 被担保主债权数额 债务履行期限起 债务履行期限止 登记日期",
         "C D DB dm T:B03 DB:ZRZYJCK S:GJJ,ZJJ,CZJ"),
        ("不动产查封登记信息", "司法机关和行政机关查封不动产的登记信息。",
         "不动产单元号 查封机关 查封文号 查封类型 查封起始日期 查封结束日期 登记日期",
         "C D DB dm T:B03 S:GJJ,ZJJ,SWJ"),
        ("宗地图", "不动产权籍调查形成的宗地图和宗地属性。",
         "宗地代码 坐落 宗地面积 权利类型 用途 图幅号 测绘单位",
         "C O FILE tiff T:B03 DB:ZRZYJCK S:ZRZYJ,ZJJ", {"note": "随不动产首次登记和变更登记更新"}),
    ),
    "ZJJ": (
        ("商品房预售许可信息", "商品房预售许可证核发信息。",
         "预售许可证号 项目名称 开发企业 统一社会信用代码 项目坐落 预售面积 预售套数 预售资金监管银行 发证日期",
         "U D API mysql OU-VIEW T:T09-01"),
        ("商品房网签备案信息", "新建商品房买卖合同网签备案信息。",
         "合同备案号 项目名称 房屋坐落 买受人 买受人证件号码 建筑面积 合同总价 网签日期 备案日期",
         "C D DB mysql T:T09-01 S:BDCDJ,SWJ,GJJ,JYJ"),
        ("建筑业企业资质信息", "建筑业企业资质证书信息。",
         "资质证书编号 企业名称 统一社会信用代码 法定代表人 资质类别及等级 发证机关 发证日期 有效期至",
         "U M API mysql OU-VIEW T:T09-02 DB:SHXYJCK"),
        ("建筑工程施工许可信息", "房屋建筑和市政基础设施工程施工许可信息。",
         "施工许可证编号 项目名称 建设单位 统一社会信用代码 建设地址 建设规模 合同价格 施工单位 监理单位 合同开工日期 合同竣工日期 发证日期",
         "U D API mysql OU-DL T:T09-02,T05-03"),
        ("公租房保障对象信息", "公共租赁住房实物配租和租赁补贴对象信息。",
         "公民身份号码 姓名 家庭人口数 保障方式 房源地址 租金标准 保障开始日期 保障状态",
         "C M DB mysql T:T09-01 DB:SHBZZTK S:MZJ,GJJ,BDCDJ"),
        ("城镇老旧小区改造项目信息", "年度城镇老旧小区改造计划和实施进度。",
         "项目名称 小区名称 所在区县 建成年代 改造楼栋数 改造户数 改造内容 总投资 开工日期 竣工日期",
         "U Q FILE xlsx OU-DL T:T09-03"),
        ("物业服务企业信息", "物业服务企业和在管项目信息。",
         "企业名称 统一社会信用代码 法定代表人 注册地址 管理项目数 管理面积 信用等级",
         "U Q API json OU-API T:T10-02"),
        ("住房城乡建设行政处罚信息", "住房城乡建设领域行政处罚双公示信息。",
         "@处罚", "U D FILE xlsx OU-DL T:T08-03 DB:SHXYJCK"),
        ("房屋建筑和市政基础设施工程竣工验收备案信息", "工程竣工验收备案信息。",
         "备案编号 项目名称 建设单位 统一社会信用代码 施工单位 设计单位 监理单位 竣工验收日期 备案日期",
         "U M FILE xlsx OU-DL T:T09-02"),
    ),
    "JTYSJ": (
        ("道路运输经营许可信息", "道路旅客运输、货物运输经营许可信息。",
         "经营许可证编号 业户名称 统一社会信用代码 法定代表人 经营范围 经营地址 发证日期 有效期至 发证机关",
         "U D API mysql OU-VIEW T:T01-04 DB:DZZZJCK"),
        ("道路运输证信息", "营运车辆道路运输证核发信息。",
         "道路运输证号 号牌号码 业户名称 车辆类型 核定载质量 核定座位数 经营范围 发证日期 有效期至",
         "C D API mysql T:T01-04 DB:DZZZJCK S:JJZD,SWJ,YJGLJ"),
        ("道路运输从业人员资格信息", "道路运输驾驶员、危险货物运输从业人员资格证信息。",
         "从业资格证号 姓名 公民身份号码 从业资格类别 初领日期 有效期至 发证机关",
         "C M API mysql OC-VIEW T:T01-04 S:JJZD,YJGLJ"),
        ("公交线路信息", "城市公交线路、站点和运营时间。",
         "线路编号 线路名称 首站名称 末站名称 首班时间 末班时间 票价 线路长度 站点数 运营单位",
         "U O API json OU-API T:T01-04", {"note": "线路开通、调整或撤销时即时更新"}),
        ("公交车辆实时位置信息", "公交车辆GPS实时定位数据。",
         "车辆编号 线路编号 号牌号码 经度 纬度 速度 行驶方向 定位时间",
         "U RT API rest OU-API T:T01-04"),
        ("公路桥梁基础信息", "国省干线和农村公路桥梁的基础和技术状况信息。",
         "桥梁编码 桥梁名称 路线编号 中心桩号 桥梁全长 桥梁分类 技术状况等级 建成年月 管养单位",
         "U Y FILE xlsx OU-DL T:T09-03"),
        ("交通运输行政处罚信息", "交通运输领域行政处罚双公示信息。",
         "@处罚", "U D FILE xlsx OU-DL T:T08-03 DB:SHXYJCK"),
        ("国省干线公路视频监控信息", "国省干线公路重点路段视频监控接入信息。",
         "监控点编号 监控点名称 路线编号 桩号 经度 纬度 视频流地址 在线状态",
         "C RT API flv T:T01-04,T12-01 S:JJZD,YJGLJ,QXJ",
         {"cond": "仅限路网运行监测、应急指挥和恶劣天气处置使用，不得录制外传。"}),
    ),
    "STHJJ": (
        ("环境空气质量监测信息", "国控、省控空气质量自动监测站逐小时监测数据。",
         "监测站点编码 监测站点名称 监测时间 PM25浓度 PM10浓度 二氧化硫浓度 二氧化氮浓度 一氧化碳浓度 臭氧浓度 空气质量指数 首要污染物 空气质量级别",
         "U RT API json OU-API T:T11-01"),
        ("排污许可信息", "排污许可证核发信息。",
         "许可证编号 单位名称 统一社会信用代码 法定代表人 行业类别 生产经营场所地址 主要污染物类别 排放方式 有效期起始日期 有效期截止日期 发证机关",
         "U D API mysql OU-VIEW T:T11-03 DB:DZZZJCK"),
        ("重点排污单位名录", "年度环境监管重点单位名录。",
         "统一社会信用代码 单位名称 所在区县 行业类别 重点排污类别 监管级别 纳入年度",
         "U Y FILE xlsx OU-DL T:T11-03"),
        ("污染源自动监控信息", "重点排污单位废气、废水排放口在线监测数据。",
         "统一社会信用代码 单位名称 排放口编号 监测因子 监测时间 监测值 排放限值 是否超标",
         "C RT API mysql T:T11-03 S:GXJ,NYJ,FGW,SCJGJ",
         {"cond": "用于环境执法、错峰生产和重污染天气应急管控；不得用于商业目的。"}),
        ("建设项目环境影响评价审批信息", "建设项目环境影响报告书（表）审批信息。",
         "项目名称 建设单位 统一社会信用代码 建设地点 环评文件类型 审批文号 审批日期 审批部门",
         "U D FILE xlsx OU-DL T:T11-03"),
        ("地表水水质监测信息", "国控、省控地表水断面水质月度监测结果。",
         "断面编码 断面名称 所属流域 监测日期 水质类别 化学需氧量 氨氮 总磷 水质目标 是否达标",
         "U M FILE xlsx OU-DL T:T11-02"),
        ("生态环境行政处罚信息", "生态环境领域行政处罚双公示信息。",
         "@处罚", "U D FILE xlsx OU-DL T:T08-03 DB:SHXYJCK"),
        ("突发环境事件应急预案备案信息", "企业突发环境事件应急预案备案信息。",
         "备案编号 单位名称 统一社会信用代码 环境风险等级 备案日期 受理部门",
         "U M FILE xlsx OU-DL T:T12-01"),
    ),
    "SWJ": (
        ("纳税信用等级信息", "纳税人纳税信用评价结果，A级纳税人名单向社会公布。",
         "纳税人识别号 纳税人名称 统一社会信用代码 评价年度 纳税信用级别! 评价日期 主管税务机关",
         "U Y API oracle OU-VIEW LP T:B04,T08-01 DB:SHXYJCK"),
        ("税务登记信息", "纳税人税务登记（信息确认）信息。",
         "纳税人识别号 纳税人名称 统一社会信用代码 法定代表人 登记注册类型 行业 生产经营地址 登记日期 主管税务机关 纳税人状态",
         "C D API oracle LP T:B02 DB:FRJCK S:SCJGJ,TJJ,FGW,CZJ,RSJ"),
        ("纳税人欠税信息", "欠税公告信息。",
         "纳税人识别号 纳税人名称 统一社会信用代码 法定代表人 欠税税种 欠税余额 当期新发生欠税金额 公告日期 主管税务机关",
         "U Q FILE xlsx OU-DL LP T:T08-03 DB:SHXYJCK"),
        ("重大税收违法失信主体信息", "依法公布的重大税收违法失信主体信息。",
         "纳税人名称 统一社会信用代码 法定代表人 主要违法事实 相关法律依据及税务处理处罚情况 案件性质 公布日期 检查机关",
         "U M API oracle OU-VIEW LP T:T08-03 DB:SHXYJCK"),
        ("企业纳税明细信息", "纳税人分税种申报缴纳明细。",
         "纳税人识别号 纳税人名称 统一社会信用代码 所属期起 所属期止 税种 应纳税额 已缴税额 入库日期",
         "N M DB oracle I LP",
         {"basis": "《中华人民共和国税收征收管理法》第八条：税务机关应当依法为纳税人、扣缴义务人的情况保密；按“银税互动”等专项机制另行提供。"}),
        ("完税证明信息", "税收完税证明开具信息，用于证明真伪核验。",
         "完税证明号码 纳税人识别号 纳税人名称 税种 实缴金额 入库日期 开具税务机关",
         "C RT API rest LP S:BDCDJ,ZJJ,GJJ,XZSPJ", {"cond": VERIFY_CONDITION}),
        ("发票真伪核验服务", "增值税发票真伪查验接口。",
         "发票代码~ 发票号码~ 开票日期~ 开票金额~ 销售方纳税人识别号 购买方纳税人识别号 校验码~ 核验结果",
         "C RT API webservice LP S:CZJ,SJJ,GGZYJY,XZSPJ", {"cond": VERIFY_CONDITION}),
    ),
    "SHUIWJ": (
        ("取水许可信息", "取水许可证核发信息。",
         "取水许可证编号 取水权人名称 统一社会信用代码 取水地点 取水方式 年取水量 水源类型 取水用途 有效期起始日期 有效期截止日期 审批机关",
         "U M FILE xlsx OU-DL T:T11-02 DB:ZRZYJCK"),
        ("水库基本信息", "大中小型水库工程基本信息。",
         "水库编码 水库名称 所在河流 所在乡镇 总库容 兴利库容 坝型 坝高 工程规模 主管单位",
         "U Y FILE xlsx OU-DL T:T12-02 DB:ZRZYJCK"),
        ("雨水情监测信息", "水文、雨量站实时监测数据。",
         "测站编码 测站名称 测站类型 监测时间 时段降雨量 水位 流量 警戒水位",
         "U RT API json OU-API T:T12-02 DB:YJGLZTK"),
        ("河湖长制河湖信息", "河湖名录和河湖长公示信息。",
         "河湖编码 河湖名称 河湖长度 流经区县 河长姓名 河长职务 公示牌编号",
         "U Y FILE xlsx OU-DL T:T11-02"),
        ("城市供水水质信息", "城市公共供水厂出厂水和管网水水质检测信息。",
         "水厂名称 检测日期 检测项目 检测值 标准限值 检测结论",
         "U M FILE pdf OU-DL T:T11-02"),
    ),
    "NYNCJ": (
        ("农村土地承包经营权确权登记信息", "农村土地承包经营权确权登记颁证信息。",
         "承包方编码 承包方代表姓名 公民身份号码 地块编码 地块名称 承包地块面积 承包期限起 承包期限止 发包方名称 承包经营权证书编号 所在村",
         "C Y DB mysql I T:T09-04,B03 DB:ZRZYJCK S:ZRZYJ,BDCDJ,CZJ"),
        ("农药经营许可信息", "农药经营许可双公示信息。",
         "@许可", "U M FILE xlsx OU-DL T:T04-03 DB:SHXYJCK"),
        ("动物防疫条件合格证信息", "动物饲养场、屠宰加工场所等动物防疫条件合格证。",
         "证书编号 单位名称 统一社会信用代码 场所地址 经营范围 发证日期 发证机关",
         "U M FILE xlsx OU-DL T:T04-03"),
        ("新型农业经营主体信息", "农民专业合作社、家庭农场等新型经营主体名录。",
         "主体名称 统一社会信用代码 主体类型 法定代表人 所在乡镇 经营范围 成员数 认定级别 认定日期",
         "U Q API json OU-API T:T09-04"),
        ("农产品质量安全例行监测信息", "蔬菜、水果、畜禽产品农药兽药残留例行监测结果。",
         "样品编号 样品名称 受检单位 抽样地点 抽样日期 检测项目 检测结果 判定结论 检测机构",
         "U M FILE xlsx OU-DL T:T04-03"),
        ("防止返贫监测对象信息", "脱贫不稳定户、边缘易致贫户和突发严重困难户的监测帮扶信息。",
         "公民身份号码 户主姓名 家庭人口数 监测对象类别 风险类型 纳入日期 风险消除日期 帮扶措施 所属乡镇街道 所属村社区",
         "C M DB mysql T:T03-04 DB:SHBZZTK " + _SOCIAL_SCOPE),
        ("耕地地力保护补贴发放信息", "耕地地力保护补贴面积和发放信息。",
         "公民身份号码 姓名 补贴面积 补贴标准 补贴金额 发放日期 所在村 银行账号",
         "C Y FILE xlsx T:T09-04 S:CZJ,SJJ"),
    ),
    "SHANGWJ": (
        ("对外贸易经营者备案信息", "对外贸易经营者备案登记信息。",
         "备案登记表编号 经营者名称 统一社会信用代码 经营者类型 住所 备案日期",
         "U M FILE xlsx OU-DL T:B02"),
        ("单用途商业预付卡备案信息", "发行单用途商业预付卡企业的备案和预收资金信息。",
         "发卡企业名称 统一社会信用代码 备案编号 发卡类型 备案日期 预收资金余额",
         "C Q FILE xlsx S:SCJGJ,FGW"),
        ("生活必需品市场监测信息", "重点监测企业生活必需品价格、销量和库存。",
         "监测日期 监测品种 监测企业 零售价格 批发价格 销售量 库存量",
         "U W FILE xlsx OU-DL T:T06-02"),
        ("报废机动车回收拆解企业资质认定信息", "报废机动车回收拆解企业资质认定双公示信息。",
         "@许可", "U O FILE xlsx OU-DL", {"note": "资质认定后7个工作日内更新"}),
        ("外商投资企业信息", "外商投资企业投资信息报告数据。",
         "统一社会信用代码 企业名称 投资方国别 投资总额 注册资本 外方认缴出资额 成立日期",
         "U Q FILE xlsx OC-DL T:B02"),
    ),
    "WHLYJ": (
        ("A级旅游景区信息", "A级旅游景区名录、位置、开放时间和门票价格。",
         "景区名称 景区等级 所在区县 景区地址 经度 纬度 开放时间 门票价格 最大承载量 咨询电话",
         "U M API json OU-API T:T01-03"),
        ("旅行社经营许可信息", "旅行社业务经营许可双公示信息。",
         "@许可", "U M FILE xlsx OU-DL T:T01-03 DB:SHXYJCK"),
        ("星级饭店信息", "星级旅游饭店评定信息。",
         "饭店名称 星级 统一社会信用代码 饭店地址 客房数 评定日期",
         "U Y FILE xlsx OU-DL T:T01-03"),
        ("文物保护单位信息", "全国、省、市、县级文物保护单位名录（古堡、古建筑为本市特色）。",
         "文物保护单位名称 保护级别 文物类别 时代 所在地址 公布批次 公布日期 经度 纬度 管理机构",
         "U Y API json OU-API T:T01-03"),
        ("景区客流实时监测信息", "重点景区实时在园人数和承载率。",
         "景区名称 统计时间 实时在园人数 当日累计人数 最大承载量 承载率",
         "U RT API json OU-API T:T01-03,T12-01"),
        ("互联网上网服务营业场所经营许可信息", "网吧经营许可双公示信息。",
         "@许可 计算机台数", "U M FILE xlsx OU-DL"),
        ("文化市场行政处罚信息", "文化市场综合执法行政处罚双公示信息。",
         "@处罚", "U D FILE xlsx OU-DL T:T08-03 DB:SHXYJCK"),
        ("非物质文化遗产代表性项目信息", "国家、省、市、县级非遗代表性项目名录。",
         "非遗项目名称 非遗项目编号 非遗项目类别 项目级别 申报地区 保护单位 公布批次",
         "U Y FILE xlsx OU-DL T:T01-03"),
    ),
    "TYJRSWJ": (
        ("退役军人基本信息", "退役军人和其他优抚对象的信息采集数据。",
         "公民身份号码 姓名 性别 出生日期 入伍日期 退役日期 退役类别 安置方式 户籍地址 联系电话",
         "C Y DB dm I T:B01 DB:RKJCK S:RSJ,MZJ,YBJ,GAJ",
         {"cond": "限于退役军人就业、优待、社会保险接续等服务保障业务使用。"}),
        ("优抚对象抚恤补助信息", "重点优抚对象抚恤和定期生活补助发放信息。",
         "公民身份号码 姓名 优抚对象类别 抚恤补助标准 发放金额 发放年月 所属乡镇街道",
         "C M DB dm T:T03-04 DB:SHBZZTK " + _SOCIAL_SCOPE),
        ("光荣牌悬挂信息", "为军人家庭、退役军人家庭悬挂光荣牌的信息。",
         "公民身份号码 户主姓名 光荣牌类型 悬挂地址 悬挂日期 所属村社区",
         "C O FILE xlsx T:T10-02 S:MZJ", {"note": "逐户悬挂后按批次汇总更新"}),
    ),
    "YJGLJ": (
        ("危险化学品经营许可信息", "危险化学品经营许可证核发信息。",
         "许可证编号 企业名称 统一社会信用代码 法定代表人 经营方式 许可范围 储存设施地址 发证日期 有效期至",
         "U D API mysql OU-VIEW T:T05-02"),
        ("非煤矿山安全生产许可信息", "非煤矿山企业安全生产许可证信息。",
         "许可证编号 单位名称 统一社会信用代码 主要负责人 许可范围 经济类型 发证日期 有效期至 发证机关",
         "U M FILE xlsx OU-DL T:T05-01"),
        ("应急救援队伍信息", "专业和社会应急救援队伍、装备和驻地。",
         "队伍名称 队伍类型 队伍人数 队伍负责人 值班电话 驻地地址 主要装备 专业特长",
         "U Q API json OC-API T:T12-01 DB:YJGLZTK"),
        ("应急物资储备信息", "市县两级应急物资储备库及储备物资。",
         "储备库名称 物资名称 规格型号 计量单位 储备数量 储备地点 管理单位 更新日期",
         "C Q DB mysql I T:T12-01 DB:YJGLZTK S:FGW,SHANGWJ,XFZD,WJW,ZFB"),
        ("生产安全事故信息", "生产安全事故的发生、伤亡和损失信息。",
         "事故编号 事故单位 统一社会信用代码 事故发生时间 事故地点 事故类型 事故等级 死亡人数 受伤人数 直接经济损失",
         "U O FILE xlsx OU-DL T:T05-01,T12-01", {"note": "事故发生后按快报要求即时更新，结案后补充"}),
        ("自然灾害灾情信息", "洪涝、干旱、冰雹、低温冷冻等自然灾害灾情。",
         "灾害类型 灾害发生日期 受灾区县 受灾人口 紧急转移安置人数 因灾死亡人数 农作物受灾面积 倒塌房屋间数 直接经济损失",
         "U O FILE xlsx OU-DL T:T12-02 DB:YJGLZTK", {"note": "灾害发生后24小时内初报，灾情稳定后核报"}),
        ("应急避难场所信息", "应急避难场所位置、容量和管理单位。",
         "场所编码 场所名称 场所类型 场所地址 经度 纬度 有效面积 可容纳人数 管理单位",
         "U Y API json OU-API T:T12-02 DB:YJGLZTK"),
        ("应急管理行政处罚信息", "安全生产和应急管理领域行政处罚双公示信息。",
         "@处罚", "U D FILE xlsx OU-DL T:T08-03 DB:SHXYJCK"),
        ("危险化学品重大危险源信息", "危险化学品重大危险源辨识、分级和备案信息。",
         "危险源编号 单位名称 统一社会信用代码 危险源名称 危险源等级 危险化学品名称 设计储量 经度 纬度 备案日期",
         "C Y DB mysql I T:T05-02 DB:YJGLZTK S:XFZD,STHJJ,ZRZYJ,GAJ"),
    ),
    "NYJ": (
        ("煤矿基本信息", "全市生产、建设煤矿的基本情况，本市以无烟煤为主。",
         "煤矿名称 统一社会信用代码 采矿许可证号 所在区县 隶属集团 核定生产能力 煤种 开采方式 矿井状态 瓦斯等级 水文地质类型",
         "U Q API mysql OU-DL T:T07-01,T05-01 DB:MTNYZTK"),
        ("煤矿安全生产许可信息", "煤矿企业安全生产许可证信息（省级发证）。",
         "安全生产许可证编号 煤矿名称 统一社会信用代码 主要负责人 许可范围 发证日期 有效期至 发证机关",
         "U M FILE xlsx OU-DL LP T:T05-01 DB:MTNYZTK"),
        ("煤炭产量信息", "煤矿月度原煤、商品煤产量和销量。",
         "煤矿名称 统一社会信用代码 统计年月 原煤产量 商品煤产量 煤炭销量 库存量 同比增减",
         "C M DB mysql I T:T07-01 DB:MTNYZTK S:FGW,TJJ,SWJ,GXJ,YJGLJ"),
        ("煤矿安全监控实时信息", "煤矿井下瓦斯、一氧化碳、风速等传感器实时数据。",
         "煤矿名称 测点编号 测点位置 传感器类型 监测值 报警阈值 监测时间 报警状态",
         "C RT API mysql CORE T:T05-01 DB:MTNYZTK S:YJGLJ,XFZD",
         {"cond": "仅限煤矿安全监管监察和应急救援使用；数据属于重要数据，禁止出境和对外提供。"}),
        ("煤矿井下视频监控信息", "煤矿井下重点区域视频监控接入。",
         "煤矿名称 摄像机编号 安装位置 视频流地址 在线状态 接入时间",
         "C RT API flv I T:T05-01 DB:MTNYZTK S:YJGLJ"),
        ("煤层气开发利用信息", "煤层气区块开发、产气和利用情况。",
         "项目名称 开发企业 统一社会信用代码 区块名称 井数 日产气量 年利用量 统计期",
         "U Q FILE xlsx OU-DL T:T07-03 DB:MTNYZTK"),
        ("全社会用电量信息", "分区县、分行业的全社会用电量。",
         "统计年月 行政区划代码 全社会用电量 工业用电量 居民生活用电量 同比增长率",
         "U M FILE csv OU-DL T:T07-02"),
        ("充电基础设施信息", "公共充电站和充电桩分布。",
         "充电站编号 充电站名称 运营单位 充电站地址 经度 纬度 充电桩数量 快充桩数量 收费标准",
         "U M API json OU-API T:T07-03"),
        ("煤矿建设项目核准信息", "煤矿建设项目核准批复信息。",
         "项目名称 建设单位 统一社会信用代码 建设规模 核准文号 核准日期 核准机关",
         "U O FILE pdf OU-DL T:T07-01", {"note": "核准批复印发后5个工作日内更新"}),
    ),
    "CSGLJ": (
        ("数字城管案件信息", "数字化城市管理平台受理的部件、事件案件。",
         "案件编号 问题来源 案件大类 案件小类 发生地址 经度 纬度 上报时间 处置部门 结案时间 案件状态",
         "U D API mysql OU-VIEW T:T10-01 DB:CSGLZTK"),
        ("城市道路照明设施信息", "城市路灯设施台账。",
         "灯杆编号 所在道路 灯具类型 功率 经度 纬度 管护单位",
         "U Y FILE shp OU-DL T:T09-03 DB:CSGLZTK"),
        ("户外广告设施设置许可信息", "户外广告设施设置许可双公示信息。",
         "@许可", "U M FILE xlsx OU-DL"),
        ("燃气经营许可信息", "燃气经营许可双公示信息。",
         "@许可 气源类型", "U M FILE xlsx OU-DL T:T05-02,T07-02"),
        ("城市管理行政处罚信息", "城市管理综合执法行政处罚双公示信息。",
         "@处罚", "U D FILE xlsx OU-DL T:T08-03 DB:SHXYJCK"),
        ("环卫公厕信息", "城市公厕位置和开放时间。",
         "设施编号 设施名称 设施类型 设施地址 经度 纬度 管理单位 开放时间",
         "U Y API json OU-API T:T10-02 DB:CSGLZTK"),
        ("城市部件普查信息", "城市部件普查矢量数据。",
         "部件编码 部件名称 部件大类 部件小类 所在道路 权属单位 经度 纬度",
         "C Y FILE shp T:T10-01 DB:CSGLZTK S:ZJJ,ZRZYJ,JTYSJ"),
    ),
    "XFJ": (
        ("信访事项信息", "来信、来访、网上信访事项登记和办理信息。",
         "信访件编号 信访人姓名 公民身份号码 联系电话 信访形式 问题属地 问题分类 信访内容 登记日期 责任单位 办理状态",
         "N D DB mysql I",
         {"basis": "《信访工作条例》关于保护信访人、不得泄露信访人信息的规定；《中华人民共和国个人信息保护法》第二十八条。"}),
        ("信访事项办理统计信息", "分责任单位的信访事项受理、按期办结和满意度统计。",
         "统计年月 责任单位 受理件数 按期办结件数 按期办结率 群众满意率",
         "U M FILE xlsx OC-DL T:T12-03"),
        ("领导干部接访下访信息", "市级领导干部公开接访、带案下访安排。",
         "接访日期 接访领导 接访地点 接访方式 涉及领域 接待批次 交办事项数",
         "U W FILE docx OU-DL T:T12-03"),
    ),
    "SFJ": (
        ("律师执业信息", "律师执业证核发和执业状态。",
         "执业证号 律师姓名 性别 执业机构 执业类别 首次执业日期 发证日期 执业状态",
         "U M API mysql OU-VIEW"),
        ("律师事务所执业许可信息", "律师事务所执业许可信息。",
         "执业许可证号 律师事务所名称 统一社会信用代码 负责人 组织形式 住所 设立日期 主管司法机关",
         "U M API mysql OU-VIEW T:B02"),
        ("社区矫正对象信息", "社区矫正对象的矫正类别、期限和执行地。",
         "公民身份号码 姓名 性别 矫正类别 罪名 矫正起始日期 矫正结束日期 执行地 矫正机构",
         "N D DB mysql I",
         {"basis": "《中华人民共和国社区矫正法》第四条：社区矫正工作中依法保护社区矫正对象的身份信息和个人隐私。"}),
        ("人民调解组织信息", "人民调解委员会设置信息。",
         "调解组织名称 组织类型 所属乡镇街道 调解员人数 负责人 调解组织电话",
         "U Y FILE xlsx OU-DL T:T10-03"),
        ("法律援助案件信息", "法律援助申请、指派和结案信息。",
         "案件编号 受援人姓名 公民身份号码 案件类型 援助方式 承办机构 承办人 受理日期 结案日期",
         "C M DB mysql S:MZJ,RSJ,ZGH,FL,CL"),
        ("司法鉴定机构信息", "司法鉴定机构执业许可信息。",
         "机构名称 统一社会信用代码 负责人 执业类别 许可证号 机构地址 有效期至",
         "U Y FILE xlsx OU-DL"),
    ),
    "CZJ": (
        ("政府采购合同信息", "政府采购合同公告信息。",
         "合同编号 项目名称 采购人 供应商名称 统一社会信用代码 合同金额 采购方式 合同签订日期 公告日期",
         "U D API mysql OU-DL T:T08-01"),
        ("惠民惠农财政补贴资金发放信息", "通过“一卡通”发放的惠民惠农补贴资金。",
         "公民身份号码 姓名 补贴项目 补贴金额 发放日期 主管部门 社会保障卡号 所属乡镇街道",
         "C M DB mysql I T:T03-04 DB:SHBZZTK S:SJJ,MZJ,NYNCJ,RSJ",
         {"cond": "限于补贴资金监督检查和审计使用，银行账号等敏感项脱敏提供。"}),
        ("行政事业单位国有资产信息", "行政事业单位资产卡片信息。",
         "单位名称 统一社会信用代码 资产类别 资产名称 取得日期 资产原值 资产净值 使用状况",
         "C Y DB mysql S:SJJ,GZW"),
        ("政府债券信息", "地方政府债券发行和资金用途信息。",
         "债券名称 债券编码 债券类型 发行金额 发行日期 债券期限 票面利率 资金用途",
         "U H FILE xlsx OU-DL"),
        ("代理记账机构信息", "代理记账机构审批信息。",
         "机构名称 统一社会信用代码 负责人 审批编号 审批日期 机构地址",
         "U M FILE xlsx OU-DL T:B02"),
    ),
    "SJJ": (
        ("审计结果公告信息", "审计机关依法公告的审计结果。",
         "公告编号 公告标题 审计对象 审计项目类型 公告日期 发布机关 公告附件",
         "U O FILE pdf OU-DL", {"note": "按审计项目办结情况不定期发布"}),
        ("审计查出问题整改信息", "审计查出问题及其整改进展。",
         "审计项目名称 被审计单位 统一社会信用代码 问题类型 问题金额 整改状态 整改期限 整改完成日期",
         "C Q FILE xlsx S:ZFB,CZJ,GZW"),
        ("审计工作底稿", "审计项目实施中形成的工作底稿。",
         "审计项目编号 底稿编号 被审计单位 审计事项 审计过程 审计结论 编制人 编制日期",
         "N O FILE ofd I LD",
         {"basis": "《中华人民共和国审计法》及审计机关保密工作规定：审计工作底稿属于审计档案，未经批准不得对外提供。",
          "note": "随审计项目归档，不定期"}),
    ),
    "TJJ": (
        ("地区生产总值统计信息", "分区县地区生产总值及三次产业增加值。",
         "统计期 行政区划代码 地区生产总值 第一产业增加值 第二产业增加值 第三产业增加值 同比增长率",
         "U Q FILE xlsx OU-DL"),
        ("基本单位名录信息", "统计基本单位名录库中的法人单位和产业活动单位。",
         "统一社会信用代码 单位详细名称 行业代码 登记注册类型 单位规模 从业人员期末人数 营业收入 所在区县",
         "C Y DB oracle T:B02 DB:FRJCK S:FGW,GXJ,SWJ,SCJGJ",
         {"cond": "仅提供名录信息用于行政管理，不提供单个调查对象的统计调查资料。"}),
        ("规模以上工业企业统计调查资料", "规模以上工业企业月度统计调查原始资料。",
         "统一社会信用代码 单位详细名称 统计年月 工业总产值 营业收入 利润总额 从业人员平均人数",
         "N M DB oracle I",
         {"basis": "《中华人民共和国统计法》第九条、第二十五条：统计调查中获得的能够识别或者推断单个统计调查对象身份的资料，不得对外提供、泄露。"}),
        ("人口抽样调查主要数据", "人口变动抽样调查汇总数据。",
         "调查年度 行政区划代码 常住人口 城镇人口 乡村人口 城镇化率 出生率 死亡率 自然增长率",
         "U Y FILE xlsx OU-DL T:B01"),
        ("居民消费价格指数", "居民消费价格分类指数。",
         "统计年月 指数类别 同比指数 环比指数 累计指数 发布日期",
         "U M FILE xlsx OU-DL T:T06-02"),
    ),
    "LYJ": (
        ("森林资源管理一张图", "森林资源管理“一张图”小班矢量数据。",
         "小班号 林班号 所在乡镇 地类 林种 优势树种 小班面积 蓄积量 起源",
         "C Y FILE shp T:T11-04,B03 DB:ZRZYJCK S:ZRZYJ,NYNCJ,STHJJ"),
        ("林木采伐许可信息", "林木采伐许可证核发信息。",
         "采伐许可证号 申请人 采伐地点 采伐四至 林种 树种 采伐方式 采伐面积 采伐蓄积 发证日期",
         "U M FILE xlsx OU-DL T:T11-04"),
        ("森林防火视频监控信息", "重点林区森林防火视频监控接入。",
         "监控点编号 监控点名称 所在林区 经度 纬度 视频流地址 在线状态",
         "C RT API rtsp T:T12-02 S:YJGLJ,XFZD"),
        ("古树名木信息", "古树名木普查和挂牌保护信息。",
         "古树编号 树种 树龄 古树等级 生长位置 经度 纬度 管护单位",
         "U Y API json OU-API T:T11-04"),
    ),
    "KJJ": (
        ("高新技术企业认定信息", "经认定的高新技术企业名单。",
         "证书编号 企业名称 统一社会信用代码 认定年度 所属技术领域 发证日期 有效期至",
         "U Y FILE xlsx OU-DL T:B02"),
        ("科技型中小企业评价信息", "科技型中小企业评价入库信息。",
         "入库登记编号 企业名称 统一社会信用代码 评价年度 职工总数 科技人员数 研发投入",
         "U Y FILE xlsx OC-DL"),
        ("科技计划项目信息", "市级科技计划项目立项和验收信息。",
         "项目编号 项目名称 承担单位 统一社会信用代码 项目类别 立项年度 财政资助金额 项目负责人 执行期限 验收结论",
         "U Y FILE xlsx OU-DL"),
    ),
    "GXJ": (
        ("规模以上工业企业名录", "规模以上工业企业名录和主要产品。",
         "统一社会信用代码 企业名称 所属行业 所在区县 主要产品 从业人员数 企业规模",
         "U Y FILE xlsx OU-DL T:B02"),
        ("专精特新中小企业认定信息", "省级专精特新中小企业和国家级专精特新“小巨人”企业。",
         "统一社会信用代码 企业名称 认定类型 认定年度 主导产品 所属行业 有效期至",
         "U Y FILE xlsx OU-DL T:T08-02"),
        ("工业节能监察信息", "工业企业节能监察结果。",
         "统一社会信用代码 企业名称 监察年度 监察内容 监察结论 整改要求 监察机构",
         "U Y FILE xlsx OU-DL T:T07-02"),
        ("5G基站建设信息", "5G基站建设和开通情况。",
         "基站编号 站址名称 运营商 所在区县 经度 纬度 开通日期",
         "C Q FILE csv S:ZRZYJ,ZJJ,CSGLJ,DSJ"),
    ),
    "GZW": (
        ("市属国有企业基本信息", "市属国有企业及其各级子企业基本信息。",
         "统一社会信用代码 企业名称 企业级次 出资人 注册资本 国有股权比例 主营业务 法定代表人",
         "U Y FILE xlsx OU-DL T:B02"),
        ("国有资本经营预算信息", "国有资本经营预算收支信息。",
         "预算年度 企业名称 统一社会信用代码 上缴利润 收入预算 支出预算",
         "U Y FILE xlsx OU-DL"),
        ("国有企业主要经济指标", "市属国有企业月度主要经济指标。",
         "统一社会信用代码 企业名称 统计年月 资产总额 负债总额 营业总收入 利润总额 资产负债率",
         "C M FILE xlsx S:CZJ,SJJ,TJJ,FGW"),
    ),
    "TYJ": (
        ("公共体育场馆信息", "公共体育场馆开放和收费信息。",
         "场馆名称 场馆类型 场馆地址 经度 纬度 建筑面积 开放时间 收费标准 管理单位",
         "U Y API json OU-API T:T01-01"),
        ("高危险性体育项目经营许可信息", "游泳、攀岩、滑雪等高危险性体育项目经营许可双公示信息。",
         "@许可 体育项目", "U M FILE xlsx OU-DL"),
        ("社会体育指导员信息", "社会体育指导员技术等级证书信息。",
         "证书编号 姓名 公民身份号码 技术等级 指导项目 发证日期 所属单位",
         "C Y FILE xlsx S:JYJ,MZJ"),
    ),
    "RFB": (
        ("人民防空工程信息", "人防工程位置、防护等级和掩蔽能力。",
         "工程编号 工程名称 工程类别 防护等级 坐落位置 建筑面积 掩蔽人数 建成日期 管理单位",
         "N Y DB dm CORE LD",
         {"basis": "《中华人民共和国人民防空法》、《中华人民共和国保守国家秘密法》：人民防空工程信息属于国家秘密，不予共享。"}),
        ("防空警报器设置信息", "防空警报器设置点位和维护信息。",
         "警报器编号 设置地点 警报器类型 警报器功率 经度 纬度 维护单位",
         "C Y FILE xlsx I T:T12-01 S:YJGLJ,XFZD",
         {"cond": "仅限应急指挥调度使用，不得标注在公开地图上。"}),
        ("人防工程易地建设费收缴信息", "防空地下室易地建设费收缴信息。",
         "项目名称 建设单位 统一社会信用代码 应建面积 易地建设费金额 缴费日期",
         "U M FILE xlsx OU-DL"),
    ),
    "DSJ": (
        ("政务数据资源目录汇总信息", "全市已发布政务数据资源目录的汇总清单。",
         "目录编码 资源名称 提供部门 资源分类 共享属性 开放属性 更新周期 发布日期 数据项数",
         "U M FILE json OU-DL"),
        ("电子证照目录信息", "全市电子证照类型目录及签发规则。",
         "证照类型代码 证照类型名称 颁证单位 证照类型级别 持证主体类别 有效期限 是否支持电子亮证",
         "U O API json OU-API T:B05 DB:DZZZJCK", {"note": "新增或调整证照类型时更新"}),
        ("政务外网IP地址分配信息", "电子政务外网IP地址段分配和接入信息。",
         "单位名称 IP地址段 分配日期 地址用途 接入方式 接入联系人",
         "N O DB mysql I",
         {"basis": "《中华人民共和国网络安全法》第二十一条：网络运营者应当按照网络安全等级保护制度的要求履行安全保护义务；网络拓扑和地址规划不予共享。",
          "note": "随IP地址分配变更更新"}),
        ("数据共享交换服务调用统计信息", "共享交换平台接口和库表服务调用统计。",
         "统计年月 资源名称 提供部门 使用部门 调用次数 成功次数 平均响应时间",
         "U M FILE xlsx OC-DL"),
        ("政务云资源使用信息", "政务云计算、存储资源分配和使用情况。",
         "单位名称 系统名称 云主机数 vCPU数 内存容量 存储容量 开通日期",
         "C Q FILE xlsx S:CZJ,SJJ"),
    ),
    "XZSPJ": (
        ("电子证照信息", "全市签发并归集的各类电子证照，支撑“免证办”“亮证办”。",
         "证照标识 证照类型代码 证照类型名称 证照编号 持证主体 持证主体代码 持证主体代码类型 颁证单位 颁证单位代码 颁证日期 有效期起始日期 有效期截止日期 证照状态 证照文件",
         "C RT API+DB kingbase I T:B05 DB:DZZZJCK S:GAJ,MZJ,RSJ,SCJGJ,WJW,ZJJ,GJJ,BDCDJ,JTYSJ,YBJ",
         {"cond": "经持证人授权或依法办理政务服务时调用，逐证查询，不提供批量下载。"}),
        ("政务服务事项清单", "市级政务服务事项基本目录和实施清单。",
         "事项编码 事项名称 事项类型 实施主体 法定办结时限 承诺办结时限 办理形式 是否收费 设定依据",
         "U O API json OU-API T:T01-01", {"note": "事项调整后3个工作日内更新"}),
        ("政务服务办件信息", "政务服务事项申请、受理和办结信息。",
         "办件编号 事项名称 申请人名称 申请人证件号码 受理日期 办结日期 办理结果 受理部门 办理渠道",
         "C D DB kingbase S:DSJ,ZFB"),
        ("12345政务服务便民热线工单信息", "12345热线受理的咨询、求助、投诉工单和办理结果。",
         "工单编号 来电人姓名 来电号码 诉求类型 诉求内容 诉求地址 来电时间 承办单位 办结时间 满意度",
         "C RT API+DB mysql T:T10-02,T12-03 S:CSGLJ,ZJJ,SCJGJ,XFJ,ZFB"),
        ("政务服务好差评信息", "政务服务“好差评”评价和整改信息。",
         "评价编号 事项名称 办件编号 评价渠道 评价等级 评价内容 评价时间 整改状态",
         "U M FILE xlsx OC-DL T:T01-01"),
        ("企业开办一件事办理信息", "企业开办登记、刻章、税务、社保等环节的办理时点。",
         "统一社会信用代码 企业名称 开办环节 申请日期 办结日期 刻章完成日期 税务登记完成日期 社保登记完成日期",
         "U D DB kingbase OU-VIEW T:B02"),
        ("相对集中行政许可信息", "划转至审批局的行政许可事项双公示信息。",
         "@许可", "U D FILE xlsx OU-DL T:T08-01 DB:SHXYJCK"),
        ("工程建设项目审批信息", "工程建设项目审批管理系统中的审批结果。",
         "项目代码 项目名称 建设单位 统一社会信用代码 审批事项 审批结果 批准文号 审批日期",
         "U D API mysql OU-VIEW T:T09-02"),
    ),
    "GGZYJY": (
        ("工程建设项目招标公告信息", "依法必须招标的工程建设项目招标公告。",
         "项目编号 项目名称 招标人 招标代理机构 招标方式 项目所在地 预算金额 公告发布日期 开标时间",
         "U D API json OU-API T:T09-02"),
        ("中标候选人公示信息", "工程建设和政府采购中标候选人公示。",
         "项目编号 项目名称 中标候选人名称 统一社会信用代码 投标报价 排名 公示开始日期 公示结束日期",
         "U D API json OU-API T:T09-02,T08-01"),
        ("评标专家信息", "综合评标专家库专家信息。",
         "专家编号 姓名 公民身份号码 专业类别 职称 工作单位 联系电话 入库日期",
         "C M DB mysql S:FGW,CZJ,SJJ",
         {"cond": "仅限招标投标监管和行政监督部门调查处理使用，评标前不得泄露专家名单。"}),
        ("土地矿业权交易结果信息", "国有建设用地使用权和矿业权交易结果。",
         "交易编号 标的名称 标的类型 竞得人 成交价格 成交日期 交易方式",
         "U D FILE xlsx OU-DL T:T07-01"),
    ),
    "ZFB": (
        ("市政府规范性文件信息", "市政府及市政府办公室印发的规范性文件。",
         "文件标题 发文字号 发文机关 成文日期 发布日期 有效期 文件状态 文件正文",
         "U O FILE ofd OU-DL", {"note": "文件发布后5个工作日内更新"}),
        ("政府信息公开申请办理信息", "依申请公开政府信息的受理和答复情况。",
         "申请编号 申请人名称 申请内容 申请方式 受理日期 答复日期 答复类型 承办单位",
         "C M DB mysql S:SFJ"),
        ("市政府常务会议议定事项督办信息", "市政府常务会议议定事项的分解、督办和落实情况。",
         "议定事项编号 会议名称 会议日期 议定事项 责任单位 办理时限 办理进展 办结状态",
         "C W FILE docx S:SJJ,FGW,CZJ"),
        ("重大行政决策事项目录", "年度重大行政决策事项目录。",
         "决策事项名称 承办单位 决策依据 计划完成时间 公众参与方式 是否听证",
         "U Y FILE pdf OU-DL"),
    ),
    "GJJ": (
        ("住房公积金缴存信息", "个人住房公积金账户缴存信息。",
         "个人公积金账号 公民身份号码 姓名 单位名称 统一社会信用代码 缴存基数 月缴存额 缴存比例 账户状态 开户日期 缴至年月",
         "C M DB oracle I T:T09-01 DB:SHXYJCK S:ZJJ,BDCDJ,RSJ,SWJ,MZJ",
         {"cond": "仅用于住房保障资格审核、个税专项附加扣除核验，按个人查询。"}),
        ("住房公积金贷款信息", "个人住房公积金贷款发放和还款信息。",
         "贷款合同编号 借款人姓名 公民身份号码 贷款金额 贷款期限 贷款利率 放款日期 贷款余额 还款状态 抵押房屋坐落 不动产单元号",
         "C M DB oracle I T:T09-01 S:ZJJ,BDCDJ,MZJ"),
        ("住房公积金提取信息", "住房公积金提取原因和金额。",
         "个人公积金账号 公民身份号码 姓名 提取原因 提取金额 提取日期",
         "C D DB oracle S:ZJJ,MZJ"),
        ("住房公积金缴存单位信息", "住房公积金缴存单位登记信息。",
         "单位公积金账号 单位名称 统一社会信用代码 缴存人数 单位缴存比例 开户日期 单位状态",
         "U M DB oracle T:B02"),
    ),
    "ZGH": (
        ("困难职工帮扶信息", "困难职工建档和帮扶信息。",
         "公民身份号码 姓名 工作单位 困难类型 帮扶方式 帮扶金额 帮扶日期 所属工会",
         "C Y FILE xlsx T:T03-04 S:MZJ,RSJ"),
        ("基层工会组织信息", "基层工会法人登记信息。",
         "统一社会信用代码! 工会名称 所属单位 会员人数 工会主席 成立日期 上级工会",
         "U Y FILE xlsx OU-DL T:B02 DB:FRJCK"),
        ("劳动模范信息", "市级以上劳动模范和先进工作者。",
         "劳模姓名 性别 工作单位 荣誉称号 授予年度 授予机关",
         "U O FILE xlsx OU-DL T:T08-02", {"note": "每届评选表彰后更新"}),
    ),
    "TSW": (
        ("青年志愿者注册信息", "注册青年志愿者和服务时长。",
         "志愿者编号 姓名 公民身份号码 性别 服务领域 注册日期 服务时长 所属组织",
         "C M DB mysql T:T10-02 S:MZJ,WHLYJ"),
        ("希望工程助学信息", "希望工程助学项目受助学生信息。",
         "公民身份号码 学生姓名 就读学校 资助项目 资助金额 资助年度",
         "C Y FILE xlsx T:T03-04 S:JYJ,MZJ"),
        ("基层团组织信息", "基层团组织设置和团员规模。",
         "团组织名称 组织类型 上级团组织 团员人数 成立日期 团组织书记",
         "U Y FILE xlsx OU-DL"),
    ),
    "FL": (
        ("妇女儿童维权服务信息", "妇女儿童维权热线和来访受理信息。",
         "案件编号 当事人姓名 公民身份号码 联系电话 维权类型 诉求内容 受理日期 办理结果",
         "C M DB mysql S:SFJ,MZJ,GAJ"),
        ("巾帼家政服务机构信息", "巾帼家政服务示范机构信息。",
         "机构名称 统一社会信用代码 负责人 服务类型 从业人数 机构地址",
         "U Y FILE xlsx OU-DL"),
        ("农村妇女两癌免费检查救助信息", "农村妇女宫颈癌、乳腺癌免费检查和救助。",
         "公民身份号码 姓名 检查项目 检查日期 检查机构 救助金额",
         "C Y FILE xlsx T:T02-03 S:WJW,MZJ"),
    ),
    "CL": (
        ("残疾人证信息", "第二代残疾人证核发信息。",
         "残疾人证号! 公民身份号码 姓名 性别 残疾类别 残疾等级 发证日期 有效期至 户籍地址 监护人姓名",
         "C D API+DB mysql I T:B01,B05 DB:RKJCK S:MZJ,RSJ,YBJ,JTYSJ,CZJ,JYJ"),
        ("残疾人康复服务信息", "残疾人精准康复服务信息。",
         "公民身份号码 姓名 康复服务类型 服务机构 服务开始日期 服务结束日期",
         "C Q DB mysql T:T02-01 S:WJW,MZJ,YBJ"),
        ("按比例安排残疾人就业审核信息", "用人单位按比例安排残疾人就业年审结果。",
         "统一社会信用代码 单位名称 在职职工人数 安排残疾人就业人数 审核年度 审核结果",
         "C Y FILE xlsx S:SWJ,RSJ"),
    ),
    "BB": (
        ("事业单位法人登记信息", "事业单位法人设立、变更、注销登记信息。",
         "统一社会信用代码! 事业单位名称 法定代表人 举办单位 经费来源 开办资金 住所 宗旨和业务范围 登记管理机关 证书有效期",
         "U D API mysql OU-VIEW T:B02 DB:FRJCK"),
        ("机关群团统一社会信用代码赋码信息", "党政机关和群团机关统一社会信用代码赋码信息。",
         "统一社会信用代码! 机构名称 机构类别 机构规格 主管部门 赋码日期",
         "U M FILE xlsx OU-DL T:B02 DB:FRJCK"),
        ("部门权责清单", "市级部门权力清单和责任清单。",
         "部门名称 权力事项名称 权力类型 实施依据 责任事项 追责情形",
         "U O FILE xlsx OU-DL", {"note": "机构职能调整后15个工作日内更新（第十二条）"}),
    ),
    "XFZD": (
        ("公众聚集场所投入使用营业前消防安全检查信息", "公众聚集场所消防安全检查许可双公示信息。",
         "@许可", "U D FILE xlsx OU-DL T:T12-04 DB:SHXYJCK"),
        ("火灾事故信息", "火灾事故统计信息。",
         "火灾编号 起火时间 起火地点 起火场所类型 起火原因 死亡人数 受伤人数 直接财产损失",
         "U M FILE xlsx OU-DL T:T12-04"),
        ("消防安全重点单位信息", "消防安全重点单位和责任人。",
         "统一社会信用代码 单位名称 单位类别 消防安全责任人 消防安全管理人 单位地址 建筑面积",
         "C Y DB mysql T:T12-04 S:YJGLJ,ZJJ,JYJ,WJW,WHLYJ"),
        ("消防水源信息", "市政消火栓和天然水源位置及状态。",
         "水源编号 水源类型 设置地点 经度 纬度 管网形式 可用状态",
         "U Q API json OU-API T:T12-04 DB:YJGLZTK"),
        ("消防行政处罚信息", "消防救援机构行政处罚双公示信息。",
         "@处罚", "U D FILE xlsx OU-DL T:T08-03 DB:SHXYJCK"),
    ),
    "QXJ": (
        ("气象观测实况信息", "国家级和区域自动气象站逐小时观测数据。",
         "站点编号 站点名称 观测时间 气温 相对湿度 降水量 风向 风速 能见度",
         "U RT API json OU-API T:T12-02 DB:YJGLZTK"),
        ("气象灾害预警信号信息", "暴雨、大风、冰雹、寒潮等气象灾害预警信号。",
         "预警编号 发布单位 预警类型 预警级别 发布时间 影响区域 预警内容 防御指南",
         "U RT API xml OU-API T:T12-02 DB:YJGLZTK"),
        ("雷电防护装置检测资质信息", "雷电防护装置检测资质认定双公示信息。",
         "@许可", "U Y FILE xlsx OU-DL"),
    ),
    # ---------------- 县（市、区）and the development zone ----------------
    "140502-DSJ": (
        ("政务数据资源目录汇总信息", "城区已发布政务数据资源目录的汇总清单。",
         "目录编码 资源名称 提供部门 资源分类 共享属性 开放属性 更新周期 发布日期 数据项数",
         "U M FILE json OU-DL"),
        ("网格化社会治理事件信息", "网格员上报的矛盾纠纷、安全隐患和民生诉求事件。",
         "事件编号 事件类型 事件描述 所属网格 所属乡镇街道 发生地址 上报时间 上报网格员 处置部门 办结时间 事件状态",
         "C D API mysql T:T10-01 DB:CSGLZTK S:140500-CSGLJ,140500-XFJ,140500-GAJ"),
        ("网格员信息", "全科网格员配备和网格划分信息。",
         "网格编码 网格名称 所属乡镇街道 网格员姓名 网格员联系电话 网格户数 网格人口",
         "C Y FILE xlsx T:T10-01 S:140500-MZJ"),
    ),
    "140502-MZJ": (
        ("社区居家养老服务对象信息", "享受社区居家养老服务补贴的老年人。",
         "公民身份号码 姓名 出生日期 居住地址 服务类型 补贴标准 服务机构 所属乡镇街道",
         "C M FILE xlsx T:T10-02 DB:SHBZZTK S:140500-MZJ,140500-WJW"),
        ("城乡最低生活保障对象信息", "城区低保家庭和保障金发放信息。",
         "公民身份号码 姓名 性别 户籍地址 保障类别 家庭人口数 保障人数 月保障金额 开始保障日期 所属乡镇街道 所属村社区",
         "C M DB dm T:T03-04 DB:SHBZZTK S:140500-MZJ,140500-RSJ,140500-YBJ"),
        ("社区基本信息", "城区社区居委会和社区综合服务设施。",
         "社区名称 社区代码 所属乡镇街道 社区书记 户数 常住人口 辖区面积 办公地址 社区服务电话",
         "U Y API json OU-API T:T10-03"),
    ),
    "140502-SCJGJ": (
        ("个体工商户登记信息", "城区个体工商户注册登记信息。",
         "统一社会信用代码! 个体工商户名称 经营者姓名 组成形式 经营场所 经营范围 资金数额 注册日期 登记机关 登记状态",
         "U D DB mysql OU-VIEW T:B02 DB:FRJCK"),
        ("食品经营许可证信息", "城区食品经营许可证核发信息。",
         "许可证编号 经营者名称 统一社会信用代码 法定代表人 经营场所 主体业态 经营项目 发证日期 有效期至",
         "U D FILE xlsx OU-DL T:T04-01"),
        ("农贸市场信息", "城区农贸市场和摊位信息。",
         "市场名称 统一社会信用代码 开办者 市场地址 摊位数 经营品类 快检室配备 监管责任人",
         "U Y FILE xlsx OU-DL T:T04-01"),
    ),
    "140521-DSJ": (
        ("政务数据资源目录汇总信息", "沁水县已发布政务数据资源目录的汇总清单。",
         "目录编码 资源名称 提供部门 资源分类 共享属性 开放属性 更新周期 发布日期 数据项数",
         "U M FILE json OU-DL"),
        ("数据共享申请办理信息", "县级部门提交的数据共享申请及办理情况。",
         "申请编号 申请部门 资源名称 申请用途 申请日期 审核结果 审核日期 授权期限",
         "U M FILE xlsx"),
        ("乡镇便民服务中心信息", "乡镇便民服务中心和村级代办点信息。",
         "服务中心名称 所属乡镇街道 服务地址 进驻事项数 窗口数 工作时间 咨询电话",
         "U Y API json OU-API T:T01-01"),
    ),
    "140521-NYJ": (
        ("煤层气井基本信息", "沁水盆地煤层气井井位、开发企业和产气情况。",
         "井号 井别 所属区块 开发企业 统一社会信用代码 所在乡镇 经度 纬度 完钻井深 投产日期 日产气量 井状态",
         "C M DB mysql I T:T07-03 DB:MTNYZTK S:140500-NYJ,140500-ZRZYJ,140500-YJGLJ,140521-YJGLJ"),
        ("煤矿基本信息", "沁水县辖区煤矿基本情况。",
         "煤矿名称 统一社会信用代码 采矿许可证号 所在乡镇 隶属集团 核定生产能力 煤种 矿井状态 瓦斯等级",
         "U Q FILE xlsx OU-DL T:T07-01 DB:MTNYZTK"),
        ("煤层气集输管网信息", "煤层气集输管线和场站矢量数据。",
         "管线编号 管线名称 运营企业 起点 终点 管径 设计压力 管线长度 投运日期",
         "C Y FILE shp I T:T07-03,T05-02 DB:MTNYZTK S:140500-NYJ,140500-ZRZYJ,140521-YJGLJ,140521-ZRZYJ"),
    ),
    "140521-YJGLJ": (
        ("安全生产风险隐患排查信息", "企业安全风险分级管控和隐患排查治理信息。",
         "隐患编号 企业名称 统一社会信用代码 隐患类别 隐患等级 隐患描述 排查日期 整改期限 整改状态 验收日期",
         "C W DB mysql T:T05-01 DB:YJGLZTK S:140500-YJGLJ,140521-NYJ"),
        ("生产经营单位应急预案备案信息", "生产经营单位生产安全事故应急预案备案。",
         "备案编号 单位名称 统一社会信用代码 预案名称 预案类型 备案日期 备案机关",
         "U M FILE xlsx OU-DL T:T12-01"),
        ("森林草原防灭火检查站信息", "森林草原防灭火检查站位置和值守信息。",
         "检查站编号 检查站名称 所在乡镇 经度 纬度 值守人数 值守电话",
         "U Y FILE xlsx OC-DL T:T12-02"),
    ),
    "140521-ZRZYJ": (
        ("地质灾害隐患点信息", "沁水县地质灾害隐患点和群测群防信息。",
         "隐患点编号 隐患点名称 灾害类型 规模等级 险情等级 威胁人数 经度 纬度 所在乡镇 监测责任人",
         "U Y FILE xlsx OU-DL T:T12-02 DB:YJGLZTK"),
        ("农村宅基地审批信息", "农村村民宅基地申请和审批信息。",
         "申请编号 申请人姓名 公民身份号码 所在村 宅基地面积 建筑面积 审批日期 审批文号",
         "C M DB mysql T:T09-04 DB:ZRZYJCK S:140500-BDCDJ,140500-NYNCJ"),
        ("采煤沉陷区治理信息", "采煤沉陷区范围、受影响村庄和治理进度。",
         "沉陷区编号 所在乡镇 沉陷面积 影响村庄数 影响户数 治理方式 治理进度 责任企业",
         "C Y FILE shp I T:T07-01,T12-02 DB:ZRZYJCK S:140500-ZRZYJ,140500-NYJ,140500-YJGLJ"),
    ),
    "140522-DSJ": (
        ("政务数据资源目录汇总信息", "阳城县已发布政务数据资源目录的汇总清单。",
         "目录编码 资源名称 提供部门 资源分类 共享属性 开放属性 更新周期 发布日期 数据项数",
         "U M FILE json OU-DL"),
        ("县级政务信息系统清单", "县级部门政务信息系统和部署情况。",
         "系统名称 建设单位 上线日期 部署位置 等保级别 是否接入共享平台 运维单位",
         "C Y FILE xlsx S:140500-DSJ"),
        ("政务服务办件统计信息", "阳城县政务服务办件量和办理时效统计。",
         "统计年月 受理部门 受理件数 办结件数 按时办结率 即办件数 网办件数",
         "U M FILE xlsx OU-DL T:T01-01"),
    ),
    "140522-MZJ": (
        ("特困人员救助供养信息", "阳城县特困人员认定和供养信息。",
         "公民身份号码 姓名 性别 出生日期 供养方式 供养机构 基本生活标准 认定日期 所属乡镇街道",
         "C M DB dm T:T03-04 DB:SHBZZTK S:140500-MZJ,140500-YBJ,140500-CZJ"),
        ("城乡最低生活保障对象信息", "阳城县低保家庭和保障金发放信息。",
         "公民身份号码 姓名 性别 户籍地址 保障类别 家庭人口数 保障人数 月保障金额 开始保障日期 所属乡镇街道 所属村社区 银行账号",
         "C M DB dm T:T03-04 DB:SHBZZTK S:140500-MZJ,140500-RSJ,140500-YBJ"),
        ("村（居）民委员会换届选举信息", "村（居）民委员会换届选举结果。",
         "村居名称 所属乡镇街道 选举日期 登记选民数 参选选民数 主任姓名 委员人数",
         "U O FILE xlsx OU-DL T:T10-03", {"note": "每届换届选举结束后更新"}),
    ),
    "140522-WHLYJ": (
        ("A级旅游景区信息", "皇城相府、蟒河等阳城县A级旅游景区信息。",
         "景区名称 景区等级 景区地址 经度 纬度 开放时间 门票价格 最大承载量 咨询电话",
         "U M API json OU-API T:T01-03"),
        ("乡村旅游重点村信息", "全国和省级乡村旅游重点村。",
         "村名 所属乡镇街道 认定级别 认定年度 特色业态 年接待游客量",
         "U Y FILE xlsx OU-DL T:T01-03,T09-04"),
        ("民宿备案信息", "乡村民宿备案和客房信息。",
         "民宿名称 经营者名称 统一社会信用代码 民宿地址 客房数 床位数 备案日期",
         "U M FILE xlsx OU-DL T:T01-03"),
    ),
    "140522-RSJ": (
        ("就业登记信息", "阳城县劳动者就业登记信息。",
         "公民身份号码 姓名 性别 文化程度 就业形式 就业日期 用工单位名称 统一社会信用代码 就业登记日期",
         "C M DB oracle T:T01-02 S:140500-RSJ,140522-MZJ"),
        ("农村劳动力转移就业信息", "农村劳动力外出务工和转移就业信息。",
         "公民身份号码 姓名 性别 所在村 转移就业地点 就业行业 月收入区间 转移就业日期",
         "C Q FILE xlsx T:T01-02 S:140500-RSJ,140500-NYNCJ"),
        ("城乡居民基本养老保险参保信息", "阳城县城乡居民养老保险参保和缴费档次。",
         "公民身份号码 姓名 参保状态 参保日期 缴费档次 个人账户累计储存额 所属乡镇街道",
         "C M DB oracle LP T:T03-01 DB:SHBZZTK S:140500-RSJ,140522-MZJ"),
    ),
    "140524-DSJ": (
        ("政务数据资源目录汇总信息", "陵川县已发布政务数据资源目录的汇总清单。",
         "目录编码 资源名称 提供部门 资源分类 共享属性 开放属性 更新周期 发布日期 数据项数",
         "U M FILE json OU-DL"),
        ("数据质量问题反馈信息", "数据使用部门反馈的数据质量问题及整改。",
         "反馈编号 资源名称 提供部门 反馈部门 问题描述 反馈日期 整改期限 整改状态",
         "U W FILE xlsx"),
        ("县级视频资源共享目录", "县域公共视频监控资源共享目录。",
         "视频点位编号 点位名称 建设单位 所在乡镇 经度 纬度 视频流地址 在线状态",
         "C RT API rtsp T:T10-01 S:140500-GAJ,140500-YJGLJ,140524-LYJ"),
    ),
    "140524-NYNCJ": (
        ("农村集体经济组织登记信息", "农村集体经济组织登记赋码信息。",
         "统一社会信用代码! 组织名称 组织类型 法定代表人 所在村 成员数 登记日期",
         "U Y FILE xlsx OU-DL T:B02,T09-04 DB:FRJCK"),
        ("中药材种植信息", "党参、连翘等中药材种植面积和经营主体。",
         "种植主体名称 统一社会信用代码 所在乡镇 药材品种 种植面积 预计产量 统计年度",
         "U Y FILE xlsx OU-DL T:T09-04"),
        ("防止返贫监测对象信息", "陵川县防止返贫监测对象和帮扶措施。",
         "公民身份号码 户主姓名 家庭人口数 监测对象类别 风险类型 纳入日期 帮扶措施 所属乡镇街道 所属村社区",
         "C M DB mysql T:T03-04 DB:SHBZZTK S:140500-NYNCJ,140500-MZJ,140500-YBJ"),
    ),
    "140524-LYJ": (
        ("古树名木信息", "陵川县古树名木普查信息。",
         "古树编号 树种 树龄 古树等级 生长位置 经度 纬度 管护单位",
         "U Y API json OU-API T:T11-04"),
        ("生态护林员信息", "选聘的生态护林员和管护责任区。",
         "公民身份号码 姓名 所在村 管护面积 管护区域 聘用日期 劳务补助标准",
         "C Y FILE xlsx T:T11-04,T03-04 S:140500-LYJ,140524-NYNCJ"),
        ("森林火灾风险普查信息", "森林可燃物和火灾风险普查成果。",
         "调查样地编号 所在乡镇 样地面积 可燃物类型 可燃物载量 火险等级 调查日期",
         "C O FILE shp T:T12-02 S:140500-LYJ,140500-YJGLJ", {"note": "随风险普查和复核成果更新"}),
    ),
    "140525-DSJ": (
        ("政务数据资源目录汇总信息", "泽州县已发布政务数据资源目录的汇总清单。",
         "目录编码 资源名称 提供部门 资源分类 共享属性 开放属性 更新周期 发布日期 数据项数",
         "U M FILE json OU-DL"),
        ("网格化社会治理事件信息", "泽州县网格员上报事件和处置信息。",
         "事件编号 事件类型 事件描述 所属网格 所属乡镇街道 发生地址 上报时间 上报网格员 处置部门 办结时间 事件状态",
         "C D API mysql T:T10-01 DB:CSGLZTK S:140500-GAJ,140525-GAJ"),
        ("一码通城乡居民码核验信息", "泽州县“一码通”场景核验记录。",
         "核验流水号 公民身份号码~ 核验场景 核验结果 核验时间 核验终端",
         "C RT API rest S:140525-GAJ,140525-WJJ", {"cond": VERIFY_CONDITION}),
    ),
    "140525-GAJ": (
        ("户籍人口信息", "泽州县户籍人口登记信息。",
         "公民身份号码 姓名 性别 民族 出生日期 籍贯 文化程度 婚姻状况 与户主关系 户号 户主姓名 户籍地址 户籍地派出所 人口状态",
         "C D DB oracle I T:B01 DB:RKJCK S:140500-GAJ,140525-JYJ,140525-WJJ"),
        ("居住证信息", "泽州县流动人口居住登记信息。",
         "公民身份号码 姓名 性别 户籍地址 居住地址 居住事由 登记日期 居住证编号 登记派出所",
         "C W DB oracle T:B01 S:140500-GAJ,140525-JYJ"),
        ("重点场所治安检查信息", "旅馆、网吧、寄递等重点场所治安检查记录。",
         "检查编号 场所名称 统一社会信用代码 场所类型 检查日期 检查民警 发现问题 整改要求 复查日期",
         "U W FILE xlsx T:T10-01"),
    ),
    "140525-JYJ": (
        ("学校基本信息", "泽州县中小学和幼儿园基本信息。",
         "学校标识码 学校名称 办学类型 学校地址 所在乡镇 班级数 在校生数 教职工数 经度 纬度",
         "U Y API json OU-API T:T01-01"),
        ("学生资助信息", "泽州县家庭经济困难学生资助信息。",
         "公民身份号码 姓名 学校名称 学段 资助项目 资助金额 资助学年",
         "C H FILE xlsx T:T03-04 S:140500-JYJ,140500-MZJ"),
        ("农村学校校车信息", "农村学校校车和接送线路。",
         "号牌号码 车辆类型 核载人数 服务学校 驾驶人姓名 行驶线路 校车使用许可证号 有效期至",
         "C Q FILE xlsx T:T01-01,T01-04 S:140500-JJZD,140500-JTYSJ"),
    ),
    "140525-WJJ": (
        ("村卫生室信息", "泽州县村卫生室和乡村医生配备。",
         "卫生室名称 所在村 所属乡镇街道 执业许可证号 乡村医生数 业务用房面积 是否纳入医保定点",
         "U Y FILE xlsx OU-DL T:T02-01"),
        ("家庭医生签约服务信息", "泽州县家庭医生签约服务信息。",
         "公民身份号码 姓名 签约团队 签约医生 签约机构 签约日期 服务包类型 签约状态",
         "C M DB mysql T:T02-01 DB:YLJKZTK S:140500-WJW,140500-YBJ"),
        ("预防接种门诊信息", "预防接种门诊设置和服务时间。",
         "接种门诊名称 门诊地址 服务乡镇 接种日 门诊咨询电话 冷链设备数",
         "U Y API json OU-API T:T02-02"),
    ),
    "140581-DSJ": (
        ("政务数据资源目录汇总信息", "高平市已发布政务数据资源目录的汇总清单。",
         "目录编码 资源名称 提供部门 资源分类 共享属性 开放属性 更新周期 发布日期 数据项数",
         "U M FILE json OU-DL"),
        ("政务数据共享使用情况", "高平市部门数据共享申请、授权和调用情况。",
         "统计年月 使用部门 申请资源数 授权资源数 接口调用次数 库表交换量",
         "U M FILE xlsx"),
        ("政务服务自助终端信息", "部署在乡镇、社区的政务服务自助终端。",
         "终端编号 部署地点 所属乡镇街道 可办事项数 投入使用日期 在线状态",
         "U Q API json OU-API T:T01-01"),
    ),
    "140581-GAJ": (
        ("户籍人口信息", "高平市户籍人口登记信息。",
         "公民身份号码 姓名 性别 民族 出生日期 文化程度 婚姻状况 与户主关系 户号 户主姓名 户籍地址 户籍地派出所 人口状态",
         "C D DB oracle I T:B01 DB:RKJCK S:140500-GAJ,140581-NYNCJ"),
        ("养犬登记信息", "城区范围养犬登记和免疫信息。",
         "养犬登记证号 犬主姓名 公民身份号码 犬主联系电话 犬只品种 犬只毛色 免疫日期 登记日期",
         "C M FILE xlsx T:T10-02 S:140581-NYNCJ"),
        ("旅馆业住宿登记信息", "高平市旅馆业旅客入住登记。",
         "公民身份号码 姓名 性别 旅馆名称 旅馆编码 房间号 入住时间 退房时间",
         "C RT API mysql S:140500-GAJ"),
    ),
    "140581-SCJGJ": (
        ("个体工商户登记信息", "高平市个体工商户注册登记信息。",
         "统一社会信用代码! 个体工商户名称 经营者姓名 组成形式 经营场所 经营范围 资金数额 注册日期 登记机关 登记状态",
         "U D DB mysql OU-VIEW T:B02 DB:FRJCK"),
        ("食品小作坊登记信息", "高平烧豆腐、黄梨制品等食品小作坊登记信息。",
         "登记证编号 小作坊名称 统一社会信用代码 经营者姓名 生产地址 生产品种 发证日期 有效期至",
         "U M FILE xlsx OU-DL T:T04-01"),
        ("特种设备使用登记信息", "高平市特种设备使用登记信息。",
         "使用登记证编号 设备类别 设备品种 设备代码 使用单位名称 统一社会信用代码 设备使用地点 登记日期 下次检验日期",
         "U W DB mysql OU-VIEW T:T05-04"),
    ),
    "140581-NYNCJ": (
        ("高素质农民培育信息", "高素质农民培训对象和培训内容。",
         "公民身份号码 姓名 所在村 培训类型 培训产业 培训机构 培训日期 结业状态",
         "C Y FILE xlsx T:T09-04 S:140500-NYNCJ,140500-RSJ"),
        ("农业机械登记信息", "拖拉机和联合收割机注册登记信息。",
         "农机号牌号码 机具类型 机具型号 所有人姓名 公民身份号码 登记日期 检验有效期至",
         "C M DB mysql S:140500-NYNCJ,140500-JJZD"),
        ("耕地地力保护补贴发放信息", "高平市耕地地力保护补贴发放信息。",
         "公民身份号码 姓名 补贴面积 补贴标准 补贴金额 发放日期 所在村 银行账号",
         "C Y FILE xlsx T:T09-04 S:140500-CZJ,140500-NYNCJ"),
    ),
    "140571-GWH": (
        ("入区企业信息", "开发区入驻企业和主导产业。",
         "统一社会信用代码 企业名称 所属行业 所在园区 入驻日期 从业人员数 年度营业收入 企业联系人",
         "U Q FILE xlsx OC-DL T:B02"),
        ("开发区重点项目信息", "开发区年度重点项目和建设进度。",
         "项目名称 项目代码 建设单位 总投资 年度计划投资 开工日期 建设进度 所在园区",
         "U M FILE xlsx OU-DL T:T09-02"),
        ("标准地出让信息", "“标准地”出让控制指标和出让结果。",
         "地块编号 地块位置 出让面积 亩均投资强度 亩均税收 容积率 受让企业 出让日期",
         "U M FILE xlsx OU-DL T:T09-02,B03"),
    ),
    "140571-XZSPJ": (
        ("相对集中行政许可信息", "开发区行政审批局作出的行政许可双公示信息。",
         "@许可", "U D FILE xlsx OU-DL T:T08-01"),
        ("企业投资项目备案信息", "开发区企业投资项目备案信息。",
         "项目代码 项目名称 项目单位 统一社会信用代码 建设地点 建设规模及内容 总投资 备案日期",
         "U D API mysql OU-VIEW T:T09-02"),
        ("政务服务办件信息", "开发区政务服务办件信息。",
         "办件编号 事项名称 申请人名称 申请人证件号码 受理日期 办结日期 办理结果 办理渠道",
         "C D DB mysql S:140500-XZSPJ,140500-DSJ"),
    ),
}

# ---------------------------------------------------------------------------------------
# 一数一源 (第十五条): the authoritative item of key data items.
# ---------------------------------------------------------------------------------------

_SOURCES: dict[str, str] = {
    "公民身份号码": "140500-GAJ/居民身份证信息",
    "统一社会信用代码": "140500-SCJGJ/企业登记信息",
    "号牌号码": "140500-JJZD/机动车登记信息",
    "不动产单元号": "140500-BDCDJ/不动产登记信息",
    "纳税信用级别": "140500-SWJ/纳税信用等级信息",
    "社会保障卡号": "140500-RSJ/社会保障卡信息",
    "死亡日期": "140500-WJW/居民死亡医学证明信息",
    "出生医学证明编号": "140500-WJW/出生医学证明信息",
    "采矿许可证号": "140500-ZRZYJ/采矿许可证信息",
    "残疾人证号": "140500-CL/残疾人证信息",
    "全国学籍号": "140500-JYJ/中小学学生学籍信息",
    "医疗机构执业许可证登记号": "140500-WJW/医疗机构执业许可信息",
}


# ---------------------------------------------------------------------------------------
# 数据字典 (第十条)
# ---------------------------------------------------------------------------------------
#
# Codes are the pinyin initials of the name, uppercase (公民身份号码 → GMSFHM), as real
# catalogs write them; ``_FIELDS`` overrides the code where initials collide or a character
# has several readings, and gives type, length, sensitivity and description where the rules
# in ``_infer_type`` / ``_infer_flag`` would not. Type specs: S<len> string, I<len> integer,
# N<len> decimal, D date, T datetime, B boolean, X binary. Flags: ID / PHONE / NAME / ADDRESS
# / BANK / FULL (sensitive, with that masking rule), "-" non-sensitive, "V" adds verify-only.

_FIELDS: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    # name: (code, type, flag, description)
    "公民身份号码": (None, "S18", "ID", "18位公民身份号码，符合GB 11643"),
    "统一社会信用代码": (None, "S18", "-", "18位法人和其他组织统一社会信用代码，符合GB 32100"),
    "姓名": (None, "S50", "NAME", "与居民身份证一致的姓名"),
    "性别": (None, "S1", "-", "GB/T 2261.1 人的性别代码：1男，2女，9未说明"),
    "民族": (None, "S2", "-", "GB/T 3304 民族代码"),
    "出生日期": (None, "D", "-", "格式YYYY-MM-DD"),
    "住址": (None, "S200", "ADDRESS", "居民身份证登记的住址"),
    "人像照片": (None, "X", "FULL V", "居民身份证人像照片，JPEG，仅用于人脸比对，不返回原图"),
    "证件状态": (None, "S2", "-", "01有效，02挂失，03注销，04过期"),
    "签发机关": (None, "S100", "-", "签发居民身份证的公安机关"),
    "文化程度": (None, "S2", "-", "GB/T 4658 学历代码"),
    "婚姻状况": (None, "S2", "-", "GB/T 2261.2 婚姻状况代码：10未婚，20已婚，30丧偶，40离婚"),
    "兵役状况": (None, "S1", "-", "GB/T 2261.3 兵役状况代码"),
    "与户主关系": (None, "S2", "-", "GB/T 4761 家庭关系代码"),
    "户别": (None, "S1", "-", "1家庭户，2集体户"),
    "人口状态": (None, "S1", "-", "0正常，1死亡，2迁出，3注销"),
    "曾用名": (None, "S50", "NAME", ""),
    "行政区划代码": (None, "S6", "-", "GB/T 2260 六位行政区划代码"),
    "迁出地行政区划": (None, "S6", "-", "GB/T 2260 行政区划代码"),
    "迁入地行政区划": (None, "S6", "-", "GB/T 2260 行政区划代码"),
    "参保地行政区划": (None, "S6", "-", "GB/T 2260 行政区划代码"),
    "国籍": (None, "S3", "-", "GB/T 2659 世界各国和地区名称代码"),
    "男方国籍": (None, "S3", "-", "GB/T 2659 世界各国和地区名称代码"),
    "女方国籍": ("NVFGJ", "S3", "-", "GB/T 2659 世界各国和地区名称代码"),
    "女方姓名": ("NVFXM", "S50", "NAME", ""),
    "女方公民身份号码": ("NVFGMSFHM", "S18", "ID", "18位公民身份号码，外籍当事人填写护照号码"),
    "男方公民身份号码": (None, "S18", "ID", "18位公民身份号码，外籍当事人填写护照号码"),
    "有效期自": ("YXQQ", "D", "-", "许可有效期起始日期，格式YYYY-MM-DD"),
    "有效期至": (None, "D", "-", "有效期截止日期，长期有效填2099-12-31"),
    "营业期限自": ("YYQXQ", "D", "-", "格式YYYY-MM-DD"),
    "营业期限至": (None, "D", "-", "长期的填2099-12-31"),
    "授权资源数": ("SHQZYS", "I10", "-", "获得授权的资源数"),
    "发卡日期": ("FKRQ", "D", "-", "格式YYYY-MM-DD"),
    "发卡银行": ("FKYH", "S100", "-", "社会保障卡金融功能合作银行"),
    "发卡企业名称": ("FKQYMC", "S200", "-", ""),
    "发卡类型": ("FKLX", "S20", "-", "集团发卡、品牌发卡、规模发卡、其他发卡"),
    "行政相对人类别": (None, "S20", "-", "法人及非法人组织、自然人、个体工商户"),
    "行政许可决定文书号": (None, "S128", "-", "行政许可决定文书编号"),
    "行政处罚决定书文号": (None, "S128", "-", ""),
    "处罚类别": (None, "S50", "-", "警告、通报批评、罚款、没收违法所得、暂扣许可证件、吊销许可证件、责令停产停业等"),
    "违法行为类型": (None, "S200", "-", "违反的法律、法规或规章的条款所规定的违法行为"),
    "公示截止期": (None, "D", "-", "双公示信息在信用网站的公示截止日期"),
    "数据来源单位": (None, "S200", "-", "数据提供部门全称"),
    "许可机关统一社会信用代码": (None, "S18", "-", "作出许可决定机关的统一社会信用代码"),
    "处罚机关统一社会信用代码": (None, "S18", "-", "作出处罚决定机关的统一社会信用代码"),
    "法定代表人": (None, "S50", "-", "法定代表人（负责人、经营者）姓名，依法公示"),
    "企业类型": (None, "S4", "-", "市场主体类型代码（GS 15-2006）"),
    "登记状态": (None, "S2", "-", "存续（在营、开业、在册）、吊销、注销、迁出"),
    "所属行业": (None, "S5", "-", "GB/T 4754-2017 国民经济行业分类代码"),
    "行业": (None, "S5", "-", "GB/T 4754-2017 国民经济行业分类代码"),
    "行业代码": (None, "S5", "-", "GB/T 4754-2017 国民经济行业分类代码"),
    "行业类别": (None, "S100", "-", "排污许可分类管理名录行业类别"),
    "登记注册类型": (None, "S3", "-", "企业登记注册类型代码"),
    "经营范围": (None, "S4000", "-", "以登记机关核准的经营范围为准"),
    "号牌号码": (None, "S15", "-", "机动车号牌号码，如晋E12345"),
    "号牌种类": (None, "S2", "-", "GA 24.7 机动车号牌种类代码"),
    "车辆识别代号": (None, "S17", "-", "17位车辆识别代号（VIN）"),
    "使用性质": (None, "S2", "-", "GA 24.3 机动车使用性质代码"),
    "机动车所有人": (None, "S100", "NAME", "单位所有的为单位名称"),
    "所有人证件号码": (None, "S18", "ID", "个人为公民身份号码，单位为统一社会信用代码"),
    "准驾车型": (None, "S10", "-", "A1、A2、B1、B2、C1等"),
    "累积记分": (None, "I2", "-", "当前记分周期累积记分"),
    "记分": (None, "I2", "-", ""),
    "违法代码": (None, "S5", "-", "GA 408.1 道路交通安全违法行为代码"),
    "不动产单元号": (None, "S28", "-", "28位不动产单元代码，符合GB/T 37346"),
    "权利人": (None, "S200", "NAME", "自然人为姓名，单位为单位名称"),
    "权利人证件号码": (None, "S18", "ID", ""),
    "坐落": (None, "S200", "ADDRESS", "不动产坐落"),
    "买受人": (None, "S100", "NAME", ""),
    "买受人证件号码": (None, "S18", "ID", ""),
    "抵押人": (None, "S200", "NAME", ""),
    "申请人证件号码": (None, "S18", "ID", "自然人为公民身份号码，法人为统一社会信用代码"),
    "证件号码": (None, "S20", "FULL", "出入境证件号码"),
    "银行账号": (None, "S30", "BANK", "发放资金的银行账号"),
    "个人公积金账号": (None, "S20", "BANK", ""),
    "社会保障卡号": (None, "S9", "BANK", "社会保障卡卡号（9位）"),
    "联系电话": (None, "S20", "PHONE", "手机或固定电话"),
    "纳税人识别号": (None, "S20", "-", "一般为统一社会信用代码"),
    "纳税信用级别": (None, "S1", "-", "A、B、M、C、D"),
    "发票代码": (None, "S12", "-", ""),
    "发票号码": (None, "S8", "-", ""),
    "校验码": (None, "S20", "-", "发票校验码后6位"),
    "核验结果": (None, "S1", "-", "1一致，0不一致"),
    "查询结果": (None, "S1", "-", "1无犯罪记录，0有记录，不返回具体记录"),
    "全国学籍号": (None, "S19", "-", "G+公民身份号码，全国唯一"),
    "学校标识码": (None, "S10", "-", "教育部学校（机构）标识码"),
    "出生医学证明编号": (None, "S10", "-", "字母+9位数字"),
    "根本死因ICD编码": ("GBSYICDBM", "S10", "FULL", "ICD-10疾病分类编码"),
    "根本死亡原因": (None, "S200", "FULL", ""),
    "死亡原因": (None, "S200", "FULL", ""),
    "既往病史": (None, "S2000", "FULL", ""),
    "过敏史": (None, "S500", "FULL", ""),
    "家族史": (None, "S500", "FULL", ""),
    "血型": (None, "S2", "FULL", "ABO血型代码"),
    "诊断名称": (None, "S200", "FULL", ""),
    "病种名称": (None, "S100", "FULL", ""),
    "CD4检测结果": (None, "I5", "FULL", "单位：个/微升"),
    "治疗状态": (None, "S2", "FULL", ""),
    "危险性评估等级": (None, "S1", "FULL", "0-5级"),
    "罪名": (None, "S200", "FULL", ""),
    "违法犯罪事实": (None, "S4000", "FULL", ""),
    "信访内容": (None, "S4000", "FULL", ""),
    "诉求内容": (None, "S4000", "FULL", "可能含个人信息，共享前全部遮蔽"),
    "残疾类别": (None, "S1", "FULL", "GB/T 26341 残疾人残疾分类：1视力 2听力 3言语 4肢体 5智力 6精神 7多重"),
    "残疾等级": (None, "S1", "FULL", "一级至四级"),
    "伤残等级": (None, "S2", "FULL", "一级至十级"),
    "家庭经济困难等级": (None, "S1", "FULL", "1特别困难，2比较困难，3一般困难"),
    "矫正类别": (None, "S1", "FULL", "管制、缓刑、假释、暂予监外执行"),
    "视频流地址": (None, "S500", "FULL", "RTSP/FLV取流地址，含鉴权参数，仅在授权后下发"),
    "IP地址段": ("IPDZD", "S50", "FULL", "CIDR格式"),
    "vCPU数": ("VCPUS", "I6", "-", "虚拟CPU核数"),
    "PM25浓度": ("PM25ND", "N8", "-", "PM2.5小时浓度，单位：微克/立方米"),
    "PM10浓度": ("PM10ND", "N8", "-", "单位：微克/立方米"),
    "一氧化碳浓度": (None, "N8", "-", "单位：毫克/立方米"),
    "空气质量指数": (None, "I4", "-", "AQI，HJ 633-2012"),
    "空气质量级别": (None, "S10", "-", "优、良、轻度污染、中度污染、重度污染、严重污染"),
    "水质类别": (None, "S4", "-", "GB 3838-2002 Ⅰ至劣Ⅴ类"),
    "水质目标": (None, "S4", "-", "GB 3838-2002 Ⅰ至Ⅴ类"),
    "瓦斯等级": (None, "S10", "-", "低瓦斯、高瓦斯、煤与瓦斯突出"),
    "煤种": (None, "S20", "-", "无烟煤、贫煤、贫瘦煤等"),
    "水文地质类型": (None, "S10", "-", "简单、中等、复杂、极复杂"),
    "核定生产能力": (None, "N10", "-", "单位：万吨/年"),
    "生产规模": (None, "S50", "-", "如120万吨/年"),
    "开采方式": (None, "S10", "-", "露天开采、地下开采"),
    "密级": (None, "S4", "-", "秘密、机密、绝密"),
    "比例尺": (None, "S10", "-", "如1:500、1:2000"),
    "坐标系统": (None, "S30", "-", "2000国家大地坐标系（CGCS2000）"),
    "高程基准": (None, "S30", "-", "1985国家高程基准"),
    "经度": (None, "N12", "-", "CGCS2000坐标系，十进制度，保留6位小数"),
    "纬度": (None, "N12", "-", "CGCS2000坐标系，十进制度，保留6位小数"),
    "监测因子": (None, "S50", "-", "如颗粒物、二氧化硫、氮氧化物、化学需氧量、氨氮"),
    "空间分辨率": (None, "N6", "-", "单位：米"),
    "云量": (None, "N5", "-", "单位：%"),
    "数据量": (None, "N12", "-", "单位：GB"),
    "功率": (None, "N8", "-", "单位：瓦"),
    "警报器功率": (None, "N8", "-", "单位：千瓦"),
    "首班时间": (None, "S5", "-", "格式HH:MM"),
    "末班时间": (None, "S5", "-", "格式HH:MM"),
    "开放时间": (None, "S100", "-", "如08:00-18:00，节假日另行公告"),
    "工作时间": (None, "S100", "-", ""),
    "计划完成时间": (None, "S7", "-", "格式YYYY-MM"),
    "平均响应时间": (None, "I8", "-", "单位：毫秒"),
    "法定办结时限": (None, "I4", "-", "单位：工作日"),
    "承诺办结时限": (None, "I4", "-", "单位：工作日"),
    "出让年限": (None, "I3", "-", "单位：年"),
    "贷款期限": (None, "I3", "-", "单位：月"),
    "债券期限": (None, "I3", "-", "单位：年"),
    "树龄": (None, "I5", "-", "单位：年"),
    "出生孕周": (None, "I2", "-", "单位：周"),
    "出生体重": (None, "I5", "-", "单位：克"),
    "排名": (None, "I3", "-", ""),
    "行驶方向": (None, "I3", "-", "正北为0，顺时针，单位：度"),
    "速度": (None, "N6", "-", "单位：公里/小时"),
    "气温": (None, "N5", "-", "单位：摄氏度"),
    "相对湿度": (None, "N5", "-", "单位：%"),
    "风向": (None, "I3", "-", "单位：度"),
    "风速": (None, "N5", "-", "单位：米/秒"),
    "能见度": (None, "I6", "-", "单位：米"),
    "降水量": (None, "N8", "-", "单位：毫米"),
    "时段降雨量": (None, "N8", "-", "单位：毫米"),
    "水位": (None, "N8", "-", "单位：米（85高程）"),
    "警戒水位": (None, "N8", "-", "单位：米（85高程）"),
    "流量": (None, "N10", "-", "单位：立方米/秒"),
    "总库容": (None, "N12", "-", "单位：万立方米"),
    "兴利库容": (None, "N12", "-", "单位：万立方米"),
    "坝高": (None, "N8", "-", "单位：米"),
    "化学需氧量": (None, "N8", "-", "单位：毫克/升"),
    "氨氮": (None, "N8", "-", "单位：毫克/升"),
    "总磷": (None, "N8", "-", "单位：毫克/升"),
    "同比指数": (None, "N8", "-", "上年同月=100"),
    "环比指数": (None, "N8", "-", "上月=100"),
    "累计指数": (None, "N8", "-", "上年同期=100"),
    "公布批次": (None, "S20", "-", "如第八批"),
    "资助学年": (None, "S9", "-", "格式YYYY-YYYY"),
    "年龄段": (None, "S20", "-", "80-89周岁、90-99周岁、100周岁以上"),
    "月收入区间": (None, "S20", "-", ""),
    "劳动合同期限": (None, "S50", "-", "固定期限、无固定期限、以完成一定工作任务为期限"),
    "使用期限": (None, "S100", "-", "土地使用期限起止"),
    "有效期": (None, "S50", "-", ""),
    "有效期限": (None, "S50", "-", ""),
    "证书有效期": (None, "S50", "-", ""),
    "执行期限": (None, "S50", "-", ""),
    "规划期限": (None, "S20", "-", "如2021-2035年"),
    "授权期限": (None, "S50", "-", "不超过三年（第三十一条）"),
    "居住证有效期限": (None, "S50", "-", ""),
    "卡有效期": (None, "S10", "-", ""),
    "收费标准": (None, "S200", "-", "含计价单位"),
    "能耗限额标准": (None, "S100", "-", ""),
    "门票价格": (None, "S200", "-", "旺季、淡季及优惠政策"),
    "票价": (None, "N6", "-", "单位：元"),
    "建设规模": (None, "S500", "-", ""),
    "规格等级": (None, "S50", "-", ""),
    "快检室配备": (None, "B", "-", "是否配备农产品快检室"),
    "星级": (None, "S10", "-", "一星级至五星级"),
    "景区等级": (None, "S4", "-", "A至5A"),
    "满意度": (None, "S10", "-", "非常满意、满意、基本满意、不满意"),
    "接种日": (None, "S50", "-", "每周门诊接种日，如周二、周四"),
    "井别": (None, "S10", "-", "直井、水平井、丛式井"),
    "起点": (None, "S100", "-", ""),
    "终点": (None, "S100", "-", ""),
    "管径": (None, "I5", "-", "单位：毫米"),
    "设计压力": (None, "N6", "-", "单位：兆帕"),
    "完钻井深": (None, "N8", "-", "单位：米"),
    "日产气量": (None, "N12", "-", "单位：立方米/日"),
    "年利用量": (None, "N12", "-", "单位：万立方米"),
    "年取水量": (None, "N12", "-", "单位：万立方米"),
    "原煤产量": (None, "N12", "-", "单位：万吨"),
    "商品煤产量": (None, "N12", "-", "单位：万吨"),
    "煤炭销量": (None, "N12", "-", "单位：万吨"),
    "库存量": (None, "N12", "-", ""),
    "销售量": (None, "N12", "-", ""),
    "储备数量": (None, "N12", "-", "按计量单位"),
    "设计储量": (None, "N12", "-", "单位：吨"),
    "预计产量": (None, "N12", "-", "单位：吨"),
    "蓄积量": (None, "N12", "-", "单位：立方米"),
    "采伐蓄积": (None, "N12", "-", "单位：立方米"),
    "可燃物载量": (None, "N8", "-", "单位：吨/公顷"),
    "综合能源消费量": (None, "N14", "-", "单位：吨标准煤"),
    "单位产值能耗": (None, "N10", "-", "单位：吨标准煤/万元"),
    "全社会用电量": (None, "N14", "-", "单位：万千瓦时"),
    "工业用电量": (None, "N14", "-", "单位：万千瓦时"),
    "居民生活用电量": (None, "N14", "-", "单位：万千瓦时"),
    "核定载质量": (None, "I6", "-", "单位：千克"),
    "线路长度": (None, "N8", "-", "单位：公里"),
    "河湖长度": (None, "N8", "-", "单位：公里"),
    "管线长度": (None, "N8", "-", "单位：公里"),
    "桥梁全长": (None, "N10", "-", "单位：米"),
    "内存容量": (None, "I8", "-", "单位：GB"),
    "存储容量": (None, "N10", "-", "单位：TB"),
    "库表交换量": (None, "I12", "-", "单位：条"),
    "容积率": (None, "N6", "-", ""),
    "亩均投资强度": (None, "N10", "-", "单位：万元/亩"),
    "亩均税收": (None, "N10", "-", "单位：万元/亩"),
    "年接待游客量": (None, "I10", "-", "单位：人次"),
    "服务时长": (None, "N10", "-", "单位：小时"),
    "监测值": (None, "N12", "-", ""),
    "检测值": (None, "N12", "-", ""),
    "限值": (None, "N12", "-", ""),
    "排放限值": (None, "N12", "-", ""),
    "标准限值": (None, "N12", "-", ""),
    "报警阈值": (None, "N12", "-", ""),
    "附件": (None, "X", "-", ""),
    "评价得分": (None, "N6", "-", "百分制"),
    "评价等级": (None, "S2", "-", "A、B、C、D"),
    "信用等级": (None, "S2", "-", ""),
    "接种剂次": (None, "I2", "-", ""),
    "证照标识": (None, "S64", "-", "电子证照唯一标识"),
    "持证主体代码类型": (None, "S3", "-", "统一社会信用代码、公民身份号码、护照号码等"),
    "持证主体代码": (None, "S30", "ID", "自然人为公民身份号码，法人为统一社会信用代码"),
    "持证主体": (None, "S200", "NAME", ""),
    "证照文件": (None, "X", "-", "版式电子证照文件（OFD），含电子印章"),
    "文件正文": (None, "X", "-", "OFD版式文件"),
    "公告附件": (None, "X", "-", "PDF文件"),
    "证照状态": (None, "S2", "-", "有效、注销、吊销、过期"),
    "办理渠道": (None, "S20", "-", "窗口、网上、掌上、自助终端"),
    "来电号码": (None, "S20", "PHONE", ""),
    "承办人姓名": (None, "S50", "NAME", "代单位办理刻章的经办人"),
    "接入联系人": (None, "S50", "NAME", ""),
    "企业联系人": (None, "S50", "NAME", ""),
    "企业联系电话": (None, "S20", "-", "企业年报公示的联系电话"),
    "电子邮箱": (None, "S100", "-", ""),
    "户籍地址": (None, "S200", "ADDRESS", ""),
    "居住地址": (None, "S200", "ADDRESS", ""),
    "现住址": (None, "S200", "ADDRESS", ""),
    "悬挂地址": (None, "S200", "ADDRESS", ""),
    "房源地址": (None, "S200", "ADDRESS", ""),
    "房屋坐落": (None, "S200", "ADDRESS", ""),
    "抵押房屋坐落": (None, "S200", "ADDRESS", ""),
    "诉求地址": (None, "S200", "ADDRESS", ""),
    "律师姓名": (None, "S50", "-", "执业律师姓名依法公示"),
    "劳模姓名": (None, "S50", "-", ""),
    "河长姓名": (None, "S50", "-", "河湖长公示牌公示"),
    "主任姓名": (None, "S50", "-", ""),
    "经营者姓名": (None, "S50", "NAME", "个体工商户经营者"),
    "土地用途": (None, "S10", "-", "GB/T 21010 土地利用现状分类代码"),
    "用地用途": (None, "S10", "-", "国土空间调查、规划、用途管制用地用海分类代码"),
    "用途": (None, "S100", "-", "不动产登记簿记载的用途"),
    "地类名称": (None, "S50", "-", "GB/T 21010 二级地类名称"),
    "定价依据文件": (None, "S200", "-", "定价文件名称及文号"),
    "主体业态": (None, "S50", "-", "食品销售经营者、餐饮服务经营者、单位食堂"),
    "最大承载量": (None, "I10", "-", "单位：人次/日"),
    "影响区域": (None, "S500", "-", ""),
    # descriptions only (type and sensitivity follow the rules below)
    "行政相对人名称": (None, None, None, "法人及非法人组织名称、个体工商户字号或自然人姓名（自然人依规隐去）"),
    "许可证书名称": (None, None, None, "行政许可证书全称，无证书的填“无”以外的许可批文名称"),
    "许可编号": (None, None, None, "行政许可证书编号"),
    "许可内容": (None, None, None, "行政许可决定书的主要内容"),
    "许可机关": (None, None, None, "作出行政许可决定的机关全称"),
    "违法事实": (None, None, None, "行政处罚决定书认定的主要违法事实"),
    "处罚依据": (None, None, None, "作出处罚所依据的法律、法规、规章的具体条款"),
    "处罚内容": (None, None, None, "行政处罚决定书的主要内容"),
    "处罚机关": (None, None, None, "作出行政处罚决定的机关全称"),
    "罚款金额": (None, None, None, "单位：万元，保留6位小数"),
    "没收违法所得金额": (None, None, None, "没收违法所得、没收非法财物的金额，单位：万元"),
    "企业名称": (None, None, None, "以营业执照登记的名称为准"),
    "单位名称": (None, None, None, "单位全称"),
    "项目名称": (None, None, None, "以立项批复的项目名称为准"),
    "项目代码": (None, "S24", None, "投资项目在线审批监管平台赋予的项目代码"),
    "发证机关": (None, None, None, "核发证件的机关全称"),
    "登记机关": (None, None, None, "作出登记的机关全称"),
    "所属乡镇街道": (None, None, None, "乡镇（街道）名称，以GB/T 10114 行政区划代码对应名称为准"),
    "所在乡镇": (None, None, None, "乡镇（街道）名称"),
    "所在村": (None, None, None, "行政村名称"),
    "所属村社区": (None, None, None, "行政村或社区名称"),
    "所在区县": (None, "S6", None, "县级行政区划代码"),
    "建设单位": (None, None, None, "项目建设单位全称"),
    "户主姓名": (None, None, None, "户口簿记载的户主姓名"),
    "户号": (None, "S9", None, "户口簿户号"),
    "户籍地派出所": (None, None, None, "户籍所在地公安派出所"),
    "登记派出所": (None, None, None, "办理登记的公安派出所"),
    "资源名称": (None, None, None, "政务数据资源名称"),
    "提供部门": (None, None, None, "数据资源提供部门全称"),
    "目录编码": (None, None, None, "按本市目录编码规范赋予的目录编码（第十三条）"),
    "资源分类": (None, None, None, "基础信息资源、主题信息资源、部门信息资源"),
    "共享属性": (None, "S10", None, "无条件共享、有条件共享、不予共享（第二十二条）"),
    "开放属性": (None, "S10", None, "无条件开放、有条件开放、不予开放"),
    "更新周期": (None, "S10", None, "实时、每日、每周、每月、每季度、每半年、每年、其他"),
    "数据项数": (None, None, None, "目录包含的数据项个数"),
    "许可证编号": (None, None, None, "许可证书编号"),
    "机构名称": (None, None, None, "机构全称"),
    "住所": (None, None, None, "登记的住所（注册地址）"),
    "在线状态": (None, "S1", None, "1在线，0离线"),
    "证书编号": (None, None, None, "证书上印制的编号"),
    "纳税人名称": (None, None, None, "税务登记的纳税人名称"),
    "煤矿名称": (None, None, None, "以采矿许可证载明的矿山名称为准"),
    "案件编号": (None, None, None, "办案机关内部案件编号"),
    "备案编号": (None, None, None, "备案机关赋予的备案编号"),
    "经营场所": (None, None, None, "实际经营地址"),
    "主体名称": (None, None, None, "市场主体或其他信用主体名称"),
    "学校名称": (None, None, None, "学校全称"),
    "管理单位": (None, None, None, "负责日常管理的单位全称"),
    "负责人": (None, None, None, "主要负责人姓名（依法公示）"),
    "机构地址": (None, None, None, ""),
    "申请人名称": (None, None, None, "自然人为姓名，单位为单位全称"),
    "经营者名称": (None, None, None, "许可证载明的经营者名称"),
    "建设地点": (None, None, None, "具体到乡镇（街道）"),
    "整改状态": (None, "S1", None, "0未整改，1整改中，2已整改"),
    "事项名称": (None, None, None, "以政务服务事项目录为准"),
    "参保状态": (None, "S1", None, "1参保缴费，2暂停缴费，3终止参保"),
    "保障类别": (None, None, None, "城市低保、农村低保"),
    "家庭人口数": (None, None, None, "单位：人"),
    "常住人口": (None, None, None, "单位：人"),
    "死亡人数": (None, None, None, "单位：人"),
    "受伤人数": (None, None, None, "单位：人"),
    "组成形式": (None, None, None, "个人经营、家庭经营"),
    "主管税务机关": (None, None, None, "主管税务所（科、分局）全称"),
    "灾害类型": (None, None, None, "崩塌、滑坡、泥石流、地面塌陷、地裂缝"),
    "执业类别": (None, None, None, ""),
    "办理结果": (None, None, None, "准予、不予、退回、撤回"),
    "办件编号": (None, None, None, "政务服务平台统一办件编号"),
    "受理部门": (None, None, None, ""),
    "处置部门": (None, None, None, "承担案件处置的责任部门"),
    "发生地址": (None, None, None, "问题发生地点描述"),
    # codes disambiguated where two names share their initials
    "女性人口": ("NVXRK", "I10", "-", ""),
    "送养人姓名": ("SONGYRXM", "S50", "NAME", ""),
    "检验机构": ("JYJGMC", "S200", "-", "承检机构名称"),
    "检测机构": ("JCJGMC", "S200", "-", "承检机构名称"),
    "城镇人口": ("CHZRK", "I10", "-", "单位：人"),
}

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
def field_spec(name: str) -> dict:
    """The data-dictionary entry of an element name, as DataElement keyword arguments."""
    code, type_spec, flag, description = _FIELDS.get(name, (None, None, None, None))
    if type_spec is None or description is None:
        inferred_type, inferred_description = _infer_type(name)
        type_spec = type_spec or inferred_type
        description = inferred_description if description is None else description
    flags = (flag or _infer_flag(name)).split()
    mask = next((_MASKS[f] for f in flags if f in _MASKS), MaskingRule.NONE)
    length = int(type_spec[1:]) if len(type_spec) > 1 else None
    return {
        "name": name,
        "code": code or field_code(name),
        "type": _TYPES[type_spec[0]],
        "length": length,
        "description": description,
        "sensitivity": Sensitivity.SENSITIVE if mask is not MaskingRule.NONE else Sensitivity.NON_SENSITIVE,
        "masking_rule": mask,
        "verify_only": "V" in flags,
    }


# ---------------------------------------------------------------------------------------
# Building the items
# ---------------------------------------------------------------------------------------

_CYCLES = {
    "RT": UpdateCycle.REALTIME, "D": UpdateCycle.DAILY, "W": UpdateCycle.WEEKLY,
    "M": UpdateCycle.MONTHLY, "Q": UpdateCycle.QUARTERLY, "H": UpdateCycle.HALF_YEARLY,
    "Y": UpdateCycle.YEARLY, "O": UpdateCycle.OTHER,
}
_SHARES = {"U": ShareType.UNCONDITIONAL, "C": ShareType.CONDITIONAL, "N": ShareType.NOT_SHARED}
_MODES = {"DB": ShareMode.DATABASE_TABLE, "API": ShareMode.API, "FILE": ShareMode.FILE}
_GRADES = {"G": DataGrade.GENERAL, "I": DataGrade.IMPORTANT, "CORE": DataGrade.CORE}
_OPENS = {
    "OU-DL": (OpenType.UNCONDITIONAL, OpenMode.DOWNLOAD),
    "OU-API": (OpenType.UNCONDITIONAL, OpenMode.API),
    "OU-VIEW": (OpenType.UNCONDITIONAL, OpenMode.ONLINE_VIEW),
    "OC-DL": (OpenType.CONDITIONAL, OpenMode.DOWNLOAD),
    "OC-API": (OpenType.CONDITIONAL, OpenMode.API),
    "OC-VIEW": (OpenType.CONDITIONAL, OpenMode.ONLINE_VIEW),
}
_LEVELS = {
    "LP": StorageLevel.PROVINCE, "LC": StorageLevel.CITY, "LX": StorageLevel.COUNTY,
    "LD": StorageLevel.DEPARTMENT,
}
_FORMAT_OF = {detail: fmt for fmt, details in FORMAT_DETAILS.items() for detail in details}

_DEFAULT_CONDITIONS = (
    "限于使用部门依法履职相关业务使用，按最小必要原则申请数据项，敏感数据项脱敏后提供，不得转授第三方。",
    "使用部门须说明具体业务场景并经提供部门审核同意，数据仅在申请事由范围内使用，授权期满后删除。",
    "以接口方式按条件查询，单次返回记录不超过100条，不提供批量下载，调用情况纳入平台审计。",
    "共享范围内的部门可直接申请使用；涉及个人信息的数据项按脱敏规则处理后提供。",
)

PUBLISHED_FROM = date(2024, 3, 1)
PUBLISHED_TO = date(2026, 10, 31)


def published_date(key: str) -> date:
    """A stable 发布日期 between PUBLISHED_FROM and PUBLISHED_TO for an item key."""
    span = (PUBLISHED_TO - PUBLISHED_FROM).days + 1
    return PUBLISHED_FROM + timedelta(days=stable_hash(key) % span)


def _region_of(provider: str) -> str:
    return provider.split("-", 1)[0]


def parse_spec(spec: str) -> dict:
    """Turns a compact spec string (see the table header) into CatalogItem keyword arguments."""
    tokens = spec.split()
    share, cycle, modes, detail, *rest = tokens
    out: dict = {
        "share_type": _SHARES[share],
        "update_cycle": _CYCLES[cycle],
        "share_modes": [_MODES[m] for m in modes.split("+")],
        "format": _FORMAT_OF[detail],
        "format_detail": detail,
        "grade": DataGrade.GENERAL,
        "open_type": OpenType.NOT_OPEN,
        "open_mode": OpenMode.NONE,
        "theme_codes": [],
        "database_code": None,
        "share_scope": [],
    }
    for token in rest:
        if token in _GRADES:
            out["grade"] = _GRADES[token]
        elif token in _OPENS:
            out["open_type"], out["open_mode"] = _OPENS[token]
        elif token in _LEVELS:
            out["storage_level"] = _LEVELS[token]
        elif token.startswith("T:"):
            out["theme_codes"] = token[2:].split(",")
        elif token.startswith("DB:"):
            out["database_code"] = token[3:]
        elif token.startswith("S:"):
            out["share_scope"] = [_department_code(code) for code in token[2:].split(",")]
        else:
            raise ValueError(f"unknown spec token {token!r} in {spec!r}")
    if out["share_scope"] and out["share_type"] is not ShareType.CONDITIONAL:
        raise ValueError(f"a share scope belongs to conditional items only: {spec!r}")
    return out


def expand_elements(elements: str) -> list[str]:
    for bundle, names in _BUNDLES.items():
        elements = elements.replace(bundle, names)
    return elements.split()


def build_element(token: str, provider: str, key: str) -> DataElement:
    """One DataElement from an element token (``name``, ``name~`` verify-only, ``name!`` source)."""
    authoritative = token.endswith("!")
    verify = token.endswith("~")
    name = token.rstrip("!~")
    spec = dict(field_spec(name))
    if verify:
        spec["verify_only"] = True
    source = _SOURCES.get(name)
    if source and not authoritative and source != key and not source.startswith(provider + "/"):
        spec["source_item_code"] = source
    return DataElement(**spec)


def build_item(provider: str, row: tuple, category: ResourceCategory | None = None) -> CatalogItem:
    """One CatalogItem from a row of ``_ITEMS``."""
    name, summary, elements, spec, *extra = row
    extras = extra[0] if extra else {}
    key = item_key(provider, name)
    kwargs = parse_spec(spec)
    kwargs.setdefault("storage_level", StorageLevel.CITY if _region_of(provider) == CITY else StorageLevel.COUNTY)
    if category is None:
        kind = _DATABASE_KIND.get(kwargs["database_code"])
        category = (
            ResourceCategory.BASIC if kind is DatabaseKind.BASIC
            else ResourceCategory.THEMATIC if kind is DatabaseKind.THEMATIC
            else ResourceCategory.DEPARTMENTAL
        )
    kwargs["share_scope"] = [code for code in kwargs["share_scope"] if code != provider]
    if kwargs["share_type"] is ShareType.CONDITIONAL:
        kwargs["share_condition"] = extras.get("cond") or _DEFAULT_CONDITIONS[stable_hash(key) % len(_DEFAULT_CONDITIONS)]
    if kwargs["share_type"] is ShareType.NOT_SHARED:
        kwargs["legal_basis"] = extras["basis"]
    if kwargs["update_cycle"] is UpdateCycle.OTHER:
        kwargs["update_cycle_note"] = extras["note"]
    built = [build_element(token, provider, key) for token in expand_elements(elements)]
    if kwargs["share_type"] is ShareType.CONDITIONAL:
        # 第二十二条: part of a conditional item's content is not provided at all.
        built = [e.model_copy(update={"withheld": True}) if e.name in _WITHHELD else e for e in built]
    return CatalogItem(
        name=name,
        summary=summary,
        provider_code=provider,
        category=category,
        published_on=published_date(key),
        elements=built,
        **kwargs,
    )


# Elements of conditional items that are withheld from every consumer (health and complaint details).
_WITHHELD = frozenset({"死亡原因", "根本死亡原因", "根本死因ICD编码", "病种名称", "诉求内容"})


_DATABASE_KIND = {code: kind for code, _, kind, *_ in _DATABASES}


def item_rows() -> list[tuple[str, tuple]]:
    """(provider code, row) for every demo item, in table order (the generator's templates)."""
    return [(_department_code(ref), row) for ref, rows in _ITEMS.items() for row in rows]


@lru_cache(maxsize=1)
def _items() -> tuple[CatalogItem, ...]:
    return tuple(build_item(provider, row) for provider, row in item_rows())


def demo_items() -> list[CatalogItem]:
    """The demo catalog: every item validated by the models (constructing them validates)."""
    return [item.model_copy(deep=True) for item in _items()]
