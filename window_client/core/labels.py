"""Chinese labels of the engine's and the definitions' enumerations, shared by the
screens and the printed documents. Keys are StrEnum members, so the plain string
values look them up as well."""

from __future__ import annotations

from .definition import MaterialForm, MaterialFormat
from .engine import MaterialTag

TAG_LABELS: dict[str, str] = {  # StrEnum keys: looked up by value too
    MaterialTag.HAND_IN: "提交纸质材料",
    MaterialTag.E_LICENCE: "电子证照免交",
    MaterialTag.ONLINE_VERIFICATION: "网络核验免交",
    MaterialTag.VERIFICATION_PENDING: "待核验(联网后自动核验)",
    MaterialTag.SHARED: "办结事项共享免交",
    MaterialTag.MAY_BE_MISSING: "可容缺受理",
}
FORM_LABELS: dict[str, str] = {MaterialForm.ORIGINAL: "原件", MaterialForm.COPY: "复印件",
                               MaterialForm.ORIGINAL_AND_COPY: "原件及复印件"}
FORMAT_LABELS: dict[str, str] = {MaterialFormat.PAPER: "纸质", MaterialFormat.ELECTRONIC: "电子",
                                 MaterialFormat.EITHER: "纸质或电子"}
