"""The local engine's extractor: every slot of an `Extraction` from one shopper message.

Finders run from the most to the least certain (emails and phones before order numbers, money
before sizes) and blank the text they used, so each character is read as one thing only.
"""

from __future__ import annotations

from shopcrew.models.local.attributes import find_budget, find_ordinal, find_quantity, find_sizes
from shopcrew.models.local.extraction import Budget, Extraction, ProductMention
from shopcrew.models.local.gazetteer import Gazetteer
from shopcrew.models.local.identifiers import (
    find_emails,
    find_names,
    find_order_numbers,
    find_phones,
    find_zip_codes,
)

__all__ = ["Budget", "Extraction", "ProductMention", "extract"]


def extract(text: str, gazetteer: Gazetteer, *, expecting: str | None = None) -> Extraction:
    """Extract order numbers, contacts, products, sizes, budget and the rest from one message.

    `expecting` names the slot the conversation is waiting for ("zip_code", "person_name",
    "identity", "order_number"); it only settles bare answers, such as a lone "94110" (a ZIP
    when a ZIP or identity is awaited, else an order number) or "Jane Doe" (a name only then).
    """
    work = text
    emails, spans = find_emails(work)
    work = _blank(work, spans)
    phones, spans = find_phones(work)
    work = _blank(work, spans)
    names, name_zips, spans = find_names(work, expecting=expecting)
    work = _blank(work, spans)
    orders, spans = find_order_numbers(work, expecting=expecting)
    work = _blank(work, spans)
    zips, spans = find_zip_codes(work, expecting=expecting)
    work = _blank(work, spans)
    budget, spans = find_budget(work)
    work = _blank(work, spans)
    sizes, widths, spans = find_sizes(work)
    work = _blank(work, spans)
    # Identifiers, prices and sizes are blanked by now: "$30" or "size 3" never match "SPF 30" or
    # "Road Runner 3", and an email address never matches a product.
    scan = gazetteer.scan(work)
    ordinal, spans = find_ordinal(work)
    work = _blank(work, spans)
    quantity, _ = find_quantity(work, gazetteer.is_product_noun)
    return Extraction(
        order_numbers=orders,
        emails=emails,
        phones=phones,
        person_names=names,
        zip_codes=list(dict.fromkeys([*name_zips, *zips])),
        products=list(scan.products),
        brands=list(scan.brands),
        categories=list(scan.categories),
        sizes=sizes,
        widths=widths,
        colours=list(scan.colours),
        budget=budget,
        ordinal=ordinal,
        quantity=quantity,
    )


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with `spans` replaced by spaces, so offsets stay valid for later finders."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
