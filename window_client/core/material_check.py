"""Does a scanned page show the material it is filed as? Pure: the OCR text of the
page (imaging/ocr.py reads it) against the material's expected kinds of document
(resources/catalog/material_cues.yaml: titles, printed field labels), and the ID
numbers and names printed on it against the people on the form.

A page showing a kind's title is that kind (only the kinds whose titles it shows,
less those a ``not_titles`` word rules out); a page showing no title is every kind
whose field labels it shows (``min_fields`` of them). The page matches when one of
its kinds is one the material accepts. A later page of a material that already
matched may show nothing known (a contract's second page); showing another kind's
title is still a mismatch. Matching ignores white space and full/half-width forms
and forgives one misread character in a word of four characters or more."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from . import labels, messages
from .dictionary import FieldType
from .masking import mask_id_number, mask_name
from .validators import id_check_character

# fewer CJK characters than this on a page: nothing was read
MIN_CJK = 6
_ID_RE = re.compile(r"(?<![0-9])([1-9][0-9]{16}[0-9X])(?![0-9X])")
_CJK = r"[\u4e00-\u9fff]"
_CJK_RE = re.compile(_CJK)
# a label, then a name of 2–4 characters standing alone (white space or the line's end
# after it): a name run together with the next field is not guessed at
_NAME_AFTER = {label: re.compile(re.escape(label) + r"[:\s]*(" + _CJK + "{2,4})(?!" + _CJK + ")")
               for label in labels.PERSON_NAME_LABELS}


class Verdict(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"          # another kind, or nothing known on the page
    UNREADABLE = "unreadable"      # no text read
    NOT_CHECKED = "not_checked"    # the material has no cues


@dataclass(frozen=True)
class DocumentKind:
    id: str
    name: str
    titles: tuple[str, ...]
    fields: tuple[str, ...] = ()
    min_fields: int = 2
    not_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class MaterialCues:
    """The kinds of document, and per material id the kinds its pages may be."""
    kinds: Mapping[str, DocumentKind] = field(default_factory=dict)
    materials: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def expected(self, material_id: str) -> tuple[DocumentKind, ...]:
        return tuple(self.kinds[k] for k in self.materials.get(material_id, ()))


@dataclass(frozen=True)
class People:
    """Who the form names: every ID number and name typed or read (applicant,
    agent, spouse, child …). Empty: nothing to compare with."""
    id_numbers: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @classmethod
    def of(cls, id_numbers: Iterable[str | None], names: Iterable[str | None]) -> People:
        return cls(frozenset(n.strip().upper() for n in id_numbers if n and n.strip()),
                   frozenset(n.strip() for n in names if n and n.strip()))


def people_on_form(values: Mapping[str, str], entries: Mapping[str, Any]) -> People:
    """The ID numbers and names among the form's ``values`` (by the data dictionary
    ``entries``' field types: id_number, name)."""
    ids, names = [], []
    for key, value in values.items():
        entry = entries.get(key)
        kind = getattr(entry, "type", None)
        if kind == FieldType.ID_NUMBER:
            ids.append(value)
        elif kind == FieldType.NAME:
            names.append(value)
    return People.of(ids, names)


@dataclass(frozen=True)
class PageCheck:
    verdict: Verdict
    expected: tuple[str, ...] = ()       # kind ids the material accepts
    found: tuple[str, ...] = ()          # kind ids the page shows
    id_numbers: tuple[str, ...] = ()     # valid ID numbers printed on the page
    names: tuple[str, ...] = ()          # names after a name label on the page
    id_differs: bool = False
    name_differs: bool = False
    warnings: tuple[str, ...] = ()       # Chinese, for the clerk (numbers masked)

    @property
    def warns(self) -> bool:
        return bool(self.warnings)

    @property
    def kind_mismatch(self) -> bool:
        return self.verdict in (Verdict.MISMATCH, Verdict.UNREADABLE)

    def log_text(self) -> str:
        """For a log or the audit: kinds and flags, numbers and names masked."""
        return (f"verdict={self.verdict.value} expected={','.join(self.expected)} "
                f"found={','.join(self.found)} id_differs={self.id_differs} "
                f"name_differs={self.name_differs} "
                f"ids={','.join(mask_id_number(n) for n in self.id_numbers)} "
                f"names={','.join(mask_name(n) for n in self.names)}")


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), no white space, Latin upper case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def contains(text: str, word: str) -> bool:
    """``word`` in ``text`` (both normalised), one character off allowed for a word
    of four characters or more."""
    if word in text:
        return True
    n = len(word)
    if n < 4:
        return False
    for start in range(len(text) - n + 1):
        misses = 0
        for a, b in zip(text[start:start + n], word, strict=True):
            if a != b:
                misses += 1
                if misses > 1:
                    break
        else:
            return True
    return False


def kinds_shown(text: str, cues: MaterialCues) -> tuple[str, ...]:
    """The kinds the normalised ``text`` shows (see the module's rule)."""
    titled = [k.id for k in cues.kinds.values()
              if any(contains(text, normalise(t)) for t in k.titles)
              and not any(contains(text, normalise(t)) for t in k.not_titles)]
    if titled:
        return tuple(titled)
    return tuple(k.id for k in cues.kinds.values()
                 if k.fields and sum(contains(text, normalise(f)) for f in k.fields) >= k.min_fields
                 and not any(contains(text, normalise(t)) for t in k.not_titles))


