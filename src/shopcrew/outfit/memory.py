"""Looks as the conversation keeps them (`state.outfit`) and as replies show them (facts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shopcrew.outfit.colours import pair_score
from shopcrew.outfit.index import Candidate, OutfitIndex
from shopcrew.outfit.request import LookRequest
from shopcrew.outfit.search import Look

SLOT_NAMES = {
    "dress": "dress",
    "suit": "suit",
    "top": "top",
    "bottom": "bottoms",
    "layer": "layer",
    "shoes": "shoes",
    "accessory": "accessory",
}


@dataclass(frozen=True)
class SavedOutfit:
    """What the Outfit Builder remembers: the request, the looks shown, pieces already swapped out."""

    request: LookRequest
    looks: list[list[dict[str, Any]]]  # per look: [{"slot", "product_id", "colour"}]
    templates: list[str]
    swapped_out: list[int]
    asked: bool
    around: int | None = None  # the piece the next looks are built around, while its question is open

    @classmethod
    def load(cls, data: Mapping[str, Any]) -> SavedOutfit:
        """The saved outfit state (empty when there is none)."""
        return cls(
            request=LookRequest.from_json(dict(data.get("request") or {})),
            looks=[list(look) for look in data.get("looks") or []],
            templates=[str(t) for t in data.get("templates") or []],
            swapped_out=[int(i) for i in data.get("swapped_out") or []],
            asked=bool(data.get("asked")),
            around=int(data["around"]) if data.get("around") is not None else None,
        )

    def dump(self) -> dict[str, Any]:
        """JSON for `state.outfit`."""
        return {
            "request": self.request.to_json(),
            "looks": self.looks,
            "templates": self.templates,
            "swapped_out": self.swapped_out,
            "asked": self.asked,
            "around": self.around,
        }


def saved_looks(looks: Sequence[Look]) -> tuple[list[list[dict[str, Any]]], list[str]]:
    """Looks in the form `state.outfit` keeps."""
    return (
        [
            [
                {"slot": p.item.slot, "product_id": p.item.product_id, "colour": p.stock.colour}
                for p in look.pieces
            ]
            for look in looks
        ],
        [look.template for look in looks],
    )


def restore_look(
    index: OutfitIndex,
    saved: list[dict[str, Any]],
    template: str,
    request: LookRequest,
    sizes: Mapping[str, str],
) -> list[Candidate] | None:
    """A saved look's pieces as candidates again (None when a piece is gone or out of stock)."""
    pieces: list[Candidate] = []
    for entry in saved:
        candidate = index.candidate_for(int(entry["product_id"]), str(entry["colour"]), request, sizes)
        if candidate is None:
            return None
        pieces.append(candidate)
    return pieces


def look_facts(number: int, template: str, pieces: Sequence[Candidate], harmony: str) -> dict[str, Any]:
    """One look as reply facts: its pieces with price, colour and a reason each, and the total."""
    total = sum((p.price for p in pieces), Decimal(0))
    hero = pieces[0]
    return {
        "number": number,
        "template": template,
        "total": str(total),
        "harmony": harmony,
        "items": [piece_facts(p, None if p is hero else hero) for p in pieces],
    }


def pairing(piece: Candidate, hero: Candidate) -> str:
    """Why a piece's colour works with the look's main piece, in a stylist's words."""
    colour, lead = piece.stock.colour.lower(), hero.stock.colour.lower()
    if colour == lead:
        return f"matching {colour}"
    if piece.shade.family == hero.shade.family:
        return f"the {colour} picks up the {lead}"
    if piece.shade.neutral and not hero.shade.neutral:
        return f"a {colour} that lets the {lead} lead"
    if piece.shade.neutral:
        return f"{colour} sits easily with {lead}"
    if hero.shade.neutral:
        return f"the {colour} adds colour against the {lead}"
    return (
        f"the {colour} {'tones with' if pair_score(piece.shade, hero.shade) >= 0.8 else 'accents'} the {lead}"
    )


def piece_facts(piece: Candidate, hero: Candidate | None = None) -> dict[str, Any]:
    """One piece as reply facts (a product fact the grounding check knows by its id and title)."""
    reasons = list(piece.reasons[:1]) or ["goes with the rest of the look"]
    if hero is not None:
        reasons.append(pairing(piece, hero))
    elif len(piece.reasons) > 1:
        reasons.append(piece.reasons[1])
    return {
        "id": piece.item.product_id,
        "title": piece.item.title,
        "slot": SLOT_NAMES[piece.item.slot],
        "colour": piece.stock.colour,
        "price": str(piece.price),
        "reasons": reasons,
        "size": piece.size.size if piece.size.checked else None,
    }
