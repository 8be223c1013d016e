"""Filters from a shopper's message: ingredients to avoid, and what cannot be a filter said back as a problem."""

from __future__ import annotations

from decimal import Decimal

from shopcrew.catalog.filters import avoid_ingredients, filters_from_message, match_categories
from shopcrew.catalog.search import CatalogIndex
from shopcrew.domain.catalog import Product, Variant
from shopcrew.models.local.extract import Budget, Extraction


def _shoe(pid: int, category: str, sizes: tuple[str, ...]) -> Product:
    return Product(
        id=pid,
        handle=f"shoe-{pid}",
        title=f"Shoe {pid}",
        brand=None,
        vertical="footwear",
        category=category,
        description="",
        tags=(),
        attributes={},
        ingredients=None,
        status="active",
        variants=tuple(
            Variant(pid * 100 + i, f"S{pid}-{i}", s, {"size": s}, Decimal("100"), None, 3)
            for i, s in enumerate(sizes)
        ),
    )


CATALOG = CatalogIndex(
    [_shoe(1, "running", ("9", "10", "11")), _shoe(2, "kids", ("12C", "1Y")), _shoe(3, "dress", ("S", "M"))]
)


def test_ingredients_to_avoid_in_the_ways_shoppers_say_it() -> None:
    assert avoid_ingredients("a moisturiser with no fragrance please") == ("fragrance",)
    assert avoid_ingredients("alcohol-free toner") == ("alcohol",)
    assert avoid_ingredients("without parabens, sulfates or silicones") == ("paraben", "sulfate", "silicone")
    assert avoid_ingredients("unscented body lotion") == ("fragrance",)
    assert avoid_ingredients("I'm allergic to perfume") == ("fragrance",)
    assert avoid_ingredients("fragrance free and essential oil free cleanser") == (
        "fragrance",
        "essential oil",
    )


def test_words_that_are_not_ingredients_are_not_avoided() -> None:
    assert avoid_ingredients("is there free shipping on this?") == ()
    assert avoid_ingredients("no idea which serum, no rush") == ()
    assert avoid_ingredients("a serum with vitamin c") == ()


def test_a_size_nothing_comes_in_is_a_problem_not_a_filter() -> None:
    filters = filters_from_message(
        "running shoes in size 99", Extraction(sizes=["99"]), CATALOG.categories, catalog=CATALOG
    )
    assert filters.size is None
    assert filters.problems == ("there is no size 99 in running",)
    # A size that exists elsewhere in the store but not in the category asked for is still a problem.
    dress = filters_from_message(
        "a dress in size 11", Extraction(sizes=["11"]), CATALOG.categories, catalog=CATALOG
    )
    assert (dress.size, dress.problems) == (None, ("there is no size 11 in dress",))
    fine = filters_from_message(
        "running shoes size 11", Extraction(sizes=["11"]), CATALOG.categories, catalog=CATALOG
    )
    assert (fine.size, fine.problems) == ("11", ())


def test_the_catalog_can_come_through_the_categories_the_agent_already_passes() -> None:
    filters = filters_from_message("running shoes in size 99", Extraction(sizes=["99"]), CATALOG.categories)
    assert filters.problems == ("there is no size 99 in running",)


def test_kids_sizes_keep_their_letter() -> None:
    filters = filters_from_message(
        "kids shoes size 12C", Extraction(sizes=["12"]), CATALOG.categories, catalog=CATALOG
    )
    assert (filters.size, filters.problems) == ("12C", ())


def test_impossible_prices_are_problems() -> None:
    negative = filters_from_message("serum under -5 dollars", Extraction(), CATALOG.categories)
    assert negative.max_price is None and negative.problems == ("a price can't be below $0",)
    upside_down = filters_from_message(
        "dress from $200 to $100",
        Extraction(budget=Budget(min=Decimal("200"), max=Decimal("100"))),
        CATALOG.categories,
    )
    assert (upside_down.min_price, upside_down.max_price) == (None, None)
    assert upside_down.problems == ("the lowest price you gave ($200) is above the highest ($100)",)
    free = filters_from_message(
        "boots under $0", Extraction(budget=Budget(max=Decimal("0"))), CATALOG.categories
    )
    assert free.max_price is None and "free" in free.problems[0]


def test_a_colour_counts_only_when_the_shopper_wrote_it() -> None:
    plump = filters_from_message(
        "plump and hydrate thirsty skin", Extraction(colours=["Plum"]), CATALOG.categories
    )
    red_skin = filters_from_message(
        "my skin gets really red and flushed", Extraction(colours=["Red"]), CATALOG.categories
    )
    red_dress = filters_from_message("a red dress", Extraction(colours=["Red"]), CATALOG.categories)
    assert (plump.colour, red_skin.colour, red_dress.colour) == (None, None, "Red")


def test_categories_forgive_typos_and_keep_separate_mentions() -> None:
    categories = ["running", "trail_running", "sandals", "serum", "retinoid", "t_shirt", "shirt"]
    assert match_categories("sandles for the beach", categories) == ("sandals",)
    assert match_categories("runing shoes", categories) == ("running", "trail_running")
    assert set(match_categories("retinol serum", categories)) == {"retinoid", "serum"}
    assert match_categories("tee shirt for men", categories) == ("t_shirt",)
    assert match_categories("trail running shoes", categories) == ("trail_running",)
    # A product's name two letters from a category is not a typo of it.
    assert match_categories("and in the summit pro?", [*categories, "suit"]) == ()
    assert match_categories("exfoliating acid", [*categories, "exfoliant"]) == ("exfoliant",)
