"""One Fit Analyzer turn: read measurements and sizes, find the product meant, decide, or ask for what's missing."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from shopcrew.agents.product_expert import named_products
from shopcrew.agents.product_links import Shown, link_products
from shopcrew.agents.types import AgentInput, AgentReply, TurnContext
from shopcrew.domain.catalog import Product
from shopcrew.fit.advice import SizeAdvice, advise, cm_text
from shopcrew.fit.charts import (
    PROFILE_WORDS,
    brand_row,
    category_words,
    chart_for_product,
    product_gender,
    store_brands,
)
from shopcrew.fit.evidence import fit_evidence
from shopcrew.fit.groups import KIDS, SHOES, group_for_word, is_shoe_group, product_group
from shopcrew.fit.measurements import LABELS, contradictions, parse_measurements
from shopcrew.fit.references import SizeReference
from shopcrew.fit.references import find_references as _find_references
from shopcrew.fit.understand import model_rewrite
from shopcrew.store.demo.size_charts import KIDS_SIZES

NAME = "fit"
PRODUCT_KEY = "fit_product"
CHOICES_KEY = "fit_choices"
# Catalogs up to this size are scanned for a product title spelled out in the message.
SCAN_LIMIT = 5000
ASK_DETAILS = "fit_details"
ASK_PRODUCT = "fit_product"
FOLLOW_UP = "fit_follow_up"

_PROFILE_QUESTION = re.compile(
    r"\b(?:runs?|running|fits?|fitting|come|comes)\s+(?:a\s+bit\s+|really\s+|very\s+)?(small|large|big|true|narrow|wide)\b"
    r"|\btrue to size\b|\bsize (?:up|down)\b",
    re.IGNORECASE,
)
_POINTING = re.compile(r"\b(it|this|that|these|those|them|the same)\b", re.IGNORECASE)
_BODY_WORDS = {
    "waist",
    "hip",
    "hips",
    "chest",
    "bust",
    "foot",
    "feet",
    "long",
    "wide",
    "narrow",
    "high",
    "inseam",
    "length",
    "leg",
    "tall",
    "cm",
    "in",
    "inch",
    "inches",
    "my",
    "is",
    "and",
}
_WIDTH_WORDS = {"narrow": "Narrow", "regular": "Standard", "wide": "Wide", "extra wide": "Extra Wide"}


async def answer(ctx: TurnContext, request: AgentInput, cart_template: str) -> AgentReply:
    """Size the product the shopper means, or ask for what's missing."""
    state = ctx.state
    text = request.text
    brands = store_brands(ctx.session)
    parsed = parse_measurements(text)
    refs = _find_references(text, brands)
    if not (parsed.values or parsed.problems or refs):
        # Words the parser can't read ("five foot six", "I'm usually medium-ish") may still be
        # understood by a model; its plain rewrite goes through the same parser and checks.
        rewritten = await model_rewrite(ctx, text)
        if rewritten:
            parsed = parse_measurements(rewritten)
            refs = _find_references(rewritten, brands)
    product, general, candidates = _product_meant(ctx, request, refs)
    problems = [p.message for p in parsed.problems]
    merged = {**state.measurements, **parsed.values}
    clashes = contradictions(merged)
    if clashes:
        problems.extend(f"{c}; could you check them?" for c in clashes)
    elif not problems:
        state.measurements = merged
    if product is not None:
        state.pending[PRODUCT_KEY] = product.id
    if problems:
        ctx.trace.notes.append(f"fit: measurements refused: {'; '.join(problems)}")
        return AgentReply(
            intent="fit.problem",
            facts={"problems": problems, "title": product.title if product else None},
            awaiting_slot=ASK_DETAILS,
        )
    group = product_group(product) if product else None
    _remember_references(ctx.session, state.sizes, refs, group)
    if parsed.values.get("foot_width"):
        state.sizes["shoe_width"] = _WIDTH_WORDS[str(parsed.values["foot_width"])]
    if product is not None and group == KIDS and parsed.age_years and "height_cm" not in state.measurements:
        refs = [*refs, SizeReference(size=_kids_size_for_age(parsed.age_years), group=KIDS)]
    if product is None:
        # "The second one" next turn means the second of these, not of the list they came from.
        state.pending[CHOICES_KEY] = [p.id for p in candidates]
        choices = [{"position": n, "title": p.title} for n, p in enumerate(candidates, start=1)]
        return _nothing_to_size(ctx, parsed.values, refs, parsed.assumptions, choices)
    colour = next(iter(request.extraction.colours), None)
    advice = advise(ctx.session, product, state.measurements, refs, state.sizes, colour=colour)
    ctx.trace.tool("size_advice", {"product_id": product.id, "basis": advice.basis}, advice.facts())
    state.remember_products([product.id], shown=False)
    if advice.missing == ["not_sized"]:
        return AgentReply(intent="fit.not_sized", facts={"title": product.title}, products=[product])
    if advice.missing:
        if _PROFILE_QUESTION.search(text):
            return _profile_answer(ctx, product)
        facts: dict[str, Any] = {
            "title": product.title,
            "missing": advice.missing,
            "ask_width": is_shoe_group(group) and len(product.option_values("width")) > 1,
        }
        return AgentReply(intent="fit.ask", facts=facts, products=[product], awaiting_slot=ASK_DETAILS)
    return _advice_reply(ctx, request, product, advice, parsed.assumptions, general, cart_template)


