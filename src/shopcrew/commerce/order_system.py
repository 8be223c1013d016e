"""The OrderSystem port: where orders live (the embedded SQL store, Shopify, ...), behind one interface.

Agents and the τ²-bench replay talk only to this port. Every adapter enforces the same rules in
code: an order is visible and changeable only by its verified owner, `plan` never writes, and
`execute` applies a plan at most once per idempotency key, inside one transaction, with an audit
record of who, when, on which channel, and the order before and after.
"""

from __future__ import annotations

from typing import Protocol

from shopcrew.commerce.actions import ActionOutcome, ActionPlan, ActionRequest, Actor, RefundStatus, Refusal
from shopcrew.domain.orders import Customer, Order, Subscription


class OrderSystemError(Exception):
    """The order system could not be reached or answered nonsense; nothing was changed.

    Distinct from a `Refusal` (a business rule said no): this is an outage, and the agent tells the
    shopper to try again or offers a person.
    """


class OrderSystem(Protocol):
    """Read orders and customers; plan and execute order actions safely."""

    def customer_by_email(self, email: str) -> Customer | None:
        """The customer with this email (case-insensitive), or None."""
        ...

    def customers_by_name_and_zip(self, first_name: str, last_name: str, postal_code: str) -> list[Customer]:
        """Customers with this name and a matching address ZIP/postal code."""
        ...

    def customer(self, customer_id: str) -> Customer | None:
        """The customer with this id (the store's own id, as `Actor.customer_id` carries it), or None."""
        ...

    def customer_by_phone(self, phone: str) -> Customer | None:
        """The customer with this phone number (the same digits, with or without a country code), or None."""
        ...

    def order(self, number: str, actor: Actor) -> Order | Refusal:
        """The order if it exists and belongs to the actor; the same `not_found` refusal otherwise."""
        ...

    def orders_for(self, actor: Actor, *, limit: int = 10) -> list[Order]:
        """The actor's most recent orders, newest first."""
        ...

    def subscriptions_for(self, actor: Actor) -> list[Subscription]:
        """The actor's subscriptions."""
        ...

    def refunds_for(self, number: str, actor: Actor) -> list[RefundStatus] | Refusal:
        """The refunds of the actor's order, oldest first, with method and status; `not_found` otherwise."""
        ...

    def plan(self, request: ActionRequest, actor: Actor) -> ActionPlan | Refusal:
        """Check the request against ownership, state, policy and stock; say what would happen. Writes nothing."""
        ...

    def execute(self, plan: ActionPlan, actor: Actor, *, idempotency_key: str) -> ActionOutcome | Refusal:
        """Apply a confirmed plan once, all or nothing, audited; a repeated key returns the first outcome."""
        ...
