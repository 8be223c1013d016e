"""A first grounding check: money amounts and order numbers in a model-written reply must be facts.

The local engine's templates only print facts, so its replies pass by construction. A language
model may invent a price or an order number; this check finds every such claim in the text and
compares it with the facts the tools returned this turn. A reply with an unsupported claim is not
sent: the caller falls back to the template rendering of the same facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

_MONEY = re.compile(r"(?:US)?\$\s?(\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)")
_ORDER = re.compile(r"#\s?(\d{3,8})\b")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class GroundingResult:
    """Claims in a reply that no fact supports (empty when the reply is grounded)."""

    unsupported: tuple[str, ...]

    @property
    def grounded(self) -> bool:
        """True when every checked claim is a fact."""
        return not self.unsupported


def _walk(value: Any) -> Iterable[str]:
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _walk(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def check_reply(text: str, facts: Mapping[str, Any]) -> GroundingResult:
    """Find money amounts and order numbers in `text` that are not among the `facts`."""
    fact_strings = list(_walk(facts))
    amounts = {
        a for s in fact_strings for n in _NUMBER.findall(s.replace(",", "")) if (a := _amount(n)) is not None
    }
    numbers = {n for s in fact_strings for n in re.findall(r"\d+", s)}
    unsupported: list[str] = []
    for match in _MONEY.finditer(text):
        amount = _amount(match.group(1))
        if amount is not None and amount not in amounts:
            unsupported.append(match.group(0))
    for match in _ORDER.finditer(text):
        if match.group(1) not in numbers:
            unsupported.append(match.group(0))
    return GroundingResult(tuple(unsupported))
