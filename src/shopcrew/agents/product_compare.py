"""Comparisons: which products the shopper means, and their attributes side by side, differences first."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from shopcrew.agents.product_attributes import (
    DEFINING,
    SPECS,
    asked_attributes,
    attribute_value,
    format_value,
    label,
    level,
    size_key,
)
from shopcrew.catalog.filters import match_categories
from shopcrew.catalog.search import CatalogIndex, SearchFilters
from shopcrew.catalog.text import normalise, tokens
from shopcrew.domain.catalog import Product

MAX_COMPARED = 4
MAX_ROWS = 8
_COMPARE = re.compile(
    r"\b(compare|comparing|comparison|vs|versus|difference|differences|differ|side by side|stack up)\b"
)
_WHICH_BETTER = re.compile(
    r"\bwhich( one| of (them|these|those|the two|the three|both))? (is|are|'s|would be|should i (get|buy|pick))"
    r" (better|best|cheaper|cheapest|lighter|lightest|the (better|best|cheapest|lightest)|more|most)\b"
    r"|\bbetter\b.*\bor\b|\bor\b.*\bbetter\b"
)
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
    "5th": 5, "last": -1,
}  # fmt: skip
_COUNTS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
ALL_SHOWN = re.compile(
    r"\b(them|these|those|both|all|all of them|all three|all four|the two|the three|which one)\b"
)
ONE_REFERENCED = ("it", "this", "that", "this one", "that one")
_LEAD = re.compile(
    r"^.*?\b(?:compare|comparing|difference between|differences between|how does|how do|"
    r"which is better(?: for [^,]+)?|which one is better(?: for [^,]+)?|what'?s better(?: for [^,]+)?)\b[\s,:]*"
)
_SPLIT = re.compile(
    r"\s*,\s*(?:or\s+|and\s+)?|\s+(?:vs\.?|versus|compared? (?:to|with)|against|or|and|with|to)\s+"
)
# What follows the names: "... for arch support", "... in size 11" (cut before splitting on "and"),
# and "... compare?" (cut from each name after splitting, as "X compare to Y" splits there first).
_QUALIFIER = re.compile(r"\s(for|in size|in a size|in a|in an)\s.*$|\sin\s+\d.*$")
_TAIL = re.compile(r"\b(compare|stack up|differ|side by side)\b.*$")
_FILLER = {
    "the",
    "a",
    "an",
    "your",
    "this",
    "that",
    "one",
    "ones",
    "to",
    "for",
    "me",
    "please",
    "which",
    "better",
}


@dataclass
class CompareTargets:
    """The products to compare, names the catalog doesn't have, and an assumption made on the way."""

    products: list[Product] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    assumed: str | None = None
    matched: list[str] = field(default_factory=list)  # the phrases that named a product
    shown_count: int | None = None  # set when the shopper named a position past the last list


def is_comparison(text: str) -> bool:
    """True for "compare X and Y", "X vs Y", "which is better, X or Y?", "which one is best?"."""
    lowered = normalise(text)
    return bool(_COMPARE.search(lowered) or _WHICH_BETTER.search(lowered))


def ordinals_in(text: str) -> list[int]:
    """Positions named in a message: "the first and third" -> [1, 3], "the last two" -> [-2, -1]."""
    lowered = normalise(text)
    count = re.search(r"\b(first|last|top) (two|three|four|2|3|4)\b", lowered)
    if count:
        n = _COUNTS[count.group(2)]
        return list(range(-n, 0)) if count.group(1) == "last" else list(range(1, n + 1))
    found = [
        (m.start(), _ORDINALS[m.group(1)])
        for m in re.finditer(r"\b(" + "|".join(_ORDINALS) + r")\b", lowered)
    ]
    found += [
        (m.start(), int(m.group(1))) for m in re.finditer(r"(?:#|\bnumber |\bno\.? ?)([1-9])\b", lowered)
    ]
    return list(dict.fromkeys(position for _, position in sorted(found)))


