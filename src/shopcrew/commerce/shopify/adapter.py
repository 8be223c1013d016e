"""`ShopifyOrderSystem`: the OrderSystem port on a Shopify store's Admin GraphQL API.

Reads map Shopify's orders and customers onto shopcrew's records; `plan` applies the same
`OrderPolicy` as the embedded store; `execute` re-reads the order, checks the plan still holds,
claims the idempotency key in shopcrew's database, then runs the mutations (docs/shopify.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from shopcrew.commerce.actions import (
    ActionOutcome,
    ActionPlan,
    ActionRequest,
    Actor,
    CancelLines,
    CancelOrder,
    ChangeCustomerAddress,
    ChangeShippingAddress,
    ChangeSubscription,
    ExchangeItems,
    RefundStatus,
    Refusal,
    ReturnItems,
    SwapPendingItems,
)
from shopcrew.commerce.order_policy import OrderPolicy
from shopcrew.commerce.order_system import OrderSystemError
from shopcrew.commerce.shopify import execution, queries
from shopcrew.commerce.shopify.client import ShopifyClient
from shopcrew.commerce.shopify.journal import ActionJournal, Claim
from shopcrew.commerce.shopify.mapping import ShopifyOrder, customer, gid, legacy_id, shopify_order
from shopcrew.commerce.shopify.plan_common import VariantFacts
from shopcrew.commerce.shopify.planning import plan_action
from shopcrew.domain.orders import Customer, Order, Subscription
from shopcrew.store.base import utcnow

_ORDER_NAME = re.compile(r"^#?[A-Za-z0-9][A-Za-z0-9_-]{0,30}$")
SUBSCRIPTIONS_UNSUPPORTED = Refusal(
    "unsupported",
    "subscriptions on this store are managed by its subscription app, not by Shopify orders; "
    "a person of the store can change it for you",
)
CUSTOMER_ADDRESS_UNSUPPORTED = Refusal(
    "unsupported", "your saved address is changed in your account on the store's website, not here"
)


def _search_value(text: str) -> str:
    """A value quoted for Shopify's search syntax, so a shopper's text cannot add search terms."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _display(number: str) -> str:
    text = number.strip()
    return text if text.startswith("#") else f"#{text}"


def _not_found(number: str) -> Refusal:
    # The same words whether the order does not exist or belongs to someone else: nothing leaks.
    return Refusal("not_found", f"I can't find order {_display(number)} on your account")


