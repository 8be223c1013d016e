"""Shared set-up for the benchmarks that play a committed suite through the real assistant.

Fit, Skin, Support and Outfit each play scripted conversations through the assistant (local
engine) on a fresh copy of the demo store; this module owns that set-up, the timing of the run and
the `--suite/--verbose` command line, so each benchmark keeps only its own figures.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from shopcrew.app import Assistant, build_assistant
from shopcrew.settings import Settings
from shopcrew.store.database import fresh_demo_store

# The demo store's order history is anchored to this day, so order windows come out the same.
DEMO_TODAY = date(2026, 6, 15)

Case = TypeVar("Case")
Outcome = TypeVar("Outcome")


@contextmanager
def demo_assistant(clock: Callable[[], datetime] | None = None) -> Iterator[Assistant]:
    """A real assistant (local engine) on a fresh demo store in a throwaway folder, closed after."""
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        base = Settings(data_dir=data_dir, demo_today=DEMO_TODAY)
        url = fresh_demo_store(base, data_dir / "stores")
        assistant = build_assistant(
            Settings(data_dir=data_dir, demo_today=DEMO_TODAY, store=url), clock=clock
        )
        try:
            yield assistant
        finally:
            assistant.close()


async def play_suite(
    cases: Sequence[Case],
    play: Callable[[Assistant, Case], Awaitable[Outcome]],
    clock: Callable[[], datetime] | None = None,
) -> tuple[list[Outcome], float]:
    """Play every case in order on one fresh demo assistant; the outcomes and the seconds taken."""
    with demo_assistant(clock) as assistant:
        started = time.perf_counter()
        outcomes = [await play(assistant, case) for case in cases]
        return outcomes, time.perf_counter() - started


def suite_arguments(
    doc: str | None, default_suite: Path, verbose_help: str | None = None
) -> argparse.ArgumentParser:
    """The `--suite PATH` and `--verbose` command line every suite benchmark takes."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--suite", type=Path, default=default_suite)
    parser.add_argument("--verbose", action="store_true", help=verbose_help)
    return parser


def nearest_rank(values: list[float], share: float) -> float:
    """The value at `share` (0..1) of the sorted values, by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
