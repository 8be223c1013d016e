"""What the shopper wants from a look, read from their words: occasion, style, season, colours,
budget, who it is for, the kind of look, and edits to the last looks ("swap the shoes")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from shopcrew.catalog.text import normalise
from shopcrew.models.local.extract import Extraction
from shopcrew.outfit.colours import colour_words
from shopcrew.outfit.vocabulary import find_occasion, find_season, find_style


@dataclass(frozen=True)
class LookRequest:
    """Everything a look is built for; None means the shopper hasn't said."""

    occasion: str | None = None
    style: str | None = None
    season: str | None = None
    colours: tuple[str, ...] = ()
    avoid_colours: tuple[str, ...] = ()
    palette: str | None = None  # "neutral" or "colourful"
    budget: Decimal | None = None
    gender: str | None = None  # women | men | kids
    kid: str | None = None  # "boy" or "girl" when the look is for a child and the shopper says which
    look_type: str | None = None  # dress | separates | suit
    layer: bool | None = None  # True: add a layer; False: no layer
    problems: tuple[str, ...] = ()

    def merged(self, newer: LookRequest) -> LookRequest:
        """This request with everything `newer` says on top (a follow-up refines, it doesn't restart)."""
        values: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(newer, name)
            if value not in (None, ()):
                values[name] = value
        return replace(self, **values)

    def to_json(self) -> dict[str, Any]:
        """JSON-able form, kept in the conversation state."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            out[name] = (
                list(value)
                if isinstance(value, tuple)
                else str(value)
                if isinstance(value, Decimal)
                else value
            )
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LookRequest:
        """The request saved by `to_json` (unknown keys ignored)."""
        values: dict[str, Any] = {}
        for name in cls.__dataclass_fields__:
            if name not in data or data[name] is None:
                continue
            value = data[name]
            if isinstance(value, list):
                value = tuple(value)
            elif name == "budget":
                value = Decimal(str(value))
            values[name] = value
        return cls(**values)


@dataclass(frozen=True)
class LookEdit:
    """A change to one slot of a shown look: swap it (optionally cheaper, dressier...), add or drop it."""

    slot: str
    action: str  # swap | add | remove
    modifier: str | None = None  # cheaper | pricier | dressier | casual | a colour
    look: int | None = None  # 1-based look number the shopper named


@dataclass(frozen=True)
class ReadMessage:
    """One message read: the request it states and any edit to the last looks."""

    request: LookRequest
    edit: LookEdit | None = None
    words: frozenset[str] = field(default_factory=frozenset)


_SLOT_WORDS = {
    "shoes": r"shoes?|heels?|boots?|sneakers?|trainers?|sandals?|loafers?|footwear|pumps?|flats",
    "top": r"tops?|shirts?|blouses?|tees?|t-?shirts?|sweaters?|knit",
    "bottom": r"bottoms?|trousers|pants|jeans|skirts?|shorts|chinos",
    "dress": r"dress(es)?|gown",
    "layer": r"layers?|jackets?|blazers?|coats?|cardigans?|outerwear",
    "accessory": r"accessor(y|ies)|bags?|belts?|ties?|watch(es)?|jewell?(ery)?|scarf|scarves",
    "suit": r"suits?",
}
_SLOT_RE = "|".join(f"(?P<{slot}>\\b(?:{words})\\b)" for slot, words in _SLOT_WORDS.items())
_SWAP = re.compile(
    rf"\b(swap|change|switch|replace|different|another|other|new|cheaper|less expensive|pricier|dressier|"
    rf"fancier|more casual|more formal|smarter)\b(?:\s+\w+){{0,3}}?\s*(?:{_SLOT_RE})"
)
_SWAP_AFTER = re.compile(rf"(?:{_SLOT_RE})\s+(?:in|that'?s?|that are)?\s*(cheaper|dressier|more casual)")
_REMOVE = re.compile(rf"\b(without|drop|remove|skip|no need for|lose)\s+(?:the|a|an)?\s*(?:{_SLOT_RE})")
_ADD = re.compile(rf"\b(add|with|throw in|include)\s+(?:a|an|the|some)?\s*(?:\w+\s+)?(?:{_SLOT_RE})")
_LOOK_NUMBER = re.compile(
    r"\b(?:look|outfit|option)\s*(?:#|no\.?|number)?\s*(\d)\b|\b(first|second|third)\s+(?:look|outfit|one|option)\b"
)
_ORDINALS = {"first": 1, "second": 2, "third": 3}
# Who the look is for: the shopper's own words ("men's", "I'm a guy") or "for my husband"; a
# relative named otherwise ("my sister's wedding") says nothing about who wears the look.
_FOR = r"(?:for|shopping for|dressing)\s+(?:my\s+|a\s+|an\s+|the\s+)?"
_WEARS = r"\s+(?:wear|wears|needs?|should|is going|to wear|could wear)\b"
_GENDER = (
    (
        "kids",
        rf"kids'?|children'?s|{_FOR}(?:kid|child|daughter|son|boy|girl|toddler|little one)s?|my (?:kid|child|daughter|son|toddler)s?{_WEARS}",
    ),
    (
        "men",
        rf"men'?s|mens|menswear|i(?:'?m| am) a (?:man|guy|dude)|{_FOR}(?:man|men|guy|him|husband|boyfriend|dad|father|brother|groomsman)"
        rf"|my (?:husband|boyfriend|dad|father|brother){_WEARS}",
    ),
    (
        "women",
        rf"women'?s|womens|womenswear|ladies|i(?:'?m| am) a (?:woman|girl|lady)|{_FOR}(?:woman|women|her|wife|girlfriend|mum|mom|mother|sister|bridesmaid)"
        rf"|my (?:wife|girlfriend|mum|mom|mother|sister){_WEARS}",
    ),
)
_BOY = re.compile(r"\b(son|sons|boy|boys|nephew|grandson)\b")
_GIRL = re.compile(r"\b(daughter|daughters|girl|girls|niece|granddaughter)\b")
_LOOK_TYPE = (
    ("dress", r"dress(es)?|gown|frock"),
    ("suit", r"suit(ed)?"),
    ("separates", r"trousers|pants|jeans|skirt|separates|shirt and|top and"),
)
_BUDGET = re.compile(
    r"(?:\$|usd\s*|£|€)\s*(-?\d[\d,]*(?:\.\d+)?)|(-?\d[\d,]*(?:\.\d+)?)\s*(?:dollars|bucks|usd)"
    r"|budget(?:\s+is|\s+of)?\s*(?:around|about)?\s*(-?\d[\d,]*(?:\.\d+)?)"
)
_NEGATIVE_MONEY = re.compile(r"-\s*\$\s*\d|\$\s*-\s*\d|\bminus\s+\$?\d|(?:under|below|budget( of)?)\s+-\s*\d")
_NEUTRAL = re.compile(
    r"\b(neutrals?|neutral (tones|colou?rs)|earth tones|muted|monochrome|understated colou?rs)\b"
)
_COLOURFUL = re.compile(r"\b(colou?rful|bright|bold colou?rs?|vibrant|pop of colou?r)\b")
_NEGATED_COLOUR = re.compile(
    r"\b(?:no|not|without|avoid|hate|nothing|except|anything but|skip)\s+(?:in\s+)?(\w+)"
)


def read_message(text: str, extraction: Extraction) -> ReadMessage:
    """The look request and edit a shopper's message states (only what it says; no defaults)."""
    lowered = normalise(text).replace("’", "'")
    problems: list[str] = []
    found_occasion = find_occasion(lowered)
    found_style = find_style(lowered)
    colours, avoided = _colours(lowered, extraction)
    budget = _budget(lowered, extraction, problems)
    gender = next((name for name, pattern in _GENDER if re.search(rf"\b(?:{pattern})\b", lowered)), None)
    look_type = next(
        (name for name, pattern in _LOOK_TYPE if re.search(rf"\b(?:{pattern})\b", lowered)), None
    )
    kid = None
    if gender == "kids":
        kid = "boy" if _BOY.search(lowered) else "girl" if _GIRL.search(lowered) else None
    if look_type == "dress" and gender is None:
        gender = "women"
    layer: bool | None = None
    edit = _edit(lowered)
    if edit is not None:
        look_type = None  # "swap the dress" asks for another dress, not for dress looks
        if edit.slot == "layer" and edit.action in ("add", "remove"):
            layer = edit.action == "add"
    request = LookRequest(
        occasion=found_occasion.name if found_occasion else None,
        style=found_style.name if found_style else None,
        season=find_season(lowered),
        colours=colours,
        avoid_colours=avoided,
        palette="neutral"
        if _NEUTRAL.search(lowered)
        else "colourful"
        if _COLOURFUL.search(lowered)
        else None,
        budget=budget,
        gender=gender,
        kid=kid,
        look_type=look_type,
        layer=layer,
        problems=tuple(problems),
    )
    return ReadMessage(request=request, edit=edit, words=frozenset(lowered.split()))


