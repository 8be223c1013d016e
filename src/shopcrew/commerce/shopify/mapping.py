"""Shopify order, fulfillment, customer and line JSON → shopcrew's domain records.

Shopify ids are GIDs ("gid://shopify/Order/450789469"); the domain records carry their numeric tail
(the "legacy resource id", stable and unique per type), and `ShopifyOrder` keeps the GIDs the
mutations need. Shopify describes an order with two statuses (financial and fulfillment) plus
`cancelledAt`; `order_status` folds them onto shopcrew's single order state (docs/shopify.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from shopcrew.commerce.actions import RefundStatus
from shopcrew.commerce.order_system import OrderSystemError
from shopcrew.domain.orders import Address, Customer, Order, OrderLine, Shipment, TrackingEvent

_SHIPMENT_STATUS = {
    "LABEL_PRINTED": "label_created",
    "LABEL_PURCHASED": "label_created",
    "CONFIRMED": "label_created",
    "SUBMITTED": "label_created",
    "CARRIER_PICKED_UP": "in_transit",
    "IN_TRANSIT": "in_transit",
    "DELAYED": "in_transit",
    "ATTEMPTED_DELIVERY": "out_for_delivery",
    "OUT_FOR_DELIVERY": "out_for_delivery",
    "READY_FOR_PICKUP": "out_for_delivery",
    "DELIVERED": "delivered",
    "PICKED_UP": "delivered",
}


def gid(kind: str, legacy_id: int | str) -> str:
    """The GID of a Shopify object from its numeric id: gid("Order", 450789469)."""
    text = str(legacy_id)
    return text if text.startswith("gid://") else f"gid://shopify/{kind}/{text}"


def legacy_id(global_id: str | None) -> int:
    """The numeric tail of a GID ("gid://shopify/Order/450789469" → 450789469)."""
    tail = (global_id or "").rsplit("/", 1)[-1].split("?", 1)[0]
    if not tail.isdigit():
        raise OrderSystemError(f"Shopify returned an id shopcrew cannot read: {global_id!r}")
    return int(tail)


def money(node: Mapping[str, Any] | None) -> Decimal:
    """A MoneyBag's shop-currency amount (amounts travel as decimal strings)."""
    if not node:
        return Decimal("0.00")
    return Decimal(str(node["shopMoney"]["amount"]))


def parse_time(value: str | None) -> datetime | None:
    """An ISO-8601 DateTime from Shopify ("2026-11-20T15:04:05Z")."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def order_number(name: str) -> int:
    """The number in an order name: "#1001" → 1001 (stores may add a prefix or suffix)."""
    digits = "".join(ch for ch in name if ch.isdigit())
    if not digits:
        raise OrderSystemError(f"Shopify order name {name!r} carries no number")
    return int(digits)


def customer(node: Mapping[str, Any]) -> Customer:
    """A Shopify Customer as a shopcrew customer (postal codes from the default and saved addresses)."""
    zips: list[str] = []
    for address in [node.get("defaultAddress"), *(node.get("addresses") or [])]:
        zip_code = (address or {}).get("zip")
        if zip_code and zip_code not in zips:
            zips.append(str(zip_code))
    return Customer(
        id=legacy_id(node["id"]),
        email=str((node.get("defaultEmailAddress") or {}).get("emailAddress") or ""),
        first_name=str(node.get("firstName") or ""),
        last_name=str(node.get("lastName") or ""),
        phone=(node.get("defaultPhoneNumber") or {}).get("phoneNumber"),
        postal_codes=tuple(zips),
    )


@dataclass(frozen=True)
class LineFacts:
    """What the adapter needs about one line beyond the domain record: GIDs, shipped units, catalog facts."""

    gid: str
    variant_gid: str | None
    product_gid: str | None
    product_type: str
    tags: tuple[str, ...]
    unfulfilled_quantity: int
    current_quantity: int
    fulfillment_line_items: tuple[tuple[str, int], ...]  # (FulfillmentLineItem GID, quantity)


@dataclass(frozen=True)
class Payment:
    """The transaction a refund goes back to (a successful sale or capture)."""

    gid: str
    gateway: str
    amount: Decimal
    label: str  # "Visa ending 4242", else the gateway's display name


@dataclass(frozen=True)
class ShopifyOrder:
    """An order as the adapter sees it: the domain record plus Shopify's statuses, GIDs and payment."""

    order: Order
    gid: str
    name: str
    customer_gid: str | None
    financial_status: str
    fulfillment_status: str
    lines: Mapping[int, LineFacts]
    payment: Payment | None
    refunds: tuple[RefundStatus, ...] = ()


