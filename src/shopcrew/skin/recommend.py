"""Choosing catalog products for a skin profile, and judging one product against it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shopcrew.domain.catalog import Product
from shopcrew.skin.knowledge import KnowledgeBase
from shopcrew.skin.profile import SkinProfile
from shopcrew.skin.rules import AVOID, Rule, Verdict, judge

RECOMMENDED = 3
FLAGGED = 2
# Flags a shopper with sensitive or rosacea-prone skin is glad to hear a product is free of.
_FREE_OF = (
    ("fragrance", "fragrance"),
    ("essential_oil", "essential oils"),
    ("alcohol_denat", "drying alcohol"),
)


@dataclass(frozen=True)
class Judged:
    """A product with its verdict for the profile and how well it fits what was asked."""

    product: Product
    verdict: Verdict
    score: float
    reasons: tuple[str, ...]


def is_skincare(product: Product) -> bool:
    """Products the Skin Analyzer reasons about: beauty products, or any with an ingredient list."""
    return product.vertical == "beauty" or bool(product.ingredients)


def judge_product(
    product: Product, profile: SkinProfile, kb: KnowledgeBase, rules: Sequence[Rule]
) -> Verdict:
    """One product against the profile."""
    return judge(
        kb.analyse(product.ingredients), profile, kb, rules, category=product.category, title=product.title
    )


def rank_products(
    products: Iterable[Product],
    profile: SkinProfile,
    kb: KnowledgeBase,
    rules: Sequence[Rule],
    *,
    categories: Sequence[str] = (),
    max_price: Decimal | None = None,
    concerns: Sequence[str] = (),
) -> tuple[list[Judged], list[Judged]]:
    """Products that suit the profile (best first) and relevant ones to avoid, within the request."""
    wanted = {c.casefold() for c in categories}
    suits: list[Judged] = []
    avoid: list[Judged] = []
    all_concerns = tuple(dict.fromkeys([*profile.concerns, *concerns]))
    for product in products:
        if not (product.active and product.in_stock and is_skincare(product) and product.ingredients):
            continue
        if wanted and product.category.casefold() not in wanted:
            continue
        price = min((v.price for v in product.variants if v.in_stock), default=product.min_price)
        if max_price is not None and price > max_price:
            continue
        verdict = judge_product(product, profile, kb, rules)
        score, reasons = _fit(product, verdict, profile, all_concerns)
        judged = Judged(product, verdict, score, tuple(reasons))
        (avoid if verdict.level == AVOID else suits).append(judged)
    suits.sort(key=lambda j: (j.verdict.level != "suits", -j.score, j.product.min_price, j.product.id))
    avoid.sort(key=lambda j: (-j.score, j.product.id))
    return suits, avoid


def _fit(
    product: Product, verdict: Verdict, profile: SkinProfile, concerns: Sequence[str]
) -> tuple[float, list[str]]:
    """How well a product fits (listed skin types and concerns, helpful ingredients) and why, in words."""
    attributes: dict[str, Any] = dict(product.attributes)
    listed_types = [str(t) for t in attributes.get("skin_types") or []]
    listed_concerns = [str(c) for c in attributes.get("concerns") or []]
    score = 0.0
    reasons: list[str] = []
    if profile.sensitive and "sensitive" in listed_types:
        score += 3
        reasons.append("made for sensitive skin")
    if profile.type and profile.type != "sensitive" and profile.type in listed_types:
        score += 2
        reasons.append(f"suits {profile.type} skin")
    if not profile.known_type and len(set(listed_types)) >= 4:
        score += 1
        reasons.append("suits most skin types")
    targeted = [c for c in concerns if c in listed_concerns]
    score += 2 * len(targeted)
    if targeted:
        reasons.append("targets " + " and ".join(targeted))
    helpers: dict[str, None] = {}
    for found in verdict.analysis.found:
        if found.ingredient.helps & set(concerns) and found.position < 15:
            helpers.setdefault(found.inci, None)
    score += min(len(helpers), 3) * 0.7
    if helpers:
        reasons.append("with " + ", ".join(list(helpers)[:3]))
    if profile.sensitive or {"rosacea", "redness"} & set(concerns):
        free = [label for flag, label in _FREE_OF if not verdict.analysis.has(flag)]
        if len(free) == len(_FREE_OF):
            reasons.insert(0, "no fragrance, essential oils or drying alcohol")
    elif not verdict.analysis.flags & {"fragrance", "essential_oil", "fragrance_allergen"}:
        reasons.append("fragrance-free")
    if "bestseller" in product.tags:
        score += 0.5
    if verdict.level != "suits":
        score -= 1
    return score, reasons
