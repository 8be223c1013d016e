"""The Shopify mutations behind each confirmed plan, and their `userErrors` turned into refusals.

Each `run_*` function sends the mutations for one kind of action and returns a `Done` (a reference
such as a job id or a return name, plus notes for the shopper) or the `Refusal` Shopify's userErrors
amount to. A refusal means Shopify changed nothing: a single mutation is all or nothing, and an order
edit that is refused before `orderEditCommit` is simply never committed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shopcrew.commerce.actions import (
    ActionPlan,
    CancelLines,
    CancelOrder,
    ChangeShippingAddress,
    ExchangeItems,
    LineQuantity,
    Refusal,
    ReturnItems,
    SwapPendingItems,
)
from shopcrew.commerce.order_system import OrderSystemError
from shopcrew.commerce.shopify import queries
from shopcrew.commerce.shopify.client import ShopifyClient
from shopcrew.commerce.shopify.mapping import ShopifyOrder, gid, legacy_id
from shopcrew.commerce.shopify.plan_common import merged_lines, usd

_CANCEL_REASONS = {"no_longer_needed": "CUSTOMER", "ordered_by_mistake": "CUSTOMER", "other": "OTHER"}
_STAFF_NOTE = "Requested by the customer through the shopcrew assistant"


@dataclass(frozen=True)
class Done:
    """What Shopify did: a reference to show (job id, return name, refund id) and notes for the shopper."""

    reference: str | None = None
    notes: tuple[str, ...] = ()
    refund_owed: Decimal = Decimal("0")  # a refund Shopify did not take after the change itself was made


def user_errors_refusal(payload: Mapping[str, Any], *keys: str) -> Refusal | None:
    """The first of a payload's userErrors (under any of `keys`) as a refusal naming field and message."""
    for key in keys:
        for error in payload.get(key) or []:
            field = ".".join(str(part) for part in error.get("field") or [])
            message = str(error.get("message") or "Shopify refused the change").rstrip(".")
            code = str(error.get("code") or "").lower()
            reason = f"Shopify refused it: {message}" + (f" (field {field})" if field else "")
            return Refusal(f"rejected:{code}" if code else "rejected", reason)
    return None


