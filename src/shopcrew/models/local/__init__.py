"""The local engine: deterministic extraction over a catalog gazetteer, and template replies."""

from shopcrew.models.local.extract import extract
from shopcrew.models.local.extraction import Budget, Extraction, ProductMention
from shopcrew.models.local.gazetteer import CatalogScan, Gazetteer, GazetteerEntry

__all__ = [
    "Budget",
    "CatalogScan",
    "Extraction",
    "Gazetteer",
    "GazetteerEntry",
    "ProductMention",
    "extract",
]
