"""What the shopper told the Skin Analyzer they react to, carried into every skincare search."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from shopcrew.catalog.search import CatalogIndex, SearchFilters


def with_sensitivities(
    filters: SearchFilters, skin_profile: Mapping[str, Any], catalog: CatalogIndex
) -> SearchFilters:
    """The filters plus "free of" each ingredient the shopper reacts to, for skincare categories only.

    A dress has no ingredient list, so a nut allergy must not filter it out: only searches whose
    every category holds products with ingredient lists get the extra filters.
    """
    sensitivities = [str(s) for s in skin_profile.get("sensitivities") or ()]
    if not sensitivities or not filters.categories:
        return filters
    wanted = {c.casefold() for c in filters.categories}
    with_lists = {p.category.casefold() for p in catalog.products if p.ingredients}
    if not wanted <= with_lists:
        return filters
    avoid = tuple(dict.fromkeys([*filters.avoid_ingredients, *sensitivities]))
    return replace(filters, avoid_ingredients=avoid)
