"""The Product Expert on the demo store: filters, product lines, follow-ups and catalog-only answers."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from tests.conversations import converse

from shopcrew.app import Assistant
from shopcrew.catalog.ingredients import ingredients_matching
from shopcrew.catalog.search import SearchFilters
from shopcrew.orchestrator.state import ConversationState


async def test_a_product_line_in_a_size_lists_only_variants_in_stock(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "do you have the trail runner in 11 wide?")
    assert turn.products
    assert all("Trail Runner" in p.name for p in turn.products)
    hit_ids = [int(h["id"]) for h in turn.trace["facts"]]
    assert hit_ids == [p.id for p in turn.products]
    assert all("11" in h["sizes_in_stock"] for h in turn.trace["facts"])


async def test_price_filter_and_category_hold_for_every_result(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "vitamin c serum under $40")
    assert turn.products
    for shown in turn.products:
        assert "Vitamin C" in shown.name, "words beyond the category narrow the results"
        assert Decimal(shown.price) <= 40
        assert f"${Decimal(shown.price):.2f}" in turn.reply


async def test_follow_ups_resolve_the_second_one_and_it(assistant: Assistant) -> None:
    results, about, made_of, colour = await converse(
        assistant,
        "show me the trail runner gtx",
        "tell me about the second one",
        "what is it made of?",
        "does it come in black?",
    )
    second = results.products[1].name
    assert about.agents == ("product_expert",)
    assert about.reply.startswith(second)
    assert second in made_of.reply and "membrane" in made_of.reply
    assert second in colour.reply and "Black" in colour.reply


async def test_ingredient_questions_answer_from_the_inci_list(assistant: Assistant) -> None:
    results, ingredients, alcohol = await converse(
        assistant,
        "vitamin c serum under $40",
        "what are the ingredients of the first one",
        "does it contain alcohol?",
    )
    first = results.products[0].name
    assert ingredients.reply.startswith(f"{first} ingredients: ")
    assert "Aqua" in ingredients.reply or "Water" in ingredients.reply
    assert alcohol.reply.startswith(("Yes", "No"))


async def test_nothing_matching_says_so_instead_of_inventing(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "do you have waterproof sandals under $5?")
    assert turn.products == ()
    assert "couldn't find" in turn.reply


async def test_no_product_but_a_policy_that_describes_it_quotes_the_policy(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "do you sell gift cards?")
    assert turn.products == ()
    assert "/policies/payment#gift-cards" in turn.reply and "couldn't find" not in turn.reply


async def test_nothing_within_the_budget_shows_the_closest_prices_and_says_so(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "do you have waterproof hiking boots under 150")
    assert turn.products, turn.reply
    assert "is in stock under $150, but these are the closest in price" in turn.reply
    prices = [Decimal(p.price) for p in turn.products]
    assert all(price > 150 for price in prices) and prices == sorted(prices)
    hits = [f for f in turn.trace["facts"] if f.get("kind") == "product"]
    assert all("waterproof" in f["reasons"] for f in hits)
    assert turn.trace["grounding"]["repairs"] == 0


async def test_a_budget_alone_narrows_the_last_search(assistant: Assistant) -> None:
    first, narrowed = await converse(assistant, "hiking shoes", "under 140 please")
    assert first.products and any(Decimal(p.price) > 140 for p in first.products)
    assert narrowed.products and all(Decimal(p.price) <= 140 for p in narrowed.products)
    assert "hiking, under $140" in narrowed.reply
    _, blue = await converse(assistant, "I need a dress for a summer wedding", "something in blue")
    assert "(dress, blue)" in blue.reply and all("Dress" in p.name for p in blue.products)
    # A new kind of product is a new search, not a narrowing.
    _, other = await converse(assistant, "hiking shoes", "sunglasses under 140")
    assert "hiking" not in other.reply


def test_ingredient_aliases_find_inci_names() -> None:
    inci = "Aqua, Glycerin, Cetyl Alcohol, Alcohol Denat., Parfum, Ascorbic Acid, Dimethicone, Linalool"
    assert ingredients_matching(inci, "fragrance") == ["Parfum"]
    assert ingredients_matching(inci, "alcohol") == ["Cetyl Alcohol", "Alcohol Denat."]
    assert ingredients_matching(inci, "vitamin c") == ["Ascorbic Acid"]
    assert ingredients_matching(inci, "silicones") == ["Dimethicone"]
    assert ingredients_matching(inci, "parabens") == []


async def test_recommendation_ranks_by_arch_support_in_stock_in_the_requested_size(
    assistant: Assistant,
) -> None:
    (turn,) = await converse(assistant, "which running shoe has the most arch support in a size 11 wide?")
    assert turn.products
    facts = turn.trace["facts"]
    for fact, shown in zip(facts, turn.products, strict=True):
        assert fact["reasons"][0] == "arch support: high", "the ranking reason comes first"
        assert "in stock in size 11 Wide" in fact["reasons"]
        assert shown.variant is not None and shown.variant.startswith("11 / Wide /")
        assert f"{shown.name} - from ${Decimal(shown.price):.2f} (arch support: high" in turn.reply


async def test_what_about_in_a_10_keeps_the_product_and_the_colour(assistant: Assistant) -> None:
    _, black, ten = await converse(
        assistant, "show me the men's trail runner gtx", "does it come in black?", "what about in a 10?"
    )
    assert "Men's Trail Runner GTX" in black.reply and "Black" in black.reply
    assert ten.trace["parts"][0]["intent"] == "product.stock"
    assert "Men's Trail Runner GTX" in ten.reply and "10 Black" in ten.reply
    (shown,) = ten.products
    assert shown.variant is not None and shown.variant.startswith("10 / ") and shown.variant.endswith("Black")


async def test_a_yes_no_feature_question_answers_from_the_attribute(assistant: Assistant) -> None:
    results, waterproof = await converse(
        assistant, "show me trail running shoes", "is the first one waterproof?"
    )
    first = results.products[0].name
    assert waterproof.reply.startswith((f"Yes - {first} is waterproof", f"No - {first} isn't waterproof"))


async def test_a_position_wins_over_a_product_name_in_the_question(assistant: Assistant) -> None:
    results, question = await converse(
        assistant, "vitamin c serum under $40", "is the second one fragrance free?"
    )
    second = results.products[1].name
    assert "Fragrance-Free" not in second, "the trap: a product is called Fragrance-Free Body Lotion"
    assert question.reply.startswith(f"Yes - {second} is fragrance-free")


async def test_it_wins_over_a_product_name_made_of_attribute_words(assistant: Assistant) -> None:
    results, question = await converse(
        assistant, "show me the daily calm moisturizer", "is it fragrance free?"
    )
    assert results.products
    assert "Fragrance-Free Body Lotion" not in question.reply
    assert any(question.reply.startswith(f"Yes - {p.name} is fragrance-free") for p in results.products)


async def test_it_after_a_list_is_the_top_result_and_after_one_product_that_one(assistant: Assistant) -> None:
    results, price = await converse(assistant, "vitamin c serum", "how much is it?")
    first, third = results.products[0].name, results.products[2].name
    # It answered about the last of the list before.
    assert price.reply.startswith(f"{first} is $"), price.reply
    *_, about_third, again = await converse(
        assistant, "vitamin c serum", "is the third one vegan?", "how much is it?"
    )
    assert about_third.reply.startswith(("Yes", "No")) and third in about_third.reply
    assert again.reply.startswith(f"{third} is $")


def test_the_product_for_it_follows_what_was_talked_about() -> None:
    state = ConversationState()
    assert state.product_for_it() is None
    state.remember_products([7, 8, 9], shown=True)
    assert state.product_for_it() == 7
    state.remember_products([9], shown=False)
    assert state.product_for_it() == 9
    state.remember_products([4, 5], shown=False)  # an order's two items: no single focus
    assert state.product_for_it() == 5


async def test_weight_and_dimensions_come_from_attributes_or_are_said_missing(assistant: Assistant) -> None:
    _, weight, dimensions = await converse(
        assistant, "show me the men's trail runner gtx", "how much does it weigh?", "what are the dimensions?"
    )
    assert weight.reply == "Men's Trail Runner GTX weighs 330 g per shoe."
    assert dimensions.reply == "The catalog doesn't give the dimensions of Men's Trail Runner GTX."


async def test_cheaper_ones_moves_the_last_search_below_its_cheapest_result(assistant: Assistant) -> None:
    results, cheaper = await converse(assistant, "show me trail running shoes", "cheaper ones?")
    cheapest = min(Decimal(p.price) for p in results.products)
    assert cheaper.products, cheaper.reply
    assert all(Decimal(p.price) < cheapest for p in cheaper.products)
    assert not {p.id for p in cheaper.products} & {p.id for p in results.products}
    assert cheaper.reply.startswith(f"Cheaper than ${cheapest:.2f}")


async def test_cheaper_than_the_cheapest_says_that_is_all(assistant: Assistant) -> None:
    _, cheaper = await converse(assistant, "show me the men's trail runner gtx", "cheaper ones?")
    assert cheaper.products == ()
    assert cheaper.reply.startswith("That's all I have: nothing cheaper than $165.00")


async def test_a_message_with_nothing_to_search_gets_a_question(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "show me something")
    assert turn.products == ()
    assert turn.trace["parts"][0]["intent"] == "product.ask"
    assert "?" in turn.reply


async def test_filter_problems_are_said_back_and_results_still_shown(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shopcrew.agents import product_expert

    real = product_expert.filters_from_message

    def with_problem(*args: Any, **kwargs: Any) -> SearchFilters:
        # What the filter parser reports for "running shoes in size 99": no such size, so no size filter.
        return replace(real(*args, **kwargs), size=None, problems=("there's no size 99 in running shoes",))

    monkeypatch.setattr(product_expert, "filters_from_message", with_problem)
    (turn,) = await converse(assistant, "running shoes in size 99")
    assert turn.reply.startswith("There's no size 99 in running shoes.\n")
    assert turn.products, "what can be shown is still shown"


async def test_a_combination_that_doesnt_exist_says_what_does(assistant: Assistant) -> None:
    _, sage = await converse(
        assistant, "show me the men's trail runner gtx", "do you have it in 10.5 wide in sage?"
    )
    assert sage.reply == (
        "Men's Trail Runner GTX doesn't come in 10.5 Wide Sage. "
        "In 10.5 Sage it comes in Standard. In 10.5 Wide it comes in Black."
    )


async def test_a_question_word_shared_by_product_names_stays_about_the_product(assistant: Assistant) -> None:
    # "drop" is in "Glow Drops" and "Clarifying Drops", but the shopper asks about the shoe's drop.
    _, drop = await converse(assistant, "show me the men's trail runner gtx", "what is the drop?")
    assert drop.reply == "Men's Trail Runner GTX: heel-to-toe drop 6 mm."


async def test_a_product_name_does_not_set_the_question(assistant: Assistant) -> None:
    # "merino" names the product; the question is its price. "SPF 50" names the sunscreen.
    for text in ("how much is the merino crewneck?", "what's the price of the merino crewneck?"):
        (price,) = await converse(assistant, text)
        assert price.reply == "Merino Crewneck is $98.00.", text
    (about,) = await converse(assistant, "tell me about the Sheer Mineral Sunscreen SPF 50")
    assert about.reply.startswith("Sheer Mineral Sunscreen SPF 50 by Solstice Sun Care ($32.00): ")


async def test_a_whole_name_means_that_product_not_its_line(assistant: Assistant) -> None:
    # "Trail Runner GTX" is in the women's name too; the whole men's name is the men's shoe.
    (waterproof,) = await converse(assistant, "is the Men's Trail Runner GTX waterproof?")
    assert waterproof.reply == "Yes - Men's Trail Runner GTX is waterproof."
    (drop,) = await converse(assistant, "what's the drop on the Men's Cloudlift Max?")
    assert drop.reply == "Men's Cloudlift Max: heel-to-toe drop 6 mm."


async def test_a_word_spelled_right_is_not_read_as_a_typo_of_another(assistant: Assistant) -> None:
    # The store sells no candles; "candles" was read as "handles" and found a rain boot.
    (candles,) = await converse(assistant, "do you have any candles?")
    assert not candles.products and "Rain Boot" not in candles.reply
    # A real typo, and a plural the catalog holds in the singular, still find their products.
    (typo,) = await converse(assistant, "do you have swetaers?")
    assert typo.products and all("Sweater" in p.name for p in typo.products)


async def test_template_replies_pass_the_grounding_check_untouched(assistant: Assistant) -> None:
    turns = await converse(
        assistant,
        "which running shoe has the most arch support in a size 11 wide?",
        "compare the first and third",
        "is the second one waterproof?",
        "cheaper ones?",
    )
    for turn in turns:
        grounding = turn.trace.get("grounding") or {}
        assert not grounding.get("details"), (turn.reply, grounding)
