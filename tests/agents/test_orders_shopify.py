"""The Orders agent on a Shopify shop, end to end: who the shopper is and where their order is come from Shopify.

`build_assistant` gets the Shopify settings and a mock transport (tests/commerce/shopify/fake_shopify.py);
the demo store under it has its own Jane Doe and its own orders #1001 and #1007, so a reply that read the
embedded database instead of Shopify would show different items and tracking.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.agents.test_orders import converse
from tests.commerce.shopify.fake_shopify import SETTINGS, FakeShopify, fixture

from shopcrew.app import Assistant, build_assistant
from shopcrew.domain.messages import CustomerRef
from shopcrew.settings import Settings

JANES_ORDER = fixture("order_partially_fulfilled.json")  # #1001, customer 544365967 (Jane Doe)


def _someone_elses_order() -> dict[str, Any]:
    """Order #1007 of customer 544365968, shipped with its own tracking number."""
    body = copy.deepcopy(JANES_ORDER)
    node = body["data"]["orders"]["nodes"][0]
    node["id"] = "gid://shopify/Order/450789477"
    node["name"] = "#1007"
    node["customer"] = {"id": "gid://shopify/Customer/544365968"}
    node["fulfillments"][0]["trackingInfo"][0]["number"] = "1Z999AA10999999999"
    return body


def _orders_by_name(request: httpx.Request) -> httpx.Response:
    """Shopify's order search by name: #1001 is Jane's, #1007 someone else's, anything else matches nothing."""
    query = json.loads(request.content)["variables"]["query"]
    if query == 'name:"#1001"':
        return httpx.Response(200, json=JANES_ORDER)
    if query == 'name:"#1007"':
        return httpx.Response(200, json=_someone_elses_order())
    return httpx.Response(200, json=fixture("orders_none.json"))


@pytest.fixture
def shop() -> FakeShopify:
    """A Shopify shop that knows Jane Doe (by email, phone and id) and orders #1001 and #1007."""
    fake = FakeShopify()
    fake.answer("CustomersSearch", "customers_search.json")
    fake.answer(
        "CustomerById",
        {"data": {"customer": fixture("customers_search.json")["data"]["customers"]["nodes"][0]}},
    )
    fake.answer("OrderByName", _orders_by_name)
    return fake


@pytest.fixture
def assistant(demo_settings: Settings, shop: FakeShopify) -> Iterator[Assistant]:
    settings = demo_settings.model_copy(update={"shopify": SETTINGS})
    built = build_assistant(settings, shopify_http_client=shop.http_client())
    yield built
    built.close()


async def test_a_verified_shopper_gets_shopify_status_and_learns_nothing_of_another_order(
    assistant: Assistant, shop: FakeShopify
) -> None:
    status, other = await converse(
        assistant, "Where is my order 1001? My email is jane.doe@example.com", "and where is order 1007?"
    )
    # Identity: Shopify's customer search by email, then order #1001 checked as hers.
    assert shop.variables("CustomersSearch")[0] == {"query": 'email:"jane.doe@example.com"'}
    assert "#1001" in status.reply and "partly shipped" in status.reply
    assert "UPS tracking 1Z999AA10123456784" in status.reply
    assert "Departed facility" in status.reply and "Merino Crew Socks" in status.reply
    # Someone else's order: the same words as a missing one, none of its facts.
    assert "can't find order #1007" in other.reply
    assert "1Z999AA10999999999" not in other.reply and "shipped" not in other.reply
    assert {"query": 'name:"#1007"'} in shop.variables("OrderByName")


async def test_a_phone_channel_shopper_is_shopifys_customer_with_that_number(
    assistant: Assistant, shop: FakeShopify
) -> None:
    (turn,) = await converse(
        assistant, "where is order 1001?", customer=CustomerRef(phone="+1 (503) 555-0142", verified=True)
    )
    assert shop.variables("CustomersSearch")[0] == {"query": 'phone:"+1 (503) 555-0142"'}
    assert "UPS tracking 1Z999AA10123456784" in turn.reply


async def test_a_signed_in_shopper_is_looked_up_by_shopify_customer_id(
    assistant: Assistant, shop: FakeShopify
) -> None:
    (turn,) = await converse(
        assistant, "where is order 1001?", customer=CustomerRef(id=544365967, verified=True)
    )
    assert shop.variables("CustomerById") == [{"id": "gid://shopify/Customer/544365967"}]
    assert "UPS tracking 1Z999AA10123456784" in turn.reply


async def test_when_shopify_fails_a_read_the_shopper_is_told_and_offered_a_person(
    assistant: Assistant, shop: FakeShopify
) -> None:
    shop.answer("CustomersSearch", httpx.Response(503, text="upstream unavailable"), replace=True)
    (turn,) = await converse(assistant, "Where is my order 1001? My email is jane.doe@example.com")
    assert "couldn't reach our order system" in turn.reply and "member of our team" in turn.reply
    assert "UPS" not in turn.reply
