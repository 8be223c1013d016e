"""On a Shopify shop the handoff packet reads the customer and orders through the OrderSystem port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.commerce.shopify.fake_shopify import SETTINGS, FakeShopify, fixture

from shopcrew.app import Assistant, build_assistant
from shopcrew.domain.messages import CustomerRef, InboundMessage
from shopcrew.settings import Settings

JANE_ON_SHOPIFY = CustomerRef(id=544365967, verified=True)


@pytest.fixture
def shop() -> FakeShopify:
    """A Shopify shop that knows Jane Doe by id, and her order #1001."""
    fake = FakeShopify()
    fake.answer(
        "CustomerById",
        {"data": {"customer": fixture("customers_search.json")["data"]["customers"]["nodes"][0]}},
    )
    fake.answer("OrderByName", "order_partially_fulfilled.json")
    return fake


@pytest.fixture
def assistant(demo_settings: Settings, shop: FakeShopify) -> Iterator[Assistant]:
    built = build_assistant(
        demo_settings.model_copy(update={"shopify": SETTINGS}), shopify_http_client=shop.http_client()
    )
    yield built
    built.close()


async def test_the_packet_names_the_shopify_customer_and_their_shopify_order(assistant: Assistant) -> None:
    status = await assistant.handle(InboundMessage(text="where is order 1001?", customer=JANE_ON_SHOPIFY))
    assert "1001" in status.reply
    handoff = await assistant.handle(
        InboundMessage(
            text="I'd like to talk to a person please",
            conversation_id=status.conversation_id,
            customer=JANE_ON_SHOPIFY,
        )
    )
    packet = handoff.trace["handoff_packet"]
    customer = packet["customer"]
    assert customer["id"] == 544365967 and customer["verified"] is True
    assert customer["email"] == "jane.doe@example.com" and customer["name"]
    assert [(o["number"], o["currency"]) for o in packet["orders"]] == [(1001, "USD")]
    assert "#1001" in packet["summary"]
