"""The grounding check catches invented prices and order numbers and lets real ones through."""

from __future__ import annotations

from shopcrew.guardrails.grounding import check_reply

FACTS = {
    "number": 2035,
    "total": "186.30",
    "products": [
        {"title": "Trail Runner GTX", "price": "165.00"},
        {"title": "Road Glide", "price": "1,120.5"},
    ],
}


def test_prices_and_order_numbers_from_the_facts_pass() -> None:
    reply = "Order #2035 totals $186.30. The Trail Runner GTX is $165 and the Road Glide $1,120.50."
    assert check_reply(reply, FACTS).grounded


def test_an_invented_price_is_caught() -> None:
    result = check_reply("The Trail Runner GTX is on sale for $99.99!", FACTS)
    assert result.unsupported == ("$99.99",)


def test_an_invented_order_number_is_caught() -> None:
    assert check_reply("I've checked order #2036 for you.", FACTS).unsupported == ("#2036",)


def test_text_without_claims_is_grounded() -> None:
    assert check_reply("Happy to help - anything else?", {}).grounded