def order_status(node: Mapping[str, Any], shipments: Sequence[Shipment]) -> str:
    """Shopify's financial and fulfillment statuses folded onto one shopcrew order state."""
    financial = str(node.get("displayFinancialStatus") or "")
    fulfillment = str(node.get("displayFulfillmentStatus") or "")
    if node.get("cancelledAt"):
        return "cancelled"
    if financial == "REFUNDED":
        return "refunded"
    if fulfillment == "FULFILLED":
        if shipments and all(s.status == "delivered" for s in shipments):
            return "delivered"
        return "shipped"
    if fulfillment == "PARTIALLY_FULFILLED":
        return "partially_fulfilled"
    if financial in ("PENDING", "AUTHORIZED", "EXPIRED", "PARTIALLY_PAID"):
        return "pending"
    return "paid"


def shopify_order(node: Mapping[str, Any]) -> ShopifyOrder:
    """Map one Order node (queries.ORDER_FIELDS) to a `ShopifyOrder`."""
    try:
        return _shopify_order(node)
    except (KeyError, TypeError, ValueError) as exc:
        raise OrderSystemError(f"Shopify returned an order shopcrew cannot read ({exc})") from exc


def _shopify_order(node: Mapping[str, Any]) -> ShopifyOrder:
    cancelled = node.get("cancelledAt") is not None
    fulfillments = [f for f in node.get("fulfillments") or [] if f.get("status") != "CANCELLED"]
    shipped_units: dict[int, list[tuple[str, int]]] = {}
    shipment_lines: list[tuple[int, ...]] = []
    for fulfillment in fulfillments:
        ids: list[int] = []
        for item in (fulfillment.get("fulfillmentLineItems") or {}).get("nodes", []):
            line_id = legacy_id(item["lineItem"]["id"])
            shipped_units.setdefault(line_id, []).append((str(item["id"]), int(item["quantity"])))
            ids.append(line_id)
        shipment_lines.append(tuple(ids))
    shipments = tuple(_shipment(f, ids) for f, ids in zip(fulfillments, shipment_lines, strict=True))
    lines: list[OrderLine] = []
    facts: dict[int, LineFacts] = {}
    for item in (node.get("lineItems") or {}).get("nodes", []):
        line_id = legacy_id(item["id"])
        current = int(item.get("currentQuantity", item["quantity"]))
        unfulfilled = int(item.get("unfulfilledQuantity") or 0)
        product = item.get("product") or {}
        variant = item.get("variant") or {}
        lines.append(
            OrderLine(
                id=line_id,
                product_id=legacy_id(product["id"]) if product.get("id") else 0,
                variant_id=legacy_id(variant["id"]) if variant.get("id") else 0,
                title=str(item["title"]),
                variant_title=str(item.get("variantTitle") or ""),
                quantity=current if current > 0 else int(item["quantity"]),
                unit_price=money(item.get("discountedUnitPriceSet")),
                status=_line_status(cancelled, current, unfulfilled, line_id in shipped_units),
            )
        )
        facts[line_id] = LineFacts(
            gid=str(item["id"]),
            variant_gid=variant.get("id"),
            product_gid=product.get("id"),
            product_type=str(product.get("productType") or ""),
            tags=tuple(str(t) for t in product.get("tags") or ()),
            unfulfilled_quantity=unfulfilled,
            current_quantity=current,
            fulfillment_line_items=tuple(shipped_units.get(line_id, ())),
        )
    status = order_status(node, shipments)
    delivered = [s.delivered_at for s in shipments if s.delivered_at is not None]
    customer_node = node.get("customer") or {}
    placed_at = parse_time(node.get("processedAt") or node.get("createdAt"))
    if placed_at is None:
        raise ValueError("the order has no date")
    order = Order(
        id=legacy_id(node["id"]),
        number=order_number(str(node["name"])),
        customer_id=legacy_id(customer_node["id"]) if customer_node.get("id") else 0,
        status=status,
        placed_at=placed_at,
        delivered_at=max(delivered) if status == "delivered" and delivered else None,
        cancelled_at=parse_time(node.get("cancelledAt")),
        total=money(node.get("totalPriceSet")),
        currency=str(node.get("currencyCode") or node["totalPriceSet"]["shopMoney"]["currencyCode"]),
        shipping_address=_address(node.get("shippingAddress") or {}),
        lines=tuple(lines),
        shipments=shipments,
        refunded_amount=money(node.get("totalRefundedSet")),
        name=None if str(node["name"]) == f"#{order_number(str(node['name']))}" else str(node["name"]),
    )
    return ShopifyOrder(
        order=order,
        gid=str(node["id"]),
        name=str(node["name"]),
        customer_gid=customer_node.get("id"),
        financial_status=str(node.get("displayFinancialStatus") or ""),
        fulfillment_status=str(node.get("displayFulfillmentStatus") or ""),
        lines=facts,
        payment=_payment(node.get("transactions") or []),
        refunds=tuple(sorted((_refund(r) for r in node.get("refunds") or []), key=lambda r: r.created_at)),
    )


