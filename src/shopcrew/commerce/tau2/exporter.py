"""`shopcrew export tau2-retail`: the store written back in τ²-bench's db.json format.

Same ids, field names and key order as τ²-bench; what shopcrew's actions did shows the way τ²'s own
tools would have recorded it: statuses ("pending (item modified)", "return requested", "exchange
requested"), `cancel_reason`, `return_items`/`exchange_items` (sorted), the payment method named for
the refund or price difference, payment history entries and gift-card balances.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select, true
from sqlalchemy.orm import Session, selectinload

from shopcrew.commerce.order_actions.common import ZERO
from shopcrew.commerce.tau2.format import AVAILABLE_THRESHOLD, PAYMENT_SOURCES, country_out
from shopcrew.store.action_tables import PaymentTransactionRow
from shopcrew.store.catalog_tables import ProductRow, VariantRow
from shopcrew.store.commerce_tables import AddressRow, CustomerRow, OrderRow, PaymentMethodRow


def export_tau2_retail(engine: Engine, *, users: Collection[str] | None = None) -> dict[str, Any]:
    """The store as a τ²-bench retail db.json document; with `users`, only those users and their orders."""
    with Session(engine) as session:
        variants = {v.id: v for v in session.scalars(select(VariantRow))}
        products = {p.id: p for p in session.scalars(select(ProductRow).order_by(ProductRow.id))}
        methods = {m.id: m for m in session.scalars(select(PaymentMethodRow))}
        customers = list(
            session.scalars(
                select(CustomerRow)
                .where(CustomerRow.external_id.in_(users) if users is not None else true())
                .order_by(CustomerRow.id)
                .options(selectinload(CustomerRow.addresses))
            )
        )
        wanted = {c.id for c in customers}
        orders = list(
            session.scalars(
                select(OrderRow)
                .where(OrderRow.customer_id.in_(wanted) if users is not None else true())
                .order_by(OrderRow.id)
                .options(selectinload(OrderRow.lines), selectinload(OrderRow.shipments))
            )
        )
        payments: dict[int, list[PaymentTransactionRow]] = defaultdict(list)
        order_ids = [o.id for o in orders]
        query = select(PaymentTransactionRow).order_by(PaymentTransactionRow.id)
        if users is not None:
            query = query.where(PaymentTransactionRow.order_id.in_(order_ids))
        for tx in session.scalars(query):
            payments[tx.order_id].append(tx)
        by_customer: dict[int, list[str]] = defaultdict(list)
        for order in orders:
            by_customer[order.customer_id].append(_order_id(order))
        user_ids = {c.id: c.external_id or str(c.id) for c in customers}
        return {
            "products": {
                _ext(p.external_id, p.id): _product(p, [v for v in variants.values() if v.product_id == p.id])
                for p in products.values()
            },
            "users": {
                user_ids[c.id]: _user(c, user_ids[c.id], methods, by_customer[c.id]) for c in customers
            },
            "orders": {
                _order_id(o): _order(o, user_ids[o.customer_id], variants, products, methods, payments[o.id])
                for o in orders
            },
        }


def _ext(external_id: str | None, own_id: int) -> str:
    return external_id or str(own_id)


def _amount(value: Decimal) -> float:
    # τ² writes amounts as JSON numbers; a float of the cent amount prints as τ² wrote it (50.1, 51.0).
    return float(value)


def _order_id(order: OrderRow) -> str:
    return order.external_id or f"#{order.number}"


def _product(product: ProductRow, variants: list[VariantRow]) -> dict[str, Any]:
    return {
        "name": product.title,
        "product_id": _ext(product.external_id, product.id),
        "variants": {
            _ext(v.external_id, v.id): {
                "item_id": _ext(v.external_id, v.id),
                "options": dict(v.options),
                "available": v.inventory >= AVAILABLE_THRESHOLD,
                "price": _amount(v.price),
            }
            for v in sorted(variants, key=lambda v: v.id)
        },
    }


def _address(address: AddressRow | dict[str, Any] | None) -> dict[str, Any]:
    if address is None:
        fields: dict[str, Any] = {}
    elif isinstance(address, dict):
        fields = address
    else:
        fields = {
            k: getattr(address, k) for k in ("line1", "line2", "city", "region", "postal_code", "country")
        }
    return {
        "address1": fields.get("line1") or "",
        "address2": fields.get("line2") or "",
        "city": fields.get("city") or "",
        "country": country_out(fields.get("country") or ""),
        "state": fields.get("region") or "",
        "zip": fields.get("postal_code") or "",
    }


def _method(method: PaymentMethodRow) -> dict[str, Any]:
    method_id = _ext(method.external_id, method.id)
    record: dict[str, Any] = {"source": PAYMENT_SOURCES.get(method.kind, method.kind), "id": method_id}
    if method.kind == "card":
        record["brand"] = method.label.split(" ", 1)[0].lower()
        record["last_four"] = method.last4 or ""
    elif method.kind == "gift_card":
        record["balance"] = _amount(method.balance or ZERO)
    return record


def _user(
    customer: CustomerRow, user_id: str, methods: dict[int, PaymentMethodRow], orders: list[str]
) -> dict[str, Any]:
    default = next((a for a in customer.addresses if a.is_default), None) or (
        customer.addresses[0] if customer.addresses else None
    )
    own = sorted((m for m in methods.values() if m.customer_id == customer.id), key=lambda m: m.id)
    return {
        "user_id": user_id,
        "name": {"first_name": customer.first_name, "last_name": customer.last_name},
        "address": _address(default),
        "email": customer.email,
        "payment_methods": {_ext(m.external_id, m.id): _method(m) for m in own},
        "orders": orders,
    }


def _status(order: OrderRow) -> str:
    details = order.details or {}
    if order.status == "cancelled":
        return "cancelled"
    if details.get("exchanges"):
        return "exchange requested"
    if details.get("returns"):
        return "return requested"
    if order.status in ("pending", "paid"):
        return "pending (item modified)" if details.get("item_swaps") else "pending"
    if order.status in ("shipped", "partially_fulfilled"):
        return "processed"
    return "delivered"


def _order(
    order: OrderRow,
    user_id: str,
    variants: dict[int, VariantRow],
    products: dict[int, ProductRow],
    methods: dict[int, PaymentMethodRow],
    payments: list[PaymentTransactionRow],
) -> dict[str, Any]:
    def item_id(variant_id: int) -> str:
        return _ext(variants[variant_id].external_id, variant_id)

    items = []
    for line in sorted(order.lines, key=lambda ln: ln.id):
        variant = variants[line.variant_id]
        product = products[line.product_id]
        for _ in range(line.quantity):
            items.append(
                {
                    "name": line.title,
                    "product_id": _ext(product.external_id, product.id),
                    "item_id": item_id(line.variant_id),
                    "price": _amount(line.unit_price),
                    "options": dict(variant.options),
                }
            )
    record: dict[str, Any] = {
        "order_id": _order_id(order),
        "user_id": user_id,
        "address": _address(dict(order.shipping_address or {})),
        "items": items,
        "status": _status(order),
        "fulfillments": [
            {
                "tracking_id": shipment.tracking_number.split(),
                "item_ids": [
                    item_id(ln.variant_id)
                    for ln in sorted(order.lines, key=lambda ln: ln.id)
                    if ln.shipment_id == shipment.id
                    for _ in range(ln.quantity)
                ],
            }
            for shipment in sorted(order.shipments, key=lambda s: s.id)
        ],
        "payment_history": [
            {
                "transaction_type": "payment" if tx.kind == "charge" else "refund",
                "amount": _amount(tx.amount),
                "payment_method_id": _ext(methods[tx.payment_method_id].external_id, tx.payment_method_id)
                if tx.payment_method_id is not None
                else "store_credit",
            }
            for tx in payments
            if tx.status != "failed"
        ],
    }
    record.update(_extras(order, item_id))
    return record


def _extras(order: OrderRow, item_id: Any) -> dict[str, Any]:
    """τ²'s optional order fields, in the order its Order model lists them."""
    details = order.details or {}
    lines = {ln.id: ln for ln in order.lines}
    extras: dict[str, Any] = {}
    if details.get("cancel_reason") and order.status == "cancelled":
        extras["cancel_reason"] = str(details["cancel_reason"]).replace("_", " ")
    if details.get("exchanges"):
        last = details["exchanges"][-1]
        entries = last.get("items", [])
        extras["exchange_items"] = sorted(
            item_id(lines[e["line_id"]].variant_id) for e in entries for _ in range(int(e.get("quantity", 1)))
        )
        extras["exchange_new_items"] = sorted(
            item_id(e["new_variant_id"]) for e in entries for _ in range(int(e.get("quantity", 1)))
        )
        extras["exchange_payment_method_id"] = last.get("payment_method_id")
        extras["exchange_price_difference"] = _amount(Decimal(str(last.get("difference", "0"))))
    if details.get("returns"):
        last = details["returns"][-1]
        entries = last.get("items", [])
        extras["return_items"] = sorted(
            item_id(lines[e["line_id"]].variant_id) for e in entries for _ in range(int(e.get("quantity", 1)))
        )
        extras["return_payment_method_id"] = last.get("payment_method_id")
    return extras
