"""The grounding check on order claims: order numbers, states, tracking numbers and dates."""

from __future__ import annotations

from typing import Any

import pytest

from shopcrew.guardrails.grounding import GroundedReply, collect_facts, ground_reply

SHIPPED: dict[str, Any] = {
    "kind": "order",
    "number": 2035,
    "status": "shipped",
    "placed_on": "2026-06-08",
    "delivered_on": None,
    "total": "186.30",
    "refunded": "0.00",
    "lines": [
        {"title": "Men's Trail Runner GTX", "variant": "11 / Wide / Black", "quantity": 1, "status": "open"}
    ],
    "shipments": [
        {
            "carrier": "UPS",
            "tracking_number": "1Z999AA10123456784",
            "status": "in_transit",
            "estimated_delivery": "2026-06-17",
            "latest_event": {
                "description": "Departed facility",
                "location": "Reno, NV",
                "at": "Jun 14, 09:12",
            },
        }
    ],
}
CANCELLED: dict[str, Any] = {
    "kind": "order",
    "number": 1042,
    "status": "cancelled",
    "placed_on": "2026-05-02",
    "cancelled_on": "2026-05-03",
    "total": "54.00",
    "refunded": "54.00",
    "shipments": [],
}


def ground(text: str, *orders: dict[str, Any]) -> GroundedReply:
    return ground_reply(text, collect_facts(orders, catalog=None), None)


@pytest.mark.parametrize(
    "text",
    [
        "Order #2035 is on its way. It has Men's Trail Runner GTX (11 / Wide / Black), placed on June 8.",
        'UPS tracking 1Z999AA10123456784: latest update "Departed facility" in Reno, NV (Jun 14, 09:12), '
        "expected by June 17.",
        "Good news: order #2035 is on its way with UPS.",
        "Your order #2035 is in transit and should arrive by June 17. The total was $186.30.",
        "I found order #2035: it's on its way.",
        "Order #2035 hasn't been delivered yet.",
        "Has your order #2035 arrived yet?",
    ],
)
def test_true_order_claims_pass_untouched(text: str) -> None:
    grounded = ground(text, SHIPPED)
    assert grounded.actions == ()
    assert grounded.text == text


def test_the_templates_list_of_orders_passes() -> None:
    listing = "Which order do you mean?\n- #2035 from June 8 (on its way): Men's Trail Runner GTX\n- #1042 from May 2 (cancelled): Tee"
    assert ground(listing, SHIPPED, CANCELLED).actions == ()


def test_a_wrong_state_is_rewritten_to_the_order_s_status() -> None:
    grounded = ground("Great news - order #2035 has been delivered!", SHIPPED)
    assert grounded.text == "Great news - order #2035 is on its way!"
    assert [(a.kind, a.action) for a in grounded.actions] == [("state", "repaired")]


def test_a_wrong_state_said_of_it_follows_the_order_of_the_sentence_before() -> None:
    grounded = ground("I checked order #1042. It's out for delivery.", CANCELLED)
    assert grounded.text == "I checked order #1042. It's cancelled."
    grounded = ground("Order #1042 was refunded. It was cancelled on May 3.", CANCELLED)
    assert grounded.actions == ()


def test_out_for_delivery_needs_a_shipment_out_for_delivery() -> None:
    grounded = ground("Your order is out for delivery!", SHIPPED)
    assert grounded.text == "Your order is on its way!"


def test_an_order_number_of_this_turn_s_facts_only() -> None:
    grounded = ground("Order #2035 is on its way. Your other order #2036 was delivered yesterday.", SHIPPED)
    assert grounded.text == "Order #2035 is on its way."
    assert [(a.kind, a.claim, a.action) for a in grounded.actions] == [("order", "#2036", "removed")]


def test_invented_tracking_numbers_and_dates_are_removed() -> None:
    grounded = ground(
        "It's on its way. Track it with 1Z999AA10999999999. It should arrive on June 20.", SHIPPED
    )
    assert grounded.text == "It's on its way."
    assert {a.kind for a in grounded.actions} == {"tracking", "date"}


def test_a_shopper_s_own_order_number_may_be_repeated() -> None:
    facts = {"order_number": 4242}
    grounded = ground_reply(
        "I can't find order #4242 on your account.", collect_facts([facts], catalog=None), None
    )
    assert grounded.actions == ()