def _advice_reply(
    ctx: TurnContext,
    request: AgentInput,
    product: Product,
    advice: SizeAdvice,
    assumptions: list[str],
    general: bool,
    cart_template: str,
) -> AgentReply:
    state = ctx.state
    if (
        advice.usual_size
        and advice.group
        and (advice.basis == "measurements" or advice.group not in state.sizes)
    ):
        state.sizes[advice.group] = advice.usual_size
    shown = advice.facts()
    if general:
        shown["title"] = f"{product.brand} {category_words(product.category)}"
    facts: dict[str, Any] = {
        "advice": shown,
        "assumptions": assumptions,
        "general": general,
        "problems": [],
    }
    if advice.outside == "above" and not is_shoe_group(advice.group):
        facts["plus_brands"] = _plus_brands(ctx, product)
    ctx.trace.facts.append({"kind": "product", "id": product.id, "title": product.title, "size": advice.size})
    if not general:
        variants = product.matching_variants(size=advice.size, width=advice.width, inseam=advice.inseam)
        facts["cart_links"] = link_products(
            ctx, request.text, "fit.advice", [Shown(product, variants)], cart_template, agent=NAME
        )
    return AgentReply(intent="fit.advice", facts=facts, products=[product], awaiting_slot=FOLLOW_UP)


def _profile_answer(ctx: TurnContext, product: Product) -> AgentReply:
    """ "Does it run small?" with nothing known of the shopper: the brand's profile and the returns."""
    chart = chart_for_product(ctx.session, product)
    evidence = fit_evidence(ctx.session, product.id)
    brand = chart.brand_name or product.brand or "It"
    sentence = f"{brand} {PROFILE_WORDS.get(chart.profile, 'fits true to size')} in {category_words(product.category)}"
    if chart.profile == "runs_small":
        sentence += ", so most people size up"
    elif chart.profile == "runs_large":
        sentence += ", so most people size down"
    facts = {
        "title": product.title,
        "profile": chart.profile,
        "profile_sentence": sentence,
        "evidence": evidence.sentence() if evidence.learned else None,
        "returns_note": (
            f"Too few fit returns to say more ({evidence.too_small} too small, {evidence.too_large} too large)."
            if not evidence.learned
            else None
        ),
    }
    ctx.trace.tool("fit_profile", {"product_id": product.id}, facts)
    return AgentReply(intent="fit.profile", facts=facts, products=[product], awaiting_slot=ASK_DETAILS)


