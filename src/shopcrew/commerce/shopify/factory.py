"""Build the Shopify order system from settings (used by the composition root when a shop is configured)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import httpx
from sqlalchemy.orm import Session, sessionmaker

from shopcrew.commerce.order_policy import OrderPolicy
from shopcrew.commerce.order_system import OrderSystem
from shopcrew.commerce.shopify.adapter import ShopifyOrderSystem
from shopcrew.commerce.shopify.client import ShopifyClient
from shopcrew.commerce.shopify.config import ShopifySettings
from shopcrew.commerce.shopify.journal import ActionJournal
from shopcrew.store.base import utcnow


def build_shopify_order_system(
    settings: ShopifySettings,
    sessions: sessionmaker[Session],
    *,
    policy: OrderPolicy,
    clock: Callable[[], datetime] = utcnow,
    http_client: httpx.Client | None = None,
) -> OrderSystem:
    """Orders on the configured Shopify store; keys and the audit log in shopcrew's own database."""
    client = ShopifyClient(settings, http_client=http_client)
    system: OrderSystem = ShopifyOrderSystem(
        client, ActionJournal(sessions, clock=clock), policy=policy, clock=clock
    )
    return system
