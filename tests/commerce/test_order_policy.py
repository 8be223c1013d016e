"""The order policy as data: defaults agree with the demo store's policy documents; the config overrides them."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from shopcrew.commerce.order_policy import (
    OrderPolicy,
    OrderPolicyError,
    load_order_policy,
    order_policy_from_config,
)
from shopcrew.models.registry import ConfigError

POLICIES = Path(__file__).parents[2] / "src" / "shopcrew" / "store" / "demo" / "policies"


def _doc(name: str) -> str:
    return (POLICIES / f"{name}.md").read_text()


def test_defaults_say_what_the_demo_policy_documents_say() -> None:
    policy = OrderPolicy()
    assert f"within {policy.return_window_days} days of delivery" in _doc("returns")
    assert f"within **{policy.exchange_window_days} days of delivery**" in _doc("exchanges")
    assert "Final-sale items cannot be returned" in _doc("returns")
    assert "free" in _doc("returns") and policy.restocking_fee_percent == 0
    assert (
        "Original shipping charges are not refunded" in _doc("returns")
        and not policy.refund_shipping_on_return
    )
    frequencies = re.search(r"Every \*\*(\d+), (\d+), (\d+) or (\d+) days\*\*", _doc("subscriptions"))
    assert frequencies and tuple(int(g) for g in frequencies.groups()) == policy.subscription_frequencies
    assert f"Pause for up to **{policy.max_pause_days} days**" in _doc("subscriptions")
    assert f"up to **{policy.skip_cutoff_days} days before**" in _doc("subscriptions")
    assert f"**{policy.subscription_discount_percent} % off**" in _doc("subscriptions")
    assert "while its status is *pending* or *paid*" in _doc("cancellation")
    assert policy.states_for("cancel_order") == ("pending", "paid")


def test_the_orders_table_of_the_store_config_overrides_defaults(tmp_path: Path) -> None:
    config = tmp_path / "store.toml"
    config.write_text(
        "[orders]\n"
        "return_window_days = 14\n"
        "restocking_fee_percent = 15\n"
        'approval_threshold = "250.00"\n'
        'final_sale_tags = ["final-sale", "clearance"]\n'
        "[orders.allowed_states]\n"
        'return_items = ["delivered", "shipped"]\n'
    )
    policy = load_order_policy(config)
    assert policy.return_window_days == 14
    assert policy.restocking_fee_percent == Decimal("15")
    assert policy.approval_threshold == Decimal("250.00")
    assert policy.final_sale_tags == ("final-sale", "clearance")
    assert policy.states_for("return_items") == ("delivered", "shipped")
    assert policy.states_for("cancel_order") == ("pending", "paid")  # untouched keys keep their defaults
    assert load_order_policy(None) == OrderPolicy()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"return_window": 14}, "unknown key"),
        ({"return_window_days": -1}, "a whole number of 0 or more"),
        ({"restocking_fee_percent": 120}, "a percentage from 0 to 100"),
        ({"approval_threshold": "lots"}, "an amount"),
        ({"subscription_frequencies": 30}, "a list"),
    ],
)
def test_a_wrong_value_is_a_one_line_config_error(table: dict[str, object], message: str) -> None:
    with pytest.raises(OrderPolicyError, match=message) as raised:
        order_policy_from_config({"orders": table})
    assert isinstance(raised.value, ConfigError)


def test_approval_can_be_switched_off() -> None:
    policy = order_policy_from_config({"orders": {"approval_threshold": "off"}})
    assert policy.approval_threshold is None and not policy.needs_approval(Decimal("100000"))
