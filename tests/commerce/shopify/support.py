"""Shared values for the adapter tests: the fixed clock, two customers, and the journal's rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.commerce.shopify.fake_shopify import FakeShopify

from shopcrew.commerce.actions import Actor
from shopcrew.commerce.order_policy import OrderPolicy
from shopcrew.commerce.shopify.adapter import ShopifyOrderSystem
from shopcrew.commerce.shopify.journal import ActionJournal
from shopcrew.store.action_tables import IdempotencyKeyRow, OrderActionAuditRow

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)  # order #1002 was delivered 5 days before
JANE = Actor(customer_id="544365967", channel="web", conversation_id="conv-1")
SOMEONE_ELSE = Actor(customer_id="544365968", channel="web", conversation_id="conv-2")


def audit_rows(engine: Engine) -> list[OrderActionAuditRow]:
    """Every audit row, oldest first."""
    with Session(engine) as session:
        return list(session.scalars(select(OrderActionAuditRow).order_by(OrderActionAuditRow.created_at)))


def key_rows(engine: Engine) -> list[IdempotencyKeyRow]:
    """Every stored idempotency key."""
    with Session(engine) as session:
        return list(session.scalars(select(IdempotencyKeyRow)))


def order_system(
    shop: FakeShopify,
    journal: ActionJournal,
    *,
    policy: OrderPolicy | None = None,
    clock: Callable[[], datetime] | None = None,
) -> ShopifyOrderSystem:
    """The adapter under test, wired to the fake shop, on the fixed clock unless given another."""
    return ShopifyOrderSystem(shop.client(), journal, policy=policy, clock=clock or (lambda: NOW))