def name_phrases(text: str) -> list[str]:
    """The product names a comparison puts side by side: "how does A compare to B?" -> ["A", "B"]."""
    lowered = normalise(text).rstrip("?!. ")
    body = _QUALIFIER.sub("", _LEAD.sub("", lowered, count=1))
    phrases = []
    for part in _SPLIT.split(body):
        part = _TAIL.sub("", part or "").strip(" ,?")
        if part and any(w not in _FILLER for w in part.split()):
            phrases.append(part)
    return phrases


def resolve_names(catalog: CatalogIndex, phrases: Sequence[str], gender: str | None) -> CompareTargets:
    """Each phrase to one catalog product; men's/women's twins follow the shopper's or the other side's gender."""
    candidates = [(phrase, _candidates(catalog, phrase)) for phrase in phrases]
    targets = CompareTargets(
        not_found=[phrase for phrase, found in candidates if not found],
        matched=[phrase for phrase, found in candidates if found],
    )
    found = [options for _, options in candidates if options]
    if gender is None:
        decided = {
            str(o[0].attributes.get("gender")) for o in found if len(o) == 1 and o[0].attributes.get("gender")
        }
        gender = next(iter(decided)) if len(decided) == 1 else None
    for options in found:
        if len(options) > 1 and gender is None:
            gender = str(options[0].attributes.get("gender") or "") or None
            if gender:
                targets.assumed = f"{gender}'s"
        pick = next((p for p in options if gender and p.attributes.get("gender") == gender), options[0])
        if pick not in targets.products:
            targets.products.append(pick)
    return targets


def _candidates(catalog: CatalogIndex, phrase: str) -> list[Product]:
    """The best-matching products for a name: most of its words in the title (or its category), fewest extra."""
    words = [w for w in tokens(phrase) if w not in _FILLER]
    if not words:
        return []
    # A word may name the category instead of the title ("Summit hiker" is the Summit hiking boot).
    word_categories = {w: set(match_categories(w, catalog.categories)) for w in words}
    scored: list[tuple[float, int, Product]] = []
    for product in catalog.products:
        if not product.active:
            continue
        title = set(tokens(f"{product.title} {product.brand or ''}"))
        in_title = sum(1 for w in words if w in title)
        if not in_title:
            continue
        hits = sum(1 for w in words if w in title or product.category in word_categories[w])
        score = hits / len(words)
        if score >= 0.6:
            scored.append((score, len(title - set(words)), product))
    if not scored:
        return []
    best_score = max(s for s, _, _ in scored)
    best = [(extra, p) for s, extra, p in scored if s == best_score]
    fewest = min(extra for extra, _ in best)
    return [p for extra, p in sorted(best, key=lambda x: x[1].id) if extra == fewest][:MAX_COMPARED]


def comparison_facts(
    products: Sequence[Product], prices: Sequence[str], text: str, filters: SearchFilters
) -> dict[str, Any]:
    """Side-by-side facts: the attributes asked about and the category's defining ones, differences first."""
    asked = asked_attributes(text)
    keys = [k for k in asked if k in SPECS]
    for vertical in dict.fromkeys(p.vertical for p in products):
        keys += [k for k in DEFINING.get(vertical, ()) if k not in keys]
    rows: list[dict[str, Any]] = []
    missing: list[dict[str, str]] = []
    for key in keys:
        values = [attribute_value(p, key) for p in products]
        if all(v is None for v in values) and key not in asked:
            continue  # not an attribute of this kind of product
        shown = [format_value(key, v) if v is not None else None for v in values]
        rows.append(
            {
                "key": key,
                "label": label(key),
                "values": shown,
                # Lists differ by content, not order ("trail, mud" is "mud, trail").
                "differs": len({_comparable(v) for v in values}) > 1,
                "asked": key in asked,
            }
        )
        missing += [
            {"title": p.title, "attribute": label(key).lower()}
            for p, v in zip(products, values, strict=True)
            if v is None and (key in asked or key in DEFINING.get(p.vertical, ()))
        ]
    if "sizes" in asked or filters.size:
        rows.insert(0, _sizes_row(products, filters))
    rows = sorted(rows, key=lambda r: (not r["asked"], not r["differs"]))[:MAX_ROWS]
    return {
        "products": [
            {"id": p.id, "title": p.title, "brand": p.brand, "price": price, "position": i}
            for i, (p, price) in enumerate(zip(products, prices, strict=True), start=1)
        ],
        "rows": rows,
        "missing": missing,
        "verdicts": _verdicts(products, prices, asked, filters),
    }


