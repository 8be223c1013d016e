"""Catalog records as agents see them: products with their variants, brands, policies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Variant:
    """A purchasable variant: its options (size, width, colour, volume), price and stock."""

    id: int
    sku: str
    title: str
    options: Mapping[str, str]
    price: Decimal
    compare_at_price: Decimal | None
    inventory: int

    @property
    def in_stock(self) -> bool:
        """True when at least one unit can be sold."""
        return self.inventory > 0


@dataclass(frozen=True)
class Product:
    """A product with its variants; vertical-specific facts are in `attributes`."""

    id: int
    handle: str
    title: str
    brand: str | None
    vertical: str
    category: str
    description: str
    tags: tuple[str, ...]
    attributes: Mapping[str, Any]
    ingredients: str | None
    status: str
    variants: tuple[Variant, ...] = field(default_factory=tuple)

    @property
    def active(self) -> bool:
        """False for discontinued products, which are never recommended."""
        return self.status == "active"

    @property
    def min_price(self) -> Decimal:
        """The lowest variant price (0 for a product without variants)."""
        return min((v.price for v in self.variants), default=Decimal("0"))

    @property
    def max_price(self) -> Decimal:
        """The highest variant price."""
        return max((v.price for v in self.variants), default=Decimal("0"))

    @property
    def in_stock(self) -> bool:
        """True when any variant is in stock."""
        return any(v.in_stock for v in self.variants)

    def option_values(self, option: str) -> list[str]:
        """Distinct values of one option across variants, in catalog order."""
        seen: dict[str, None] = {}
        for variant in self.variants:
            value = variant.options.get(option)
            if value is not None:
                seen.setdefault(str(value), None)
        return list(seen)

    def matching_variants(self, **wanted: str | None) -> list[Variant]:
        """Variants whose options equal every given value (case-insensitive); None means any."""
        wanted_clean = {k: v.casefold() for k, v in wanted.items() if v}
        return [
            v
            for v in self.variants
            if all(str(v.options.get(k, "")).casefold() == val for k, val in wanted_clean.items())
        ]


@dataclass(frozen=True)
class PolicySection:
    """A `##` section of a policy document, the unit the support agent quotes."""

    policy_id: str
    policy_title: str
    heading: str
    body: str


@dataclass(frozen=True)
class Policy:
    """A store policy document (markdown) split into sections."""

    id: str
    title: str
    body: str
    sections: tuple[PolicySection, ...]