def _line_status(cancelled: bool, current: int, unfulfilled: int, shipped: bool) -> str:
    if cancelled or (current == 0 and not shipped):
        return "cancelled"
    if current == 0:
        return "refunded"
    return "open" if unfulfilled > 0 else "fulfilled"


def _shipment(node: Mapping[str, Any], line_ids: tuple[int, ...]) -> Shipment:
    tracking = (node.get("trackingInfo") or [{}])[0] if node.get("trackingInfo") else {}
    events = sorted(
        (
            TrackingEvent(
                happened_at=_required_time(e["happenedAt"]),
                status=_SHIPMENT_STATUS.get(str(e.get("status")), str(e.get("status") or "").lower()),
                location=", ".join(p for p in (e.get("city"), e.get("province")) if p),
                description=str(e.get("message") or ""),
            )
            for e in (node.get("events") or {}).get("nodes", [])
        ),
        key=lambda e: e.happened_at,
    )
    display = str(node.get("displayStatus") or "")
    delivered_at = parse_time(node.get("deliveredAt"))
    status = "delivered" if delivered_at else _SHIPMENT_STATUS.get(display, "in_transit")
    estimated = parse_time(node.get("estimatedDeliveryAt"))
    return Shipment(
        carrier=str(tracking.get("company") or ""),
        tracking_number=str(tracking.get("number") or ""),
        tracking_url=str(tracking.get("url") or ""),
        status=status,
        shipped_at=_required_time(node.get("inTransitAt") or node["createdAt"]),
        estimated_delivery=estimated.date() if estimated else None,
        delivered_at=delivered_at,
        events=tuple(events),
        line_ids=line_ids,
    )


def _required_time(value: str) -> datetime:
    parsed = parse_time(value)
    if parsed is None:
        raise ValueError("a date is missing")
    return parsed


def _address(node: Mapping[str, Any]) -> Address:
    return Address(
        name=str(node.get("name") or ""),
        line1=str(node.get("address1") or ""),
        line2=node.get("address2") or None,
        city=str(node.get("city") or ""),
        region=str(node.get("provinceCode") or ""),
        postal_code=str(node.get("zip") or ""),
        country=str(node.get("countryCodeV2") or ""),
    )


_REFUND_STATUS = {
    "SUCCESS": "succeeded",
    "PENDING": "pending",
    "AWAITING_RESPONSE": "pending",
    "UNKNOWN": "pending",
}


def _refund(node: Mapping[str, Any]) -> RefundStatus:
    """One refund: amount, where the money went and whether it arrived."""
    transactions = (node.get("transactions") or {}).get("nodes", [])
    statuses = {_REFUND_STATUS.get(str(tx.get("status")), "failed") for tx in transactions}
    status = "failed" if "failed" in statuses else "pending" if "pending" in statuses else "succeeded"
    return RefundStatus(
        amount=money(node.get("totalRefundedSet")),
        method=_method_label(transactions[0]) if transactions else "store credit",
        status=status,
        created_at=_required_time(node["createdAt"]),
        reason=str(node.get("note") or ""),
    )


def _method_label(tx: Mapping[str, Any]) -> str:
    """How a shopper knows a payment method: "Visa ending 4242", "store credit", or the gateway's name."""
    gateway = str(tx.get("gateway") or "")
    if "store_credit" in gateway or "store-credit" in gateway:
        return "store credit"
    details = tx.get("paymentDetails") or {}
    digits = "".join(ch for ch in str(details.get("number") or "") if ch.isdigit())
    if digits:
        return f"{details.get('company') or 'Card'} ending {digits[-4:]}"
    return str(tx.get("formattedGateway") or gateway or "the original payment method")


def _payment(transactions: Sequence[Mapping[str, Any]]) -> Payment | None:
    """The first successful sale or capture: where a refund goes back to."""
    for tx in transactions:
        if tx.get("kind") in ("SALE", "CAPTURE") and tx.get("status") == "SUCCESS":
            label = _method_label(tx)
            return Payment(
                gid=str(tx["id"]),
                gateway=str(tx.get("gateway") or ""),
                amount=money(tx["amountSet"]),
                label=label,
            )
    return None
