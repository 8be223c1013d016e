"""Safety in code: a key never reaches Shopify twice, stale plans and missing approvals are refused,
outages change nothing, and nobody acts on someone else's order."""

from __future__ import annotations

import threading
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import Engine
from tests.commerce.shopify.fake_shopify import FakeShopify, fixture
from tests.commerce.shopify.support import JANE, SOMEONE_ELSE, audit_rows, key_rows, order_system

from shopcrew.commerce.actions import (
    ActionOutcome,
    ActionPlan,
    Actor,
    CancelOrder,
    ChangeSubscription,
    Refusal,
)
from shopcrew.commerce.order_policy import OrderPolicy
from shopcrew.commerce.order_system import OrderSystemError
from shopcrew.commerce.shopify.journal import ActionJournal


def cancel_plan(shop: FakeShopify, journal: ActionJournal, policy: OrderPolicy | None = None) -> ActionPlan:
    plan = order_system(shop, journal, policy=policy).plan(CancelOrder("1001"), JANE)
    assert isinstance(plan, ActionPlan), plan
    return plan


def test_a_repeated_key_returns_the_first_outcome_without_calling_shopify(
    shop: FakeShopify, journal: ActionJournal, database: Engine
) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("OrderCancel", "order_cancel_ok.json")
    system = order_system(shop, journal)
    plan = cancel_plan(shop, journal)
    first = system.execute(plan, JANE, idempotency_key="same")
    calls = len(shop.calls)
    again = system.execute(plan, JANE, idempotency_key="same")
    assert isinstance(first, ActionOutcome) and isinstance(again, ActionOutcome)
    assert (again.replayed, again.audit_id, again.reference) == (True, first.audit_id, first.reference)
    assert len(shop.calls) == calls  # not even a read
    assert shop.operations().count("OrderCancel") == 1
    assert len(audit_rows(database)) == 1


def test_two_concurrent_executes_with_one_key_cancel_once(shop: FakeShopify, journal: ActionJournal) -> None:
    system = order_system(shop, journal)
    shop.answer("OrderByName", "order_unfulfilled.json")
    plan = cancel_plan(shop, journal)
    second: list[ActionOutcome | Refusal] = []
    worker: list[threading.Thread] = []

    def cancel_while_a_duplicate_arrives(request: httpx.Request) -> httpx.Response:
        # The duplicate (a double "yes", a retried webhook) starts while Shopify is still working.
        thread = threading.Thread(
            target=lambda: second.append(system.execute(plan, JANE, idempotency_key="k"))
        )
        thread.start()
        worker.append(thread)
        return httpx.Response(200, json=fixture("order_cancel_ok.json"))

    shop.answer("OrderCancel", cancel_while_a_duplicate_arrives)
    first = system.execute(plan, JANE, idempotency_key="k")
    worker[0].join(timeout=10)
    assert isinstance(first, ActionOutcome) and not first.replayed
    assert isinstance(second[0], ActionOutcome) and second[0].replayed
    assert shop.operations().count("OrderCancel") == 1


def test_a_plan_for_an_order_that_changed_since_is_refused_as_stale(
    shop: FakeShopify, journal: ActionJournal, database: Engine
) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    plan = cancel_plan(shop, journal)
    changed = FakeShopify()
    changed.answer("OrderByName", "order_partially_fulfilled.json")  # something shipped meanwhile
    other = order_system(changed, journal).plan(CancelOrder("1001"), JANE)
    assert isinstance(other, Refusal) and other.code == "wrong_state"
    shop_now = FakeShopify()
    moved = fixture("order_unfulfilled.json")
    moved["data"]["orders"]["nodes"][0]["totalRefundedSet"]["shopMoney"]["amount"] = "28.00"
    shop_now.answer("OrderByName", moved)
    refusal = order_system(shop_now, journal).execute(plan, JANE, idempotency_key="k")
    assert refusal == Refusal(
        "stale_plan", "order #1001 changed since I described the change; let me check it again"
    )
    assert "OrderCancel" not in shop_now.operations()
    assert [a.outcome for a in audit_rows(database)] == ["refused:stale_plan"]
    assert key_rows(database) == []


