"""The embedded SQL order system: the `OrderSystem` port over the store's own tables (SQLite or PostgreSQL).

`plan` runs an action's planner in a read-only session. `execute` locks the order (or subscription)
row first — `SELECT … FOR UPDATE` on PostgreSQL, a no-op UPDATE on SQLite, which takes SQLite's one
writer lock — then checks the idempotency key, plans again on the locked state, refuses a plan
whose digest changed (stale), applies it and writes the audit row and the key, all in one
transaction. Two actions on one order therefore run one after the other, and the second one is
checked against what the first one left.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from shopcrew.commerce import queries
from shopcrew.commerce.actions import (
    ActionOutcome,
    ActionPlan,
    ActionRequest,
    Actor,
    ChangeCustomerAddress,
    ChangeSubscription,
    RefundStatus,
    Refusal,
)
from shopcrew.commerce.audit import new_audit_id, request_json, write_audit
from shopcrew.commerce.idempotency import check_key, remember_outcome, stored_outcome
from shopcrew.commerce.order_actions.address import plan_change_address
from shopcrew.commerce.order_actions.cancel import plan_cancel_lines, plan_cancel_order
from shopcrew.commerce.order_actions.common import ActionConflict, ActionContext, Draft, order_snapshot, usd
from shopcrew.commerce.order_actions.customer import customer_snapshot, plan_change_customer_address
from shopcrew.commerce.order_actions.items import plan_exchange, plan_swap_items
from shopcrew.commerce.order_actions.limits import blocked_refusal
from shopcrew.commerce.order_actions.returns import plan_return
from shopcrew.commerce.order_actions.subscriptions import plan_subscription_change, subscription_snapshot
from shopcrew.commerce.order_policy import OrderPolicy
from shopcrew.commerce.order_system import OrderSystemError
from shopcrew.commerce.ownership import (
    display_number,
    find_owned_order,
    not_found,
    order_number_condition,
    resolve_customer_id,
)
from shopcrew.domain.orders import Customer, Order, Subscription
from shopcrew.store.action_tables import PaymentTransactionRow
from shopcrew.store.base import utcnow
from shopcrew.store.commerce_tables import CustomerRow, OrderRow, PaymentMethodRow, SubscriptionRow

_OrderPlanner = Callable[[ActionContext, Any, OrderRow], Draft | Refusal]
_ORDER_PLANNERS: dict[str, _OrderPlanner] = {
    "cancel_order": plan_cancel_order,
    "cancel_lines": plan_cancel_lines,
    "change_address": plan_change_address,
    "swap_items": plan_swap_items,
    "return_items": plan_return,
    "exchange_items": plan_exchange,
}


class SqlOrderSystem:
    """Orders, customers and order actions in the embedded store; every call opens its own session."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        policy: OrderPolicy | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self.policy = policy or OrderPolicy()
        self._clock = clock

    def customer_by_email(self, email: str) -> Customer | None:
        """The customer with this email (case-insensitive), or None."""
        with self._session() as session:
            return queries.customer_by_email(session, email)

    def customers_by_name_and_zip(self, first_name: str, last_name: str, postal_code: str) -> list[Customer]:
        """Customers with this name and an address at this ZIP/postal code."""
        with self._session() as session:
            return queries.customers_by_name_and_zip(session, f"{first_name} {last_name}", postal_code)

    def customer(self, customer_id: str) -> Customer | None:
        """The customer with this account id ("7") or imported external id, or None."""
        with self._session() as session:
            found = resolve_customer_id(session, Actor(customer_id=customer_id, channel=""))
            return None if found is None else queries.customer_by_id(session, found)

    def customer_by_phone(self, phone: str) -> Customer | None:
        """The customer with this phone number (the same digits, with or without a country code), or None."""
        with self._session() as session:
            return queries.customer_by_phone(session, phone)

    def order(self, number: str, actor: Actor) -> Order | Refusal:
        """The order if it exists and belongs to the actor; the same `not_found` refusal otherwise."""
        with self._session() as session:
            row = find_owned_order(session, number, actor)
            order = queries.order_by_number(session, row.number) if row is not None else None
            return order if order is not None else not_found(number)

    def orders_for(self, actor: Actor, *, limit: int = 10) -> list[Order]:
        """The actor's most recent orders, newest first."""
        with self._session() as session:
            customer_id = resolve_customer_id(session, actor)
            return (
                [] if customer_id is None else queries.orders_for_customer(session, customer_id, limit=limit)
            )

    def subscriptions_for(self, actor: Actor) -> list[Subscription]:
        """The actor's subscriptions."""
        with self._session() as session:
            customer_id = resolve_customer_id(session, actor)
            return [] if customer_id is None else queries.subscriptions_for_customer(session, customer_id)

    def refunds_for(self, number: str, actor: Actor) -> list[RefundStatus] | Refusal:
        """The refunds of the actor's order, oldest first, with the method they went to and their status."""
        with self._session() as session:
            row = find_owned_order(session, number, actor)
            if row is None:
                return not_found(number)
            original = session.get(PaymentMethodRow, row.payment_method_id) if row.payment_method_id else None
            statuses = []
            for refund in sorted(row.refunds, key=lambda r: (r.created_at, r.id)):
                if refund.method == "store_credit":
                    method = "store credit"
                elif refund.method == "original_payment" and original is not None:
                    method = original.label
                else:
                    method = _refund_target(session, refund.id) or refund.method.replace("_", " ")
                statuses.append(
                    RefundStatus(refund.amount, method, refund.status, refund.created_at, refund.reason)
                )
            return statuses

    def plan(self, request: ActionRequest, actor: Actor) -> ActionPlan | Refusal:
        """Check the request against ownership, state, policy and stock; say what would happen. Writes nothing."""
        with self._session() as session:
            try:
                result = self._plan_in(session, request, actor)
            finally:
                session.rollback()  # a planner never writes; make sure nothing it touched is kept
            return result[0] if isinstance(result, tuple) else result

    def execute(self, plan: ActionPlan, actor: Actor, *, idempotency_key: str) -> ActionOutcome | Refusal:
        """Apply a confirmed plan once, all or nothing, audited; a repeated key returns the first outcome."""
        refusal = check_key(idempotency_key)
        if refusal:
            return refusal
        audit_id = new_audit_id()
        before: dict[str, Any] | None = None
        try:
            with self._session() as session, session.begin():
                self._lock(session, plan.request, actor)
                replay = stored_outcome(session, idempotency_key, plan)
                if replay is not None:
                    return replay
                result = self._plan_in(session, plan.request, actor, audit_id=audit_id)
                if isinstance(result, Refusal):
                    refusal = result
                else:
                    current, draft = result
                    owner = resolve_customer_id(session, actor)
                    before = _snapshot(draft, session, plan.request, owner)
                    checked = self._check_confirmed(plan, current, actor)
                    if isinstance(checked, Refusal):
                        refusal = checked
                    else:
                        applied = draft.apply()
                        session.flush()
                        outcome = ActionOutcome(
                            checked, audit_id, applied.status_after, reference=applied.reference
                        )
                        after = _snapshot(draft, session, plan.request, owner, refresh=True)
                        self._audit(session, audit_id, actor, plan, idempotency_key, "done", before, after)
                        remember_outcome(session, idempotency_key, outcome)
                        return outcome
        except ActionConflict as conflict:
            refusal = conflict.refusal
        except IntegrityError:
            # The same key committed by a concurrent request: return what it did.
            with self._session() as session:
                replay = stored_outcome(session, idempotency_key, plan)
            if replay is None:
                raise OrderSystemError("the order database refused the change; nothing was changed") from None
            return replay
        except SQLAlchemyError as error:
            reason = f"the order database did not answer ({error.__class__.__name__}); nothing was changed"
            raise OrderSystemError(reason) from error
        self._audit_refusal(audit_id, actor, plan, idempotency_key, refusal, before)
        return refusal

    def _check_confirmed(self, plan: ActionPlan, current: ActionPlan, actor: Actor) -> ActionPlan | Refusal:
        if current.digest != plan.digest:
            what = f"order {display_number(plan.order)}" if plan.order else "this subscription"
            reason = f"{what} changed since this was planned; the new plan is: {current.summary}"
            return Refusal("stale_plan", reason)
        if current.needs_approval and not actor.staff:
            return Refusal("needs_approval", current.approval_reason)
        return current

    def _plan_in(
        self, session: Session, request: ActionRequest, actor: Actor, *, audit_id: str = ""
    ) -> tuple[ActionPlan, Draft] | Refusal:
        customer_id = resolve_customer_id(session, actor)
        customer = session.get(CustomerRow, customer_id) if customer_id is not None else None
        ctx = (
            ActionContext(session, actor, customer, self.policy, self._clock(), audit_id)
            if customer
            else None
        )
        if isinstance(request, ChangeSubscription):
            sub = _owned_subscription(session, request.subscription_id, customer_id)
            if ctx is None or sub is None:
                return Refusal("not_found", "I can't find that subscription on your account")
            draft = plan_subscription_change(ctx, request, sub)
            state = subscription_snapshot(sub)
        elif isinstance(request, ChangeCustomerAddress):
            if ctx is None:
                return Refusal("not_found", "I can't find your account")
            draft = plan_change_customer_address(ctx, request)
            state = customer_snapshot(session, ctx.customer)
        else:
            order = find_owned_order(session, request.order, actor)
            if ctx is None or order is None:
                return not_found(request.order)
            blocked = blocked_refusal(self.policy, request.kind, order)
            draft = blocked or _ORDER_PLANNERS[request.kind](ctx, request, order)
            state = order_snapshot(order)
        if isinstance(draft, Refusal):
            return draft
        return self._finish(request, draft, state), draft

    def _finish(self, request: ActionRequest, draft: Draft, state: dict[str, Any]) -> ActionPlan:
        plan = ActionPlan(
            request=request,
            order=(draft.order.external_id or str(draft.order.number)) if draft.order is not None else None,
            summary=draft.summary,
            lines=tuple(draft.lines),
            refund_total=draft.refund_total,
            charge_total=draft.charge_total,
            refund_method=draft.refund_method,
            notes=tuple(draft.notes),
        )
        amount = max(draft.refund_total, draft.charge_total)
        if self.policy.needs_approval(amount):
            threshold = self.policy.approval_threshold
            plan = replace(
                plan,
                needs_approval=True,
                approval_reason=f"{usd(amount)} is above {usd(threshold or amount)}; a person of the store must approve it",
            )
        return replace(plan, digest=_digest(plan, state))

    def _lock(self, session: Session, request: ActionRequest, actor: Actor) -> None:
        """Take the row lock of what the request changes (the transaction's first statement)."""
        model: type[OrderRow] | type[SubscriptionRow] | type[CustomerRow]
        if isinstance(request, ChangeSubscription):
            text = request.subscription_id.strip()
            model, condition = SubscriptionRow, SubscriptionRow.id == (int(text) if text.isdigit() else -1)
        elif isinstance(request, ChangeCustomerAddress):
            text = actor.customer_id.strip()
            model = CustomerRow
            condition = CustomerRow.id == int(text) if text.isdigit() else CustomerRow.external_id == text
        else:
            model, condition = OrderRow, order_number_condition(request.order)
        if session.get_bind().dialect.name == "sqlite":
            # SQLite has no row locks; a write as the first statement takes its single writer lock.
            session.execute(
                update(model).where(condition).values(id=model.id),
                execution_options={"synchronize_session": False},
            )
        else:
            session.execute(select(model.id).where(condition).with_for_update())

    def _audit(
        self,
        session: Session,
        audit_id: str,
        actor: Actor,
        plan: ActionPlan,
        key: str,
        outcome: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        request = plan.request
        write_audit(
            session,
            audit_id=audit_id,
            at=self._clock(),
            actor=actor,
            request=request,
            idempotency_key=key,
            outcome=outcome,
            summary=plan.summary,
            before=before,
            after=after,
            order_number=plan.order,
            subscription_id=int(request.subscription_id)
            if isinstance(request, ChangeSubscription) and request.subscription_id.isdigit()
            else None,
        )

    def _audit_refusal(
        self,
        audit_id: str,
        actor: Actor,
        plan: ActionPlan,
        key: str,
        refusal: Refusal,
        before: dict[str, Any] | None,
    ) -> None:
        """Record a refused execute (stale, needs approval, sold out ...) in its own transaction."""
        try:
            with self._session() as session, session.begin():
                self._audit(session, audit_id, actor, plan, key, f"refused:{refusal.code}"[:32], before, None)
        except SQLAlchemyError:
            pass  # the refusal stands; failing to log it must not turn it into an outage

    def _session(self) -> _GuardedSession:
        return _GuardedSession(self._sessions)


def sql_order_system_on(session: Session) -> SqlOrderSystem:
    """The embedded order system on the database `session` is bound to (for callers wired without one)."""
    return SqlOrderSystem(sessionmaker(bind=session.get_bind()))


def _digest(plan: ActionPlan, state: dict[str, Any]) -> str:
    """A fingerprint of the request, the state it was checked against, and what the plan says will happen."""
    body = {
        "request": request_json(plan.request),
        "state": state,
        "summary": plan.summary,
        "lines": [[line.description, str(line.amount)] for line in plan.lines],
        "refund": str(plan.refund_total),
        "charge": str(plan.charge_total),
        "method": plan.refund_method,
        "approval": plan.needs_approval,
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def _snapshot(
    draft: Draft, session: Session, request: ActionRequest, customer_id: int | None, *, refresh: bool = False
) -> dict[str, Any]:
    if draft.order is not None:
        if refresh:
            session.expire(draft.order)
        return order_snapshot(draft.order)
    if isinstance(request, ChangeSubscription) and request.subscription_id.isdigit():
        sub = session.get(SubscriptionRow, int(request.subscription_id))
        if sub is not None:
            if refresh:
                session.expire(sub)
            return subscription_snapshot(sub)
    if isinstance(request, ChangeCustomerAddress):
        customer = session.get(CustomerRow, customer_id) if customer_id is not None else None
        return customer_snapshot(session, customer) if customer is not None else {}
    return {}


def _owned_subscription(
    session: Session, subscription_id: str, customer_id: int | None
) -> SubscriptionRow | None:
    text = subscription_id.strip()
    if customer_id is None or not text.isdigit():
        return None
    sub = session.get(SubscriptionRow, int(text))
    return sub if sub is not None and sub.customer_id == customer_id else None


def _refund_target(session: Session, refund_id: int) -> str | None:
    method_id = session.scalar(
        select(PaymentTransactionRow.payment_method_id).where(PaymentTransactionRow.refund_id == refund_id)
    )
    method = session.get(PaymentMethodRow, method_id) if method_id is not None else None
    return method.label if method is not None else None


class _GuardedSession:
    """A session whose database failures become `OrderSystemError` (an outage, nothing changed)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._session: Session | None = None

    def __enter__(self) -> Session:
        self._session = self._sessions()
        return self._session

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: object) -> None:
        assert self._session is not None
        self._session.close()
        if isinstance(error, SQLAlchemyError) and not isinstance(error, IntegrityError):
            reason = f"the order database did not answer ({error.__class__.__name__}); nothing was changed"
            raise OrderSystemError(reason) from error
