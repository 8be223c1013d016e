"""End-to-end turn latency on the demo store with the local engine.

Runs a mixed scripted workload (product search and questions, order status with identity checks,
policy questions, small talk, two-request messages, a domain without an agent, a handoff) through
the real assistant on a fresh copy of the demo store, and prints p50/p95 latency and turns/second.

    python benchmarks/turns.py [--conversations 60]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from llamacpp import rss_mb
from shopcrew.app import build_assistant
from shopcrew.domain.messages import CustomerRef, InboundMessage
from shopcrew.settings import Settings
from shopcrew.store.commerce_tables import CustomerRow, OrderRow
from shopcrew.store.database import create_store_engine, fresh_demo_store


def _orders(settings: Settings, limit: int) -> list[tuple[int, str]]:
    engine = create_store_engine(settings.resolved_database_url())
    with Session(engine) as session:
        rows = session.execute(
            select(OrderRow.number, CustomerRow.email)
            .join(CustomerRow, CustomerRow.id == OrderRow.customer_id)
            .order_by(OrderRow.number)
            .limit(limit)
        ).all()
    engine.dispose()
    return [(int(n), str(e)) for n, e in rows]


def scripts(orders: list[tuple[int, str]]) -> list[tuple[CustomerRef | None, list[str]]]:
    """A mixed workload: one script per conversation."""
    shapes: list[tuple[CustomerRef | None, list[str]]] = []
    for index, (number, email) in enumerate(orders):
        kind = index % 6
        if kind == 0:
            shapes.append((None, [f"hi, where is my order #{number}?", email, "thanks!"]))
        elif kind == 1:
            shapes.append(
                (
                    None,
                    [
                        "show me waterproof hiking boots under $200",
                        "tell me about the second one",
                        "what is it made of?",
                    ],
                )
            )
        elif kind == 2:
            shapes.append(
                (None, ["what's your return policy?", "how long does shipping take", "do you ship to canada"])
            )
        elif kind == 3:
            shapes.append(
                (
                    CustomerRef(email=email, verified=True),
                    [f"where is order {number}, and do you have the trail runner in 11 wide?"],
                )
            )
        elif kind == 4:
            shapes.append(
                (
                    None,
                    [
                        "fragrance free moisturizer for sensitive skin",
                        "what are the ingredients of the first one",
                        "what size should I get in jeans",
                    ],
                )
            )
        else:
            shapes.append((None, ["hello", "vitamin c serum under $40", "can i speak to a human"]))
    return shapes


async def run(conversations: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        base = Settings(data_dir=data_dir)
        started = time.perf_counter()
        url = fresh_demo_store(base, data_dir / "stores")
        settings = Settings(data_dir=data_dir, store=url)
        assistant = build_assistant(settings)
        print(f"setup (seed demo store + build assistant): {time.perf_counter() - started:.2f} s")
        print(f"resident memory after setup: {rss_mb():.0f} MB")
        workload = scripts(_orders(settings, conversations))
        # Warm-up: one conversation, not measured.
        for text in workload[0][1]:
            await assistant.handle(InboundMessage(text=text))
        latencies: list[float] = []
        wall = time.perf_counter()
        for customer, texts in workload:
            conversation_id = None
            for text in texts:
                t0 = time.perf_counter()
                result = await assistant.handle(
                    InboundMessage(text=text, conversation_id=conversation_id, customer=customer)
                )
                latencies.append((time.perf_counter() - t0) * 1000)
                conversation_id = result.conversation_id
        elapsed = time.perf_counter() - wall
        assistant.close()
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"turns: {len(latencies)} in {conversations} conversations")
    print(f"turn latency p50: {p50:.2f} ms")
    print(f"turn latency p95: {p95:.2f} ms")
    print(f"turn latency max: {latencies[-1]:.2f} ms")
    print(f"throughput: {len(latencies) / elapsed:.1f} turns/s (one process, sequential)")
    print(f"resident memory after the workload: {rss_mb():.0f} MB")
    print(f"target p50 <= 20 ms: {'met' if p50 <= 20 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=60)
    asyncio.run(run(parser.parse_args().conversations))


if __name__ == "__main__":
    main()
