"""Outfit Builder: the scripted conversation suite on the demo store (pass rate) and the latency of
building looks over the 44,446 items of ../shared/data/fashion-styles (p50/p95).

Each conversation in benchmarks/data/outfit_conversations.jsonl lists the shopper's messages and what
each reply must satisfy (agent, intent, number of looks, budget, colours, genders, categories that
must not appear, which slot an edit changed, ...). A conversation passes when every turn does.

    python benchmarks/outfit.py [--rounds 3] [--skip-scale]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from shopcrew.app import Assistant
from shopcrew.catalog.repository import load_products
from shopcrew.domain.catalog import Product
from shopcrew.domain.messages import InboundMessage, TurnResult
from shopcrew.outfit.colours import matches_colour, shade_of
from shopcrew.outfit.edits import edit_look
from shopcrew.outfit.index import OutfitIndex
from shopcrew.outfit.request import LookEdit, LookRequest
from shopcrew.outfit.search import build_looks

sys.path.insert(0, str(Path(__file__).parent))
from _suite import demo_assistant
from search_latency import STYLES, fashion_products

SUITE = Path(__file__).parent / "data" / "outfit_conversations.jsonl"
_LOOK_TOOLS = ("build_outfits", "edit_outfit", "cheapest_outfit")


def turn_looks(turn: TurnResult) -> tuple[str | None, list[list[int]], dict[str, Any]]:
    """The tool that made this turn's looks, the looks (product ids) and its arguments."""
    calls = [c for c in turn.trace["tool_calls"] if c["tool"] in _LOOK_TOOLS]
    if not calls:
        return None, [], {}
    call = calls[-1]
    looks = [call["result"]] if call["tool"] == "edit_outfit" else list(call["result"])
    return call["tool"], [list(look) for look in looks if look], dict(call["arguments"])


def piece_facts(turn: TurnResult) -> dict[int, dict[str, Any]]:
    """The product facts of a turn by product id (slot, colour, price, title)."""
    return {int(f["id"]): f for f in turn.trace["facts"] if f.get("kind") == "product" and "slot" in f}


def check_turn(
    expect: dict[str, Any], turn: TurnResult, before: TurnResult | None, products: dict[int, Product]
) -> list[str]:
    """What this turn got wrong against its expectations (empty when it passed)."""
    problems: list[str] = []
    intent = turn.trace["parts"][-1]["intent"] if turn.trace["parts"] else None
    tool, looks, arguments = turn_looks(turn)
    facts = piece_facts(turn)
    if "agent" in expect and turn.agents[-1:] != (expect["agent"],):
        problems.append(f"agent {turn.agents} != {expect['agent']}")
    if "intent" in expect and intent != expect["intent"]:
        problems.append(f"intent {intent} != {expect['intent']}")
    if "intent_in" in expect and intent not in expect["intent_in"]:
        problems.append(f"intent {intent} not in {expect['intent_in']}")
    if "looks" in expect and not expect["looks"][0] <= len(looks) <= expect["looks"][1]:
        problems.append(f"{len(looks)} looks, wanted {expect['looks']}")
    for look in looks:
        pieces = [products[i] for i in look]
        total = sum((Decimal(facts[i]["price"]) for i in look if i in facts), Decimal(0))
        colours = [str(facts[i]["colour"]) for i in look if i in facts]
        if "max_total" in expect and total > Decimal(str(expect["max_total"])):
            problems.append(f"total {total} over {expect['max_total']}")
        if "min_total" in expect and total <= Decimal(str(expect["min_total"])):
            problems.append(f"total {total} not above {expect['min_total']}")
        if "colour" in expect and not any(matches_colour(shade_of(c), expect["colour"]) for c in colours):
            problems.append(f"no {expect['colour']} in {colours}")
        if "forbid_colour" in expect and any(
            matches_colour(shade_of(c), expect["forbid_colour"]) for c in colours
        ):
            problems.append(f"{expect['forbid_colour']} in {colours}")
        if expect.get("neutral") and not all(shade_of(c).neutral for c in colours):
            problems.append(f"not all neutral: {colours}")
        if "gender" in expect:
            allowed = {expect["gender"]} | ({"unisex"} if expect["gender"] != "kids" else set())
            wrong = [p.title for p in pieces if str(p.attributes.get("gender", "unisex")) not in allowed]
            if wrong:
                problems.append(f"not {expect['gender']}: {wrong}")
        if "forbid_categories" in expect:
            wrong = [p.title for p in pieces if p.category in expect["forbid_categories"]]
            if wrong:
                problems.append(f"forbidden categories: {wrong}")
        if "allow_categories" in expect:
            wrong = [p.title for p in pieces if p.category not in expect["allow_categories"]]
            if wrong:
                problems.append(f"outside allowed categories: {wrong}")
        if "around" in expect and not any(expect["around"] in p.title for p in pieces):
            problems.append(f"not built around {expect['around']}: {[p.title for p in pieces]}")
        slots = {str(facts[i]["slot"]) for i in look if i in facts}
        if "has_slot" in expect and expect["has_slot"] not in slots:
            problems.append(f"no {expect['has_slot']} in {sorted(slots)}")
        if "lacks_slot" in expect and tool == "edit_outfit" and expect["lacks_slot"] in slots:
            problems.append(f"still has {expect['lacks_slot']}")
    if any(key in expect for key in ("changed", "changed_count", "cheaper")):
        problems.extend(_check_edit(expect, turn, before, looks, arguments))
    reply = turn.reply.casefold()
    for wanted in expect.get("reply_has", []):
        if wanted.casefold() not in reply:
            problems.append(f"reply lacks {wanted!r}")
    if "reply_has_shown" in expect and before is not None:
        shown = [p.name for p in before.products if expect["reply_has_shown"] in p.name]
        if not any(name in turn.reply for name in shown):
            problems.append(f"reply names none of {shown}")
    return problems


