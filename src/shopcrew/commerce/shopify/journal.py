"""Idempotency keys and the audit log for actions executed on Shopify, kept in shopcrew's own database.

The tables and helpers are the embedded order system's (`commerce/idempotency.py`, `commerce/audit.py`).
What differs is the order of events: Shopify mutations are not idempotent and cannot join a local
transaction, so the key is claimed *before* Shopify is called. The claim inserts the key's row in a
transaction that stays open while the mutations run, so a concurrent second execute with the same
key waits on that row and then finds the stored outcome (PostgreSQL blocks on the primary key, SQLite
serialises writers). Only a finished action commits its key; a refusal or an outage rolls the claim
back, so the same confirmed plan can be tried again — and a retry re-reads the order first, so an
action that did happen is refused as stale rather than repeated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, is_dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from shopcrew.commerce.actions import ActionOutcome, ActionPlan, Actor, Refusal
from shopcrew.commerce.audit import new_audit_id, write_audit
from shopcrew.commerce.idempotency import check_key, remember_outcome, stored_outcome
from shopcrew.commerce.order_system import OrderSystemError
from shopcrew.domain.jsonable import to_jsonable
from shopcrew.store.action_tables import IdempotencyKeyRow
from shopcrew.store.base import utcnow

logger = logging.getLogger(__name__)


def snapshot(value: Any) -> dict[str, Any] | None:
    """A dataclass (an order) as a JSON document for the audit log."""
    if value is None:
        return None
    document = to_jsonable(asdict(value) if is_dataclass(value) and not isinstance(value, type) else value)
    return document if isinstance(document, dict) else {"value": document}


@dataclass
class Claim:
    """An idempotency key held for one execute; `finish` or `refuse` says how it ended."""

    session: Session
    key: str
    plan: ActionPlan
    actor: Actor
    audit_id: str
    clock: Callable[[], datetime]

    def finish(
        self,
        *,
        before: Any,
        after: Any,
        status_after: str | None,
        reference: str | None,
        outcome: str = "done",
    ) -> ActionOutcome:
        """Record the finished action (audit row and the key's outcome) and return the outcome."""
        row = self.session.get(IdempotencyKeyRow, self.key)
        if row is not None:
            row.order_status_after = status_after
            row.reference = reference
        _audit(self, before=before, after=after, outcome=outcome)
        return ActionOutcome(self.plan, self.audit_id, status_after, replayed=False, reference=reference)

    def refuse(self, refusal: Refusal, *, before: Any) -> Refusal:
        """Record a refusal at execute time and release the key, so a corrected retry is possible."""
        row = self.session.get(IdempotencyKeyRow, self.key)
        if row is not None:
            self.session.delete(row)
        _audit(self, before=before, after=None, outcome=f"refused:{refusal.code}")
        return refusal


class ActionJournal:
    """The local record of Shopify actions: one key per executed plan, one audit row per attempt."""

    def __init__(self, sessions: sessionmaker[Session], *, clock: Callable[[], datetime] = utcnow) -> None:
        self._sessions = sessions
        self._clock = clock

    def recorded(self, key: str, plan: ActionPlan) -> ActionOutcome | Refusal | None:
        """The stored outcome for `key` (replayed), a refusal for a bad or reused key, or None."""
        bad = check_key(key)
        if bad:
            return bad
        try:
            with self._sessions() as session:
                return stored_outcome(session, key, plan)
        except SQLAlchemyError as exc:
            raise OrderSystemError("the action log could not be read; nothing was changed") from exc

    def audit_refusal(
        self, plan: ActionPlan, actor: Actor, key: str, refusal: Refusal, *, before: Any
    ) -> Refusal:
        """Record a refusal decided before anything was claimed (stale plan, approval missing)."""
        try:
            with self._sessions() as session, session.begin():
                claim = Claim(session, key, plan, actor, new_audit_id(), self._clock)
                _audit(claim, before=before, after=None, outcome=f"refused:{refusal.code}")
        except SQLAlchemyError as exc:
            raise OrderSystemError("the action log could not be written; nothing was changed") from exc
        return refusal

    @contextmanager
    def claim(self, key: str, plan: ActionPlan, actor: Actor) -> Iterator[Claim | ActionOutcome | Refusal]:
        """Hold `key` for the duration of the block; yields the stored outcome instead when it already ran.

        The transaction commits when the block ends normally and rolls back (releasing the key) when it
        raises, e.g. `OrderSystemError` from Shopify.
        """
        audit_id = new_audit_id()
        session = self._sessions()
        try:
            try:
                session.begin()
                remember_outcome(session, key, ActionOutcome(plan, audit_id, None))
                session.flush()
            except IntegrityError:
                session.rollback()
                stored = stored_outcome(session, key, plan)
                if stored is None:  # the other writer rolled back in between
                    raise OrderSystemError("the action is being processed; try again") from None
                yield stored
                return
            except SQLAlchemyError as exc:
                session.rollback()
                raise OrderSystemError("the action log could not be written; nothing was changed") from exc
            try:
                yield Claim(session, key, plan, actor, audit_id, self._clock)
            except BaseException:
                session.rollback()
                raise
            try:
                session.commit()
            except SQLAlchemyError:
                # Shopify already acted: the shopper must hear that it worked, and the operator must learn
                # that its record is missing (a retry re-plans and is refused as stale, not repeated).
                session.rollback()
                logger.error(
                    "order action %s (key %s) ran on Shopify but its record was not saved", audit_id, key
                )
        finally:
            session.close()


def _audit(claim: Claim, *, before: Any, after: Any, outcome: str) -> None:
    write_audit(
        claim.session,
        audit_id=claim.audit_id,
        at=claim.clock(),
        actor=claim.actor,
        request=claim.plan.request,
        idempotency_key=claim.key,
        outcome=outcome,
        summary=claim.plan.summary,
        before=snapshot(before),
        after=snapshot(after),
        order_number=claim.plan.order,
    )
