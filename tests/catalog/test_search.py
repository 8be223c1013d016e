"""Catalog search: filters hold for every hit, evidence says why, discontinued products never show."""

from __future__ import annotations

from decimal import Decimal

from shopcrew.catalog.filters import filters_from_message, match_categories
from shopcrew.catalog.search import CatalogIndex, SearchFilters
from shopcrew.domain.catalog import Product, Variant
from shopcrew.models.local.extract import Budget, Extraction


def _product(pid: int, title: str, category: str, price: str, **attributes: object) -> Product:
    sizes = [("10", "Standard", 3), ("11", "Wide", 2), ("11", "Standard", 0)]
    return Product(
        id=pid,
        handle=title.lower().replace(" ", "-"),
        title=title,
        brand="Northpeak",
        vertical="footwear",
        category=category,
        description=f"{title} for the trail.",
        tags=(),
        attributes=attributes,
        ingredients=None,
        status=str(attributes.pop("status", "active")),
        variants=tuple(
            Variant(
                pid * 10 + i,
                f"SKU-{pid}-{i}",
                f"{s} / {w}",
                {"size": s, "width": w},
                Decimal(price),
                None,
                stock,
            )
            for i, (s, w, stock) in enumerate(sizes)
        ),
    )


INDEX = CatalogIndex(
    [
        _product(1, "Trail Runner GTX", "trail_running", "165.00", waterproof=True, arch_support="medium"),
        _product(2, "Road Glide 3", "running", "120.00", waterproof=False, arch_support="high"),
        _product(3, "Summit Boot", "hiking", "210.00", waterproof=True, arch_support="high"),
        _product(4, "Old Trail Runner", "trail_running", "90.00", waterproof=True, status="discontinued"),
    ]
)


def test_every_filter_holds_for_every_hit() -> None:
    hits = INDEX.search(
        "shoes", SearchFilters(flags=("waterproof",), max_price=Decimal("200"), size="11", width="Wide")
    )
    assert [h.product.title for h in hits] == ["Trail Runner GTX"]
    assert all(v.options == {"size": "11", "width": "Wide"} and v.inventory > 0 for v in hits[0].variants)
    assert "waterproof" in hits[0].evidence and "in stock in size 11 Wide" in hits[0].evidence


def test_out_of_stock_variants_do_not_count() -> None:
    assert INDEX.search("trail", SearchFilters(size="11", width="Standard")) == []


def test_discontinued_products_are_never_results() -> None:
    assert all(h.product.id != 4 for h in INDEX.search("old trail runner"))


def test_rank_by_an_attribute_puts_the_most_supportive_first() -> None:
    hits = INDEX.search("most arch support", SearchFilters(rank_by="arch_support"))
    assert [h.product.attributes["arch_support"] for h in hits][:2] == ["high", "high"]


def test_free_text_without_a_match_finds_nothing() -> None:
    assert INDEX.search("xylophone") == []


def test_filters_come_from_the_message() -> None:
    extraction = Extraction(sizes=["11"], widths=["Wide"], budget=Budget(max=Decimal("150")))
    filters = filters_from_message(
        "waterproof trail runners for men under $150, 11 wide", extraction, INDEX.categories
    )
    assert filters.categories == ("trail_running",)
    assert filters.flags == ("waterproof",)
    assert (filters.size, filters.width, filters.max_price, filters.gender) == (
        "11",
        "Wide",
        Decimal("150"),
        "men",
    )


def test_the_most_specific_category_wins() -> None:
    categories = ["running", "trail_running", "hiking", "boots"]
    assert match_categories("trail running shoes", categories) == ("trail_running",)
    assert match_categories("hiking boots", categories) == ("hiking",)
    assert match_categories("a nice scarf", categories) == ()


def test_words_beyond_the_category_narrow_the_results() -> None:
    both = SearchFilters(categories=("trail_running", "running"))
    assert [h.product.title for h in INDEX.search("gtx running shoes", both)] == ["Trail Runner GTX"]
    broad = {h.product.title for h in INDEX.search("comfy running shoes", both)}
    assert broad == {"Trail Runner GTX", "Road Glide 3"}, "no word matched: the whole category"
