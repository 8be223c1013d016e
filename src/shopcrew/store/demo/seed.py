"""Insert the demo store into empty tables with bulk Core inserts, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, insert, select

from shopcrew.store.catalog_tables import BrandRow, PolicyRow, ProductRow, SizeChartRow, VariantRow
from shopcrew.store.commerce_tables import (
    AddressRow,
    CustomerRow,
    OrderLineRow,
    OrderRow,
    PaymentMethodRow,
    RefundRow,
    ReturnRow,
    ShipmentRow,
    SubscriptionRow,
    TrackingEventRow,
)
from shopcrew.store.demo.blueprint import DemoBlueprint, build_blueprint

_GUARDED_TABLES: tuple[type[Any], ...] = (ProductRow, BrandRow, CustomerRow, OrderRow, PolicyRow)


class StoreNotEmptyError(RuntimeError):
    """Raised when seeding would mix the demo store into tables that already hold data."""


@dataclass(frozen=True)
class DemoStoreSummary:
    """How many rows the demo store put in each table."""

    brands: int
    size_charts: int
    products: int
    variants: int
    policies: int
    customers: int
    addresses: int
    payment_methods: int
    orders: int
    order_lines: int
    shipments: int
    tracking_events: int
    returns: int
    refunds: int
    subscriptions: int


def seed_demo_store(engine: Engine, *, seed: int = 7, today: date | None = None) -> DemoStoreSummary:
    """Fill empty tables with the demo store; the same (seed, today) always gives the same data.

    Raises StoreNotEmptyError if products, brands, customers, orders or policies exist.
    """
    with engine.begin() as conn:
        _refuse_unless_empty(conn)
        blueprint = build_blueprint(seed, today if today is not None else datetime.now(UTC).date())
        return _insert(conn, blueprint)


def _refuse_unless_empty(conn: Connection) -> None:
    for row_type in _GUARDED_TABLES:
        count = conn.execute(select(sa.func.count()).select_from(row_type)).scalar_one()
        if count:
            table = row_type.__tablename__
            raise StoreNotEmptyError(
                f"cannot seed the demo store: table {table!r} already has {count} rows; "
                "seed into a fresh database (the demo store never mixes with existing data)"
            )


def _insert_returning_ids(conn: Connection, row_type: type[Any], rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    statement = insert(row_type).returning(row_type.id, sort_by_parameter_order=True)
    return [int(value) for value in conn.execute(statement, rows).scalars()]


def _insert_rows(conn: Connection, row_type: type[Any], rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(row_type), rows)


def _insert(conn: Connection, plan: DemoBlueprint) -> DemoStoreSummary:
    catalog = plan.catalog
    _insert_rows(
        conn,
        BrandRow,
        [
            {
                "id": b.id,
                "name": b.name,
                "vertical": b.vertical,
                "fit_profile": b.fit_profile,
                "description": b.description,
            }
            for b in catalog.brands
        ],
    )
    _insert_rows(
        conn,
        SizeChartRow,
        [
            {"brand_id": c.brand_id, "category": c.category, "unit": c.unit, "rows": c.rows}
            for c in catalog.size_charts
        ],
    )
    product_ids = _insert_returning_ids(
        conn,
        ProductRow,
        [
            {
                "handle": p.handle,
                "title": p.title,
                "brand_id": p.brand_id,
                "vertical": p.vertical,
                "category": p.category,
                "description": p.description,
                "tags": p.tags,
                "attributes": p.attributes,
                "ingredients": p.ingredients,
                "status": p.status,
                "image_url": None,
                "created_at": p.created_at,
                "updated_at": p.created_at,
            }
            for p in catalog.products
        ],
    )
    variant_rows = [
        {
            "product_id": product_ids[p_index],
            "sku": v.sku,
            "title": v.title,
            "options": v.options,
            "price": v.price,
            "compare_at_price": v.compare_at_price,
            "inventory": v.inventory,
        }
        for p_index, product in enumerate(catalog.products)
        for v in product.variants
    ]
    flat_variant_ids = _insert_returning_ids(conn, VariantRow, variant_rows)
    variant_ids: list[list[int]] = []
    position = 0
    for product in catalog.products:
        variant_ids.append(flat_variant_ids[position : position + len(product.variants)])
        position += len(product.variants)
    policy_time = plan.cutoff.replace(hour=9) - timedelta(days=60)
    _insert_rows(
        conn,
        PolicyRow,
        [{"id": d.id, "title": d.title, "body": d.body, "updated_at": policy_time} for d in plan.policies],
    )
    customer_ids, method_ids, addresses = _insert_customers(conn, plan)
    counts = _insert_orders(conn, plan, product_ids, variant_ids, customer_ids, method_ids)
    _insert_rows(
        conn,
        SubscriptionRow,
        [
            {
                "customer_id": customer_ids[s.customer],
                "product_id": product_ids[s.product],
                "variant_id": variant_ids[s.product][s.variant],
                "status": s.status,
                "quantity": s.quantity,
                "price": s.price,
                "frequency_days": s.frequency_days,
                "next_charge_on": s.next_charge_on,
                "paused_until": s.paused_until,
                "created_at": s.created_at,
                "cancelled_at": s.cancelled_at,
            }
            for s in plan.subscriptions
        ],
    )
    return DemoStoreSummary(
        brands=len(catalog.brands),
        size_charts=len(catalog.size_charts),
        products=len(catalog.products),
        variants=len(flat_variant_ids),
        policies=len(plan.policies),
        customers=len(customer_ids),
        addresses=addresses,
        payment_methods=sum(len(ids) for ids in method_ids),
        orders=counts["orders"],
        order_lines=counts["order_lines"],
        shipments=counts["shipments"],
        tracking_events=counts["tracking_events"],
        returns=counts["returns"],
        refunds=counts["refunds"],
        subscriptions=len(plan.subscriptions),
    )


def _insert_customers(conn: Connection, plan: DemoBlueprint) -> tuple[list[int], list[list[int]], int]:
    customer_ids = _insert_returning_ids(
        conn,
        CustomerRow,
        [
            {
                "email": c.email,
                "first_name": c.first_name,
                "last_name": c.last_name,
                "phone": c.phone,
                "store_credit": c.store_credit,
                "created_at": c.created_at,
            }
            for c in plan.customers
        ],
    )
    address_rows = [
        {
            "customer_id": customer_ids[index],
            "name": a.name,
            "line1": a.line1,
            "line2": a.line2,
            "city": a.city,
            "region": a.region,
            "postal_code": a.postal_code,
            "country": a.country,
            "is_default": a.is_default,
        }
        for index, customer in enumerate(plan.customers)
        for a in customer.addresses
    ]
    _insert_rows(conn, AddressRow, address_rows)
    method_rows = [
        {
            "customer_id": customer_ids[index],
            "kind": m.kind,
            "label": m.label,
            "last4": m.last4,
            "balance": m.balance,
        }
        for index, customer in enumerate(plan.customers)
        for m in customer.payment_methods
    ]
    flat = _insert_returning_ids(conn, PaymentMethodRow, method_rows)
    method_ids: list[list[int]] = []
    position = 0
    for customer in plan.customers:
        method_ids.append(flat[position : position + len(customer.payment_methods)])
        position += len(customer.payment_methods)
    return customer_ids, method_ids, len(address_rows)


def _insert_orders(
    conn: Connection,
    plan: DemoBlueprint,
    product_ids: list[int],
    variant_ids: list[list[int]],
    customer_ids: list[int],
    method_ids: list[list[int]],
) -> dict[str, int]:
    orders = plan.orders
    order_ids = _insert_returning_ids(
        conn,
        OrderRow,
        [
            {
                "number": o.number,
                "customer_id": customer_ids[o.customer],
                "status": o.status,
                "placed_at": o.placed_at,
                "paid_at": o.paid_at,
                "cancelled_at": o.cancelled_at,
                "delivered_at": o.delivered_at,
                "currency": "USD",
                "subtotal": o.subtotal,
                "shipping": o.shipping,
                "tax": o.tax,
                "discount": o.discount,
                "total": o.total,
                "shipping_address": o.shipping_address,
                "shipping_method": o.shipping_method,
                "payment_method_id": None
                if o.payment_method is None
                else method_ids[o.customer][o.payment_method],
                "note": o.note,
            }
            for o in orders
        ],
    )
    shipment_rows = [
        {
            "order_id": order_ids[index],
            "carrier": s.carrier,
            "tracking_number": s.tracking_number,
            "tracking_url": s.tracking_url,
            "status": s.status,
            "shipped_at": s.shipped_at,
            "estimated_delivery": s.estimated_delivery,
            "delivered_at": s.delivered_at,
        }
        for index, order in enumerate(orders)
        for s in order.shipments
    ]
    flat_shipments = _insert_returning_ids(conn, ShipmentRow, shipment_rows)
    shipment_ids: list[list[int]] = []
    event_rows: list[dict[str, Any]] = []
    position = 0
    for order in orders:
        ids = flat_shipments[position : position + len(order.shipments)]
        position += len(order.shipments)
        shipment_ids.append(ids)
        for shipment_id, shipment in zip(ids, order.shipments, strict=True):
            event_rows.extend(
                {
                    "shipment_id": shipment_id,
                    "happened_at": e.happened_at,
                    "status": e.status,
                    "location": e.location,
                    "description": e.description,
                }
                for e in shipment.events
            )
    _insert_rows(conn, TrackingEventRow, event_rows)
    line_rows = [
        {
            "order_id": order_ids[index],
            "product_id": product_ids[line.product],
            "variant_id": variant_ids[line.product][line.variant],
            "title": line.title,
            "variant_title": line.variant_title,
            "sku": line.sku,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "status": line.status,
            "shipment_id": None if line.shipment is None else shipment_ids[index][line.shipment],
        }
        for index, order in enumerate(orders)
        for line in order.lines
    ]
    flat_lines = _insert_returning_ids(conn, OrderLineRow, line_rows)
    return_rows: list[dict[str, Any]] = []
    refund_rows: list[dict[str, Any]] = []
    position = 0
    for index, order in enumerate(orders):
        line_ids = flat_lines[position : position + len(order.lines)]
        position += len(order.lines)
        for rma in order.returns:
            return_rows.append(
                {
                    "order_id": order_ids[index],
                    "rma": rma.rma,
                    "status": rma.status,
                    "created_at": rma.created_at,
                    "lines": [
                        {
                            "line_id": line_ids[item.line],
                            "quantity": item.quantity,
                            "reason": item.reason,
                            "comment": item.comment,
                        }
                        for item in rma.lines
                    ],
                    "refund_method": rma.refund_method,
                }
            )
        refund_rows.extend(
            {
                "order_id": order_ids[index],
                "amount": r.amount,
                "method": r.method,
                "status": r.status,
                "created_at": r.created_at,
                "reason": r.reason,
            }
            for r in order.refunds
        )
    _insert_rows(conn, ReturnRow, return_rows)
    _insert_rows(conn, RefundRow, refund_rows)
    return {
        "orders": len(order_ids),
        "order_lines": len(flat_lines),
        "shipments": len(flat_shipments),
        "tracking_events": len(event_rows),
        "returns": len(return_rows),
        "refunds": len(refund_rows),
    }
