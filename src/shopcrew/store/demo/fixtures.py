"""Named fixtures a test suite and a demo script can rely on (see docs/demo-store.md).

Four customers come first (ids 1-4 on a fresh database), each with orders placed at
fixed distances from `today`, so that "delivered 5 days ago", "delivered 41 days ago"
or "return window closes tomorrow" hold whatever day the store is seeded.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from shopcrew.store.demo.catalog import find_variant, product_index
from shopcrew.store.demo.orders import OrderSpec
from shopcrew.store.demo.plans import (
    AddressPlan,
    CustomerPlan,
    PaymentMethodPlan,
    ProductPlan,
    ShopperProfile,
    SubscriptionPlan,
    money,
)

JANE = 0
JOHN = 1
PRIYA = 2
ANA = 3
ORDER_1042_NUMBER = 1042


def fixture_customers(cutoff: datetime) -> list[CustomerPlan]:
    """Jane Doe (Portland), John Smith (Austin), Priya Patel (Chicago) and Ana Garcia (San Diego)."""
    return [
        CustomerPlan(
            first_name="Jane",
            last_name="Doe",
            email="jane.doe@example.com",
            phone="+15035550142",
            addresses=[
                AddressPlan(
                    "Jane Doe", "742 SW Alder St", "Apt 5C", "Portland", "OR", "97205", is_default=True
                ),
                AddressPlan(
                    "Jane Doe", "1120 NW Couch St", "Suite 300", "Portland", "OR", "97209", is_default=False
                ),
            ],
            payment_methods=[
                PaymentMethodPlan(kind="card", label="Visa ending 4242", last4="4242"),
                PaymentMethodPlan(
                    kind="gift_card", label="Gift card ending 8812", last4="8812", balance=money("25.00")
                ),
            ],
            profile=ShopperProfile("women", "M", "8", "Standard", "28", (0.45, 0.35, 0.2)),
            created_at=cutoff - timedelta(days=400, hours=5),
            store_credit=money("15.00"),  # goodwill credit after a late parcel
        ),
        CustomerPlan(
            first_name="John",
            last_name="Smith",
            email="john.smith@example.com",
            phone="+15125550187",
            addresses=[
                AddressPlan("John Smith", "2201 S Lamar Blvd", None, "Austin", "TX", "78704", is_default=True)
            ],
            payment_methods=[
                PaymentMethodPlan(kind="card", label="Mastercard ending 5100", last4="5100"),
                PaymentMethodPlan(kind="paypal", label="PayPal j***@example.com"),
            ],
            profile=ShopperProfile("men", "L", "11", "Wide", "34", (0.15, 0.45, 0.4)),
            created_at=cutoff - timedelta(days=330, hours=2),
        ),
        CustomerPlan(
            first_name="Priya",
            last_name="Patel",
            email="priya.patel@example.com",
            phone="+13125550119",
            addresses=[
                AddressPlan(
                    "Priya Patel", "1850 N Clark St", "Apt 12B", "Chicago", "IL", "60614", is_default=True
                )
            ],
            payment_methods=[PaymentMethodPlan(kind="card", label="Amex ending 1005", last4="1005")],
            profile=ShopperProfile("women", "S", "7.5", "Standard", "27", (0.6, 0.3, 0.1)),
            created_at=cutoff - timedelta(days=200, hours=9),
        ),
        CustomerPlan(
            first_name="Ana",
            last_name="Garcia",
            email="ana.garcia@example.com",
            phone="+16195550123",
            addresses=[
                AddressPlan(
                    "Ana Garcia", "3012 Juniper St", None, "San Diego", "CA", "92104", is_default=True
                )
            ],
            payment_methods=[PaymentMethodPlan(kind="card", label="Visa ending 1881", last4="1881")],
            profile=ShopperProfile("women", "M", "7", "Standard", "28", (0.4, 0.3, 0.3)),
            created_at=cutoff - timedelta(days=300, hours=4),
        ),
    ]


def _pick(
    products: list[ProductPlan], handle: str, quantity: int = 1, **options: str
) -> tuple[int, int, int]:
    index = product_index(products, handle)
    return index, find_variant(products[index], options), quantity


def fixture_order_specs(products: list[ProductPlan], cutoff: datetime) -> list[OrderSpec]:
    """The fixture customers' orders, except #1042 (see `order_1042_spec`)."""
    today = cutoff.date()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def hours_ago(hours: float) -> datetime:
        return cutoff - timedelta(hours=hours)

    p = products
    return [
        # Jane: shipped by UPS, in transit, due in two days.
        OrderSpec(
            JANE,
            "shipped",
            stage="in_transit",
            eta_in_days=2,
            carrier="UPS",
            express=False,
            picks=[
                _pick(p, "northpeak-womens-trail-runner-gtx", size="8", width="Standard", colour="Slate"),
                _pick(p, "solstice-sun-care-sheer-mineral-sunscreen-spf-50", volume="50 ml"),
            ],
        ),
        # Jane: delivered 5 days ago (inside the 30-day window), with one final-sale dress.
        OrderSpec(
            JANE,
            "delivered",
            delivered_on=ago(5),
            carrier="USPS",
            express=False,
            picks=[
                _pick(p, "marlowe-and-finch-linen-wrap-midi-dress", size="M", colour="Sage"),
                _pick(p, "lumen-lab-15-percent-vitamin-c-ferulic-serum", volume="30 ml"),
                _pick(p, "marlowe-and-finch-puff-sleeve-poplin-mini-dress", size="M", colour="White"),
            ],
        ),
        # Jane: delivered 41 days ago (outside the window).
        OrderSpec(
            JANE,
            "delivered",
            delivered_on=ago(41),
            carrier="FedEx",
            express=False,
            picks=[
                _pick(p, "ambler-and-co-womens-cloudstep-walker", size="8", width="Wide", colour="White"),
                _pick(p, "calma-skin-gentle-milky-cleanser", volume="150 ml"),
            ],
        ),
        # Jane: paid yesterday, not shipped yet (still cancellable).
        OrderSpec(
            JANE,
            "paid",
            placed_at=hours_ago(20),
            express=False,
            picks=[
                _pick(p, "indigo-row-high-rise-skinny-jeans", size="28", colour="Dark Wash"),
                _pick(p, "calma-skin-daily-calm-moisturizer", volume="50 ml"),
            ],
        ),
        # Jane: an older dress returned as too small and refunded.
        OrderSpec(
            JANE,
            "refunded",
            delivered_on=ago(120),
            return_on=ago(112),
            return_reason="too_small",
            express=False,
            picks=[_pick(p, "marlowe-and-finch-ribbed-knit-midi-dress", size="S", colour="Camel")],
        ),
        # John: one line shipped (FedEx, in transit), the Trail Runner still to ship.
        OrderSpec(
            JOHN,
            "partially_fulfilled",
            stage="in_transit",
            eta_in_days=1,
            carrier="FedEx",
            express=False,
            picks=[
                _pick(p, "harbor-and-pine-oxford-button-down-shirt", size="L", colour="White"),
                _pick(p, "northpeak-mens-trail-runner-gtx", size="11", width="Wide", colour="Black"),
            ],
        ),
        # John: cancelled two months ago after paying, refunded in full.
        OrderSpec(
            JOHN,
            "cancelled",
            placed_at=cutoff - timedelta(days=60, hours=3),
            paid=True,
            express=False,
            picks=[_pick(p, "harbor-and-pine-stretch-chinos", size="L", colour="Navy")],
        ),
        # Priya: placed five hours ago, payment not captured yet.
        OrderSpec(
            PRIYA,
            "pending",
            placed_at=hours_ago(5),
            express=False,
            picks=[
                _pick(p, "calma-skin-redness-relief-serum", volume="30 ml"),
                _pick(p, "calma-skin-sensitive-mineral-spf-30", volume="50 ml"),
            ],
        ),
        # Priya: delivered 12 days ago, return opened 3 days ago (label sent), boots too large.
        OrderSpec(
            PRIYA,
            "returned",
            delivered_on=ago(12),
            return_on=ago(3),
            return_status="label_sent",
            return_reason="too_large",
            carrier="UPS",
            express=False,
            picks=[_pick(p, "cobble-lane-womens-chelsea-boot", size="7.5", width="Standard", colour="Black")],
        ),
        # Priya: delivered 29 days ago (the window closes tomorrow) and 31 days ago (just closed).
        OrderSpec(
            PRIYA,
            "delivered",
            delivered_on=ago(29),
            express=False,
            picks=[_pick(p, "aurelia-pleated-chiffon-maxi-dress", size="S", colour="Lilac")],
        ),
        OrderSpec(
            PRIYA,
            "delivered",
            delivered_on=ago(31),
            express=False,
            picks=[_pick(p, "kinetic-athletics-high-waist-training-leggings", size="S", colour="Black")],
        ),
        # Ana: a recent delivery besides #1042.
        OrderSpec(
            ANA,
            "delivered",
            delivered_on=ago(9),
            express=False,
            picks=[
                _pick(p, "tidewater-cotton-gauze-beach-dress", size="M", colour="Coral"),
                _pick(p, "solstice-sun-care-invisible-daily-gel-spf-40", volume="50 ml"),
            ],
        ),
        # Priya: shipped by USPS and delayed; its estimated delivery was yesterday.
        OrderSpec(
            PRIYA,
            "shipped",
            stage="delayed",
            carrier="USPS",
            express=False,
            picks=[_pick(p, "dewpoint-water-bank-gel-cream", volume="50 ml")],
        ),
    ]


