"""One Fit Analyzer turn: read measurements and sizes, find the product meant, decide, or ask for what's missing."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from shopcrew.agents.product_compare import is_comparison
from shopcrew.agents.product_expert import answer as product_expert_answer
from shopcrew.agents.product_links import Shown, link_products
from shopcrew.agents.types import AgentInput, AgentReply, TurnContext
from shopcrew.domain.catalog import Product
from shopcrew.fit.advice import SizeAdvice, advise, cm_text
from shopcrew.fit.charts import (
    PROFILE_WORDS,
    brand_row,
    category_words,
    chart_for_product,
    store_brands,
)
from shopcrew.fit.colour_context import asked_colour
from shopcrew.fit.evidence import fit_evidence
from shopcrew.fit.groups import KIDS, is_shoe_group, product_group
from shopcrew.fit.measurements import LABELS, contradictions, parse_measurements
from shopcrew.fit.product_meant import CHOICES_KEY, PRODUCT_KEY, other_version, product_meant
from shopcrew.fit.references import SizeReference
from shopcrew.fit.references import find_references as _find_references
from shopcrew.fit.understand import model_rewrite
from shopcrew.store.demo.size_charts import KIDS_SIZES

NAME = "fit"
ASK_DETAILS = "fit_details"
ASK_PRODUCT = "fit_product"
FOLLOW_UP = "fit_follow_up"

_PROFILE_QUESTION = re.compile(
    r"\b(?:runs?|running|fits?|fitting|come|comes)\s+(?:a\s+bit\s+|really\s+|very\s+)?(small|large|big|true|narrow|wide)\b"
    r"|\btrue to size\b|\bsize (?:up|down)\b",
    re.IGNORECASE,
)
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
    if not request.continuing and _is_search(text):
        # "Which running shoe has the most arch support in a size 11 wide?", "compare X vs Y in size
        # 11": a size there filters a search; the Product Expert answers.
        ctx.trace.notes.append(
            "fit: a product search or comparison, not a sizing question; answered by the product expert"
        )
        return product_expert_answer(ctx, request, cart_template)
    if request.continuing and request.domain != "fit" and not _about_size(request, parsed.values, refs):
        # "Does it come in sage?", "add it to my cart": about the product, not its size.
        ctx.trace.notes.append(
            "fit: a follow-up about the product, not its size; answered by the product expert"
        )
        return product_expert_answer(ctx, request, cart_template)
    gives_details = bool(parsed.values or parsed.problems or refs)
    product, general, candidates = product_meant(ctx, request, refs, gives_details=gives_details)
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
    # A colour named now, else the one in context (the look's piece, the colour last asked about).
    in_context = asked_colour(state, product, list(request.extraction.colours))
    colour = in_context.colour if in_context else None
    if in_context and in_context.source != "message":
        ctx.trace.notes.append(f"fit: stock checked in {in_context.colour}, the colour {in_context.source}")
    # The latest word wins: a size given now goes before measurements given earlier.
    said_now = [r for r in refs if r.group in (group, None)]
    measurements = {} if said_now and not parsed.values else state.measurements
    advice = advise(ctx.session, product, measurements, refs, state.sizes, colour=colour)
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


_SIZE_TALK = re.compile(
    r"\b(size[sd]?|sizing|fit|fits|fitting|small|large|big|tight|loose|snug|roomy|runs?|measure\w*|"
    r"cm|inch(?:es)?|wide|narrow|length|waist|hips?|chest|bust|inseam|foot|feet|tall|petite|"
    r"up|down|between|xs|xl|xxl|which one|first|second|third|last|other)\b",
    re.IGNORECASE,
)


_ASKS_SIZE = re.compile(
    r"\b(?:what|which) size\b|\bsize (?:should|do|would|am|for me)\b|\bmy size\b|"
    r"\bshould i (?:get|order|buy|take|go)\b|\bsize (?:up|down)\b|\bruns? (?:small|large|big|true)\b|"
    r"\btrue to size\b|\bfits? me\b|\bhow (?:does|do) (?:it|they|the\b)",
    re.IGNORECASE,
)
_SEARCH = re.compile(
    r"\b(?:which|what)\b(?!\s+size)[^?.!]*\b(?:has|have|is|are|gives?|offers?)\b[^?.!]*\b(?:most|best|least|more|less)\b"
    r"|\b(?:recommend|suggest|show me|looking for|find me|do you (?:have|sell|carry))\b",
    re.IGNORECASE,
)


def _is_search(text: str) -> bool:
    """A product search or comparison that mentions a size, rather than a question about one's size."""
    return not _ASKS_SIZE.search(text) and bool(is_comparison(text) or _SEARCH.search(text))


def _about_size(request: AgentInput, values: dict[str, Any], refs: list[SizeReference]) -> bool:
    """True when a message in the fit thread is about sizes (or picks an item to size)."""
    extraction = request.extraction
    return bool(
        values
        or refs
        or extraction.sizes
        or extraction.widths
        or extraction.ordinal is not None
        or _SIZE_TALK.search(request.text)
        or other_version(request.text)
    )


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
        facts["cart_links"] = _sized_links(ctx, request, product, advice, cart_template)
    return AgentReply(intent="fit.advice", facts=facts, products=[product], awaiting_slot=FOLLOW_UP)


def _sized_links(
    ctx: TurnContext, request: AgentInput, product: Product, advice: SizeAdvice, cart_template: str
) -> list[dict[str, Any]]:
    """The add-to-cart link adds the recommended size, else the alternative, never another size."""
    sizes = [s for s in (advice.size, advice.alternative) if s]
    options = {"width": advice.width, "inseam": advice.inseam, "colour": advice.colour}
    variants = [v for s in sizes for v in product.matching_variants(size=s, **options) if v.in_stock]
    if not variants and advice.colour:
        options["colour"] = None
        variants = [v for s in sizes for v in product.matching_variants(size=s, **options) if v.in_stock]
    links = link_products(
        ctx, request.text, "fit.advice", [Shown(product, variants)], cart_template, agent=NAME
    )
    wanted = {s.casefold() for s in sizes}
    for link in links:
        variant = next((v for v in product.variants if v.id == link["variant_id"]), None)
        if variant is None or str(variant.options.get("size", "")).casefold() not in wanted:
            # Nothing of the shopper's size can be bought: no link rather than a link to another size.
            link.update(url=None, variant_id=None, variant=None, price=None)
    return links


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
