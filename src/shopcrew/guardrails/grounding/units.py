"""A reply cut into the units a claim lives in: sentences, list items and table rows.

A wrong claim is repaired inside its unit or removed with it, so a removal never leaves half a
sentence behind. Table rows remember their header, so "| Price | $165 | $140 |" knows which
product each cell is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
# A sentence ends at . ! or ? followed by space and a capital, a digit, a quote, # or $.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9\"'(#$*])")


@dataclass(frozen=True)
class Unit:
    """A span of the reply that holds claims: a sentence, a list item or a table row."""

    start: int
    end: int
    kind: str  # "sentence", "item" or "row"
    paragraph: int
    cells: tuple[tuple[int, int], ...] = ()  # for table rows: each cell's span
    header: tuple[tuple[int, int], ...] = ()  # for table rows: the header row's cell spans

    def text(self, reply: str) -> str:
        """The unit's text."""
        return reply[self.start : self.end]


def split_units(text: str) -> list[Unit]:
    """The units of a reply, in order."""
    units: list[Unit] = []
    paragraph = 0
    header: tuple[tuple[int, int], ...] = ()
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if not stripped:
            paragraph += 1
            header = ()
            continue
        if stripped.startswith("|"):
            if _TABLE_RULE.match(stripped):
                continue
            cells = _cells(line, start)
            if not header:
                header = cells
                units.append(Unit(start, end, "row", paragraph, cells, ()))
            else:
                units.append(Unit(start, end, "row", paragraph, cells, header))
            continue
        header = ()
        if _LIST_ITEM.match(line):
            units.append(Unit(start, end, "item", paragraph))
            continue
        units.extend(_sentences(line, start, paragraph))
    return units


def _cells(line: str, start: int) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    position = line.index("|") + 1
    while True:
        bar = line.find("|", position)
        if bar < 0:
            if line[position:].strip():
                spans.append((start + position, start + len(line)))
            break
        spans.append((start + position, start + bar))
        position = bar + 1
    return tuple(spans)


def _sentences(line: str, start: int, paragraph: int) -> list[Unit]:
    units: list[Unit] = []
    position = 0
    for match in _SENTENCE_END.finditer(line):
        units.append(Unit(start + position, start + match.start(), "sentence", paragraph))
        position = match.end()
    if line[position:].strip():
        units.append(Unit(start + position, start + len(line), "sentence", paragraph))
    # Leading whitespace is not part of a sentence.
    return [_trim(u, line, start) for u in units if line[u.start - start : u.end - start].strip()]


def _trim(unit: Unit, line: str, start: int) -> Unit:
    text = line[unit.start - start : unit.end - start]
    lead = len(text) - len(text.lstrip())
    tail = len(text) - len(text.rstrip())
    return Unit(unit.start + lead, unit.end - tail, unit.kind, unit.paragraph)
