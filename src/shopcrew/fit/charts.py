"""Size charts as the Fit Analyzer reads them: the brand's chart for a category, else a standard one.

A brand's chart already carries its fit profile (a brand that runs small has smaller ranges), so
measurements are compared with it directly. A catalog without charts (an imported store) is sized
on the standard chart, and the advice says so and is less sure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopcrew.domain.catalog import Product
from shopcrew.fit.groups import (
    CATEGORY_GROUPS,
    KIDS_SHOES,
    SHOES,
    group_for_word,
    is_shoe_group,
    product_group,
)
from shopcrew.fit.references import normalise_size
from shopcrew.store.catalog_tables import BrandRow, SizeChartRow
from shopcrew.store.demo.size_charts import (
    KIDS_SIZES,
    MEN_JEANS,
    MEN_LETTERS,
    MEN_SUITS,
    PLUS_LETTERS,
    UNISEX_LETTERS,
    WIDTHS,
    WOMEN_JEANS,
    WOMEN_LETTERS,
    apparel_chart_rows,
    shoe_chart_rows,
)

PROFILE_WORDS = {"runs_small": "runs small", "true_to_size": "fits true to size", "runs_large": "runs large"}
# US women's numeric dress sizes on the letter scale (the standard mapping most size guides print).
WOMEN_NUMERIC_TO_LETTER = {
    "0": "XS",
    "2": "XS",
    "4": "S",
    "6": "S",
    "8": "M",
    "10": "M",
    "12": "L",
    "14": "L",
    "16": "XL",
    "18": "XXL",
    "20": "XXL",
    "22": "1X",
    "24": "2X",
    "26": "3X",
}
_STANDARD_FOOTWEAR = {"kids": "kids", "women": "women"}
_CATEGORY_WORDS = {
    "dress": "dresses",
    "knitwear": "knitwear",
    "activewear": "activewear",
    "jeans": "jeans",
    "trousers": "trousers",
    "t_shirt": "T-shirts",
    "running": "running shoes",
    "trail_running": "trail running shoes",
    "walking": "walking shoes",
    "hiking": "hiking boots",
    "dress_shoes": "dress shoes",
    "sneakers": "sneakers",
    "sandals": "sandals",
    "boots": "boots",
    "kids": "kids' shoes",
}


def category_words(category: str) -> str:
    """A category as shoppers say it, plural: "dresses", "trail running shoes"."""
    return _CATEGORY_WORDS.get(category, category.replace("_", " ") + "s")


@dataclass(frozen=True)
class Chart:
    """Rows of one chart (one gender), where they came from, and the brand's declared fit profile."""

    rows: tuple[dict[str, Any], ...]
    source: str  # "brand" | "standard"
    brand_id: str | None
    brand_name: str | None
    category: str
    profile: str = "true_to_size"
    gender: str = ""
    labels: tuple[str, ...] = field(default_factory=tuple)

    def row_for(self, size: str) -> dict[str, Any] | None:
        """The chart row of a size label (case-insensitive), or None."""
        wanted = size.casefold()
        return next((r for r in self.rows if str(r.get("size", "")).casefold() == wanted), None)


def product_gender(product: Product) -> str:
    """The product's gender as charts spell it ("women", "men", "unisex", "kids")."""
    gender = str(product.attributes.get("gender") or "").lower()
    if gender in {"women", "men", "unisex", "kids"}:
        return gender
    title = product.title.lower()
    if "women" in title or "ladies" in title:
        return "women"
    if "men's" in title or "mens " in title:
        return "men"
    return "women" if product.category in {"dress", "blouse", "skirt"} else "unisex"


def brand_row(session: Session, name: str | None) -> BrandRow | None:
    """The brand of that name (or id), or None."""
    if not name:
        return None
    row = session.get(BrandRow, name)
    return row or session.scalars(select(BrandRow).where(BrandRow.name == name)).first()


def store_brands(session: Session) -> list[tuple[str, str]]:
    """Every brand of the store as (id, name), for matching references."""
    return [(r.id, r.name) for r in session.scalars(select(BrandRow).order_by(BrandRow.id))]