def id_numbers_in(text: str) -> tuple[str, ...]:
    """Resident ID numbers with a valid check character in the normalised text."""
    found = []
    for m in _ID_RE.finditer(text):
        number = m.group(1)
        if id_check_character(number[:17]) == number[17] and number not in found:
            found.append(number)
    return tuple(found)


def names_in(text: str) -> tuple[str, ...]:
    """Names after a name label in the OCR ``text`` (its lines and spaces as read)."""
    found: list[str] = []
    for line in unicodedata.normalize("NFKC", text).splitlines():
        for pattern in _NAME_AFTER.values():
            for m in pattern.finditer(line):
                if m.group(1) not in found:
                    found.append(m.group(1))
    return tuple(found)


def _kind_names(cues: MaterialCues, ids: Sequence[str]) -> str:
    return messages.EXPECTED_KINDS_SEPARATOR.join(cues.kinds[k].name for k in ids)


def check_page(text: str, material_id: str, cues: MaterialCues, people: People = People(),
               *, material_matched: bool = False) -> PageCheck:
    """The check of one page's OCR ``text`` filed as ``material_id``.
    ``material_matched``: an earlier page of the material matched its kind."""
    expected = cues.materials.get(material_id, ())
    norm = normalise(text)
    ids = id_numbers_in(norm)
    names = names_in(text)
    warnings: list[str] = []
    verdict = Verdict.NOT_CHECKED
    found: tuple[str, ...] = ()
    if expected:
        found = kinds_shown(norm, cues)
        want = _kind_names(cues, expected)
        if len(_CJK_RE.findall(norm)) < MIN_CJK and not ids:
            verdict = Verdict.UNREADABLE
            warnings.append(messages.PAGE_UNREADABLE.format(expected=want))
        elif set(found) & set(expected):
            verdict = Verdict.MATCH
        elif found:
            verdict = Verdict.MISMATCH
            warnings.append(messages.PAGE_OTHER_KIND.format(found=_kind_names(cues, found),
                                                            expected=want))
        elif material_matched:
            verdict = Verdict.MATCH
        else:
            verdict = Verdict.MISMATCH
            warnings.append(messages.PAGE_NOT_RECOGNISED.format(expected=want))
    id_differs = bool(ids and people.id_numbers and not set(ids) & people.id_numbers)
    if id_differs:
        warnings.append(messages.PAGE_ID_DIFFERS.format(
            shown=messages.LIST_SEPARATOR.join(mask_id_number(n) for n in ids)))
    name_differs = bool(not ids and names and people.names
                        and not any(n in norm for n in people.names))
    if name_differs:
        warnings.append(messages.PAGE_NAME_DIFFERS.format(
            shown=messages.LIST_SEPARATOR.join(mask_name(n) for n in names)))
    return PageCheck(verdict, tuple(expected), found, ids, names, id_differs, name_differs,
                     tuple(warnings))


# -- the resource ---------------------------------------------------------------------

def _words(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        problems.append(f"{where}: expects a list of non-empty words")
        return ()
    return tuple(value)


def parse_cues(raw: Any, problems: list[str], name: str = "material_cues.yaml") -> MaterialCues:
    """``material_cues.yaml`` read as data; each problem appended to ``problems``."""
    if raw is None:
        return MaterialCues()
    if not isinstance(raw, dict) or set(raw) - {"kinds", "materials"}:
        problems.append(f"{name}: expects a mapping with 'kinds' and 'materials'")
        return MaterialCues()
    kinds: dict[str, DocumentKind] = {}
    for kid, entry in (raw.get("kinds") or {}).items():
        where = f"{name}: kinds.{kid}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problems.append(f"{where}: expects a mapping with a name")
            continue
        unknown = set(entry) - {"name", "titles", "fields", "min_fields", "not_titles"}
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        titles = _words(entry.get("titles"), f"{where}.titles", problems)
        if not titles:
            problems.append(f"{where}.titles: at least one title")
        fields = _words(entry.get("fields"), f"{where}.fields", problems)
        min_fields = entry.get("min_fields", 2)
        if not isinstance(min_fields, int) or not 1 <= min_fields <= max(len(fields), 1):
            problems.append(f"{where}.min_fields: between 1 and the number of fields")
            min_fields = 2
        kinds[kid] = DocumentKind(kid, entry["name"], titles, fields, min_fields,
                                  _words(entry.get("not_titles"), f"{where}.not_titles", problems))
    materials: dict[str, tuple[str, ...]] = {}
    for mid, listed in (raw.get("materials") or {}).items():
        ids = _words(listed, f"{name}: materials.{mid}", problems)
        for k in ids:
            if k not in kinds:
                problems.append(f"{name}: materials.{mid}: unknown kind '{k}'")
        if ids:
            materials[mid] = tuple(k for k in ids if k in kinds)
    return MaterialCues(kinds, materials)
