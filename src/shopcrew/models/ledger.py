"""The cost ledger: every model call's tokens, cost, latency and outcome, and roll-ups over them.

`SqlLedger` writes one `model_calls` row per call in its own short transaction (never the turn's),
and keeps running totals in memory so the budget check before each call costs no query; the
totals are re-read from the database when older than `refresh_s`, so spend by other replicas
is seen within that window.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Engine, case, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from shopcrew.store.usage_tables import ModelCallRow

logger = logging.getLogger(__name__)

RollupKey = Literal["turn", "conversation", "agent", "model", "day"]
# Conversations whose spend is kept in memory; the oldest are forgotten (and re-read if needed).
_MAX_CACHED_CONVERSATIONS = 10_000
_INSERT = insert(ModelCallRow)


@dataclass(frozen=True)
class ModelCall:
    """One model call as the ledger records it; failed calls have an error kind and cost nothing."""

    at: datetime  # UTC-aware
    task: str
    model: str
    provider: str
    ok: bool
    conversation_id: str | None = None
    turn: int | None = None
    agent: str | None = None
    error_kind: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    latency_ms: float = 0.0
    reason: str = ""


class CallLedger:
    """What the router needs from a ledger: record a call, and say what was spent."""

    def record(self, call: ModelCall) -> None:
        """Keep one call."""
        raise NotImplementedError

    def conversation_spend(self, conversation_id: str) -> float:
        """USD spent in one conversation."""
        raise NotImplementedError

    def day_spend(self, day: date) -> float:
        """USD spent on one UTC day."""
        raise NotImplementedError


class MemoryLedger(CallLedger):
    """A ledger in a list: for tests, the benchmark and planning commands."""

    def __init__(self) -> None:
        self.calls: list[ModelCall] = []
        self._by_conversation: dict[str, float] = {}
        self._by_day: dict[date, float] = {}

    def record(self, call: ModelCall) -> None:
        """Keep the call and add its cost to the running totals."""
        self.calls.append(call)
        if call.conversation_id:
            self._by_conversation[call.conversation_id] = (
                self._by_conversation.get(call.conversation_id, 0.0) + call.cost_usd
            )
        day = call.at.date()
        self._by_day[day] = self._by_day.get(day, 0.0) + call.cost_usd

    def conversation_spend(self, conversation_id: str) -> float:
        """USD spent in one conversation."""
        return self._by_conversation.get(conversation_id, 0.0)

    def day_spend(self, day: date) -> float:
        """USD spent on one UTC day."""
        return self._by_day.get(day, 0.0)


class SqlLedger(CallLedger):
    """The ledger in the store's `model_calls` table (SQLite or PostgreSQL)."""

    def __init__(
        self,
        engine: Engine,
        *,
        refresh_s: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine = engine
        self._refresh_s = refresh_s
        self._clock = clock
        self._conversations: dict[str, tuple[float, float]] = {}  # id -> (spent, read at)
        self._days: dict[date, tuple[float, float]] = {}

    def record(self, call: ModelCall) -> None:
        """Insert the call; a database error is logged, and the spend still counts for budgets."""
        try:
            # A Core insert on a pooled connection, not an ORM session: a quarter of the time,
            # and this runs on every call.
            with self._engine.begin() as connection:
                connection.execute(_INSERT, _values(call))
        except SQLAlchemyError as error:
            logger.warning("could not record a %s call to %s in the ledger: %s", call.task, call.model, error)
        if call.cost_usd:
            if call.conversation_id and call.conversation_id in self._conversations:
                spent, read_at = self._conversations[call.conversation_id]
                self._conversations[call.conversation_id] = (spent + call.cost_usd, read_at)
            day = call.at.date()
            if day in self._days:
                spent, read_at = self._days[day]
                self._days[day] = (spent + call.cost_usd, read_at)

    def conversation_spend(self, conversation_id: str) -> float:
        """USD spent in one conversation (from memory when read less than `refresh_s` ago)."""
        cached = self._conversations.get(conversation_id)
        now = self._clock()
        if cached is not None and now - cached[1] < self._refresh_s:
            return cached[0]
        spent = self._sum(ModelCallRow.conversation_id == conversation_id)
        if len(self._conversations) >= _MAX_CACHED_CONVERSATIONS:
            self._conversations.pop(next(iter(self._conversations)))
        self._conversations[conversation_id] = (spent, now)
        return spent

    def day_spend(self, day: date) -> float:
        """USD spent on one UTC day (from memory when read less than `refresh_s` ago)."""
        cached = self._days.get(day)
        now = self._clock()
        if cached is not None and now - cached[1] < self._refresh_s:
            return cached[0]
        spent = self._sum(ModelCallRow.day == day)
        self._days = {day: (spent, now)}
        return spent

    def recent_calls(self, since: datetime) -> list[ModelCall]:
        """Calls recorded at or after `since`, oldest first (to restore circuit breakers)."""
        with Session(self._engine) as session:
            rows = session.scalars(
                select(ModelCallRow).where(ModelCallRow.created_at >= since).order_by(ModelCallRow.id)
            ).all()
            return [_call(row) for row in rows]

    def _sum(self, where: ColumnElement[bool]) -> float:
        with self._engine.connect() as connection:
            return float(
                connection.scalar(select(func.coalesce(func.sum(ModelCallRow.cost_usd), 0.0)).where(where))
                or 0.0
            )


@dataclass(frozen=True)
class UsageRollup:
    """Calls, tokens, cost and latency summed over one group (a turn, conversation, agent, model or day)."""

    key: str
    calls: int
    failed: int
    input_tokens: int
    output_tokens: int
    cost_usd: float
    latency_ms: float  # total; divide by calls for the mean


def usage_rollup(
    session: Session,
    by: RollupKey,
    *,
    conversation_id: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[UsageRollup]:
    """Usage grouped `by` turn, conversation, agent, model or day, optionally for one conversation
    and a range of UTC days (inclusive); most expensive first. Turn keys read "<conversation>#<turn>"."""
    groups: Sequence[Any] = {
        "turn": (ModelCallRow.conversation_id, ModelCallRow.turn),
        "conversation": (ModelCallRow.conversation_id,),
        "agent": (ModelCallRow.agent,),
        "model": (ModelCallRow.model,),
        "day": (ModelCallRow.day,),
    }[by]
    cost = func.sum(ModelCallRow.cost_usd)
    query = select(
        *groups,
        func.count(),
        func.sum(case((ModelCallRow.ok, 0), else_=1)),
        func.sum(ModelCallRow.input_tokens),
        func.sum(ModelCallRow.output_tokens),
        cost,
        func.sum(ModelCallRow.latency_ms),
    ).group_by(*groups)
    if conversation_id is not None:
        query = query.where(ModelCallRow.conversation_id == conversation_id)
    if since is not None:
        query = query.where(ModelCallRow.day >= since)
    if until is not None:
        query = query.where(ModelCallRow.day <= until)
    rollups = []
    width = len(groups)
    for row in session.execute(query.order_by(cost.desc(), *groups)):
        values: tuple[Any, ...] = tuple(row)
        keys = [
            "" if k is None else (k.isoformat() if isinstance(k, date) else str(k)) for k in values[:width]
        ]
        calls, failed, tokens_in, tokens_out, cost_usd, latency = values[width:]
        rollups.append(
            UsageRollup(
                key="#".join(keys),
                calls=int(calls),
                failed=int(failed or 0),
                input_tokens=int(tokens_in or 0),
                output_tokens=int(tokens_out or 0),
                cost_usd=float(cost_usd or 0.0),
                latency_ms=float(latency or 0.0),
            )
        )
    return rollups


def usage_by_turn(session: Session, conversation_id: str) -> list[UsageRollup]:
    """One conversation's usage per turn."""
    return usage_rollup(session, "turn", conversation_id=conversation_id)


def usage_by_conversation(session: Session, *, day: date | None = None) -> list[UsageRollup]:
    """Usage per conversation, optionally on one UTC day."""
    return usage_rollup(session, "conversation", since=day, until=day)


def usage_by_agent(
    session: Session, *, since: date | None = None, until: date | None = None
) -> list[UsageRollup]:
    """Usage per agent ("" for calls made before an agent was chosen, e.g. extraction)."""
    return usage_rollup(session, "agent", since=since, until=until)


def usage_by_model(
    session: Session, *, since: date | None = None, until: date | None = None
) -> list[UsageRollup]:
    """Usage per model."""
    return usage_rollup(session, "model", since=since, until=until)


def usage_by_day(
    session: Session, *, since: date | None = None, until: date | None = None
) -> list[UsageRollup]:
    """Usage per UTC day."""
    return usage_rollup(session, "day", since=since, until=until)


def _values(call: ModelCall) -> dict[str, Any]:
    return {
        "created_at": call.at,
        "day": call.at.date(),
        "conversation_id": call.conversation_id,
        "turn": call.turn,
        "agent": call.agent,
        "task": call.task,
        "model": call.model,
        "provider": call.provider,
        "ok": call.ok,
        "error_kind": call.error_kind,
        "input_tokens": call.input_tokens,
        "output_tokens": call.output_tokens,
        "cost_usd": call.cost_usd,
        "latency_ms": call.latency_ms,
        "reason": call.reason[:2000],
    }


def _call(row: ModelCallRow) -> ModelCall:
    return ModelCall(
        at=row.created_at,
        task=row.task,
        model=row.model,
        provider=row.provider,
        ok=row.ok,
        conversation_id=row.conversation_id,
        turn=row.turn,
        agent=row.agent,
        error_kind=row.error_kind,
        input_tokens=row.input_tokens,
        output_tokens=row.output_tokens,
        cost_usd=row.cost_usd,
        latency_ms=row.latency_ms,
        reason=row.reason,
    )
