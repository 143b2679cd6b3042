"""The shipped catalog, loaded once per test session: the ``catalog`` fixture and
the modules that parametrize over its one-things at collection time share it."""

from functools import cache

from window_client.catalog.loader import load_catalog
from window_client.core.catalog import Catalog


@cache
def shipped_catalog() -> Catalog:
    return load_catalog()
