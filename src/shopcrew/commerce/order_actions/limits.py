"""Actions that rule out others on the same order, per the store's policy (`blocked_after`).

τ²-bench's retail store allows one item change per pending order (after which it can't be cancelled
either) and one return or exchange per delivered order. Which actions an order has had is read from
the records the planners leave in `OrderRow.details` (and that an importer writes for history).
"""

from __future__ import annotations

from shopcrew.commerce.actions import Refusal
from shopcrew.commerce.order_actions.common import order_label
from shopcrew.commerce.order_policy import OrderPolicy
from shopcrew.store.commerce_tables import OrderRow

# The `details` list each action appends to, and how a shopper would name what happened.
DONE_MARKERS: dict[str, tuple[str, str]] = {
    "item_swaps": ("swap_items", "its items changed"),
    "returns": ("return_items", "a return"),
    "exchanges": ("exchange_items", "an exchange"),
    "cancellations": ("cancel_lines", "items cancelled"),
    "address_changes": ("change_address", "its address changed"),
}
_DOING = {
    "cancel_order": "cancelling it",
    "cancel_lines": "cancelling items",
    "change_address": "changing its address",
    "swap_items": "changing its items again",
    "return_items": "another return",
    "exchange_items": "another exchange",
}


def done_actions(order: OrderRow) -> list[str]:
    """The actions an order has already had, as action kinds, from its recorded details."""
    details = order.details or {}
    return [action for key, (action, _) in DONE_MARKERS.items() if details.get(key)]


def blocked_refusal(policy: OrderPolicy, action: str, order: OrderRow) -> Refusal | None:
    """A refusal when an earlier action on this order rules `action` out under the store's policy."""
    if not policy.blocked_after:
        return None
    details = order.details or {}
    for key, (done, words) in DONE_MARKERS.items():
        if details.get(key) and action in policy.blocked_after.get(done, ()):
            doing = _DOING.get(action, action.replace("_", " "))
            return Refusal(
                "already_done",
                f"order {order_label(order)} already had {words}; this store allows no {doing} after that",
            )
    return None
