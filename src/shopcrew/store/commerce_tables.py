"""Commerce tables: customers, addresses, payment methods, orders, shipments, returns, refunds, subscriptions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shopcrew.store.base import Base, utcnow

# Order states, in the order an order moves through them.
ORDER_STATUSES = (
    "pending",  # placed, payment not captured
    "paid",  # paid, nothing shipped yet
    "partially_fulfilled",  # some lines shipped
    "shipped",  # every open line shipped, in transit
    "delivered",
    "cancelled",
    "returned",
    "refunded",
)
LINE_STATUSES = ("open", "fulfilled", "cancelled", "returned", "refunded")
SUBSCRIPTION_STATUSES = ("active", "paused", "cancelled")


class CustomerRow(Base):
    """A shopper with an account."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    store_credit: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The id an imported store gave this customer (τ²-bench "user_id"); None for the store's own.
    external_id: Mapped[str | None] = mapped_column(String(100), nullable=True, unique=True, index=True)

    addresses: Mapped[list[AddressRow]] = relationship(back_populates="customer", order_by="AddressRow.id")
    payment_methods: Mapped[list[PaymentMethodRow]] = relationship(
        back_populates="customer", order_by="PaymentMethodRow.id"
    )


class AddressRow(Base):
    """A postal address of a customer."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str | None] = mapped_column(String(200), nullable=True)
    city: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(20), index=True)
    country: Mapped[str] = mapped_column(String(2), default="US")
    is_default: Mapped[bool] = mapped_column(default=False)

    customer: Mapped[CustomerRow] = relationship(back_populates="addresses")


class PaymentMethodRow(Base):
    """A stored payment method: card, PayPal or gift card (with balance)."""

    __tablename__ = "payment_methods"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # card | paypal | gift_card
    label: Mapped[str] = mapped_column(String(100))  # "Visa ending 4242", "PayPal j***@example.com"
    last4: Mapped[str | None] = mapped_column(String(4), nullable=True)
    balance: Mapped[Decimal | None] = mapped_column(nullable=True)
    external_id: Mapped[str | None] = mapped_column(String(100), nullable=True, unique=True, index=True)

    customer: Mapped[CustomerRow] = relationship(back_populates="payment_methods")


class OrderRow(Base):
    """An order; `number` is what shoppers see (#1042), `status` one of ORDER_STATUSES."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    number: Mapped[int] = mapped_column(unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    placed_at: Mapped[datetime]
    paid_at: Mapped[datetime | None] = mapped_column(nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    subtotal: Mapped[Decimal]
    shipping: Mapped[Decimal]
    tax: Mapped[Decimal]
    discount: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    total: Mapped[Decimal]
    # Snapshot of the address at order time: {"name", "line1", "line2", "city", "region", "postal_code", "country"}
    shipping_address: Mapped[dict[str, Any]]
    shipping_method: Mapped[str] = mapped_column(String(32), default="standard")
    payment_method_id: Mapped[int | None] = mapped_column(ForeignKey("payment_methods.id"), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    external_id: Mapped[str | None] = mapped_column(String(100), nullable=True, unique=True, index=True)
    # Extra facts an imported store or an action records (cancel_reason, exchange/return items, ...).
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    lines: Mapped[list[OrderLineRow]] = relationship(back_populates="order", order_by="OrderLineRow.id")
    shipments: Mapped[list[ShipmentRow]] = relationship(back_populates="order", order_by="ShipmentRow.id")
    returns: Mapped[list[ReturnRow]] = relationship(back_populates="order", order_by="ReturnRow.id")
    refunds: Mapped[list[RefundRow]] = relationship(back_populates="order", order_by="RefundRow.id")
    customer: Mapped[CustomerRow] = relationship()


class OrderLineRow(Base):
    """One line of an order, with a snapshot of what was bought."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id"))
    title: Mapped[str] = mapped_column(String(300))
    variant_title: Mapped[str] = mapped_column(String(200))
    sku: Mapped[str] = mapped_column(String(100))
    quantity: Mapped[int]
    unit_price: Mapped[Decimal]
    status: Mapped[str] = mapped_column(String(16), default="open")
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"), nullable=True)

    order: Mapped[OrderRow] = relationship(back_populates="lines")


class ShipmentRow(Base):
    """A fulfillment: a parcel with a carrier, a tracking number and its events."""

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    carrier: Mapped[str] = mapped_column(String(32))
    tracking_number: Mapped[str] = mapped_column(String(64), index=True)
    tracking_url: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(
        String(24)
    )  # label_created | in_transit | out_for_delivery | delivered
    shipped_at: Mapped[datetime]
    estimated_delivery: Mapped[date | None] = mapped_column(Date, nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(nullable=True)

    order: Mapped[OrderRow] = relationship(back_populates="shipments")
    events: Mapped[list[TrackingEventRow]] = relationship(
        back_populates="shipment", order_by="TrackingEventRow.happened_at"
    )


class TrackingEventRow(Base):
    """One carrier scan of a shipment."""

    __tablename__ = "tracking_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), index=True)
    happened_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(24))
    location: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(300))

    shipment: Mapped[ShipmentRow] = relationship(back_populates="events")


class ReturnRow(Base):
    """A return (RMA) of some lines of an order, with the shopper's reason per line."""

    __tablename__ = "returns"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    rma: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(24))  # requested | label_sent | received | refunded | rejected
    created_at: Mapped[datetime]
    # [{"line_id": 1, "quantity": 1, "reason": "too_small", "comment": "..."}]
    lines: Mapped[list[Any]] = mapped_column(default=list)
    refund_method: Mapped[str] = mapped_column(String(24))  # original_payment | store_credit

    order: Mapped[OrderRow] = relationship(back_populates="returns")


class RefundRow(Base):
    """Money sent back to the shopper."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    amount: Mapped[Decimal]
    method: Mapped[str] = mapped_column(String(24))  # original_payment | store_credit
    status: Mapped[str] = mapped_column(String(16))  # pending | succeeded | failed
    created_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(200), default="")

    order: Mapped[OrderRow] = relationship(back_populates="refunds")


class SubscriptionRow(Base):
    """A replenishment subscription of one variant."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id"))
    status: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[int] = mapped_column(default=1)
    price: Mapped[Decimal]
    frequency_days: Mapped[int]
    next_charge_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None] = mapped_column(nullable=True)

    __table_args__ = (Index("ix_subscriptions_status", "status"),)
