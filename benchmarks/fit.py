"""Fit Analyzer quality: the committed suite of sizing conversations, each with its expected size.

Plays `benchmarks/data/fit_suite.jsonl` through the real assistant (local engine) on a fresh copy
of the demo store and prints the pass rate, the failures, and the latency of the turns.

    python benchmarks/fit.py [--suite PATH] [--verbose]
"""

from __future__ import annotations

import asyncio
import statistics
from pathlib import Path

from _suite import nearest_rank, play_suite, suite_arguments
from shopcrew.fit.suite import load_fit_suite, run_fit_case

SUITE = Path(__file__).parent / "data" / "fit_suite.jsonl"


async def run(suite_path: Path, verbose: bool) -> None:
    suite = load_fit_suite(suite_path)
    outcomes, elapsed = await play_suite(suite, run_fit_case)
    passed = sum(o.passed for o in outcomes)
    latencies = [ms for o in outcomes for ms in o.latencies_ms]
    print(f"suite: {len(suite)} conversations ({suite_path.name}), {len(latencies)} turns, {elapsed:.1f} s")
    print(f"pass rate: {passed}/{len(suite)} = {passed / len(suite):.1%}")
    print(
        f"turn latency (local engine, grounding included): p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {nearest_rank(latencies, 0.95):.1f} ms"
    )
    for outcome in outcomes:
        if not outcome.passed or verbose:
            status = "ok  " if outcome.passed else "FAIL"
            print(f"{status} {outcome.case.id}: {'; '.join(outcome.failures) or 'passed'}")
            if verbose or not outcome.passed:
                print(f"     reply: {outcome.reply[:300]}")


def main() -> None:
    args = suite_arguments(__doc__, SUITE).parse_args()
    asyncio.run(run(args.suite, args.verbose))


if __name__ == "__main__":
    main()
