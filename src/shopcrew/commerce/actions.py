"""Order actions as typed values: what a shopper asked for, what will happen, and what happened.

An action goes through three steps, each a value an agent can show or store:

1. an `ActionRequest` (one of the request types below) says what the shopper wants;
2. `OrderSystem.plan` checks identity, order state, the store's policy and stock, and returns
   either a `Refusal` that says why, concretely, or an `ActionPlan` that lists exactly what will
   happen (items, amounts, refund method) — nothing is written;
3. after the shopper's explicit yes, `OrderSystem.execute` applies that plan once (keyed by an
   idempotency key), all or nothing, audited, and returns an `ActionOutcome`.

Ids here are the order system's own: `order` is the number a shopper sees (1042, or an external
id such as "#W2611340" for an imported store), lines and variants are the system's line/variant ids
as strings so the embedded store and Shopify's GIDs fit the same types.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Literal

RefundMethod = Literal["original_payment", "store_credit"]
CancelReason = Literal["no_longer_needed", "ordered_by_mistake", "other"]


@dataclass(frozen=True)
class LineQuantity:
    """Some units of one order line."""

    line_id: str
    quantity: int = 1


@dataclass(frozen=True)
class LineSwap:
    """One order line swapped for another variant of the same product."""

    line_id: str
    new_variant_id: str
    quantity: int = 1


@dataclass(frozen=True)
class NewAddress:
    """A shipping address as a shopper gives it; the order system validates it."""

    name: str
    line1: str
    city: str
    region: str
    postal_code: str
    country: str = "US"
    line2: str | None = None


@dataclass(frozen=True)
class CancelOrder:
    """Cancel a whole order before fulfillment."""

    order: str
    reason: CancelReason = "no_longer_needed"
    kind: Literal["cancel_order"] = "cancel_order"


@dataclass(frozen=True)
class CancelLines:
    """Cancel some lines of an order before they ship (refund for those lines only)."""

    order: str
    lines: tuple[LineQuantity, ...]
    reason: CancelReason = "no_longer_needed"
    kind: Literal["cancel_lines"] = "cancel_lines"


@dataclass(frozen=True)
class ChangeShippingAddress:
    """Change an order's shipping address before fulfillment."""

    order: str
    address: NewAddress
    kind: Literal["change_address"] = "change_address"


@dataclass(frozen=True)
class SwapPendingItems:
    """Swap lines of an unfulfilled order for other variants of the same products (order editing)."""

    order: str
    swaps: tuple[LineSwap, ...]
    payment_method_id: str | None = None  # pays or receives the price difference; None = original
    kind: Literal["swap_items"] = "swap_items"


@dataclass(frozen=True)
class ReturnItems:
    """Return delivered lines within the window; refund to the original payment or store credit."""

    order: str
    lines: tuple[LineQuantity, ...]
    refund_method: RefundMethod = "original_payment"
    reason: str = ""
    payment_method_id: str | None = None  # a named payment method (τ²-bench), else by refund_method
    kind: Literal["return_items"] = "return_items"


@dataclass(frozen=True)
class ExchangeItems:
    """Exchange delivered lines for in-stock variants of the same product (price difference settled)."""

    order: str
    swaps: tuple[LineSwap, ...]
    payment_method_id: str | None = None
    kind: Literal["exchange_items"] = "exchange_items"


@dataclass(frozen=True)
class ChangeCustomerAddress:
    """Change the customer's default address (the one new orders ship to); no order changes."""

    address: NewAddress
    kind: Literal["change_customer_address"] = "change_customer_address"


SubscriptionChange = Literal["pause", "resume", "skip_next", "change_frequency", "swap_variant", "cancel"]


@dataclass(frozen=True)
class ChangeSubscription:
    """Pause, resume, skip, re-schedule, swap or cancel a subscription."""

    subscription_id: str
    change: SubscriptionChange
    pause_days: int | None = None
    frequency_days: int | None = None
    new_variant_id: str | None = None
    kind: Literal["change_subscription"] = "change_subscription"


ActionRequest = (
    CancelOrder
    | CancelLines
    | ChangeShippingAddress
    | SwapPendingItems
    | ReturnItems
    | ExchangeItems
    | ChangeSubscription
    | ChangeCustomerAddress
)


@dataclass(frozen=True)
class Actor:
    """Who asks: the verified customer (or a staff member acting for them), on which channel."""

    customer_id: str
    channel: str
    conversation_id: str | None = None
    staff: str | None = None  # set when a person in the store acts, e.g. approving above the threshold


@dataclass(frozen=True)
class PlannedLine:
    """One line of what will happen: "Cancel 1 × Trail Runner GTX (US 11 Wide) — refund $129.00"."""

    description: str
    amount: Decimal = Decimal("0")


@dataclass(frozen=True)
class ActionPlan:
    """Exactly what an action will do, checked against policy, before anything is written.

    `digest` fingerprints the request and the order's state it was checked against; `execute`
    refuses a plan whose order changed since (stale), and the idempotency key is derived from it.
    """

    request: ActionRequest
    order: str | None
    summary: str  # one sentence: "Cancel order #1042 and refund $84.00 to Visa ending 4242."
    lines: tuple[PlannedLine, ...]
    refund_total: Decimal = Decimal("0")
    charge_total: Decimal = Decimal("0")
    refund_method: str | None = None  # "Visa ending 4242", "store credit", "gift card ending 0000"
    needs_approval: bool = False  # above the store's approval threshold: a person must approve
    approval_reason: str = ""
    digest: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)  # e.g. "return label sent by email"


@dataclass(frozen=True)
class Refusal:
    """Why an action is not possible, in words a shopper understands; `code` for code and tests."""

    code: str  # not_found | not_owner | wrong_state | window_closed | final_sale | out_of_stock |
    # different_product | invalid_address | already_done | insufficient_balance | needs_approval | ...
    reason: str  # "delivered 41 days ago; returns close after 30 days"


@dataclass(frozen=True)
class RefundStatus:
    """One refund of an order: how much, to what, and where it stands."""

    amount: Decimal
    method: str  # "Visa ending 4242", "store credit", "gift card ending 8812"
    status: str  # pending | succeeded | failed
    created_at: datetime
    reason: str = ""


@dataclass(frozen=True)
class ActionOutcome:
    """What happened: the order's state after the action, and the record of it."""

    plan: ActionPlan
    audit_id: str
    order_status_after: str | None
    replayed: bool = False  # True when the idempotency key had already been executed (nothing done twice)
    reference: str | None = None  # RMA number, refund id, Shopify job id


# Refusals name order states in words that hold in every store: shopcrew's "paid" is what τ²-bench
# calls "pending" and Shopify "unfulfilled", but "not yet shipped" is true of each.
_STATE_WORDS = {
    "pending": "not yet shipped",
    "paid": "not yet shipped",
    "partially_fulfilled": "partly shipped",
    "shipped": "shipped",
    "delivered": "delivered",
}


def allowed_state_words(allowed: Sequence[str]) -> str:
    """The states an action is allowed in, as a shopper reads them: "not yet shipped or partly shipped"."""
    words = list(dict.fromkeys(_STATE_WORDS.get(state, state.replace("_", " ")) for state in allowed))
    return " or ".join(words) if words else "in no state this store allows"
