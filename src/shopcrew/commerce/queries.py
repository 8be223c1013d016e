"""Read-only lookups of customers, orders and subscriptions in the embedded store."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from shopcrew.domain.orders import (
    Address,
    Customer,
    Order,
    OrderLine,
    Shipment,
    Subscription,
    TrackingEvent,
)
from shopcrew.store.catalog_tables import ProductRow, VariantRow
from shopcrew.store.commerce_tables import (
    AddressRow,
    CustomerRow,
    OrderLineRow,
    OrderRow,
    ShipmentRow,
    SubscriptionRow,
)


def _customer(row: CustomerRow) -> Customer:
    return Customer(
        id=row.id,
        email=row.email,
        first_name=row.first_name,
        last_name=row.last_name,
        phone=row.phone,
        postal_codes=tuple(a.postal_code for a in row.addresses),
    )


def customer_by_id(session: Session, customer_id: int) -> Customer | None:
    """A customer by account id."""
    row = session.get(CustomerRow, customer_id, options=[selectinload(CustomerRow.addresses)])
    return _customer(row) if row else None


def customer_by_email(session: Session, email: str) -> Customer | None:
    """A customer by email, case-insensitively."""
    row = session.scalar(
        select(CustomerRow)
        .where(func.lower(CustomerRow.email) == email.strip().lower())
        .options(selectinload(CustomerRow.addresses))
    )
    return _customer(row) if row else None


def customer_by_phone(session: Session, phone: str) -> Customer | None:
    """A customer by phone number (E.164, or digits that end the same way)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 7:
        return None
    rows = session.scalars(
        select(CustomerRow).where(CustomerRow.phone.is_not(None)).options(selectinload(CustomerRow.addresses))
    )
    for row in rows:
        stored = "".join(ch for ch in row.phone or "" if ch.isdigit())
        if stored and (stored.endswith(digits) or digits.endswith(stored)):
            return _customer(row)
    return None


def customers_by_name_and_zip(session: Session, name: str, postal_code: str) -> list[Customer]:
    """Customers whose full name matches and who have an address (or an order) at that ZIP."""
    parts = name.strip().split()
    if len(parts) < 2:
        return []
    first, last = parts[0].lower(), parts[-1].lower()
    zip5 = postal_code.strip()[:5]
    by_address = select(AddressRow.customer_id).where(func.substr(AddressRow.postal_code, 1, 5) == zip5)
    rows = session.scalars(
        select(CustomerRow)
        .where(func.lower(CustomerRow.first_name) == first, func.lower(CustomerRow.last_name) == last)
        .where(CustomerRow.id.in_(by_address))
        .options(selectinload(CustomerRow.addresses))
    )
    return [_customer(row) for row in rows]


def _order_options() -> Sequence[ExecutableOption]:
    return (
        selectinload(OrderRow.lines),
        selectinload(OrderRow.shipments).selectinload(ShipmentRow.events),
        selectinload(OrderRow.refunds),
    )


def _order(row: OrderRow) -> Order:
    address = row.shipping_address or {}
    return Order(
        id=row.id,
        number=row.number,
        customer_id=row.customer_id,
        status=row.status,
        placed_at=row.placed_at,
        delivered_at=row.delivered_at,
        cancelled_at=row.cancelled_at,
        total=row.total,
        currency=row.currency,
        shipping_address=Address(
            name=str(address.get("name", "")),
            line1=str(address.get("line1", "")),
            line2=address.get("line2"),
            city=str(address.get("city", "")),
            region=str(address.get("region", "")),
            postal_code=str(address.get("postal_code", "")),
            country=str(address.get("country", "US")),
        ),
        lines=tuple(_line(line) for line in row.lines),
        shipments=tuple(
            Shipment(
                carrier=s.carrier,
                tracking_number=s.tracking_number,
                tracking_url=s.tracking_url,
                status=s.status,
                shipped_at=s.shipped_at,
                estimated_delivery=s.estimated_delivery,
                delivered_at=s.delivered_at,
                events=tuple(
                    TrackingEvent(e.happened_at, e.status, e.location, e.description) for e in s.events
                ),
                line_ids=tuple(line.id for line in row.lines if line.shipment_id == s.id),
            )
            for s in row.shipments
        ),
        refunded_amount=sum((r.amount for r in row.refunds if r.status != "failed"), Decimal("0.00")),
        name=row.external_id,
    )


def _line(row: OrderLineRow) -> OrderLine:
    return OrderLine(
        id=row.id,
        product_id=row.product_id,
        variant_id=row.variant_id,
        title=row.title,
        variant_title=row.variant_title,
        quantity=row.quantity,
        unit_price=row.unit_price,
        status=row.status,
    )


def order_by_number(session: Session, number: int) -> Order | None:
    """An order by the number shoppers see. Callers must check ownership before showing it."""
    row = session.scalar(select(OrderRow).where(OrderRow.number == number).options(*_order_options()))
    return _order(row) if row else None


def orders_for_customer(session: Session, customer_id: int, *, limit: int = 10) -> list[Order]:
    """A customer's most recent orders, newest first."""
    rows = session.scalars(
        select(OrderRow)
        .where(OrderRow.customer_id == customer_id)
        .order_by(OrderRow.placed_at.desc())
        .limit(limit)
        .options(*_order_options())
    )
    return [_order(row) for row in rows]


def subscriptions_for_customer(session: Session, customer_id: int) -> list[Subscription]:
    """A customer's subscriptions with product and variant names."""
    rows = session.execute(
        select(SubscriptionRow, ProductRow.title, VariantRow.title)
        .join(ProductRow, ProductRow.id == SubscriptionRow.product_id)
        .join(VariantRow, VariantRow.id == SubscriptionRow.variant_id)
        .where(SubscriptionRow.customer_id == customer_id)
        .order_by(SubscriptionRow.id)
    )
    return [
        Subscription(
            id=sub.id,
            product_id=sub.product_id,
            title=title,
            variant_title=variant_title,
            status=sub.status,
            quantity=sub.quantity,
            price=sub.price,
            frequency_days=sub.frequency_days,
            next_charge_on=sub.next_charge_on,
            paused_until=sub.paused_until,
        )
        for sub, title, variant_title in rows
    ]