def _comparable(value: Any) -> Any:
    return frozenset(str(v).casefold() for v in value) if isinstance(value, list | tuple) else value


def _sizes_row(products: Sequence[Product], filters: SearchFilters) -> dict[str, Any]:
    if filters.size:
        wanted = {"size": filters.size, "width": filters.width, "colour": filters.colour}
        asked = " ".join(v for v in wanted.values() if v)
        values = ["yes" if any(v.in_stock for v in p.matching_variants(**wanted)) else "no" for p in products]
        return {
            "key": "sizes",
            "label": f"In stock in {asked}",
            "values": values,
            "differs": len(set(values)) > 1,
            "asked": True,
        }
    values = []
    for p in products:
        sizes = sorted(
            {v.options["size"] for v in p.variants if v.in_stock and "size" in v.options}, key=size_key
        )
        values.append(
            f"{sizes[0]}–{sizes[-1]}" if len(sizes) > 1 else (sizes[0] if sizes else "none in stock")
        )
    return {
        "key": "sizes",
        "label": "Sizes in stock",
        "values": values,
        "differs": len(set(values)) > 1,
        "asked": True,
    }


def _verdicts(
    products: Sequence[Product], prices: Sequence[str], asked: list[str], filters: SearchFilters
) -> list[str]:
    """Which product wins on each attribute the shopper asked about, decided here and not by a model."""
    verdicts: list[str] = []
    names = [p.title for p in products]
    if "price" in asked and len(set(prices)) > 1:
        cheapest = min(range(len(products)), key=lambda i: float(prices[i]))
        verdicts.append(f"Cheapest: {names[cheapest]}")
    for key in asked:
        spec = SPECS.get(key)
        if spec is None or not spec.best:
            continue
        values = [attribute_value(p, key) for p in products]
        ranks = [(level(v) if spec.kind == "level" else float(v)) if v is not None else None for v in values]
        known = [r for r in ranks if r is not None]
        if len(known) < 2 or len(set(known)) == 1:
            continue
        target = max(known) if spec.best == "high" else min(known)
        winners = [names[i] for i, r in enumerate(ranks) if r == target]
        if len(winners) == 1:
            word = {"weight_g": "Lightest"}.get(
                key, f"Most {spec.label.lower()}" if spec.kind == "level" else f"Highest {spec.label}"
            )
            verdicts.append(f"{word}: {winners[0]}")
    checks = [(filters.skin_type, "skin_types", f"For {filters.skin_type} skin")] if filters.skin_type else []
    checks += [(c, "concerns", f"For {c}") for c in filters.concerns]
    # Flags only when asked in words: "GTX" in a product name sets the waterproof filter too.
    checks += [(f, f, f.replace("_", "-").capitalize()) for f in filters.flags if f in asked]
    verdicts += [v for wanted, key, lead in checks if (v := _suits(products, key, wanted, lead))]
    return verdicts


def _suits(products: Sequence[Product], key: str, wanted: str | None, lead: str) -> str | None:
    def fits(product: Product) -> bool:
        value = product.attributes.get(key)
        if isinstance(value, bool):
            return value
        return str(wanted).casefold() in [str(v).casefold() for v in (value or [])]

    suited = [p.title for p in products if fits(p)]
    if key in SPECS and SPECS[key].kind == "flag" and len(suited) in (0, len(products)):
        return None  # the same for all: the side-by-side already says so
    if not suited:
        return f"{lead}: the catalog lists none of them"
    if len(suited) == len(products):
        return f"{lead}: the catalog lists {'both' if len(products) == 2 else 'all of them'}"
    return f"{lead}: only {' and '.join(suited)}"


def question_without_names(text: str, names: Sequence[str]) -> str:
    """The message without the product names, so "Waterproof Boot" doesn't ask about waterproofing."""
    lowered = normalise(text)
    for name in names:
        lowered = lowered.replace(name, " ")
    return lowered
