"""τ²-bench retail's write tools as documented, applied to a db.json document: the replay's yardstick.

Written from the tools' docstrings and policy.md, independently of shopcrew's order system, so the
replay compares two implementations. Amounts are money: every price difference and balance is
rounded to the cent. One documented behaviour differs from τ²'s code at the commit read
(docs/tau2.md): when several pending items are modified, each takes its own new variant's price and
options (the code gives all of them the last new variant's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

WRITE_TOOLS = (
    "cancel_pending_order",
    "modify_pending_order_address",
    "modify_pending_order_items",
    "modify_pending_order_payment",
    "return_delivered_order_items",
    "exchange_delivered_order_items",
    "modify_user_address",
)


class Tau2Refused(ValueError):
    """The tool refuses the call (τ² raises); the document is unchanged."""


def apply_tool(db: MutableMapping[str, Any], name: str, arguments: Mapping[str, Any]) -> None:
    """Apply one write tool call to `db` in place, or raise `Tau2Refused` having changed nothing."""
    tools: dict[str, Callable[..., None]] = {
        "cancel_pending_order": _cancel,
        "modify_pending_order_address": _order_address,
        "modify_pending_order_items": _modify_items,
        "modify_pending_order_payment": _modify_payment,
        "return_delivered_order_items": _return,
        "exchange_delivered_order_items": _exchange,
        "modify_user_address": _user_address,
    }
    if name not in tools:
        raise Tau2Refused(f"{name} is not a write tool")
    tools[name](db, **arguments)


def _order(db: Mapping[str, Any], order_id: str) -> dict[str, Any]:
    if order_id not in db["orders"]:
        raise Tau2Refused("Order not found")
    order: dict[str, Any] = db["orders"][order_id]
    return order


def _method(db: Mapping[str, Any], user_id: str, method_id: str) -> dict[str, Any]:
    methods = db["users"][user_id]["payment_methods"]
    if method_id not in methods:
        raise Tau2Refused("Payment method not found")
    method: dict[str, Any] = methods[method_id]
    return method


def _cents(amount: float) -> float:
    return round(amount + 0.0, 2)


def _address(**fields: str) -> dict[str, str]:
    keys = ("address1", "address2", "city", "country", "state", "zip")
    return {key: fields[key] for key in keys}


def _cancel(db: MutableMapping[str, Any], order_id: str, reason: str) -> None:
    """Only a "pending" order, for one of two reasons; every payment is refunded to its method."""
    order = _order(db, order_id)
    if order["status"] != "pending":
        raise Tau2Refused("Non-pending order cannot be cancelled")
    if reason not in ("no longer needed", "ordered by mistake"):
        raise Tau2Refused("Invalid reason")
    refunds = []
    for payment in order["payment_history"]:
        method = _method(db, order["user_id"], payment["payment_method_id"])
        if method["source"] == "gift_card":  # a gift card gets its money back at once
            method["balance"] = _cents(method["balance"] + payment["amount"])
        refunds.append(
            {
                "transaction_type": "refund",
                "amount": payment["amount"],
                "payment_method_id": payment["payment_method_id"],
            }
        )
    order["status"] = "cancelled"
    order["cancel_reason"] = reason
    order["payment_history"].extend(refunds)


def _order_address(db: MutableMapping[str, Any], order_id: str, **fields: str) -> None:
    """Any pending order (also "pending (item modified)") gets the new shipping address."""
    order = _order(db, order_id)
    if "pending" not in order["status"]:
        raise Tau2Refused("Non-pending order cannot be modified")
    order["address"] = _address(**fields)


def _user_address(db: MutableMapping[str, Any], user_id: str, **fields: str) -> None:
    """The user's default address is replaced."""
    if user_id not in db["users"]:
        raise Tau2Refused("User not found")
    db["users"][user_id]["address"] = _address(**fields)


