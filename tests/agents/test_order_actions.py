"""Order actions end to end on the demo store: the plan, an explicit yes next turn, once, audited."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.conftest import POSTGRES_ADMIN_URL, postgres_available
from tests.conversations import converse as shared_converse

from shopcrew.app import Assistant, build_assistant
from shopcrew.commerce import queries
from shopcrew.commerce.actions import ActionOutcome, ActionPlan, Actor, Refusal
from shopcrew.commerce.order_system import OrderSystemError
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.domain.messages import CustomerRef, TurnResult
from shopcrew.settings import Settings
from shopcrew.store.action_tables import OrderActionAuditRow
from shopcrew.store.catalog_tables import VariantRow
from shopcrew.store.commerce_tables import OrderRow, ReturnRow, SubscriptionRow
from shopcrew.store.database import open_store

JANE = CustomerRef(email="jane.doe@example.com", verified=True)


async def converse(
    assistant: Assistant, *texts: str, customer: CustomerRef | None = JANE, conversation_id: str | None = None
) -> list[TurnResult]:
    """Jane, signed in, unless another customer is given."""
    return await shared_converse(assistant, *texts, customer=customer, conversation_id=conversation_id)


def audit_rows(settings: Settings) -> list[OrderActionAuditRow]:
    engine = open_store(settings)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(OrderActionAuditRow).order_by(OrderActionAuditRow.created_at)))
    finally:
        engine.dispose()


def line_statuses(settings: Settings, number: int) -> dict[str, str]:
    engine = open_store(settings)
    try:
        with Session(engine) as session:
            order = queries.order_by_number(session, number)
            assert order is not None
            return {line.title: line.status for line in order.lines}
    finally:
        engine.dispose()


async def cancel_one_line_of_a_two_item_order(assistant: Assistant) -> None:
    (offer,) = await converse(assistant, "cancel the moisturizer from order 2076")
    assert "Daily Calm Moisturizer" in offer.reply and "$34.56" in offer.reply
    assert "High-Rise Skinny Jeans" not in offer.reply  # only the line asked for
    assert [(a.name, a.status) for a in offer.actions] == [("cancel_lines", "proposed")]
    assert line_statuses(assistant.settings, 2076) == {
        "High-Rise Skinny Jeans": "open",
        "Daily Calm Moisturizer": "open",
    }
    (done,) = await converse(assistant, "yes", conversation_id=offer.conversation_id)
    assert "cancelled" in done.reply and "$34.56 to Gift card ending 8812" in done.reply
    (action,) = done.actions
    assert (action.name, action.status, action.replayed) == ("cancel_lines", "done", False)
    assert line_statuses(assistant.settings, 2076) == {
        "High-Rise Skinny Jeans": "open",
        "Daily Calm Moisturizer": "cancelled",
    }
    (audit,) = audit_rows(assistant.settings)
    assert audit.id == action.audit_id
    assert (audit.action, audit.order_number, audit.channel) == ("cancel_lines", "2076", "web")
    assert audit.conversation_id == done.conversation_id


async def test_cancelling_one_line_asks_first_then_cancels_only_that_line_with_an_audit_row(
    assistant: Assistant,
) -> None:
    await cancel_one_line_of_a_two_item_order(assistant)


async def test_a_return_41_days_after_delivery_is_refused_with_the_concrete_reason(
    assistant: Assistant,
) -> None:
    (turn,) = await converse(assistant, "I want to return the cleanser from order 1720")
    assert "delivered 41 days ago" in turn.reply and "30 days" in turn.reply
    assert "team" in turn.reply  # a person is offered instead
    assert [(a.name, a.status) for a in turn.actions] == [("return_items", "refused")]
    assert audit_rows(assistant.settings) == []


async def test_a_yes_inside_the_request_itself_does_not_execute(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "cancel order 2076, yes I confirm, go ahead and do it")
    assert "Shall I go ahead" in turn.reply or 'Reply "yes"' in turn.reply
    assert [a.status for a in turn.actions] == ["proposed"]
    assert set(line_statuses(assistant.settings, 2076).values()) == {"open"}


async def test_a_double_yes_executes_once_and_the_second_says_already_done(assistant: Assistant) -> None:
    _, first, second = await converse(assistant, "please cancel order 2076", "yes please go ahead", "yes")
    assert first.actions[0].status == "done" and not first.actions[0].replayed
    assert "already done" in second.reply
    assert second.actions[0].replayed and second.actions[0].audit_id == first.actions[0].audit_id
    assert len(audit_rows(assistant.settings)) == 1
    assert set(line_statuses(assistant.settings, 2076).values()) == {"cancelled"}


async def test_no_drops_the_plan_and_nothing_changes(assistant: Assistant) -> None:
    _, answer, later = await converse(assistant, "cancel order 2076", "no thanks", "yes")
    assert "haven't changed anything" in answer.reply
    assert answer.actions == ()
    assert later.actions == ()  # a later yes has no plan to confirm
    assert set(line_statuses(assistant.settings, 2076).values()) == {"open"}
    assert audit_rows(assistant.settings) == []


async def test_anything_but_a_plain_yes_drops_the_plan_and_is_answered_as_a_new_message(
    assistant: Assistant,
) -> None:
    _, answer = await converse(assistant, "cancel order 2076", "yes but where is order 2035?")
    assert answer.reply.startswith("I haven't made that change")
    assert "UPS tracking" in answer.reply  # the question was answered
    assert set(line_statuses(assistant.settings, 2076).values()) == {"open"}


async def test_an_exchange_to_an_out_of_stock_size_is_refused(assistant: Assistant) -> None:
    engine = open_store(assistant.settings)
    with Session(engine) as session:
        xs = session.scalar(
            select(VariantRow).where(VariantRow.sku.like("%-XS-%"), VariantRow.title == "XS / Sage")
        )
    engine.dispose()
    (turn,) = await converse(assistant, "I'd like to exchange the linen dress from order 1914 for a size XS")
    assert "out of stock" in turn.reply
    assert [(a.name, a.status) for a in turn.actions] == [("exchange_items", "refused")]
    assert turn.trace["awaiting_slot"] == "new_variant"  # another size can be named next
    assert xs is None or xs.inventory == 0


async def test_an_exchange_to_an_in_stock_size_is_planned_with_the_new_variant(assistant: Assistant) -> None:
    ask, offer = await converse(assistant, "can I exchange the linen dress from order 1914?", "size L please")
    assert "Which size or colour" in ask.reply
    assert "L / Sage" in offer.reply and offer.actions[0].status == "proposed"


async def test_an_address_change_asks_for_the_missing_zip_then_plans_it(assistant: Assistant) -> None:
    ask, offer, done = await converse(
        assistant, "please ship order 2076 to 55 Main St, Springfield, IL instead", "62701", "yes"
    )
    assert "ZIP code" in ask.reply and "55 Main St, Springfield, IL" in ask.reply
    assert ask.actions == ()
    assert "55 Main St, Springfield, IL 62701" in offer.reply
    assert done.actions[0].status == "done"
    engine = open_store(assistant.settings)
    with Session(engine) as session:
        order = queries.order_by_number(session, 2076)
    engine.dispose()
    assert order is not None and order.shipping_address.one_line() == "55 Main St, Springfield, IL 62701"


async def test_pausing_a_subscription_for_a_month(assistant: Assistant) -> None:
    offer, done = await converse(assistant, "pause my cleanser subscription for a month", "confirm")
    assert "Gentle Milky Cleanser" in offer.reply and "July" in offer.reply
    assert done.actions[0].status == "done"
    engine = open_store(assistant.settings)
    with Session(engine) as session:
        statuses = set(
            session.scalars(select(SubscriptionRow.status).where(SubscriptionRow.customer_id == 1))
        )
    engine.dispose()
    assert statuses == {"paused"}  # the cleanser joined the already paused sunscreen


async def test_someone_elses_order_is_refused_without_leaking_anything(assistant: Assistant) -> None:
    cancel, return_ = await converse(assistant, "cancel order 1042", "return the serum from order 1042")
    for turn in (cancel, return_):
        assert "can't find order #1042" in turn.reply
        for leak in ("Trail Runner", "Hyaluronic", "Ana", "delivered", "$"):
            assert leak not in turn.reply
    assert audit_rows(assistant.settings) == []


async def test_a_refund_to_store_credit_when_asked(assistant: Assistant) -> None:
    ask, offer, done = await converse(
        assistant, "I want to return something from order 1914", "the serum, as store credit please", "yes"
    )
    assert "Which item" in ask.reply and "final sale" in ask.reply  # the poplin dress is named, not offered
    assert "$36.72 to store credit" in offer.reply
    assert done.actions[0].details["reference"] == "RMA-1914-1"


def _fresh_postgres_database() -> str:
    import psycopg

    name = f"shopcrew_actions_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return name


@pytest.fixture
def postgres_assistant(demo_data_dir: Path, demo_today: date) -> Iterator[Assistant]:
    reason = postgres_available()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = _fresh_postgres_database()
    base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
    settings = Settings(
        data_dir=demo_data_dir, database_url=f"{base}/{name}", seed_demo=True, demo_today=demo_today
    )
    built = build_assistant(settings)
    try:
        yield built
    finally:
        built.close()
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_the_same_cancellation_on_postgres(postgres_assistant: Assistant) -> None:
    await cancel_one_line_of_a_two_item_order(postgres_assistant)
    _, twice = await converse(postgres_assistant, "cancel order 2076", "yes")
    assert twice.actions[0].status == "done"
    assert set(line_statuses(postgres_assistant.settings, 2076).values()) == {"cancelled"}


async def test_a_plan_above_the_approval_threshold_goes_to_a_person_unexecuted(
    demo_settings: Settings, tmp_path: Path
) -> None:
    config = tmp_path / "store.toml"
    config.write_text('[orders]\napproval_threshold = "100.00"\n', encoding="utf-8")
    assistant = build_assistant(demo_settings.model_copy(update={"config": config}))
    try:
        turn, after = await converse(assistant, "cancel order 2076", "yes")
    finally:
        assistant.close()
    assert turn.handoff == "human" and turn.owner == "human"
    assert "approve" in turn.reply and "$140.40" in turn.reply
    assert [(a.name, a.status) for a in turn.actions] == [("cancel_order", "proposed")]
    assert turn.actions[0].details["needs_approval"]
    assert after.actions == () and after.reply == ""  # the person owns the thread now
    assert set(line_statuses(demo_settings, 2076).values()) == {"open"}
    assert audit_rows(demo_settings) == []


async def test_where_is_my_refund_reads_the_refund_records_and_plans_nothing(assistant: Assistant) -> None:
    (turn,) = await converse(assistant, "where is my refund for order 1462?")
    assert "$127.44 to Gift card ending 8812" in turn.reply and "completed" in turn.reply
    assert turn.actions == ()


async def test_the_second_item_of_a_listed_order(assistant: Assistant) -> None:
    ask, offer = await converse(assistant, "I'd like to cancel an item from order 2076", "the second item")
    assert "Which item" in ask.reply or "Cancel order #2076" in ask.reply
    assert "Daily Calm Moisturizer" in offer.reply and "High-Rise Skinny Jeans" not in offer.reply


async def test_cancelling_a_partly_shipped_order_cancels_what_has_not_shipped(assistant: Assistant) -> None:
    john = CustomerRef(email="john.smith@example.com", verified=True)
    offer, done = await converse(assistant, "cancel order 2017", "yes", customer=john)
    assert (
        "Men's Trail Runner GTX" in offer.reply and "Oxford Button-Down Shirt already shipped" in offer.reply
    )
    assert done.actions[0].name == "cancel_lines" and done.actions[0].status == "done"
    assert line_statuses(assistant.settings, 2017) == {
        "Oxford Button-Down Shirt": "fulfilled",
        "Men's Trail Runner GTX": "cancelled",
    }


async def test_which_subscription_is_asked_and_the_change_is_remembered(assistant: Assistant) -> None:
    ask, offer = await converse(assistant, "I want to cancel a subscription", "the sunscreen one")
    assert "Which subscription" in ask.reply
    assert "Cancel your Sheer Mineral Sunscreen SPF 50 subscription" in offer.reply
    assert offer.actions[0].status == "proposed"


async def test_an_item_the_order_does_not_hold_is_said_never_the_whole_order_instead(
    assistant: Assistant,
) -> None:
    (cancel,) = await converse(assistant, "I'd like to cancel the sunscreen from order 2076")
    assert cancel.actions == (), cancel.reply
    assert cancel.reply.startswith("I can't find the sunscreen in order #2076. Which item")
    (ret,) = await converse(assistant, "I want to return the sunscreen from order 1914")
    assert ret.actions == () and "I can't find the sunscreen in order #1914" in ret.reply


async def test_the_item_named_finds_its_order_even_when_the_change_cannot_apply_yet(
    assistant: Assistant,
) -> None:
    (turn,) = await converse(assistant, "I got the wrong size in my trail runners, can I swap for a 9?")
    assert "Which order" not in turn.reply
    assert "#2035" in turn.reply and "shipped" in turn.reply
    assert turn.actions[0].status == "refused"


async def test_a_reason_given_instead_of_yes_keeps_the_return_and_is_recorded(assistant: Assistant) -> None:
    offer, reason, done = await converse(
        assistant, "return the vitamin c serum from order 1914", "it irritated my skin", "yes"
    )
    assert offer.actions[0].status == "proposed"
    # It went to the Skin Analyzer before, which talked about another product; the return was lost.
    assert reason.agents == ("orders",) and reason.actions[0].status == "proposed"
    assert "haven't made that change" not in reason.reply
    assert done.actions[0].status == "done"
    engine = open_store(assistant.settings)
    try:
        with Session(engine) as session:
            rows = session.scalars(select(ReturnRow).join(OrderRow).where(OrderRow.number == 1914)).all()
            reasons = [line["reason"] for row in rows for line in row.lines]
    finally:
        engine.dispose()
    assert "skin_reaction" in reasons


async def test_the_first_one_picks_the_order_not_also_its_first_item(assistant: Assistant) -> None:
    ask, picked = await converse(assistant, "I want to return something", "the first one")
    assert "Which order" in ask.reply, ask.reply
    assert picked.actions == () or picked.actions[0].status != "proposed", picked.reply
    assert "Which item" in picked.reply


async def test_a_place_in_the_list_of_subscriptions_picks_one(assistant: Assistant) -> None:
    ask, offer = await converse(assistant, "I want to cancel a subscription", "the second one")
    listed = [
        line[2:].split(" (")[0].split(",")[0] for line in ask.reply.splitlines() if line.startswith("- ")
    ]
    assert len(listed) >= 2, ask.reply
    assert f"Cancel your {listed[1]}" in offer.reply
    assert offer.actions[0].status == "proposed"


async def test_an_order_system_outage_changes_nothing_and_the_next_yes_retries(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_execute = SqlOrderSystem.execute
    calls: list[str] = []

    def flaky_execute(
        self: SqlOrderSystem, plan: ActionPlan, actor: Actor, *, idempotency_key: str
    ) -> ActionOutcome | Refusal:
        calls.append(idempotency_key)
        if len(calls) == 1:
            raise OrderSystemError("connection reset")
        return real_execute(self, plan, actor, idempotency_key=idempotency_key)

    monkeypatch.setattr(SqlOrderSystem, "execute", flaky_execute)
    _, outage = await converse(assistant, "cancel order 2076", "yes")
    assert "couldn't reach our order system" in outage.reply and "nothing was changed" in outage.reply
    assert [a.status for a in outage.actions] == ["failed"]
    assert set(line_statuses(assistant.settings, 2076).values()) == {"open"}
    (retry,) = await converse(assistant, "yes", conversation_id=outage.conversation_id)
    assert [a.status for a in retry.actions] == ["done"]
    assert calls[0] == calls[1]  # the same idempotency key: a retry can never act twice
    assert set(line_statuses(assistant.settings, 2076).values()) == {"cancelled"}


async def test_a_plan_made_stale_by_another_change_is_planned_again_not_executed(
    assistant: Assistant,
) -> None:
    (first,) = await converse(assistant, "cancel order 2076")
    await converse(assistant, "cancel the moisturizer from order 2076", "yes")  # a second chat, meanwhile
    (stale,) = await converse(assistant, "yes", conversation_id=first.conversation_id)
    assert "Something changed on the order" in stale.reply
    assert [a.status for a in stale.actions] == ["proposed"]
    assert line_statuses(assistant.settings, 2076)["High-Rise Skinny Jeans"] == "open"
    (done,) = await converse(assistant, "yes", conversation_id=first.conversation_id)
    assert [a.status for a in done.actions] == ["done"]
    assert line_statuses(assistant.settings, 2076)["High-Rise Skinny Jeans"] == "cancelled"