def _edit(lowered: str) -> LookEdit | None:
    number = _LOOK_NUMBER.search(lowered)
    look = None
    if number:
        look = int(number.group(1)) if number.group(1) else _ORDINALS[number.group(2)]
    for pattern, action in ((_REMOVE, "remove"), (_SWAP, "swap"), (_SWAP_AFTER, "swap"), (_ADD, "add")):
        match = pattern.search(lowered)
        if match is None:
            continue
        slot = next((name for name in _SLOT_WORDS if match.groupdict().get(name)), None)
        if slot is None:
            continue
        said = match.group(0)
        modifier = None
        if re.search(r"cheaper|less expensive", said):
            modifier = "cheaper"
        elif re.search(r"pricier", said):
            modifier = "pricier"
        elif re.search(r"dressier|fancier|more formal|smarter", said):
            modifier = "dressier"
        elif "more casual" in said:
            modifier = "casual"
        if action == "add" and not re.search(r"\b(add|throw in|include)\b", said):
            continue  # "with a jacket" in a first request is a layer wish, handled by the request
        return LookEdit(slot=slot, action=action, modifier=modifier, look=look)
    return None


def _colours(lowered: str, extraction: Extraction) -> tuple[tuple[str, ...], tuple[str, ...]]:
    known = colour_words()
    avoided = [m.group(1) for m in _NEGATED_COLOUR.finditer(lowered) if m.group(1) in known]
    said = [w for w in re.findall(r"[a-z]+", lowered) if w in known and w not in avoided]
    # The extractor knows the catalog's own colour names ("Dusty Rose", "Sage").
    for colour in extraction.colours:
        name = colour.casefold()
        if re.search(rf"\b{re.escape(name)}\b", lowered) and name not in avoided and name not in said:
            said.append(name)
    # Words that are colours only sometimes: "natural", "sand", "stone", "skin" in everyday talk.
    ambiguous = {
        "natural",
        "sand",
        "stone",
        "skin",
        "wash",
        "rinse",
        "sea",
        "sky",
        "light",
        "marl",
        "ash",
        "jet",
        "heather",
        "forest",
        "butter",
        "electric",
        "royal",
        "rose",
        "fall",
        "midnight",
        "oat",
    }
    said = [w for w in said if w not in ambiguous or re.search(rf"\b{w}\s+(colou?r|tones?|shade)\b", lowered)]
    return tuple(dict.fromkeys(said)), tuple(dict.fromkeys(avoided))


def _budget(lowered: str, extraction: Extraction, problems: list[str]) -> Decimal | None:
    """The total budget: the highest amount the extractor or the message's own "$300" states."""
    amounts: list[Decimal] = []
    if extraction.budget is not None and extraction.budget.max is not None:
        amounts.append(Decimal(str(extraction.budget.max)))
    for match in _BUDGET.finditer(lowered):
        digits = next((g for g in match.groups() if g), "")
        try:
            amounts.append(Decimal(digits.replace(",", "")))
        except InvalidOperation:
            continue
    amount = max(amounts) if amounts else None
    if _NEGATIVE_MONEY.search(lowered):
        problems.append("a budget can't be below $0")
        return None
    if amount is None:
        return None
    if amount <= 0:
        problems.append("a budget has to be more than $0")
        return None
    return amount
