"""Search finds what citizens say, not only official names: every query in
``colloquial_queries/*.tsv`` (``query<TAB>one-thing id``; ``#`` starts a comment)
must bring its one-thing into the pick page's top 3, with the whole catalog
configured as shipped."""

from pathlib import Path

import pytest

from window_client.catalog.loader import load_pinyin_cache
from window_client.core.search import catalog_index

QUERY_DIR = Path(__file__).parent / "colloquial_queries"


def _queries() -> list[tuple[str, str, str]]:
    out = []
    for path in sorted(QUERY_DIR.glob("*.tsv")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            query, expected = (part.strip() for part in line.split("\t"))
            out.append((f"{path.name}:{n}", query, expected))
    return out


QUERIES = _queries()


@pytest.fixture(scope="module")
def index_and_ids(catalog):
    entries = list(catalog.entries())
    ids = {e.row.seq: (e.definition.id if e.definition else None) for e in entries}
    return catalog_index(entries, cache=load_pinyin_cache()), ids


def test_there_are_at_least_a_hundred_queries_for_configured_one_things(catalog):
    assert len(QUERIES) >= 100
    unknown = {expected for _where, _q, expected in QUERIES} - set(catalog.definitions)
    assert not unknown


@pytest.mark.parametrize(("where", "query", "expected"), QUERIES,
                         ids=[f"{q}->{e}" for _w, q, e in QUERIES])
def test_a_colloquial_query_finds_its_one_thing_in_the_top_three(index_and_ids, where,
                                                                 query, expected):
    index, ids = index_and_ids
    top = [ids[h.key] for h in index.search(query, limit=3)]
    assert expected in top, f"{where}: “{query}” → {top}"
