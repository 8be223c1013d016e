"""End to end: whatever a language model writes, only facts of this turn reach the shopper.

A `ScriptedModel` stands in for a vendor model (it is the router's first compose candidate, the
local engine its last resort). It invents a price, recommends a discontinued product, claims an
ingredient, states a wrong order state and another customer's order: every one of them is
repaired or removed, and the turn trace counts what was done. The local engine's own template
replies pass with no repair at all.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text
from tests.conversations import converse

from shopcrew.app import build_assistant
from shopcrew.domain.messages import CustomerRef, TurnResult
from shopcrew.domain.voice import BrandVoice
from shopcrew.models.testing import ScriptedModel
from shopcrew.models.types import ModelRequest
from shopcrew.settings import Settings

LLM = "gpt-4.1-mini"


def scripted_compose(replies: dict[str, str]) -> ScriptedModel:
    """A model that writes `replies[intent]` (formatted with the brief's facts) and fails extraction."""

    def answer(request: ModelRequest) -> str:
        if request.task != "compose" or request.brief is None:
            return "not JSON"  # invalid output: the local engine extracts instead
        facts = request.brief.facts
        products = list(facts.get("products") or [])
        template = replies.get(request.brief.intent, "Happy to help!")
        return template.format(facts=facts, first=products[0] if products else {})

    return ScriptedModel(LLM, answer)


def actions(turn: TurnResult) -> list[tuple[str, str]]:
    return [(d["kind"], d["action"]) for d in turn.trace["grounding"]["details"]]


async def test_invented_price_discontinued_product_and_ingredient_never_reach_the_shopper(
    demo_settings: Settings, with_model: list[ScriptedModel]
) -> None:
    with_model.append(
        scripted_compose({
            "product.results": (
                "Here are my picks:\n1. {first[title]} - just $19.99 today!\n"
                "2. Women's Barefoot Flex - $110, a customer favourite\nWant details on either?"
            ),
            "product.ingredients": (
                "The {facts[title]} is a soothing, creamy wash with ceramides and oat, lovely for dry or "
                "sensitive skin. It's packed with retinol and hyaluronic acid."
            ),
        })
    )  # fmt: skip
    assert _product_status(demo_settings, "Women's Barefoot Flex") == "discontinued"
    assistant = build_assistant(demo_settings)
    try:
        shoes, cleanser = await converse(
            assistant, "show me trail running shoes", "what are the ingredients of the gentle milky cleanser?"
        )
    finally:
        assistant.close()
    first = shoes.products[0]
    assert "$19.99" not in shoes.reply and "Barefoot Flex" not in shoes.reply
    assert f"1. {first.name} - just ${Decimal(first.price):.2f} today!" in shoes.reply
    assert shoes.trace["grounding"]["repairs"] == 1 and shoes.trace["grounding"]["removed"] == 1
    assert sorted(actions(shoes)) == [("price", "repaired"), ("product", "removed")]
    assert "retinol" not in cleanser.reply.lower() and "hyaluronic" not in cleanser.reply.lower()
    assert cleanser.reply == (
        "The Gentle Milky Cleanser is a soothing, creamy wash with ceramides and oat, lovely for dry or sensitive skin."
    )
    assert actions(cleanser) == [("ingredient", "removed"), ("ingredient", "removed")]
    # The model's repaired reply was sent: repair, not rejection.
    assert {m.model for m in shoes.models if m.task == "compose"} == {LLM}


async def test_a_reply_that_is_mostly_invented_falls_back_to_the_template(
    demo_settings: Settings, with_model: list[ScriptedModel]
) -> None:
    with_model.append(scripted_compose({"product.results": "You'll love the Women's Barefoot Flex at $110!"}))
    assistant = build_assistant(demo_settings)
    try:
        (turn,) = await converse(assistant, "show me trail running shoes")
    finally:
        assistant.close()
    compose = next(m for m in turn.models if m.task == "compose")
    assert compose.model == "local" and "invalid_output" in compose.reason
    assert "Barefoot Flex" not in turn.reply and turn.products[0].name in turn.reply
    assert turn.trace["grounding"] == {"repairs": 0, "removed": 0, "details": []}


def _product_status(settings: Settings, title: str) -> str:
    engine = create_engine(settings.resolved_database_url())
    with engine.connect() as db:
        status = db.execute(text("select status from products where title = :t"), {"t": title}).scalar_one()
    engine.dispose()
    return str(status)


def _orders(settings: Settings) -> tuple[int, str, int]:
    """A shipped order with its owner's email, and an order of another customer."""
    engine = create_engine(settings.resolved_database_url())
    with engine.connect() as db:
        number, email, customer = db.execute(
            text(
                "select o.number, c.email, c.id from orders o join customers c on c.id = o.customer_id "
                "where o.status = 'shipped' order by o.number limit 1"
            )
        ).one()
        other = db.execute(
            text("select number from orders where customer_id != :c order by number limit 1"), {"c": customer}
        ).scalar_one()
    engine.dispose()
    return int(number), str(email), int(other)


async def test_a_wrong_order_state_and_another_customers_order_are_kept_from_the_shopper(
    demo_settings: Settings, with_model: list[ScriptedModel]
) -> None:
    number, email, other = _orders(demo_settings)
    with_model.append(
        scripted_compose({
            "orders.status": f"Great news - order #{number} has been delivered! Your order #{other} is on its way too.",
        })
    )  # fmt: skip
    assistant = build_assistant(demo_settings)
    try:
        (turn,) = await converse(
            assistant, f"where is my order #{number}?", customer=CustomerRef(email=email, verified=True)
        )
    finally:
        assistant.close()
    assert turn.reply == f"Great news - order #{number} is on its way!"
    assert f"#{other}" not in turn.reply
    assert sorted(actions(turn)) == [("order", "removed"), ("state", "repaired")]


SHOPPER_SCRIPTS = (
    ("do you have the trail runner in 11 wide?", "how much is it?", "is it in stock in size 14?", "does it come in black?"),
    ("show me linen dresses", "does the first one come in size M?", "what is it made of?", "tell me about the second one"),
    ("niacinamide serum for oily skin", "does the first one contain fragrance?", "what's in the second one"),
    ("tell me about the Citrus Awakening Face Wash", "is it in stock?"),
    ("fragrance free moisturizer for sensitive skin", "what are the ingredients of the first one", "does it contain alcohol?"),
    ("sunscreen spf 50 under $30", "does the first one have zinc oxide?", "how much is the second one"),
    ("mens chelsea boot in 10 wide", "how much are they", "kids rain boots", "in size 11C?"),
    ("what's your return policy?", "how long does shipping take", "hello", "who are you?"),
)  # fmt: skip


@pytest.mark.parametrize("voice", [BrandVoice(), BrandVoice(tone="formal", use_words={"great": "excellent"})])
async def test_template_replies_need_no_repair(demo_settings: Settings, voice: BrandVoice) -> None:
    number, email, _ = _orders(demo_settings)
    assistant = build_assistant(demo_settings.model_copy(update={"voice": voice}))
    turns: list[TurnResult] = []
    try:
        for script in SHOPPER_SCRIPTS:
            turns += await converse(assistant, *script)
        turns += await converse(
            assistant,
            f"where is order {number}",
            "and can I return it?",
            customer=CustomerRef(email=email, verified=True),
        )
    finally:
        assistant.close()
    repaired = [
        (t.trace["text"], t.reply, t.trace["grounding"]) for t in turns if t.trace["grounding"]["details"]
    ]
    assert repaired == []
    assert sum(1 for t in turns if t.products) >= 8  # the net really covers product replies
