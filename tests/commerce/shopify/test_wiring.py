"""The composition root picks the Shopify order system when a shop is configured, the embedded one otherwise."""

from __future__ import annotations

from sqlalchemy import create_engine

from shopcrew.app import order_system_for
from shopcrew.commerce.shopify.adapter import ShopifyOrderSystem
from shopcrew.commerce.shopify.config import ShopifySettings
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.settings import Settings
from shopcrew.store.database import session_factory


def test_configured_shop_uses_shopify_and_no_shop_uses_the_embedded_store() -> None:
    sessions = session_factory(create_engine("sqlite://"))
    shopify = ShopifySettings(shop="northwind", access_token="shpat_x")
    assert isinstance(order_system_for(Settings(shopify=shopify), sessions), ShopifyOrderSystem)
    assert isinstance(order_system_for(Settings(shopify=ShopifySettings()), sessions), SqlOrderSystem)
