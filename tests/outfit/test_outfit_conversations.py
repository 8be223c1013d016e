"""The Outfit Builder in conversation on the demo store: asks what it needs, shows grounded looks with
cart links, swaps one piece and keeps the rest, hands size questions to the Fit Analyzer."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests.conversations import converse, recommendations_shown

from shopcrew.app import Assistant, build_assistant
from shopcrew.domain.messages import TurnResult
from shopcrew.orchestrator.classifier import Classification, IntentClassifier
from shopcrew.settings import Settings
from shopcrew.store.catalog_tables import ProductRow
from shopcrew.store.conversation_tables import ConversationRow
from shopcrew.store.database import create_store_engine


def _looks(turn: TurnResult) -> list[list[int]]:
    calls = [c for c in turn.trace["tool_calls"] if c["tool"] in ("build_outfits", "edit_outfit")]
    result = calls[-1]["result"]
    return result if calls[-1]["tool"] == "build_outfits" else [result]


def _prices(turn: TurnResult) -> dict[int, Decimal]:
    return {int(f["id"]): Decimal(f["price"]) for f in turn.trace["facts"] if f.get("kind") == "product"}


def _state(settings: Settings, conversation_id: str) -> dict[str, Any]:
    engine = create_store_engine(settings.resolved_database_url())
    with Session(engine) as session:
        row = session.get(ConversationRow, conversation_id)
        assert row is not None
        state = row.state if isinstance(row.state, dict) else json.loads(row.state)
    engine.dispose()
    return dict(state)


async def test_it_asks_whose_look_then_builds_looks_within_budget(
    assistant: Assistant, demo_settings: Settings
) -> None:
    ask, built = await converse(
        assistant, "I need an outfit for a summer wedding, budget $300", "women's please"
    )
    assert ask.agents == ("outfit",) and "women's or men's" in ask.reply
    assert built.agents == ("outfit",) and built.trace["parts"][-1]["intent"] == "outfit.looks"
    looks = _looks(built)
    assert 1 <= len(looks) <= 3
    prices = _prices(built)
    for look in looks:
        total = sum(prices[i] for i in look)
        assert total <= 300
        assert f"${total:,.2f} total" in built.reply
    assert built.trace["grounding"]["removed"] == 0 and built.trace["grounding"]["repairs"] == 0
    events = recommendations_shown(demo_settings, built.conversation_id)
    assert {e.agent for e in events} == {"outfit"}
    assert {e.product_id for e in events} == {i for look in looks for i in look}


async def test_swap_the_shoes_changes_one_piece_and_keeps_the_rest(assistant: Assistant) -> None:
    built, swapped = await converse(assistant, "interview outfit for men", "swap the shoes")
    first = _looks(built)[0]
    after = _looks(swapped)[0]
    assert swapped.agents == ("outfit",) and swapped.trace["parts"][-1]["intent"] == "outfit.edited"
    assert len(set(first) & set(after)) == len(first) - 1, "exactly one piece changed"
    assert "different shoes" in swapped.reply


async def test_cheaper_shoes_are_cheaper(assistant: Assistant) -> None:
    built, cheaper = await converse(assistant, "office outfit for women", "cheaper shoes please")
    before, after = _prices(built), _prices(cheaper)
    old = next(i for i in _looks(built)[0] if i not in _looks(cheaper)[0])
    new = next(i for i in _looks(cheaper)[0] if i not in _looks(built)[0])
    assert after[new] < before[old]


async def test_a_size_question_about_a_piece_goes_to_the_fit_analyzer(assistant: Assistant) -> None:
    built, sizing = await converse(
        assistant, "office outfit for men", "what size should I get in that blazer?"
    )
    assert built.agents == ("outfit",)
    assert sizing.agents == ("fit",)
    blazer = next(p.name for p in built.products if "Blazer" in p.name)
    assert blazer in sizing.reply


async def test_a_budget_below_the_cheapest_look_says_what_the_cheapest_look_costs(
    assistant: Assistant,
) -> None:
    (turn,) = await converse(assistant, "a wedding guest outfit for women under $40")
    assert turn.trace["parts"][-1]["intent"] == "outfit.over_budget"
    total = sum(_prices(turn).values())
    assert total > 40 and f"comes to ${total:,.2f}" in turn.reply


async def test_sizes_the_fit_analyzer_remembered_are_used(
    assistant: Assistant, demo_settings: Settings
) -> None:
    (hello,) = await converse(assistant, "hi")
    engine = create_store_engine(demo_settings.resolved_database_url())
    with Session(engine) as session:
        row = session.get(ConversationRow, hello.conversation_id)
        assert row is not None
        # What the Fit Analyzer keeps: one size per size group, spelled like the catalog's variants.
        row.state = {**row.state, "sizes": {"tops": "XL", "bottoms": "XL", "outerwear": "XL", "shoes": "12"}}
        session.commit()
    (turn,) = await converse(assistant, "office outfit for men", conversation_id=hello.conversation_id)
    assert _looks(turn)
    assert "tops" not in turn.reply.split("I don't know your size in")[-1].split("yet")[0]
    sized = [f for f in turn.trace["facts"] if f.get("kind") == "product" and f.get("size")]
    assert {f["size"] for f in sized} >= {"XL", "12"}
    with Session(engine) as session:
        for fact in sized:
            product = assistant_product(session, int(fact["id"]))
            assert any(
                v.inventory > 0
                and v.options.get("size") == fact["size"]
                and v.options.get("colour") == fact["colour"]
                for v in product.variants
            ), fact["title"]
    engine.dispose()
    state = _state(demo_settings, turn.conversation_id)
    assert state["outfit"]["looks"] and state["last_products_shown"]


def assistant_product(session: Session, product_id: int) -> ProductRow:
    row = session.get(ProductRow, product_id)
    assert row is not None
    return row


async def test_a_negative_budget_is_said_back_and_nothing_crashes(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "wedding outfit for women under -$50")
    assert "can't be below $0" in turn.reply
    assert turn.agents == ("outfit",)


async def test_pieces_link_through_the_stores_cart_template(demo_settings: Settings) -> None:
    template = "https://shop.example/cart/add?id={variant_id}&sku={sku}&ref={token}"
    custom = build_assistant(demo_settings.model_copy(update={"cart_url_template": template}))
    try:
        (turn,) = await converse(custom, "beach outfit for women")
    finally:
        custom.close()
    events = recommendations_shown(demo_settings, turn.conversation_id)
    assert events and all(e.agent == "outfit" and e.variant_id for e in events)
    assert {p.id for p in turn.products} == {e.product_id for e in events}
    colours = {int(f["id"]): f["colour"] for f in turn.trace["facts"] if f.get("kind") == "product"}
    for shown in turn.products:
        assert shown.cart_url and shown.cart_url.startswith("https://shop.example/cart/add?id=")
        assert shown.variant and colours[shown.id] in shown.variant, "the link adds the colour shown"


async def test_what_goes_with_a_shown_product_builds_looks_around_it(assistant: Assistant) -> None:
    listed, around = await converse(assistant, "show me dresses", "what shoes go with the second one?")
    second = listed.products[1]
    assert around.agents == ("outfit",)
    assert all(second.id in look for look in _looks(around))
    assert f"built around the {second.name}" in around.reply


async def test_a_size_question_the_outfit_builder_receives_is_answered_by_the_fit_analyzer(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    (built,) = await converse(assistant, "office outfit for men")
    classify = IntentClassifier.classify

    def as_outfit(self: IntentClassifier, text: str, **kwargs: Any) -> Classification:
        # As if the classifier had kept the question in the outfit domain.
        result = classify(self, text, **kwargs)
        parts = tuple(dataclasses.replace(p, domain="outfit", confidence=0.9) for p in result.parts)
        return dataclasses.replace(result, parts=parts)

    monkeypatch.setattr(IntentClassifier, "classify", as_outfit)
    (sizing,) = await converse(
        assistant, "what size should I get in that blazer?", conversation_id=built.conversation_id
    )
    assert sizing.agents == ("outfit", "fit") and sizing.owner == "fit"
    assert sizing.trace["parts"][-1]["intent"].startswith("fit.")
    blazer = next(p.name for p in built.products if "Blazer" in p.name)
    assert blazer in sizing.reply
