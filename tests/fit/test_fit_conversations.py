"""Fit Analyzer conversations on the demo store with the local engine: ask what's missing, size, remember."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.conversations import converse, recommendations_shown

from shopcrew.app import Assistant, build_assistant
from shopcrew.domain.messages import CustomerRef
from shopcrew.settings import Settings
from shopcrew.store.catalog_tables import ProductRow, VariantRow
from shopcrew.store.conversation_tables import ConversationRow
from shopcrew.store.database import create_store_engine


def _state(settings: Settings, conversation_id: str) -> dict[str, object]:
    engine = create_store_engine(settings.resolved_database_url())
    with Session(engine) as session:
        row = session.get(ConversationRow, conversation_id)
        assert row is not None
        state = dict(row.state)
    engine.dispose()
    return state


async def test_asks_only_for_what_is_missing_then_sizes_with_reasons(
    assistant: Assistant, demo_settings: Settings
) -> None:
    ask, sized = await converse(
        assistant,
        "what size should I get in the Linen Wrap Midi Dress?",
        "bust 86 cm, waist 68 cm, hips 93 cm",
    )
    assert ask.agents == ("fit",) and ask.trace["awaiting_slot"] == "fit_details"
    assert "bust or chest, waist and hips" in ask.reply
    assert sized.agents == ("fit",)
    assert "you're an M in Linen Wrap Midi Dress (high confidence)" in sized.reply
    assert "Marlowe & Finch runs small in dresses" in sized.reply
    assert sized.trace["grounding"]["removed"] == 0
    assert [p.id for p in sized.products]
    state = _state(demo_settings, sized.conversation_id)
    assert state["measurements"] == {"chest_cm": 86.0, "waist_cm": 68.0, "hips_cm": 93.0}
    # In standard sizing an 86 cm bust is an S: Marlowe & Finch runs small, so its M fits.
    assert state["sizes"] == {"dresses": "S"}
    events = recommendations_shown(demo_settings, sized.conversation_id)
    assert [(e.agent, e.intent) for e in events] == [("fit", "fit.advice")]


async def test_the_product_in_context_after_a_product_list(assistant: Assistant) -> None:
    listed, ambiguous, picked = await converse(
        assistant,
        "show me dresses",
        "what size should I get in that dress? I'm 5'5, bust 34 in",
        "the first one",
    )
    assert listed.agents == ("product_expert",)
    first = listed.products[0].name
    assert ambiguous.agents == ("fit",) and "Which one should I size?" in ambiguous.reply
    assert picked.agents == ("fit",)
    assert first in picked.reply and "confidence" in picked.reply


async def test_a_fit_question_about_the_product_shown_is_the_fit_analyzers(assistant: Assistant) -> None:
    # While the Product Expert waits for a follow-up, a sure fit question goes to the Fit Analyzer.
    shown, sized = await converse(
        assistant, "show me the Men's Trail Runner GTX", "my foot is 27.5 cm, which size of it?"
    )
    assert shown.agents == ("product_expert",)
    assert sized.agents == ("fit",) and "you're an 11 in Men's Trail Runner GTX" in sized.reply
    # "it" after a list is its top result, as for the Product Expert.
    listed, runs = await converse(
        assistant, "do you have the cloudsoft merino crew in navy?", "does it run small?"
    )
    assert runs.agents == ("fit",) and runs.reply.startswith(f"{listed.products[0].name}:")
    # A question of its own put as a follow-up ("and what size in …?") stays with the size thread.
    _, also = await converse(
        assistant,
        "what size in the Men's Trail Runner GTX? my foot is 27.5 cm and wide",
        "and what size in the Men's Cloudlift Max?",
    )
    assert also.agents == ("fit",) and "10.5 Wide in Men's Cloudlift Max" in also.reply


async def test_a_shoe_reference_with_width_and_a_colour_without_that_width(assistant: Assistant) -> None:
    [turn] = await converse(
        assistant,
        "what size in the Men's Trail Runner GTX in sage? I wear 10.5 in Stridelab runners, wide feet",
    )
    assert "you're an 11 Wide in Men's Trail Runner GTX" in turn.reply
    assert "doesn't come in 11 Wide in Sage" in turn.reply
    assert "Size 11 Wide is in stock in Black" in turn.reply


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "what size in the Linen Wrap Midi Dress? I'm 20 meters tall",
            "a height of 20 meters isn't possible",
        ),
        ("I weigh 0 kg, what size am I in the Oxford Button-Down Shirt?", "a weight of 0 kg isn't possible"),
        ("waist 300 cm, what size jeans?", "a waist of 300 cm isn't possible"),
        ("I'm 150 cm and 290 kg, what size?", "don't go together"),
    ],
)
async def test_impossible_or_contradictory_measurements_get_a_friendly_reply(
    assistant: Assistant, demo_settings: Settings, text: str, said: str
) -> None:
    [turn] = await converse(assistant, text)
    assert turn.agents == ("fit",)
    assert said in turn.reply
    assert _state(demo_settings, turn.conversation_id)["measurements"] == {}


async def test_does_it_run_small_answers_from_the_brand_and_the_returns(assistant: Assistant) -> None:
    [turn] = await converse(assistant, "does the canvas low-top run small?")
    assert "Kickstand fits true to size in sneakers" in turn.reply
    assert "3 of" in turn.reply and "too small" in turn.reply


async def test_sizes_follow_a_known_shopper_to_another_channel(assistant: Assistant) -> None:
    jane = CustomerRef(email="jane.doe@example.com", verified=True)
    first = await converse(
        assistant,
        "what size in the Linen Wrap Midi Dress? bust 86 cm, waist 68 cm, hips 93 cm",
        customer=jane,
        channel="whatsapp",
    )
    assert "you're an M" in first[0].reply
    [later] = await converse(
        assistant, "what size should I get in the Pleated Chiffon Maxi Dress?", customer=jane
    )
    assert later.agents == ("fit",)
    assert "confidence" in later.reply and "could you tell me" not in later.reply


async def test_beyond_the_largest_size_names_the_brands_with_plus_sizes(assistant: Assistant) -> None:
    [turn] = await converse(
        assistant, "what size am I in the Linen Shirt Dress? bust 125 cm, waist 110 cm, hips 130 cm"
    )
    assert "beyond its largest size" in turn.reply
    assert "Marlowe & Finch" in turn.reply and "3X" in turn.reply


async def test_sizing_and_remembered_sizes_on_postgres(
    demo_data_dir: Path, demo_today: date, postgres_url: str
) -> None:
    settings = Settings(
        data_dir=demo_data_dir, database_url=postgres_url, seed_demo=True, demo_today=demo_today
    )
    built = build_assistant(settings)
    john = CustomerRef(email="john.smith@example.com", verified=True)
    try:
        [sized] = await converse(
            built,
            "what size in the Men's Trail Runner GTX? my foot is 27.5 cm and wide",
            customer=john,
            channel="whatsapp",
        )
        assert "you're an 11 Wide" in sized.reply
        # A new conversation, so no "and ...": the size is remembered with the customer, not the thread.
        [later] = await converse(built, "what size in the Men's Cloudlift Max?", customer=john)
        assert later.agents == ("fit",) and "10.5" in later.reply
    finally:
        built.close()


async def test_a_product_line_is_asked_about_and_a_gender_settles_it(assistant: Assistant) -> None:
    which, picked = await converse(assistant, "what size in the trail runner?", "the second one")
    assert "Which one should I size?" in which.reply and "2. " in which.reply
    second = which.reply.split("2. ")[1].splitlines()[0]
    assert picked.agents == ("fit",) and second in picked.reply
    [settled] = await converse(assistant, "what size in the men's trail runner gtx? foot 27 cm")
    assert "you're a 10.5 in Men's Trail Runner GTX" in settled.reply


async def test_and_in_another_product_sizes_that_one(assistant: Assistant) -> None:
    # Alone, "and in the summit pro?" reads as a product search; after a sizing answer it asks for
    # the same size in another product.
    _, other = await converse(
        assistant, "what size in the men's trail runner gtx? foot 27 cm", "and in the men's summit pro?"
    )
    assert other.agents == ("fit",) and other.trace["parts"][0]["domain"] == "fit"
    assert "you're a 10.5 in Men's Summit Pro Waterproof Boot" in other.reply  # the 27 cm foot, remembered


async def test_asking_about_another_kind_of_item_does_not_reuse_the_last_product(
    assistant: Assistant,
) -> None:
    _, shoe = await converse(
        assistant, "what size in the Linen Wrap Midi Dress? bust 86 cm", "what size shoe?"
    )
    assert "Linen Wrap Midi Dress" not in shoe.reply
    assert shoe.trace["awaiting_slot"] == "fit_product"


async def test_an_absurdly_long_number_is_refused_not_skipped(assistant: Assistant) -> None:
    [turn] = await converse(assistant, "what size am I? 999999999 cm waist")
    assert "a waist of 999999999 cm isn't possible" in turn.reply


async def test_the_sized_variant_is_linked_through_the_stores_cart_template(demo_settings: Settings) -> None:
    settings = demo_settings.model_copy(update={"cart_url_template": "{store_url}/add?sku={sku}&ref={token}"})
    built = build_assistant(settings)
    try:
        [turn] = await converse(built, "what size in the Men's Trail Runner GTX? my foot is 27.5 cm and wide")
    finally:
        built.close()
    [shown] = turn.products
    assert shown.variant == "11 / Wide / Black"
    assert shown.cart_url is not None and "/add?sku=NPK-" in shown.cart_url
    assert shown.token is not None and shown.token in shown.cart_url


async def test_no_cart_link_to_another_size_when_the_shoppers_sizes_are_sold_out(
    assistant: Assistant, demo_settings: Settings
) -> None:
    engine = create_store_engine(demo_settings.resolved_database_url())
    with Session(engine) as session:
        for variant in session.scalars(
            select(VariantRow).join(ProductRow).where(ProductRow.title == "Dri-Pace Running Tee")
        ):
            if variant.options.get("size") in ("M", "L"):
                variant.inventory = 0
        session.commit()
    engine.dispose()
    fresh = build_assistant(demo_settings)
    try:
        [turn] = await converse(fresh, "what size Dri-Pace Running Tee for a 100 cm chest?")
    finally:
        fresh.close()
    assert "Size M is out of stock right now" in turn.reply
    [shown] = turn.products
    assert shown.cart_url is None and shown.token is not None


async def test_follow_ups_about_the_product_go_to_the_product_expert_and_other_versions_are_sized(
    assistant: Assistant,
) -> None:
    sized, colour, version, said = await converse(
        assistant,
        "what size in the Men's Trail Runner GTX? my foot is 27 cm and wide",
        "does it come in sage?",
        "what about the women's version?",
        "I'm a women's 8",
    )
    assert "you're a 10.5 Wide in Men's Trail Runner GTX" in sized.reply
    assert colour.trace["parts"][0]["intent"].startswith("product.")
    assert "Sage" in colour.reply
    assert "Women's Trail Runner GTX" in version.reply
    assert "beyond this shoe's size range" in version.reply  # women's sizes stop at 11
    # The latest word wins: a size given now goes before the foot measured earlier.
    assert "you're an 8.5 Wide in Women's Trail Runner GTX" in said.reply


@pytest.mark.parametrize(
    "text",
    [
        "which running shoe has the most arch support in a size 11 wide?",
        "compare the men's skyline road 3 vs the stability guide 5 for arch support and weight in size 11",
    ],
)
async def test_a_search_that_names_a_size_is_the_product_experts(assistant: Assistant, text: str) -> None:
    [turn] = await converse(assistant, text)
    assert turn.trace["parts"][0]["intent"].startswith("product.")
    assert turn.products
