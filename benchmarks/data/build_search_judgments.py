"""Builds search_judgments.jsonl: shopper queries over the demo catalog with graded relevance.

How the judging works (and why it is honest): each query below was written by reading the demo
catalog (titles, categories, attributes, variants, INCI lists), never the search engine's output, and
comes with a `Need`: what a product must be to answer it, in terms of the catalog's own facts. This
script grades every product against the need, with no call into shopcrew's search or filters:

* 2 (relevant): active, in one of the wanted categories, and meets every other requirement;
* 1 (partly relevant): active, in a wanted category but misses exactly one requirement (say, a little
  over budget or the other gender's version), or in an adjacent category while meeting the rest;
* 0 otherwise (discontinued products are always 0: they are never recommended).

Ingredient avoidance is judged with its own marker lists below, not catalog/ingredients.py.

    python benchmarks/data/build_search_judgments.py   # rewrites search_judgments.jsonl
"""

from __future__ import annotations

import json
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from shopcrew.catalog.repository import load_products
from shopcrew.domain.catalog import Product
from shopcrew.settings import Settings
from shopcrew.store.database import create_store_engine, fresh_demo_store

sys.path.insert(0, str(Path(__file__).parent))
from search_queries import QUERIES, Need

OUT = Path(__file__).parent / "search_judgments.jsonl"
LEVEL = {"none": 0, "minimal": 1, "low": 1, "moderate": 2, "medium": 2, "high": 3, "max": 4}
# What a shopper avoiding each thing must not get, written independently of catalog/ingredients.py.
AVOID_MARKERS = {
    "fragrance": (
        "parfum",
        "fragrance",
        "flower oil",
        "peel oil",
        "leaf oil",
        "lavender",
        "peppermint",
        "ylang",
        "linalool",
        "limonene",
        "geraniol",
        "citronellol",
        "citral",
    ),
    "alcohol": ("alcohol denat",),
    "sulfate": ("lauryl sulfate", "laureth sulfate"),
    "silicone": ("dimethicone", "methicone", "siloxane"),
    "essential oil": ("flower oil", "peel oil", "leaf oil", "lavender", "peppermint"),
    "paraben": ("paraben",),
}


def requirements(product: Product, need: Need) -> list[bool]:
    """One entry per requirement beyond the category: did the product meet it."""
    a = product.attributes
    out: list[bool] = []
    in_stock = [v for v in product.variants if v.inventory > 0]
    if need.gender:
        gender = str(a.get("gender", "unisex"))
        out.append(gender == need.gender or (gender == "unisex" and need.gender != "kids"))
    out.extend(a.get(flag) is True for flag in need.flags)
    if need.skin:
        out.append(need.skin in a.get("skin_types", []))
    out.extend(c in a.get("concerns", []) for c in need.concerns)
    if need.max_price is not None or need.min_price is not None:
        low = Decimal(str(need.min_price)) if need.min_price is not None else Decimal(0)
        high = Decimal(str(need.max_price)) if need.max_price is not None else Decimal(10**9)
        out.append(any(low <= v.price <= high for v in in_stock))
    if need.size or need.width:
        out.append(
            any(
                (not need.size or v.options.get("size") == need.size)
                and (not need.width or v.options.get("width") == need.width)
                for v in in_stock
            )
        )
    if need.colour:
        colours = [str(c).lower() for c in a.get("colours", [])]
        out.append(any(need.colour in c for c in colours))
    for avoid in need.avoid:
        inci = (product.ingredients or "").lower()
        out.append(bool(product.ingredients) and not any(m in inci for m in AVOID_MARKERS[avoid]))
    for attribute, minimum in need.levels:
        out.append(LEVEL.get(str(a.get(attribute, "")), 0) >= minimum)
    for attribute, value in need.any_of:
        out.append(value in [str(x).lower() for x in a.get(attribute, [])])
    for word in need.words:
        haystack = " ".join(
            [product.title, *map(str, a.get("key_ingredients", [])), *map(str, a.get("materials", []))]
        ).lower()
        out.append(word in haystack)
    if need.brand:
        out.append(product.brand == need.brand)
    return out


def grade(product: Product, need: Need) -> int:
    """2 relevant, 1 partly relevant, 0 not (see the module docstring)."""
    if not product.active:
        return 0
    met = requirements(product, need)
    misses = met.count(False)
    if not need.cats or product.category in need.cats:
        return 2 if misses == 0 else 1 if misses == 1 else 0
    if product.category in need.near and misses == 0:
        return 1
    return 0


def demo_products() -> list[Product]:
    """The demo catalog, from a fresh copy of the demo store."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder))
        engine = create_store_engine(fresh_demo_store(settings, Path(folder) / "stores"))
        with Session(engine) as session:
            products = load_products(session)
        engine.dispose()
    return products


def main() -> None:
    """Grade every product for every query and write the judgments file."""
    products = demo_products()
    lines: list[str] = []
    for kind, text, need in QUERIES:
        judged = {p.handle: grade(p, need) for p in products}
        relevant = {h: g for h, g in sorted(judged.items()) if g > 0}
        if not any(g == 2 for g in relevant.values()):
            raise SystemExit(f"no fully relevant product for {text!r}: fix the query or its need")
        lines.append(json.dumps({"query": text, "type": kind, "judgments": relevant}))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} queries -> {OUT}")


if __name__ == "__main__":
    main()
