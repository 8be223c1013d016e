"""Choosing the model for each step, and falling back down the list when one fails.

For each request the router plans an ordered list of candidates (`plan`): the models that are
configured, capable (vision for images, JSON output for a schema, tools for tools), not resting
behind an open circuit and within budget, in the order the policy's tier prefers, the local
engine last. It then tries them in turn (`request`, `stream`), records every attempt in the cost
ledger, and says which model answered and why (`ModelUse.reason`).

Request context keys the router reads (set by the orchestrator):
    "conversation_id"  the conversation the call is for: its budget, its ledger rows
    "turn"             the turn number within that conversation, for per-turn roll-ups
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from shopcrew.domain.messages import ModelUse
from shopcrew.models.breaker import CircuitBreaker
from shopcrew.models.budget import UNLIMITED, Budget, BudgetView
from shopcrew.models.cards import QUALITY_TIERS, ModelCard, packaged_cards
from shopcrew.models.ledger import CallLedger, ModelCall
from shopcrew.models.policy import (
    RoutingPolicy,
    Tier,
    load_policy,
    preference_key,
    quality_rank,
    tier_label,
)
from shopcrew.models.types import (
    Model,
    ModelError,
    ModelRequest,
    ModelResponse,
    StreamEnd,
    StreamEvent,
    StreamReset,
    TextDelta,
)

CONVERSATION_KEY = "conversation_id"
TURN_KEY = "turn"
LOCAL = "local"
# Tokens an image costs a vision model, roughly (vendors charge 250-1,600 by size).
_IMAGE_TOKENS = 1_100


@dataclass(frozen=True)
class RoutedResponse:
    """A model's answer and the record of which model answered and why."""

    response: ModelResponse
    use: ModelUse


@dataclass(frozen=True)
class Candidate:
    """A model on a request's candidate list, with why it holds its place."""

    model: Model
    card: ModelCard
    reason: str


@dataclass(frozen=True)
class RoutePlan:
    """The ordered candidates for one request, and what was left out and why."""

    task: str
    tier: Tier
    candidates: tuple[Candidate, ...]
    skipped: tuple[str, ...]  # e.g. "claude-sonnet-4 resting (circuit open)"
    budget: BudgetView
    budget_dropped: tuple[str, ...]  # models whose worst-case cost the budget could not cover


