"""Budgets: a conversation or a day over its cap is served by a cheaper tier, and never overspends."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from tests.models.router_fakes import answering, ask

from shopcrew.models.budget import Budget, BudgetCaps
from shopcrew.models.ledger import MemoryLedger, ModelCall
from shopcrew.models.router import ModelRouter
from shopcrew.models.testing import FunctionModel
from shopcrew.models.types import ModelRequest, ModelResponse, Usage

TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)
FLEET = ("gpt-5", "gpt-4.1", "gpt-4.1-mini", "claude-sonnet-4")


def spent(ledger: MemoryLedger, usd: float, conversation: str | None = "c1") -> None:
    ledger.record(
        ModelCall(
            at=NOW,
            task="compose",
            model="gpt-5",
            provider="openai",
            ok=True,
            conversation_id=conversation,
            cost_usd=usd,
        )
    )


def budgeted(ledger: MemoryLedger, caps: BudgetCaps, *models: object) -> ModelRouter:
    fleet = models or tuple(answering(name) for name in FLEET)
    return ModelRouter(
        [*fleet, answering("local")],  # type: ignore[list-item]
        budget=Budget(caps, ledger, today=lambda: TODAY),
        ledger=ledger,
        now=lambda: NOW,
    )


async def test_a_conversation_near_its_cap_is_downgraded_to_a_cheaper_tier() -> None:
    ledger = MemoryLedger()
    spent(ledger, 0.049)
    router = budgeted(ledger, BudgetCaps(conversation_usd=0.05))

    routed = await router.request(ask(agent="skin", complexity="complex", conversation="c1"))

    assert routed.use.model == "gpt-4.1-mini"
    assert routed.use.reason.startswith(
        "budget: $0.0010 left of the conversation cap $0.05, downgraded to fast tier; strongest tier for compose"
    )


async def test_a_conversation_over_its_cap_is_answered_by_the_local_engine_and_says_so() -> None:
    ledger = MemoryLedger()
    spent(ledger, 0.051)
    router = budgeted(ledger, BudgetCaps(conversation_usd=0.05))

    routed = await router.request(ask(agent="skin", complexity="complex", conversation="c1"))
    other = await router.request(ask(agent="skin", complexity="complex", conversation="c2"))

    assert routed.use.model == "local"
    assert routed.use.reason.startswith(
        "budget: conversation cap $0.05 reached ($0.0510 spent), downgraded to the local engine"
    )
    assert other.use.model == "gpt-5", "another conversation has its own budget"


async def test_the_day_cap_applies_across_conversations() -> None:
    ledger = MemoryLedger()
    spent(ledger, 12.0, conversation="earlier")
    router = budgeted(ledger, BudgetCaps(conversation_usd=1.0, day_usd=12.0))

    routed = await router.request(ask(task="reason", conversation="fresh"))

    assert routed.use.model == "local"
    assert "budget: day cap $12.00 reached ($12.0000 spent)" in routed.use.reason


async def test_no_caps_means_no_budget_notes() -> None:
    ledger = MemoryLedger()
    spent(ledger, 100.0)
    routed = await budgeted(ledger, BudgetCaps()).request(ask(task="reason", conversation="c1"))

    assert routed.use.model == "gpt-5" and "budget" not in routed.use.reason


def realistic(name: str) -> FunctionModel:
    """A model whose usage is what a provider would report: ~4 characters a token, the output capped."""

    def respond(request: ModelRequest) -> ModelResponse:
        tokens_in = sum(len(m.text) for m in request.messages) // 4 + 1
        return ModelResponse(name, "ok", usage=Usage(tokens_in, request.max_output_tokens))

    return FunctionModel(respond, name=name)


@pytest.mark.parametrize("cap", [0.01, 0.05, 0.2])
async def test_a_long_conversation_never_spends_past_its_cap(cap: float) -> None:
    ledger = MemoryLedger()
    router = budgeted(ledger, BudgetCaps(conversation_usd=cap), *(realistic(n) for n in FLEET))
    message = "sensitive skin, rosacea, on retinol — which moisturizer? " * 20

    answered_by = [
        (
            await router.request(ask(text=message, agent="skin", complexity="complex", conversation="c1"))
        ).use.model
        for _ in range(200)
    ]

    assert ledger.conversation_spend("c1") <= cap
    assert answered_by[0] == "gpt-5" and answered_by[-1] == "local"
    prices = [router.card(name).output_price_per_mtok for name in answered_by]
    assert prices == sorted(prices, reverse=True), "it steps down through cheaper tiers, never back up"
    assert len(set(answered_by)) >= 3
