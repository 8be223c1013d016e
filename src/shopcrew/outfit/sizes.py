"""Is a piece in stock in the shopper's size? Sizes come from the conversation (`state.sizes`, kept
by the Fit Analyzer) by size group; a group the shopper hasn't given is checked as "in stock in most
sizes" instead, and said so in the reply."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from shopcrew.outfit.items import ColourStock, StyleItem

# Size groups to read, in order, per slot; the first whose size the piece comes in decides.
_GROUPS: dict[str, tuple[str, ...]] = {
    "top": ("tops",),
    "bottom": ("bottoms",),
    "dress": ("dresses", "tops"),
    "layer": ("outerwear", "tops"),
    "suit": ("suits", "outerwear", "tops"),
    "shoes": ("shoes",),
    "accessory": (),
}
_WIDTHS = {
    "n": "narrow",
    "narrow": "narrow",
    "m": "standard",
    "d": "standard",
    "b": "standard",
    "regular": "standard",
    "standard": "standard",
    "medium": "standard",
    "w": "wide",
    "wide": "wide",
    "2e": "wide",
    "xw": "extra wide",
    "ew": "extra wide",
    "4e": "extra wide",
    "extra wide": "extra wide",
}


@dataclass(frozen=True)
class SizeCheck:
    """The result for one piece in one colour: in stock in the shopper's size, or unchecked."""

    ok: bool
    group: str | None  # the size group that was read, or the one that was missing
    size: str | None  # the shopper's size, when checked
    checked: bool
    price: Decimal | None = None


def size_groups(item: StyleItem) -> tuple[str, ...]:
    """The size groups (state.sizes keys) a piece is sized by, most specific first."""
    if item.gender == "kids":
        return ("kids_shoes",) if item.slot == "shoes" else ("kids",)
    groups = _GROUPS[item.slot]
    if item.kind == "jeans":
        return ("jeans", *groups)
    return groups


def check_size(item: StyleItem, stock: ColourStock, sizes: Mapping[str, str]) -> SizeCheck:
    """Whether this colour of the piece is in stock in the shopper's size (and shoe width)."""
    groups = size_groups(item)
    if not groups or not stock.offered:
        return SizeCheck(ok=True, group=None, size=None, checked=True)  # one size
    for group in groups:
        wanted = str(sizes.get(group) or "").strip().casefold()
        if not wanted or wanted not in stock.offered:
            continue
        if wanted not in stock.sizes:
            return SizeCheck(ok=False, group=group, size=sizes[group], checked=True)
        width = _WIDTHS.get(str(sizes.get("shoe_width") or "").strip().casefold())
        if item.slot == "shoes" and width and stock.widths and f"{wanted}|{width}" not in stock.widths:
            return SizeCheck(ok=False, group=group, size=sizes[group], checked=True)
        return SizeCheck(ok=True, group=group, size=sizes[group], checked=True)
    # Size unknown (or in another size system): offer it only when most sizes are in stock.
    broadly = len(stock.sizes) * 2 >= len(stock.offered)
    return SizeCheck(ok=broadly, group=groups[0], size=None, checked=False)
