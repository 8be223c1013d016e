"""Questions about one product, answered strictly from its catalog record; a missing fact is said missing."""

from __future__ import annotations

import re
from typing import Any

from shopcrew.agents.product_attributes import (
    SPECS,
    asked_attributes,
    attribute_value,
    format_value,
    highlights,
    label,
)
from shopcrew.catalog.ingredients import ingredients_matching
from shopcrew.catalog.search import SearchFilters
from shopcrew.catalog.text import normalise
from shopcrew.domain.catalog import Product

# Checked in order: the first topic whose words appear wins ("how much does it weigh" is weight, not price).
_TOPICS = (
    ("weight", re.compile(r"\b(weigh|weighs|weight|how heavy|how light)\b")),
    (
        "dimensions",
        re.compile(
            r"\b(dimensions?|measurements?|how (big|large|small|long|tall|wide)|length|height|volume)\b"
        ),
    ),
    (
        "compatibility",
        re.compile(
            r"\b(compatible|compatibility|work with|works with|fit (my|a|an|the)|fits (my|a|an|the))\b"
        ),
    ),
    (
        "feature",
        re.compile(
            r"\b(water ?proof|vegan|fragrance[- ]?free|unscented|cruelty[- ]?free|pregnan\w*|arch support|"
            r"cushion\w*|drop|spf|good for|suitable for|ok for|okay for|work for|(oily|dry|sensitive|combination|normal) skin)\b"
        ),
    ),
    (
        "ingredients",
        re.compile(r"\b(ingredients?|inci|contains?|what'?s in|is there|free of|has it got|have any)\b"),
    ),
    (
        "materials",
        re.compile(r"\b(materials?|made of|made from|fabric|cotton|wool|leather|polyester|merino)\b"),
    ),
    ("price", re.compile(r"\b(how much|price|cost|expensive|cheap)\b")),
    (
        "stock",
        re.compile(
            r"\b(in stock|available|availability|come in|comes in|do you have|have (it|them|this|that)|"
            r"sizes?|widths?|colou?rs?|what about)\b"
        ),
    ),
    ("care", re.compile(r"\b(wash|care|clean|dry clean|machine)\b")),
    ("about", re.compile(r"\b(tell me (more )?about|what is|describe|details|info)\b")),
)
_INGREDIENT_ASK = re.compile(
    r"\b(?:contains?|is there|have any|has|any|free of|without)\s+([a-z][a-z \-]{2,30}?)(?:\?|$|\bin\b)"
)
# Attribute keys that answer a dimensions or compatibility question when a catalog has them.
_DIMENSION_KEYS = (
    "dimensions",
    "dimensions_cm",
    "measurements",
    "volume",
    "length_cm",
    "height_cm",
    "width_cm",
)
_COMPATIBILITY_KEYS = ("compatibility", "compatible_with", "works_with", "fits")
_SKIN = re.compile(r"\b(oily|dry|sensitive|combination|normal)\s+skin\b")


def question_topic(text: str) -> str | None:
    """What a question about one product asks: weight, dimensions, feature, ingredients, stock, ... or None."""
    lowered = normalise(text)
    return next((topic for topic, pattern in _TOPICS if pattern.search(lowered)), None)


def answer_facts(
    product: Product, topic: str, text: str, filters: SearchFilters, asked: dict[str, str]
) -> dict[str, Any]:
    """The facts answering `topic` for one product; keys a template reads, nothing the catalog lacks."""
    facts: dict[str, Any] = {
        "id": product.id,
        "title": product.title,
        "brand": product.brand,
        "topic": topic,
        "price": str(product.min_price),
        "price_from": str(product.min_price),
        "price_to": str(product.max_price),
        "active": product.active,
    }
    if topic == "ingredients":
        facts["ingredients"] = product.ingredients
        ingredient_ask = _INGREDIENT_ASK.search(normalise(text))
        if ingredient_ask and product.ingredients:
            wanted = ingredient_ask.group(1).strip()
            facts["asked_ingredient"] = wanted
            facts["found"] = ingredients_matching(product.ingredients, wanted)
    elif topic in ("materials", "care"):
        facts[topic] = product.attributes.get(topic)
    elif topic == "stock":
        facts.update(_stock(product, asked))
    elif topic == "weight":
        weight = attribute_value(product, "weight_g") or attribute_value(product, "weight")
        facts["weight"] = format_value("weight_g", weight) if isinstance(weight, int | float) else weight
        facts["per"] = "per shoe" if product.vertical == "footwear" and weight is not None else ""
    elif topic == "dimensions":
        found = {label(k): format_value(k, v) for k in _DIMENSION_KEYS if (v := attribute_value(product, k))}
        if not found and product.vertical == "beauty" and attribute_value(product, "size"):
            found["Size"] = format_value("size", product.attributes["size"])
        facts["dimensions"] = found
    elif topic == "compatibility":
        found_list = [format_value(k, v) for k in _COMPATIBILITY_KEYS if (v := attribute_value(product, k))]
        facts["compatibility"] = found_list[0] if found_list else None
    elif topic == "feature":
        facts.update(_feature(product, text, filters))
    else:
        facts["description"] = product.description
        facts["highlights"] = highlights(product)
    return facts


def _stock(product: Product, asked: dict[str, str]) -> dict[str, Any]:
    matching = product.matching_variants(**asked) if asked else list(product.variants)
    in_stock = [v for v in matching if v.in_stock]
    return {
        "asked": asked,
        "in_stock": [v.title for v in in_stock][:10],
        "out_of_stock": [v.title for v in matching if not v.in_stock][:10],
        "exists": bool(matching),
        # The price of what the shopper asked for, not of the whole product.
        "price_from": str(min((v.price for v in in_stock), default=product.min_price)),
        "price_to": str(max((v.price for v in in_stock), default=product.max_price)),
        "options": {
            name: product.option_values(name)
            for name in ("size", "width", "colour")
            if product.option_values(name)
        },
        "alternatives": _alternatives(product, asked) if not matching else [],
    }


def _alternatives(product: Product, asked: dict[str, str]) -> list[str]:
    """What exists in stock when one asked option is let go: "10.5 Wide: colours Black"."""
    found: list[str] = []
    for key in asked:
        others = {k: v for k, v in asked.items() if k != key}
        if not others:
            continue
        values = {str(v.options.get(key)) for v in product.matching_variants(**others) if v.in_stock}
        if values:
            found.append(f"In {' '.join(others.values())} it comes in {', '.join(sorted(values)[:8])}.")
    return found


def _feature(product: Product, text: str, filters: SearchFilters) -> dict[str, Any]:
    """A yes/no or level question: "is it waterproof?", "is it good for oily skin?", "how much arch support?"."""
    skin = _SKIN.search(normalise(text))
    if skin or filters.skin_type:
        wanted = skin.group(1) if skin else str(filters.skin_type)
        listed = [str(s) for s in product.attributes.get("skin_types", [])]
        return {
            "feature": f"{wanted} skin",
            "kind": "suits",
            "value": (wanted in listed) if listed else None,
            "listed": listed,
        }
    keys = [k for k in asked_attributes(text) if k in SPECS and SPECS[k].kind in ("flag", "level", "number")]
    if not keys:
        return {"feature": None, "kind": "unknown", "value": None}
    key = keys[0]
    value = attribute_value(product, key)
    return {
        "feature": label(key).lower(),
        "kind": SPECS[key].kind,
        "value": value,
        "display": format_value(key, value) if value is not None else None,
    }
