"""The grounding check on product claims: names, prices, stock and sizes, ingredients.

True claims (the local templates' phrasings and ordinary model phrasing) pass untouched; wrong
ones are rewritten from the facts or removed with their sentence, list item or table row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from shopcrew.catalog.search import CatalogIndex
from shopcrew.domain.catalog import Product, Variant
from shopcrew.guardrails.grounding import GroundedReply, catalog_terms, collect_facts, ground_reply

INCI_CLEANSER = "Aqua, Glycerin, Cetearyl Alcohol, Niacinamide, Ceramide NP, Phenoxyethanol"
INCI_SCENTED = "Aqua, Glycerin, Sodium Hyaluronate, Parfum, Limonene"


def shoe(product_id: int, title: str, price: str, stock: dict[tuple[str, str], int], **extra: Any) -> Product:
    variants = tuple(
        Variant(
            product_id * 100 + i,
            f"SKU{product_id}{i}",
            f"{size} / {width} / Black",
            {"size": size, "width": width, "colour": "Black"},
            Decimal(price),
            None,
            units,
        )
        for i, ((size, width), units) in enumerate(stock.items())
    )
    return Product(
        product_id, title.lower(), title, "Northpeak", "footwear", "trail_running", "", (), {}, None,
        extra.get("status", "active"), variants,
    )  # fmt: skip


def cream(product_id: int, title: str, price: str, inci: str, status: str = "active") -> Product:
    variant = Variant(
        product_id * 100, f"SKU{product_id}", "50 ml", {"volume": "50 ml"}, Decimal(price), None, 12
    )
    return Product(
        product_id, title.lower(), title, "Calma Skin", "beauty", "moisturizer", "", (), {}, inci, status, (variant,)
    )  # fmt: skip


GTX = shoe(
    1, "Men's Trail Runner GTX", "165.00", {("10", "Standard"): 4, ("11", "Wide"): 3, ("12", "Wide"): 0}
)
GTX_W = shoe(2, "Women's Trail Runner GTX", "165.00", {("7", "Standard"): 5})
ROAD = shoe(3, "Men's Road Glide", "120.00", {("10", "Standard"): 0, ("11", "Standard"): 0})
FLEX = shoe(4, "Women's Barefoot Flex", "110.00", {("7", "Standard"): 1}, status="discontinued")
CLEANSER = cream(5, "Gentle Milky Cleanser", "18.00", INCI_CLEANSER)
MIST = cream(6, "Neroli Blossom Mist", "32.00", INCI_SCENTED)
WASH = cream(7, "Gentle Body Wash", "12.00", "Aqua, Sodium Laureth Sulfate, Glycerin")
CATALOG = CatalogIndex([GTX, GTX_W, ROAD, FLEX, CLEANSER, MIST, WASH])
TERMS = catalog_terms(CATALOG.products)


def ground(text: str, *products: Product, facts: dict[str, Any] | None = None) -> GroundedReply:
    fact_sets = [facts or {}, *({"kind": "product", "id": p.id, "title": p.title} for p in products)]
    turn = collect_facts(fact_sets, catalog=CATALOG, products=products, by_title=TERMS.by_title)
    return ground_reply(text, turn, TERMS)


@pytest.mark.parametrize(
    ("text", "products"),
    [
        # The local templates' phrasings.
        (
            "Here's what I found (size 11 wide):\n1. Men's Trail Runner GTX - from $165.00 (in stock in size 11 Wide)"
            "\nWant details on any of these?",
            (GTX,),
        ),
        ("Yes - Men's Trail Runner GTX is in stock in 11 Wide ($165.00).", (GTX,)),
        ("Men's Trail Runner GTX in 12 Wide is out of stock right now.", (GTX,)),
        ("Men's Trail Runner GTX doesn't come in 14. Available options - sizes: 10, 11, 12.", (GTX,)),
        ("Men's Trail Runner GTX is in stock in: 10 / Standard / Black, 11 / Wide / Black.", (GTX,)),
        ("Women's Barefoot Flex has been discontinued, so it's no longer available.", (FLEX,)),
        ("Men's Road Glide is out of stock right now.", (ROAD,)),
        (f"Yes - Gentle Milky Cleanser contains Niacinamide. Full ingredients: {INCI_CLEANSER}", (CLEANSER,)),
        (
            f"No - fragrance isn't in the ingredient list of Gentle Milky Cleanser. Full ingredients: {INCI_CLEANSER}",
            (CLEANSER,),
        ),
        # Ordinary model phrasing.
        ("The Trail Runner GTX is a great pick for trail running, and it's $165 in every size.", (GTX,)),
        ("It's a gentle body wash kind of day! The Gentle Milky Cleanser is fragrance-free.", (CLEANSER,)),
        ("Good news: it comes in black, and size 11 wide is in stock.", (GTX,)),
        ("The Neroli Blossom Mist has sodium hyaluronate and a light parfum.", (MIST,)),
        ("The Neroli Blossom Mist isn't fragrance-free, so patch test it first.", (MIST,)),
        ("Is the Neroli Blossom Mist fragrance-free? Let me check the list.", (MIST,)),
        ("Prices from the facts only: the GTX pair is $165.", (GTX,)),
        (
            "| Product | Price |\n|---|---|\n| Men's Trail Runner GTX | $165 |\n| Men's Road Glide | $120 |",
            (GTX, ROAD),
        ),
    ],
)
def test_true_claims_pass_untouched(text: str, products: tuple[Product, ...]) -> None:
    grounded = ground(text, *products)
    assert grounded.actions == ()
    assert grounded.text == text


def test_a_wrong_price_of_a_known_product_is_repaired_from_the_catalog() -> None:
    grounded = ground("The Men's Trail Runner GTX is just $99.99 today!", GTX)
    assert grounded.text == "The Men's Trail Runner GTX is just $165.00 today!"
    assert [(a.kind, a.claim, a.action) for a in grounded.actions] == [("price", "$99.99", "repaired")]


def test_a_price_in_a_table_column_is_checked_against_that_column_s_product() -> None:
    table = "| | Men's Trail Runner GTX | Men's Road Glide |\n|---|---|---|\n| Price | $165 | $99 |"
    grounded = ground(table, GTX, ROAD)
    assert grounded.text.endswith("| Price | $165 | $120 |")
    assert grounded.repairs == 1


def test_an_amount_about_no_product_must_be_a_fact_or_its_sentence_goes() -> None:
    grounded = ground("Here you go. Everything ships free over $50.", GTX, facts={"quote": "Free over $75."})
    assert grounded.text == "Here you go."
    assert grounded.removed == 1


def test_a_product_the_tools_did_not_return_is_removed_with_its_list_item() -> None:
    reply = (
        "Here are two picks:\n1. Men's Trail Runner GTX - $165\n2. Women's Barefoot Flex - $110, a fan favourite\n"
        "Want details?"
    )
    grounded = ground(reply, GTX)
    assert "Barefoot Flex" not in grounded.text
    assert "1. Men's Trail Runner GTX - $165" in grounded.text
    assert [(a.kind, a.action) for a in grounded.actions] == [("product", "removed")]


def test_a_product_name_no_catalog_has_is_removed_when_written_after_a_brand() -> None:
    grounded = ground("The Men's Trail Runner GTX is $165. The Northpeak Cloud Racer 2 is even lighter!", GTX)
    assert grounded.text == "The Men's Trail Runner GTX is $165."
    assert [(a.claim, a.action) for a in grounded.actions] == [("Northpeak Cloud Racer 2", "removed")]
    assert ground("Northpeak's Men's Trail Runner GTX is waterproof. Northpeak makes it.", GTX).actions == ()


def test_a_product_line_name_is_grounded_by_any_member_returned() -> None:
    assert ground("The Trail Runner line is our best seller.", GTX).actions == ()
    assert ground("The Road Glide is lighter.", GTX).removed == 1
    # Leading words alone are not a product claim when no product of that line was returned.
    assert ground("## Gentle Milky Picks\nThe Men's Trail Runner GTX is $165.", GTX).actions == ()


def test_wrong_stock_words_are_flipped_from_inventory() -> None:
    assert ground("Men's Road Glide is in stock in size 11.", ROAD).text == (
        "Men's Road Glide is out of stock in size 11."
    )
    assert ground("Sorry, the Men's Trail Runner GTX is sold out in 11 wide.", GTX).text == (
        "Sorry, the Men's Trail Runner GTX is in stock in 11 wide."
    )


def test_a_size_or_colour_the_product_does_not_come_in_is_removed() -> None:
    grounded = ground("Great choice. The Men's Trail Runner GTX comes in navy and olive.", GTX)
    assert grounded.text == "Great choice."
    grounded = ground("Great choice. Men's Trail Runner GTX is available in size 15 wide.", GTX)
    assert grounded.text == "Great choice."


def test_a_discontinued_product_is_never_said_to_be_in_stock() -> None:
    grounded = ground("Women's Barefoot Flex is in stock!", FLEX)
    assert grounded.text == "Women's Barefoot Flex is no longer available!"


def test_an_invented_urgency_count_is_rewritten() -> None:
    grounded = ground("Hurry, the Men's Trail Runner GTX has only 1 left in size 10!", GTX)
    assert "only 1 left" not in grounded.text and "in stock" in grounded.text


def test_an_invented_ingredient_is_removed() -> None:
    grounded = ground("Gentle Milky Cleanser is lovely. It contains retinol and hyaluronic acid.", CLEANSER)
    assert grounded.text == "Gentle Milky Cleanser is lovely."
    assert {a.claim for a in grounded.actions} == {"retinol", "hyaluronic acid"}


def test_a_false_fragrance_free_never_reaches_the_shopper() -> None:
    for claim in ("The Neroli Blossom Mist is fragrance-free.", "Neroli Blossom Mist is free of fragrance."):
        grounded = ground(f"Nice pick! {claim}", MIST)
        assert grounded.text == "Nice pick!"
        assert grounded.actions[0].action == "removed"


def test_a_reply_mostly_removed_is_not_sendable() -> None:
    grounded = ground("The Women's Barefoot Flex is our top pick at $110.", GTX)
    assert not grounded.sendable
    assert "Barefoot Flex" in (grounded.problem() or "")
