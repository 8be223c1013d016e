"""A US shipping address from free text: "55 Main St, Apt 4, Springfield, IL 62701".

The parser finds what it can (street, unit, city, state, ZIP) and says what is missing, so the agent
asks one short question ("what's the ZIP code?") instead of guessing. It checks shape only; the order
system decides whether the address is acceptable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
    "washington": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
}  # fmt: skip
STATE_CODES = frozenset(STATES.values()) | {"PR"}
_STREET_SUFFIXES = (
    "street|st|avenue|ave|boulevard|blvd|road|rd|drive|dr|lane|ln|way|court|ct|place|pl|terrace|ter|"
    "parkway|pkwy|highway|hwy|circle|cir|square|sq|trail|trl|loop|alley|plaza|row"
)
_DIRECTIONS = r"(?:n|s|e|w|ne|nw|se|sw|north|south|east|west)"
_STREET_START = re.compile(
    r"\b\d{1,6}[a-z]?\s+(?!(?:to|for|and|is|in|on|at|of|from|please|days?|weeks?|months?|items?|units?|pairs?)\b)[a-z]",
    re.IGNORECASE,
)
_ORDER_BEFORE = re.compile(r"(?:order|#|number|no\.?)\s*#?\s*$", re.IGNORECASE)
_STREET_END = re.compile(rf"\b(?:{_STREET_SUFFIXES})\.?(?:\s+{_DIRECTIONS}\b\.?)?(?=[\s,]|$)", re.IGNORECASE)
_UNIT = re.compile(
    r"^(?:(?:apt|apartment|suite|ste|unit|fl|floor|bldg|building|room|rm)\b\.?\s*#?\s*[\w-]+|#\s*[\w-]+)",
    re.IGNORECASE,
)
_UNIT_INLINE = re.compile(
    r"\s*,?\s*\b((?:apt|apartment|suite|ste|unit|fl|floor)\.?\s*#?\s*[\w-]+|#\s*[\w-]+)", re.IGNORECASE
)
_ZIP = re.compile(r"\b(\d{5})(?:-(\d{4}))?\b")
_TRAILING_WORDS = re.compile(r"\s*\b(?:please|thanks|thank you|instead)\b.*$", re.IGNORECASE)
ADDRESS_FIELDS = ("line1", "city", "region", "postal_code")
FIELD_WORDS = {"line1": "street address", "city": "city", "region": "state", "postal_code": "ZIP code"}


@dataclass(frozen=True)
class ParsedAddress:
    """What the shopper wrote, field by field; empty strings where nothing was found."""

    line1: str = ""
    line2: str | None = None
    city: str = ""
    region: str = ""
    postal_code: str = ""

    @property
    def missing(self) -> tuple[str, ...]:
        """The fields still needed, in the order a person would ask for them."""
        return tuple(name for name in ADDRESS_FIELDS if not getattr(self, name))

    def one_line(self) -> str:
        """The parts found so far, as one line."""
        street = ", ".join(p for p in (self.line1, self.line2) if p)
        place = " ".join(p for p in (self.region, self.postal_code) if p)
        return ", ".join(p for p in (street, self.city, place) if p)

    def merged_with(self, newer: ParsedAddress) -> ParsedAddress:
        """This address with the fields `newer` supplies (a later answer such as "62701")."""
        if newer.line1:
            return newer if not newer.missing else replace(self, **_found(newer), line2=newer.line2)
        return replace(self, **_found(newer))

    def to_json(self) -> dict[str, Any]:
        """A plain dict for the conversation state."""
        return {
            "line1": self.line1,
            "line2": self.line2,
            "city": self.city,
            "region": self.region,
            "postal_code": self.postal_code,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParsedAddress:
        """Back from `to_json`."""
        return cls(
            line1=str(data.get("line1") or ""),
            line2=data.get("line2") or None,
            city=str(data.get("city") or ""),
            region=str(data.get("region") or ""),
            postal_code=str(data.get("postal_code") or ""),
        )


def _found(parsed: ParsedAddress) -> dict[str, str]:
    return {
        name: getattr(parsed, name) for name in ("city", "region", "postal_code") if getattr(parsed, name)
    }


def parse_us_address(text: str) -> ParsedAddress:
    """The address parts in a message; a message without a street still yields a ZIP, state or city."""
    start = next(
        (m for m in _STREET_START.finditer(text) if not _ORDER_BEFORE.search(text[: m.start()])), None
    )
    if start is None:
        return _place_only(text)
    rest = _TRAILING_WORDS.sub("", text[start.start() :]).strip().rstrip(".!?")
    zip_match = _ZIP.search(rest, 1)
    postal_code = ""
    if zip_match:
        postal_code = zip_match.group(0)
        rest = (rest[: zip_match.start()] + rest[zip_match.end() :]).strip(" ,")
    rest, region = _take_state(rest)
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    if not parts:
        return ParsedAddress(region=region, postal_code=postal_code)
    line1, line2, city = parts[0], None, ""
    tail = parts[1:]
    if len(parts) == 1:
        # No commas: the street ends at its suffix ("St", "Ave NW"), the city follows.
        end = _STREET_END.search(line1)
        if end:
            line1, after = line1[: end.end()].strip(), line1[end.end() :].strip()
            tail = [after] if after else []
    inline = _UNIT_INLINE.search(line1)
    if inline and inline.start() > 0:
        line2, line1 = inline.group(1).strip(), line1[: inline.start()].strip()
    unit = _UNIT.match(tail[0]) if tail and line2 is None else None
    if unit:
        line2, tail[0] = unit.group(0).strip(), tail[0][unit.end() :].strip(" ,")
    tail = [part for part in tail if part]
    if tail:
        city = tail[-1].strip()
    return ParsedAddress(line1=line1, line2=line2, city=city, region=region, postal_code=postal_code)


def _take_state(text: str) -> tuple[str, str]:
    """Remove a trailing state (code or name) from `text`; returns the rest and the 2-letter code."""
    stripped = text.rstrip(" ,")
    code = re.search(r"(?:^|[\s,])([A-Za-z]{2})$", stripped)
    if code and code.group(1).upper() in STATE_CODES and (code.group(1).isupper() or "," in stripped):
        return stripped[: code.start(1)].rstrip(" ,"), code.group(1).upper()
    lowered = stripped.lower()
    for name, abbreviation in sorted(STATES.items(), key=lambda kv: -len(kv[0])):
        if lowered.endswith(name) and (len(lowered) == len(name) or not lowered[-len(name) - 1].isalpha()):
            return stripped[: -len(name)].rstrip(" ,"), abbreviation
    return stripped, ""


def _place_only(text: str) -> ParsedAddress:
    """A follow-up answer without a street: "62701", "Springfield, IL 62701", "it's IL"."""
    zip_match = _ZIP.search(text)
    postal_code = zip_match.group(0) if zip_match else ""
    rest = text[: zip_match.start()] if zip_match else text
    rest, region = _take_state(_TRAILING_WORDS.sub("", rest).strip().rstrip(".!?"))
    city = ""
    if region and "," in rest:
        city = rest.rsplit(",", 1)[-1].strip()
    elif region:
        words = rest.split()
        city = words[-1] if len(words) == 1 else ""
    return ParsedAddress(city=city, region=region, postal_code=postal_code)
