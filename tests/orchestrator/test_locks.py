"""Turns of one conversation run one at a time, in arrival order; other conversations don't wait."""

from __future__ import annotations

import asyncio

from shopcrew.orchestrator.locks import ConversationLocks


async def test_turns_of_one_conversation_run_in_arrival_order() -> None:
    locks = ConversationLocks()
    order: list[str] = []

    async def turn(name: str) -> None:
        async with locks.hold("c1"):
            order.append(f"start {name}")
            await asyncio.sleep(0.001)
            order.append(f"end {name}")

    await asyncio.gather(*(turn(str(i)) for i in range(4)))
    assert order == [f"{edge} {i}" for i in range(4) for edge in ("start", "end")]
    assert len(locks) == 0


async def test_different_conversations_run_side_by_side() -> None:
    locks = ConversationLocks()
    inside = asyncio.Event()

    async def first() -> None:
        async with locks.hold("a"):
            await asyncio.wait_for(inside.wait(), timeout=2)

    async def second() -> None:
        async with locks.hold("b"):
            inside.set()

    await asyncio.gather(first(), second())
