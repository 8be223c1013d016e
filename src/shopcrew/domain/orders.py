"""Customer and order records as agents see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class Address:
    """A postal address."""

    name: str
    line1: str
    line2: str | None
    city: str
    region: str
    postal_code: str
    country: str

    def one_line(self) -> str:
        """The address on one line, as a shopper would write it."""
        street = f"{self.line1}, {self.line2}" if self.line2 else self.line1
        return f"{street}, {self.city}, {self.region} {self.postal_code}"


@dataclass(frozen=True)
class Customer:
    """A shopper with an account."""

    id: int
    email: str
    first_name: str
    last_name: str
    phone: str | None
    postal_codes: tuple[str, ...]

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class TrackingEvent:
    """One carrier scan."""

    happened_at: datetime
    status: str
    location: str
    description: str


@dataclass(frozen=True)
class Shipment:
    """A parcel: carrier, tracking number, status and scans (oldest first)."""

    carrier: str
    tracking_number: str
    tracking_url: str
    status: str
    shipped_at: datetime
    estimated_delivery: date | None
    delivered_at: datetime | None
    events: tuple[TrackingEvent, ...]
    line_ids: tuple[int, ...]


@dataclass(frozen=True)
class OrderLine:
    """One line of an order."""

    id: int
    product_id: int
    variant_id: int
    title: str
    variant_title: str
    quantity: int
    unit_price: Decimal
    status: str


@dataclass(frozen=True)
class Order:
    """An order with its lines and shipments; `number` is what the shopper sees."""

    id: int
    number: int
    customer_id: int
    status: str
    placed_at: datetime
    delivered_at: datetime | None
    cancelled_at: datetime | None
    total: Decimal
    currency: str
    shipping_address: Address
    lines: tuple[OrderLine, ...]
    shipments: tuple[Shipment, ...]
    refunded_amount: Decimal
    # The store's own name for the order when it isn't "#<number>" ("#W2611340" in an imported
    # τ²-bench store, "NW1001" on a Shopify shop with a prefix); None when "#<number>" is the name.
    name: str | None = None

    @property
    def label(self) -> str:
        """How the shopper knows the order: its own name, else "#1042"."""
        return self.name or f"#{self.number}"


@dataclass(frozen=True)
class Subscription:
    """A replenishment subscription."""

    id: int
    product_id: int
    title: str
    variant_title: str
    status: str
    quantity: int
    price: Decimal
    frequency_days: int
    next_charge_on: date | None
    paused_until: date | None
