"""A known shopper's sizes, measurements and skin profile, remembered across conversations and channels.

A conversation bound to a customer of the embedded store starts from the `customer_profiles` row
(what this conversation already says wins, the profile fills the gaps); at the end of each turn
whatever changed is written back, so a size given on WhatsApp is known in the web chat.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from shopcrew.orchestrator.state import ConversationState
from shopcrew.store.base import utcnow
from shopcrew.store.commerce_tables import CustomerRow
from shopcrew.store.profile_tables import CustomerProfileRow

# The state fields a profile carries, by the name they have in both places.
PROFILE_FIELDS = ("sizes", "measurements", "skin_profile")


def _known_customer(session: Session, state: ConversationState) -> int | None:
    """The customer id when the conversation is bound to a verified customer of the embedded store."""
    if state.customer_id is None or not state.verified:
        return None
    # A Shopify customer id has no row here; the profile table points at the embedded customers.
    if session.get(CustomerRow, state.customer_id) is None:
        return None
    return state.customer_id


def _fill_missing(current: dict[str, Any], remembered: dict[str, Any]) -> bool:
    """Copy into `current` the remembered keys it lacks; True when anything was copied."""
    added = False
    for key, value in (remembered or {}).items():
        if key not in current and value not in (None, "", [], {}):
            current[key] = value
            added = True
    return added


def load_profile(session: Session, state: ConversationState) -> list[str]:
    """Fill the state's sizes, measurements and skin profile from the customer's profile.

    Returns the fields that gained something (for the trace); the conversation's own values win.
    """
    customer_id = _known_customer(session, state)
    if customer_id is None:
        return []
    row = session.get(CustomerProfileRow, customer_id)
    if row is None:
        return []
    return [name for name in PROFILE_FIELDS if _fill_missing(getattr(state, name), getattr(row, name))]


def save_profile(session: Session, state: ConversationState) -> list[str]:
    """Write the state's profile fields back to the customer's profile when they changed.

    Also fills the state from the profile first, so a customer verified during this turn keeps
    what other conversations remembered. Returns the fields written.
    """
    customer_id = _known_customer(session, state)
    if customer_id is None:
        return []
    load_profile(session, state)
    row = session.get(CustomerProfileRow, customer_id)
    if row is None:
        if not any(getattr(state, name) for name in PROFILE_FIELDS):
            return []
        row = CustomerProfileRow(customer_id=customer_id, sizes={}, measurements={}, skin_profile={})
        session.add(row)
    changed = [name for name in PROFILE_FIELDS if dict(getattr(row, name) or {}) != getattr(state, name)]
    for name in changed:
        # A new dict, so the JSON column notices the change.
        setattr(row, name, dict(getattr(state, name)))
    if changed:
        row.updated_at = utcnow()
        session.flush()
    return changed