def _payload(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    payload = data.get(name)
    if not isinstance(payload, dict):
        raise OrderSystemError(f"Shopify answered {name} without a result")
    return payload


def _amount(value: Decimal) -> str:
    """Money goes to Shopify as a decimal string with two places ("12.50")."""
    return f"{value.quantize(Decimal('0.01'))}"


def run_cancel_order(
    client: ShopifyClient, shopify: ShopifyOrder, request: CancelOrder, plan: ActionPlan
) -> Done | Refusal:
    """orderCancel: refund what was paid to the original payment, restock, tell the customer."""
    data = client.execute(
        queries.ORDER_CANCEL,
        {
            "orderId": shopify.gid,
            "reason": _CANCEL_REASONS.get(request.reason, "CUSTOMER"),
            "refundMethod": {"originalPaymentMethodsRefund": plan.refund_total > 0},
            "restock": True,
            "notifyCustomer": True,
            "staffNote": f"{_STAFF_NOTE} ({request.reason.replace('_', ' ')})",
        },
    )
    payload = _payload(data, "orderCancel")
    refusal = user_errors_refusal(payload, "orderCancelUserErrors", "userErrors")
    if refusal:
        return refusal
    job = payload.get("job") or {}
    # orderCancel is asynchronous: Shopify answers with a job and finishes the cancellation shortly after.
    notes = () if job.get("done") else ("Shopify is completing the cancellation; it shows within a minute.",)
    return Done(reference=job.get("id"), notes=notes)


def run_cancel_lines(
    client: ShopifyClient, shopify: ShopifyOrder, request: CancelLines, plan: ActionPlan
) -> Done | Refusal:
    """Remove unshipped units: one refundCreate (restock CANCEL) when paid, an order edit when not."""
    if plan.refund_total > 0:
        # A refund with restockType CANCEL removes the units and returns the money in one mutation,
        # so a paid order never ends up with items removed but not refunded.
        return _refund(
            client,
            shopify,
            plan.refund_total,
            line_items=[
                {
                    "lineItemId": shopify.lines[_line_id(item)].gid,
                    "quantity": item.quantity,
                    "restockType": "CANCEL",
                }
                for item in merged_lines(request.lines)
            ],
            note=f"Items cancelled by the customer ({request.reason.replace('_', ' ')})",
        )
    changes = [
        (_line_id(item), shopify.lines[_line_id(item)].current_quantity - item.quantity)
        for item in merged_lines(request.lines)
    ]
    return _edit_order(client, shopify, set_quantities=changes, add_variants=[])


def run_swap_items(
    client: ShopifyClient, shopify: ShopifyOrder, request: SwapPendingItems, plan: ActionPlan
) -> Done | Refusal:
    """Order editing: lower the old line, add the new variant, commit; refund a lower price difference."""
    changes = [(_line_id(s), shopify.lines[_line_id(s)].current_quantity - s.quantity) for s in request.swaps]
    added = [(gid("ProductVariant", s.new_variant_id), s.quantity) for s in request.swaps]
    edited = _edit_order(client, shopify, set_quantities=changes, add_variants=added)
    if isinstance(edited, Refusal) or plan.refund_total <= 0:
        return edited
    # The edit is committed; the difference goes back in a second call. If that one fails, the shopper
    # is told so and the audit record says the refund is still owed, rather than pretending nothing happened.
    try:
        refunded = _refund(
            client, shopify, plan.refund_total, line_items=[], note="Price difference of an item change"
        )
    except OrderSystemError:
        refunded = Refusal("outage", "Shopify could not be reached")
    if isinstance(refunded, Refusal):
        return Done(
            reference=edited.reference,
            notes=(
                f"The items were changed, but the {usd(plan.refund_total)} refund didn't go through "
                f"({refunded.reason}); the store will refund it.",
            ),
            refund_owed=plan.refund_total,
        )
    return Done(reference=edited.reference, notes=edited.notes)


def run_change_address(
    client: ShopifyClient, shopify: ShopifyOrder, request: ChangeShippingAddress
) -> Done | Refusal:
    """orderUpdate with the new shippingAddress."""
    address = request.address
    first, _, last = address.name.strip().rpartition(" ")
    data = client.execute(
        queries.ORDER_UPDATE,
        {
            "input": {
                "id": shopify.gid,
                "shippingAddress": {
                    "firstName": first or last,
                    "lastName": last if first else "",
                    "address1": address.line1,
                    "address2": address.line2 or "",
                    "city": address.city,
                    "provinceCode": address.region,
                    "zip": address.postal_code,
                    "countryCode": address.country.upper(),
                },
            }
        },
    )
    refusal = user_errors_refusal(_payload(data, "orderUpdate"), "userErrors")
    return refusal or Done()


def run_return(
    client: ShopifyClient,
    shopify: ShopifyOrder,
    request: ReturnItems,
    *,
    fee_percent: Decimal,
) -> Done | Refusal:
    """returnCreate (an approved, open return); the refund follows when the parcel is received."""
    method = "store credit" if request.refund_method == "store_credit" else "original payment"
    note = f"{request.reason or 'No reason given'} — refund to {method}"
    return_input: dict[str, Any] = {
        "orderId": shopify.gid,
        "returnLineItems": _return_lines(shopify, merged_lines(request.lines), note, fee_percent),
        "notifyCustomer": True,
    }
    return _create_return(client, return_input)


def run_exchange(client: ShopifyClient, shopify: ShopifyOrder, request: ExchangeItems) -> Done | Refusal:
    """returnCreate with exchangeLineItems: the old items come back, the new variants go out."""
    lines = [LineQuantity(s.line_id, s.quantity) for s in request.swaps]
    return_input: dict[str, Any] = {
        "orderId": shopify.gid,
        "returnLineItems": _return_lines(shopify, lines, "Exchange for another size or colour", Decimal(0)),
        "exchangeLineItems": [
            {"variantId": gid("ProductVariant", s.new_variant_id), "quantity": s.quantity}
            for s in request.swaps
        ],
        "notifyCustomer": True,
    }
    return _create_return(client, return_input)


def _create_return(client: ShopifyClient, return_input: Mapping[str, Any]) -> Done | Refusal:
    data = client.execute(queries.RETURN_CREATE, {"returnInput": return_input})
    payload = _payload(data, "returnCreate")
    refusal = user_errors_refusal(payload, "userErrors")
    if refusal:
        return refusal
    created = payload.get("return") or {}
    return Done(reference=created.get("name") or created.get("id"))


def _return_lines(
    shopify: ShopifyOrder, lines: Sequence[LineQuantity], note: str, fee_percent: Decimal
) -> list[dict[str, Any]]:
    """Return quantities spread over the fulfillment line items that shipped them."""
    result: list[dict[str, Any]] = []
    for item in lines:
        left = item.quantity
        for fulfillment_line_item, shipped in shopify.lines[_line_id(item)].fulfillment_line_items:
            take = min(left, shipped)
            if take <= 0:
                break
            line: dict[str, Any] = {
                "fulfillmentLineItemId": fulfillment_line_item,
                "quantity": take,
                "returnReasonNote": note[:255],
            }
            if fee_percent > 0:
                line["restockingFee"] = {"percentage": float(fee_percent)}
            result.append(line)
            left -= take
    return result


def _refund(
    client: ShopifyClient,
    shopify: ShopifyOrder,
    amount: Decimal,
    *,
    line_items: list[dict[str, Any]],
    note: str,
) -> Done | Refusal:
    if shopify.payment is None:
        return Refusal("no_payment", f"order {shopify.name} has no captured payment to refund")
    data = client.execute(
        queries.REFUND_CREATE,
        {
            "input": {
                "orderId": shopify.gid,
                "notify": True,
                "note": note,
                "refundLineItems": line_items,
                "transactions": [
                    {
                        "orderId": shopify.gid,
                        "parentId": shopify.payment.gid,
                        "gateway": shopify.payment.gateway,
                        "kind": "REFUND",
                        "amount": _amount(amount),
                    }
                ],
            }
        },
    )
    payload = _payload(data, "refundCreate")
    refusal = user_errors_refusal(payload, "userErrors")
    if refusal:
        return refusal
    return Done(reference=(payload.get("refund") or {}).get("id"))


def _edit_order(
    client: ShopifyClient,
    shopify: ShopifyOrder,
    *,
    set_quantities: Sequence[tuple[int, int]],
    add_variants: Sequence[tuple[str, int]],
) -> Done | Refusal:
    """orderEditBegin → orderEditSetQuantity / orderEditAddVariant → orderEditCommit."""
    begun = _payload(client.execute(queries.ORDER_EDIT_BEGIN, {"id": shopify.gid}), "orderEditBegin")
    refusal = user_errors_refusal(begun, "userErrors")
    if refusal:
        return refusal
    calculated = begun.get("calculatedOrder") or {}
    calculated_id = str(calculated.get("id") or "")
    calculated_lines = {
        int(str(node["id"]).rsplit("/", 1)[-1]): str(node["id"])
        for node in (calculated.get("lineItems") or {}).get("nodes", [])
        if str(node.get("id", "")).rsplit("/", 1)[-1].isdigit()
    }
    for line_id, quantity in set_quantities:
        # A calculated line item carries the numeric id of the order line it stands for.
        line_gid = calculated_lines.get(line_id)
        if line_gid is None:
            return Refusal("rejected", f"Shopify can no longer edit that item on order {shopify.name}")
        step = client.execute(
            queries.ORDER_EDIT_SET_QUANTITY,
            {"id": calculated_id, "lineItemId": line_gid, "quantity": max(quantity, 0), "restock": True},
        )
        refusal = user_errors_refusal(_payload(step, "orderEditSetQuantity"), "userErrors")
        if refusal:
            return refusal
    for variant_gid, quantity in add_variants:
        step = client.execute(
            queries.ORDER_EDIT_ADD_VARIANT,
            {"id": calculated_id, "variantId": variant_gid, "quantity": quantity},
        )
        refusal = user_errors_refusal(_payload(step, "orderEditAddVariant"), "userErrors")
        if refusal:
            return refusal
    committed = _payload(
        client.execute(
            queries.ORDER_EDIT_COMMIT, {"id": calculated_id, "notifyCustomer": True, "staffNote": _STAFF_NOTE}
        ),
        "orderEditCommit",
    )
    refusal = user_errors_refusal(committed, "userErrors")
    if refusal:
        return refusal
    return Done(reference=calculated_id)


def _line_id(item: LineQuantity | Any) -> int:
    return legacy_id(gid("LineItem", str(item.line_id)))
