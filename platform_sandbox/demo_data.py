"""Demo clerks and citizens the sandbox starts with (added once, when missing).

ID numbers are computed here with their GB 11643 check characters; citizens of
region 360702 (赣州市章贡区) are born after 1998 so that the region code existed in
their birth year. Licence types are ids from ``resources/catalog/licence_types``;
shared data is keyed by the client's data-dictionary keys
(``resources/catalog/dictionary``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .ids import make_id_number, make_uscc

SHARED_SOURCE = "赣州市政务数据共享交换平台(沙箱)"


@dataclass(frozen=True)
class DemoClerk:
    username: str
    password: str
    display_name: str
    role: str
    window_code: str


@dataclass(frozen=True)
class DemoLicence:
    type: str
    number: str
    issuer: str
    valid_until: str | None


@dataclass(frozen=True)
class DemoPerson:
    id_number: str
    name: str
    note: str
    licences: tuple[DemoLicence, ...] = ()
    shared: dict[str, str] = field(default_factory=dict)


CLERKS = (
    DemoClerk("wangli", "window2026", "王丽", "clerk", "W01"),
    DemoClerk("chenjing", "window2026", "陈静", "clerk", "W02"),
    DemoClerk("lisi", "counter2026", "李四", "manager", "W01"),
    DemoClerk("admin", "sandbox2026", "系统管理员", "admin", "W00"),
)

ZHANG_WEI = make_id_number("360702", "19990312", 31)      # father
LI_NA = make_id_number("360702", "20000518", 42)          # mother
WANG_XIUYING = "11010519491231002X"                       # pensioner (Beijing-issued)
CHEN_GANG = make_id_number("360702", "19991120", 15)      # restaurant owner
LIU_YANG = make_id_number("360702", "19990808", 57)       # veteran
ZHAO_LEI = make_id_number("360702", "20010101", 79)       # online verification fails
SUN_YUE = make_id_number("360702", "20021015", 86)        # graduate

CHEN_GANG_USCC = make_uscc("92360702MA35K2L9D")  # individual business (个体工商户)

#: id numbers whose online verification fails by default
VERIFICATION_FAILS = frozenset({ZHAO_LEI})

_POLICE = "赣州市公安局章贡分局"
_HOUSEHOLD = "江西省赣州市章贡区红旗大道20号3栋2单元501室"


def _id_card(number: str, until: str | None) -> DemoLicence:
    return DemoLicence("resident_id_card", number, _POLICE, until)


def _person(sex: str, birth: str, **extra: str) -> dict[str, str]:
    """Shared data of a person as applicant, plus role-specific keys."""
    values = {"applicant.sex": sex, "applicant.nation": "汉",
              "applicant.birth_date": f"{birth[:4]}-{birth[4:6]}-{birth[6:]}"}
    values.update(extra)
    return values


PEOPLE = (
    DemoPerson(ZHANG_WEI, "张伟", "新生儿父亲; 已婚", (
        _id_card(ZHANG_WEI, "2039-03-12"),
        DemoLicence("household_register", "360702001234", _POLICE, None),
        DemoLicence("marriage_certificate", "J360702-2024-001234", "章贡区民政局婚姻登记处", None),
        DemoLicence("social_security_card", "A36070212", "赣州市人力资源和社会保障局", "2034-06-30"),
        DemoLicence("driving_licence", ZHANG_WEI, "赣州市公安局交通警察支队", "2030-03-12"),
    ), _person("male", "19990312", **{
        "applicant.address": _HOUSEHOLD, "applicant.household_address": _HOUSEHOLD,
        "applicant.marital_status": "married", "applicant.education": "bachelor",
        "applicant.work_unit": "赣州市章贡区某科技有限公司",
        "father.household_address": _HOUSEHOLD,
        "parents.marriage_certificate_no": "J360702-2024-001234",
        "spouse.name": "李娜", "spouse.id_number": LI_NA,
    })),
    DemoPerson(LI_NA, "李娜", "新生儿母亲; 已婚; 持出生医学证明电子证照", (
        _id_card(LI_NA, "2040-05-18"),
        DemoLicence("household_register", "360702001234", _POLICE, None),
        DemoLicence("marriage_certificate", "J360702-2024-001234", "章贡区民政局婚姻登记处", None),
        DemoLicence("birth_medical_certificate", "Q360123456", "赣州市妇幼保健院", None),
        DemoLicence("social_security_card", "A36070245", "赣州市人力资源和社会保障局", "2035-05-31"),
    ), _person("female", "20000518", **{
        "applicant.address": _HOUSEHOLD, "applicant.household_address": _HOUSEHOLD,
        "applicant.marital_status": "married",
        "mother.household_address": _HOUSEHOLD, "mother.insured_unit": "赣州市第一中学",
        "parents.marriage_certificate_no": "J360702-2024-001234",
        "child.sex": "female", "child.birth_date": "2026-11-20", "child.birth_time": "08:45",
        "child.birth_place": "江西省赣州市章贡区", "child.birth_certificate_no": "Q360123456",
        "spouse.name": "张伟", "spouse.id_number": ZHANG_WEI,
    })),
    DemoPerson(WANG_XIUYING, "王秀英", "退休人员; 身份证长期有效", (
        _id_card(WANG_XIUYING, None),
        DemoLicence("household_register", "110105004321", "北京市公安局朝阳分局", None),
        DemoLicence("social_security_card", "B11010502", "北京市人力资源和社会保障局", "2031-12-31"),
        DemoLicence("disability_certificate", "11010519491231002X44", "北京市朝阳区残疾人联合会", "2028-12-31"),
    ), _person("female", "19491231", **{
        "applicant.address": "北京市朝阳区建国路88号", "applicant.household_address": "北京市朝阳区建国路88号",
        "applicant.residence_address": "江西省赣州市章贡区文清路5号", "applicant.marital_status": "widowed",
        "retirement.community": "章贡区南外街道文清社区",
    })),
    DemoPerson(CHEN_GANG, "陈刚", "个体餐饮店经营者; 持营业执照与食品经营许可证", (
        _id_card(CHEN_GANG, "2039-11-20"),
        DemoLicence("business_licence", CHEN_GANG_USCC, "赣州市章贡区市场监督管理局", None),
        DemoLicence("food_business_licence", "JY23607020012345", "赣州市章贡区市场监督管理局", "2030-05-31"),
    ), _person("male", "19991120", **{
        "applicant.address": "江西省赣州市章贡区章江南大道66号",
        "applicant.household_address": "江西省赣州市章贡区章江南大道66号",
        "business.name": "章贡区陈记小吃店", "business.uscc": CHEN_GANG_USCC,
        "premises.address": "江西省赣州市章贡区文明大道18号",
    })),
    DemoPerson(LIU_YANG, "刘洋", "退役军人", (
        _id_card(LIU_YANG, "2039-08-08"),
        DemoLicence("household_register", "360702005678", _POLICE, None),
        DemoLicence("veteran_preferential_card", "YD360702000057", "赣州市退役军人事务局", None),
        DemoLicence("driving_licence", LIU_YANG, "赣州市公安局交通警察支队", "2031-08-08"),
    ), _person("male", "19990808", **{
        "applicant.household_address": "江西省赣州市章贡区东阳山路9号",
        "veteran.enlist_date": "2017-09-01", "veteran.discharge_date": "2025-09-01",
        "veteran.service_unit": "某部", "veteran.service_years": "8",
    })),
    DemoPerson(ZHAO_LEI, "赵磊", "网络核验不通过的申请人", (
        _id_card(ZHAO_LEI, "2036-01-01"),
    ), _person("male", "20010101", **{
        "applicant.household_address": "江西省赣州市章贡区赣江路1号",
    })),
    DemoPerson(SUN_YUE, "孙悦", "应届高校毕业生", (
        _id_card(SUN_YUE, "2040-10-15"),
        DemoLicence("graduation_certificate", "104031202605001234", "南昌大学", None),
        DemoLicence("degree_certificate", "1040342026001234", "南昌大学", None),
    ), _person("female", "20021015", **{
        "graduate.school": "南昌大学", "graduate.major": "计算机科学与技术",
        "graduate.degree_level": "bachelor", "graduate.graduation_date": "2026-06-30",
        "applicant.education": "bachelor",
    })),
)
