"""`shopcrew import tau2-retail`: τ²-bench's store (users, payment methods, products, orders) into shopcrew's tables.

Every τ² id is kept as an `external_id` (users, payment methods, products, variants, orders), so the
exporter writes the same ids back and a shopper says "#W2611340" as τ² shows it. An order's number
is the digits of its τ² id (2611340). Each τ² item is one order line of quantity 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from shopcrew.commerce.tau2.format import (
    AVAILABLE_STOCK,
    CANCEL_REASONS,
    PAYMENT_KINDS,
    STATUS_IN,
    Tau2FormatError,
    country_in,
    field,
)
from shopcrew.store.action_tables import PaymentTransactionRow
from shopcrew.store.catalog_tables import ProductRow, VariantRow
from shopcrew.store.commerce_tables import (
    AddressRow,
    CustomerRow,
    OrderLineRow,
    OrderRow,
    PaymentMethodRow,
    RefundRow,
    ReturnRow,
    ShipmentRow,
)


class Tau2ImportError(Exception):
    """The store can't take the import (it already holds customers or products); nothing was written."""


@dataclass(frozen=True)
class Tau2ImportReport:
    """What was imported."""

    users: int
    payment_methods: int
    products: int
    variants: int
    orders: int

    def summary(self) -> str:
        """One line for the CLI."""
        return (
            f"imported {self.users} users ({self.payment_methods} payment methods), {self.products} products "
            f"({self.variants} variants), {self.orders} orders"
        )


