"""One Outfit Builder turn: read the request, ask for what's missing, build looks or edit one, and
show every piece through the recommendation path (events, cart links, grounded facts)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from shopcrew.agents.product_links import Shown, link_products
from shopcrew.agents.types import AgentInput, AgentReply, TurnContext
from shopcrew.catalog.text import normalise
from shopcrew.domain.catalog import Product
from shopcrew.outfit.anchor import anchor_occasion, anchor_piece
from shopcrew.outfit.edits import edit_look
from shopcrew.outfit.index import Candidate, OutfitIndex
from shopcrew.outfit.memory import SLOT_NAMES, SavedOutfit, look_facts, restore_look, saved_looks
from shopcrew.outfit.request import LookRequest, ReadMessage, read_message
from shopcrew.outfit.search import SearchResult, build_looks

NAME = "outfit"
ASK = "outfit_details"
FOLLOW_UP = "outfit_follow_up"
DEFAULT_OCCASION = "casual"
_SIZE_QUESTION = re.compile(
    r"\b(what|which) size\b|\bsize should\b|\bdoes (it|that|this) (run|fit)\b|\bruns? (small|large)\b"
)


def is_size_question(ctx: TurnContext, request: AgentInput) -> bool:
    """A sizing question about a piece already shown ("what size should I get in that dress?")."""
    return bool(_SIZE_QUESTION.search(normalise(request.text)) and ctx.state.last_products_shown)


def answer(ctx: TurnContext, request: AgentInput, index: OutfitIndex, cart_template: str) -> AgentReply:
    """Build looks for the request, edit the last looks, or ask for the occasion and who it's for."""
    state = ctx.state
    saved = SavedOutfit.load(state.outfit)
    read = read_message(request.text, request.extraction)
    if is_size_question(ctx, request):
        # Sizing is the Fit Analyzer's: hand over with the look's pieces still in context.
        return AgentReply(
            intent="outfit.to_fit",
            facts={},
            handoff="fit",
            handoff_reason="size question about a look's piece",
        )
    if read.edit is not None and saved.looks:
        return _edit(ctx, index, saved, read, request.text, cart_template)
    if saved.looks and read.request == LookRequest():
        # Nothing to change and nothing new to build for ("add a dinosaur"): say what works.
        return AgentReply(
            intent="outfit.help", facts={"looks": len(saved.looks)}, awaiting_slot=FOLLOW_UP, understood=False
        )
    problems = list(read.request.problems)  # said back in the reply; the rest of the request still counts
    wanted = _combined(saved, read.request, request.continuing)
    anchor = anchor_piece(ctx, request, index)
    if anchor is None and saved.around is not None and request.continuing:
        anchor = index.item(saved.around)  # the answer to "women's or men's?" for a look around it
    pinned: list[Candidate] = []
    if anchor is not None:
        # "What goes with the Linen Wrap Midi Dress?": every look is built around it, for its
        # wearer and (unless the shopper says) an occasion it is made for.
        wanted = replace(
            wanted,
            gender=anchor.gender if anchor.gender != "unisex" else wanted.gender,
            occasion=wanted.occasion or anchor_occasion(anchor, DEFAULT_OCCASION),
            look_type=None,
        )
        pinned = index.anchor_candidates(anchor.product_id, wanted, state.sizes)
    if wanted.gender is None:
        wanted = replace(wanted, gender=_gender_from_context(ctx, index))
    missing = [
        name for name, value in (("occasion", wanted.occasion), ("gender", wanted.gender)) if value is None
    ]
    said_enough = any(
        (
            read.request.style,
            read.request.colours,
            read.request.budget,
            read.request.season,
            read.request.look_type,
        )
    )
    if "occasion" in missing and (saved.asked or said_enough):
        wanted = replace(wanted, occasion=DEFAULT_OCCASION)
        missing.remove("occasion")
    if missing and not saved.asked:
        around = anchor.product_id if anchor is not None else None
        state.outfit = replace(saved, request=wanted, asked=True, around=around).dump()
        return AgentReply(
            intent="outfit.ask", facts={"missing": missing, "problems": problems}, awaiting_slot=ASK
        )
    result = build_looks(index, wanted, state.sizes, pinned=pinned)
    ctx.trace.tool(
        "build_outfits",
        {
            "request": wanted.to_json(),
            "sizes": dict(state.sizes),
            "around": anchor.product_id if anchor else None,
        },
        _result_ids(result),
    )
    if anchor is not None and not pinned:
        return AgentReply(
            intent="outfit.anchor_unavailable",
            facts={"title": anchor.title, "id": anchor.product_id},
            awaiting_slot=FOLLOW_UP,
        )
    if not result.looks:
        return _no_looks(ctx, index, wanted, saved, cart_template)
    looks = [
        look_facts(n, look.template, look.pieces, look.harmony)
        for n, look in enumerate(result.looks, start=1)
    ]
    # Scores stay out of the facts (a number there could ground a made-up price) but in the trace.
    ctx.trace.notes.append("outfit look scores: " + ", ".join(f"{look.score:.2f}" for look in result.looks))
    facts: dict[str, Any] = {
        "request": _describe(wanted),
        "budget": str(wanted.budget) if wanted.budget is not None else None,
        "looks": looks,
        "unchecked_sizes": list(result.unchecked_sizes),
        "defaulted": wanted.occasion == DEFAULT_OCCASION and read.request.occasion is None,
        "mixed_genders": wanted.gender is None and _genders_in(result) > 1,
        "problems": problems,
        "around": anchor.title if anchor is not None else None,
    }
    stored, templates = saved_looks(result.looks)
    state.outfit = SavedOutfit(wanted, stored, templates, [], asked=saved.asked).dump()
    return _show(
        ctx, request.text, "outfit.looks", facts, [list(look.pieces) for look in result.looks], cart_template
    )


