"""Catalog attributes as a shopper reads them: labels, formatted values, which ones a question asks about."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shopcrew.catalog.text import normalise
from shopcrew.domain.catalog import Product

LEVELS = {"none": 0, "minimal": 1, "low": 1, "moderate": 2, "medium": 2, "high": 3, "max": 4, "maximum": 4}


@dataclass(frozen=True)
class AttributeSpec:
    """How one attribute reads: its label, its kind, and which way is "more" when ranking."""

    key: str
    label: str
    kind: str  # level | flag | number | list | text
    unit: str = ""
    best: str = ""  # "high" or "low": which end wins a comparison the shopper asked for


SPECS: dict[str, AttributeSpec] = {
    s.key: s
    for s in (
        AttributeSpec("arch_support", "Arch support", "level", best="high"),
        AttributeSpec("cushioning", "Cushioning", "level", best="high"),
        AttributeSpec("waterproof", "Waterproof", "flag"),
        AttributeSpec("weight_g", "Weight", "number", unit="g", best="low"),
        AttributeSpec("drop_mm", "Heel-to-toe drop", "number", unit="mm"),
        AttributeSpec("terrain", "Terrain", "list"),
        AttributeSpec("widths", "Widths", "list"),
        AttributeSpec("skin_types", "Skin types", "list"),
        AttributeSpec("concerns", "Targets", "list"),
        AttributeSpec("key_ingredients", "Key ingredients", "list"),
        AttributeSpec("fragrance_free", "Fragrance-free", "flag"),
        AttributeSpec("vegan", "Vegan", "flag"),
        AttributeSpec("cruelty_free", "Cruelty-free", "flag"),
        AttributeSpec("pregnancy_safe", "Pregnancy-safe", "flag"),
        AttributeSpec("spf", "SPF", "number", best="high"),
        AttributeSpec("size", "Size", "text"),
        AttributeSpec("materials", "Materials", "list"),
        AttributeSpec("fit", "Fit", "text"),
        AttributeSpec("fit_profile", "Sizing", "text"),
        AttributeSpec("care", "Care", "text"),
        AttributeSpec("length", "Length", "text"),
    )
}
# The attributes that define a category for a comparison when the shopper named none.
DEFINING = {
    "footwear": ("arch_support", "cushioning", "waterproof", "weight_g", "drop_mm", "terrain"),
    "beauty": ("skin_types", "concerns", "key_ingredients", "fragrance_free", "vegan"),
    "apparel": ("materials", "fit", "fit_profile", "care"),
}
# Words that show which attribute a question is about; "price" and "sizes" are not attributes
# but the comparison answers them too.
_ASKS = (
    ("price", r"\b(price|prices|cheap|cheaper|cheapest|expensive|cost|costs|value|budget|afford)"),
    ("arch_support", r"\barch"),
    ("cushioning", r"\b(cushion|plush|soft(er|est)? ride)"),
    ("waterproof", r"\b(water ?proof|wet|rain|puddles?)\b"),
    ("weight_g", r"\b(weighs?|weight|light(er|est)?|heav(y|ier|iest))\b"),
    ("drop_mm", r"\bdrop\b"),
    ("terrain", r"\b(terrain|trails?|road|mud|rocks?|rocky|snow)\b"),
    ("materials", r"\b(materials?|made of|made from|fabric|leather|cotton|wool)\b"),
    ("skin_types", r"\bskin\b"),
    (
        "concerns",
        r"\b(acne|breakouts?|rosacea|redness|wrinkles?|fine lines|ageing|aging|dark spots|pigmentation|dull(ness)?|pores)\b",
    ),
    ("key_ingredients", r"\b(ingredients?|actives?)\b"),
    ("fragrance_free", r"\b(fragrance|scent(ed)?|perfume|parfum)"),
    ("vegan", r"\bvegan\b"),
    ("cruelty_free", r"\bcruelty"),
    ("pregnancy_safe", r"\bpregnan"),
    ("spf", r"\b(spf|sun protection)\b"),
    ("sizes", r"\b(sizes?|widths?|in stock|available|availability)\b"),
    ("care", r"\b(care|wash|washing|clean)\b"),
    ("fit", r"\b(fit|fits|runs? (small|large|big))\b"),
)


def asked_attributes(text: str) -> list[str]:
    """The attributes (plus "price"/"sizes") a message asks about, in the order of the table above."""
    lowered = normalise(text)
    return [key for key, pattern in _ASKS if re.search(pattern, lowered)]


def attribute_value(product: Product, key: str) -> Any:
    """The raw catalog value of an attribute, or None when the catalog doesn't say."""
    value = product.attributes.get(key)
    if value is None or value == "" or value == []:
        return None
    return value


def format_value(key: str, value: Any) -> str:
    """A catalog value as a shopper reads it: "yes", "330 g", "medium", "dry, oily"."""
    spec = SPECS.get(key)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value[:5]) + (", …" if len(value) > 5 else "")
    if spec is not None and spec.key == "spf":
        return f"SPF {value}"
    if spec is not None and spec.unit:
        return f"{value} {spec.unit}"
    return str(value).replace("_", " ")


def label(key: str) -> str:
    """The shopper-facing name of an attribute."""
    spec = SPECS.get(key)
    return spec.label if spec else key.replace("_", " ").capitalize()


def level(value: Any) -> int:
    """The rank of a level word ("high" > "medium"); 0 for anything else."""
    return LEVELS.get(str(value).casefold(), 0)


def highlights(product: Product) -> list[str]:
    """A product's defining facts in a few words each, straight from its attributes."""
    attributes: Mapping[str, Any] = product.attributes
    notes: list[str] = []
    for key in ("arch_support", "cushioning"):
        if attributes.get(key):
            notes.append(f"{key.replace('_', ' ')}: {attributes[key]}")
    if attributes.get("waterproof"):
        notes.append("waterproof")
    if attributes.get("fragrance_free"):
        notes.append("fragrance-free")
    if attributes.get("vegan"):
        notes.append("vegan")
    if attributes.get("skin_types"):
        notes.append("for " + "/".join(attributes["skin_types"][:3]) + " skin")
    if attributes.get("key_ingredients"):
        notes.append("with " + ", ".join(attributes["key_ingredients"][:2]))
    if attributes.get("materials"):
        notes.append(", ".join(attributes["materials"][:2]))
    return notes


def size_key(size: str) -> tuple[int, float, str]:
    """Sort key for size labels: letter sizes in order, then numbers, then anything else."""
    order = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL", "1X", "2X", "3X"]
    if size.upper() in order:
        return (0, float(order.index(size.upper())), size)
    try:
        return (1, float(size), size)
    except ValueError:
        return (2, 0.0, size)
