"""Grounding check benchmark: time per reply, and the share of injected wrong claims it catches.

1. Runs scripted demo conversations through the assistant (local engine) and records every
   composed reply with the facts of its turn: the template replies.
2. Writes model-style replies from the same facts (true sentences in ordinary phrasing), then one
   copy per injected error: a wrong price, a discontinued or never-returned product, a product name
   no catalog has ("<brand> Cloud Racer 2"), an invented ingredient, a false "fragrance-free", a wrong stock word, a colour the product doesn't come in,
   a wrong order state, another customer's order number, an invented tracking number or date.
3. Times check + repair per reply (p50/p95) and counts: errors caught (the claim no longer in the
   text, the action in the report), and actions on replies with no error (false positives).

Run: ``python benchmarks/grounding.py [--conversations 60]``. Prints plain ``name: value`` lines.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from shopcrew.app import build_assistant
from shopcrew.domain.catalog import Product
from shopcrew.domain.messages import CustomerRef, InboundMessage
from shopcrew.guardrails.grounding import GroundedReply, ground_reply
from shopcrew.guardrails.grounding.check import ReplyCheck
from shopcrew.guardrails.grounding.vocabulary import STATE_WORDS, contains_ingredient
from shopcrew.models.types import ModelResponse
from shopcrew.settings import Settings
from shopcrew.store.database import fresh_demo_store

sys.path.insert(0, str(Path(__file__).parent))
from turns import _orders, scripts  # the turn benchmark's workload

MORE = (
    ("do you have the trail runner in 11 wide?", "how much is it?", "does it come in black?"),
    ("show me linen dresses", "does the first one come in size M?", "tell me about the second one"),
    ("niacinamide serum for oily skin", "does the first one contain fragrance?", "what's in the second one"),
    ("sunscreen spf 50 under $30", "does the first one have zinc oxide?"),
    ("mens chelsea boot in 10 wide", "how much are they", "kids rain boots"),
    ("gentle cleanser for dry skin", "ingredients of the first one", "is there alcohol in it"),
)
INVENTED_INGREDIENTS = (
    "retinol",
    "hyaluronic acid",
    "salicylic acid",
    "collagen",
    "shea butter",
    "vitamin c",
)


@dataclass
class Case:
    """A reply to check, and the claim injected into it (None for a clean reply)."""

    text: str
    check: ReplyCheck
    kind: str | None = None
    claim: str | None = None


async def record(conversations: int) -> tuple[list[Case], list[Product]]:
    """Template replies of scripted demo conversations, each with the check of its turn."""
    seen: list[Case] = []
    original = ReplyCheck.result

    def recording(self: ReplyCheck, response: ModelResponse) -> GroundedReply:
        if response.model == "local":
            seen.append(Case(response.text.strip(), self))
        return original(self, response)

    ReplyCheck.result = recording  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        url = fresh_demo_store(Settings(data_dir=data_dir), data_dir / "stores")
        settings = Settings(data_dir=data_dir, store=url)
        assistant = build_assistant(settings)
        workload = scripts(_orders(settings, conversations)) + [(None, list(m)) for m in MORE]
        for customer, texts in workload:
            conversation_id = None
            for said in texts:
                turn = await assistant.handle(
                    InboundMessage(text=said, conversation_id=conversation_id, customer=customer)
                )
                conversation_id = turn.conversation_id
        # Verified owners asking about their own orders, so every order state is covered.
        for number, email in _orders(settings, conversations):
            ref = CustomerRef(email=email, verified=True)
            await assistant.handle(InboundMessage(text=f"where is order {number}?", customer=ref))
        catalog = seen[0].check.facts.catalog
        products = catalog.products if catalog is not None else []
        assistant.close()
    ReplyCheck.result = original  # type: ignore[method-assign]
    return [c for c in seen if c.text], products


def model_style(case: Case, catalog: list[Product], rng: random.Random) -> list[Case]:
    """A clean model-style reply from the case's facts, and one copy per injectable error."""
    facts, out = case.check.facts, []
    products = list(facts.products.values())
    if products:
        p = rng.choice(products)
        base = f"The {p.title} is a great pick - it's ${p.min_price:.2f}. Want me to check your size?"
        out.append(Case(base, case.check))
        wrong = p.min_price + rng.choice((7, 12, 30))
        out.append(
            Case(base.replace(f"${p.min_price:.2f}", f"${wrong:.2f}"), case.check, "price", f"${wrong:.2f}")
        )
        stranger = rng.choice([q for q in catalog if q.id not in facts.products and q.active])
        out.append(
            Case(f"{base}\nYou might also like the {stranger.title}.", case.check, "product", stranger.title)
        )
        gone = rng.choice([q for q in catalog if not q.active and q.id not in facts.products])
        out.append(
            Case(f"{base}\nOr try the {gone.title}, a customer favourite.", case.check, "product", gone.title)
        )
        if p.brand:
            made_up = f"{p.brand} Cloud Racer 2"
            out.append(Case(f"{base}\nThe {made_up} is new this week.", case.check, "product", made_up))
        if p.ingredients:
            term = next((t for t in INVENTED_INGREDIENTS if not contains_ingredient(p.ingredients, t)), None)
            if term:
                out.append(Case(f"{base} It's packed with {term}.", case.check, "ingredient", term))
            if contains_ingredient(p.ingredients, "fragrance"):
                out.append(Case(f"{base} It's fragrance-free.", case.check, "ingredient", "fragrance-free"))
        if p.active and p.in_stock:
            out.append(Case(f"{base} Sadly the {p.title} is sold out.", case.check, "stock", "sold out"))
        colours = p.option_values("colour")
        if colours:
            missing = next(
                c for c in ("teal", "mustard", "lilac", "burgundy") if c not in " ".join(colours).lower()
            )
            out.append(Case(f"{base} The {p.title} comes in {missing}.", case.check, "size", missing))
    for order in facts.orders.values():
        if order.status is None:
            continue
        said = "delivered" if order.status != "delivered" and not order.delivered else "cancelled"
        base = f"I've found order #{order.number} for you. It's {STATE_WORDS[order.status]}."
        out.append(Case(base, case.check))
        out.append(Case(f"Order #{order.number} has been {said}!", case.check, "state", said))
        out.append(
            Case(
                f"{base} Order #{order.number + 7001} is on its way too.",
                case.check,
                "order",
                f"#{order.number + 7001}",
            )
        )
        out.append(
            Case(f"{base} Track it with 1Z999AA10999999999.", case.check, "tracking", "1Z999AA10999999999")
        )
        out.append(Case(f"{base} It should arrive on December 31.", case.check, "date", "December 31"))
    return out


