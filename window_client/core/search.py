"""Catalog search as the clerk types: Chinese, full pinyin, pinyin initials and
keywords (``xse`` and ``xinsheng`` both find 新生儿出生). The index is built once per
catalog; a query is a scan over precomputed lowercase strings.

pypinyin's phrase dictionary takes a fifth of a second to import, so the pinyin of
every catalog text is precomputed into ``resources/catalog/pinyin.json``
(``tools/build_pinyin.py``, checked by a test); pypinyin is imported only for a
text the file does not hold."""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .catalog import CatalogEntry

_HAN_OR_WORD = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")


def pinyin_forms(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of ``text``, lowercase, without punctuation."""
    from pypinyin import Style, lazy_pinyin

    parts = _HAN_OR_WORD.findall(text)
    clean = "".join(parts)
    full = "".join(lazy_pinyin(clean, style=Style.NORMAL, errors="default")).lower()
    initials = "".join(p[0] for p in lazy_pinyin(clean, style=Style.FIRST_LETTER,
                                                 errors="default") if p).lower()
    return full, initials


@dataclass(frozen=True)
class SearchDoc:
    key: int                # the catalog row (seq)
    name: str
    category: str
    keywords: tuple[str, ...]
    pinyin: str
    initials: str
    keyword_pinyin: tuple[str, ...]
    keyword_initials: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    key: int
    score: int  # higher is better


class SearchIndex:
    def __init__(self, docs: Iterable[SearchDoc]) -> None:
        self._docs = list(docs)

    @classmethod
    def build(cls, entries: Iterable[tuple[int, str, str, Iterable[str]]],
              cache: Mapping[str, tuple[str, str]] | None = None) -> SearchIndex:
        """``entries``: (key, name, category, keywords); ``cache``: text → pinyin
        forms computed ahead of time."""
        cache = cache or {}

        def forms(text: str) -> tuple[str, str]:
            hit = cache.get(text)
            return tuple(hit) if hit else pinyin_forms(text)  # type: ignore[return-value]

        docs = []
        for key, name, category, keywords in entries:
            keywords = tuple(keywords)
            full, initials = forms(name)
            kw_forms = [forms(k) for k in keywords]
            docs.append(SearchDoc(key, name, category, keywords, full, initials,
                                  tuple(f for f, _ in kw_forms), tuple(i for _, i in kw_forms)))
        return cls(docs)

    def __len__(self) -> int:
        return len(self._docs)

    def search(self, query: str, boost: Mapping[int, int] | None = None,
               limit: int | None = None) -> list[Hit]:
        """Matching keys, best first. ``boost`` adds to a key's score (e.g. how often
        this clerk used it). An empty query matches everything, boosted first."""
        q = re.sub(r"\s+", "", query).lower()
        boost = boost or {}
        hits = []
        for doc in self._docs:
            score = self._score(doc, q)
            if score:
                hits.append(Hit(doc.key, score + boost.get(doc.key, 0)))
        hits.sort(key=lambda h: (-h.score, h.key))
        return hits[:limit] if limit else hits

    @staticmethod
    def _score(doc: SearchDoc, q: str) -> int:
        if not q:
            return 1
        name = doc.name.lower()
        if name.startswith(q):
            return 1000
        if q in name:
            return 900
        if doc.initials.startswith(q):
            return 800
        if doc.pinyin.startswith(q):
            return 750
        if any(k.lower().startswith(q) or q in k.lower() for k in doc.keywords):
            return 700
        # what citizens say is often longer than a keyword: "人走了要办什么" holds
        # the keyword "人走了"; the longest keyword held ranks first
        held = max((len(k) for k in doc.keywords if len(k) >= 2 and k.lower() in q), default=0)
        if held:
            return 640 + min(held, 9)
        if q in doc.initials:
            return 600
        if q in doc.pinyin:
            return 550
        if any(p.startswith(q) for p in doc.keyword_pinyin) or \
                any(i.startswith(q) for i in doc.keyword_initials):
            return 500
        if q in doc.category.lower():
            return 300
        return 0


def catalog_index(entries: Iterable[CatalogEntry],
                  cache: Mapping[str, tuple[str, str]] | None = None) -> SearchIndex:
    """The pick page's index over the catalog rows: name, category and the
    definition's keywords (a 待配置 row is found by its name only)."""
    return SearchIndex.build(
        ((e.row.seq, e.display_name, e.row.category,
          e.definition.keywords if e.definition else ()) for e in entries), cache=cache)


def catalog_texts(entries: Iterable[CatalogEntry]) -> list[str]:
    """Every text of the catalog that the search turns into pinyin."""
    texts: set[str] = set()
    for e in entries:
        texts.add(e.display_name)
        if e.definition is not None:
            texts.update(e.definition.keywords)
    return sorted(texts)
