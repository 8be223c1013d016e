"""Size references in a shopper's words: "I'm a medium in Fieldnote tops", "10.5 in Stridelab runners".

A reference is a size the shopper already wears, optionally in a named brand and a kind of
garment. It is read deterministically; the brand is matched against the store's brands, and a
brand the store doesn't sell is kept by name (its sizing is then taken as standard).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from shopcrew.fit.groups import group_for_word

_LETTER_WORDS = {
    "xxs": "XXS",
    "extra small": "XS",
    "x small": "XS",
    "xs": "XS",
    "small": "S",
    "s": "S",
    "medium": "M",
    "med": "M",
    "m": "M",
    "large": "L",
    "l": "L",
    "extra large": "XL",
    "x large": "XL",
    "xl": "XL",
    "xxl": "XXL",
    "2xl": "XXL",
    "xx large": "XXL",
    "1x": "1X",
    "2x": "2X",
    "3x": "3X",
    "3xl": "3X",
}
_SIZE = (
    r"(?P<size>extra[\s-]small|extra[\s-]large|xx[\s-]large|x[\s-]large|x[\s-]small|xxs|xxl|2xl|3xl|xs|xl|"
    r"[123]x|small|medium|med|large|\d{1,2}(?:\.5)?\s*[cy]\b|\d{1,2}(?:\.5)?(?:\s*[rl]\b)?|s|m|l)"
)
_WEAR = (
    r"(?:i'?m|i am|i wear|i take|i buy|i get|i order|wear|take|usually|normally|typically|always|"
    r"i'?m usually|i'?m normally|size|and)"
)
_REFERENCE = re.compile(
    rf"\b{_WEAR}\s+(?:usually\s+|normally\s+|typically\s+|always\s+)?(?:an?\s+|size\s+|us\s+|a\s+size\s+)*"
    r"(?:(?P<gender>women'?s|womens|ladies|men'?s|mens|kids'?|youth)\s+(?:size\s+|us\s+)?)?"
    rf"{_SIZE}(?![\w.])(?:\s+(?P<width>extra[\s-]wide|wide|narrow))?\s*"
    rf"(?:(?:in|at|for|with|from|on)\s+(?P<rest>(?:(?!\s(?:and|but|or|so)\s)[^,.;!?])+))?",
    re.IGNORECASE,
)
# A bare answer to "what size do you usually wear?": "medium", "M", "a 10.5", "size 8".
_BARE = re.compile(
    rf"^\s*(?:i'?d say\s+|usually\s+|probably\s+)?(?:an?\s+|size\s+)?{_SIZE}\s*[.!]?\s*$", re.IGNORECASE
)
_NOT_BRAND = {
    "the",
    "a",
    "an",
    "my",
    "their",
    "most",
    "all",
    "usually",
    "general",
    "everything",
    "size",
    "sizes",
}
_WOMEN = re.compile(r"\b(women'?s|womens|ladies|female)\b", re.IGNORECASE)
_MEN = re.compile(r"\b(men'?s|mens|male)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SizeReference:
    """A size the shopper wears: the label, the brand (store id or name as said) and the size group."""

    size: str
    brand_id: str | None = None
    brand_name: str | None = None
    group: str | None = None
    gender: str | None = None
    width: str | None = None
    inseam: str | None = None  # jeans "32x34": waist 32, inseam 34 (inches)

    def describe(self) -> str:
        """ "M in Fieldnote tops", "10.5 in shoes"."""
        where = " ".join(x for x in (self.brand_name, self.group) if x)
        return f"{self.size} in {where}" if where else self.size


def normalise_size(raw: str) -> str:
    """A size label spelled the catalog's way: "medium" -> "M", "10.5" -> "10.5", "10c" -> "10C"."""
    text = re.sub(r"[\s-]+", " ", raw.strip().lower())
    if text in _LETTER_WORDS:
        return _LETTER_WORDS[text]
    compact = text.replace(" ", "")
    if re.fullmatch(r"\d{1,2}(?:\.5)?[cyrl]", compact):
        return compact.upper()
    return compact


