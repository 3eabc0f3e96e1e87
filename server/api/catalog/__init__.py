"""The catalog's GraphQL: items (第九条, 第十条), departments and reference data."""

from server.api.catalog.queries import CatalogQuery

__all__ = ["CatalogQuery"]
