"""The cost ledger: a row per call on SQLite and PostgreSQL, roll-ups, and spend for budgets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.models.router_fakes import answering, ask

from shopcrew.models.budget import Budget, BudgetCaps
from shopcrew.models.ledger import (
    ModelCall,
    SqlLedger,
    usage_by_agent,
    usage_by_conversation,
    usage_by_day,
    usage_by_model,
    usage_by_turn,
)
from shopcrew.models.router import ModelRouter
from shopcrew.models.testing import ScriptedModel
from shopcrew.models.types import ModelError
from shopcrew.store.database import create_store_engine, migrate
from shopcrew.store.usage_tables import ModelCallRow

NOW = datetime(2026, 6, 15, 23, 59, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = (
        f"sqlite:///{tmp_path / 'ledger.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    engine = create_store_engine(url)
    migrate(engine)
    with engine.begin() as connection:
        connection.execute(ModelCallRow.__table__.delete())
    yield engine
    engine.dispose()


async def test_every_call_is_a_row_with_tokens_cost_latency_and_outcome(engine: Engine) -> None:
    ledger = SqlLedger(engine)
    primary = ScriptedModel(
        "gpt-4.1-mini", [ModelError("gpt-4.1-mini", "rate_limit", "429"), "It ships today."]
    )
    router = ModelRouter(
        [primary, answering("gemini-2.5-flash"), answering("local")], ledger=ledger, now=lambda: NOW
    )

    await router.request(ask(task="extract", schema=True, conversation="c1"))
    await router.request(ask(agent="orders", conversation="c1"))

    with Session(engine) as session:
        rows = session.scalars(select(ModelCallRow).order_by(ModelCallRow.id)).all()
        assert [(r.model, r.ok, r.error_kind, r.task, r.agent) for r in rows] == [
            ("gpt-4.1-mini", False, "rate_limit", "extract", None),
            ("gemini-2.5-flash", True, None, "extract", None),
            ("gpt-4.1-mini", True, None, "compose", "orders"),
        ]
        ok = rows[1]
        assert (ok.conversation_id, ok.turn, ok.day, ok.provider) == ("c1", 1, NOW.date(), "google")
        assert (ok.input_tokens, ok.output_tokens) == (500, 100)
        assert ok.cost_usd == pytest.approx((500 * 0.30 + 100 * 2.50) / 1e6)
        assert ok.latency_ms > 0 and ok.created_at == NOW
        assert "fallback after gpt-4.1-mini failed (rate_limit)" in ok.reason
        assert rows[0].cost_usd == 0 and rows[0].input_tokens == 0


def call(
    model: str,
    cost: float,
    *,
    conversation: str = "c1",
    turn: int = 1,
    agent: str | None = "skin",
    ok: bool = True,
    at: datetime = NOW,
) -> ModelCall:
    return ModelCall(
        at=at,
        task="compose",
        model=model,
        provider="openai",
        ok=ok,
        conversation_id=conversation,
        turn=turn,
        agent=agent,
        error_kind=None if ok else "timeout",
        input_tokens=100,
        output_tokens=10,
        cost_usd=cost,
        latency_ms=200.0,
    )


def test_usage_rolls_up_per_turn_conversation_agent_model_and_day(engine: Engine) -> None:
    ledger = SqlLedger(engine)
    yesterday = NOW - timedelta(days=1)
    for item in [
        call("gpt-5", 0.01, turn=1),
        call("gpt-5", 0.0, turn=1, ok=False),
        call("gpt-4.1-mini", 0.001, turn=2, agent="orders"),
        call("gpt-4.1-mini", 0.002, conversation="c2", agent=None),
        call("gpt-5", 0.005, conversation="c3", at=yesterday),
    ]:
        ledger.record(item)

    with Session(engine) as session:
        turns = usage_by_turn(session, "c1")
        assert [(t.key, t.calls, t.failed, round(t.cost_usd, 6)) for t in turns] == [
            ("c1#1", 2, 1, 0.01),
            ("c1#2", 1, 0, 0.001),
        ]
        assert turns[0].input_tokens == 200 and turns[0].latency_ms == 400.0
        assert [(r.key, round(r.cost_usd, 6)) for r in usage_by_conversation(session, day=NOW.date())] == [
            ("c1", 0.011),
            ("c2", 0.002),
        ]
        assert [(r.key, r.calls) for r in usage_by_agent(session)] == [("skin", 3), ("", 1), ("orders", 1)]
        assert [(r.key, round(r.cost_usd, 6)) for r in usage_by_model(session)] == [
            ("gpt-5", 0.015),
            ("gpt-4.1-mini", 0.003),
        ]
        assert [r.key for r in usage_by_day(session)] == [
            NOW.date().isoformat(),
            yesterday.date().isoformat(),
        ]
        assert [r.key for r in usage_by_day(session, since=NOW.date())] == [NOW.date().isoformat()]


def test_spend_for_budgets_comes_from_the_ledger_and_sees_other_writers(engine: Engine) -> None:
    clock = [0.0]
    ledger = SqlLedger(engine, refresh_s=5, clock=lambda: clock[0])
    other_replica = SqlLedger(engine)

    ledger.record(call("gpt-5", 0.03))
    assert ledger.conversation_spend("c1") == pytest.approx(0.03)
    ledger.record(call("gpt-5", 0.01))
    assert ledger.conversation_spend("c1") == pytest.approx(0.04), "own writes count at once"
    other_replica.record(call("gpt-5", 0.02))
    assert ledger.day_spend(NOW.date()) == pytest.approx(0.06)

    clock[0] = 6.0
    assert ledger.conversation_spend("c1") == pytest.approx(0.06), "re-read after refresh_s"
    budget = Budget(BudgetCaps(conversation_usd=0.05), ledger, today=lambda: NOW.date())
    assert budget.view("c1").reached
    assert ledger.day_spend(date(2026, 6, 14)) == 0.0


def test_recent_calls_restore_the_breaker(engine: Engine) -> None:
    ledger = SqlLedger(engine)
    ledger.record(call("gpt-5", 0.0, ok=False, at=NOW - timedelta(hours=1)))
    ledger.record(call("gpt-4.1", 0.0, ok=False))

    recent = ledger.recent_calls(NOW - timedelta(minutes=5))

    assert [(c.model, c.ok, c.error_kind) for c in recent] == [("gpt-4.1", False, "timeout")]
    assert recent[0].at == NOW
