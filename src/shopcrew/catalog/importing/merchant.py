"""Google Merchant Center feeds: RSS 2.0 or Atom XML with the `g:` namespace, or TSV.

Each item is one variant; items sharing `item_group_id` become one product whose variants differ
by size, color, material, pattern, age_group or gender. Merchant feeds carry availability, not
stock counts: in_stock becomes 1 unit (0 for out_of_stock, preorder and backorder) unless the item
states a `quantity`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.parsers import expat

from shopcrew.catalog.importing.attributes import (
    KIDS_AGE_GROUPS,
    attributes_from_tags,
    html_to_text,
    merge_list,
    normalize_gender,
    option_facts,
)
from shopcrew.catalog.importing.categories import place
from shopcrew.catalog.importing.records import (
    MAX_HANDLE,
    MAX_SKU,
    CatalogFileError,
    ParsedCatalog,
    ProductRecord,
    Rejection,
    RowError,
    VariantRecord,
    bounded,
    parse_inventory,
    parse_money,
    sale_price,
    slugify,
)
from shopcrew.catalog.importing.source import decode_utf8, xml_declared_encoding

GOOGLE_NS = "http://base.google.com/ns/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"
_AVAILABLE = {"in_stock", "in stock"}
_AVAILABILITY = {"in_stock", "in stock", "out_of_stock", "out of stock", "preorder", "backorder"}
_PRICE = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([A-Za-z]{3})?\s*$")
# Variant-defining attributes, in the order options are shown; Google's `color` is shopcrew's colour.
_OPTION_ATTRIBUTES = (("size", "size"), ("color", "colour"))
# Options only when they differ within an item group; otherwise they are product attributes.
_GROUP_OPTIONAL = (
    ("material", "material"),
    ("pattern", "pattern"),
    ("age_group", "age_group"),
    ("gender", "gender"),
)


@dataclass
class _Item:
    line: int
    values: dict[str, list[str]]

    def get(self, name: str) -> str:
        found = self.values.get(name)
        return found[0].strip() if found else ""


def read_merchant_feed(data: bytes, file: str) -> ParsedCatalog:
    """Products from a Merchant Center feed (XML or TSV); bad items become rejections with their line."""
    if data.lstrip().startswith(b"<") or data.startswith(b"\xef\xbb\xbf<"):
        items = _xml_items(data, file)
    else:
        items = _tsv_items(decode_utf8(data, file), file)
    return _Assembler(file).assemble(items)


def _xml_items(data: bytes, file: str) -> list[_Item]:
    if xml_declared_encoding(data) in (None, "utf-8", "utf8"):
        decode_utf8(data, file)  # the same encoding diagnosis as the other formats
    parser = expat.ParserCreate(namespace_separator=" ")
    items: list[_Item] = []
    depth = 0
    item_depth = 0  # the depth of the <item>/<entry> being read, 0 outside one
    current: _Item | None = None
    text: list[str] = []
    root: list[str] = []

    def refuse_doctype(*_args: Any) -> None:
        raise CatalogFileError(
            file, "malformed_file", "DOCTYPE declarations are not allowed in a feed", parser.CurrentLineNumber
        )

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal current, depth, item_depth
        uri, _, local = name.rpartition(" ")
        depth += 1
        if depth == 1:
            root.append(local)
        if current is None and local in ("item", "entry") and uri in ("", ATOM_NS):
            current, item_depth = _Item(parser.CurrentLineNumber, {}), depth
        elif current is not None and depth == item_depth + 1:
            text.clear()
            if local == "link" and uri == ATOM_NS and attrs.get("href"):
                current.values.setdefault("atom_link", []).append(attrs["href"])

    def end(name: str) -> None:
        nonlocal current, depth, item_depth
        uri, _, local = name.rpartition(" ")
        if current is not None and depth == item_depth:
            items.append(current)
            current, item_depth = None, 0
        elif current is not None and depth == item_depth + 1:
            key = local if uri == GOOGLE_NS else f"plain_{local}"
            current.values.setdefault(key, []).append("".join(text))
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    parser.StartDoctypeDeclHandler = refuse_doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise CatalogFileError(
            file, "malformed_file", f"not well-formed XML: {expat.errors.messages[error.code]}", error.lineno
        ) from None
    if root and root[0] not in ("rss", "feed"):
        raise CatalogFileError(
            file, "unknown_format", f"XML root <{root[0]}> is neither RSS 2.0 <rss> nor Atom <feed>", 1
        )
    for item in items:
        # Unprefixed RSS/Atom elements stand in for the g: ones a feed left out.
        for plain, google in (
            ("plain_title", "title"),
            ("plain_description", "description"),
            ("plain_summary", "description"),
            ("plain_link", "link"),
            ("atom_link", "link"),
        ):
            if google not in item.values and any(v.strip() for v in item.values.get(plain, [])):
                item.values[google] = item.values[plain]
    return items


def _tsv_items(text: str, file: str) -> list[_Item]:
    lines = text.splitlines()
    if not lines:
        raise CatalogFileError(file, "empty_file", "the file is empty", 1)
    header = [_attribute_name(name) for name in lines[0].split("\t")]
    missing = [name for name in ("id", "title", "price") if name not in header]
    if missing:
        raise CatalogFileError(
            file,
            "missing_columns",
            f"missing required column(s) {', '.join(missing)} for a Merchant Center TSV feed",
            1,
        )
    items = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        values: dict[str, list[str]] = {}
        for name, cell in zip(header, line.split("\t"), strict=False):
            if name and cell.strip():
                values.setdefault(name, []).append(cell.strip().strip('"'))
        items.append(_Item(number, values))
    return items


def _attribute_name(name: str) -> str:
    # "g:image_link", "image link" and "Image_Link" all name image_link.
    cleaned = name.strip().strip('"').casefold().removeprefix("g:")
    return re.sub(r"\s+", "_", cleaned)


class _Assembler:
    def __init__(self, file: str) -> None:
        self.file = file
        self.parsed = ParsedCatalog(file=file, format="merchant")
        self.currency: str | None = None

    def assemble(self, items: list[_Item]) -> ParsedCatalog:
        if not items:
            raise CatalogFileError(self.file, "empty_file", "the feed has no items", 1)
        groups: dict[str, list[tuple[_Item, VariantRecord]]] = {}
        seen_ids: dict[str, int] = {}
        for item in items:
            item_id = item.get("id")
            try:
                if not item_id:
                    raise RowError("item has no id")
                if item_id in seen_ids:
                    raise RowError(f"duplicate id {item_id!r}: already used at line {seen_ids[item_id]}")
                seen_ids[item_id] = item.line
                variant = self._variant(item)
            except RowError as error:
                self.parsed.rejections.append(Rejection(self.file, item.line, str(error), item_id or None))
                continue
            key = item.get("item_group_id") or item_id
            groups.setdefault(key, []).append((item, variant))
        for key, members in groups.items():
            self.parsed.products.append(self._product(key, members))
        return self.parsed

    def _variant(self, item: _Item) -> VariantRecord:
        if not item.get("title"):
            raise RowError(f"item {item.get('id')!r} has no title")
        price, currency = self._money(item.get("price"), "price")
        sale_text = item.get("sale_price")
        compare = None
        if sale_text:
            sale, sale_currency = self._money(sale_text, "sale_price")
            if sale_currency != currency:
                raise RowError(f"sale_price currency {sale_currency} differs from price currency {currency}")
            price, compare = sale, price
        availability = item.get("availability").casefold()
        if not availability:
            raise RowError(f"item {item.get('id')!r} has no availability")
        if availability not in _AVAILABILITY:
            raise RowError(
                f"unknown availability {availability!r} (in_stock, out_of_stock, preorder or backorder)"
            )
        quantity = item.get("quantity") or item.get("sell_on_google_quantity")
        inventory = parse_inventory(quantity) if quantity else int(availability in _AVAILABLE)
        options = {key: item.get(name) for name, key in _OPTION_ATTRIBUTES if item.get(name)}
        return VariantRecord(
            sku=bounded(item.get("id"), MAX_SKU),
            title=" / ".join(options.values()) or "Default",
            options=options,
            price=price,
            compare_at_price=sale_price(price, compare),
            inventory=inventory,
            line=item.line,
        )

    def _money(self, text: str, what: str) -> tuple[Decimal, str]:
        match = _PRICE.match(text)
        if not text:
            raise RowError(f"no {what}")
        if not match:
            if text.strip().startswith("-"):
                raise RowError(f"negative {what} {text!r}")
            raise RowError(f"{what} {text!r} is not an amount like '15.00 USD'")
        amount = parse_money(match.group(1), what)
        currency = (match.group(2) or self.currency or "").upper()
        if self.currency is None and currency:
            self.currency = currency
        elif currency and currency != self.currency:
            raise RowError(f"{what} in {currency}, but this feed's prices are in {self.currency}")
        return amount, currency

    def _product(self, key: str, members: list[tuple[_Item, VariantRecord]]) -> ProductRecord:
        first = members[0][0]
        items = [item for item, _ in members]
        variants = [variant for _, variant in members]
        for name, option in _GROUP_OPTIONAL:
            # age_group and gender are options only when they differ within the group.
            if len({item.get(name) for item in items} - {""}) > 1:
                variants = [
                    _with_option(v, option, item.get(name)) for item, v in zip(items, variants, strict=True)
                ]
        title = _common_title([item.get("title") for item in items])
        tags: list[str] = []  # Merchant feeds have no tags
        product_type = first.get("product_type")
        placement = place(
            first.get("google_product_category"), [product_type.rpartition(">")[2], title, product_type]
        )
        attributes: dict[str, Any] = attributes_from_tags(tags)
        if product_type:
            attributes["product_type"] = product_type
        gender = normalize_gender(first.get("gender"))
        if gender:
            attributes["gender"] = gender
        age_group = first.get("age_group").casefold()
        if age_group:
            attributes["age_group"] = age_group
            if age_group in KIDS_AGE_GROUPS:
                attributes["gender"] = "kids"
        pending = {item.get("availability").casefold() for item in items} & {"preorder", "backorder"}
        if pending:
            attributes["availability"] = sorted(pending)[-1]  # preorder before backorder
        if first.get("pattern"):
            attributes["pattern"] = first.get("pattern")
        for item in items:
            merge_list(
                attributes, "colours", [c.strip().title() for c in item.get("color").split("/") if c.strip()]
            )
            merge_list(
                attributes, "materials", [m.strip() for m in item.get("material").split("/") if m.strip()]
            )
        option_facts(attributes, [v.options for v in variants])
        for name in ("link", "condition", "gtin", "mpn"):
            if first.get(name) and not (name == "condition" and first.get(name).casefold() == "new"):
                attributes[name if name != "link" else "url"] = first.get(name)
        return ProductRecord(
            handle=bounded(slugify(key) or key, MAX_HANDLE),
            title=title,
            brand=first.get("brand") or None,
            vertical=placement.vertical,
            category=placement.category,
            description=html_to_text(first.get("description")),
            tags=tags,
            attributes=attributes,
            ingredients=None,
            status="active",
            image_url=first.get("image_link") or None,
            variants=variants,
            line=first.line,
        )


def _with_option(variant: VariantRecord, key: str, value: str) -> VariantRecord:
    options = {**variant.options, key: value} if value else dict(variant.options)
    return VariantRecord(
        sku=variant.sku,
        title=" / ".join(options.values()) or "Default",
        options=options,
        price=variant.price,
        compare_at_price=variant.compare_at_price,
        inventory=variant.inventory,
        line=variant.line,
    )


def _common_title(titles: list[str]) -> str:
    """The group's product title: the words all variant titles share ("Tee - Red - M" -> "Tee")."""
    if len(set(titles)) == 1:
        return titles[0]
    split = [title.split() for title in titles]
    common: list[str] = []
    for words in zip(*split, strict=False):
        if len(set(words)) != 1:
            break
        common.append(words[0])
    shared = " ".join(common).rstrip(" -–,/|(")
    return shared or titles[0]
