"""τ²-bench retail as a shopcrew store: import, export, lookups, its policy, and a conversation on it."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import shutil
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine

from shopcrew.app import build_assistant, order_policy_for
from shopcrew.cli import main
from shopcrew.commerce.actions import Actor, CancelOrder, LineQuantity, Refusal, ReturnItems
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.commerce.tau2.command import run_tau2_export
from shopcrew.commerce.tau2.exporter import export_tau2_retail
from shopcrew.commerce.tau2.format import Tau2FormatError, dump_db, load_db
from shopcrew.commerce.tau2.importer import Tau2ImportError, import_tau2_retail
from shopcrew.commerce.tau2.mapping import tool_call_request
from shopcrew.commerce.tau2.policy import tau2_order_policy
from shopcrew.domain.messages import InboundMessage
from shopcrew.eval.tau2 import NOW, build_template
from shopcrew.settings import Settings
from shopcrew.store.database import create_store_engine, migrate, session_factory

TAU2 = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "tau2-retail"
pytestmark = pytest.mark.skipif(
    not (TAU2 / "db.json").is_file(), reason=f"τ²-bench retail data not found at {TAU2}"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(TAU2 / "db.json", tmp_path_factory.mktemp("tau2") / "template.db")


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Engine]:
    copy = tmp_path / "store.db"
    shutil.copyfile(template, copy)
    engine = create_store_engine(f"sqlite:///{copy}")
    yield engine
    engine.dispose()


def orders_of(engine: Engine) -> SqlOrderSystem:
    return SqlOrderSystem(session_factory(engine), policy=tau2_order_policy(), clock=lambda: NOW)


def test_import_then_export_gives_back_the_same_document_byte_for_byte(store: Engine) -> None:
    original = (TAU2 / "db.json").read_text(encoding="utf-8")
    exported = export_tau2_retail(store)
    assert exported == json.loads(original)
    assert dump_db(exported) == original


def test_a_store_that_already_holds_data_is_refused_and_left_alone(store: Engine) -> None:
    with pytest.raises(Tau2ImportError, match="new store"):
        import_tau2_retail(store, load_db(TAU2 / "db.json"), now=NOW)
    assert len(export_tau2_retail(store)["orders"]) == 1000


def test_a_broken_file_says_where_and_imports_nothing(tmp_path: Path) -> None:
    not_json = tmp_path / "db.json"
    not_json.write_text("{ nope", encoding="utf-8")
    with pytest.raises(Tau2FormatError, match="not JSON"):
        load_db(not_json)
    db = load_db(TAU2 / "db.json")
    order = next(iter(db["orders"].values()))
    order["items"][0]["item_id"] = "0000000000"
    engine = create_store_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    migrate(engine)
    with pytest.raises(
        Tau2FormatError, match=rf"order {order['order_id']}: item 0000000000 is not a variant"
    ):
        import_tau2_retail(engine, db, now=NOW)
    assert export_tau2_retail(engine) == {"products": {}, "users": {}, "orders": {}}
    engine.dispose()


def test_customers_are_found_by_email_or_name_and_zip_and_see_only_their_orders(store: Engine) -> None:
    orders = orders_of(store)
    by_email = orders.customer_by_email("james.li4495@example.com")
    assert by_email is not None and by_email.full_name == "James Li"
    assert [c.email for c in orders.customers_by_name_and_zip("James", "Li", "10083")] == [by_email.email]
    james = Actor(customer_id="james_li_5688", channel="test")
    for written in ("#W2611340", "W2611340"):
        found = orders.order(written, james)
        assert not isinstance(found, Refusal) and found.number == 2611340
    stranger = Actor(customer_id="noah_brown_6181", channel="test")
    assert orders.order("#W2611340", stranger) == Refusal(
        "not_found", "I can't find order #W2611340 on your account"
    )


def test_cancelling_a_gift_card_order_refunds_the_card_at_once_as_tau2_records_it(store: Engine) -> None:
    orders = orders_of(store)
    ethan = Actor(customer_id="ethan_lopez_6291", channel="test", conversation_id="c1")
    plan = orders.plan(CancelOrder(order="#W6779827", reason="ordered_by_mistake"), ethan)
    assert not isinstance(plan, Refusal) and plan.refund_total == Decimal("4079.45")
    assert not plan.needs_approval  # τ² has no approval threshold
    outcome = orders.execute(plan, ethan, idempotency_key="k" * 64)
    assert not isinstance(outcome, Refusal)
    exported = export_tau2_retail(store)
    order = exported["orders"]["#W6779827"]
    assert order["status"] == "cancelled" and order["cancel_reason"] == "ordered by mistake"
    assert order["payment_history"][-1] == {
        "transaction_type": "refund",
        "amount": 4079.45,
        "payment_method_id": "gift_card_7219486",
    }
    assert exported["users"]["ethan_lopez_6291"]["payment_methods"]["gift_card_7219486"]["balance"] == 4128.45


def test_tau2_policy_refuses_what_policy_md_forbids(store: Engine) -> None:
    orders = orders_of(store)
    ethan = Actor(customer_id="ethan_lopez_6291", channel="test")
    other = orders.plan(CancelOrder(order="#W6779827", reason="other"), ethan)
    assert isinstance(other, Refusal) and other.code == "bad_reason"
    # Returns of a pending order: "An order can only be returned if its status is 'delivered'".
    pending = orders.order("#W6779827", ethan)
    assert not isinstance(pending, Refusal)
    line = str(pending.lines[0].id)
    refused = orders.plan(ReturnItems(order="#W6779827", lines=(LineQuantity(line),)), ethan)
    assert isinstance(refused, Refusal) and refused.code == "wrong_state"


def test_the_cli_imports_with_the_policy_and_the_assistant_runs_the_store_under_it(tmp_path: Path) -> None:
    out = io.StringIO()
    assert (
        main(["import", "tau2-retail", str(TAU2 / "db.json"), "--store", "t2", "--data-dir", str(tmp_path)])
        == 0
    )
    settings = Settings(store="t2", data_dir=tmp_path, search_mode="lexical")
    assistant = build_assistant(settings)
    try:
        sessions = session_factory(assistant.engine)
        assert order_policy_for(settings, sessions) == tau2_order_policy()

        async def talk() -> list[str]:
            first = await assistant.handle(InboundMessage(text="where is my order #W2611340?"))
            second = await assistant.handle(
                InboundMessage(text="james.li4495@example.com", conversation_id=first.conversation_id)
            )
            return [first.reply, second.reply]

        _, status = asyncio.run(talk())
        assert "2611340" in status and "Office Chair" in status and "357962501027" in status
    finally:
        assistant.close()
    args = argparse.Namespace(output="-", store="t2", data_dir=tmp_path)
    assert run_tau2_export(args, out) == 0
    assert out.getvalue() == (TAU2 / "db.json").read_text(encoding="utf-8")


def test_a_shopper_cancels_a_tau2_order_in_conversation_and_the_export_shows_it(tmp_path: Path) -> None:
    assert (
        main(["import", "tau2-retail", str(TAU2 / "db.json"), "--store", "t2", "--data-dir", str(tmp_path)])
        == 0
    )
    assistant = build_assistant(Settings(store="t2", data_dir=tmp_path, search_mode="lexical"))
    try:

        async def talk(*texts: str) -> list[str]:
            replies, conversation = [], None
            for text in texts:
                result = await assistant.handle(InboundMessage(text=text, conversation_id=conversation))
                conversation = result.conversation_id
                replies.append(result.reply)
            return replies

        *_, plan, done = asyncio.run(
            talk(
                "where is my order #W6779827?",
                "ethan.lopez8943@example.com",
                "please cancel order #W6779827, I ordered it by mistake",
                "yes",
            )
        )
        assert "$4,079.45 to Gift card ending 9486" in plan and "nothing changes until you do" in plan
        assert "6779827 is cancelled" in done
        exported = export_tau2_retail(assistant.engine)
    finally:
        assistant.close()
    order = exported["orders"]["#W6779827"]
    assert order["status"] == "cancelled" and order["cancel_reason"] == "ordered by mistake"
    assert exported["users"]["ethan_lopez_6291"]["payment_methods"]["gift_card_7219486"]["balance"] == 4128.45


@pytest.fixture
def postgres_store(postgres_url: str) -> Iterator[Engine]:
    """A PostgreSQL database of this test's own (the session's one is shared with other tests)."""
    import psycopg

    name = f"shopcrew_tau2_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    engine = create_store_engine(f"{postgres_url.rpartition('/')[0]}/{name}")
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_on_postgresql_the_round_trip_holds_and_an_exchange_is_recorded_as_tau2_does(
    postgres_store: Engine,
) -> None:
    import_tau2_retail(postgres_store, load_db(TAU2 / "db.json"), now=NOW)
    assert dump_db(export_tau2_retail(postgres_store)) == (TAU2 / "db.json").read_text(encoding="utf-8")
    orders = orders_of(postgres_store)
    yusuf = Actor(customer_id="yusuf_rossi_9620", channel="test", conversation_id="pg")
    with session_factory(postgres_store)() as session:
        request = tool_call_request(
            session,
            "exchange_delivered_order_items",
            {
                "order_id": "#W2378156",
                "item_ids": ["1151293680", "4983901480"],
                "new_item_ids": ["7706410293", "7747408585"],
                "payment_method_id": "credit_card_9513926",
            },
            user_id="yusuf_rossi_9620",
        )
    assert not isinstance(request, Refusal)
    plan = orders.plan(request, yusuf)
    assert not isinstance(plan, Refusal)
    assert not isinstance(orders.execute(plan, yusuf, idempotency_key="p" * 64), Refusal)
    order = export_tau2_retail(postgres_store, users=["yusuf_rossi_9620"])["orders"]["#W2378156"]
    assert order["status"] == "exchange requested"
    assert order["exchange_items"] == ["1151293680", "4983901480"]
    assert order["exchange_new_items"] == ["7706410293", "7747408585"]
    assert (order["exchange_payment_method_id"], order["exchange_price_difference"]) == (
        "credit_card_9513926",
        -16.63,
    )
    assert len(order["payment_history"]) == 1  # the difference moves when the parcel is back


def test_an_export_with_changes_imports_back_to_the_same_document(store: Engine, tmp_path: Path) -> None:
    orders = orders_of(store)
    calls = [
        ("ethan_lopez_6291", "cancel_pending_order", {"order_id": "#W6779827", "reason": "no longer needed"}),
        (
            "yusuf_rossi_9620",
            "modify_pending_order_items",
            {
                "order_id": "#W4776164",
                "item_ids": ["8349118980"],
                "new_item_ids": ["9647292434"],
                "payment_method_id": "credit_card_9513926",
            },
        ),
        (
            "yusuf_rossi_9620",
            "exchange_delivered_order_items",
            {
                "order_id": "#W2378156",
                "item_ids": ["4983901480"],
                "new_item_ids": ["7747408585"],
                "payment_method_id": "credit_card_9513926",
            },
        ),
        (
            "mia_garcia_4516",
            "return_delivered_order_items",
            {
                "order_id": "#W5490111",
                "item_ids": ["4579334072", "6117189161"],
                "payment_method_id": "credit_card_3124723",
            },
        ),
    ]
    for user_id, name, arguments in calls:
        with session_factory(store)() as session:
            request = tool_call_request(session, name, arguments, user_id=user_id)
        actor = Actor(customer_id=user_id, channel="test", conversation_id=name)
        assert not isinstance(request, Refusal)
        plan = orders.plan(request, actor)
        assert not isinstance(plan, Refusal), plan
        assert not isinstance(orders.execute(plan, actor, idempotency_key=name.ljust(64, "k")), Refusal)
    changed = export_tau2_retail(store)
    statuses = [
        changed["orders"][order]["status"] for order in ("#W6779827", "#W4776164", "#W2378156", "#W5490111")
    ]
    assert statuses == ["cancelled", "pending (item modified)", "exchange requested", "return requested"]
    again = create_store_engine(f"sqlite:///{tmp_path / 'again.db'}")
    migrate(again)
    import_tau2_retail(again, changed, now=NOW)
    assert export_tau2_retail(again) == changed
    again.dispose()
