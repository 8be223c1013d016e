"""End-to-end turns on the demo store with the local engine: routing, ownership, identity, memory."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopcrew.app import Assistant, build_assistant
from shopcrew.domain.messages import CustomerRef, InboundMessage, InputError
from shopcrew.models.types import ImagePart
from shopcrew.settings import Settings
from shopcrew.store.commerce_tables import CustomerRow, OrderRow, ShipmentRow
from shopcrew.store.database import create_store_engine


def _shipped_order(settings: Settings, *, skip_customer: int | None = None) -> tuple[int, str, str, int]:
    """(order number, customer email, tracking number, customer id) of a shipped order."""
    engine = create_store_engine(settings.resolved_database_url())
    with Session(engine) as session:
        rows = session.execute(
            select(OrderRow.number, CustomerRow.email, ShipmentRow.tracking_number, CustomerRow.id)
            .join(CustomerRow, CustomerRow.id == OrderRow.customer_id)
            .join(ShipmentRow, ShipmentRow.order_id == OrderRow.id)
            .where(OrderRow.status == "shipped")
            .order_by(OrderRow.number)
        ).all()
    engine.dispose()
    for number, email, tracking, customer_id in rows:
        if customer_id != skip_customer:
            return number, email, tracking, customer_id
    raise AssertionError("the demo store has no shipped order")


async def say(
    assistant: Assistant, text: str, conversation_id: str | None = None, **kwargs: object
) -> object:
    return await assistant.handle(InboundMessage(text=text, conversation_id=conversation_id, **kwargs))  # type: ignore[arg-type]


async def test_order_status_after_email_and_order_number(
    assistant: Assistant, demo_settings: Settings
) -> None:
    number, email, tracking, _ = _shipped_order(demo_settings)
    first = await assistant.handle(InboundMessage(text=f"where is my order #{number}?"))
    assert first.agents == ("orders",)
    assert "email" in first.reply.lower()
    assert tracking not in first.reply
    second = await assistant.handle(InboundMessage(text=email, conversation_id=first.conversation_id))
    assert second.agents == ("orders",)
    assert f"#{number}" in second.reply
    assert tracking in second.reply
    view = assistant.conversation(first.conversation_id)
    assert view.verified and view.owner == "orders"
    assert [m.role for m in view.messages] == ["shopper", "assistant", "shopper", "assistant"]


async def test_someone_elses_order_reveals_nothing(assistant: Assistant, demo_settings: Settings) -> None:
    _, my_email, _, me = _shipped_order(demo_settings)
    theirs, _, their_tracking, _ = _shipped_order(demo_settings, skip_customer=me)
    turn = await assistant.handle(
        InboundMessage(text=f"where is order {theirs}", customer=CustomerRef(email=my_email, verified=True))
    )
    assert their_tracking not in turn.reply
    assert f"can't find order #{theirs}" in turn.reply
    # Guessing an email for another order does not verify anyone either.
    stranger = await assistant.handle(InboundMessage(text=f"order {theirs}, my email is {my_email}"))
    assert their_tracking not in stranger.reply
    assert assistant.conversation(stranger.conversation_id).verified is False


async def test_product_search_respects_filters(assistant: Assistant) -> None:
    turn = await assistant.handle(InboundMessage(text="any waterproof hiking boots under $200?"))
    assert turn.agents == ("product_expert",)
    assert turn.products, turn.reply
    for shown in turn.products:
        assert float(shown.price) <= 200
        assert shown.name in turn.reply


async def test_two_requests_in_one_message_get_one_merged_reply(
    assistant: Assistant, demo_settings: Settings
) -> None:
    number, email, tracking, _ = _shipped_order(demo_settings)
    turn = await assistant.handle(
        InboundMessage(
            text=f"where is order {number}, and do you have the trail runner in 11 wide?",
            customer=CustomerRef(email=email, verified=True),
        )
    )
    assert turn.domains[:2] == ("order_status", "product")
    assert turn.agents == ("orders", "product_expert")
    assert tracking in turn.reply
    assert "Trail Runner" in turn.reply


async def test_policy_answer_quotes_the_policy(assistant: Assistant) -> None:
    turn = await assistant.handle(InboundMessage(text="what's your return policy?"))
    assert turn.agents == ("support",)
    quote = turn.reply.split('"')[1]
    assert quote and quote.split(".")[0] in turn.trace["facts"][0]["quote"]
    assert "returns" in turn.reply.lower()


async def test_sizing_goes_to_the_fit_analyzer(assistant: Assistant) -> None:
    # Answered by support ("can't help with sizing yet") until the Fit Analyzer existed.
    turn = await assistant.handle(InboundMessage(text="what size should i get, i'm usually a medium in tops"))
    assert turn.domains == ("fit",)
    assert turn.agents == ("fit",)
    assert "M in tops" in turn.reply


async def test_asking_for_a_person_hands_off_and_the_assistant_goes_quiet(assistant: Assistant) -> None:
    turn = await assistant.handle(InboundMessage(text="can I talk to a real person please"))
    assert turn.handoff == "human" and turn.owner == "human"
    later = await assistant.handle(
        InboundMessage(text="hello? anyone there?", conversation_id=turn.conversation_id)
    )
    assert later.reply == "" and later.owner == "human"
    view = assistant.conversation(turn.conversation_id)
    assert view.messages[-1].text == "hello? anyone there?"
    assert view.turns[0]["owner_after"] == "human"


async def test_memory_survives_a_restart(demo_settings: Settings) -> None:
    number, email, tracking, _ = _shipped_order(demo_settings)
    first = build_assistant(demo_settings)
    turn = await first.handle(InboundMessage(text=f"status of order {number}"))
    first.close()
    second = build_assistant(demo_settings)
    try:
        reply = await second.handle(InboundMessage(text=email, conversation_id=turn.conversation_id))
        assert tracking in reply.reply
    finally:
        second.close()


async def test_concurrent_messages_are_all_answered_in_order(assistant: Assistant) -> None:
    start = await assistant.handle(InboundMessage(text="hi"))
    texts = [f"do you have vegan moisturizers under ${20 + i}" for i in range(5)]
    results = await asyncio.gather(
        *(assistant.handle(InboundMessage(text=t, conversation_id=start.conversation_id)) for t in texts)
    )
    assert all(r.reply for r in results)
    view = assistant.conversation(start.conversation_id)
    shopper = [m.text for m in view.messages if m.role == "shopper"]
    assert shopper == ["hi", *texts]
    roles = [m.role for m in view.messages]
    assert roles == ["shopper", "assistant"] * 6


@pytest.mark.parametrize(
    ("message", "code"),
    [
        (InboundMessage(text="   "), "empty_message"),
        (InboundMessage(text="x" * 5000), "message_too_long"),
        (InboundMessage(text="look", images=(ImagePart("image/png", b"not an image"),)), "invalid_image"),
        (InboundMessage(text="hi", conversation_id="c_missing"), "conversation_not_found"),
        (InboundMessage(text="hi", channel="Web Chat!"), "invalid_channel"),
    ],
)
async def test_bad_input_is_refused_with_a_code(
    assistant: Assistant, message: InboundMessage, code: str
) -> None:
    with pytest.raises(InputError) as refused:
        await assistant.handle(message)
    assert refused.value.code == code
    assert refused.value.status in (404, 413, 422)


async def test_the_same_turns_run_on_postgres(
    demo_data_dir: Path, demo_today: date, postgres_url: str
) -> None:
    settings = Settings(
        data_dir=demo_data_dir, database_url=postgres_url, seed_demo=True, demo_today=demo_today
    )
    assistant = build_assistant(settings)
    try:
        number, email, tracking, _ = _shipped_order(settings)
        turn = await assistant.handle(InboundMessage(text=f"where's order {number}? it's {email}"))
        assert tracking in turn.reply
        again = await assistant.handle(InboundMessage(text="thanks!", conversation_id=turn.conversation_id))
        assert again.agents == ("support",)
        assert [m.role for m in assistant.conversation(turn.conversation_id).messages] == [
            "shopper",
            "assistant",
        ] * 2
    finally:
        assistant.close()