def order_1042_spec(products: list[ProductPlan], placed_at: datetime) -> OrderSpec:
    """Order #1042: Ana Garcia's trail shoes and serum, delivered about eight months before `today`."""
    return OrderSpec(
        ANA,
        "delivered",
        placed_at=placed_at,
        carrier="UPS",
        express=False,
        picks=[
            _pick(products, "northpeak-womens-trail-runner-gtx", size="7", width="Standard", colour="Berry"),
            _pick(products, "lumen-lab-multi-weight-hyaluronic-serum", volume="30 ml"),
        ],
    )


def fixture_subscriptions(products: list[ProductPlan], cutoff: datetime) -> list[SubscriptionPlan]:
    """Jane's cleanser every 60 days (active) and her sunscreen (paused for three weeks)."""
    today = cutoff.date()
    cleanser = _pick(products, "calma-skin-gentle-milky-cleanser", volume="150 ml")
    sunscreen = _pick(products, "solstice-sun-care-sheer-mineral-sunscreen-spf-50", volume="50 ml")
    plans = []
    for (product, variant, _), status, frequency, next_on, paused, started in (
        (cleanser, "active", 60, today + timedelta(days=12), None, 150),
        (sunscreen, "paused", 45, today + timedelta(days=21), today + timedelta(days=21), 90),
    ):
        price = products[product].variants[variant].price * Decimal("0.90")
        plans.append(
            SubscriptionPlan(
                customer=JANE,
                product=product,
                variant=variant,
                status=status,
                quantity=1,
                price=money(price),
                frequency_days=frequency,
                next_charge_on=next_on,
                paused_until=paused,
                created_at=cutoff - timedelta(days=started, hours=7),
                cancelled_at=None,
            )
        )
    return plans
