"""Verifying who the shopper is before any order data is shown.

A conversation is bound to at most one customer. Verification succeeds by the channel's known
customer, by an email plus an order number of that customer, or by full name plus a ZIP code on
file. Failures never say which part was wrong, so nothing leaks about other people's orders.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from shopcrew.commerce import queries
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


def resolve_channel_customer(session: Session, ref: CustomerRef) -> Customer | None:
    """The customer a channel vouches for (a signed-in web shopper, a known phone number)."""
    if ref.id is not None:
        return queries.customer_by_id(session, ref.id)
    if ref.email:
        return queries.customer_by_email(session, ref.email)
    if ref.phone:
        return queries.customer_by_phone(session, ref.phone)
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
    session: Session, state: ConversationState, extraction: Extraction, pending_order: int | None
) -> IdentityCheck:
    """Try email + order number, then name + ZIP, with what the shopper said (and an order noted earlier)."""
    if state.verified:
        return IdentityCheck(verified=True, attempted=False, method=state.verified_by)
    order_numbers = list(extraction.order_numbers) or ([pending_order] if pending_order else [])
    attempted = False
    emails = list(extraction.emails) or ([state.claimed_email] if state.claimed_email else [])
    for email in emails:
        customer = queries.customer_by_email(session, email)
        for number in order_numbers:
            attempted = True
            order = queries.order_by_number(session, number)
            if (
                customer
                and order
                and order.customer_id == customer.id
                and bind_customer(state, customer, "email+order")
            ):
                return IdentityCheck(verified=True, attempted=True, method="email+order", customer=customer)
    for name in extraction.person_names:
        for zip_code in extraction.zip_codes:
            attempted = True
            found = queries.customers_by_name_and_zip(session, name, zip_code)
            if len(found) == 1 and bind_customer(state, found[0], "name+zip"):
                return IdentityCheck(verified=True, attempted=True, method="name+zip", customer=found[0])
    if attempted:
        state.identity_attempts += 1
    return IdentityCheck(verified=False, attempted=attempted)
