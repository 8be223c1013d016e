"""Helpers every vertical uses: handles, stock levels, creation dates, descriptions."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from shopcrew.store.demo.plans import VariantPlan, money, slugify


def product_handle(brand_name: str, title: str) -> str:
    """The product's URL slug: brand name plus title."""
    return slugify(f"{brand_name} {title}")


def stock_level(rng: random.Random, status: str = "active") -> int:
    """Units on hand: about 8 % sold out, 10 % low (1-3), the rest 4-80; discontinued mostly gone."""
    if status == "discontinued":
        return 0 if rng.random() < 0.7 else rng.randint(1, 2)
    roll = rng.random()
    if roll < 0.08:
        return 0
    if roll < 0.18:
        return rng.randint(1, 3)
    return rng.randint(4, 80)


def created_at_for(rng: random.Random, cutoff: datetime, is_new: bool) -> datetime:
    """When a product was listed: new arrivals in the last 10-45 days, others up to two years ago."""
    days = rng.randint(10, 45) if is_new else rng.randint(60, 720)
    return cutoff - timedelta(days=days, minutes=rng.randint(0, 24 * 60 - 1))


def join_words(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def colour_code(colour: str) -> str:
    """A short SKU code for a colour name: "Forest Green" -> "FORGRN"."""
    words = [word for word in colour.upper().replace("-", " ").split() if word]
    if len(words) == 1:
        return words[0][:6]
    return "".join(word[:3] for word in words)[:6]


def mark_down(variants: list[VariantPlan]) -> None:
    """Put sale variants at 60% of their price (rounded to whole dollars), keeping the old one as compare-at."""
    for variant in variants:
        variant.compare_at_price = variant.price
        variant.price = money(str(round(float(variant.price) * 0.6)))
