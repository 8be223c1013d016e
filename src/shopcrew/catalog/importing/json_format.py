"""shopcrew's own catalog JSON (see docs/catalog-import.md): `{"products": [...]}` or a bare list."""

from __future__ import annotations

import json
import re
from typing import Any

from shopcrew.catalog.importing.attributes import option_facts
from shopcrew.catalog.importing.categories import VERTICALS, place
from shopcrew.catalog.importing.records import (
    MAX_HANDLE,
    STATUSES,
    CatalogFileError,
    ParsedCatalog,
    ProductRecord,
    Rejection,
    RowError,
    VariantRecord,
    generated_sku,
    parse_inventory,
    parse_money,
    sale_price,
    snake_case,
)

_PRODUCTS_KEY = re.compile(r'"products"\s*:\s*\[')
_PRODUCT_FIELDS = frozenset(
    {
        "handle",
        "title",
        "brand",
        "vertical",
        "category",
        "description",
        "tags",
        "attributes",
        "ingredients",
        "status",
        "image_url",
        "variants",
    }
)
_VARIANT_FIELDS = frozenset({"sku", "title", "options", "price", "compare_at_price", "inventory"})


def read_catalog_json(text: str, file: str) -> ParsedCatalog:
    """Products from shopcrew catalog JSON; a product with a bad field becomes a rejection with its line."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogFileError(file, "malformed_file", f"not valid JSON: {error.msg}", error.lineno) from None
    if isinstance(document, dict):
        products = document.get("products")
        if not isinstance(products, list):
            raise CatalogFileError(file, "missing_columns", 'the JSON object has no "products" list', 1)
    elif isinstance(document, list):
        products = document
    else:
        raise CatalogFileError(
            file, "malformed_file", 'expected {"products": [...]} or a list of products', 1
        )
    lines = _product_lines(text, len(products))
    parsed = ParsedCatalog(file=file, format="json")
    seen_handles: dict[str, int] = {}
    seen_skus: dict[str, int] = {}
    for index, raw in enumerate(products):
        line = lines[index]
        where = f"products[{index}]"
        try:
            product = _product(raw, where, line)
            if product.handle in seen_handles:
                raise RowError(
                    f"{where}: duplicate handle {product.handle!r}: already defined at line {seen_handles[product.handle]}"
                )
            for variant in product.variants:
                if variant.sku in seen_skus:
                    raise RowError(
                        f"{where}: SKU {variant.sku!r} is already used at line {seen_skus[variant.sku]}"
                    )
        except RowError as error:
            handle = (
                raw.get("handle") if isinstance(raw, dict) and isinstance(raw.get("handle"), str) else None
            )
            parsed.rejections.append(Rejection(file, line, str(error), handle))
            continue
        seen_handles[product.handle] = line
        seen_skus.update((variant.sku, line) for variant in product.variants)
        parsed.products.append(product)
    return parsed


def _product_lines(text: str, count: int) -> list[int]:
    """The line each product object starts on (json.loads keeps no positions, so walk the array)."""
    match = _PRODUCTS_KEY.search(text) if not text.lstrip().startswith("[") else None
    position = match.end() if match else text.index("[") + 1
    decoder = json.JSONDecoder()
    lines: list[int] = []
    try:
        while len(lines) < count:
            while text[position] in " \t\r\n,":
                position += 1
            lines.append(text.count("\n", 0, position) + 1)
            _, position = decoder.raw_decode(text, position)
    except (json.JSONDecodeError, IndexError):
        return [1] * count
    return lines


def _text(raw: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            raise RowError(f"{where}.{key} is missing")
        return ""
    if not isinstance(value, str):
        raise RowError(f"{where}.{key} must be a string, not {type(value).__name__}")
    if required and not value.strip():
        raise RowError(f"{where}.{key} is empty")
    return value.strip()


def _product(raw: Any, where: str, line: int) -> ProductRecord:
    if not isinstance(raw, dict):
        raise RowError(f"{where} must be an object")
    unknown = sorted(set(raw) - _PRODUCT_FIELDS)
    if unknown:
        raise RowError(f"{where}: unknown field(s) {', '.join(unknown)} (put extra facts in attributes)")
    handle, title = _text(raw, "handle", where, required=True), _text(raw, "title", where, required=True)
    if len(handle) > MAX_HANDLE:
        raise RowError(f"{where}.handle is longer than {MAX_HANDLE} characters")
    status = _text(raw, "status", where) or "active"
    if status not in STATUSES:
        raise RowError(f"{where}.status {status!r} is not one of {', '.join(STATUSES)}")
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise RowError(f"{where}.tags must be a list of strings")
    attributes = raw.get("attributes", {})
    if not isinstance(attributes, dict):
        raise RowError(f"{where}.attributes must be an object")
    vertical, category = _text(raw, "vertical", where), _text(raw, "category", where)
    if vertical and vertical not in VERTICALS:
        raise RowError(f"{where}.vertical {vertical!r} is not one of {', '.join(VERTICALS)}")
    if not (vertical and category):
        placement = place(None, [category, title, *tags])
        vertical = vertical or placement.vertical
        category = category or placement.category
    raw_variants = raw.get("variants")
    if not isinstance(raw_variants, list) or not raw_variants:
        raise RowError(f"{where}.variants must be a non-empty list")
    variants = [_variant(v, f"{where}.variants[{i}]", handle, line) for i, v in enumerate(raw_variants)]
    if len({tuple(sorted(v.options.items())) for v in variants}) < len(variants):
        raise RowError(f"{where}: two variants have the same options")
    attributes = dict(attributes)
    option_facts(attributes, [v.options for v in variants])
    return ProductRecord(
        handle=handle,
        title=title,
        brand=_text(raw, "brand", where) or None,
        vertical=vertical,
        category=snake_case(category),
        description=_text(raw, "description", where),
        tags=[tag.strip() for tag in tags if tag.strip()],
        attributes=attributes,
        ingredients=_text(raw, "ingredients", where) or None,
        status=status,
        image_url=_text(raw, "image_url", where) or None,
        variants=variants,
        line=line,
    )


def _variant(raw: Any, where: str, handle: str, line: int) -> VariantRecord:
    if not isinstance(raw, dict):
        raise RowError(f"{where} must be an object")
    unknown = sorted(set(raw) - _VARIANT_FIELDS)
    if unknown:
        raise RowError(f"{where}: unknown field(s) {', '.join(unknown)}")
    options = raw.get("options", {})
    if not isinstance(options, dict) or not all(isinstance(v, str | int | float) for v in options.values()):
        raise RowError(f"{where}.options must be an object of strings")
    options = {snake_case(str(k)): str(v) for k, v in options.items() if str(v).strip()}
    try:
        price = parse_money(_number(raw.get("price"), f"{where}.price"), "price")
        compare_text = raw.get("compare_at_price")
        compare = (
            parse_money(_number(compare_text, "compare_at_price"), "compare_at_price")
            if compare_text is not None
            else None
        )
        inventory = parse_inventory(_number(raw.get("inventory", 0), "inventory"))
    except RowError as error:
        raise RowError(f"{where}: {error}") from None
    sku = _text(raw, "sku", where)
    return VariantRecord(
        sku=sku or generated_sku(handle, options),
        title=_text(raw, "title", where) or " / ".join(options.values()) or "Default",
        options=options,
        price=price,
        compare_at_price=sale_price(price, compare),
        inventory=inventory,
        line=line,
        sku_generated=not sku,
    )


def _number(value: Any, what: str) -> str:
    # Prices may be JSON numbers or strings ("24.00"); booleans are neither.
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RowError(f"{what} is missing" if value is None else f"{what} must be a number or a string")
    return str(value)
