"""Turn an order specification into a complete, internally consistent order.

Money rules (documented in docs/demo-store.md):
    subtotal = sum(unit_price x quantity)
    shipping = 14.95 express; otherwise free when subtotal - discount >= 75.00, else 6.95
    tax      = 8 % of (subtotal - discount), rounded half-up to the cent
    total    = subtotal + shipping + tax - discount
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from shopcrew.store.demo.after_sales import cancellation_refund, make_return, refund_for_lines
from shopcrew.store.demo.order_lines import LinePicker
from shopcrew.store.demo.places import REGION_OF_STATE
from shopcrew.store.demo.plans import (
    CustomerPlan,
    LinePlan,
    OrderPlan,
    ProductPlan,
    RefundPlan,
    ShipmentPlan,
    money,
)
from shopcrew.store.demo.shipping import delivered_shipment, moving_shipment

TAX_RATE = Decimal("0.08")
FREE_SHIPPING_FROM = Decimal("75.00")
STANDARD_SHIPPING = Decimal("6.95")
EXPRESS_SHIPPING = Decimal("14.95")
_LINE_COUNTS = ((1, 40), (2, 30), (3, 17), (4, 9), (5, 4))
_NOTES = (
    "Please leave the parcel at the side door.",
    "It's a gift, please don't include the receipt.",
    "Ring the bell, the dog will bark but is friendly.",
    "Deliver to the front desk if I'm out.",
)


@dataclass
class OrderSpec:
    """What an order should look like; `realize_order` fills in everything else."""

    customer: int
    status: str
    placed_at: datetime | None = None  # pending, paid, cancelled, or a delivered order dated forward
    delivered_on: date | None = None  # delivered, returned, refunded (worked out backwards)
    stage: str = "in_transit"  # shipment stage for shipped / partially_fulfilled
    eta_in_days: int | None = None
    picks: list[tuple[int, int, int]] = field(default_factory=list)  # (product, variant, quantity)
    carrier: str | None = None
    express: bool | None = None
    return_on: date | None = None
    return_status: str | None = None
    return_reason: str | None = None
    refund_without_return: bool = False
    paid: bool = True  # cancelled orders: was it paid before cancelling?
    split: bool = False  # shipped in two parcels


@dataclass(frozen=True)
class OrderContext:
    """What realising an order needs to know about the store."""

    products: list[ProductPlan]
    customers: list[CustomerPlan]
    picker: LinePicker
    cutoff: datetime


def _line_count(rng: random.Random, status: str) -> int:
    count = int(rng.choices([n for n, _ in _LINE_COUNTS], weights=[w for _, w in _LINE_COUNTS])[0])
    return max(count, 2) if status == "partially_fulfilled" else count


def _carrier(rng: random.Random, express: bool) -> str:
    if express:
        return rng.choice(("UPS", "FedEx"))
    return rng.choices(("USPS", "UPS", "FedEx"), weights=(45, 35, 20))[0]


def _price(
    lines: list[LinePlan], rng: random.Random, express: bool
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    subtotal = money(sum((line.amount for line in lines), Decimal("0")))
    discount = Decimal("0.00")
    roll = rng.random()
    if roll < 0.10:
        discount = money(subtotal * Decimal("0.10"))  # WELCOME10
    elif roll < 0.16 and subtotal >= Decimal("100"):
        discount = Decimal("15.00")  # TAKE15 on orders of $100+
    if express:
        shipping = EXPRESS_SHIPPING
    else:
        shipping = Decimal("0.00") if subtotal - discount >= FREE_SHIPPING_FROM else STANDARD_SHIPPING
    tax = money((subtotal - discount) * TAX_RATE)
    return subtotal, discount, shipping, tax


def realize_order(rng: random.Random, spec: OrderSpec, ctx: OrderContext) -> OrderPlan:
    """A complete order for `spec`; its number and RMA numbers are set later by `number_orders`."""
    customer = ctx.customers[spec.customer]
    address = (
        customer.addresses[0] if len(customer.addresses) == 1 or rng.random() < 0.8 else customer.addresses[1]
    )
    usable = [
        i for i, m in enumerate(customer.payment_methods) if m.kind != "gift_card" or (m.balance or 0) > 0
    ]
    payment_method = rng.choice(usable) if usable else None
    express = spec.express if spec.express is not None else rng.random() < 0.08
    carrier = spec.carrier or _carrier(rng, express)
    shipments, placed_at = _ship(rng, spec, ctx, carrier, address.region, address.city, express)
    status = spec.status
    placed_at = placed_at.replace(microsecond=0)

    if spec.picks:
        lines = [ctx.picker.line_for(product, variant, quantity) for product, variant, quantity in spec.picks]
    else:
        in_stock = status in ("pending", "paid", "partially_fulfilled", "shipped")
        wanted = _line_count(rng, status)
        lines = ctx.picker.pick(customer.profile, wanted, placed_at, in_stock=in_stock)
        for _ in range(50):
            if len(lines) >= (2 if status == "partially_fulfilled" else 1):
                break
            lines += ctx.picker.pick(customer.profile, 1, placed_at, in_stock=in_stock)
        else:
            raise RuntimeError(f"could not find products for a {status} order placed {placed_at}")
    subtotal, discount, shipping, tax = _price(lines, rng, express)
    order = OrderPlan(
        number=0,
        customer=spec.customer,
        status=status,
        placed_at=placed_at,
        paid_at=None,
        cancelled_at=None,
        delivered_at=None,
        subtotal=subtotal,
        shipping=shipping,
        tax=tax,
        discount=discount,
        total=subtotal + shipping + tax - discount,
        shipping_address=address.snapshot(),
        shipping_method="express" if express else "standard",
        payment_method=payment_method,
        note=rng.choice(_NOTES) if rng.random() < 0.05 else None,
        lines=lines,
        shipments=shipments,
    )
    if status != "pending" and not (status == "cancelled" and not spec.paid):
        order.paid_at = placed_at + timedelta(seconds=rng.randint(20, 300))
    _fulfil(rng, order, spec)
    _after_sales(rng, order, spec, ctx, customer)
    return order


def _ship(
    rng: random.Random, spec: OrderSpec, ctx: OrderContext, carrier: str, state: str, city: str, express: bool
) -> tuple[list[ShipmentPlan], datetime]:
    """The order's parcels and, worked back from them, when it was placed."""
    today = ctx.cutoff.date()
    shipments: list[ShipmentPlan] = []
    if spec.status in ("shipped", "partially_fulfilled"):
        stage = spec.stage
        if stage == "out_for_delivery" and REGION_OF_STATE[state] not in ("west", "mountain"):
            stage = "in_transit"  # at midnight UTC only western deliveries are still on the truck
        if stage == "delivered":
            days = spec.eta_in_days if spec.eta_in_days is not None else rng.randint(1, 2)
            on = today - timedelta(days=days)
            shipments.append(delivered_shipment(rng, carrier, city, state, on, express=express))
        else:
            shipments.append(
                moving_shipment(
                    rng,
                    carrier,
                    city,
                    state,
                    ctx.cutoff,
                    stage=stage,
                    express=express,
                    eta_in_days=spec.eta_in_days,
                )
            )
        if spec.split and spec.status == "shipped":
            second = moving_shipment(
                rng, carrier, city, state, ctx.cutoff, stage="label_created", express=express
            )
            shipments.append(second)
    elif spec.status in ("delivered", "returned", "refunded"):
        delivered_on = spec.delivered_on
        if delivered_on is None:
            if spec.placed_at is None:
                raise ValueError("a delivered order needs placed_at or delivered_on")
            delivered_on = spec.placed_at.date() + timedelta(days=5)
        shipments.append(delivered_shipment(rng, carrier, city, state, delivered_on, express=express))
        if spec.split:
            earlier = delivered_on - timedelta(days=1)
            shipments.append(delivered_shipment(rng, carrier, city, state, earlier, express=express))
    if spec.placed_at is not None:
        return shipments, spec.placed_at
    if not shipments:
        raise ValueError(f"a {spec.status} order needs placed_at")
    return shipments, min(s.shipped_at for s in shipments) - timedelta(hours=rng.uniform(6, 30))