class ModelRouter:
    """Plans candidates per request from cards, policy, breaker and budget; falls back down the list."""

    def __init__(
        self,
        models: Sequence[Model],
        *,
        cards: Mapping[str, ModelCard] | None = None,
        policy: RoutingPolicy | None = None,
        breaker: CircuitBreaker | None = None,
        budget: Budget | None = None,
        ledger: CallLedger | None = None,
        call_timeout_s: float | None = 60.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if not models:
            raise ValueError("the router needs at least one model (the local engine)")
        known = dict(cards) if cards is not None else packaged_cards()
        self._models = {m.name: m for m in models}
        self._cards = {name: known.get(name) or _unknown_card(name) for name in self._models}
        self.policy = policy or load_policy()
        self.breaker = breaker or CircuitBreaker()
        self._budget = budget
        self._ledger = ledger
        self._timeout = call_timeout_s
        self._now = now
        self._orders: dict[tuple[Any, ...], tuple[Candidate, ...]] = {}

    @property
    def model_names(self) -> list[str]:
        """Names of the configured models, in the order they were given."""
        return list(self._models)

    def card(self, name: str) -> ModelCard:
        """The card of a configured model."""
        return self._cards[name]

    def plan(self, request: ModelRequest) -> RoutePlan:
        """The candidates for `request` right now, best first; the plan itself changes nothing."""
        tier = self.policy.tier_for(request.task, request.agent, request.complexity)
        needs_vision = request.task == "vision" or any(m.images for m in request.messages)
        # Reasons name the task, complexity and agent, so all of them are part of the key.
        key = (
            request.task,
            tier,
            needs_vision,
            request.output_schema is not None,
            bool(request.tools),
            request.agent,
            request.complexity,
        )
        order = self._orders.get(key)
        if order is None:
            order = self._orders[key] = self._order(request, tier, needs_vision)
        conversation = request.context.get(CONVERSATION_KEY)
        budget = (
            self._budget.view(conversation if isinstance(conversation, str) else None)
            if self._budget
            else UNLIMITED
        )
        worst_input = _input_tokens(request)
        candidates: list[Candidate] = []
        skipped: list[str] = []
        dropped: list[str] = []
        for candidate in order:
            name = candidate.card.id
            if self.breaker.resting(name):
                skipped.append(f"{name} resting (circuit {self.breaker.status(name).describe()})")
                continue
            if budget.remaining_usd is not None and not candidate.card.free:
                worst = candidate.card.cost_usd(worst_input, request.max_output_tokens)
                if not budget.allows(worst):
                    dropped.append(name)
                    continue
            candidates.append(candidate)
        return RoutePlan(request.task, tier, tuple(candidates), tuple(skipped), budget, tuple(dropped))

    async def request(self, request: ModelRequest) -> RoutedResponse:
        """Answer with the first candidate that succeeds; raise the last ModelError if none does."""
        plan = self.plan(request)
        failures: list[str] = []
        last_error: ModelError | None = None
        for candidate in plan.candidates:
            name = candidate.card.id
            if not self.breaker.allow(name):
                failures.append(f"{name} resting")
                continue
            started = time.perf_counter()
            try:
                if self._timeout is None:
                    response = await candidate.model.request(request)
                else:
                    response = await asyncio.wait_for(candidate.model.request(request), self._timeout)
                _check_output(name, request, response)
            except (ModelError, TimeoutError) as caught:
                error = _as_model_error(name, caught, self._timeout)
                self._failed(request, candidate, error, started)
                failures.append(f"{name} failed ({error.kind})")
                last_error = error
                continue
            except BaseException:
                # Cancelled, or a bug: no verdict on the model, but a half-open trial must not stay claimed.
                self.breaker.release(name)
                raise
            use = self._use(request, plan, candidate, failures)
            return RoutedResponse(
                response=self._succeeded(request, candidate, response, started, use), use=use
            )
        raise last_error or self.unanswerable(request, plan)

    def stream(self, request: ModelRequest) -> RoutedStream:
        """Stream the answer; a model that fails mid-answer is followed by a StreamReset and the next one."""
        return RoutedStream(self, request)

    def _order(self, request: ModelRequest, tier: Tier, needs_vision: bool) -> tuple[Candidate, ...]:
        needs_json = request.output_schema is not None
        needs_tools = bool(request.tools)
        floor = QUALITY_TIERS.index(self.policy.min_quality)
        capable = [
            card
            for card in self._cards.values()
            if card.id != LOCAL and _capable(card, needs_vision, needs_json, needs_tools)
        ]
        ranked = sorted(
            (card for card in capable if quality_rank(card) >= floor),
            key=lambda card: preference_key(tier, card),
        )
        task = _task_phrase(request, tier)
        order: list[Candidate] = []
        pin = self.policy.pin_for(request.agent)
        pinned = next((card for card in capable if card.id == pin), None)
        if pinned is not None:
            ranked = [card for card in ranked if card.id != pin]
            order.append(self._candidate(pinned, f"{task}; {pin} pinned for agent {request.agent}"))
        for index, card in enumerate(ranked):
            if index == 0 and pinned is None:
                wanted, group = _tier_wish(tier), preference_key(tier, card)[0]
                why = (
                    f"{card.id} cheapest configured {wanted}"
                    if group == 0
                    else f"no {wanted} configured, {card.id} is the closest"
                )
            else:
                why = f"{card.id} next in line ({tier_label(card)})"
            order.append(self._candidate(card, f"{task}; {why}"))
        local = self._cards.get(LOCAL)
        if local is not None and _capable(local, needs_vision, needs_json, needs_tools):
            why = "the local engine, last resort" if order else "the local engine, the only model for it"
            order.append(self._candidate(local, f"{task}; {why}"))
        return tuple(order)

    def _candidate(self, card: ModelCard, reason: str) -> Candidate:
        return Candidate(self._models[card.id], card, reason)

    def _use(
        self, request: ModelRequest, plan: RoutePlan, chosen: Candidate, failures: list[str]
    ) -> ModelUse:
        notes: list[str] = []
        if failures:
            notes.append("fallback after " + ", ".join(failures))
        if plan.skipped:
            notes.append("; ".join(plan.skipped))
        if plan.budget_dropped:
            notes.append(f"budget: {plan.budget.describe()}, downgraded to {tier_label(chosen.card)}")
        return ModelUse(task=request.task, model=chosen.card.id, reason="; ".join([*notes, chosen.reason]))

    def _succeeded(
        self,
        request: ModelRequest,
        candidate: Candidate,
        response: ModelResponse,
        started: float,
        use: ModelUse,
    ) -> ModelResponse:
        latency = response.latency_ms or (time.perf_counter() - started) * 1000
        cost = response.cost_usd or candidate.card.cost_usd(
            response.usage.input_tokens, response.usage.output_tokens
        )
        if cost != response.cost_usd or latency != response.latency_ms:
            response = replace(response, cost_usd=cost, latency_ms=latency)
        self.breaker.record_success(candidate.card.id)
        if self._ledger is not None:
            self._ledger.record(self._call(request, candidate, response=response, reason=use.reason))
        return response

    def _failed(self, request: ModelRequest, candidate: Candidate, error: ModelError, started: float) -> None:
        self.breaker.record_failure(candidate.card.id, error.kind)
        if self._ledger is not None:
            latency = (time.perf_counter() - started) * 1000
            self._ledger.record(
                self._call(request, candidate, error=error, latency_ms=latency, reason=error.message[:300])
            )

    def _call(
        self,
        request: ModelRequest,
        candidate: Candidate,
        *,
        response: ModelResponse | None = None,
        error: ModelError | None = None,
        latency_ms: float = 0.0,
        reason: str = "",
    ) -> ModelCall:
        conversation = request.context.get(CONVERSATION_KEY)
        turn = request.context.get(TURN_KEY)
        return ModelCall(
            at=self._now(),
            task=request.task,
            model=candidate.card.id,
            provider=candidate.card.provider,
            ok=error is None,
            conversation_id=conversation if isinstance(conversation, str) else None,
            turn=turn if isinstance(turn, int) else None,
            agent=request.agent,
            error_kind=error.kind if error else None,
            input_tokens=response.usage.input_tokens if response else 0,
            output_tokens=response.usage.output_tokens if response else 0,
            cost_usd=response.cost_usd if response else 0.0,
            latency_ms=response.latency_ms if response else latency_ms,
            reason=reason,
        )

    def unanswerable(self, request: ModelRequest, plan: RoutePlan) -> ModelError:
        """The error for a plan with no candidate left, saying why (no vision model, all resting, budget)."""
        needs_vision = request.task == "vision" or any(m.images for m in request.messages)
        if plan.skipped or plan.budget_dropped:
            left_out = [*plan.skipped, *(f"{name} over budget" for name in plan.budget_dropped)]
            why = f"every capable model is unavailable: {'; '.join(left_out)}"
            if plan.budget_dropped:
                why += f" ({plan.budget.describe()})"
        elif needs_vision:
            why = "no configured model can see images (configure a vision model, e.g. gpt-4.1-mini)"
        else:
            why = f"no configured model can do {request.task} with these requirements"
        return ModelError("router", "unsupported", why)


class RoutedStream:
    """The events of a routed stream; after it ends, `use` says which model answered and why."""

    def __init__(self, router: ModelRouter, request: ModelRequest) -> None:
        self._router = router
        self._request = request
        self.use: ModelUse | None = None

    def __aiter__(self) -> AsyncIterator[StreamEvent]:
        return self._events()

    async def _events(self) -> AsyncIterator[StreamEvent]:
        router, request = self._router, self._request
        plan = router.plan(request)
        failures: list[str] = []
        last_error: ModelError | None = None
        for candidate in plan.candidates:
            name = candidate.card.id
            if not router.breaker.allow(name):
                failures.append(f"{name} resting")
                continue
            started = time.perf_counter()
            try:
                final = None
                async for event in _model_events(candidate.model, request):
                    if isinstance(event, StreamEnd):
                        final = event.response
                        break
                    yield event
                if final is None:
                    raise ModelError(name, "connection", "the stream ended before the answer was complete")
                _check_output(name, request, final)
            except BaseException as error:
                if not isinstance(error, ModelError):
                    router.breaker.release(name)
                    raise
                router._failed(request, candidate, error, started)
                failures.append(f"{name} failed ({error.kind})")
                last_error = error
                # Whatever this model streamed is void; the consumer drops it before the next model speaks.
                yield StreamReset(reason=f"{name} failed ({error.kind}); answering with the next model")
                continue
            self.use = router._use(request, plan, candidate, failures)
            yield StreamEnd(router._succeeded(request, candidate, final, started, self.use))
            return
        raise last_error or router.unanswerable(request, plan)


async def _model_events(model: Model, request: ModelRequest) -> AsyncIterator[StreamEvent]:
    stream = getattr(model, "stream", None)
    if stream is None:
        # A model that cannot stream answers whole: one delta, then the end.
        response = await model.request(request)
        yield TextDelta(response.text)
        yield StreamEnd(response)
        return
    async for event in stream(request):
        yield event


def _check_output(name: str, request: ModelRequest, response: ModelResponse) -> None:
    """Structured output that did not parse, or lacks required fields, is the model's failure."""
    schema = request.output_schema
    if schema is None:
        _accept(name, request, response)
        return
    if not isinstance(response.data, Mapping):
        raise ModelError(name, "invalid_output", "the answer was not the JSON object the schema asks for")
    required = schema.get("required")
    if isinstance(required, list):
        missing = [field for field in required if field not in response.data]
        if missing:
            raise ModelError(name, "invalid_output", f"the JSON answer lacks {', '.join(map(str, missing))}")
    _accept(name, request, response)


def _accept(name: str, request: ModelRequest, response: ModelResponse) -> None:
    """Run the caller's acceptance test (e.g. the grounding check) on an answer."""
    if request.check is not None:
        problem = request.check(response)
        if problem:
            raise ModelError(name, "invalid_output", problem)


def _as_model_error(name: str, caught: Exception, timeout: float | None) -> ModelError:
    if isinstance(caught, ModelError):
        return caught
    return ModelError(name, "timeout", f"no answer within {timeout}s")


def _capable(card: ModelCard, needs_vision: bool, needs_json: bool, needs_tools: bool) -> bool:
    if needs_vision and not card.vision:
        return False
    if card.provider == "local":
        # The local engine fills schemas itself and answers from context instead of calling tools.
        return True
    return (card.json_output or not needs_json) and (card.tools or not needs_tools)


def _input_tokens(request: ModelRequest) -> int:
    """A generous estimate of the prompt's tokens (about 3 characters a token, images at their typical cost)."""
    chars = sum(len(m.text) for m in request.messages)
    images = sum(len(m.images) for m in request.messages)
    extra = 300 if request.output_schema is not None else 0
    return chars // 3 + 1 + images * _IMAGE_TOKENS + extra + 150 * len(request.tools)


def _task_phrase(request: ModelRequest, tier: Tier) -> str:
    detail = f" ({request.complexity})" if request.task in ("compose", "reason", "vision") else ""
    agent = f" by {request.agent}" if request.agent else ""
    return f"{tier} tier for {request.task}{detail}{agent}"


def _tier_wish(tier: Tier) -> str:
    return {"fast": "fast model", "balanced": "strong model", "strongest": "frontier model"}[tier]


def _unknown_card(name: str) -> ModelCard:
    """A model without a card is routed as a free, text-only, good-quality model."""
    return ModelCard(
        id=name,
        provider="local" if name == LOCAL else "unknown",
        model=name,
        input_price_per_mtok=0.0,
        output_price_per_mtok=0.0,
        price_date=None,
        context_window=8_192,
        vision=False,
        tools=False,
        json_output=True,
        latency_tier="fast",
        quality_tier="basic" if name == LOCAL else "good",
    )
