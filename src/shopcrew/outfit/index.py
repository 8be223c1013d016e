"""The catalog indexed per slot for outfit building: NumPy columns (formality, gender, occasions,
seasons, price, colour families) so a candidate pool over 44k items is a few vector operations,
then the best pieces expanded into (piece, colour) candidates in the shopper's sizes."""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from shopcrew.domain.catalog import Product
from shopcrew.outfit.colours import FAMILIES, Shade, matches_colour, shade_of
from shopcrew.outfit.items import SLOTS, ColourStock, StyleItem, style_items
from shopcrew.outfit.request import LookRequest
from shopcrew.outfit.sizes import SizeCheck, check_size
from shopcrew.outfit.vocabulary import OCCASIONS, SEASONS, STYLES, occasion, style

_GENDERS = {"women": 0, "men": 1, "unisex": 2, "kids": 3}
_OCCASION_BIT = {o.name: 1 << i for i, o in enumerate(OCCASIONS)}
_SEASON_BIT = {s: 1 << i for i, s in enumerate(SEASONS)}
_OPPOSITE = {"summer": "winter", "winter": "summer", "spring": "autumn", "autumn": "spring"}
_FAMILY_BIT = {f: 1 << i for i, f in enumerate([*FAMILIES, "multicolour"])}
_GIRLS = re.compile(r"\bgirls?'?\b", re.IGNORECASE)
_BOYS = re.compile(r"\bboys?'?\b", re.IGNORECASE)
_STYLE_WORDS = frozenset(w for s in STYLES for w in s.keywords)
# A piece this far outside the occasion's formality band is not offered at all.
MAX_FORMALITY_GAP = 0.7


@dataclass(frozen=True)
class Candidate:
    """One piece in one colour, priced and size-checked, with its score for this request."""

    item: StyleItem
    stock: ColourStock
    shade: Shade
    score: float
    reasons: tuple[str, ...]
    size: SizeCheck
    asked_colour: bool = False  # in a colour the shopper asked for

    @property
    def price(self) -> Decimal:
        """The piece's lowest in-stock price in this colour (and size, when known)."""
        return self.size.price if self.size.price is not None else self.stock.price


