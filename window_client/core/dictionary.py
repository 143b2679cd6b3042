"""The shared data dictionary: one canonical key per datum.

The same datum asked by several items' forms is ONE key, which is what makes the
merged form shorter than the separate ones. Each entry knows its type, its label
(Chinese, shown to the clerk), its validator and how it is masked where others can
see it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    ID_NUMBER = "id_number"
    USCC = "uscc"
    MOBILE = "mobile"
    PHONE = "phone"
    POSTAL_CODE = "postal_code"
    DATE = "date"
    NUMBER = "number"
    MONEY = "money"
    CHOICE = "choice"
    BOOL = "bool"
    ADDRESS = "address"
    NAME = "name"


class MaskRule(StrEnum):
    NONE = "none"
    ID_NUMBER = "id_number"
    NAME = "name"
    PHONE = "phone"
    ADDRESS = "address"
    ACCOUNT = "account"


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    value: str
    label: str


class DictionaryEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str = Field(pattern=r"^[a-z_]+(\.[a-z_0-9]+)+$")
    label: str
    type: FieldType
    mask: MaskRule = MaskRule.NONE
    options: tuple[Option, ...] = ()
    max_length: int | None = None
    help: str = ""
    section: str  # id of the section the entry is listed under

    @field_validator("options")
    @classmethod
    def _options_unique(cls, v: tuple[Option, ...]) -> tuple[Option, ...]:
        values = [o.value for o in v]
        if len(set(values)) != len(values):
            raise ValueError("option values must be unique")
        return v


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z_]+$")
    label: str
    order: int = 100


class DataDictionary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sections: dict[str, Section]
    entries: dict[str, DictionaryEntry]

    def entry(self, key: str) -> DictionaryEntry:
        return self.entries[key]

    def section_of(self, key: str) -> Section:
        return self.sections[self.entries[key].section]
