"""Subscription changes: pause, resume, skip the next delivery, change frequency, swap variant, cancel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from shopcrew.commerce.actions import ChangeSubscription, PlannedLine, Refusal
from shopcrew.commerce.order_actions.common import (
    ActionContext,
    Applied,
    Draft,
    cents,
    day_words,
    usd,
    variant_for,
)
from shopcrew.store.catalog_tables import ProductRow
from shopcrew.store.commerce_tables import SubscriptionRow


def subscription_snapshot(sub: SubscriptionRow) -> dict[str, Any]:
    """A subscription as audit and staleness checks see it."""
    return {
        "id": sub.id,
        "status": sub.status,
        "variant_id": sub.variant_id,
        "quantity": sub.quantity,
        "price": str(sub.price),
        "frequency_days": sub.frequency_days,
        "next_charge_on": sub.next_charge_on.isoformat() if sub.next_charge_on else None,
        "paused_until": sub.paused_until.isoformat() if sub.paused_until else None,
    }


def plan_subscription_change(
    ctx: ActionContext, request: ChangeSubscription, sub: SubscriptionRow
) -> Draft | Refusal:
    """Check a subscription change against its state and the store's policy; say what changes."""
    product = ctx.session.get(ProductRow, sub.product_id)
    name = product.title if product else f"subscription {sub.id}"
    if sub.status == "cancelled":
        when = f" on {day_words(sub.cancelled_at)}" if sub.cancelled_at else ""
        return Refusal("already_done", f"your {name} subscription was cancelled{when}")
    planner = _PLANNERS[request.change]
    return planner(ctx, request, sub, name)


def _draft(
    summary: str, apply: Callable[[], None], sub: SubscriptionRow, notes: list[str] | None = None
) -> Draft:
    def run() -> Applied:
        apply()
        return Applied(sub.status)

    return Draft(summary=summary, lines=[PlannedLine(summary)], apply=run, notes=notes or [])


def _pause(
    ctx: ActionContext, request: ChangeSubscription, sub: SubscriptionRow, name: str
) -> Draft | Refusal:
    days, most = request.pause_days, ctx.policy.max_pause_days
    if days is None or days < 1 or days > most:
        return Refusal("bad_pause", f"a subscription can be paused for 1 to {most} days, not {days}")
    until = ctx.today + timedelta(days=days)

    def apply() -> None:
        sub.status, sub.paused_until, sub.next_charge_on = "paused", until, until

    return _draft(
        f"Pause your {name} subscription until {day_words(until)}; the next charge is then.", apply, sub
    )


def _resume(
    ctx: ActionContext, request: ChangeSubscription, sub: SubscriptionRow, name: str
) -> Draft | Refusal:
    if sub.status != "paused":
        return Refusal("already_done", f"your {name} subscription is already active")
    # Resuming early ships the next delivery straight away: it is charged tomorrow.
    next_charge = ctx.today + timedelta(days=1)

    def apply() -> None:
        sub.status, sub.paused_until, sub.next_charge_on = "active", None, next_charge

    return _draft(
        f"Resume your {name} subscription; the next delivery is charged on {day_words(next_charge)}.",
        apply,
        sub,
    )


def _skip(
    ctx: ActionContext, request: ChangeSubscription, sub: SubscriptionRow, name: str
) -> Draft | Refusal:
    if sub.status != "active" or sub.next_charge_on is None:
        return Refusal(
            "wrong_state",
            f"your {name} subscription is {sub.status}; only an active one has a delivery to skip",
        )
    cutoff = ctx.policy.skip_cutoff_days
    if (sub.next_charge_on - ctx.today).days < cutoff:
        return Refusal(
            "too_late",
            f"the next {name} delivery is charged on {day_words(sub.next_charge_on)}; "
            f"deliveries can be skipped up to {cutoff} days before",
        )
    skipped = sub.next_charge_on
    after = skipped + timedelta(days=sub.frequency_days)

    def apply() -> None:
        sub.next_charge_on = after

    return _draft(
        f"Skip the {name} delivery of {day_words(skipped)}; the next one is charged on {day_words(after)}.",
        apply,
        sub,
    )


def _frequency(
    ctx: ActionContext, request: ChangeSubscription, sub: SubscriptionRow, name: str
) -> Draft | Refusal:
    allowed = ctx.policy.subscription_frequencies
    days = request.frequency_days
    if days not in allowed:
        words = ", ".join(str(d) for d in allowed)
        return Refusal("bad_frequency", f"deliveries can come every {words} days, not every {days}")
    if days == sub.frequency_days:
        return Refusal("already_done", f"your {name} subscription already comes every {days} days")

    def apply() -> None:
        sub.frequency_days = days

    return _draft(f"Deliver {name} every {days} days instead of every {sub.frequency_days}.", apply, sub)


def _swap(
    ctx: ActionContext, request: ChangeSubscription, sub: SubscriptionRow, name: str
) -> Draft | Refusal:
    variant = variant_for(ctx.session, request.new_variant_id or "")
    if variant is None:
        return Refusal("unknown_variant", f"there is no variant with id {request.new_variant_id}")
    if variant.product_id != sub.product_id:
        return Refusal("different_product", f"a subscription can only change to another size of {name}")
    if variant.id == sub.variant_id:
        return Refusal("already_done", f"your subscription already is {name} in {variant.title}")
    if variant.inventory < sub.quantity:
        return Refusal("out_of_stock", f"{name} in {variant.title} is out of stock")
    discount = 1 - ctx.policy.subscription_discount_percent / 100
    price = cents(variant.price * Decimal(discount))

    def apply() -> None:
        sub.variant_id, sub.price = variant.id, price

    return _draft(
        f"Change your {name} subscription to {variant.title} at {usd(price)} a delivery.", apply, sub
    )


def _cancel(
    ctx: ActionContext, request: ChangeSubscription, sub: SubscriptionRow, name: str
) -> Draft | Refusal:
    notes = []
    cutoff = ctx.policy.skip_cutoff_days
    if sub.status == "active" and sub.next_charge_on and (sub.next_charge_on - ctx.today).days < cutoff:
        notes.append(
            f"The delivery charged on {day_words(sub.next_charge_on)} is within {cutoff} days and still goes out."
        )

    def apply() -> None:
        sub.status, sub.cancelled_at, sub.paused_until = "cancelled", ctx.now, None

    if notes:
        assert sub.next_charge_on is not None
        summary = (
            f"Cancel your {name} subscription after the delivery charged on {day_words(sub.next_charge_on)}."
        )
    else:
        summary = f"Cancel your {name} subscription; no further deliveries are charged."
    return _draft(summary, apply, sub, notes)


_PLANNERS: dict[str, Callable[[ActionContext, ChangeSubscription, SubscriptionRow, str], Draft | Refusal]] = {
    "pause": _pause,
    "resume": _resume,
    "skip_next": _skip,
    "change_frequency": _frequency,
    "swap_variant": _swap,
    "cancel": _cancel,
}