class _SlotColumns:
    """The pieces of one slot and their columns."""

    def __init__(self, items: list[StyleItem]) -> None:
        self.items = items
        self.row_of = {item.product_id: row for row, item in enumerate(items)}
        self.kinds = np.array([i.kind for i in items], dtype=np.str_)
        # Children's pieces named for girls or boys ("Girls' Twirl Party Dress").
        self.for_girls = np.array([bool(_GIRLS.search(i.title)) for i in items], dtype=np.bool_)
        self.for_boys = np.array([bool(_BOYS.search(i.title)) for i in items], dtype=np.bool_)
        self.formality = np.array([i.formality for i in items], dtype=np.float32)
        self.gender = np.array([_GENDERS[i.gender] for i in items], dtype=np.int8)
        self.occasions = np.array(
            [sum(_OCCASION_BIT.get(o, 0) for o in i.occasions) for i in items], dtype=np.int32
        )
        self.seasons = np.array([sum(_SEASON_BIT[s] for s in i.seasons) for i in items], dtype=np.int32)
        self.price = np.array([float(i.min_price) for i in items], dtype=np.float64)
        families = [{shade_of(c.colour).family for c in i.colours} for i in items]
        self.families = np.array([sum(_FAMILY_BIT.get(f, 0) for f in fs) for fs in families], dtype=np.int64)
        # A fixed per-product jitter breaks ties between equally good pieces without favouring low ids.
        self.jitter = np.array(
            [
                int.from_bytes(hashlib.blake2b(str(i.product_id).encode(), digest_size=2).digest())
                / 65535
                * 0.3
                for i in items
            ],
            dtype=np.float32,
        )
        postings: dict[str, list[int]] = {}
        for row, item in enumerate(items):
            for word in item.words & _STYLE_WORDS:
                postings.setdefault(word, []).append(row)
        self.style_postings = {w: np.array(rows, dtype=np.int64) for w, rows in postings.items()}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building: the index makes ~10 objects per product and
    holds them all, so collections during the build only cost time (a third of it at 44k items)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class OutfitIndex:
    """Pieces of a look per slot, built once per catalog (44k products in about two seconds)."""

    def __init__(self, products: Iterable[Product]) -> None:
        with _collector_paused():
            items = style_items(products)
            self._slots = {slot: _SlotColumns([i for i in items if i.slot == slot]) for slot in SLOTS}
        self._by_product = {i.product_id: i for i in items}
        self._genders = {i.gender for s in ("top", "dress", "bottom") for i in self._slots[s].items} - {
            "unisex"
        }

    def __len__(self) -> int:
        return len(self._by_product)

    def item(self, product_id: int) -> StyleItem | None:
        """The piece a product is, if it can be part of a look."""
        return self._by_product.get(product_id)

    def has_slot(self, slot: str) -> bool:
        """True when the catalog has pieces for this slot."""
        return bool(self._slots[slot].items)

    def genders(self) -> set[str]:
        """Genders the catalog dresses (women, men, kids), from its clothes."""
        return set(self._genders)

    def candidates(
        self,
        slot: str,
        request: LookRequest,
        sizes: Mapping[str, str],
        *,
        limit: int,
        max_price: Decimal | None = None,
        by_price: bool = False,
        exclude: Iterable[int] = (),
        kinds: frozenset[str] | None = None,
        colours_per_piece: int = 2,
    ) -> list[Candidate]:
        """The best `limit` (piece, colour) candidates for a slot, in stock in the shopper's sizes.

        `by_price` ranks cheapest first (the cheapest look); `kinds` keeps only some kinds of piece.
        """
        columns = self._slots[slot]
        if not columns.items:
            return []
        score, allowed = self._scores(columns, request, max_price)
        for product_id in exclude:
            row = columns.row_of.get(product_id)
            if row is not None:
                allowed[row] = False
        if kinds is not None:
            allowed &= np.isin(columns.kinds, list(kinds))
        rows = np.flatnonzero(allowed)
        if len(rows) == 0:
            return []
        ranking = -columns.price[rows] if by_price else score[rows]
        # Pieces are expanded best first until `limit` candidates pass the colour and size checks.
        depth = min(len(rows), max(limit * 4, 40))
        positions = (
            np.argpartition(-ranking, depth - 1)[:depth] if len(rows) > depth else np.arange(len(rows))
        )
        order = rows[positions[np.argsort(-ranking[positions], kind="stable")]]
        found: list[Candidate] = []
        for row in order:
            found.extend(self._expand(columns.items[int(row)], float(score[row]), request, sizes, max_price))
            if len(found) >= limit * 2:
                break
        key = (lambda c: (c.price, -c.score)) if by_price else (lambda c: (-c.score, c.price))
        found.sort(key=key)
        per_product: dict[int, int] = {}
        kept: list[Candidate] = []
        for candidate in found:
            # A few colours of one piece at most, so a pool holds several pieces to combine.
            count = per_product.get(candidate.item.product_id, 0)
            if count < colours_per_piece:
                per_product[candidate.item.product_id] = count + 1
                kept.append(candidate)
            if len(kept) >= limit:
                break
        return kept

    def anchor_candidates(
        self, product_id: int, request: LookRequest, sizes: Mapping[str, str]
    ) -> list[Candidate]:
        """A piece to build around, in each colour it is in stock in (the asked colour when it has it)."""
        item = self._by_product.get(product_id)
        if item is None:
            return []
        relaxed = LookRequest(occasion=request.occasion, style=request.style, season=request.season)
        found = self._expand(item, 5.0, relaxed, sizes, None)
        asked = [c for c in found if any(matches_colour(c.shade, wanted) for wanted in request.colours)]
        return asked or found

    def candidate_for(
        self, product_id: int, colour: str, request: LookRequest, sizes: Mapping[str, str]
    ) -> Candidate | None:
        """One piece in one colour as a candidate for this request (None when gone or out of stock)."""
        item = self._by_product.get(product_id)
        if item is None:
            return None
        columns = self._slots[item.slot]
        score, _ = self._scores(columns, request, None)
        row = columns.row_of[product_id]
        relaxed = LookRequest(
            occasion=request.occasion, style=request.style, season=request.season, colours=request.colours
        )
        for candidate in self._expand(item, float(score[row]), relaxed, sizes, None):
            if candidate.stock.colour.casefold() == colour.casefold():
                return candidate
        return None

    def _scores(
        self, columns: _SlotColumns, request: LookRequest, max_price: Decimal | None
    ) -> tuple[NDArray[np.float32], NDArray[np.bool_]]:
        n = len(columns.items)
        allowed = np.ones(n, dtype=np.bool_)
        score = columns.jitter.copy()
        if request.gender:
            wanted = [_GENDERS[request.gender]] + ([_GENDERS["unisex"]] if request.gender != "kids" else [])
            allowed &= np.isin(columns.gender, wanted)
            if request.kid == "boy":
                allowed &= ~columns.for_girls
            elif request.kid == "girl":
                allowed &= ~columns.for_boys
        elif self._genders - {"kids"}:
            allowed &= columns.gender != _GENDERS["kids"]  # kids' clothes only when asked for
        if request.occasion:
            wanted_occasion = occasion(request.occasion)
            bit = _OCCASION_BIT[wanted_occasion.name]
            listed = (columns.occasions & bit) != 0
            gap = np.maximum(
                0.0,
                np.maximum(wanted_occasion.low - columns.formality, columns.formality - wanted_occasion.high),
            )
            workout_only = columns.occasions == _OCCASION_BIT["workout"]
            if wanted_occasion.sport:
                allowed &= listed | (columns.formality <= wanted_occasion.high)
            else:
                # Children's clothes run casual: a kids' party look may be a notch less dressy.
                reach = MAX_FORMALITY_GAP + (0.6 if request.gender == "kids" else 0.0)
                allowed &= ~workout_only & (listed | (gap <= reach))
            score += np.where(listed, 3.0, 0.0).astype(np.float32) + (2.0 - 2.0 * gap).astype(np.float32)
        if request.style:
            chosen = style(request.style)
            hits = np.zeros(n, dtype=np.float32)
            for word in chosen.keywords:
                posting = columns.style_postings.get(word)
                if posting is not None:
                    hits[posting] += 1.0
            score += np.minimum(hits, 2.0) * 0.8
        season = request.season or (occasion(request.occasion).season if request.occasion else None)
        if season:
            has = (columns.seasons & _SEASON_BIT[season]) != 0
            seasonal = columns.seasons != 0
            opposite_only = seasonal & ~has & ((columns.seasons & _SEASON_BIT[_OPPOSITE[season]]) != 0)
            if request.season:
                allowed &= ~opposite_only
            score += np.where(has, 0.7, np.where(seasonal, -0.8, 0.0)).astype(np.float32)
        if request.colours:
            bits = 0
            for colour in request.colours:
                bits |= sum(
                    b for f, b in _FAMILY_BIT.items() if matches_colour(Shade(f, f, None, False), colour)
                )
            score += np.where((columns.families & bits) != 0, 1.0, 0.0).astype(np.float32)
        if max_price is not None:
            allowed &= columns.price <= float(max_price)
        return score, allowed

    def _expand(
        self,
        item: StyleItem,
        base: float,
        request: LookRequest,
        sizes: Mapping[str, str],
        max_price: Decimal | None,
    ) -> list[Candidate]:
        out: list[Candidate] = []
        for stock in item.colours:
            shade = shade_of(stock.colour)
            if any(matches_colour(shade, avoid) for avoid in request.avoid_colours):
                continue
            size = check_size(item, stock, sizes)
            if not size.ok:
                continue
            price = size.price if size.price is not None else stock.price
            if max_price is not None and price > max_price:
                continue
            score = base
            reasons = _reasons(item, request)
            asked = any(matches_colour(shade, c) for c in request.colours)
            if asked:
                score += 1.5
                reasons.append(f"in the {stock.colour.lower()} you asked for")
            if request.palette == "neutral":
                score += 0.6 if shade.neutral else -1.0
            elif request.palette == "colourful" and not shade.neutral:
                score += 0.6
            out.append(Candidate(item, stock, shade, score, tuple(reasons), size, asked))
        return out


_OCCASION_WORDS = {
    "wedding guest": "weddings",
    "interview": "interviews",
    "office": "the office",
    "date night": "date nights",
    "party": "parties",
    "beach": "the beach",
    "workout": "workouts",
    "casual": "casual days",
}


def _reasons(item: StyleItem, request: LookRequest) -> list[str]:
    reasons: list[str] = []
    if request.occasion and request.occasion in item.occasions:
        reasons.append(f"made for {_OCCASION_WORDS.get(request.occasion, request.occasion)}")
    elif request.occasion:
        reasons.append(
            f"the right level of dressy for {_OCCASION_WORDS.get(request.occasion, request.occasion)}"
        )
    season = request.season
    if season and season in item.seasons:
        reasons.append(f"a {season} piece")
    if request.style and item.words & style(request.style).keywords:
        reasons.append(f"{request.style} style")
    return reasons
