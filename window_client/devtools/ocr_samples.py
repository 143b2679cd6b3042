"""Synthetic pages of real document kinds for the OCR check's tests and benchmark:
each kind with its typical title and field labels (居民户口簿, 结婚证, 营业执照 …)
and made-up values, drawn with the project's CJK font, then treated as a scan or a
document-camera still would be — rotated a few degrees, sensor noise, a JPEG at a
modest quality. Deterministic for a seed. Nothing here is personal data: names come
from a fixed list of invented ones and the ID numbers are built with a valid check
character from a fixed region code."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from window_client.core.validators import id_check_character, uscc_check_character
from window_client.resources import resource

FONT_PATH = resource("fonts", "wqy-microhei.ttc")
PAPER = (247, 245, 240)

# invented names: two or three characters, none a well-known person
NAMES = ("王建华", "李秀英", "张伟", "刘芳", "陈志强", "杨丽娟", "赵国平", "黄海燕",
         "周文斌", "吴晓梅", "徐立新", "孙红霞")
PLACES = ("江西省赣州市章贡区红旗大道18号", "江西省赣州市南康区蓉江街道东山路6号",
          "江西省赣州市赣县区梅林镇长征路102号", "江西省赣州市于都县贡江镇和平路3号")
# material kinds of the corpus: the keys are the kinds of resources/catalog/material_cues.yaml
KINDS = ("household_register", "resident_id_card", "marriage_certificate",
         "divorce_certificate", "business_licence", "birth_medical_certificate",
         "real_estate_certificate", "house_purchase_contract", "death_medical_certificate",
         "vehicle_licence")


@dataclass(frozen=True)
class SamplePage:
    kind: str            # what the page really is
    jpeg: bytes
    id_number: str       # the person's ID number printed on it ("" when none)
    name: str            # the person's name printed on it ("" when none)


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), size, index=0)


def id_number(rng: random.Random) -> str:
    year = rng.randint(1960, 2004)
    body = f"360702{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return body + id_check_character(body)


def uscc_number(rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91360702" + "".join(rng.choice(alphabet) for _ in range(9))
    return body + uscc_check_character(body)


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2005, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


def _fields(kind: str, rng: random.Random, name: str, pid: str) -> tuple[str, list[str]]:
    """(title, lines) of a page of ``kind``."""
    other = rng.choice([n for n in NAMES if n != name])
    place = rng.choice(PLACES)
    if kind == "household_register":
        return "居民户口簿", ["常住人口登记卡", f"户号 {rng.randint(10**8, 10**9 - 1)}",
                             f"姓名 {name}    户主或与户主关系 户主", "性别 男    民族 汉",
                             f"公民身份号码 {pid}", f"住址 {place}", "承办人签章  登记日期 " + _date(rng)]
    if kind == "resident_id_card":
        return "中华人民共和国居民身份证", [f"姓名 {name}", "性别 女    民族 汉",
                                       f"住址 {place}", f"公民身份号码 {pid}",
                                       "签发机关 赣州市公安局章贡分局",
                                       "有效期限 2016.05.10-2036.05.10"]
    if kind == "marriage_certificate":
        return "结婚证", ["中华人民共和国民政部监制", f"持证人 {name}", f"登记日期 {_date(rng)}",
                         f"结婚证字号 J360702-{rng.randint(2005, 2025)}-{rng.randint(1000, 9999):06d}",
                         f"姓名 {name}    国籍 中国", f"身份证件号 {pid}",
                         f"姓名 {other}    国籍 中国", "登记机关 赣州市章贡区民政局"]
    if kind == "divorce_certificate":
        return "离婚证", ["中华人民共和国民政部监制", f"持证人 {name}", f"登记日期 {_date(rng)}",
                         f"离婚证字号 L360702-{rng.randint(2005, 2025)}-{rng.randint(1000, 9999):06d}",
                         f"姓名 {name}    国籍 中国", f"身份证件号 {pid}",
                         "登记机关 赣州市章贡区民政局"]
    if kind == "business_licence":
        return "营业执照", [f"统一社会信用代码 {uscc_number(rng)}",
                           "名称 赣州市章贡区红旗百货商行", "类型 个体工商户", f"经营者 {name}",
                           "经营范围 日用百货零售", f"经营场所 {place}",
                           f"注册日期 {_date(rng)}", "登记机关 赣州市章贡区市场监督管理局"]
    if kind == "birth_medical_certificate":
        return "出生医学证明", [f"新生儿姓名 {other}    性别 男", f"出生时间 {_date(rng)}",
                               "出生地点 江西省赣州市章贡区", "健康状况 良好    体重 3200克",
                               f"母亲姓名 {name}", f"母亲有效身份证件号码 {pid}",
                               "接生机构名称 赣州市妇幼保健院",
                               f"出生证编号 R{rng.randint(10**8, 10**9 - 1)}"]
    if kind == "real_estate_certificate":
        return "不动产权证书", [f"赣(2024)赣州市不动产权第{rng.randint(10**6, 10**7 - 1)}号",
                               f"权利人 {name}", "共有情况 单独所有", f"坐落 {place}",
                               f"不动产单元号 360702{rng.randint(10**5, 10**6 - 1)}GB00012F0001",
                               "权利类型 国有建设用地使用权/房屋所有权", "用途 城镇住宅用地/住宅",
                               "面积 共有宗地面积 5120.3m² / 房屋建筑面积 118.6m²"]
    if kind == "house_purchase_contract":
        return "商品房买卖合同", [f"合同编号 GZ{rng.randint(10**7, 10**8 - 1)}",
                                 "出卖人 赣州市宏达房地产开发有限公司", f"买受人 {name}",
                                 f"证件号码 {pid}", "第一条 项目建设依据",
                                 f"第二条 该商品房坐落于{place}",
                                 "第三条 计价方式与价款", "出卖人(签章)    买受人(签章)"]
    if kind == "death_medical_certificate":
        return "居民死亡医学证明(推断)书", [f"死者姓名 {name}    性别 男",
                                         f"有效身份证件号码 {pid}", f"死亡日期 {_date(rng)}",
                                         "死亡地点 医疗卫生机构", "直接死亡原因 呼吸衰竭",
                                         "医师签名    医疗卫生机构盖章"]
    if kind == "vehicle_licence":
        return "中华人民共和国机动车行驶证", [f"号牌号码 赣B{rng.randint(10000, 99999)}",
                                           "车辆类型 小型轿车", f"所有人 {name}",
                                           f"住址 {place}", "使用性质 非营运",
                                           f"车辆识别代号 LSVAM{rng.randint(10**11, 10**12 - 1)}",
                                           f"注册日期 {_date(rng)}    发证日期 {_date(rng)}"]
    raise ValueError(kind)


def render(kind: str, seed: int = 0, width: int = 1200, *, person: tuple[str, str] | None = None
           ) -> tuple[Image.Image, str, str]:
    """An upright page of ``kind`` ``width`` pixels wide: (image, ID number, name).
    ``person``: (name, ID number) to print instead of invented ones."""
    rng = random.Random(f"{kind}:{seed}")
    name = rng.choice(NAMES)
    pid = id_number(rng)
    if person is not None:
        name, pid = person
    title, lines = _fields(kind, rng, name, pid)
    s = width / 1200
    line_h = int(62 * s)
    height = int(260 * s) + line_h * len(lines) + int(120 * s)
    img = Image.new("RGB", (width, height), PAPER)
    d = ImageDraw.Draw(img)
    d.rectangle((int(30 * s), int(30 * s), width - int(30 * s), height - int(30 * s)),
                outline=(150, 60, 50), width=max(2, int(4 * s)))
    d.text((width // 2, int(90 * s)), title, font=_font(int(64 * s)), fill=(25, 20, 20), anchor="mt")
    body = _font(int(34 * s))
    y = int(230 * s)
    for line in lines:
        d.text((int(110 * s), y), line, font=body, fill=(20, 20, 25))
        y += line_h
    printed = pid if any(pid in line for line in lines) else ""
    shown = name if any(name in line for line in lines) else ""
    return img, printed, shown


def degrade(page: Image.Image, *, angle: float, noise: float, quality: int, seed: int) -> bytes:
    """``page`` as a scan or a camera still: rotated ``angle`` degrees on white,
    Gaussian noise, stored as a JPEG at ``quality``."""
    rotated = page.rotate(angle, Image.Resampling.BICUBIC, expand=True, fillcolor=(250, 250, 250))
    arr = np.asarray(rotated, dtype=np.float32)
    arr += np.random.default_rng(seed).standard_normal(arr.shape, dtype=np.float32) * noise
    out = io.BytesIO()
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=quality)
    return out.getvalue()


def sample(kind: str, seed: int = 0, width: int = 1200, *,
           person: tuple[str, str] | None = None) -> SamplePage:
    rng = random.Random(f"degrade:{kind}:{seed}")
    page, pid, name = render(kind, seed, width, person=person)
    jpeg = degrade(page, angle=rng.uniform(-3.0, 3.0), noise=rng.uniform(4.0, 12.0),
                   quality=rng.randint(55, 80), seed=seed)
    return SamplePage(kind, jpeg, pid, name)


def corpus(per_kind: int = 2, width: int = 1200, kinds: tuple[str, ...] = KINDS) -> list[SamplePage]:
    """``per_kind`` pages of every kind, seeds 0 … per_kind-1."""
    return [sample(kind, seed, width) for kind in kinds for seed in range(per_kind)]