def _genders_in(result: SearchResult) -> int:
    genders = {p.item.gender for look in result.looks for p in look.pieces} - {"unisex"}
    return len(genders)


def _combined(saved: SavedOutfit, said: LookRequest, continuing: bool) -> LookRequest:
    """A follow-up refines the last request; a new occasion starts over, keeping who it's for."""
    before = saved.request
    if said.occasion and before.occasion and said.occasion != before.occasion and saved.looks:
        return replace(said, gender=said.gender or before.gender)
    if saved.looks or saved.asked or continuing:
        return before.merged(said)
    return said


def _gender_from_context(ctx: TurnContext, index: OutfitIndex) -> str | None:
    genders = index.genders() - {"kids"}
    if len(genders) == 1:
        return next(iter(genders))  # a store that dresses one gender needs no question
    if "dresses" in ctx.state.sizes:
        return "women"
    return None


def _edit(
    ctx: TurnContext, index: OutfitIndex, saved: SavedOutfit, read: ReadMessage, text: str, cart_template: str
) -> AgentReply:
    edit = read.edit
    assert edit is not None
    number = edit.look or _first_look_with(saved, edit.slot)
    if not 1 <= number <= len(saved.looks):
        return AgentReply(
            intent="outfit.edit_failed",
            facts={"problem": "no_look", "look": number, "count": len(saved.looks)},
            awaiting_slot=FOLLOW_UP,
        )
    request = replace(saved.request, colours=read.request.colours, avoid_colours=saved.request.avoid_colours)
    if read.request.budget is not None:
        request = replace(request, budget=read.request.budget)
    template = saved.templates[number - 1] if number - 1 < len(saved.templates) else "separates"
    pieces = restore_look(index, saved.looks[number - 1], template, saved.request, ctx.state.sizes)
    if pieces is None:
        return AgentReply(
            intent="outfit.edit_failed", facts={"problem": "stale", "look": number}, awaiting_slot=FOLLOW_UP
        )
    result = edit_look(index, pieces, template, edit, request, ctx.state.sizes, avoid=saved.swapped_out)
    ctx.trace.tool(
        "edit_outfit",
        {"look": number, "slot": edit.slot, "action": edit.action, "modifier": edit.modifier},
        [p.item.product_id for p in result.pieces or []],
    )
    facts: dict[str, Any] = {
        "look": number,
        "slot": SLOT_NAMES.get(edit.slot, edit.slot),
        "action": edit.action,
        "modifier": edit.modifier,
        "budget": str(request.budget) if request.budget is not None else None,
    }
    if result.replaced is not None:
        facts["replaced"] = {
            "id": result.replaced.item.product_id,
            "title": result.replaced.item.title,
            "price": str(result.replaced.price),
        }
    if result.pieces is None:
        facts["problem"] = result.problem
        return AgentReply(intent="outfit.edit_failed", facts=facts, awaiting_slot=FOLLOW_UP)
    facts["looks"] = [look_facts(number, template, result.pieces, result.harmony)]
    looks = list(saved.looks)
    looks[number - 1] = saved_looks_one(result.pieces)
    swapped = [*saved.swapped_out, *([result.replaced.item.product_id] if result.replaced else [])]
    ctx.state.outfit = replace(saved, looks=looks, swapped_out=swapped[-20:]).dump()
    new = result.added or next(
        (
            p
            for p in result.pieces
            if result.replaced is not None and p.item.slot == result.replaced.item.slot
        ),
        None,
    )
    return _show(
        ctx,
        text,
        "outfit.edited",
        facts,
        [result.pieces],
        cart_template,
        new.item.product_id if new else None,
    )


