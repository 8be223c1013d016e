"""Idempotency keys: a double yes, a retried request or a duplicated webhook returns the first outcome."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from shopcrew.commerce.actions import ActionOutcome, ActionPlan, Refusal
from shopcrew.store.action_tables import IdempotencyKeyRow


def idempotency_key(conversation_id: str, plan: ActionPlan) -> str:
    """The key for executing `plan` in a conversation: sha256 of the conversation id and the plan digest."""
    return hashlib.sha256(f"{conversation_id}\n{plan.digest}".encode()).hexdigest()


def check_key(key: str) -> Refusal | None:
    """A refusal for a key that can't be stored (empty or longer than 64 characters)."""
    if not key.strip() or len(key) > 64:
        return Refusal("bad_idempotency_key", "an idempotency key of 1 to 64 characters is required")
    return None


def stored_outcome(session: Session, key: str, plan: ActionPlan) -> ActionOutcome | Refusal | None:
    """The outcome recorded under `key` (replayed), a refusal if the key belongs to another plan, or None."""
    row = session.get(IdempotencyKeyRow, key)
    if row is None:
        return None
    if row.plan_digest != plan.digest:
        return Refusal("idempotency_conflict", "this idempotency key was already used for a different action")
    return ActionOutcome(
        plan=plan,
        audit_id=row.audit_id,
        order_status_after=row.order_status_after,
        replayed=True,
        reference=row.reference,
    )


def remember_outcome(session: Session, key: str, outcome: ActionOutcome) -> None:
    """Record an executed action's outcome under its key (in the action's own transaction)."""
    session.add(
        IdempotencyKeyRow(
            key=key,
            action=outcome.plan.request.kind,
            plan_digest=outcome.plan.digest,
            audit_id=outcome.audit_id,
            order_status_after=outcome.order_status_after,
            reference=outcome.reference,
        )
    )
