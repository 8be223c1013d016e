"""Model routing benchmark: routed cost versus all-frontier cost, and the router's own overhead per call.

A mixed scripted workload — order lookups, product questions, complex skincare consultations and
photo questions — runs through the real router with every shipped card configured by a scripted
stand-in that reports realistic token counts for its call. The same calls priced at the most
expensive configured model give the all-frontier cost. The router's overhead is the time a call
spends in the router outside the model (planning, breaker, budget check, pricing, ledger record).
Run: ``python benchmarks/model_routing.py [--turns N]``. Prints plain ``name: value`` lines.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from shopcrew.models.budget import Budget, BudgetCaps
from shopcrew.models.cards import ModelCard, packaged_cards
from shopcrew.models.ledger import CallLedger, MemoryLedger, SqlLedger
from shopcrew.models.policy import blended_price
from shopcrew.models.router import ModelRouter
from shopcrew.models.types import ChatMessage, ImagePart, ModelRequest, ModelResponse, Usage
from shopcrew.store.database import create_store_engine, migrate

# (task, agent, complexity, input tokens, output tokens) of each call a kind of turn makes.
Call = tuple[str, str | None, str, int, int]
WORKLOAD: dict[str, tuple[float, tuple[Call, ...]]] = {
    "order lookup": (
        0.50,
        (("extract", None, "simple", 420, 60), ("compose", "orders", "simple", 650, 110)),
    ),
    "product question": (
        0.30,
        (("extract", None, "simple", 450, 70), ("compose", "product_expert", "moderate", 1400, 220)),
    ),
    "skincare consultation": (
        0.12,
        (
            ("extract", None, "simple", 520, 90),
            ("reason", "skin", "complex", 3200, 700),
            ("compose", "skin", "complex", 2600, 450),
        ),
    ),
    "photo question": (
        0.08,
        (
            ("extract", None, "simple", 430, 60),
            ("vision", "product_expert", "simple", 1600, 160),
            ("compose", "product_expert", "moderate", 1300, 200),
        ),
    ),
}
TEXT = (
    "I have sensitive skin and rosacea and I'm on retinol — which moisturizer would you suggest for winter?"
)
SCHEMA = {"type": "object", "properties": {"order": {"type": "string"}}}
TURNS_PER_CONVERSATION = 4


class ScriptedCard:
    """A stand-in provider for one card: answers at once with the token counts the request carries."""

    def __init__(self, card: ModelCard) -> None:
        self._name = card.id
        self.seconds = 0.0  # time spent inside this model, to subtract from the router's

    @property
    def name(self) -> str:
        return self._name

    async def request(self, request: ModelRequest) -> ModelResponse:
        started = time.perf_counter()
        tokens_in, tokens_out = request.context["tokens"]
        data = {"order": "1042"} if request.output_schema else None
        response = ModelResponse(self._name, "ok", data=data, usage=Usage(tokens_in, tokens_out))
        self.seconds += time.perf_counter() - started
        return response


@dataclass(frozen=True)
class Run:
    """What one pass over the workload measured."""

    routed_usd: float
    frontier_usd: float
    frontier_model: str
    overhead_ms: list[float]
    answered_by: Counter[str]


def workload(turns: int, seed: int = 11) -> list[tuple[str, list[ModelRequest]]]:
    """`turns` turns drawn from the mix, each a list of requests with jittered token counts."""
    rng = random.Random(seed)
    kinds = list(WORKLOAD)
    weights = [WORKLOAD[k][0] for k in kinds]
    picture = (ImagePart("image/jpeg", b"\xff\xd8" + bytes(64)),)
    turns_out = []
    for number in range(turns):
        kind = rng.choices(kinds, weights)[0]
        requests = []
        for task, agent, complexity, tokens_in, tokens_out in WORKLOAD[kind][1]:
            jitter = rng.uniform(0.8, 1.2)
            requests.append(
                ModelRequest(
                    task=task,  # type: ignore[arg-type]
                    messages=(ChatMessage("user", TEXT, images=picture if task == "vision" else ()),),
                    output_schema=SCHEMA if task == "extract" else None,
                    agent=agent,
                    complexity=complexity,
                    max_output_tokens=max(200, tokens_out * 2),
                    context={
                        "conversation_id": f"c{number // TURNS_PER_CONVERSATION}",
                        "turn": number % TURNS_PER_CONVERSATION + 1,
                        "tokens": (int(tokens_in * jitter), int(tokens_out * jitter)),
                    },
                )
            )
        turns_out.append((kind, requests))
    return turns_out


async def run(turns: Sequence[tuple[str, list[ModelRequest]]], ledger: CallLedger) -> Run:
    """Route every request; price each call at the routed model and at the most expensive model."""
    cards = packaged_cards()
    models = [ScriptedCard(card) for card in cards.values() if card.id != "smollm2-135m"]
    budget = Budget(BudgetCaps(conversation_usd=0.25), ledger)
    router = ModelRouter(models, cards=cards, budget=budget, ledger=ledger)
    frontier = max((cards[m.name] for m in models), key=blended_price)
    routed = frontier_cost = 0.0
    overhead: list[float] = []
    answered: Counter[str] = Counter()
    for _, requests in turns:
        for request in requests:
            inside = sum(m.seconds for m in models)
            started = time.perf_counter()
            result = await router.request(request)
            elapsed = time.perf_counter() - started
            overhead.append((elapsed - (sum(m.seconds for m in models) - inside)) * 1000)
            routed += result.response.cost_usd
            usage = result.response.usage
            frontier_cost += frontier.cost_usd(usage.input_tokens, usage.output_tokens)
            answered[result.use.model] += 1
    return Run(routed, frontier_cost, frontier.id, overhead, answered)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main() -> None:
    """Run the workload with an in-memory ledger and with the SQLite ledger; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=2000)
    args = parser.parse_args()
    turns = workload(args.turns)
    mix = Counter(kind for kind, _ in turns)
    calls = sum(len(requests) for _, requests in turns)
    print(f"turns: {len(turns)} ({', '.join(f'{k} {v}' for k, v in mix.most_common())})")
    print(f"calls: {calls}")

    asyncio.run(run(turns[:200], MemoryLedger()))  # warm-up: caches, imports, code paths
    memory = asyncio.run(run(turns, MemoryLedger()))
    print(f"routed_cost_usd: {memory.routed_usd:.4f}")
    print(f"all_frontier_cost_usd ({memory.frontier_model}): {memory.frontier_usd:.4f}")
    print(f"routed_share_of_all_frontier: {memory.routed_usd / memory.frontier_usd:.1%}")
    for model, count in memory.answered_by.most_common():
        print(f"calls_answered_by {model}: {count}")
    print(f"router_overhead_ms_p50: {statistics.median(memory.overhead_ms):.4f}")
    print(f"router_overhead_ms_p99: {percentile(memory.overhead_ms, 0.99):.4f}")

    with tempfile.TemporaryDirectory() as directory:
        engine = create_store_engine(f"sqlite:///{Path(directory) / 'ledger.db'}")
        migrate(engine)
        stored = asyncio.run(run(turns, SqlLedger(engine)))
        engine.dispose()
    print(f"router_overhead_with_sqlite_ledger_ms_p50: {statistics.median(stored.overhead_ms):.4f}")
    print(f"router_overhead_with_sqlite_ledger_ms_p99: {percentile(stored.overhead_ms, 0.99):.4f}")


if __name__ == "__main__":
    main()
