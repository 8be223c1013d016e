"""The Product Expert on the demo store: filters, product lines, follow-ups and catalog-only answers."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from shopcrew.app import Assistant, build_assistant
from shopcrew.catalog.ingredients import ingredients_matching
from shopcrew.domain.messages import InboundMessage, TurnResult
from shopcrew.settings import Settings


@pytest.fixture
def assistant(demo_settings: Settings) -> Iterator[Assistant]:
    built = build_assistant(demo_settings)
    yield built
    built.close()


async def converse(assistant: Assistant, *texts: str) -> list[TurnResult]:
    results: list[TurnResult] = []
    conversation_id = None
    for text in texts:
        result = await assistant.handle(InboundMessage(text=text, conversation_id=conversation_id))
        conversation_id = result.conversation_id
        results.append(result)
    return results


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


def test_ingredient_aliases_find_inci_names() -> None:
    inci = "Aqua, Glycerin, Cetyl Alcohol, Alcohol Denat., Parfum, Ascorbic Acid, Dimethicone, Linalool"
    assert ingredients_matching(inci, "fragrance") == ["Parfum"]
    assert ingredients_matching(inci, "alcohol") == ["Cetyl Alcohol", "Alcohol Denat."]
    assert ingredients_matching(inci, "vitamin c") == ["Ascorbic Acid"]
    assert ingredients_matching(inci, "silicones") == ["Dimethicone"]
    assert ingredients_matching(inci, "parabens") == []