def timed(case: Case) -> tuple[float, GroundedReply]:
    started = time.perf_counter()
    grounded = ground_reply(case.text, case.check.facts, case.check.terms)
    return (time.perf_counter() - started) * 1000, grounded


def caught(case: Case, grounded: GroundedReply) -> bool:
    if case.claim is None:
        return False
    gone = case.claim.lower() not in grounded.text.lower() or not grounded.sendable
    return gone and any(a.kind == case.kind for a in grounded.actions)


def _p95(values: list[float]) -> float:
    return values[int(0.95 * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=60)
    args = parser.parse_args()
    rng = random.Random(7)
    templates, catalog = asyncio.run(record(args.conversations))
    styled = [c for case in templates for c in model_style(case, catalog, rng)]
    cases = templates + styled
    for case in cases[:20]:
        timed(case)  # warm-up
    times: list[float] = []
    template_actions = 0
    clean_actions = 0
    injected: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    best: list[float] = []
    for case in cases:
        ms, grounded = timed(case)
        times.append(ms)
        # Best of three as well: the machine is shared, and one run catches scheduler pauses and GC.
        best.append(min(ms, timed(case)[0], timed(case)[0]))
        if case in templates:
            template_actions += len(grounded.actions)
        elif case.kind is None:
            clean_actions += len(grounded.actions)
        else:
            injected[case.kind] += 1
            hits[case.kind] += caught(case, grounded)
    times.sort()
    best.sort()
    print(f"replies checked: {len(cases)} ({len(templates)} template, {len(styled)} model-style)")
    print(
        f"check+repair per reply p50: {statistics.median(times):.3f} ms (best of 3: {statistics.median(best):.3f} ms)"
    )
    print(f"check+repair per reply p95: {_p95(times):.3f} ms (best of 3: {_p95(best):.3f} ms)")
    print(f"check+repair per reply max: {times[-1]:.3f} ms (best of 3: {best[-1]:.3f} ms)")
    print(f"template replies with any action (false positives): {template_actions}")
    clean = sum(1 for c in styled if c.kind is None)
    print(f"clean model-style replies: {clean}, actions on them (false positives): {clean_actions}")
    total = sum(injected.values())
    print(f"injected errors caught: {sum(hits.values())}/{total} ({sum(hits.values()) / max(1, total):.1%})")
    for kind in sorted(injected):
        print(f"  {kind}: {hits[kind]}/{injected[kind]}")


if __name__ == "__main__":
    main()