def test_above_the_approval_threshold_a_person_must_approve(
    shop: FakeShopify, journal: ActionJournal
) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("OrderCancel", "order_cancel_ok.json")
    policy = OrderPolicy(approval_threshold=Decimal("200"))
    plan = cancel_plan(shop, journal, policy)
    assert plan.needs_approval
    assert plan.approval_reason == "$213.00 is above $200.00; a person of the store approves it first"
    system = order_system(shop, journal, policy=policy)
    refusal = system.execute(plan, JANE, idempotency_key="k")
    assert isinstance(refusal, Refusal) and refusal.code == "needs_approval"
    assert "OrderCancel" not in shop.operations()
    staff = Actor(
        customer_id=JANE.customer_id, channel="console", conversation_id="conv-1", staff="maria@northwind"
    )
    assert isinstance(system.execute(plan, staff, idempotency_key="k"), ActionOutcome)


def test_an_outage_during_the_mutation_changes_nothing_and_releases_the_key(
    shop: FakeShopify, journal: ActionJournal, database: Engine
) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("OrderCancel", httpx.Response(503, text="Service Unavailable"), "order_cancel_ok.json")
    system = order_system(shop, journal)
    plan = cancel_plan(shop, journal)
    with pytest.raises(OrderSystemError, match="HTTP 503"):
        system.execute(plan, JANE, idempotency_key="k")
    assert key_rows(database) == [] and audit_rows(database) == []
    retried = system.execute(plan, JANE, idempotency_key="k")  # the shopper's retry goes through once
    assert isinstance(retried, ActionOutcome) and not retried.replayed


def test_nobody_plans_or_executes_on_someone_elses_order(shop: FakeShopify, journal: ActionJournal) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("OrderCancel", "order_cancel_ok.json")
    system = order_system(shop, journal)
    not_found = Refusal("not_found", "I can't find order #1001 on your account")
    assert system.plan(CancelOrder("1001"), SOMEONE_ELSE) == not_found
    plan = cancel_plan(shop, journal)  # Jane's plan, replayed by someone else
    assert system.execute(plan, SOMEONE_ELSE, idempotency_key="k") == not_found
    assert "OrderCancel" not in shop.operations()


def test_subscriptions_are_refused_with_a_reason(shop: FakeShopify, journal: ActionJournal) -> None:
    system = order_system(shop, journal)
    refusal = system.plan(ChangeSubscription("7", "pause", pause_days=30), JANE)
    assert isinstance(refusal, Refusal) and refusal.code == "unsupported"
    assert "subscription app" in refusal.reason
    assert system.subscriptions_for(JANE) == []
    assert shop.calls == []


def test_a_key_used_for_another_action_or_an_unusable_key_is_refused(
    shop: FakeShopify, journal: ActionJournal
) -> None:
    shop.answer("OrderByName", "order_unfulfilled.json")
    shop.answer("OrderCancel", "order_cancel_ok.json")
    system = order_system(shop, journal)
    plan = cancel_plan(shop, journal)
    assert isinstance(system.execute(plan, JANE, idempotency_key="k"), ActionOutcome)
    other = system.plan(CancelOrder("1001", reason="other"), JANE)
    assert isinstance(other, ActionPlan)
    conflict = system.execute(other, JANE, idempotency_key="k")
    assert isinstance(conflict, Refusal) and conflict.code == "idempotency_conflict"
    too_long = system.execute(plan, JANE, idempotency_key="x" * 65)
    assert isinstance(too_long, Refusal) and too_long.code == "bad_idempotency_key"
    assert shop.operations().count("OrderCancel") == 1
