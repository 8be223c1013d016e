"""The audit log of order actions: who, when, on which channel, what, the state before and after, the outcome."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopcrew.commerce.actions import ActionRequest, Actor
from shopcrew.domain.jsonable import to_jsonable
from shopcrew.store.action_tables import OrderActionAuditRow


def new_audit_id() -> str:
    """A fresh audit record id: "act_" and 24 hex characters."""
    return f"act_{uuid.uuid4().hex[:24]}"


def request_json(request: ActionRequest) -> dict[str, Any]:
    """An action request as plain JSON (decimals and dates as strings)."""
    data = to_jsonable(asdict(request))
    assert isinstance(data, dict)
    return data


def write_audit(
    session: Session,
    *,
    audit_id: str,
    at: datetime,
    actor: Actor,
    request: ActionRequest,
    idempotency_key: str,
    outcome: str,
    summary: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    order_number: str | None,
    subscription_id: int | None = None,
) -> None:
    """Add one audit row to the session (committed with the action, or on its own for a refusal)."""
    session.add(
        OrderActionAuditRow(
            id=audit_id,
            created_at=at,
            customer_id=actor.customer_id,
            staff=actor.staff,
            channel=actor.channel,
            conversation_id=actor.conversation_id,
            action=request.kind,
            order_number=order_number,
            subscription_id=subscription_id,
            request=request_json(request),
            before=to_jsonable(before) if before is not None else None,
            after=to_jsonable(after) if after is not None else None,
            idempotency_key=idempotency_key,
            outcome=outcome,
            summary=summary,
        )
    )


def audit_trail(
    session: Session, *, order_number: str | None = None, limit: int = 50
) -> list[OrderActionAuditRow]:
    """The newest audit rows, for one order when a number is given."""
    query = select(OrderActionAuditRow).order_by(OrderActionAuditRow.created_at.desc()).limit(limit)
    if order_number is not None:
        query = query.where(OrderActionAuditRow.order_number == order_number)
    return list(session.scalars(query))