def _first_look_with(saved: SavedOutfit, slot: str) -> int:
    """The look an edit without a look number means: the first that has the slot ("different suit")."""
    for number, look in enumerate(saved.looks, start=1):
        if any(entry.get("slot") == slot for entry in look):
            return number
    return 1


def saved_looks_one(pieces: Sequence[Candidate]) -> list[dict[str, Any]]:
    """One look's pieces as `state.outfit` keeps them."""
    return [{"slot": p.item.slot, "product_id": p.item.product_id, "colour": p.stock.colour} for p in pieces]


def _no_looks(
    ctx: TurnContext, index: OutfitIndex, wanted: LookRequest, saved: SavedOutfit, cart_template: str
) -> AgentReply:
    facts: dict[str, Any] = {
        "request": _describe(wanted),
        "budget": str(wanted.budget) if wanted.budget else None,
    }
    if wanted.budget is not None:
        cheapest = build_looks(index, replace(wanted, budget=None), ctx.state.sizes, wanted=1, by_price=True)
        ctx.trace.tool("cheapest_outfit", {"request": _query(wanted)}, _result_ids(cheapest))
        if cheapest.looks:
            look = cheapest.looks[0]
            facts["looks"] = [look_facts(1, look.template, look.pieces, look.harmony)]
            facts["unchecked_sizes"] = list(cheapest.unchecked_sizes)
            stored, templates = saved_looks(cheapest.looks)
            ctx.state.outfit = SavedOutfit(wanted, stored, templates, [], asked=saved.asked).dump()
            return _show(ctx, _query(wanted), "outfit.over_budget", facts, [list(look.pieces)], cart_template)
    ctx.state.outfit = replace(saved, request=wanted, asked=saved.asked).dump()
    return AgentReply(intent="outfit.no_looks", facts=facts, awaiting_slot=FOLLOW_UP)


def _show(
    ctx: TurnContext,
    query: str,
    intent: str,
    facts: dict[str, Any],
    looks: list[list[Candidate]],
    cart_template: str,
    changed: int | None = None,
) -> AgentReply:
    """Log every piece shown as a recommendation with its cart link; remember them for "that dress"."""
    products: list[Product] = []
    shown: list[Shown] = []
    for pieces in looks:
        for piece in pieces:
            product = ctx.catalog.get(piece.item.product_id)
            if product is None or any(p.id == product.id for p in products):
                continue
            products.append(product)
            shown.append(Shown(product, _variants(product, piece)))
    facts["cart_links"] = link_products(ctx, query, intent, shown, cart_template, agent=NAME)
    ctx.trace.facts.extend(
        {"kind": "product", **item} for look in facts.get("looks", []) for item in look["items"]
    )
    # Every piece can be named later ("that blazer"); "the second one" is look 2's main piece, and a
    # bare "it" the first look's (or the piece an edit just brought in).
    ctx.state.remember_products([p.id for p in products], shown=False)
    leads = list(dict.fromkeys(pieces[0].item.product_id for pieces in looks if pieces))
    if changed is not None:
        leads = [changed]
    if leads:
        ctx.state.remember_products(leads, shown=True)
        ctx.state.remember_products(leads[:1], shown=False)
    return AgentReply(intent=intent, facts=facts, products=products, awaiting_slot=FOLLOW_UP)


def _variants(product: Product, piece: Candidate) -> list[Any]:
    colour = piece.stock.colour.casefold()
    size = (piece.size.size or "").casefold()
    matching = [
        v
        for v in product.variants
        if v.in_stock
        and str(v.options.get("colour") or v.options.get("color") or piece.stock.colour).casefold() == colour
        and (not size or str(v.options.get("size") or "").casefold() == size)
    ]
    return matching


def _describe(wanted: LookRequest) -> dict[str, Any]:
    return {
        "occasion": wanted.occasion,
        "style": wanted.style,
        "season": wanted.season,
        "colours": list(wanted.colours),
        "avoid_colours": list(wanted.avoid_colours),
        "palette": wanted.palette,
        "gender": wanted.gender,
        "look_type": wanted.look_type,
    }


def _query(wanted: LookRequest) -> str:
    return " ".join(str(v) for v in (wanted.occasion, wanted.style, wanted.season, *wanted.colours) if v)


def _result_ids(result: SearchResult) -> list[list[int]]:
    return [[p.item.product_id for p in look.pieces] for look in result.looks]
