"""Catalog data: the seed's attachment 1, the department table, the data dictionary
and the configured one-thing definitions, read from ``resources/catalog/``."""
