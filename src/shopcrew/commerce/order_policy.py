"""The store's order policy as data: windows, final sale, fees, allowed states, approval threshold.

Defaults match the demo store's policy documents (`store/demo/policies/*.md`); a store overrides
any key in the `[orders]` table of its TOML config (SHOPCREW_CONFIG), see docs/order-actions.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from shopcrew.models.registry import ConfigError, read_store_config

DEFAULT_ALLOWED_STATES: Mapping[str, tuple[str, ...]] = {
    # cancellation.md: "until it ships — while its status is pending or paid"
    "cancel_order": ("pending", "paid"),
    # cancellation.md: "If some items have shipped and others haven't, you can cancel the items that haven't"
    "cancel_lines": ("pending", "paid", "partially_fulfilled"),
    "change_address": ("pending", "paid"),
    # cancellation.md: "Until the order ships you can change the size or colour of an item"
    "swap_items": ("pending", "paid", "partially_fulfilled"),
    "return_items": ("delivered",),
    "exchange_items": ("delivered",),
}


SETTLE_RETURNS_ON = ("request", "receipt")


class OrderPolicyError(ConfigError):
    """The `[orders]` table of the store config has an unknown key or a wrong value; the message says which."""


@dataclass(frozen=True)
class OrderPolicy:
    """What the store allows; every refusal an order action gives is derived from these values."""

    return_window_days: int = 30  # returns.md: 30 days from delivery, the delivery day is day 0
    exchange_window_days: int = 30  # exchanges.md
    final_sale_tags: tuple[str, ...] = ("final-sale",)  # product tags that make an item final sale
    final_sale_categories: tuple[str, ...] = ("gift_card",)  # returns.md: gift cards are not returnable
    restocking_fee_percent: Decimal = Decimal("0")  # returns.md: return shipping is free, no fee
    refund_shipping_on_return: bool = False  # returns.md: original shipping charges are not refunded
    # A refund or charge above this amount waits for a person of the store to approve (None: never).
    approval_threshold: Decimal | None = Decimal("500.00")
    refund_methods: tuple[str, ...] = ("original_payment", "store_credit")
    cancel_reasons: tuple[str, ...] = ("no_longer_needed", "ordered_by_mistake", "other")
    allowed_states: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_ALLOWED_STATES)
    )
    # subscriptions.md: every 30, 45, 60 or 90 days; pause up to 90 days; skip up to 2 days before.
    subscription_frequencies: tuple[int, ...] = (30, 45, 60, 90)
    max_pause_days: int = 90
    skip_cutoff_days: int = 2
    subscription_discount_percent: Decimal = Decimal("10")
    # Actions that, once done on an order, rule out the listed ones on it (τ²-bench retail: one item
    # change per pending order, then no cancelling; one return or exchange per delivered order).
    blocked_after: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # When a return's refund and an exchange's price difference move: "request" (at once) or
    # "receipt" (once the parcel is back; the plan says so and the order records what goes where).
    settle_returns_on: str = "request"

    def states_for(self, action: str) -> tuple[str, ...]:
        """The order states in which `action` is allowed (none when the store did not list it)."""
        return tuple(self.allowed_states.get(action, ()))

    def needs_approval(self, amount: Decimal) -> bool:
        """True when moving `amount` needs a person of the store to approve it."""
        return self.approval_threshold is not None and amount > self.approval_threshold


def order_policy_from_config(config: Mapping[str, Any]) -> OrderPolicy:
    """The default policy overridden by the `[orders]` table of a parsed store config."""
    table = config.get("orders", {})
    if not isinstance(table, Mapping):
        raise OrderPolicyError("[orders] in the store config must be a table")
    known = {f.name: f for f in fields(OrderPolicy)}
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise OrderPolicyError(f"[orders] {key}: unknown key; known keys: {', '.join(sorted(known))}")
        changes[key] = _coerce(key, value)
    return replace(OrderPolicy(), **changes)


def load_order_policy(path: Path | None) -> OrderPolicy:
    """The store's order policy from its TOML config file (SHOPCREW_CONFIG), or the defaults without one."""
    return order_policy_from_config(read_store_config(path))


def _coerce(key: str, value: Any) -> Any:
    """One config value converted to the type its policy field holds, or a clear error."""
    if key in {"return_window_days", "exchange_window_days", "max_pause_days", "skip_cutoff_days"}:
        return _non_negative_int(key, value)
    if key in {"restocking_fee_percent", "subscription_discount_percent"}:
        percent = _decimal(key, value)
        if not Decimal("0") <= percent <= Decimal("100"):
            raise OrderPolicyError(f"[orders] {key}: a percentage from 0 to 100, got {value!r}")
        return percent
    if key == "approval_threshold":
        return None if value in ("", "none", "off", False) else _decimal(key, value)
    if key == "refund_shipping_on_return":
        if not isinstance(value, bool):
            raise OrderPolicyError(f"[orders] {key}: true or false, got {value!r}")
        return value
    if key == "subscription_frequencies":
        return tuple(_non_negative_int(key, v) for v in _list(key, value))
    if key == "settle_returns_on":
        if value not in SETTLE_RETURNS_ON:
            raise OrderPolicyError(f"[orders] {key}: one of {', '.join(SETTLE_RETURNS_ON)}, got {value!r}")
        return value
    if key == "blocked_after":
        if not isinstance(value, Mapping):
            raise OrderPolicyError(
                "[orders.blocked_after] must map an action to a list of actions it rules out"
            )
        return {str(a): tuple(str(b) for b in _list(f"blocked_after.{a}", v)) for a, v in value.items()}
    if key == "allowed_states":
        if not isinstance(value, Mapping):
            raise OrderPolicyError("[orders.allowed_states] must map an action to a list of order states")
        merged = dict(DEFAULT_ALLOWED_STATES)
        for action, states in value.items():
            merged[str(action)] = tuple(str(s) for s in _list(f"allowed_states.{action}", states))
        return merged
    return tuple(str(v) for v in _list(key, value))


def _list(key: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise OrderPolicyError(f"[orders] {key}: a list, got {value!r}")
    return value


def _non_negative_int(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise OrderPolicyError(f"[orders] {key}: a whole number of 0 or more, got {value!r}")
    return value


def _decimal(key: str, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise OrderPolicyError(f"[orders] {key}: an amount, got {value!r}")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise OrderPolicyError(f"[orders] {key}: an amount, got {value!r}") from None
    if amount < 0 or not amount.is_finite():
        raise OrderPolicyError(f"[orders] {key}: an amount of 0 or more, got {value!r}")
    return amount
