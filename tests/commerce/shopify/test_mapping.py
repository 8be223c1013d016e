"""Shopify orders and customers mapped onto shopcrew's records and order states."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from tests.commerce.shopify.fake_shopify import fixture

from shopcrew.commerce.order_system import OrderSystemError
from shopcrew.commerce.shopify.mapping import customer, gid, legacy_id, order_number, shopify_order


def order_node(name: str) -> dict:
    return fixture(name)["data"]["orders"]["nodes"][0]


def test_unfulfilled_paid_order() -> None:
    mapped = shopify_order(order_node("order_unfulfilled.json"))
    order = mapped.order
    assert (order.id, order.number, order.customer_id, order.status) == (148977776, 1001, 544365967, "paid")
    assert order.total == Decimal("213.00") and order.currency == "USD"
    assert [
        (line.title, line.variant_title, line.quantity, line.unit_price, line.status) for line in order.lines
    ] == [
        ("Trail Runner GTX", "US 11 / Wide", 1, Decimal("129.00"), "open"),
        ("Merino Crew Socks", "Charcoal / M", 3, Decimal("28.00"), "open"),
    ]
    assert order.shipping_address.one_line() == "12 Harbor Lane, Portland, OR 97205"
    assert order.shipments == ()
    assert mapped.payment is not None and mapped.payment.label == "Visa ending 4242"
    assert mapped.lines[866550311].gid == "gid://shopify/LineItem/866550311"


def test_partially_fulfilled_order_with_tracking() -> None:
    order = shopify_order(order_node("order_partially_fulfilled.json")).order
    assert order.status == "partially_fulfilled"
    assert [line.status for line in order.lines] == ["fulfilled", "open"]
    (shipment,) = order.shipments
    assert (shipment.carrier, shipment.tracking_number, shipment.status) == (
        "UPS",
        "1Z999AA10123456784",
        "in_transit",
    )
    assert shipment.tracking_url.startswith("https://www.ups.com/track")
    assert shipment.estimated_delivery == date(2026, 11, 26)
    assert shipment.line_ids == (866550311,)
    # Scans oldest first, in shopcrew's shipment vocabulary, with where they happened.
    assert [(e.status, e.location, e.description) for e in shipment.events] == [
        ("label_created", "Sparks, Nevada", "Label created"),
        ("in_transit", "Reno, Nevada", "Departed facility"),
    ]


def test_fulfilled_and_delivered_order() -> None:
    order = shopify_order(order_node("order_fulfilled.json")).order
    assert order.status == "delivered"
    assert order.delivered_at == datetime(2026, 11, 24, 16, 45, tzinfo=UTC)
    assert {line.status for line in order.lines} == {"fulfilled"}
    assert order.shipments[0].events[-1].status == "delivered"


def test_fulfilled_but_not_yet_delivered_is_shipped() -> None:
    node = copy.deepcopy(order_node("order_fulfilled.json"))
    node["fulfillments"][0]["deliveredAt"] = None
    node["fulfillments"][0]["displayStatus"] = "OUT_FOR_DELIVERY"
    order = shopify_order(node).order
    assert order.status == "shipped"
    assert order.delivered_at is None
    assert order.shipments[0].status == "out_for_delivery"


def test_cancelled_order() -> None:
    order = shopify_order(order_node("order_cancelled.json")).order
    assert order.status == "cancelled"
    assert order.cancelled_at == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    assert order.refunded_amount == Decimal("213.00")
    assert {line.status for line in order.lines} == {"cancelled"}
    assert [line.quantity for line in order.lines] == [1, 3]  # what was ordered, not 0


def test_refunded_order() -> None:
    order = shopify_order(order_node("order_refunded.json")).order
    assert order.status == "refunded"
    assert {line.status for line in order.lines} == {"refunded"}


@pytest.mark.parametrize(
    ("financial", "status"), [("PENDING", "pending"), ("AUTHORIZED", "pending"), ("PAID", "paid")]
)
def test_unfulfilled_order_state_follows_the_payment(financial: str, status: str) -> None:
    node = copy.deepcopy(order_node("order_unfulfilled.json"))
    node["displayFinancialStatus"] = financial
    assert shopify_order(node).order.status == status


def test_customer_from_search_result() -> None:
    jane = customer(fixture("customers_search.json")["data"]["customers"]["nodes"][0])
    assert (jane.id, jane.email, jane.full_name, jane.phone) == (
        544365967,
        "jane.doe@example.com",
        "Jane Doe",
        "+15035550142",
    )
    assert jane.postal_codes == ("97205", "98101")


def test_ids_and_names() -> None:
    assert gid("Order", 148977776) == "gid://shopify/Order/148977776"
    assert gid("Order", "gid://shopify/Order/1") == "gid://shopify/Order/1"
    assert legacy_id("gid://shopify/LineItem/866550311") == 866550311
    assert order_number("#1001") == 1001
    assert order_number("NW-1001-EU") == 1001
    with pytest.raises(OrderSystemError, match="cannot read"):
        legacy_id("gid://shopify/Order/")


def test_a_malformed_order_is_an_outage_not_a_crash() -> None:
    node = copy.deepcopy(order_node("order_unfulfilled.json"))
    del node["lineItems"]["nodes"][0]["title"]
    with pytest.raises(OrderSystemError, match="cannot read"):
        shopify_order(node)


def test_refunds_oldest_first_with_method_and_status() -> None:
    refunds = shopify_order(order_node("order_refunded.json")).refunds
    assert [(r.amount, r.method, r.status, r.reason) for r in refunds] == [
        (Decimal("213.00"), "Visa ending 4242", "succeeded", "Return #1004-R1"),
        (Decimal("56.00"), "Visa ending 4242", "pending", "Return #1004-R2"),
    ]
