"""Verifying who the shopper is before any order data is shown.

A conversation is bound to at most one customer. Verification succeeds by the channel's known
customer, by an email plus an order number of that customer, or by full name plus a ZIP code on
file. Failures never say which part was wrong, so nothing leaks about other people's orders.
Every lookup goes through the `OrderSystem` port, so on Shopify the shopper is Shopify's customer.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopcrew.commerce.actions import Actor, Refusal
from shopcrew.commerce.order_system import OrderSystem
from shopcrew.domain.messages import CustomerRef
from shopcrew.domain.orders import Customer
from shopcrew.models.local.extract import Extraction
from shopcrew.orchestrator.state import ConversationState


@dataclass(frozen=True)
class IdentityCheck:
    """The outcome of trying to verify the shopper this turn."""

    verified: bool
    attempted: bool
    method: str | None = None
    customer: Customer | None = None


def resolve_channel_customer(orders: OrderSystem, ref: CustomerRef) -> Customer | None:
    """The customer a channel vouches for (a signed-in web shopper, a known phone number)."""
    if ref.id is not None:
        return orders.customer(str(ref.id))
    if ref.email:
        return orders.customer_by_email(ref.email)
    if ref.phone:
        return orders.customer_by_phone(ref.phone)
    return None


def bind_customer(state: ConversationState, customer: Customer, method: str) -> bool:
    """Bind the conversation to a verified customer; refuse a second, different customer."""
    if state.customer_id is not None and state.customer_id != customer.id:
        return False
    state.customer_id = customer.id
    state.verified = True
    state.verified_by = method
    return True


def verify_from_message(
    orders: OrderSystem,
    state: ConversationState,
    extraction: Extraction,
    pending_order: int | None,
    *,
    channel: str = "",
) -> IdentityCheck:
    """Try email + order number, then name + ZIP, with what the shopper said (and an order noted earlier)."""
    if state.verified:
        return IdentityCheck(verified=True, attempted=False, method=state.verified_by)
    order_numbers = list(extraction.order_numbers) or ([pending_order] if pending_order else [])
    attempted = False
    if extraction.emails:
        # Remembered as a claim, so the order number can follow in the next message.
        state.claimed_email = extraction.emails[0]
    emails = list(extraction.emails) or ([state.claimed_email] if state.claimed_email else [])
    for email in emails:
        customer = orders.customer_by_email(email)
        for number in order_numbers:
            attempted = True
            if (
                customer
                and _owns_order(orders, customer, number, channel)
                and bind_customer(state, customer, "email+order")
            ):
                return IdentityCheck(verified=True, attempted=True, method="email+order", customer=customer)
    for name in extraction.person_names:
        parts = name.split()
        for zip_code in extraction.zip_codes:
            attempted = True
            found = orders.customers_by_name_and_zip(parts[0], parts[-1], zip_code) if len(parts) > 1 else []
            if len(found) == 1 and bind_customer(state, found[0], "name+zip"):
                return IdentityCheck(verified=True, attempted=True, method="name+zip", customer=found[0])
    if attempted:
        state.identity_attempts += 1
    return IdentityCheck(verified=False, attempted=attempted)


def _owns_order(orders: OrderSystem, customer: Customer, number: int, channel: str) -> bool:
    """True when the order exists and is this customer's (the port answers `not_found` otherwise)."""
    found = orders.order(str(number), Actor(customer_id=str(customer.id), channel=channel))
    return not isinstance(found, Refusal)
