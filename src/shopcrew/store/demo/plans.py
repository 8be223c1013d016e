"""In-memory plans of demo rows, built before anything touches the database.

Generators return these plain dataclasses; `seed.py` turns them into bulk inserts.
Keeping generation apart from insertion makes the data testable without a database
and lets one transaction insert everything in dependency order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")


def money(value: Decimal | str | int) -> Decimal:
    """A Decimal rounded half-up to cents."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def slugify(text: str) -> str:
    """A lowercase ASCII URL slug: "Men's Trail Runner GTX" -> "mens-trail-runner-gtx"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("'", "").replace("%", "-percent").replace("&", "and")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def split_list(cell: str, sep: str = ";") -> list[str]:
    """Split a table cell into trimmed items; "-" or "" means an empty list."""
    cell = cell.strip()
    if cell in ("", "-"):
        return []
    return [item.strip() for item in cell.split(sep) if item.strip()]


def table_rows(table: str, columns: int) -> list[list[str]]:
    """Parse a pipe-separated text table (blank lines and `#` comments skipped)."""
    rows: list[list[str]] = []
    for raw in table.strip().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) != columns:
            raise ValueError(f"expected {columns} cells, got {len(cells)}: {line!r}")
        rows.append(cells)
    return rows


@dataclass(frozen=True)
class BrandPlan:
    """A brand row plus the SKU prefix its products use."""

    id: str
    name: str
    vertical: str
    code: str
    description: str
    fit_profile: dict[str, str]
    cruelty_free: bool = True


@dataclass(frozen=True)
class SizeChartPlan:
    """One brand's size chart for one category."""

    brand_id: str
    category: str
    rows: list[dict[str, Any]]
    unit: str = "cm"


@dataclass
class VariantPlan:
    """A purchasable variant of a product."""

    sku: str
    title: str
    options: dict[str, str]
    price: Decimal
    inventory: int
    compare_at_price: Decimal | None = None


@dataclass
class ProductPlan:
    """A product with its variants; `attributes` follow docs/demo-store.md per vertical."""

    handle: str
    title: str
    brand_id: str
    vertical: str
    category: str
    description: str
    tags: list[str]
    attributes: dict[str, Any]
    variants: list[VariantPlan]
    created_at: datetime
    ingredients: str | None = None
    status: str = "active"

    @property
    def final_sale(self) -> bool:
        """Final-sale items cannot be returned or exchanged."""
        return "final-sale" in self.tags


@dataclass(frozen=True)
class Catalog:
    """Everything the catalog side of the demo store holds."""

    brands: list[BrandPlan]
    size_charts: list[SizeChartPlan]
    products: list[ProductPlan]


@dataclass
class AddressPlan:
    """A postal address; also snapshotted onto orders."""

    name: str
    line1: str
    line2: str | None
    city: str
    region: str
    postal_code: str
    is_default: bool
    country: str = "US"

    def snapshot(self) -> dict[str, Any]:
        """The dict stored in `orders.shipping_address`."""
        return {
            "name": self.name,
            "line1": self.line1,
            "line2": self.line2,
            "city": self.city,
            "region": self.region,
            "postal_code": self.postal_code,
            "country": self.country,
        }


@dataclass
class PaymentMethodPlan:
    """A stored card, PayPal account or gift card."""

    kind: str
    label: str
    last4: str | None = None
    balance: Decimal | None = None


@dataclass
class ShopperProfile:
    """What a generated shopper tends to buy and in which sizes (drives orders and returns)."""

    wears: str  # women | men
    apparel_size: str
    shoe_size: str
    shoe_width: str
    jeans_waist: str
    vertical_weights: tuple[float, float, float]  # beauty, apparel, footwear


@dataclass
class CustomerPlan:
    """A customer with addresses, payment methods and a shopping profile."""

    first_name: str
    last_name: str
    email: str
    phone: str | None
    addresses: list[AddressPlan]
    payment_methods: list[PaymentMethodPlan]
    profile: ShopperProfile
    created_at: datetime
    store_credit: Decimal = field(default_factory=lambda: Decimal("0.00"))


@dataclass(frozen=True)
class EventPlan:
    """One carrier scan."""

    happened_at: datetime
    status: str
    location: str
    description: str


@dataclass
class ShipmentPlan:
    """A parcel and its tracking history."""

    carrier: str
    tracking_number: str
    tracking_url: str
    status: str
    shipped_at: datetime
    estimated_delivery: date | None
    delivered_at: datetime | None
    events: list[EventPlan]


@dataclass
class LinePlan:
    """An order line; `product`/`variant` index into the catalog, `shipment` into the order's shipments."""

    product: int
    variant: int
    title: str
    variant_title: str
    sku: str
    quantity: int
    unit_price: Decimal
    status: str = "open"
    shipment: int | None = None
    # Why this line might come back: "small"/"large" when the size bought runs against the
    # brand's fit (or the shopper's width), "none" otherwise. Not stored; drives return reasons.
    fit_risk: str = "none"

    @property
    def amount(self) -> Decimal:
        """unit price x quantity."""
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class ReturnLinePlan:
    """One returned line: `line` indexes the order's lines."""

    line: int
    quantity: int
    reason: str
    comment: str


@dataclass
class ReturnPlan:
    """An RMA."""

    rma: str
    status: str
    created_at: datetime
    lines: list[ReturnLinePlan]
    refund_method: str


@dataclass(frozen=True)
class RefundPlan:
    """Money sent back."""

    amount: Decimal
    method: str
    status: str
    created_at: datetime
    reason: str


@dataclass
class OrderPlan:
    """A fully realised order with lines, shipments, returns and refunds."""

    number: int
    customer: int
    status: str
    placed_at: datetime
    paid_at: datetime | None
    cancelled_at: datetime | None
    delivered_at: datetime | None
    subtotal: Decimal
    shipping: Decimal
    tax: Decimal
    discount: Decimal
    total: Decimal
    shipping_address: dict[str, Any]
    shipping_method: str
    payment_method: int | None  # index into the customer's payment methods
    note: str | None
    lines: list[LinePlan]
    shipments: list[ShipmentPlan] = field(default_factory=list)
    returns: list[ReturnPlan] = field(default_factory=list)
    refunds: list[RefundPlan] = field(default_factory=list)


@dataclass(frozen=True)
class SubscriptionPlan:
    """A replenishment subscription of one beauty variant."""

    customer: int
    product: int
    variant: int
    status: str
    quantity: int
    price: Decimal
    frequency_days: int
    next_charge_on: date | None
    paused_until: date | None
    created_at: datetime
    cancelled_at: datetime | None