def _pairs(
    db: Mapping[str, Any], order: Mapping[str, Any], item_ids: list[str], new_item_ids: list[str]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each old item (duplicates allowed, each once) with an available variant of the same product."""
    if len(item_ids) != len(new_item_ids):
        raise Tau2Refused("The number of items to be exchanged should match")
    free = list(order["items"])
    pairs = []
    for item_id, new_id in zip(item_ids, new_item_ids, strict=True):
        item = next((i for i in free if i["item_id"] == item_id), None)
        if item is None:
            raise Tau2Refused(f"{item_id} not found")
        free.remove(item)
        variant = db["products"][item["product_id"]]["variants"].get(new_id)
        if variant is None or not variant["available"]:
            raise Tau2Refused(f"New item {new_id} not found or available")
        pairs.append((item, variant))
    return pairs


def _modify_items(
    db: MutableMapping[str, Any],
    order_id: str,
    item_ids: list[str],
    new_item_ids: list[str],
    payment_method_id: str,
) -> None:
    """Once, on a "pending" order: same-product variants; the difference paid or refunded on the named method."""
    order = _order(db, order_id)
    if order["status"] != "pending":
        raise Tau2Refused("Non-pending order cannot be modified")
    if any(old == new for old, new in zip(item_ids, new_item_ids, strict=False)):
        raise Tau2Refused("The new item id should be different from the old item id")
    pairs = _pairs(db, order, item_ids, new_item_ids)
    difference = _cents(sum(variant["price"] - item["price"] for item, variant in pairs))
    method = _method(db, order["user_id"], payment_method_id)
    if method["source"] == "gift_card" and method["balance"] < difference:
        raise Tau2Refused("Insufficient gift card balance to pay for the new item")
    order["payment_history"].append(
        {
            "transaction_type": "payment" if difference > 0 else "refund",
            "amount": abs(difference),
            "payment_method_id": payment_method_id,
        }
    )
    if method["source"] == "gift_card":
        method["balance"] = _cents(method["balance"] - difference)
    for item, variant in pairs:
        item["item_id"] = variant["item_id"]
        item["price"] = variant["price"]
        item["options"] = dict(variant["options"])
    order["status"] = "pending (item modified)"


def _modify_payment(db: MutableMapping[str, Any], order_id: str, payment_method_id: str) -> None:
    """A pending order paid once moves to another method; the old one is refunded (a gift card at once)."""
    order = _order(db, order_id)
    if "pending" not in order["status"]:
        raise Tau2Refused("Non-pending order cannot be modified")
    method = _method(db, order["user_id"], payment_method_id)
    history = order["payment_history"]
    if len(history) != 1 or history[0]["transaction_type"] != "payment":
        raise Tau2Refused("There should be exactly one payment for a pending order")
    old_id = history[0]["payment_method_id"]
    if old_id == payment_method_id:
        raise Tau2Refused("The new payment method should be different from the current one")
    amount = history[0]["amount"]
    if method["source"] == "gift_card" and method["balance"] < amount:
        raise Tau2Refused("Insufficient gift card balance to pay for the order")
    history.append({"transaction_type": "payment", "amount": amount, "payment_method_id": payment_method_id})
    history.append({"transaction_type": "refund", "amount": amount, "payment_method_id": old_id})
    if method["source"] == "gift_card":
        method["balance"] = _cents(method["balance"] - amount)
    old = _method(db, order["user_id"], old_id)
    if old["source"] == "gift_card":
        old["balance"] = _cents(old["balance"] + amount)


def _return(db: MutableMapping[str, Any], order_id: str, item_ids: list[str], payment_method_id: str) -> None:
    """A "delivered" order's items go back; the refund goes to the original method or a gift card, later."""
    order = _order(db, order_id)
    if order["status"] != "delivered":
        raise Tau2Refused("Non-delivered order cannot be returned")
    method = _method(db, order["user_id"], payment_method_id)
    if (
        method["source"] != "gift_card"
        and payment_method_id != order["payment_history"][0]["payment_method_id"]
    ):
        raise Tau2Refused("Payment method should be the original payment method")
    owned = [item["item_id"] for item in order["items"]]
    if any(item_ids.count(i) > owned.count(i) for i in item_ids):
        raise Tau2Refused("Some item not found")
    order["status"] = "return requested"
    order["return_items"] = sorted(item_ids)
    order["return_payment_method_id"] = payment_method_id


def _exchange(
    db: MutableMapping[str, Any],
    order_id: str,
    item_ids: list[str],
    new_item_ids: list[str],
    payment_method_id: str,
) -> None:
    """A "delivered" order's items for same-product variants; the difference is recorded with its method."""
    order = _order(db, order_id)
    if order["status"] != "delivered":
        raise Tau2Refused("Non-delivered order cannot be exchanged")
    pairs = _pairs(db, order, item_ids, new_item_ids)
    difference = _cents(sum(variant["price"] - item["price"] for item, variant in pairs))
    method = _method(db, order["user_id"], payment_method_id)
    if method["source"] == "gift_card" and method["balance"] < difference:
        raise Tau2Refused("Insufficient gift card balance to pay for the price difference")
    order["status"] = "exchange requested"
    order["exchange_items"] = sorted(item_ids)
    order["exchange_new_items"] = sorted(new_item_ids)
    order["exchange_payment_method_id"] = payment_method_id
    order["exchange_price_difference"] = difference
