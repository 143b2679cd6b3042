"""The catalog as the rest of the program sees it: every row of attachment 1, the
department table, the data dictionary and the configured one-things. A row without
a definition is listed but not configured (待配置): the seed's rule is
"成熟一件,配置一件,上线一件"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from collections.abc import Iterable, Mapping

from . import labels
from .definition import OneThing
from .dictionary import DataDictionary
from .material_check import MaterialCues


@dataclass(frozen=True)
class Department:
    id: str
    short_names: tuple[str, ...]
    full_name: str
    kind: str

    @property
    def short_name(self) -> str:
        return self.short_names[0]


@dataclass(frozen=True)
class CatalogRow:
    seq: int
    category: str
    name: str | None
    leading_official: str | None
    lead_unit_ids: tuple[str, ...]
    responsible_unit_ids: tuple[str, ...]
    level: str | None
    flags: tuple[str, ...]
    provenance: Mapping[str, str]  # column -> "read" | "inherited from row N" | "absent"

    @classmethod
    def from_import(cls, raw: Mapping[str, Any]) -> CatalogRow:
        prov = {}
        for column in ("category", "name", "leading_official", "lead_units",
                       "responsible_units", "level"):
            cell = raw[column]
            prov[column] = (f"inherited from row {cell['from_row']}"
                            if cell["source"] == "inherited" else cell["source"])
        return cls(raw["seq"], raw["category"]["value"], raw["name"]["value"],
                   raw["leading_official"]["value"], tuple(raw["lead_unit_ids"]),
                   tuple(raw["responsible_unit_ids"]), raw["level"]["value"],
                   tuple(raw["flags"]), prov)


@dataclass(frozen=True)
class CatalogEntry:
    """A row as listed to the clerk, with its definition when configured."""

    row: CatalogRow
    definition: OneThing | None

    @property
    def configured(self) -> bool:
        return self.definition is not None

    @property
    def display_name(self) -> str:
        if self.definition is not None:
            return self.definition.name
        return self.row.name or labels.UNNAMED_CATALOG_ROW.format(seq=self.row.seq)


@dataclass(frozen=True)
class Catalog:
    version: str
    rows: Mapping[int, CatalogRow]
    departments: Mapping[str, Department]
    dictionary: DataDictionary
    definitions: Mapping[str, OneThing]
    licence_types: Mapping[str, str]  # e-licence type id -> Chinese name
    # the item library (code -> LibraryItem) and the one-things as authored (id ->
    # OneThingDefinition: deviations, review, overrides); ``definitions`` are composed
    items: Mapping[str, Any] = field(default_factory=dict)
    authored: Mapping[str, Any] = field(default_factory=dict)
    # rows left 待配置 on purpose: seq -> why (resources/catalog/pending.yaml)
    pending: Mapping[int, str] = field(default_factory=dict)
    # what a scan of a material must show (resources/catalog/material_cues.yaml)
    material_cues: MaterialCues = field(default_factory=MaterialCues)

    def entries(self) -> list[CatalogEntry]:
        by_row = {d.seed_row: d for d in self.definitions.values()}
        return [CatalogEntry(row, by_row.get(seq)) for seq, row in sorted(self.rows.items())]

    def enabled_ids(self, disabled: Iterable[str] = ()) -> frozenset[str]:
        """The configured one-things a hall offers: all but the ones it switched off
        (the settings' ``disabled_one_things``; an id not in the catalog changes nothing)."""
        return frozenset(self.definitions) - frozenset(disabled)

    def find(self, ref: str) -> OneThing | None:
        """A configured one-thing by id or exact name (also the seed row's name)."""
        if ref in self.definitions:
            return self.definitions[ref]
        for one in self.definitions.values():
            row = self.rows.get(one.seed_row)
            if ref == one.name or (row is not None and ref == row.name):
                return one
        return None

    def row_by_name(self, name: str) -> CatalogRow | None:
        return next((r for r in self.rows.values() if r.name == name), None)

    def department_name(self, dep_id: str) -> str:
        dep = self.departments.get(dep_id)
        return dep.full_name if dep else dep_id