class ShopifyOrderSystem:
    """Orders and order actions on Shopify; idempotency keys and the audit log stay in shopcrew's database."""

    def __init__(
        self,
        client: ShopifyClient,
        journal: ActionJournal,
        *,
        policy: OrderPolicy | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._client = client
        self._journal = journal
        self.policy = policy or OrderPolicy()
        self._clock = clock

    def customer_by_email(self, email: str) -> Customer | None:
        """The customer with this email (case-insensitive), or None."""
        wanted = email.strip().lower()
        if "@" not in wanted:
            return None
        for found in self._customers(f"email:{_search_value(wanted)}"):
            if found.email.lower() == wanted:
                return found
        return None

    def customers_by_name_and_zip(self, first_name: str, last_name: str, postal_code: str) -> list[Customer]:
        """Customers with this name and a saved address at this ZIP (Shopify searches by name; ZIP checked here)."""
        first, last, zip5 = first_name.strip().lower(), last_name.strip().lower(), postal_code.strip()[:5]
        if not (first and last and zip5):
            return []
        found = self._customers(f"first_name:{_search_value(first)} last_name:{_search_value(last)}")
        return [
            c
            for c in found
            if c.first_name.lower() == first
            and c.last_name.lower() == last
            and any(z.strip()[:5] == zip5 for z in c.postal_codes)
        ]

    def customer(self, customer_id: str) -> Customer | None:
        """The customer with this Shopify id (numeric or GID), or None."""
        wanted = _customer_gid(Actor(customer_id=customer_id, channel=""))
        if wanted is None:
            return None
        node = self._client.execute(queries.CUSTOMER_BY_ID, {"id": wanted}).get("customer")
        return customer(node) if node else None

    def customer_by_phone(self, phone: str) -> Customer | None:
        """The customer with this phone number (Shopify searches by phone; the digits are compared here)."""
        digits = _digits(phone)
        if len(digits) < 7:
            return None
        for found in self._customers(f"phone:{_search_value(phone.strip())}"):
            stored = _digits(found.phone or "")
            if stored and (stored.endswith(digits) or digits.endswith(stored)):
                return found
        return None

    def order(self, number: str, actor: Actor) -> Order | Refusal:
        """The order if it exists and belongs to the actor; the same `not_found` refusal otherwise."""
        found = self._owned(number, actor)
        return found if isinstance(found, Refusal) else found.order

    def orders_for(self, actor: Actor, *, limit: int = 10) -> list[Order]:
        """The actor's most recent orders, newest first."""
        customer_gid = _customer_gid(actor)
        if customer_gid is None:
            return []
        data = self._client.execute(
            queries.CUSTOMER_ORDERS,
            {"query": f"customer_id:{legacy_id(customer_gid)}", "first": max(1, min(limit, 25))},
        )
        nodes = (data.get("orders") or {}).get("nodes", [])
        orders = [shopify_order(node) for node in nodes]
        return [o.order for o in orders if _owns(o, actor)]

    def refunds_for(self, number: str, actor: Actor) -> list[RefundStatus] | Refusal:
        """The refunds of the actor's order, oldest first, with where the money went and its status."""
        found = self._owned(number, actor)
        return found if isinstance(found, Refusal) else list(found.refunds)

    def subscriptions_for(self, actor: Actor) -> list[Subscription]:
        """None: Shopify core keeps no subscriptions this adapter can read (docs/shopify.md)."""
        return []

    def plan(self, request: ActionRequest, actor: Actor) -> ActionPlan | Refusal:
        """Check the request against ownership, state, policy and stock; say what would happen. Writes nothing."""
        if isinstance(request, ChangeSubscription):
            return SUBSCRIPTIONS_UNSUPPORTED
        if isinstance(request, ChangeCustomerAddress):
            return CUSTOMER_ADDRESS_UNSUPPORTED
        found = self._owned(request.order, actor)
        if isinstance(found, Refusal):
            return found
        return plan_action(request, found, self.policy, now=self._clock(), variant=self._variant)

    def execute(self, plan: ActionPlan, actor: Actor, *, idempotency_key: str) -> ActionOutcome | Refusal:
        """Apply a confirmed plan once, audited; a repeated key returns the first outcome without calling Shopify."""
        stored = self._journal.recorded(idempotency_key, plan)
        if stored is not None:
            return stored
        request = plan.request
        if isinstance(request, ChangeSubscription):
            return SUBSCRIPTIONS_UNSUPPORTED
        if isinstance(request, ChangeCustomerAddress):
            return CUSTOMER_ADDRESS_UNSUPPORTED
        before = self._owned(request.order, actor)
        if isinstance(before, Refusal):
            return self._journal.audit_refusal(plan, actor, idempotency_key, before, before=None)
        fresh = plan_action(request, before, self.policy, now=self._clock(), variant=self._variant)
        if isinstance(fresh, Refusal):
            return self._journal.audit_refusal(plan, actor, idempotency_key, fresh, before=before.order)
        if fresh.digest != plan.digest:
            stale = Refusal(
                "stale_plan",
                f"order {before.name} changed since I described the change; let me check it again",
            )
            return self._journal.audit_refusal(plan, actor, idempotency_key, stale, before=before.order)
        if plan.needs_approval and actor.staff is None:
            waiting = Refusal(
                "needs_approval", plan.approval_reason or "a person of the store must approve this"
            )
            return self._journal.audit_refusal(plan, actor, idempotency_key, waiting, before=before.order)
        with self._journal.claim(idempotency_key, plan, actor) as claim:
            if not isinstance(claim, Claim):
                return claim  # a concurrent execute with the same key finished first
            return self._run(claim, before)

    def _run(self, claim: Claim, before: ShopifyOrder) -> ActionOutcome | Refusal:
        plan = claim.plan
        done = self._mutate(plan, before)
        if isinstance(done, Refusal):
            return claim.refuse(done, before=before.order)
        after = self._reread(before)
        if done.notes:
            claim.plan = _with_notes(plan, done.notes)
        outcome = "done:refund_owed" if done.refund_owed > 0 else "done"
        return claim.finish(
            before=before.order,
            after=after.order if after else None,
            status_after=after.order.status if after else None,
            reference=done.reference,
            outcome=outcome,
        )

    def _mutate(self, plan: ActionPlan, shopify: ShopifyOrder) -> execution.Done | Refusal:
        request = plan.request
        if isinstance(request, CancelOrder):
            return execution.run_cancel_order(self._client, shopify, request, plan)
        if isinstance(request, CancelLines):
            return execution.run_cancel_lines(self._client, shopify, request, plan)
        if isinstance(request, SwapPendingItems):
            return execution.run_swap_items(self._client, shopify, request, plan)
        if isinstance(request, ChangeShippingAddress):
            return execution.run_change_address(self._client, shopify, request)
        if isinstance(request, ReturnItems):
            return execution.run_return(
                self._client, shopify, request, fee_percent=self.policy.restocking_fee_percent
            )
        if isinstance(request, ExchangeItems):
            return execution.run_exchange(self._client, shopify, request)
        return SUBSCRIPTIONS_UNSUPPORTED

    def _reread(self, before: ShopifyOrder) -> ShopifyOrder | None:
        """The order after the action, for the audit log; None when Shopify could not say (it did act)."""
        try:
            return self._fetch(before.name)
        except OrderSystemError:  # the action is done; a failed read must not turn it into an error
            return None

    def _owned(self, number: str, actor: Actor) -> ShopifyOrder | Refusal:
        text = number.strip()
        if not _ORDER_NAME.match(text):
            return _not_found(text)
        # "1001" is order #1001; a store with its own name format ("NW1001") is looked up as written.
        found = self._fetch(f"#{text}" if text.isdigit() else text)
        if found is None or not _owns(found, actor):
            return _not_found(text)
        return found

    def _fetch(self, name: str) -> ShopifyOrder | None:
        data = self._client.execute(queries.ORDER_BY_NAME, {"query": f"name:{_search_value(name)}"})
        for node in (data.get("orders") or {}).get("nodes", []):
            # Search is fuzzy; only the exact name counts.
            if str(node.get("name", "")).lower() == name.lower():
                return shopify_order(node)
        return None

    def _customers(self, search: str) -> list[Customer]:
        data = self._client.execute(queries.CUSTOMERS_SEARCH, {"query": search})
        return [customer(node) for node in (data.get("customers") or {}).get("nodes", [])]

    def _variant(self, variant_id: str) -> VariantFacts | None:
        text = variant_id.strip()
        if not (text.isdigit() or text.startswith("gid://shopify/ProductVariant/")):
            return None
        data = self._client.execute(queries.VARIANT, {"id": gid("ProductVariant", text)})
        node: dict[str, Any] | None = data.get("productVariant")
        if not node:
            return None
        inventory = node.get("inventoryQuantity")
        return VariantFacts(
            gid=str(node["id"]),
            title=str(node.get("title") or ""),
            product_gid=str(node["product"]["id"]),
            product_title=str(node["product"].get("title") or ""),
            price=Decimal(str(node.get("price") or "0")),
            available=bool(node.get("availableForSale")),
            inventory=None if inventory is None else int(inventory),
        )


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _customer_gid(actor: Actor) -> str | None:
    text = actor.customer_id.strip()
    if text.isdigit() or text.startswith("gid://shopify/Customer/"):
        return gid("Customer", text)
    return None


def _owns(found: ShopifyOrder, actor: Actor) -> bool:
    """The order's customer is the actor's customer, compared by Shopify customer id."""
    wanted = _customer_gid(actor)
    return (
        wanted is not None
        and found.customer_gid is not None
        and legacy_id(found.customer_gid) == legacy_id(wanted)
    )


def _with_notes(plan: ActionPlan, notes: tuple[str, ...]) -> ActionPlan:
    return replace(plan, notes=(*plan.notes, *notes))