def _brand_in(rest: str, brands: Iterable[tuple[str, str]]) -> tuple[str | None, str | None]:
    """(brand id, brand name) of the store brand named in `rest`; else the unknown brand's words."""
    lowered = " " + re.sub(r"[^a-z0-9& ]+", " ", rest.lower()) + " "
    best: tuple[str, str] | None = None
    for brand_id, name in brands:
        spelled = re.sub(r"[^a-z0-9& ]+", " ", name.lower()).strip()
        short = spelled.split(" ")[0]
        named = f" {spelled} " in lowered or (len(short) > 3 and f" {short} " in lowered)
        if named and (best is None or len(name) > len(best[1])):
            best = (brand_id, name)
    if best:
        return best
    words = [w for w in re.findall(r"[A-Za-z0-9&'-]+", rest) if group_for_word(w) is None]
    words = [w for w in words if w.lower() not in _NOT_BRAND and not (_WOMEN.match(w) or _MEN.match(w))]
    return None, (" ".join(words[:3]) or None)


# Denim "32x34", "32/32", "34W 32L", "W32 L34": waist and inseam in inches.
_WAIST_INSEAM = re.compile(
    r"(?<![\d.])(\d{2})\s*(?:[x×/]|w\s*)\s*(\d{2})\s*l?\b|\bw\s*(\d{2})\s*l\s*(\d{2})\b", re.IGNORECASE
)


def find_references(text: str, brands: Iterable[tuple[str, str]]) -> list[SizeReference]:
    """Every size reference in `text`; `brands` are the store's (id, name) pairs."""
    brand_list = list(brands)
    found: list[SizeReference] = []
    denim = _WAIST_INSEAM.search(text)
    if denim and 22 <= int(denim.group(1) or denim.group(3)) <= 50:
        waist, inseam = denim.group(1) or denim.group(3), denim.group(2) or denim.group(4)
        found.append(SizeReference(size=waist, group="bottoms", inseam=inseam))
        text = text[: denim.start()] + " " * (denim.end() - denim.start()) + text[denim.end() :]
    bare = _BARE.match(text)
    if bare:
        return [SizeReference(size=normalise_size(bare.group("size")))]
    for m in _REFERENCE.finditer(text):
        raw = m.group("size")
        rest = m.group("rest") or ""
        # "I'm 5" alone is no size; a bare number needs somewhere it is worn, letters stand alone.
        is_letter = not raw[0].isdigit()
        if raw.lower() in {"s", "m", "l"} and not re.search(r"\b(?:in|size)\b", m.group(0), re.IGNORECASE):
            continue
        group = next((g for w in re.findall(r"[A-Za-z'-]+", rest) if (g := group_for_word(w))), None)
        if re.fullmatch(r"\d{2}\s*[rl]", raw, re.IGNORECASE):
            group = group or "suits"  # "40R": a suit jacket size
        if not is_letter and group is None and not rest and not (m.group("gender") or m.group("width")):
            continue
        if re.match(
            r"\s*(?:cm|mm|inch(?:es)?|kg|kilos?|lbs?|pounds?|ft|feet|foot|years?|months?|yo|meters?|metres?|m)\b",
            text[m.end("size") :],
            re.IGNORECASE,
        ):
            continue
        brand_id, brand_name = _brand_in(rest, brand_list) if rest else (None, None)
        said_gender = (m.group("gender") or "") + " " + rest
        gender = (
            "women"
            if _WOMEN.search(said_gender)
            else "men"
            if _MEN.search(said_gender)
            else "kids"
            if re.search(r"\b(kids'?|youth)\b", said_gender, re.IGNORECASE)
            else None
        )
        width = m.group("width")
        found.append(
            SizeReference(
                normalise_size(raw),
                brand_id,
                brand_name,
                group,
                gender,
                re.sub(r"[\s-]+", " ", width).title() if width else None,
            )
        )
    return found