def _rows_of(chart_row: SizeChartRow, gender: str) -> tuple[dict[str, Any], ...]:
    rows = [r for r in chart_row.rows or [] if isinstance(r, dict)]
    mine = [r for r in rows if r.get("gender") == gender]
    if not mine and gender == "unisex":
        mine = [r for r in rows if r.get("gender") == "men"]
    return tuple(mine or rows)


def brand_chart(session: Session, brand: BrandRow, category: str, gender: str) -> Chart | None:
    """The brand's chart for a category and gender, or None when the brand has none."""
    row = session.scalars(
        select(SizeChartRow).where(SizeChartRow.brand_id == brand.id, SizeChartRow.category == category)
    ).first()
    if row is None or not row.rows:
        return None
    rows = _rows_of(row, gender)
    profile = str((brand.fit_profile or {}).get(category) or "true_to_size")
    return Chart(rows, "brand", brand.id, brand.name, category, profile, gender)


def brand_chart_for_group(session: Session, brand: BrandRow, group: str, gender: str | None) -> Chart | None:
    """A chart of the brand for any of its categories in a size group ("tops" -> its top or shirt chart)."""
    for chart_row in session.scalars(select(SizeChartRow).where(SizeChartRow.brand_id == brand.id)):
        word_group = group_for_word(chart_row.category.replace("_", "-")) or _category_group(
            chart_row.category
        )
        if word_group == group:
            rows = _rows_of(chart_row, gender or "")
            chart_gender = gender or str(rows[0].get("gender", "")) if rows else ""
            profile = str((brand.fit_profile or {}).get(chart_row.category) or "true_to_size")
            return Chart(rows, "brand", brand.id, brand.name, chart_row.category, profile, chart_gender)
    return None


def _category_group(category: str) -> str | None:
    if category in CATEGORY_GROUPS:
        return CATEGORY_GROUPS[category]
    return SHOES if category in _FOOTWEAR_CATEGORIES else None


_FOOTWEAR_CATEGORIES = {
    "running",
    "trail_running",
    "walking",
    "hiking",
    "sneakers",
    "dress_shoes",
    "sandals",
    "boots",
    "kids",
}


def standard_chart(category: str, gender: str, group: str | None, sizes: list[str]) -> Chart:
    """The standard (true to size) chart for a product with no brand chart."""
    if is_shoe_group(group):
        shoe_gender = "kids" if group == KIDS_SHOES else _STANDARD_FOOTWEAR.get(gender, "men")
        rows = shoe_chart_rows(shoe_gender, list(WIDTHS), "true_to_size")
        return Chart(tuple(rows), "standard", None, None, category, "true_to_size", shoe_gender)
    if gender == "kids":
        labels: tuple[str, ...] = KIDS_SIZES
    elif category == "jeans":
        labels = WOMEN_JEANS if gender == "women" else MEN_JEANS
    elif category == "suit" and gender == "men":
        labels = MEN_SUITS
    elif gender == "men":
        labels = MEN_LETTERS
    elif gender == "unisex":
        labels = UNISEX_LETTERS
    else:
        labels = WOMEN_LETTERS + PLUS_LETTERS
    chart_category = category if category in {"jeans", "suit", "trousers", "skirt"} else "top"
    rows = apparel_chart_rows(chart_category, gender or "women", labels, "true_to_size")
    # An imported catalog may spell sizes out ("Small", "Medium"): compare them the chart's way.
    wanted = {normalise_size(s).casefold() for s in sizes}
    if wanted and any(str(r["size"]).casefold() in wanted for r in rows):
        rows = [r for r in rows if str(r["size"]).casefold() in wanted]
    return Chart(tuple(rows), "standard", None, None, category, "true_to_size", gender)


def chart_for_product(session: Session, product: Product) -> Chart:
    """The brand's chart for this product's category and gender, else the standard chart."""
    gender = product_gender(product)
    group = product_group(product)
    brand = brand_row(session, product.brand)
    if brand is not None:
        chart = brand_chart(session, brand, product.category, gender)
        if chart is not None:
            return chart
    chart = standard_chart(product.category, gender, group, product.option_values("size"))
    declared = str(product.attributes.get("fit_profile") or "true_to_size")
    return Chart(chart.rows, "standard", None, product.brand, product.category, declared, chart.gender)