def _nothing_to_size(
    ctx: TurnContext,
    values: dict[str, Any],
    refs: list[SizeReference],
    assumptions: list[str],
    choices: list[dict[str, Any]],
) -> AgentReply:
    noted = [f"{LABELS.get(k, k)} {_shown_value(k, v)}" for k, v in values.items()]
    noted += [f"you wear {r.describe()}" for r in refs]
    return AgentReply(
        intent="fit.noted",
        facts={"noted": noted, "assumptions": assumptions, "problems": [], "choices": choices},
        awaiting_slot=ASK_PRODUCT,
    )


def _shown_value(key: str, value: Any) -> str:
    if key == "foot_width":
        return str(value)
    unit = "kg" if key == "weight_kg" else "cm"
    return f"{cm_text(float(value))} {unit}"


def _remember_references(
    session: Session, sizes: dict[str, str], refs: list[SizeReference], group: str | None
) -> None:
    """Keep the sizes the shopper wears in standard sizing (a brand that runs small says less)."""
    for ref in refs:
        target = ref.group or group
        if not target:
            continue
        if ref.brand_id:
            brand = brand_row(session, ref.brand_id)
            profiles = set((brand.fit_profile or {}).values()) if brand else set()
            if profiles - {"true_to_size"}:
                continue
        sizes[target] = ref.size
        if ref.width:
            sizes["shoe_width"] = ref.width


def _kids_size_for_age(age: int) -> str:
    """Kids' sizes follow age: the first size at or above it (a 7-year-old starts at 8)."""
    return next((s for s in KIDS_SIZES if int(s) >= age), KIDS_SIZES[-1])


def _named(request: AgentInput) -> list[int]:
    """Products the message names, ignoring matches made only of body words ("High-Waist" for "waist")."""
    mentions = [
        m
        for m in request.extraction.products
        if not set(re.findall(r"[a-z]+", m.matched_text.lower())) <= _BODY_WORDS
    ]
    if len(mentions) != len(request.extraction.products):
        request = replace(request, extraction=request.extraction.model_copy(update={"products": mentions}))
    return named_products(request)


def _product_meant(
    ctx: TurnContext, request: AgentInput, refs: list[SizeReference]
) -> tuple[Product | None, bool, list[Product]]:
    """The product to size, whether it only stands for a brand's range ("Harbor & Pine shirts"),
    and, when the message could mean several, those to ask about."""
    state = ctx.state
    shown = state.last_products_shown
    choices = state.pending.pop(CHOICES_KEY, None) if request.continuing else None
    if choices:
        shown = [int(i) for i in choices]
    ordinal = request.extraction.ordinal
    if ordinal is not None and shown:
        index = ordinal - 1 if ordinal > 0 else len(shown) + ordinal
        if 0 <= index < len(shown):
            return ctx.catalog.get(shown[index]), False, []
    titled = _titled(ctx, request)
    if titled is not None:
        return titled, False, []
    named = [p for p in (ctx.catalog.get(i) for i in _named(request)) if p is not None]
    if len(named) > 1:
        # "The trail runner" names a product line: the shopper's gender may settle it, else ask.
        gender = next((r.gender for r in refs if r.gender), None) or _gender_said(request.text)
        narrowed = [p for p in named if gender and product_gender(p) == gender]
        named = narrowed if len(narrowed) == 1 else named
    if len(named) == 1:
        return named[0], False, []
    if named:
        return None, False, named[:5]
    words = [group_for_word(w) for w in re.findall(r"[a-z'-]+", request.text.lower())]
    asked_group = next((g for g in words if g), None)
    garment = _garment_word(request.text)
    recent = [p for p in (ctx.catalog.get(i) for i in reversed(state.products_referenced)) if p is not None]
    if garment and recent:
        listed = [p for p in (ctx.catalog.get(i) for i in shown) if p is not None and p.category == garment]
        list_is_latest = bool(state.products_referenced) and state.products_referenced[-1] in shown
        if len(listed) > 1 and list_is_latest and not request.continuing:
            # "That dress" after a list of three: asking beats guessing.
            return None, False, listed
        for product in recent:
            if product.category == garment:
                return product, False, []
    if asked_group and recent and not request.extraction.brands:
        for product in recent:
            if product_group(product) == asked_group:
                return product, False, []
    referenced_brands = {r.brand_name for r in refs if r.brand_name}
    if request.extraction.brands and asked_group and request.extraction.brands[0] not in referenced_brands:
        stand_in = _brand_range(ctx, request.extraction.brands[0], asked_group)
        if stand_in is not None:
            return stand_in, True, []
    pending = ctx.catalog.get(int(state.pending.get(PRODUCT_KEY) or 0))
    if pending is not None and asked_group and product_group(pending) != asked_group:
        pending = None  # "what size shoe?" while a dress was being sized: a new item
    if pending is not None and (request.continuing or _POINTING.search(request.text)):
        return pending, False, []
    if _POINTING.search(request.text) and recent:
        return recent[0], False, []
    return None, False, []