def _check_edit(
    expect: dict[str, Any],
    turn: TurnResult,
    before: TurnResult | None,
    looks: list[list[int]],
    arguments: dict[str, Any],
) -> list[str]:
    if before is None or not looks:
        return ["no edited look"]
    _, earlier, _ = turn_looks(before)
    number = int(arguments.get("look", 1))
    if not 1 <= number <= len(earlier):
        return [f"look {number} was not shown"]
    old, new = set(earlier[number - 1]), set(looks[0])
    added, removed = new - old, old - new
    problems = []
    if "changed_count" in expect and len(added) != expect["changed_count"]:
        problems.append(f"{len(added)} pieces changed")
    if "changed" in expect:
        slots = [str(piece_facts(turn)[i]["slot"]) for i in added]
        if slots != [expect["changed"]] or len(removed) != 1:
            problems.append(f"changed {slots}, removed {len(removed)}")
    if expect.get("cheaper") and added and removed:
        now = Decimal(piece_facts(turn)[next(iter(added))]["price"])
        then = Decimal(piece_facts(before)[next(iter(removed))]["price"])
        if now >= then:
            problems.append(f"new piece {now} not cheaper than {then}")
    return problems


async def run_suite(
    assistant: Assistant, products: dict[int, Product]
) -> tuple[int, int, int, int, list[float]]:
    """Run every scripted conversation; passed and total conversations and turns, and turn latencies."""
    conversations = [
        json.loads(line) for line in SUITE.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    passed = turns_passed = turns_total = 0
    latencies: list[float] = []
    # One warm-up turn (the grounding check's catalog vocabulary, the outfit index) outside the timings.
    await assistant.handle(InboundMessage(text="casual outfit for women"))
    for conversation in conversations:
        conversation_id: str | None = None
        before: TurnResult | None = None
        failures: list[str] = []
        for number, step in enumerate(conversation["turns"], start=1):
            turn = await assistant.handle(InboundMessage(text=step["say"], conversation_id=conversation_id))
            conversation_id = turn.conversation_id
            if "outfit" in turn.agents:
                latencies.append(turn.latency_ms)
            problems = check_turn(step["expect"], turn, before, products)
            turns_total += 1
            turns_passed += not problems
            failures.extend(f"turn {number} ({step['say']!r}): {p}" for p in problems)
            before = turn
        passed += not failures
        status = "pass" if not failures else "FAIL"
        print(f"  {status}  {conversation['id']}")
        for failure in failures:
            print(f"        {failure}")
    return passed, len(conversations), turns_passed, turns_total, latencies


def scale_requests() -> list[LookRequest]:
    """Requests a fashion store's shoppers make: occasions x genders, with budgets, colours, seasons."""
    requests = []
    for occasion in (
        "office",
        "interview",
        "wedding guest",
        "party",
        "date night",
        "casual",
        "beach",
        "workout",
        "travel",
    ):
        for gender in ("women", "men"):
            requests.append(LookRequest(occasion=occasion, gender=gender))
    requests += [
        LookRequest(occasion="office", gender="men", budget=Decimal("250")),
        LookRequest(occasion="casual", gender="women", budget=Decimal("120"), colours=("blue",)),
        LookRequest(occasion="party", gender="women", colours=("red",)),
        LookRequest(occasion="wedding guest", gender="women", season="summer", budget=Decimal("400")),
        LookRequest(occasion="casual", gender="men", season="winter"),
        LookRequest(occasion="date night", gender="women", style="romantic"),
        LookRequest(occasion="casual", gender="men", avoid_colours=("black",), palette="neutral"),
        LookRequest(occasion="workout", gender="women", budget=Decimal("150")),
        LookRequest(occasion="casual", gender="kids"),
        LookRequest(occasion="office", gender="women", style="classic", season="autumn"),
        LookRequest(occasion="beach", gender="men", colours=("white",)),
        LookRequest(occasion="casual", gender="women", budget=Decimal("30")),
    ]
    return requests


def measure_scale(rounds: int) -> None:
    """Index build time and p50/p95 of building looks (and of one swap) over 44k fashion items."""
    if not STYLES.exists():
        print(f"44k latency skipped: {STYLES} not found")
        return
    products = fashion_products(STYLES)
    started = time.perf_counter()
    index = OutfitIndex(products)
    built = time.perf_counter() - started
    requests = scale_requests()
    sizes = {"tops": "M", "bottoms": "L", "outerwear": "M"}
    for request in requests:
        build_looks(index, request, sizes)  # warm-up
    timings: list[float] = []
    swaps: list[float] = []
    found = 0
    for _ in range(rounds):
        for request in requests:
            started = time.perf_counter()
            result = build_looks(index, request, sizes)
            if not result.looks and request.budget is not None:
                build_looks(index, replace(request, budget=None), sizes, wanted=1, by_price=True)
            timings.append((time.perf_counter() - started) * 1000)
            found += bool(result.looks)
            if result.looks:
                look = result.looks[0]
                started = time.perf_counter()
                edit_look(index, list(look.pieces), look.template, LookEdit("shoes", "swap"), request, sizes)
                swaps.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=100)
    swap_cuts = statistics.quantiles(swaps, n=100)
    print(
        f"44k items: {len(products):,} products, {len(index):,} wearable; outfit index build {built:.2f} s\n"
        f"  build looks: p50 {statistics.median(timings):.1f} ms, p95 {cuts[94]:.1f} ms "
        f"({len(timings)} requests, {found} with looks)   target p95 <= 200 ms\n"
        f"  swap a piece: p50 {statistics.median(swaps):.1f} ms, p95 {swap_cuts[94]:.1f} ms"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    with demo_assistant() as assistant:
        with Session(assistant.engine) as session:
            products = {p.id: p for p in load_products(session)}
        print(f"Outfit Builder suite ({SUITE.name}), demo store:")
        passed, total, turns_passed, turns_total, latencies = await run_suite(assistant, products)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(
        f"conversations passed: {passed}/{total} ({passed / total:.1%}); turns {turns_passed}/{turns_total}\n"
        f"outfit turns end to end (local engine): p50 {statistics.median(latencies):.1f} ms, p95 {cuts[94]:.1f} ms"
    )
    if not args.skip_scale:
        measure_scale(args.rounds)


if __name__ == "__main__":
    asyncio.run(main())
