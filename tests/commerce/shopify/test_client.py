"""The GraphQL client: endpoint and token header, throttling retries with computed waits, outages."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError
from tests.commerce.shopify.fake_shopify import TOKEN, FakeShopify, fixture

from shopcrew.commerce.order_system import OrderSystemError
from shopcrew.commerce.shopify import queries
from shopcrew.commerce.shopify.client import QueryCost, ThrottleStatus, throttle_wait
from shopcrew.commerce.shopify.config import ShopifySettings


def test_posts_to_the_versioned_endpoint_with_the_access_token(shop: FakeShopify) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    data = shop.client().execute(queries.ORDER_BY_NAME, {"query": 'name:"#1001"'})
    assert data["orders"]["nodes"][0]["name"] == "#1001"
    call = shop.calls[0]
    assert call.url == "https://northwind.myshopify.com/admin/api/2026-10/graphql.json"
    assert call.headers["X-Shopify-Access-Token"] == TOKEN
    assert call.variables == {"query": 'name:"#1001"'}


def test_throttled_call_is_retried_after_the_wait_the_restore_rate_implies(shop: FakeShopify) -> None:
    shop.answer("OrderByName", "throttled.json", "order_unfulfilled.json")
    client = shop.client()
    data = client.execute(queries.ORDER_BY_NAME, {"query": 'name:"#1001"'})
    assert data["orders"]["nodes"][0]["name"] == "#1001"
    # 752 points requested, 666 left, 100 restored per second: 0.86 s until the call fits.
    assert shop.sleeps == [0.86]
    assert shop.operations() == ["OrderByName", "OrderByName"]
    assert client.last_cost is not None and client.last_cost.actual == 31


def test_http_429_waits_for_retry_after(shop: FakeShopify) -> None:
    shop.answer(
        "OrderByName",
        httpx.Response(429, headers={"Retry-After": "2.0"}, json={"errors": "Exceeded 2 calls per second"}),
        "order_unfulfilled.json",
    )
    shop.client().execute(queries.ORDER_BY_NAME, {"query": 'name:"#1001"'})
    assert shop.sleeps == [2.0]


def test_throttling_that_never_ends_is_an_outage_after_a_bounded_number_of_tries(shop: FakeShopify) -> None:
    shop.answer("OrderByName", "throttled.json")
    with pytest.raises(OrderSystemError, match="still throttling after 2 retries; nothing was changed"):
        shop.client(max_retries=2).execute(queries.ORDER_BY_NAME, {"query": 'name:"#1001"'})
    assert len(shop.calls) == 3
    assert shop.sleeps == [0.86, 0.86]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_outages(shop: FakeShopify, status: int) -> None:
    shop.answer("OrderByName", httpx.Response(status, text="upstream error"))
    with pytest.raises(OrderSystemError, match=f"server error \\(HTTP {status}\\)"):
        shop.client().execute(queries.ORDER_BY_NAME, {"query": 'name:"#1001"'})
    assert len(shop.calls) == 1  # a mutation that may have run is never sent twice


def test_a_refused_token_says_so(shop: FakeShopify) -> None:
    shop.answer("OrderByName", httpx.Response(401, json={"errors": "[API] Invalid API key or access token"}))
    with pytest.raises(OrderSystemError, match="refused the access token"):
        shop.client().execute(queries.ORDER_BY_NAME, {"query": 'name:"#1001"'})


def test_unreachable_shop_is_an_outage(shop: FakeShopify) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    shop.answer("OrderByName", down)
    with pytest.raises(OrderSystemError, match="could not be reached \\(ConnectError\\)"):
        shop.client().execute(queries.ORDER_BY_NAME, {"query": 'name:"#1001"'})


def test_query_errors_name_shopifys_message(shop: FakeShopify) -> None:
    shop.answer(
        "OrderByName",
        {
            "errors": [
                {
                    "message": "Field 'nmae' doesn't exist on type 'Order'",
                    "extensions": {"code": "undefinedField"},
                }
            ]
        },
    )
    with pytest.raises(
        OrderSystemError, match="Field 'nmae' doesn't exist on type 'Order' \\(undefinedField\\)"
    ):
        shop.client().execute(queries.ORDER_BY_NAME, {"query": 'name:"#1001"'})


def test_throttle_wait_from_the_bucket() -> None:
    bucket = ThrottleStatus(maximum_available=1000, currently_available=100, restore_rate=50)
    assert throttle_wait(QueryCost(requested=752, actual=None, throttle=bucket)) == 13.04
    # The numbers fit yet Shopify said no (another caller drained it): wait one second of refill.
    assert throttle_wait(QueryCost(requested=50, actual=None, throttle=bucket)) == 1.0
    assert throttle_wait(None) == 1.0
    huge = ThrottleStatus(maximum_available=20000, currently_available=0, restore_rate=1)
    assert throttle_wait(QueryCost(requested=20000, actual=None, throttle=huge)) == 30.0


def test_throttled_fixture_matches_shopifys_documented_shape() -> None:
    body = fixture("throttled.json")
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert body["extensions"]["cost"]["actualQueryCost"] is None


def test_settings_accept_a_shop_handle_and_refuse_other_domains() -> None:
    assert ShopifySettings(shop="Northwind", access_token="x").shop == "northwind.myshopify.com"
    assert ShopifySettings(shop="https://northwind.myshopify.com/").shop == "northwind.myshopify.com"
    assert not ShopifySettings(shop="northwind").configured  # no token
    with pytest.raises(ValidationError, match="is not a shop domain"):
        ShopifySettings(shop="evil.example.com")
    with pytest.raises(ValidationError, match="is not a Shopify API version"):
        ShopifySettings(shop="northwind", api_version="2026-11")


def test_client_needs_a_configured_shop() -> None:
    from shopcrew.commerce.shopify.client import ShopifyClient

    with pytest.raises(ValueError, match="SHOPCREW_SHOPIFY__SHOP"):
        ShopifyClient(ShopifySettings())
