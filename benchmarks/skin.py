"""Skin Analyzer: scripted conversations, and INCI parsing and verdicts on 1,472 real Sephora products.

1. Plays the committed suite `benchmarks/data/skin_conversations.jsonl` (scripted conversations with
   their expected outcomes, written before tuning) through the real assistant on a fresh demo store
   with the local engine, and prints the pass rate.
2. Parses every ingredient list of `../shared/data/sephora-cosmetics/cosmetics.csv`, prints the share
   parsed, the flags found, and how often the "suits sensitive skin" verdict (no "avoid" rule for a
   sensitive-skin profile) agrees with the data set's Sensitive column. That column is noisy
   (Sephora's own labelling); the rules are not tuned to it.

    python benchmarks/skin.py [--suite PATH] [--verbose]
"""

from __future__ import annotations

import asyncio
import csv
import statistics
import time
from collections import Counter
from pathlib import Path

from _suite import play_suite, suite_arguments
from shopcrew.eval.skin_suite import load_suite, pass_rate, run_conversation
from shopcrew.skin.knowledge import knowledge_base
from shopcrew.skin.profile import SkinProfile
from shopcrew.skin.rules import AVOID, judge, packaged_rules

SUITE = Path(__file__).parent / "data" / "skin_conversations.jsonl"
SEPHORA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sephora-cosmetics" / "cosmetics.csv"
SHOWN_FLAGS = (
    "fragrance", "essential_oil", "fragrance_allergen", "alcohol_denat", "retinoid", "aha", "bha", "pha",
    "bpo", "vitamin_c", "niacinamide", "comedogenic", "cooling", "witch_hazel", "strong_allergen",
)  # fmt: skip


async def run_suite(suite_path: Path, verbose: bool) -> None:
    suite = load_suite(suite_path)
    outcomes, elapsed = await play_suite(suite, run_conversation)
    turns = sum(len(c.turns) for c in suite)
    passed = sum(o.passed for o in outcomes)
    print(
        f"suite: {len(suite)} conversations, {turns} scripted messages ({suite_path.name}), {elapsed:.1f} s"
    )
    print(f"conversations passed: {passed}/{len(suite)} = {pass_rate(outcomes):.1%}")
    for outcome in outcomes:
        if not outcome.passed:
            print(f"  MISS {outcome.conversation.id}: {outcome.failures[0]}")
        elif verbose:
            print(f"  ok   {outcome.conversation.id}")


def run_sephora(path: Path) -> None:
    if not path.exists():
        print(f"sephora: skipped ({path} not found; it lives in ../shared/data, see its README)")
        return
    kb = knowledge_base()
    rules = packaged_rules()
    sensitive = SkinProfile(type="sensitive", sensitive=True)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    outcomes: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    agree = Counter[tuple[bool, bool]]()
    timings: list[float] = []
    names = 0
    comma_lists = comma_parsed = 0
    for row in rows:
        started = time.perf_counter()
        analysis = kb.analyse(row["Ingredients"])
        verdict = judge(analysis, sensitive, kb, rules, category=row["Label"], title=row["Name"])
        timings.append((time.perf_counter() - started) * 1000)
        # Judged independently of the parser: text with a comma is meant as a list of ingredients.
        if "," in row["Ingredients"]:
            comma_lists += 1
            comma_parsed += analysis.problem is None
        if analysis.problem:
            outcomes["no list (placeholder or footnote): " + analysis.problem.split(":")[0]] += 1
            continue
        outcomes["full INCI list" if analysis.complete else "key-ingredient list"] += 1
        names += len(analysis.names)
        flags.update(analysis.flags)
        agree[(verdict.level != AVOID, row["Sensitive"] == "1")] += 1
    lists = outcomes["full INCI list"] + outcomes["key-ingredient list"]
    print(f"sephora: {len(rows)} products")
    for label, count in sorted(outcomes.items()):
        print(f"  {label}: {count}")
    print(
        f"  ingredient lists parsed: {lists}/{len(rows)} = {lists / len(rows):.1%} of products; {names} names"
    )
    print(f"  entries holding a comma-separated list: parsed {comma_parsed}/{comma_lists}")
    print(
        f"  analysis + verdict per product: p50 {statistics.median(timings):.2f} ms, p95 {_p95(timings):.2f} ms"
    )
    print("  products with each flag: " + ", ".join(f"{f} {flags[f]}" for f in SHOWN_FLAGS))
    total = sum(agree.values())
    same = agree[(True, True)] + agree[(False, False)]
    print(
        f"  'suits sensitive skin' vs the data set's Sensitive flag: agreement {same}/{total} = {same / total:.1%} "
        f"(suits & flagged {agree[(True, True)]}, suits & not {agree[(True, False)]}, "
        f"avoid & flagged {agree[(False, True)]}, avoid & not {agree[(False, False)]})"
    )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main() -> None:
    parser = suite_arguments(__doc__, SUITE)
    parser.add_argument("--sephora", type=Path, default=SEPHORA)
    args = parser.parse_args()
    asyncio.run(run_suite(args.suite, args.verbose))
    run_sephora(args.sephora)


if __name__ == "__main__":
    main()
