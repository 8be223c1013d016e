"""Structured filters as NumPy masks: one column per product fact and per variant option, so a filter
over 44k products is a few vectorised comparisons instead of a Python loop."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from shopcrew.catalog.ingredients import AVOID_FLAGS, AVOID_WORDS, avoided_ingredients
from shopcrew.domain.catalog import Product

if TYPE_CHECKING:
    from shopcrew.catalog.search import SearchFilters

Mask = NDArray[np.bool_]
LEVELS = {"none": 0, "minimal": 1, "low": 1, "moderate": 2, "medium": 2, "high": 3, "max": 4, "maximum": 4}


class _Codes:
    """Strings as small integers, so a column compares with `np.isin` instead of string equality."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def code(self, value: str | None) -> int:
        if value is None:
            return -1
        return self.codes.setdefault(value.casefold(), len(self.codes))

    def matching(self, wanted: str, *, substring: bool = False) -> list[int]:
        key = wanted.casefold()
        if substring:
            return [c for value, c in self.codes.items() if key in value]
        return [self.codes[key]] if key in self.codes else []


class FilterColumns:
    """Per-product and per-variant columns; masks for lists and flags are built on first use, then kept."""

    def __init__(self, products: Sequence[Product]) -> None:
        self._products = products
        n = len(products)
        self._category, self._vertical, self._brand = _Codes(), _Codes(), _Codes()
        self.active = np.array([p.active for p in products], dtype=np.bool_)
        self.category = np.array([self._category.code(p.category) for p in products], dtype=np.int32)
        self.vertical = np.array([self._vertical.code(p.vertical) for p in products], dtype=np.int32)
        self.brand = np.array([self._brand.code(p.brand) for p in products], dtype=np.int32)
        self._gender = _Codes()
        genders = [self._gender.code(str(p.attributes.get("gender", "unisex"))) for p in products]
        self.gender = np.array(genders, dtype=np.int32)
        self._size, self._width, self._colour = _Codes(), _Codes(), _Codes()
        owners: list[int] = []
        prices: list[float] = []
        stock: list[bool] = []
        sizes: list[int] = []
        widths: list[int] = []
        colours: list[int] = []
        for row, product in enumerate(products):
            for variant in product.variants:
                owners.append(row)
                prices.append(float(variant.price))
                stock.append(variant.in_stock)
                sizes.append(self._size.code(variant.options.get("size")))
                widths.append(self._width.code(variant.options.get("width")))
                colour = variant.options.get("colour") or variant.options.get("color")
                colours.append(self._colour.code(colour))
        self.variant_owner = np.array(owners, dtype=np.int32)
        self.variant_price = np.array(prices, dtype=np.float64)
        self.variant_in_stock = np.array(stock, dtype=np.bool_)
        self.variant_size = np.array(sizes, dtype=np.int32)
        self.variant_width = np.array(widths, dtype=np.int32)
        self.variant_colour = np.array(colours, dtype=np.int32)
        self._uncoloured = self.variant_colour == -1
        self._size_count = n
        self._cache: dict[tuple[str, str], Mask] = {}
        self._levels: dict[str, NDArray[np.int8]] = {}

    def has_size(self, size: str) -> bool:
        """True when some variant anywhere comes in this size."""
        return size.casefold() in self._size.codes

    def sizes_in(self, rows: Mask) -> set[str]:
        """Every size a variant of the given products comes in (casefolded)."""
        codes = set(np.unique(self.variant_size[rows[self.variant_owner]]).tolist())
        return {value for value, code in self._size.codes.items() if code in codes}

    def category_mask(self, categories: Sequence[str]) -> Mask:
        """Products in any of the categories."""
        codes = [c for name in categories for c in self._category.matching(name)]
        return np.isin(self.category, codes)

    def mask(self, filters: SearchFilters) -> Mask:
        """Products that satisfy every product-level and variant-level filter (status included)."""
        keep = self.active.copy()
        if filters.product_ids:
            wanted = set(filters.product_ids)
            keep &= np.array([p.id in wanted for p in self._products], dtype=np.bool_)
        elif filters.categories:
            keep &= self.category_mask(filters.categories)
        if filters.vertical:
            keep &= np.isin(self.vertical, self._vertical.matching(filters.vertical))
        if filters.brand:
            keep &= np.isin(self.brand, self._brand.matching(filters.brand))
        if filters.gender:
            allowed = [filters.gender] + (["unisex"] if filters.gender != "kids" else [])
            keep &= np.isin(self.gender, [c for g in allowed for c in self._gender.matching(g)])
        for flag in filters.flags:
            keep &= self._flag(flag)
        if filters.skin_type:
            keep &= self._listed("skin_types", filters.skin_type)
        for concern in filters.concerns:
            keep &= self._listed("concerns", concern)
        for avoid in filters.avoid_ingredients:
            keep &= self._free_of(avoid)
        return keep & self._variant_rows(filters)

    def _variant_rows(self, filters: SearchFilters) -> Mask:
        if not filters.in_stock_only and not _has_variant_filter(filters):
            return np.ones(self._size_count, dtype=np.bool_)
        ok = self.variant_in_stock.copy() if filters.in_stock_only else np.ones_like(self.variant_in_stock)
        if filters.min_price is not None:
            ok &= self.variant_price >= float(filters.min_price)
        if filters.max_price is not None:
            ok &= self.variant_price <= float(filters.max_price)
        if filters.size:
            ok &= np.isin(self.variant_size, self._size.matching(filters.size))
        if filters.width:
            ok &= np.isin(self.variant_width, self._width.matching(filters.width))
        if filters.colour:
            named = np.isin(self.variant_colour, self._colour.matching(filters.colour, substring=True))
            if self._uncoloured.any():
                # A variant without a colour option takes the product's listed colours.
                listed = self._listed("colours", filters.colour, substring=True)[self.variant_owner]
                named |= self._uncoloured & listed
            ok &= named
        rows = np.zeros(self._size_count, dtype=np.bool_)
        rows[self.variant_owner[ok]] = True
        return rows

    def _flag(self, flag: str) -> Mask:
        key = ("flag", flag)
        if key not in self._cache:
            self._cache[key] = np.array(
                [p.attributes.get(flag) is True for p in self._products], dtype=np.bool_
            )
        return self._cache[key]

    def _listed(self, attribute: str, value: str, *, substring: bool = False) -> Mask:
        key = (f"{attribute}{'~' if substring else ''}", value.casefold())
        if key not in self._cache:
            wanted = value.casefold()

            def has(product: Product) -> bool:
                listed = [str(item).casefold() for item in product.attributes.get(attribute, []) or []]
                return any(wanted in item for item in listed) if substring else wanted in listed

            self._cache[key] = np.array([has(p) for p in self._products], dtype=np.bool_)
        return self._cache[key]

    def _free_of(self, avoid: str) -> Mask:
        key = ("avoid", avoid.casefold())
        if key not in self._cache:
            self._cache[key] = np.array([is_free_of(p, avoid) for p in self._products], dtype=np.bool_)
        return self._cache[key]

    def level(self, attribute: str) -> NDArray[np.int8]:
        """Each product's level (0-4) of an attribute such as arch_support; 0 when not stated."""
        if attribute not in self._levels:
            self._levels[attribute] = np.array(
                [LEVELS.get(str(p.attributes.get(attribute, "")).casefold(), 0) for p in self._products],
                dtype=np.int8,
            )
        return self._levels[attribute]


