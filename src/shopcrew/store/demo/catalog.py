"""Assemble the demo catalog: brands, products of all three verticals and size charts."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from shopcrew.store.demo.apparel import build_apparel_products
from shopcrew.store.demo.beauty import build_beauty_products
from shopcrew.store.demo.brands import demo_brands
from shopcrew.store.demo.footwear import build_footwear_products
from shopcrew.store.demo.plans import Catalog, ProductPlan, SizeChartPlan, VariantPlan
from shopcrew.store.demo.size_charts import WIDTHS, apparel_chart_rows, apparel_sizes, shoe_chart_rows

# Stock levels the documented fixtures rely on: (handle, options, units).
FIXTURE_STOCK: tuple[tuple[str, dict[str, str], int], ...] = (
    ("northpeak-mens-trail-runner-gtx", {"size": "11", "width": "Wide", "colour": "Black"}, 6),
    ("northpeak-mens-trail-runner-gtx", {"size": "11", "width": "Extra Wide", "colour": "Black"}, 0),
    ("northpeak-mens-trail-runner-gtx", {"size": "11", "width": "Standard", "colour": "Slate"}, 0),
    ("northpeak-womens-trail-runner-gtx", {"size": "8", "width": "Standard", "colour": "Slate"}, 5),
    ("northpeak-mens-trail-runner-4", {"size": "11", "width": "Wide", "colour": "Orange"}, 2),
    ("marlowe-and-finch-linen-wrap-midi-dress", {"size": "M", "colour": "Sage"}, 0),
    ("marlowe-and-finch-linen-wrap-midi-dress", {"size": "L", "colour": "Sage"}, 3),
    ("lumen-lab-15-percent-vitamin-c-ferulic-serum", {"volume": "30 ml"}, 42),
)


def find_variant(product: ProductPlan, options: dict[str, str]) -> int:
    """Index of the product's variant whose options include `options`."""
    for index, variant in enumerate(product.variants):
        if all(variant.options.get(key) == value for key, value in options.items()):
            return index
    raise KeyError(f"{product.handle} has no variant {options}")


def product_index(products: list[ProductPlan], handle: str) -> int:
    """Index of the product with this handle."""
    for index, product in enumerate(products):
        if product.handle == handle:
            return index
    raise KeyError(f"no demo product {handle!r}")


def _size_charts(products: list[ProductPlan], fit_profiles: dict[str, dict[str, str]]) -> list[SizeChartPlan]:
    genders: dict[tuple[str, str], list[str]] = {}
    widths: dict[tuple[str, str], set[str]] = {}
    for product in products:
        if product.vertical == "beauty":
            continue
        key = (product.brand_id, product.category)
        gender = str(product.attributes["gender"])
        if gender not in genders.setdefault(key, []):
            genders[key].append(gender)
        widths.setdefault(key, set()).update(product.attributes.get("widths", []))
    charts: list[SizeChartPlan] = []
    for (brand_id, category), chart_genders in genders.items():
        profile = fit_profiles[brand_id][category]
        rows: list[dict[str, Any]] = []
        for gender in chart_genders:
            if widths[(brand_id, category)]:
                offered = [width for width in WIDTHS if width in widths[(brand_id, category)]]
                rows.extend(shoe_chart_rows(gender, offered, profile))
            else:
                sizes = apparel_sizes(brand_id, category, gender)
                rows.extend(apparel_chart_rows(category, gender, sizes, profile))
        charts.append(SizeChartPlan(brand_id=brand_id, category=category, rows=rows))
    return charts


def _apply_fixture_stock(products: list[ProductPlan]) -> None:
    for handle, options, units in FIXTURE_STOCK:
        product = products[product_index(products, handle)]
        variant: VariantPlan = product.variants[find_variant(product, options)]
        variant.inventory = units


def build_catalog(rng: random.Random, cutoff: datetime) -> Catalog:
    """Brands, 320 products with variants, and a size chart per brand and category."""
    brands = demo_brands()
    by_id = {brand.id: brand for brand in brands}
    products = build_beauty_products(rng, by_id, cutoff)
    products += build_apparel_products(rng, by_id, cutoff)
    products += build_footwear_products(rng, by_id, cutoff)
    handles = [product.handle for product in products]
    if len(set(handles)) != len(handles):
        raise ValueError("duplicate product handles in the demo catalog")
    skus = [variant.sku for product in products for variant in product.variants]
    if len(set(skus)) != len(skus):
        raise ValueError("duplicate SKUs in the demo catalog")
    _apply_fixture_stock(products)
    charts = _size_charts(products, {brand.id: brand.fit_profile for brand in brands})
    return Catalog(brands=brands, size_charts=charts, products=products)
