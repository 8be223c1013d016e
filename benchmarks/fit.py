"""Fit Analyzer quality: the committed suite of sizing conversations, each with its expected size.

Plays `benchmarks/data/fit_suite.jsonl` through the real assistant (local engine) on a fresh copy
of the demo store and prints the pass rate, the failures, and the latency of the turns.

    python benchmarks/fit.py [--suite PATH] [--verbose]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from shopcrew.app import build_assistant
from shopcrew.fit.suite import load_fit_suite, run_fit_case
from shopcrew.settings import Settings
from shopcrew.store.database import fresh_demo_store

SUITE = Path(__file__).parent / "data" / "fit_suite.jsonl"
DEMO_TODAY = date(2026, 6, 15)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def run(suite_path: Path, verbose: bool) -> None:
    suite = load_fit_suite(suite_path)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        base = Settings(data_dir=data_dir, demo_today=DEMO_TODAY)
        url = fresh_demo_store(base, data_dir / "stores")
        assistant = build_assistant(Settings(data_dir=data_dir, demo_today=DEMO_TODAY, store=url))
        started = time.perf_counter()
        try:
            outcomes = [await run_fit_case(assistant, case) for case in suite]
        finally:
            assistant.close()
        elapsed = time.perf_counter() - started
    passed = sum(o.passed for o in outcomes)
    latencies = [ms for o in outcomes for ms in o.latencies_ms]
    print(f"suite: {len(suite)} conversations ({suite_path.name}), {len(latencies)} turns, {elapsed:.1f} s")
    print(f"pass rate: {passed}/{len(suite)} = {passed / len(suite):.1%}")
    print(
        f"turn latency (local engine, grounding included): p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {_percentile(latencies, 0.95):.1f} ms"
    )
    for outcome in outcomes:
        if not outcome.passed or verbose:
            status = "ok  " if outcome.passed else "FAIL"
            print(f"{status} {outcome.case.id}: {'; '.join(outcome.failures) or 'passed'}")
            if verbose or not outcome.passed:
                print(f"     reply: {outcome.reply[:300]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=SUITE)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    asyncio.run(run(args.suite, args.verbose))


if __name__ == "__main__":
    main()