def _gender_said(text: str) -> str | None:
    lowered = text.lower()
    if re.search(r"\b(women'?s|womens|ladies)\b", lowered):
        return "women"
    if re.search(r"\b(men'?s|mens)\b", lowered):
        return "men"
    if re.search(r"\b(kids'?|girls'?|boys'?|child|son|daughter)\b", lowered):
        return "kids"
    return None


def _plain(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))) + " "


def _titled(ctx: TurnContext, request: AgentInput) -> Product | None:
    """The sized product whose full title the message spells out (the longest, when several do).

    Candidates are the gazetteer's mentions; a catalog of up to SCAN_LIMIT products is also scanned
    (the gazetteer misses some names with punctuation, "Kids' Light-Up Sneaker"). A larger catalog
    relies on the gazetteer alone: a scan there would cost more than the rest of the turn.
    """
    said = _plain(request.text)
    pool = [p for p in (ctx.catalog.get(m.product_id) for m in request.extraction.products) if p is not None]
    if not pool and len(ctx.catalog) <= SCAN_LIMIT:
        pool = ctx.catalog.products
    found = [
        p
        for p in pool
        if p.vertical in ("apparel", "footwear") and len(p.title) > 5 and _plain(p.title) in said
    ]
    return max(found, key=lambda p: (len(p.title), p.active), default=None)


def _garment_word(text: str) -> str | None:
    lowered = text.lower()
    for word, category in (("dress", "dress"), ("jeans", "jeans"), ("skirt", "skirt"), ("blazer", "blazer")):
        if re.search(rf"\b{word}\b", lowered) and not re.search(r"\bdress shoes?\b", lowered):
            return category
    return None


def _brand_range(ctx: TurnContext, brand: str, group: str) -> Product | None:
    """An active product of the brand in the size group, standing for the brand's chart."""
    for product in ctx.catalog.products:
        if (
            product.brand == brand
            and product.active
            and product_group(product) in (group, KIDS if group == KIDS else group)
        ):
            return product
    if group == SHOES:
        return next(
            (
                p
                for p in ctx.catalog.products
                if p.brand == brand and p.active and is_shoe_group(product_group(p))
            ),
            None,
        )
    return None


def _plus_brands(ctx: TurnContext, product: Product) -> list[str]:
    """Brands carrying plus sizes (1X-3X) in the product's size group."""
    group = product_group(product)
    found: dict[str, None] = {}
    for other in ctx.catalog.products:
        if (
            other.brand
            and other.active
            and product_group(other) == group
            and "3X" in other.option_values("size")
        ):
            found.setdefault(other.brand, None)
    return list(found)
