"""`shopcrew models` (cards, configured or not, prices, tiers, circuits) and `shopcrew route MESSAGE`.

Both work without the network: they read cards, config and environment, and the store's
ledger for circuit state and spend, but never call a model.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import IO, TYPE_CHECKING

from shopcrew.models.cards import CardError, ModelCard
from shopcrew.models.policy import PolicyError

if TYPE_CHECKING:
    from shopcrew.models.breaker import CircuitBreaker
    from shopcrew.models.ledger import SqlLedger
    from shopcrew.models.policy import RoutingPolicy
    from shopcrew.models.router import ModelRouter
    from shopcrew.models.types import ModelRequest, ModelResponse
    from shopcrew.settings import Settings


def add_model_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Register `models` and `route` on the `shopcrew` parser."""
    models = commands.add_parser(
        "models", parents=[common], help="list model cards: configured or not, prices, tiers, circuit state"
    )
    models.add_argument("--store", help="store name or database URL whose ledger to read (default: demo)")
    models.set_defaults(run=run_models)

    route = commands.add_parser(
        "route", parents=[common], help="show which agent and which models would handle a message, and why"
    )
    route.add_argument("message", help="the shopper's message")
    route.add_argument("--image", action="store_true", help="as if the message came with a photo")
    route.add_argument(
        "--conversation", metavar="ID", help="apply this conversation's budget (reads the store)"
    )
    route.add_argument("--store", help="store name or database URL (with --conversation; default: demo)")
    route.set_defaults(run=run_route)


