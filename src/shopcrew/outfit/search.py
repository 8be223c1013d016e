"""The search over combinations: slot templates per look type, candidate pools per slot, and a
beam search that keeps the best complete looks within budget, with colour harmony and
formality matching scored between every pair of pieces; then one to three distinct looks."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from shopcrew.outfit.colours import look_harmony, pair_score
from shopcrew.outfit.index import Candidate, OutfitIndex
from shopcrew.outfit.request import LookRequest
from shopcrew.outfit.vocabulary import occasion

# Required slots and optional ones, per look type.
TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "dress": (("dress", "shoes"), ("layer", "accessory")),
    "separates": (("top", "bottom", "shoes"), ("layer", "accessory")),
    "suit": (("suit", "top", "shoes"), ("accessory",)),
}
# Candidates kept per slot: the hero piece gets the widest pool.
POOL_SIZES = {"dress": 14, "suit": 6, "top": 12, "bottom": 10, "shoes": 9, "layer": 6, "accessory": 5}
KEPT_LOOKS = 12
BEAM_WIDTH = 60
MAX_LOOKS = 3
_SUIT_TOPS = frozenset({"shirt", "blouse"})
_COLD = ("autumn", "winter")


@dataclass(frozen=True)
class Look:
    """A complete look: its pieces (slot order), score, total price and why the colours work."""

    template: str
    pieces: tuple[Candidate, ...]
    score: float
    total: Decimal
    harmony: str

    @property
    def product_ids(self) -> frozenset[int]:
        """The products in the look."""
        return frozenset(p.item.product_id for p in self.pieces)

    @property
    def hero(self) -> Candidate:
        """The main piece: the dress, suit or top."""
        return self.pieces[0]


@dataclass(frozen=True)
class SearchResult:
    """Looks found, the cheapest complete look when the budget allowed none, and unchecked size groups."""

    looks: tuple[Look, ...]
    cheapest: Look | None = None
    unchecked_sizes: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()


def templates_for(index: OutfitIndex, request: LookRequest) -> list[str]:
    """The look types to try for this request, in order of preference."""
    wanted = occasion(request.occasion).looks if request.occasion else ("separates", "dress")
    if request.look_type:
        wanted = (request.look_type,)
    usable = []
    for name in wanted:
        required, _ = TEMPLATES[name]
        if name == "dress" and (request.gender == "men" or request.kid == "boy"):
            continue
        if all(index.has_slot(slot) for slot in required):
            usable.append(name)
    return usable


def layer_mode(request: LookRequest) -> str:
    """ "required", "optional", "preferred" or "none" for the layer slot."""
    if request.layer is not None:
        return "required" if request.layer else "none"
    if request.season in _COLD:
        return "required"
    if request.occasion and occasion(request.occasion).sport:
        return "none"
    if request.season == "summer" or request.occasion == "beach":
        return "none"
    if request.occasion and occasion(request.occasion).layer == "preferred":
        return "preferred"
    return "optional"


def build_looks(
    index: OutfitIndex,
    request: LookRequest,
    sizes: Mapping[str, str],
    *,
    wanted: int = MAX_LOOKS,
    by_price: bool = False,
    pinned: Sequence[Candidate] = (),
) -> SearchResult:
    """Up to `wanted` distinct looks for the request, best first (cheapest first with `by_price`).

    Each round searches every look type and keeps the best look that shares its main piece with no
    look already chosen and at most one piece with any of them; pools are built once per request.
    `pinned` holds one piece (in one or more colours) every look is built around ("what goes with
    this dress?"); it doesn't count against distinctness.
    """
    pinned_slot = pinned[0].item.slot if pinned else None
    templates = [
        t
        for t in templates_for(index, request)
        if pinned_slot is None or pinned_slot in (*TEMPLATES[t][0], *TEMPLATES[t][1])
    ]
    if pinned_slot in ("dress", "suit"):
        templates = [pinned_slot]
    elif pinned_slot in ("top", "bottom"):
        templates = [
            t for t in ("separates", "suit") if t in templates and (t == "separates" or pinned_slot == "top")
        ]
    pools: dict[tuple[str, str], list[Candidate]] = {}
    unchecked: set[str] = set()
    plans: list[tuple[str, list[list[Candidate | None]]]] = []
    for template in templates:
        slots = _slot_plan(index, template, request, by_price)
        if pinned_slot is not None and pinned_slot not in (slot for slot, _ in slots):
            slots.append((pinned_slot, "required"))
        slots = [(slot, "required" if slot == pinned_slot else mode) for slot, mode in slots]
        built: list[list[Candidate | None]] = []
        for slot, mode in slots:
            key = (template if slot == "top" and template == "suit" else "", slot)
            if slot == pinned_slot:
                pools[key] = list(pinned)
            elif key not in pools:
                pools[key] = _pool(index, template, slot, request, sizes, by_price)
            pool: list[Candidate | None] = list(pools[key])
            unchecked |= {c.size.group for c in pools[key][:3] if not c.size.checked and c.size.group}
            if mode != "required":
                pool.append(None)  # the look may go without this optional piece
            built.append(pool)
        if all(
            any(c is not None for c in pool)
            for pool, (_, mode) in zip(built, slots, strict=True)
            if mode == "required"
        ):
            plans.append((template, built))
    shared = frozenset(c.item.product_id for c in pinned)
    chosen: list[Look] = []
    for _ in range(wanted):
        kept: list[tuple[float, int, Look]] = []
        order = count()
        for template, built in plans:
            _beam_search(template, built, request, kept, order, by_price, chosen, shared)
        looks = sorted((look for _, _, look in kept), key=lambda look: -look.score)
        fresh = distinct_looks([*chosen, *looks], len(chosen) + 1, shared)
        if len(fresh) <= len(chosen):
            break
        chosen = fresh
    return SearchResult(tuple(chosen), unchecked_sizes=tuple(sorted(unchecked)), templates=tuple(templates))


def distinct_looks(looks: Sequence[Look], wanted: int, shared: frozenset[int] = frozenset()) -> list[Look]:
    """The best looks such that no two share their main piece or more than one piece, and each has a
    piece of its own (pieces every look is built around, `shared`, aside)."""
    chosen: list[Look] = []
    for look in looks:
        own = look.product_ids - shared
        if all(
            (look.hero.item.product_id != other.hero.item.product_id or look.hero.item.product_id in shared)
            and len(own & other.product_ids) <= min(1, len(own) - 1)
            for other in chosen
        ):
            chosen.append(look)
        if len(chosen) == wanted:
            break
    return chosen


def _slot_plan(
    index: OutfitIndex, template: str, request: LookRequest, by_price: bool
) -> list[tuple[str, str]]:
    """The slots to fill for a template, each "required", "optional" or "preferred"."""
    required, optional = TEMPLATES[template]
    plan = [(slot, "required") for slot in required]
    if "layer" in optional and index.has_slot("layer"):
        mode = layer_mode(request)
        if mode != "none":
            plan.append(("layer", "optional" if by_price and mode != "required" else mode))
    if "accessory" in optional and index.has_slot("accessory") and not by_price:
        plan.append(("accessory", "optional"))
    return plan


def _pool(
    index: OutfitIndex,
    template: str,
    slot: str,
    request: LookRequest,
    sizes: Mapping[str, str],
    by_price: bool,
) -> list[Candidate]:
    kinds = _SUIT_TOPS if template == "suit" and slot == "top" else None
    best = index.candidates(
        slot, request, sizes, limit=POOL_SIZES[slot], max_price=request.budget, by_price=by_price, kinds=kinds
    )
    if request.budget is None or by_price:
        return best
    # Under a budget the best pieces may not add up: the cheapest good pieces join the pool, so the
    # search can trade a little score for a look that fits.
    affordable = index.candidates(
        slot,
        request,
        sizes,
        limit=POOL_SIZES[slot] // 2,
        max_price=request.budget,
        by_price=True,
        kinds=kinds,
    )
    seen = {(c.item.product_id, c.stock.colour) for c in best}
    return best + [c for c in affordable if (c.item.product_id, c.stock.colour) not in seen]


def _beam_search(
    template: str,
    pools: list[list[Candidate | None]],
    request: LookRequest,
    kept: list[tuple[float, int, Look]],
    order: count[int],
    by_price: bool,
    chosen: Sequence[Look],
    shared: frozenset[int] = frozenset(),
) -> None:
    """Slot by slot, extend the best BEAM_WIDTH partial looks with every candidate of the next slot.

    A partial look is dropped when the cheapest way to finish it breaks the budget or a piece breaks
    a hard rule (two statement colours, two patterns, mixed genders, a formality clash). Pieces of
    looks already chosen may appear once more (one shared piece), never as the main piece.
    """
    budget = request.budget
    # Looks of different types compete on the score per main piece (a dress look has fewer pieces
    # than top + bottom + shoes), plus a little for the type the occasion favours.
    required = len(TEMPLATES[template][0])
    scale = 1.0 if by_price else 3.0 / required
    preference = 0.0 if by_price else _template_preference(template, request)
    taken_heroes = {look.hero.item.product_id for look in chosen} - shared
    taken = [look.product_ids - shared for look in chosen]
    layer_bonus = 1.0 if layer_mode(request) == "preferred" else 0.0

    def value(c: Candidate) -> float:
        if by_price:
            return -float(c.price) / 10
        if c.item.slot == "layer":
            return c.score - 4.0 + layer_bonus  # an optional piece must earn its place
        if c.item.slot == "accessory":
            return c.score - 4.0
        return c.score

    cheapest = [
        Decimal(0) if None in pool else min((c.price for c in pool if c is not None), default=Decimal(0))
        for pool in pools
    ]
    cheapest_rest = [sum(cheapest[i:], Decimal(0)) for i in range(len(pools) + 1)]
    beam: list[tuple[float, Decimal, tuple[Candidate, ...]]] = [(0.0, Decimal(0), ())]
    for depth, pool in enumerate(pools):
        grown: list[tuple[float, Decimal, tuple[Candidate, ...]]] = []
        for score, total, picked in beam:
            for candidate in pool:
                if candidate is None:
                    grown.append((score, total, picked))
                    continue
                if depth == 0 and candidate.item.product_id in taken_heroes:
                    continue
                price_total = total + candidate.price
                if budget is not None and price_total + cheapest_rest[depth + 1] > budget:
                    continue
                gain = fit_with(candidate, picked)
                if gain is None:
                    continue
                ids = ({p.item.product_id for p in picked} | {candidate.item.product_id}) - shared
                if any(len(ids & other) > 1 for other in taken):
                    continue
                step = value(candidate) + (0.0 if by_price else gain)
                grown.append((score + step, price_total, (*picked, candidate)))
        beam = heapq.nlargest(BEAM_WIDTH, grown, key=lambda entry: entry[0])
        if not beam:
            return
    for score, total, picked in beam:
        if picked:
            _keep(template, list(picked), score * scale + preference, total, request, kept, order)


def _template_preference(template: str, request: LookRequest) -> float:
    """A small bonus for the look types the occasion favours, the first most."""
    favoured = occasion(request.occasion).looks if request.occasion else ("separates", "dress")
    if template not in favoured:
        return 0.0
    return 0.6 - 0.3 * favoured.index(template)


def fit_with(candidate: Candidate, picked: Sequence[Candidate]) -> float | None:
    """What adding this piece does to the look: pair scores, or None when it breaks a hard rule."""
    gain = 0.0
    statements = candidate.shade.statement + sum(p.shade.statement for p in picked)
    patterns = bool(candidate.shade.pattern) + sum(bool(p.shade.pattern) for p in picked)
    if statements > 1 or patterns > 1:
        return None  # at most one statement colour and one pattern per look
    for other in picked:
        genders = {candidate.item.gender, other.item.gender} - {"unisex"}
        if len(genders) > 1:
            return None
        if candidate.item.product_id == other.item.product_id:
            return None
        gap = abs(candidate.item.formality - other.item.formality)
        weight = 0.5 if "accessory" in (candidate.item.slot, other.item.slot) else 1.0
        if gap > 2.2 and weight == 1.0:
            return None  # a suit with running shoes
        gain -= weight * 0.9 * max(0.0, gap - 1.0)
        gain += pair_score(candidate.shade, other.shade)
        seasons, others = candidate.item.seasons, other.item.seasons
        if seasons and others and not seasons & others:
            gain -= 2.5  # an alpaca turtleneck with a summer linen skirt
    return gain


def _keep(
    template: str,
    picked: list[Candidate],
    score: float,
    total: Decimal,
    request: LookRequest,
    kept: list[tuple[float, int, Look]],
    order: count[int],
) -> None:
    if request.colours and not any(p.asked_colour for p in picked):
        return  # the shopper named a colour: the look must have it
    if request.palette == "colourful" and all(p.shade.neutral for p in picked):
        return
    harmony = look_harmony([p.shade for p in picked])
    if not harmony.allowed:
        return
    look = Look(template, tuple(picked), round(score, 3), total, harmony.reason)
    entry = (look.score, next(order), look)
    if len(kept) < KEPT_LOOKS:
        heapq.heappush(kept, entry)
    elif look.score > kept[0][0]:
        heapq.heapreplace(kept, entry)