def is_free_of(product: Product, avoid: str) -> bool:
    """True when the product's INCI list has nothing the shopper avoids (through the aliases).

    Without an ingredient list nothing can be checked: only the merchant's own "<x>_free" flag counts.
    """
    if product.ingredients:
        return not avoided_ingredients(product.ingredients, avoid)
    flag = AVOID_FLAGS.get(AVOID_WORDS.get(avoid.casefold(), avoid.casefold()))
    return flag is not None and product.attributes.get(flag) is True


def variant_ok(filters: SearchFilters, product: Product, price: Decimal, options: dict[str, str]) -> bool:
    """One variant against the variant-level filters (the scalar twin of FilterColumns' masks)."""
    if filters.min_price is not None and price < filters.min_price:
        return False
    if filters.max_price is not None and price > filters.max_price:
        return False
    for option, wanted in (("size", filters.size), ("width", filters.width)):
        if wanted and (options.get(option) or "").casefold() != wanted.casefold():
            return False
    if filters.colour:
        colour = options.get("colour") or options.get("color")
        listed = [str(c).casefold() for c in product.attributes.get("colours", []) or []]
        wanted = filters.colour.casefold()
        if colour is not None and wanted not in colour.casefold():
            return False
        if colour is None and not any(wanted in c for c in listed):
            return False
    return True


def _has_variant_filter(filters: SearchFilters) -> bool:
    return any(
        value is not None and value != ""
        for value in (filters.min_price, filters.max_price, filters.size, filters.width, filters.colour)
    )