def run_models(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    """`shopcrew models`: one line per card, then the budget caps and today's spend."""
    out = out or sys.stdout
    from shopcrew.models.registry import build_models

    settings = _settings(args)
    cards, _ = _cards_and_policy(settings)
    registry = build_models(cards, os.environ, local=None)
    breaker, ledger, store_note = _store_state(settings)
    rows = [
        [
            s.card.id,
            s.card.provider,
            "yes" if s.configured else "no",
            _price(s.card),
            s.card.price_date.isoformat() if s.card.price_date else "-",
            f"{s.card.context_window:,}",
            _abilities(s.card),
            s.card.latency_tier,
            s.card.quality_tier,
            breaker.status(s.card.id).describe() if breaker else "unknown",
            s.why,
        ]
        for s in registry.statuses
    ]
    header = ["MODEL", "PROVIDER", "ON", "$/MTOK IN/OUT", "PRICED", "CONTEXT", "CAN", "LATENCY", "QUALITY"]
    print(_table([[*header, "CIRCUIT", "WHY"], *rows]), file=out)
    print("\nCAN: v = vision, t = tools, j = JSON output.", file=out)
    print(_budget_line(settings, ledger), file=out)
    if store_note:
        print(store_note, file=out)
    return 0


def run_route(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    """`shopcrew route MESSAGE`: classification, domain → agent, and each task's candidates with reasons."""
    out = out or sys.stdout
    from shopcrew.cli import CommandError
    from shopcrew.models.local.extract import Extraction
    from shopcrew.models.prompts import extract_messages
    from shopcrew.models.types import ChatMessage, ImagePart, ModelRequest, json_schema_of
    from shopcrew.orchestrator.classifier import IntentClassifier
    from shopcrew.orchestrator.routing import default_routes, load_agents

    if not args.message.strip():
        raise CommandError('give the shopper\'s message to route, e.g. shopcrew route "where is my order?"')
    settings = _settings(args)
    classification = IntentClassifier.load(
        cache_dir=settings.data_dir / "cache", second_stage=settings.classifier_second_stage
    ).classify(args.message, has_images=args.image)
    routes = default_routes()
    agents = load_agents(routes)
    router, store_note = _planning_router(settings, with_store=bool(args.conversation))
    context = {"conversation_id": args.conversation, "turn": 1} if args.conversation else {}
    images = (ImagePart("image/jpeg", b""),) if args.image else ()
    print(f"message: {args.message!r}", file=out)
    print(
        f"classified: {classification.domain} ({classification.confidence:.2f}), "
        f"complexity {classification.complexity} ({classification.complexity_score:.2f}), "
        f"modality {classification.modality}, {len(classification.parts)} part(s)",
        file=out,
    )
    for number, part in enumerate(classification.parts, 1):
        agent = routes.get(part.domain, "support")
        answered_by = agent if agent in agents else "support"
        note = "" if agent in agents else f" (no {agent} agent yet: support answers honestly)"
        print(f"\npart {number}: {part.text!r}", file=out)
        print(f"  domain {part.domain} ({part.confidence:.2f}) → agent {agent}{note}", file=out)
        requests: list[ModelRequest] = [
            ModelRequest(
                task="extract",
                messages=extract_messages(part.text, None),
                output_schema=json_schema_of(Extraction),
                context=context,
            ),
            ModelRequest(
                task="compose",
                messages=(ChatMessage("user", part.text),),
                agent=answered_by,
                complexity=classification.complexity,
                context=context,
            ),
        ]
        if images:
            requests.append(
                ModelRequest(
                    task="vision",
                    messages=(ChatMessage("user", part.text, images=images),),
                    agent=answered_by,
                    complexity=classification.complexity,
                    context=context,
                )
            )
        for request in requests:
            _print_plan(router, request, out)
    if store_note:
        print(f"\n{store_note}", file=out)
    return 0


def _print_plan(router: ModelRouter, request: ModelRequest, out: IO[str]) -> None:
    plan = router.plan(request)
    print(f"  {request.task}: {plan.tier} tier", file=out)
    if plan.budget_dropped:
        print(f"    budget: {plan.budget.describe()}; left out {', '.join(plan.budget_dropped)}", file=out)
    for skipped in plan.skipped:
        print(f"    skipped: {skipped}", file=out)
    if not plan.candidates:
        error = router.unanswerable(request, plan)
        print(f"    no candidate: {error.message}", file=out)
    for position, candidate in enumerate(plan.candidates, 1):
        print(f"    {position}. {candidate.card.id:<18} {candidate.reason}", file=out)


class _PlanningOnly:
    """Stands in for the local engine when routes are only planned; it is never called."""

    name = "local"

    async def request(self, request: ModelRequest) -> ModelResponse:
        raise AssertionError("planning never calls a model")


def _planning_router(settings: Settings, *, with_store: bool) -> tuple[ModelRouter, str]:
    from shopcrew.models.budget import Budget, BudgetCaps
    from shopcrew.models.ledger import MemoryLedger
    from shopcrew.models.registry import build_models
    from shopcrew.models.router import ModelRouter

    cards, policy = _cards_and_policy(settings)
    registry = build_models(cards, os.environ, local=_PlanningOnly())
    caps = BudgetCaps(settings.budget_conversation_usd, settings.budget_day_usd)
    breaker, ledger, note = _store_state(settings) if with_store else (None, None, "")
    budget = Budget(caps, ledger if ledger is not None else MemoryLedger())
    router = ModelRouter(registry.models, cards=cards, policy=policy, budget=budget, breaker=breaker)
    return router, note


def _store_state(settings: Settings) -> tuple[CircuitBreaker | None, SqlLedger | None, str]:
    """The breaker restored from the store's ledger, and the ledger; (None, None, why) if it can't be read."""
    from shopcrew.models.breaker import CircuitBreaker
    from shopcrew.models.ledger import SqlLedger
    from shopcrew.store.database import StoreError, open_store

    try:
        engine = open_store(settings)
    except StoreError as error:
        return None, None, f"circuits and spend unknown: {error}"
    ledger = SqlLedger(engine)
    breaker = CircuitBreaker(
        failure_threshold=settings.circuit_failures, cooldown_s=settings.circuit_cooldown_s
    )
    since = datetime.now(UTC) - timedelta(seconds=settings.circuit_cooldown_s * 4)
    breaker.restore((c.model, c.ok, c.error_kind, c.at.timestamp()) for c in ledger.recent_calls(since))
    return breaker, ledger, ""


def _settings(args: argparse.Namespace) -> Settings:
    from shopcrew.cli import settings_from

    return settings_from(args)


def _cards_and_policy(settings: Settings) -> tuple[dict[str, ModelCard], RoutingPolicy]:
    from shopcrew.cli import CommandError
    from shopcrew.models.registry import ConfigError, cards_and_policy

    try:
        return cards_and_policy(settings)
    except (ConfigError, CardError, PolicyError) as error:
        raise CommandError(str(error)) from None


def _budget_line(settings: Settings, ledger: SqlLedger | None) -> str:
    conversation = settings.budget_conversation_usd
    day = settings.budget_day_usd
    caps = (
        f"budget caps: conversation {'none' if conversation is None else f'${conversation:.2f}'}, "
        f"day {'none' if day is None else f'${day:.2f}'}"
    )
    if ledger is None:
        return caps
    return f"{caps}; spent today ${ledger.day_spend(datetime.now(UTC).date()):.4f}"


def _price(card: ModelCard) -> str:
    if card.free:
        return "free"
    return f"{card.input_price_per_mtok:g} / {card.output_price_per_mtok:g}"


def _abilities(card: ModelCard) -> str:
    return "".join(
        flag if on else "-" for flag, on in (("v", card.vision), ("t", card.tools), ("j", card.json_output))
    )


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1]
        for row in rows
    )