def _fulfil(rng: random.Random, order: OrderPlan, spec: OrderSpec) -> None:
    status = order.status
    if status == "cancelled":
        order.cancelled_at = order.placed_at + timedelta(minutes=rng.randint(10, 20 * 60))
        for line in order.lines:
            line.status = "cancelled"
        if order.paid_at is not None:
            order.refunds.append(cancellation_refund(order, order.cancelled_at, rng.randint(1, 90)))
        return
    if status in ("pending", "paid"):
        return
    shipped_count = len(order.lines)
    if status == "partially_fulfilled":
        shipped_count = rng.randint(1, len(order.lines) - 1) if not spec.picks else 1
    elif len(order.shipments) == 2:
        shipped_count = max(1, len(order.lines) // 2)
    for index, line in enumerate(order.lines):
        if index < shipped_count:
            line.status, line.shipment = "fulfilled", 0
        elif status != "partially_fulfilled":
            line.status, line.shipment = "fulfilled", len(order.shipments) - 1
    if len(order.shipments) == 2 and all(line.shipment == 0 for line in order.lines):
        order.shipments.pop()  # a one-line order never needs a second parcel
    if status in ("delivered", "returned", "refunded"):
        order.delivered_at = max(s.delivered_at for s in order.shipments if s.delivered_at is not None)


def _after_sales(
    rng: random.Random, order: OrderPlan, spec: OrderSpec, ctx: OrderContext, customer: CustomerPlan
) -> None:
    if order.delivered_at is None:
        return
    if order.status == "returned":
        _open_return(rng, order, spec, ctx, order.delivered_at)
    elif order.status == "refunded":
        _refund(rng, order, spec, ctx, order.delivered_at, customer)


def _open_return(
    rng: random.Random, order: OrderPlan, spec: OrderSpec, ctx: OrderContext, delivered_at: datetime
) -> None:
    """An RMA still in progress: requested, label sent, or received with the refund pending."""
    delivered_on, today = delivered_at.date(), ctx.cutoff.date()
    latest = max(1, min(28, (today - delivered_on).days - 1))
    return_on = spec.return_on or delivered_on + timedelta(days=rng.randint(1, latest))
    age = (today - return_on).days
    status = spec.return_status or ("requested" if age <= 2 else "label_sent" if age <= 6 else "received")
    created = _moment(rng, return_on, delivered_at)
    rma = make_return(rng, order, ctx.products, created, status=status, forced_reason=spec.return_reason)
    if rma is None:
        order.status = "delivered"  # nothing returnable: the order simply stays delivered
        return
    order.returns.append(rma)
    for item in rma.lines:
        order.lines[item.line].status = "returned"
    if status == "received":
        order.refunds.append(
            RefundPlan(
                amount=refund_for_lines(order, [item.line for item in rma.lines]),
                method=rma.refund_method,
                status="pending",
                created_at=min(created + timedelta(days=rng.randint(3, 5)), ctx.cutoff - timedelta(hours=2)),
                reason="Return received; refund being processed",
            )
        )


def _refund(
    rng: random.Random,
    order: OrderPlan,
    spec: OrderSpec,
    ctx: OrderContext,
    delivered_at: datetime,
    customer: CustomerPlan,
) -> None:
    """A completed refund, after a return or (damaged on arrival) without one."""
    delivered_on, today = delivered_at.date(), ctx.cutoff.date()
    rma = None
    if not spec.refund_without_return:
        latest = max(1, min(20, (today - delivered_on).days - 13))
        return_on = spec.return_on or delivered_on + timedelta(days=rng.randint(1, latest))
        created = _moment(rng, return_on, delivered_at)
        rma = make_return(
            rng, order, ctx.products, created, status="refunded", forced_reason=spec.return_reason
        )
    if rma is not None:
        order.returns.append(rma)
        indexes = [item.line for item in rma.lines]
        refund_at = min(rma.created_at + timedelta(days=rng.randint(5, 12)), ctx.cutoff - timedelta(hours=3))
        method, reason = rma.refund_method, "Returned items received and inspected"
    else:
        # Damaged on arrival: refunded without asking for the item back (even final sale).
        indexes = [rng.randrange(len(order.lines))]
        refund_at = delivered_at + timedelta(days=rng.randint(1, 4), hours=rng.randint(1, 8))
        method, reason = "original_payment", "Arrived damaged; refunded without a return"
    amount = refund_for_lines(order, indexes)
    for index in indexes:
        order.lines[index].status = "refunded"
    order.refunds.append(
        RefundPlan(amount=amount, method=method, status="succeeded", created_at=refund_at, reason=reason)
    )
    if method == "store_credit":
        customer.store_credit += amount


def _moment(rng: random.Random, day: date, not_before: datetime) -> datetime:
    """A daytime moment on `day`, never before `not_before`."""
    moment = datetime(day.year, day.month, day.day, 14, tzinfo=not_before.tzinfo) + timedelta(
        minutes=rng.randint(0, 9 * 60)
    )
    return max(moment, not_before + timedelta(hours=1))
