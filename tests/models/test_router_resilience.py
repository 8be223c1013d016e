"""Outages: every call is still answered by the next candidate; breakers rest failing models; streams reset."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tests.models.router_fakes import ScriptedStream, answering, ask

from shopcrew.app import build_assistant
from shopcrew.domain.messages import InboundMessage
from shopcrew.models.breaker import CircuitBreaker
from shopcrew.models.ledger import MemoryLedger, SqlLedger, usage_rollup
from shopcrew.models.router import ModelRouter
from shopcrew.models.testing import ScriptedModel
from shopcrew.models.types import Model, ModelError, StreamEnd, StreamReset, TextDelta
from shopcrew.settings import Settings
from shopcrew.store.database import create_store_engine


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


OUTAGES = {
    "server_error": ModelError("gpt-4.1-mini", "server_error", "HTTP 500"),
    "timeout": ModelError("gpt-4.1-mini", "timeout", "no answer in 30s"),
    "rate_limit": ModelError("gpt-4.1-mini", "rate_limit", "HTTP 429"),
}


@pytest.mark.parametrize("kind", sorted(OUTAGES))
async def test_a_failing_primary_falls_back_to_the_next_candidate(kind: str) -> None:
    primary = ScriptedModel("gpt-4.1-mini", [OUTAGES[kind]])
    ledger = MemoryLedger()
    router = ModelRouter([primary, answering("gemini-2.5-flash"), answering("local")], ledger=ledger)

    routed = await router.request(ask(task="extract", schema=True, conversation="c1"))

    assert routed.use.model == "gemini-2.5-flash"
    assert routed.use.reason.startswith(f"fallback after gpt-4.1-mini failed ({kind}); ")
    assert [(c.model, c.ok, c.error_kind) for c in ledger.calls] == [
        ("gpt-4.1-mini", False, kind),
        ("gemini-2.5-flash", True, None),
    ]


async def test_garbage_json_is_invalid_output_and_falls_back() -> None:
    primary = ScriptedModel("gpt-4.1-mini", ["Sure! Here is the JSON: {order: 10"])
    router = ModelRouter([primary, answering("gemini-2.5-flash"), answering("local")])

    routed = await router.request(ask(task="extract", schema=True))

    assert routed.use.model == "gemini-2.5-flash"
    assert "gpt-4.1-mini failed (invalid_output)" in routed.use.reason
    assert routed.response.data == {"order": "1042"}


async def test_json_missing_required_fields_is_invalid_output() -> None:
    primary = ScriptedModel("gpt-4.1-mini", [{"colour": "red"}])
    routed = await ModelRouter([primary, answering("local")]).request(ask(task="extract", schema=True))

    assert routed.use.model == "local"
    assert "gpt-4.1-mini failed (invalid_output)" in routed.use.reason


async def test_a_hanging_model_times_out_and_the_next_one_answers() -> None:
    async def hang(request: object) -> str:
        await asyncio.sleep(10)
        return "too late"

    slow = ScriptedModel("gpt-4.1-mini", hang)  # type: ignore[arg-type]
    router = ModelRouter([slow, answering("local")], call_timeout_s=0.01)

    routed = await router.request(ask())

    assert routed.use.model == "local"
    assert "gpt-4.1-mini failed (timeout)" in routed.use.reason


async def test_during_an_outage_every_call_is_answered_with_the_local_engine_last() -> None:
    outage = [*OUTAGES.values(), ModelError("x", "auth", "401"), ModelError("x", "refusal", "no")]
    primary = ScriptedModel("gpt-4.1-mini", outage)
    secondary = ScriptedModel("gemini-2.5-flash", [ModelError("gemini-2.5-flash", "server_error", "503")] * 5)
    breaker = CircuitBreaker(failure_threshold=100)
    router = ModelRouter([primary, secondary, answering("local")], breaker=breaker)

    answers = [await router.request(ask()) for _ in outage]

    assert {a.use.model for a in answers} == {"local"}
    assert all("gemini-2.5-flash failed (server_error)" in a.use.reason for a in answers)
    assert all(a.use.reason.endswith("the local engine, last resort") for a in answers)


async def test_the_breaker_rests_a_failing_model_and_tries_it_again_after_the_cooldown() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=3, cooldown_s=30, clock=clock)
    flaky = ScriptedModel("gpt-4.1-mini", [ModelError("gpt-4.1-mini", "server_error", "500")] * 3 + ["back"])
    router = ModelRouter([flaky, answering("gemini-2.5-flash"), answering("local")], breaker=breaker)

    for _ in range(3):
        assert (await router.request(ask())).use.model == "gemini-2.5-flash"
    assert breaker.state("gpt-4.1-mini") == "open"

    resting = await router.request(ask())
    assert resting.use.model == "gemini-2.5-flash"
    assert (
        "gpt-4.1-mini resting (circuit open (3 failures, last server_error; retry in 30s))"
        in resting.use.reason
    )
    assert len(flaky.requests) == 3, "a resting model gets no calls"

    clock.now += 31
    assert breaker.state("gpt-4.1-mini") == "half_open"
    trial = await router.request(ask())
    assert trial.use.model == "gpt-4.1-mini" and trial.response.text == "back"
    assert breaker.state("gpt-4.1-mini") == "closed"


def test_a_failed_trial_reopens_the_circuit_and_refusals_do_not_count() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, cooldown_s=10, clock=clock)

    breaker.record_failure("m", "refusal")
    breaker.record_failure("m", "refusal")
    assert breaker.state("m") == "closed", "a refusal is about the request, not the model"

    breaker.record_failure("m", "timeout")
    breaker.record_failure("m", "timeout")
    assert breaker.state("m") == "open" and not breaker.allow("m")
    clock.now += 10
    assert breaker.allow("m"), "the first call after the cooldown is the trial"
    assert not breaker.allow("m"), "only one trial at a time"
    breaker.record_failure("m", "server_error")
    assert breaker.state("m") == "open"
    clock.now += 10
    assert breaker.allow("m")
    breaker.record_success("m")
    assert breaker.state("m") == "closed"


def test_the_breaker_is_restored_from_call_history() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, cooldown_s=30, clock=clock)

    breaker.restore(
        [
            ("gpt-5", False, "rate_limit", 990.0),
            ("gpt-5", False, "rate_limit", 995.0),
            ("gpt-4.1", False, "timeout", 990.0),
            ("gpt-4.1", True, None, 991.0),
        ]
    )

    assert breaker.state("gpt-5") == "open"
    assert breaker.status("gpt-5").retry_in_s == pytest.approx(25)
    assert breaker.state("gpt-4.1") == "closed"


async def collect(router: ModelRouter, **request: object) -> tuple[list[object], str]:
    events: list[object] = []
    shown = ""
    async for event in router.stream(ask(**request)):  # type: ignore[arg-type]
        events.append(event)
        if isinstance(event, TextDelta):
            shown += event.text
        elif isinstance(event, StreamReset):
            shown = ""  # a consumer that honours resets
    return events, shown


async def test_a_stream_that_breaks_mid_answer_resets_and_the_next_model_gives_one_whole_reply() -> None:
    broken = ScriptedStream("gpt-4.1", ["Your order ", ModelError("gpt-4.1", "connection", "reset")])
    whole = ScriptedStream("claude-sonnet-4", ["Your order #1042 ", "ships tomorrow."])
    router = ModelRouter([broken, whole, answering("local")])

    events, shown = await collect(router, agent="product_expert", complexity="moderate")

    kinds = [type(e).__name__ for e in events]
    assert kinds == ["TextDelta", "StreamReset", "TextDelta", "TextDelta", "StreamEnd"]
    assert shown == "Your order #1042 ships tomorrow."
    end = events[-1]
    assert isinstance(end, StreamEnd) and end.response.text == shown and end.response.cost_usd > 0


async def test_a_stream_that_fails_before_the_answer_resets_too() -> None:
    broken = ScriptedStream("gpt-4.1-mini", [ModelError("gpt-4.1-mini", "rate_limit", "429")])
    stream = ModelRouter([broken, answering("local")]).stream(ask())

    events = [event async for event in stream]

    assert [type(e).__name__ for e in events] == ["StreamReset", "TextDelta", "StreamEnd"]
    assert stream.use is not None and stream.use.model == "local"
    assert "fallback after gpt-4.1-mini failed (rate_limit)" in stream.use.reason


async def test_a_stream_with_no_model_left_raises_the_last_error() -> None:
    broken = ScriptedStream("gpt-4.1-mini", [ModelError("gpt-4.1-mini", "server_error", "500")])

    with pytest.raises(ModelError) as raised:
        _ = [event async for event in ModelRouter([broken]).stream(ask())]

    assert raised.value.kind == "server_error"


async def test_the_assistant_answers_every_turn_while_its_primary_provider_is_down(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    outage = ScriptedModel(
        "gpt-4.1-mini",
        lambda request: (_ for _ in ()).throw(ModelError("gpt-4.1-mini", "server_error", "503")),
    )
    built: list[ModelRouter] = []

    def router_with_outage(
        settings: Settings, env: object, *, local: Model, engine: Engine, http_client: object = None
    ) -> ModelRouter:
        router = ModelRouter(
            [outage, local],
            breaker=CircuitBreaker(failure_threshold=3, cooldown_s=300),
            ledger=SqlLedger(engine),
        )
        built.append(router)
        return router

    monkeypatch.setattr("shopcrew.app.build_router", router_with_outage)
    assistant = build_assistant(demo_settings)
    try:
        first = await assistant.handle(InboundMessage(text="Do you have running shoes?", channel="web"))
        turns = [first]
        for text in ["What about trail shoes?", "Where is my order 1042?", "What is your return policy?"]:
            message = InboundMessage(text=text, channel="web", conversation_id=first.conversation_id)
            turns.append(await assistant.handle(message))
    finally:
        assistant.close()

    assert all(turn.reply.strip() for turn in turns), "every turn is answered"
    uses = [use for turn in turns for use in turn.models]
    assert {use.model for use in uses} == {"local"}
    assert "fallback after gpt-4.1-mini failed (server_error)" in uses[0].reason
    assert any("gpt-4.1-mini resting (circuit open" in use.reason for use in uses), "the breaker opened"
    assert len(outage.requests) == 3, "after three failures the primary rests"
    engine = create_store_engine(demo_settings.resolved_database_url())
    with Session(engine) as session:
        per_turn = usage_rollup(session, "turn", conversation_id=first.conversation_id)
    engine.dispose()
    assert sorted(r.key for r in per_turn) == [f"{first.conversation_id}#{n}" for n in (1, 2, 3, 4)]
    assert sum(r.failed for r in per_turn) == 3


async def test_a_cancelled_trial_call_does_not_leave_the_model_resting_forever() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=1, cooldown_s=10, clock=clock)
    breaker.record_failure("gpt-4.1-mini", "timeout")
    clock.now += 10

    async def hang(request: object) -> str:
        await asyncio.sleep(10)
        return "late"

    router = ModelRouter([ScriptedModel("gpt-4.1-mini", hang), answering("local")], breaker=breaker)  # type: ignore[arg-type]
    call = asyncio.create_task(router.request(ask()))
    await asyncio.sleep(0.01)
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call

    assert breaker.allow("gpt-4.1-mini"), "the next caller gets the trial"
