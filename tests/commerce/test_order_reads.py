"""Reading orders through the port: only the verified owner sees an order; strangers get the same not-found."""

from __future__ import annotations

from tests.commerce.conftest import ANA, JANE, actor

from shopcrew.commerce.actions import Refusal
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.domain.orders import Order


def test_the_owner_reads_an_order_by_number_with_or_without_hash(orders: SqlOrderSystem) -> None:
    for number in ("2035", "#2035", " #2035 "):
        order = orders.order(number, actor(JANE))
        assert isinstance(order, Order)
        assert order.number == 2035
        assert order.status == "shipped"


def test_someone_elses_order_and_a_missing_order_get_the_same_refusal(orders: SqlOrderSystem) -> None:
    theirs = orders.order("1042", actor(JANE))
    missing = orders.order("999999", actor(JANE))
    assert isinstance(theirs, Refusal) and isinstance(missing, Refusal)
    assert theirs.code == missing.code == "not_found"
    assert "#1042" in theirs.reason and "Ana" not in theirs.reason
    assert isinstance(orders.order("1042", actor(ANA)), Order)


def test_orders_for_lists_only_the_actors_orders_newest_first(orders: SqlOrderSystem) -> None:
    listed = orders.orders_for(actor(JANE), limit=20)
    numbers = [o.number for o in listed]
    assert {2035, 1914, 1720, 2076} <= set(numbers)
    assert 1042 not in numbers
    assert [o.placed_at for o in listed] == sorted((o.placed_at for o in listed), reverse=True)
    assert orders.orders_for(actor("999999")) == []


def test_customers_are_found_by_email_or_by_name_and_zip(orders: SqlOrderSystem) -> None:
    jane = orders.customer_by_email("  Jane.Doe@Example.com ")
    assert jane is not None and jane.first_name == "Jane"
    assert [c.id for c in orders.customers_by_name_and_zip("jane", "doe", "97205")] == [jane.id]
    assert orders.customers_by_name_and_zip("Jane", "Doe", "10001") == []


def test_subscriptions_are_the_actors_own(orders: SqlOrderSystem) -> None:
    subs = orders.subscriptions_for(actor(JANE))
    assert {s.status for s in subs} == {"active", "paused"}
    assert orders.subscriptions_for(actor("not-a-customer")) == []


def test_a_customer_is_found_by_account_id_or_by_phone(orders: SqlOrderSystem) -> None:
    jane = orders.customer(JANE)
    assert jane is not None and jane.email == "jane.doe@example.com"
    assert orders.customer("999999") is None and orders.customer("not-an-id") is None
    by_phone = orders.customer_by_phone("(503) 555-0142")
    assert by_phone is not None and by_phone.id == jane.id
    assert orders.customer_by_phone("555") is None  # too short to mean anyone


def test_an_order_carries_the_name_shoppers_know_it_by(orders: SqlOrderSystem) -> None:
    order = orders.order("2035", actor(JANE))
    assert isinstance(order, Order) and order.name is None and order.label == "#2035"
