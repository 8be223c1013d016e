"""What the tools returned this turn, gathered into one record the claim checks read.

Agents hand facts over as JSON-able mappings (`AgentReply.facts`, `TurnTrace.facts`). Their shape
grows as agents do, so this module reads them defensively: any `id` of a product fact, any order
`number`, any amount, date or tracking number anywhere in them. For a product the tools returned,
the full catalog record is the tool's answer for its prices, stock, sizes and ingredients.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from shopcrew.catalog.search import CatalogIndex
from shopcrew.domain.catalog import Product

_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_DAY = re.compile(r"\b(" + "|".join(_MONTHS) + r")[a-z]*\.?\s+(\d{1,2})\b", re.IGNORECASE)
# Keys whose amounts are sums or differences a reply may attach to a product ("$30 less than ...").
_DERIVED_AMOUNT_KEYS = ("total", "difference", "saving", "refund", "diff", "compare")
# Fact strings at least this long are quoted prose (an INCI list, a policy quote, a description);
# text copied verbatim from them is grounded by definition and not scanned for claims again.
MIN_QUOTED_CHARS = 40


@dataclass(frozen=True)
class OrderFact:
    """One order as the tools returned it: number, status, what shipped and what was refunded."""

    number: int
    status: str | None
    shipment_statuses: tuple[str, ...] = ()
    refunded: Decimal = Decimal("0")
    delivered: bool = False


@dataclass
class TurnFacts:
    """Everything a reply may state this turn, indexed for the claim checks."""

    catalog: CatalogIndex | None
    products: dict[int, Product] = field(default_factory=dict)
    orders: dict[int, OrderFact] = field(default_factory=dict)
    order_numbers: set[int] = field(default_factory=set)
    amounts: set[Decimal] = field(default_factory=set)
    derived_amounts: set[Decimal] = field(default_factory=set)
    dates: set[tuple[int, int]] = field(default_factory=set)
    strings: set[str] = field(default_factory=set)
    quoted: tuple[str, ...] = ()

    def product_prices(self, product: Product) -> set[Decimal]:
        """Every price a reply may give for `product`: variant and compare-at prices."""
        prices = {money(v.price) for v in product.variants}
        prices |= {money(v.compare_at_price) for v in product.variants if v.compare_at_price is not None}
        return prices

    def in_text(self, value: str) -> bool:
        """True when `value` occurs in a fact string (tracking numbers, SKUs)."""
        return any(value in s for s in self.strings)


def money(value: Decimal) -> Decimal:
    """An amount rounded to cents, the unit prices are compared in."""
    return value.quantize(Decimal("0.01"))


def parse_amount(text: str) -> Decimal | None:
    """A money amount from digits like "1,120.5"; None when they are not a number."""
    try:
        return money(Decimal(text.replace(",", "")))
    except InvalidOperation:
        return None


def collect_facts(
    fact_sets: Iterable[Mapping[str, Any]],
    *,
    catalog: CatalogIndex | None,
    products: Iterable[Product] = (),
    by_title: Mapping[str, Product] | None = None,
) -> TurnFacts:
    """Gather this turn's facts (agent reply facts, trace facts) and products into one TurnFacts.

    `by_title` maps case-folded catalog titles to products, to find the products order lines name.
    """
    facts = TurnFacts(catalog=catalog)
    for product in products:
        facts.products[product.id] = _catalog_record(catalog, product.id) or product
    titles: set[str] = set()
    for mapping in fact_sets:
        _read(mapping, facts, titles, key="")
    if by_title and titles:
        # Order lines and subscriptions name products by title; those products are this turn's too.
        for title in titles:
            named = by_title.get(title.casefold())
            if named is not None:
                facts.products.setdefault(named.id, named)
    quoted = (s for s in facts.strings if len(s) >= MIN_QUOTED_CHARS)
    facts.quoted = tuple(sorted(quoted, key=len, reverse=True))
    return facts


def _read(value: Any, facts: TurnFacts, titles: set[str], key: str) -> None:
    if isinstance(value, Mapping):
        _read_mapping(value, facts, titles)
        for child_key, child in value.items():
            _read(child, facts, titles, str(child_key))
    elif isinstance(value, list | tuple | set):
        for item in value:
            _read(item, facts, titles, key)
    elif value is not None and not isinstance(value, bool):
        _read_scalar(str(value), key, facts, titles)


def _read_mapping(value: Mapping[str, Any], facts: TurnFacts, titles: set[str]) -> None:
    kind = value.get("kind")
    product_id = value.get("id")
    if isinstance(product_id, int) and (kind in (None, "product") and "title" in value):
        record = _catalog_record(facts.catalog, product_id)
        if record is not None:
            facts.products.setdefault(product_id, record)
    number = value.get("number")
    if isinstance(number, int) and (kind == "order" or "status" in value):
        facts.orders[number] = _order(number, value)


def _read_scalar(text: str, key: str, facts: TurnFacts, titles: set[str]) -> None:
    facts.strings.add(text)
    lowered = key.casefold()
    if lowered in ("title", "items") and text:
        titles.add(text)
    if lowered in ("number", "order_number") and text.isdigit():
        facts.order_numbers.add(int(text))
    for digits in _AMOUNT.findall(text):
        amount = parse_amount(digits)
        if amount is not None:
            facts.amounts.add(amount)
            if any(part in lowered for part in _DERIVED_AMOUNT_KEYS):
                facts.derived_amounts.add(amount)
    facts.dates.update(dates_in(text))


def dates_in(text: str) -> Iterator[tuple[int, int]]:
    """(month, day) pairs of the ISO dates and "May 3"-style dates in a text."""
    for match in _ISO_DATE.finditer(text):
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
        yield day.month, day.day
    for match in _MONTH_DAY.finditer(text):
        yield _MONTHS.index(match.group(1)[:3].casefold()) + 1, int(match.group(2))


def _order(number: int, value: Mapping[str, Any]) -> OrderFact:
    shipments = value.get("shipments") or []
    statuses = tuple(
        str(s.get("status")) for s in shipments if isinstance(s, Mapping) and s.get("status") is not None
    )
    refunded = parse_amount(str(value.get("refunded") or "0")) or Decimal("0")
    status = value.get("status")
    return OrderFact(
        number=number,
        status=str(status) if status is not None else None,
        shipment_statuses=statuses,
        refunded=refunded,
        delivered=bool(value.get("delivered_on")) or "delivered" in statuses,
    )


def _catalog_record(catalog: CatalogIndex | None, product_id: int) -> Product | None:
    return catalog.get(product_id) if catalog is not None else None