def import_tau2_retail(engine: Engine, db: Mapping[str, Any], *, now: datetime) -> Tau2ImportReport:
    """Load a parsed db.json into an empty store, all in one transaction; `now` stamps the dates τ² lacks."""
    with Session(engine) as session, session.begin():
        taken = session.scalar(select(func.count()).select_from(CustomerRow)) or 0
        taken += session.scalar(select(func.count()).select_from(ProductRow)) or 0
        if taken:
            raise Tau2ImportError(
                "the store already holds customers or products; import τ²-bench retail into a new store "
                "(--store another name or an empty database)"
            )
        variants = _import_products(session, db["products"])
        customers, methods = _import_users(session, db["users"])
        orders = _import_orders(session, db["orders"], customers, methods, variants, now)
        return Tau2ImportReport(
            users=len(customers),
            payment_methods=len(methods),
            products=len(db["products"]),
            variants=len(variants),
            orders=orders,
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "product"


def _money(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Tau2FormatError(f"{where}: an amount must be a number, got {value!r}")
    return Decimal(str(value))


def _import_products(session: Session, products: Mapping[str, Any]) -> dict[str, VariantRow]:
    variants: dict[str, VariantRow] = {}
    for product_id, product in products.items():
        where = f"product {product_id}"
        name = str(field(product, "name", where))
        row = ProductRow(
            handle=f"{_slug(name)}-{product_id}",
            title=name,
            vertical="general",
            category=_slug(name).replace("-", "_"),
            external_id=str(product_id),
        )
        for item_id, variant in field(product, "variants", where).items():
            at = f"{where}, item {item_id}"
            options = dict(field(variant, "options", at))
            row.variants.append(
                VariantRow(
                    sku=str(item_id),
                    title=" / ".join(str(v) for v in options.values()),
                    options=options,
                    price=_money(field(variant, "price", at), at),
                    inventory=AVAILABLE_STOCK if field(variant, "available", at) else 0,
                    external_id=str(item_id),
                )
            )
            variants[str(item_id)] = row.variants[-1]
        session.add(row)
    session.flush()
    return variants


def _payment_method(customer: CustomerRow, method_id: str, method: Mapping[str, Any]) -> PaymentMethodRow:
    where = f"payment method {method_id}"
    source = str(field(method, "source", where))
    if source not in PAYMENT_KINDS:
        raise Tau2FormatError(f"{where}: unknown source {source!r} (credit_card, paypal or gift_card)")
    row = PaymentMethodRow(customer=customer, kind=PAYMENT_KINDS[source], external_id=method_id)
    if source == "credit_card":
        row.last4 = str(field(method, "last_four", where))
        row.label = f"{str(field(method, 'brand', where)).title()} ending {row.last4}"
    elif source == "gift_card":
        row.last4 = method_id[-4:]
        row.label = f"Gift card ending {row.last4}"
        row.balance = _money(field(method, "balance", where), where)
    else:
        row.label = "PayPal"
    return row


def _import_users(
    session: Session, users: Mapping[str, Any]
) -> tuple[dict[str, CustomerRow], dict[str, PaymentMethodRow]]:
    customers: dict[str, CustomerRow] = {}
    methods: dict[str, PaymentMethodRow] = {}
    for user_id, user in users.items():
        where = f"user {user_id}"
        name = field(user, "name", where)
        address = field(user, "address", where)
        customer = CustomerRow(
            email=str(field(user, "email", where)),
            first_name=str(field(name, "first_name", where)),
            last_name=str(field(name, "last_name", where)),
            external_id=str(user_id),
        )
        customer.addresses.append(
            AddressRow(
                is_default=True, **_address(address, f"{customer.first_name} {customer.last_name}", where)
            )
        )
        for method_id, method in field(user, "payment_methods", where).items():
            methods[str(method_id)] = _payment_method(customer, str(method_id), method)
        session.add(customer)
        customers[str(user_id)] = customer
    session.flush()
    return customers, methods


def _address(address: Mapping[str, Any], name: str, where: str) -> dict[str, Any]:
    line2 = str(field(address, "address2", where))
    return {
        "name": name,
        "line1": str(field(address, "address1", where)),
        "line2": line2 or None,
        "city": str(field(address, "city", where)),
        "region": str(field(address, "state", where)),
        "postal_code": str(field(address, "zip", where)),
        "country": country_in(str(field(address, "country", where))),
    }


def _order_number(order_id: str) -> int:
    digits = order_id.removeprefix("#").lstrip("W")
    if not digits.isdigit():
        raise Tau2FormatError(f"order {order_id}: an order id is '#W' and digits, such as #W2611340")
    return int(digits)


def _import_orders(
    session: Session,
    orders: Mapping[str, Any],
    customers: Mapping[str, CustomerRow],
    methods: Mapping[str, PaymentMethodRow],
    variants: Mapping[str, VariantRow],
    now: datetime,
) -> int:
    for order_id, order in orders.items():
        where = f"order {order_id}"
        status = str(field(order, "status", where))
        if status not in STATUS_IN:
            raise Tau2FormatError(f"{where}: unknown status {status!r}")
        customer = customers.get(str(field(order, "user_id", where)))
        if customer is None:
            raise Tau2FormatError(f"{where}: user {order['user_id']} is not in users")
        history = list(field(order, "payment_history", where))
        first = methods.get(str(history[0]["payment_method_id"])) if history else None
        items = list(field(order, "items", where))
        subtotal = sum((_money(field(i, "price", where), where) for i in items), Decimal("0"))
        row = OrderRow(
            number=_order_number(str(order_id)),
            external_id=str(order_id),
            customer_id=customer.id,
            status=STATUS_IN[status],
            placed_at=now,
            paid_at=now,
            cancelled_at=now if status == "cancelled" else None,
            subtotal=subtotal,
            shipping=Decimal("0"),
            tax=Decimal("0"),
            total=subtotal,
            shipping_address=_address(
                field(order, "address", where), f"{customer.first_name} {customer.last_name}", where
            ),
            payment_method_id=first.id if first is not None else None,
            details={},
        )
        session.add(row)
        session.flush()
        lines = _lines(session, row, items, variants, status, where)
        _shipments(session, row, lines, order, status, now, where)
        _payments(session, row, history, methods, first, now, where)
        _extras(session, row, order, lines, variants, methods, now, where)
    session.flush()
    return len(orders)


def _lines(
    session: Session,
    order: OrderRow,
    items: list[Any],
    variants: Mapping[str, VariantRow],
    status: str,
    where: str,
) -> list[OrderLineRow]:
    lines = []
    for item in items:
        variant = variants.get(str(field(item, "item_id", where)))
        if variant is None:
            raise Tau2FormatError(f"{where}: item {item['item_id']} is not a variant of any product")
        lines.append(
            OrderLineRow(
                order_id=order.id,
                product_id=variant.product_id,
                variant_id=variant.id,
                title=str(field(item, "name", where)),
                variant_title=variant.title,
                sku=variant.sku,
                quantity=1,
                unit_price=_money(field(item, "price", where), where),
                status="cancelled" if status == "cancelled" else "open",
            )
        )
    session.add_all(lines)
    session.flush()
    return lines


def _shipments(
    session: Session,
    order: OrderRow,
    lines: list[OrderLineRow],
    data: Mapping[str, Any],
    status: str,
    now: datetime,
    where: str,
) -> None:
    delivered = STATUS_IN[status] == "delivered"
    for fulfillment in field(data, "fulfillments", where):
        shipment = ShipmentRow(
            order_id=order.id,
            carrier="",
            tracking_number=" ".join(str(t) for t in field(fulfillment, "tracking_id", where)),
            tracking_url="",
            status="delivered" if delivered else "in_transit",
            shipped_at=now,
        )
        session.add(shipment)
        session.flush()
        for item_id in field(fulfillment, "item_ids", where):
            line = next((ln for ln in lines if ln.sku == str(item_id) and ln.shipment_id is None), None)
            if line is None:
                raise Tau2FormatError(f"{where}: fulfillment names item {item_id}, which the order lacks")
            line.shipment_id = shipment.id
            if line.status == "open":
                line.status = "fulfilled"


def _payments(
    session: Session,
    order: OrderRow,
    history: list[Any],
    methods: Mapping[str, PaymentMethodRow],
    first: PaymentMethodRow | None,
    now: datetime,
    where: str,
) -> None:
    for payment in history:
        kind = str(field(payment, "transaction_type", where))
        method = methods.get(str(field(payment, "payment_method_id", where)))
        if kind not in ("payment", "refund") or method is None:
            raise Tau2FormatError(
                f"{where}: a payment must be a payment or refund on one of the user's methods"
            )
        amount = _money(field(payment, "amount", where), where)
        refund_id = None
        if kind == "refund":
            refund = RefundRow(
                order_id=order.id,
                amount=amount,
                method="original_payment" if method is first else "payment_method",
                status="succeeded",
                created_at=now,
                reason="imported",
            )
            session.add(refund)
            session.flush()
            refund_id = refund.id
        session.add(
            PaymentTransactionRow(
                order_id=order.id,
                payment_method_id=method.id,
                kind="charge" if kind == "payment" else "refund",
                method="original_payment" if method is first else "payment_method",
                amount=amount,
                status="succeeded",
                created_at=now,
                refund_id=refund_id,
            )
        )


def _extras(
    session: Session,
    order: OrderRow,
    data: Mapping[str, Any],
    lines: list[OrderLineRow],
    variants: Mapping[str, VariantRow],
    methods: Mapping[str, PaymentMethodRow],
    now: datetime,
    where: str,
) -> None:
    """τ²'s optional fields, recorded the way shopcrew's own actions record them (so they export back)."""
    details: dict[str, Any] = {}
    if "cancel_reason" in data:
        reason = str(data["cancel_reason"])
        details["cancel_reason"] = CANCEL_REASONS.get(reason, reason)
    if data["status"] == "pending (item modified)":
        details["item_swaps"] = [{"imported": True}]
    for kind, items_key in (("return", "return_items"), ("exchange", "exchange_items")):
        if items_key not in data:
            continue
        picked: list[OrderLineRow] = []
        for item_id in data[items_key]:
            line = next((ln for ln in lines if ln.sku == str(item_id) and ln not in picked), None)
            if line is None:
                raise Tau2FormatError(f"{where}: {items_key} names item {item_id}, which the order lacks")
            picked.append(line)
        rma = f"RMA-{str(data['order_id']).lstrip('#')}-1"
        entries: list[dict[str, Any]] = [{"line_id": ln.id, "quantity": 1, "reason": kind} for ln in picked]
        if kind == "exchange":
            for entry, new_id in zip(entries, data.get("exchange_new_items", []), strict=False):
                entry["new_variant_id"] = variants[str(new_id)].id
        method_id = data.get(f"{kind}_payment_method_id")
        record: dict[str, Any] = {"rma": rma, "at": now.isoformat(), "items": entries}
        record["payment_method_id"] = method_id if method_id in methods else None
        record["settled"] = False
        if kind == "exchange":
            record["difference"] = str(_money(data.get("exchange_price_difference", 0), where))
        details["returns" if kind == "return" else "exchanges"] = [record]
        session.add(
            ReturnRow(
                order_id=order.id,
                rma=rma,
                status="requested",
                created_at=now,
                lines=entries,
                refund_method="exchange" if kind == "exchange" else "original_payment",
            )
        )
        if kind == "return":
            for line in picked:
                line.status = "returned"
    order.details = details or None
