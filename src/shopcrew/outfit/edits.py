"""Changing one slot of a shown look and keeping the rest: "swap the shoes", "cheaper shoes",
"a different top", "add a jacket", "without the blazer"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from shopcrew.outfit.colours import look_harmony
from shopcrew.outfit.index import Candidate, OutfitIndex
from shopcrew.outfit.request import LookEdit, LookRequest
from shopcrew.outfit.search import TEMPLATES, fit_with

_SUIT_TOPS = frozenset({"shirt", "blouse"})
_POOL = 30


@dataclass(frozen=True)
class EditResult:
    """The edited look, the piece it replaced (if any), or why it could not be done."""

    pieces: list[Candidate] | None
    replaced: Candidate | None = None
    added: Candidate | None = None
    problem: str | None = None  # no_slot | nothing_else | nothing_cheaper | nothing_dressier | over_budget
    harmony: str = ""


def edit_look(
    index: OutfitIndex,
    pieces: Sequence[Candidate],
    template: str,
    edit: LookEdit,
    request: LookRequest,
    sizes: Mapping[str, str],
    *,
    avoid: Sequence[int] = (),
) -> EditResult:
    """Apply one edit to a look: the best replacement that goes with the rest, within the budget."""
    slot = _slot_in(template, edit.slot)
    current = next((p for p in pieces if p.item.slot == slot), None)
    rest = [p for p in pieces if p.item.slot != slot]
    if edit.action == "remove":
        if current is None or slot not in TEMPLATES[template][1]:
            return EditResult(None, problem="no_slot" if current is None else "required")
        return EditResult(rest, replaced=current, harmony=look_harmony([p.shade for p in rest]).reason)
    if current is None and (edit.action == "swap" or slot not in TEMPLATES[template][1]):
        return EditResult(None, problem="no_slot")
    kinds = _SUIT_TOPS if template == "suit" and slot == "top" else None
    exclude = [p.item.product_id for p in pieces] + list(avoid)
    pool = index.candidates(
        slot,
        replace(request, budget=None),
        sizes,
        limit=_POOL,
        exclude=exclude,
        kinds=kinds,
        colours_per_piece=6,
    )
    spent = sum((p.price for p in rest), Decimal(0))
    best: tuple[float, Candidate] | None = None
    refused = "nothing_else"
    for candidate in pool:
        if request.colours and not candidate.asked_colour:
            continue  # "swap the shoes for black ones"
        if current is not None and not _meets(candidate, current, edit.modifier):
            refused = {"cheaper": "nothing_cheaper", "pricier": "nothing_pricier"}.get(
                edit.modifier or "", "nothing_else"
            )
            continue
        if request.budget is not None and spent + candidate.price > request.budget:
            refused = "over_budget"
            continue
        gain = fit_with(candidate, rest)
        if gain is None:
            continue
        value = candidate.score + gain
        if edit.modifier == "cheaper":
            value -= float(candidate.price) / 50  # among cheaper pieces, a real saving counts
        if best is None or value > best[0]:
            best = (value, candidate)
    if best is None:
        return EditResult(None, replaced=current, problem=refused)
    chosen = best[1]
    order = [p.item.slot for p in pieces] if current is not None else [*(p.item.slot for p in pieces), slot]
    edited = [chosen if s == slot else next(p for p in rest if p.item.slot == s) for s in order]
    return EditResult(
        edited,
        replaced=current,
        added=chosen if current is None else None,
        harmony=look_harmony([p.shade for p in edited]).reason,
    )


def _slot_in(template: str, slot: str) -> str:
    """The slot the shopper means in this look: "the top" of a suit look is its shirt."""
    if template == "dress" and slot in ("top", "bottom"):
        return "dress"
    if template == "separates" and slot == "dress":
        return "top"
    return slot


def _meets(candidate: Candidate, current: Candidate, modifier: str | None) -> bool:
    if modifier == "cheaper":
        return candidate.price < current.price
    if modifier == "pricier":
        return candidate.price > current.price
    if modifier == "dressier":
        return candidate.item.formality > current.item.formality
    if modifier == "casual":
        return candidate.item.formality < current.item.formality
    return True
