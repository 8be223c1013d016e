"""The Fit Analyzer checks stock in the colour in context: the look's piece, or the colour last asked about."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.conversations import converse

from shopcrew.agents.product_expert import OPTIONS_KEY
from shopcrew.app import Assistant
from shopcrew.domain.catalog import Product, Variant
from shopcrew.fit.colour_context import asked_colour
from shopcrew.orchestrator.state import ConversationState
from shopcrew.settings import Settings
from shopcrew.store.catalog_tables import ProductRow
from shopcrew.store.conversation_tables import ConversationRow
from shopcrew.store.database import create_store_engine

DRESS = "Linen Wrap Midi Dress"
ASK = "what size should I get in that dress? I'm 168 cm, 60 kg, bust 88 cm"


def _dress(colours: tuple[str, ...] = ("Sage", "Ivory")) -> Product:
    variants = tuple(
        Variant(
            id=n,
            sku=f"D-{n}",
            title=f"M / {c}",
            options={"size": "M", "colour": c},
            price=Decimal("99"),
            compare_at_price=None,
            inventory=1,
        )
        for n, c in enumerate(colours, start=1)
    )
    return Product(
        id=7,
        handle="dress",
        title="Dress",
        brand=None,
        vertical="apparel",
        category="dress",
        description="",
        tags=(),
        attributes={},
        ingredients=None,
        status="active",
        variants=variants,
    )


def _with_look(state: ConversationState, *looks: list[dict[str, Any]]) -> ConversationState:
    state.outfit = {"looks": [list(look) for look in looks]}
    return state


def _set_state(settings: Settings, conversation_id: str, **fields: Any) -> None:
    engine = create_store_engine(settings.resolved_database_url())
    with Session(engine) as session:
        row = session.get(ConversationRow, conversation_id)
        assert row is not None
        row.state = {**row.state, **fields}
        session.commit()
    engine.dispose()


def _product_id(settings: Settings, title: str) -> int:
    engine = create_store_engine(settings.resolved_database_url())
    with Session(engine) as session:
        found = session.scalar(select(ProductRow.id).where(ProductRow.title == title))
    engine.dispose()
    assert found is not None
    return int(found)


def test_a_colour_named_now_wins_over_the_context() -> None:
    state = _with_look(ConversationState(), [{"slot": "dress", "product_id": 7, "colour": "Sage"}])
    found = asked_colour(state, _dress(), ["ivory"])
    assert found is not None and (found.colour, found.source) == ("Ivory", "message")


def test_the_colour_asked_about_for_the_product_goes_before_the_look() -> None:
    state = _with_look(ConversationState(), [{"slot": "dress", "product_id": 7, "colour": "Sage"}])
    state.pending[OPTIONS_KEY] = {"product_id": 7, "asked": {"colour": "ivory"}}
    found = asked_colour(state, _dress(), [])
    assert found is not None and found.colour == "Ivory" and found.source == "asked about before"
    # A colour asked about another product says nothing of this one.
    state.pending[OPTIONS_KEY] = {"product_id": 8, "asked": {"colour": "ivory"}}
    found = asked_colour(state, _dress(), [])
    assert found is not None and found.colour == "Sage" and found.source == "shown in the outfit look"


def test_a_piece_in_looks_of_different_colours_has_no_colour_in_context() -> None:
    state = _with_look(
        ConversationState(),
        [{"slot": "dress", "product_id": 7, "colour": "Sage"}],
        [{"slot": "dress", "product_id": 7, "colour": "Ivory"}],
    )
    assert asked_colour(state, _dress(), []) is None
    assert asked_colour(ConversationState(), _dress(), []) is None


async def test_the_colour_of_the_look_is_the_colour_sized(
    assistant: Assistant, demo_settings: Settings
) -> None:
    # In the demo store the Linen Wrap Midi Dress in M is in stock only in Terracotta.
    dress = _product_id(demo_settings, DRESS)
    (hello,) = await converse(assistant, "hi")
    look = [{"slot": "dress", "product_id": dress, "colour": "Sage"}]
    _set_state(
        demo_settings,
        hello.conversation_id,
        outfit={"looks": [look]},
        products_referenced=[dress],
        last_products_shown=[dress],
    )
    (sized,) = await converse(assistant, ASK, conversation_id=hello.conversation_id)
    assert sized.agents == ("fit",)
    assert f"you're an M in {DRESS}" in sized.reply
    assert "Size M is out of stock in Sage right now." in sized.reply
    assert "Size M is in stock in Terracotta." in sized.reply
    assert sized.trace["grounding"]["removed"] == 0
    # The link adds the size in a colour that has it, not the sold-out Sage.
    [shown] = sized.products
    assert shown.cart_url is not None and "Terracotta" in str(shown.variant)

    (named,) = await converse(
        assistant, "and in ivory? what size should I get?", conversation_id=hello.conversation_id
    )
    assert "Size M is out of stock in Ivory right now." in named.reply


async def test_the_colour_last_asked_about_is_the_colour_sized(assistant: Assistant) -> None:
    sized, colour, again = await converse(
        assistant,
        f"what size in the {DRESS}? bust 88 cm, waist 70 cm, hips 95 cm",
        "does it come in sage?",
        "so what size should I get?",
    )
    assert "Size M is in stock in Terracotta." in sized.reply
    assert colour.trace["parts"][0]["intent"].startswith("product.")
    assert "Sage" in colour.reply
    assert again.trace["parts"][0]["intent"] == "fit.advice"
    assert "Size M is out of stock in Sage right now." in again.reply
    assert "Size M is in stock in Terracotta." in again.reply


async def test_a_dress_from_the_outfit_builder_is_sized_in_the_looks_colour(
    assistant: Assistant, demo_settings: Settings
) -> None:
    (built,) = await converse(assistant, "I need an outfit for a summer wedding, women's")
    engine = create_store_engine(demo_settings.resolved_database_url())
    with Session(engine) as session:
        row = session.get(ConversationRow, built.conversation_id)
        assert row is not None
        pieces = [p for look in row.state["outfit"]["looks"] for p in look if p["slot"] == "dress"]
    engine.dispose()
    assert pieces, "the Outfit Builder shows a dress for a summer wedding"
    piece = pieces[-1]
    title = next(p.name for p in built.products if p.id == piece["product_id"])
    (sized,) = await converse(
        assistant,
        f"what size should I get in the {title}? I'm 168 cm, bust 88 cm",
        conversation_id=built.conversation_id,
    )
    assert sized.agents == ("fit",)
    colour = re.escape(piece["colour"])
    assert re.search(rf"Size \S+ is (?:in stock|out of stock) in {colour}\b", sized.reply), sized.reply
