"""SHOPCREW_SHOPIFY__* environment variables configure the Shopify adapter."""

from __future__ import annotations

import pytest

from shopcrew.settings import Settings


def test_shopify_is_configured_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPCREW_SHOPIFY__SHOP", "northwind")
    monkeypatch.setenv("SHOPCREW_SHOPIFY__ACCESS_TOKEN", "shpat_secret")
    monkeypatch.setenv("SHOPCREW_SHOPIFY__API_VERSION", "2026-07")
    shopify = Settings().shopify
    assert shopify.configured
    assert shopify.endpoint == "https://northwind.myshopify.com/admin/api/2026-07/graphql.json"
    assert "shpat_secret" not in repr(shopify)  # the token never shows in logs or errors


def test_without_a_shop_the_embedded_store_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOPCREW_SHOPIFY__SHOP", raising=False)
    assert not Settings().shopify.configured
