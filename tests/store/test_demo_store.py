"""The demo store: rich enough for every agent, internally consistent, deterministic."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from shopcrew.store.demo import DemoStoreSummary, StoreNotEmptyError, seed_demo_store
from shopcrew.store.tables import (
    CustomerRow,
    OrderLineRow,
    OrderRow,
    PolicyRow,
    ProductRow,
    RefundRow,
    ReturnRow,
    ShipmentRow,
    SizeChartRow,
    SubscriptionRow,
    VariantRow,
    metadata,
)

TODAY = date(2026, 3, 2)
CUTOFF = datetime(2026, 3, 2, tzinfo=UTC)
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEMO_TABLES = [
    t
    for t in metadata.sorted_tables
    if t.name
    not in (
        "conversations",
        "messages",
        "turns",
        "model_calls",
        "recommendation_events",
        # Written by order actions (docs/order-actions.md), never by the demo seed.
        "order_action_audit",
        "idempotency_keys",
        "payment_transactions",
        # Written by helpdesk handoffs (docs/helpdesk.md), never by the demo seed.
        "helpdesk_outbox",
        "helpdesk_inbound",
        # Written from conversations (orchestrator/profiles.py), never by the demo seed.
        "customer_profiles",
        # Written by the staff inbox (docs/staff-inbox.md), never by the demo seed.
        "staff_accounts",
        "staff_tokens",
        "staff_notes",
        "staff_actions",
        "staff_sign_in_failures",
    )
]

# Perfume and essential oils, listed independently of the generator's own list.
FRAGRANCE_MARKERS = (
    "parfum",
    "fragrance",
    "lavender",
    "peppermint",
    "orange) peel oil",
    "rosa damascena flower oil",
    "eucalyptus",
    "flower oil",
    "tea tree",
    "ylang",
)
IRRITANTS = ("alcohol denat.", "menthol", "witch hazel")


def _seeded_sqlite(seed: int = 7, today: date = TODAY) -> tuple[sa.Engine, DemoStoreSummary]:
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    return engine, seed_demo_store(engine, seed=seed, today=today)


@pytest.fixture(scope="module")
def seeded() -> Iterator[tuple[sa.Engine, DemoStoreSummary]]:
    engine, summary = _seeded_sqlite()
    yield engine, summary
    engine.dispose()


@pytest.fixture()
def session(seeded: tuple[sa.Engine, DemoStoreSummary]) -> Iterator[Session]:
    with Session(seeded[0]) as session:
        yield session


def _dump(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            table.name: [
                tuple(row) for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in DEMO_TABLES
        }


def _orders(session: Session, status: str) -> list[OrderRow]:
    return list(session.scalars(sa.select(OrderRow).where(OrderRow.status == status)))


def _customer(session: Session, email: str) -> CustomerRow:
    return session.scalars(sa.select(CustomerRow).where(CustomerRow.email == email)).one()


def test_counts_meet_the_minimums_and_match_the_summary(seeded: tuple[sa.Engine, DemoStoreSummary]) -> None:
    engine, summary = seeded
    assert summary.products >= 300 and summary.customers >= 200 and summary.orders >= 1000
    assert summary.brands >= 25 and summary.policies == 8 and summary.subscriptions > 50
    with engine.connect() as conn:
        for table in DEMO_TABLES:
            expected = getattr(summary, table.name)
            assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == expected, (
                table.name
            )
    with Session(engine) as session:
        verticals = Counter(session.scalars(sa.select(ProductRow.vertical)))
    assert verticals["beauty"] >= 100 and verticals["apparel"] >= 100 and verticals["footwear"] >= 85


def test_order_numbers_start_at_1001_and_are_consecutive(session: Session) -> None:
    numbers = list(session.scalars(sa.select(OrderRow.number).order_by(OrderRow.number)))
    assert numbers == list(range(1001, 1001 + len(numbers)))
    placed = list(session.scalars(sa.select(OrderRow.placed_at).order_by(OrderRow.number)))
    assert placed == sorted(placed)
    assert CUTOFF - placed[0] < timedelta(days=280)


def test_totals_follow_the_pricing_rules(session: Session) -> None:
    for order in session.scalars(sa.select(OrderRow)):
        assert order.subtotal == sum(line.unit_price * line.quantity for line in order.lines)
        assert order.total == order.subtotal + order.shipping + order.tax - order.discount
        taxable = order.subtotal - order.discount
        assert order.tax == (taxable * Decimal("0.08")).quantize(Decimal("0.01"))
        if order.shipping_method == "express":
            assert order.shipping == Decimal("14.95")
        else:
            assert order.shipping == (Decimal("0.00") if taxable >= 75 else Decimal("6.95"))


def test_every_state_is_present_with_consistent_fields(session: Session) -> None:
    counts = Counter(session.scalars(sa.select(OrderRow.status)))
    for status in (
        "pending",
        "paid",
        "partially_fulfilled",
        "shipped",
        "delivered",
        "cancelled",
        "returned",
        "refunded",
    ):
        assert counts[status] >= 5, status
    for order in _orders(session, "pending"):
        assert (
            order.paid_at is None
            and not order.shipments
            and {line.status for line in order.lines} == {"open"}
        )
    for order in _orders(session, "paid"):
        assert (
            order.paid_at is not None
            and not order.shipments
            and {line.status for line in order.lines} == {"open"}
        )
    for order in _orders(session, "partially_fulfilled"):
        statuses = {line.status for line in order.lines}
        assert statuses == {"fulfilled", "open"}
        assert all(line.shipment_id for line in order.lines if line.status == "fulfilled")
        assert order.delivered_at is None and order.shipments
    for order in _orders(session, "shipped"):
        assert order.delivered_at is None and order.shipments
        assert all(line.status == "fulfilled" and line.shipment_id for line in order.lines)
        assert all(s.status != "delivered" and s.events and s.estimated_delivery for s in order.shipments)
    for order in _orders(session, "delivered"):
        assert order.delivered_at is not None
        assert order.delivered_at == max(s.delivered_at for s in order.shipments if s.delivered_at)
        assert all(s.status == "delivered" and s.events[-1].status == "delivered" for s in order.shipments)
    for order in _orders(session, "cancelled"):
        assert order.cancelled_at is not None and not order.shipments
        assert {line.status for line in order.lines} == {"cancelled"}
        refunds = [(r.amount, r.status) for r in order.refunds]
        assert refunds == ([(order.total, "succeeded")] if order.paid_at else [])
    for order in _orders(session, "returned"):
        assert order.delivered_at is not None and len(order.returns) == 1
        assert "returned" in {line.status for line in order.lines}
    for order in _orders(session, "refunded"):
        assert order.refunds and all(r.status == "succeeded" for r in order.refunds)
        assert "refunded" in {line.status for line in order.lines}


def test_shipments_have_carrier_tracking_and_ordered_events(session: Session) -> None:
    formats = {"UPS": r"1Z[0-9A-Z]{16}", "USPS": r"9400\d{18}", "FedEx": r"\d{12}"}
    carriers = Counter()
    for shipment in session.scalars(sa.select(ShipmentRow)):
        carriers[shipment.carrier] += 1
        assert re.fullmatch(formats[shipment.carrier], shipment.tracking_number)
        assert shipment.tracking_number in shipment.tracking_url
        times = [event.happened_at for event in shipment.events]
        assert times == sorted(times) and times[-1] < CUTOFF
        assert shipment.events[0].status == "label_created"
        if shipment.status == "delivered":
            assert shipment.delivered_at == shipment.events[-1].happened_at
    assert set(carriers) == {"UPS", "USPS", "FedEx"}
    moving = Counter(session.scalars(sa.select(ShipmentRow.status).where(ShipmentRow.status != "delivered")))
    assert set(moving) == {"label_created", "in_transit", "out_for_delivery"}


def test_delivery_dates_straddle_the_return_window(session: Session) -> None:
    ages = [(TODAY - o.delivered_at.date()).days for o in _orders(session, "delivered") if o.delivered_at]
    assert sum(age <= 30 for age in ages) >= 30
    assert sum(age > 30 for age in ages) >= 300


def test_returns_respect_the_policy_and_follow_fit_profiles(session: Session) -> None:
    reasons: dict[str, Counter[str]] = {"runs_small": Counter(), "runs_large": Counter()}
    for rma in session.scalars(sa.select(ReturnRow)):
        order = rma.order
        assert order.delivered_at is not None
        assert timedelta(0) < rma.created_at - order.delivered_at <= timedelta(days=30)
        assert rma.rma.startswith(f"RMA-{order.number}-")
        for item in rma.lines:
            line = session.get(OrderLineRow, item["line_id"])
            assert line is not None and line.order_id == order.id
            product = session.get(ProductRow, line.product_id)
            assert product is not None and "final-sale" not in product.tags
            if product.vertical == "beauty":
                assert item["reason"] in ("skin_reaction", "damaged", "changed_mind")
            elif product.attributes["fit_profile"] in reasons:
                reasons[product.attributes["fit_profile"]][item["reason"]] += 1
    assert reasons["runs_small"]["too_small"] > 2 * reasons["runs_small"]["too_large"]
    assert reasons["runs_large"]["too_large"] > 2 * reasons["runs_large"]["too_small"]


def test_fragrance_free_agrees_with_the_ingredient_list(session: Session) -> None:
    beauty = list(session.scalars(sa.select(ProductRow).where(ProductRow.vertical == "beauty")))
    for product in beauty:
        assert product.ingredients and product.ingredients.count(",") >= 6
        inci = product.ingredients.lower()
        has_fragrance = any(marker in inci for marker in FRAGRANCE_MARKERS)
        assert product.attributes["fragrance_free"] is (not has_fragrance), product.title
        if "sensitive" in product.attributes["skin_types"] or "rosacea" in product.attributes["concerns"]:
            assert not has_fragrance and not any(irritant in inci for irritant in IRRITANTS), product.title
    fragranced = [p for p in beauty if not p.attributes["fragrance_free"]]
    moisturizers = [p for p in beauty if p.category == "moisturizer"]
    assert len(fragranced) >= 20
    assert sum("sensitive" in p.attributes["skin_types"] for p in moisturizers) >= 5
    for irritant in ("parfum", "alcohol denat.", "menthol", "witch hazel", "glycolic acid"):
        assert any(irritant in (p.ingredients or "").lower() for p in moisturizers), irritant


def test_vitamin_c_serums_include_two_under_40_dollars(session: Session) -> None:
    serums = session.scalars(
        sa.select(ProductRow).where(ProductRow.category == "serum", ProductRow.title.contains("Vitamin C"))
    ).all()
    assert len(serums) >= 3
    cheapest = [min(v.price for v in serum.variants) for serum in serums]
    assert sum(price < 40 for price in cheapest) >= 2


def test_trail_runner_comes_in_us_11_wide(session: Session) -> None:
    product = session.scalars(sa.select(ProductRow).where(ProductRow.title == "Men's Trail Runner GTX")).one()
    assert product.brand is not None and product.brand.name == "Northpeak"
    wide_11 = [v for v in product.variants if v.options["size"] == "11" and v.options["width"] == "Wide"]
    assert wide_11 and wide_11[0].inventory > 0
    assert "Wide" in product.attributes["widths"]


def test_variant_sizes_appear_in_the_brand_size_chart(session: Session) -> None:
    charts = {(c.brand_id, c.category): c.rows for c in session.scalars(sa.select(SizeChartRow))}
    for product in session.scalars(sa.select(ProductRow).where(ProductRow.vertical != "beauty")):
        rows = charts[(product.brand_id or "", product.category)]
        labels = {row["size"] for row in rows if row["gender"] == product.attributes["gender"]}
        assert {v.options["size"] for v in product.variants} <= labels, product.title
        assert product.brand is not None and product.category in product.brand.fit_profile
    stock = Counter(session.scalars(sa.select(VariantRow.inventory)))
    assert stock[0] > 50 and sum(stock[n] for n in (1, 2, 3)) > 50
    products = session.scalars(sa.select(ProductRow)).all()
    assert sum(product.status == "discontinued" for product in products) >= 6
    assert sum("final-sale" in product.tags for product in products) >= 6


def test_named_fixtures_hold_relative_to_today(session: Session) -> None:
    jane = _customer(session, "jane.doe@example.com")
    assert jane.addresses[0].postal_code == "97205" and jane.phone == "+15035550142"
    orders = session.scalars(sa.select(OrderRow).where(OrderRow.customer_id == jane.id)).all()
    delivered_ages = sorted(
        (TODAY - o.delivered_at.date()).days for o in orders if o.status == "delivered" and o.delivered_at
    )
    assert delivered_ages == [5, 41]
    shipped = [o for o in orders if o.status == "shipped"]
    assert len(shipped) == 1 and shipped[0].shipments[0].carrier == "UPS"
    assert shipped[0].shipments[0].estimated_delivery == TODAY + timedelta(days=2)
    assert [o.status for o in orders if o.status == "paid"] == ["paid"]
    order_1042 = session.scalars(sa.select(OrderRow).where(OrderRow.number == 1042)).one()
    assert order_1042.customer.email == "ana.garcia@example.com" and order_1042.status == "delivered"
    assert "Women's Trail Runner GTX" in [line.title for line in order_1042.lines]
    priya = _customer(session, "priya.patel@example.com")
    statuses = Counter(
        o.status for o in session.scalars(sa.select(OrderRow).where(OrderRow.customer_id == priya.id))
    )
    assert statuses["pending"] == 1 and statuses["returned"] == 1 and statuses["delivered"] >= 2


def test_subscriptions_and_policies(session: Session) -> None:
    for sub in session.scalars(sa.select(SubscriptionRow)):
        assert sub.frequency_days in (30, 45, 60, 90)
        if sub.status == "active":
            assert sub.next_charge_on and sub.next_charge_on > TODAY and sub.paused_until is None
        elif sub.status == "paused":
            assert sub.paused_until and sub.paused_until > TODAY
        else:
            assert sub.cancelled_at and sub.next_charge_on is None
    statuses = set(session.scalars(sa.select(SubscriptionRow.status)))
    assert statuses == {"active", "paused", "cancelled"}
    policies = {p.id: p for p in session.scalars(sa.select(PolicyRow))}
    assert set(policies) == {
        "returns",
        "exchanges",
        "shipping",
        "cancellation",
        "subscriptions",
        "privacy",
        "payment",
        "account",
    }
    assert all(policy.body.count("\n## ") >= 3 for policy in policies.values())
    assert "30 days" in policies["returns"].body and "$75" in policies["shipping"].body


def test_refunds_never_exceed_what_was_paid(session: Session) -> None:
    for refund in session.scalars(sa.select(RefundRow)):
        assert Decimal("0") < refund.amount <= refund.order.total
        assert refund.created_at < CUTOFF and refund.reason and "{" not in refund.reason


def test_same_seed_and_day_give_identical_data(seeded: tuple[sa.Engine, DemoStoreSummary]) -> None:
    other, summary = _seeded_sqlite()
    assert summary == seeded[1]
    assert _dump(other) == _dump(seeded[0])


def test_seeding_twice_refuses(seeded: tuple[sa.Engine, DemoStoreSummary]) -> None:
    with pytest.raises(StoreNotEmptyError, match="already has"):
        seed_demo_store(seeded[0], today=TODAY)


def test_postgres_gets_the_same_store_as_sqlite(seeded: tuple[sa.Engine, DemoStoreSummary]) -> None:
    server = sa.create_engine(POSTGRES_URL)
    try:
        with server.connect():
            pass
    except sa.exc.OperationalError as error:
        server.dispose()
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {error.orig}")
    schema = f"demo_{uuid.uuid4().hex[:10]}"
    with server.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        engine = server.execution_options(schema_translate_map={None: schema})
        metadata.create_all(engine)
        assert seed_demo_store(engine, today=TODAY) == seeded[1]
        assert _dump(engine) == _dump(seeded[0])
    finally:
        with server.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()
