"""Real INCI lists: all 1,472 Sephora products of ../shared/data are parsed or recognised as no list."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from shopcrew.skin.knowledge import knowledge_base

SEPHORA = Path(__file__).resolve().parents[3] / "shared" / "data" / "sephora-cosmetics" / "cosmetics.csv"

pytestmark = pytest.mark.skipif(
    not SEPHORA.exists(), reason=f"the Sephora data set is not at {SEPHORA} (it lives in ../shared/data)"
)


def _rows() -> list[dict[str, str]]:
    with SEPHORA.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_sephora_entry_is_parsed_or_recognised_as_no_list() -> None:
    kb = knowledge_base()
    rows = _rows()
    assert len(rows) == 1472
    outcomes: Counter[str] = Counter()
    for row in rows:
        analysis = kb.analyse(row["Ingredients"])
        if analysis.problem is None:
            assert analysis.names, row["Name"]
            # No name is a sentence: parsing never leaves prose behind as an "ingredient".
            assert all(len(name.split()) <= 9 for name in analysis.names), row["Name"]
            outcomes["list"] += 1
        else:
            # What is no list is a placeholder ("Visit the ... boutique", "No Info"), a lone footnote or a disclaimer.
            text = row["Ingredients"].strip()
            assert "," not in text or "subject to change" in text, (row["Name"], text[:80])
            outcomes["no list"] += 1
    assert outcomes["list"] >= 1290


def test_flags_are_found_where_the_labels_say() -> None:
    kb = knowledge_base()
    by_name = {row["Name"]: row for row in _rows()}
    la_mer = kb.analyse(by_name["Crème de la Mer"]["Ingredients"])
    assert {"fragrance", "alcohol_denat", "essential_oil", "fragrance_allergen"} <= la_mer.flags
    found = Counter(flag for row in by_name.values() for flag in kb.analyse(row["Ingredients"]).flags)
    for flag in (
        "fragrance",
        "essential_oil",
        "alcohol_denat",
        "retinoid",
        "aha",
        "bha",
        "vitamin_c",
        "niacinamide",
        "comedogenic",
        "cooling",
        "witch_hazel",
    ):
        assert found[flag] > 0, flag
