"""Shared fixtures for the Shopify adapter tests: a fake shop."""

from __future__ import annotations

import pytest
from tests.commerce.shopify.fake_shopify import FakeShopify


@pytest.fixture
def shop() -> FakeShopify:
    """A scripted Shopify endpoint."""
    return FakeShopify()
