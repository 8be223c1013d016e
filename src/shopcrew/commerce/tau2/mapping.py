"""τ²-bench write tool calls as shopcrew `ActionRequest`s, resolved against an imported store.

τ² names items by variant id ("item_id", duplicates allowed); shopcrew names order lines and its
own variant ids (τ²'s ids are kept as external ids). Each τ² item id is matched to the next line of
the order holding that variant; an item the order lacks
becomes a line id the order system refuses (`item_not_in_order`), so no check is skipped here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopcrew.commerce.actions import (
    ActionRequest,
    CancelOrder,
    CancelReason,
    ChangeCustomerAddress,
    ChangeShippingAddress,
    ExchangeItems,
    LineQuantity,
    LineSwap,
    NewAddress,
    Refusal,
    ReturnItems,
    SwapPendingItems,
)
from shopcrew.commerce.tau2.format import CANCEL_REASONS, country_in
from shopcrew.store.catalog_tables import VariantRow
from shopcrew.store.commerce_tables import CustomerRow, OrderLineRow, OrderRow

_REASONS: Mapping[str, CancelReason] = {
    "no longer needed": "no_longer_needed",
    "ordered by mistake": "ordered_by_mistake",
}
assert set(_REASONS) == set(CANCEL_REASONS)


def tool_call_request(
    session: Session, name: str, arguments: Mapping[str, Any], *, user_id: str
) -> ActionRequest | Refusal:
    """The shopcrew request for a τ² write tool call made for the authenticated user `user_id`."""
    args = dict(arguments)
    if name == "cancel_pending_order":
        return CancelOrder(order=args["order_id"], reason=_REASONS.get(args["reason"], "other"))
    if name == "modify_pending_order_address":
        return ChangeShippingAddress(
            order=args["order_id"], address=_address(session, args, args["order_id"])
        )
    if name == "modify_user_address":
        if args["user_id"] != user_id:
            # One customer per conversation: the port changes the actor's own address only.
            return Refusal("not_owner", "I can only change the address of the account I verified")
        return ChangeCustomerAddress(address=_address(session, args, None, user_id=user_id))
    if name == "modify_pending_order_items":
        return SwapPendingItems(
            order=args["order_id"],
            swaps=_swaps(session, args["order_id"], args["item_ids"], args["new_item_ids"]),
            payment_method_id=args["payment_method_id"],
        )
    if name == "exchange_delivered_order_items":
        return ExchangeItems(
            order=args["order_id"],
            swaps=_swaps(session, args["order_id"], args["item_ids"], args["new_item_ids"]),
            payment_method_id=args["payment_method_id"],
        )
    if name == "return_delivered_order_items":
        lines = _line_ids(session, args["order_id"], args["item_ids"])
        return ReturnItems(
            order=args["order_id"],
            lines=tuple(LineQuantity(line_id) for line_id in lines),
            payment_method_id=args["payment_method_id"],
        )
    # modify_pending_order_payment has no port action yet (no gold task of the train split uses it).
    return Refusal("unsupported", f"{name} has no shopcrew order action")


def _line_ids(session: Session, order_id: str, item_ids: list[str]) -> list[str]:
    """The order's line for each τ² item id, each line used once; "missing-<id>" for an item it lacks."""
    lines = list(
        session.scalars(
            select(OrderLineRow)
            .join(OrderRow)
            .where(OrderRow.external_id == order_id)
            .order_by(OrderLineRow.id)
        )
    )
    picked: list[str] = []
    for item_id in item_ids:
        line = next((ln for ln in lines if ln.sku == item_id and str(ln.id) not in picked), None)
        picked.append(str(line.id) if line is not None else f"missing-{item_id}")
    return picked


def _swaps(
    session: Session, order_id: str, item_ids: list[str], new_item_ids: list[str]
) -> tuple[LineSwap, ...]:
    """Line swaps; a new τ² item id becomes the store's variant id ("unknown-<id>" when no variant has it)."""
    lines = _line_ids(session, order_id, item_ids)
    swaps = []
    for line_id, new_id in zip(lines, new_item_ids, strict=False):
        variant = session.scalar(select(VariantRow.id).where(VariantRow.external_id == str(new_id)))
        swaps.append(LineSwap(line_id, str(variant) if variant is not None else f"unknown-{new_id}"))
    return tuple(swaps)


def _address(
    session: Session, args: Mapping[str, Any], order_id: str | None, *, user_id: str | None = None
) -> NewAddress:
    """τ²'s address fields; the name is the one the order ships to (or the customer's own)."""
    name = ""
    if order_id is not None:
        order = session.scalar(select(OrderRow).where(OrderRow.external_id == order_id))
        name = str((order.shipping_address or {}).get("name", "")) if order is not None else ""
    else:
        customer = session.scalar(select(CustomerRow).where(CustomerRow.external_id == user_id))
        name = f"{customer.first_name} {customer.last_name}" if customer is not None else ""
    return NewAddress(
        name=name or "Customer",
        line1=str(args["address1"]),
        line2=str(args.get("address2") or "") or None,
        city=str(args["city"]),
        region=str(args["state"]),
        postal_code=str(args["zip"]),
        country=country_in(str(args["country"])),
    )
