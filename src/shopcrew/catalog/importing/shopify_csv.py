"""Shopify's product CSV: a product row, then variant and image rows with the same Handle.

Columns are matched by name, case-insensitively, so older exports (Google Shopping / ... columns)
and newer ones (Product Category, Status, `Name (product.metafields.ns.key)`) both read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shopcrew.catalog.importing.attributes import (
    INGREDIENT_KEYS,
    KIDS_AGE_GROUPS,
    apply_metafield,
    attributes_from_tags,
    html_to_text,
    metafield_key,
    normalize_gender,
    option_facts,
    option_key,
)
from shopcrew.catalog.importing.categories import place
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
)

REQUIRED_COLUMNS = ("Handle", "Title", "Variant Price")


@dataclass
class _RawVariant:
    line: int
    values: list[str]
    sku: str
    price: Decimal
    compare_at: Decimal | None
    inventory: int


@dataclass
class _Group:
    handle: str
    line: int
    cells: dict[str, str]
    metafields: dict[str, str]
    option_names: list[str]
    variants: list[_RawVariant] = field(default_factory=list)
    image: str | None = None
    failed: bool = False
    skipping_duplicate: bool = False


class _Reader:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.parsed = ParsedCatalog(file=file, format="shopify")
        self.rows = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(self.rows)
        except (StopIteration, csv.Error) as error:
            raise CatalogFileError(
                file, "empty_file", f"no header row ({error or 'the file is empty'})", 1
            ) from None
        self.columns: dict[str, int] = {}
        for position, name in enumerate(header):
            self.columns.setdefault(name.strip().casefold(), position)
        missing = [name for name in REQUIRED_COLUMNS if name.casefold() not in self.columns]
        if missing:
            found = ", ".join(name.strip() for name in header[:6] if name.strip())
            raise CatalogFileError(
                file,
                "missing_columns",
                f"missing required column(s) {', '.join(missing)} for a Shopify product CSV (found: {found}, ...)",
                line=1,
            )
        self.metafield_columns = [
            (position, key)
            for position, name in enumerate(header)
            if name.strip().casefold().find("product.metafields.") >= 0 and (key := metafield_key(name))
        ]
        if "variant inventory qty" not in self.columns:
            self.parsed.notes.append(
                "no Variant Inventory Qty column: every variant is imported with 0 in stock"
            )
        self.seen_handles: dict[str, int] = {}
        self.seen_skus: dict[str, int] = {}

    def read(self) -> ParsedCatalog:
        group: _Group | None = None
        # A record may span lines (quoted newlines in Body (HTML)); it starts after the last one read.
        previous = self.rows.line_num
        try:
            for row in self.rows:
                start, previous = previous + 1, self.rows.line_num
                if not any(cell.strip() for cell in row):
                    continue
                group = self._row(start, row, group)
        except csv.Error as error:
            raise CatalogFileError(
                self.file, "malformed_file", f"broken CSV: {error}", previous + 1
            ) from None
        if group is not None:
            self._finish(group)
        return self.parsed

    def _cell(self, row: list[str], name: str) -> str:
        position = self.columns.get(name)
        return row[position].strip() if position is not None and position < len(row) else ""

    def _reject(self, line: int, reason: str, handle: str | None) -> None:
        self.parsed.rejections.append(Rejection(self.file, line, reason, handle))

    def _row(self, line: int, row: list[str], group: _Group | None) -> _Group | None:
        handle = self._cell(row, "handle")
        if not handle:
            self._reject(line, "row has no Handle", None)
            return group
        title = self._cell(row, "title")
        if group is None or handle != group.handle:
            if group is not None:
                self._finish(group)
            return self._start(line, row, handle, title)
        if group.failed and not group.skipping_duplicate:
            return group
        if title:
            if not group.skipping_duplicate:
                self._reject(
                    line,
                    f"duplicate product row for handle {handle!r} (its product row is line {group.line}); "
                    "this row and the rows after it for that handle are skipped",
                    handle,
                )
            group.skipping_duplicate = True
            return group
        if not group.skipping_duplicate:
            self._variant(line, row, group)
        return group

    def _start(self, line: int, row: list[str], handle: str, title: str) -> _Group:
        width = len(row)
        cells = {name: row[pos].strip() if pos < width else "" for name, pos in self.columns.items()}
        group = _Group(handle, line, cells, {}, [self._cell(row, f"option{i} name") for i in (1, 2, 3)])
        if handle in self.seen_handles:
            self._reject(
                line,
                f"duplicate handle {handle!r}: already defined at line {self.seen_handles[handle]}",
                handle,
            )
            group.failed = True
            return group
        self.seen_handles[handle] = line
        if len(handle) > MAX_HANDLE:
            self._reject(line, f"handle longer than {MAX_HANDLE} characters", handle)
            group.failed = True
        elif not title:
            self._reject(
                line,
                f"first row for handle {handle!r} has no Title (the product row must come first)",
                handle,
            )
            group.failed = True
        else:
            group.metafields = {
                key: row[pos].strip() for pos, key in self.metafield_columns if pos < len(row)
            }
            self._variant(line, row, group)
        return group

    def _variant(self, line: int, row: list[str], group: _Group) -> None:
        image = self._cell(row, "image src")
        if image and group.image is None:
            group.image = image
        values = [self._cell(row, f"option{i} value") for i in (1, 2, 3)]
        sku, price_text = self._cell(row, "variant sku"), self._cell(row, "variant price")
        if not any(values) and not sku and not price_text:
            return  # an image-only row
        try:
            if not price_text:
                raise RowError("no Variant Price")
            price = parse_money(price_text, "Variant Price")
            compare_text = self._cell(row, "variant compare at price")
            compare = parse_money(compare_text, "Variant Compare At Price") if compare_text else None
            inventory = parse_inventory(self._cell(row, "variant inventory qty"))
        except RowError as error:
            self._reject(line, f"{group.handle}: {error}; the product is not imported", group.handle)
            group.failed = True
            return
        group.variants.append(_RawVariant(line, values, sku, price, compare, inventory))

    def _finish(self, group: _Group) -> None:
        if group.failed:
            return
        if not group.variants:
            self._reject(group.line, f"{group.handle}: no variant with a price", group.handle)
            return
        product = self._product(group)
        if product is not None:
            self.parsed.products.append(product)

    def _product(self, group: _Group) -> ProductRecord | None:
        cells = group.cells
        tags = [tag.strip() for tag in cells.get("tags", "").split(",") if tag.strip()]
        status = self._status(group)
        if status is None:
            return None
        category_path = cells.get("product category") or cells.get(
            "google shopping / google product category"
        )
        placement = place(category_path, [cells.get("type", ""), cells["title"], *tags])
        attributes: dict[str, Any] = attributes_from_tags(tags)
        if cells.get("type"):
            attributes["product_type"] = cells["type"]
        age_group = cells.get("google shopping / age group", "").casefold()
        gender = normalize_gender(cells.get("google shopping / gender"))
        if gender:
            attributes["gender"] = gender
        if age_group:
            attributes["age_group"] = age_group
            if age_group in KIDS_AGE_GROUPS:
                attributes["gender"] = "kids"
        condition = cells.get("google shopping / condition", "").casefold()
        if condition and condition != "new":
            attributes["condition"] = condition
        if cells.get("gift card", "").casefold() == "true":
            attributes["gift_card"] = True
        seo = {k: cells[f"seo {k}"] for k in ("title", "description") if cells.get(f"seo {k}")}
        if seo:
            attributes["seo"] = seo
        ingredients = None
        for key, value in group.metafields.items():
            if key in INGREDIENT_KEYS:
                ingredients = value or ingredients
            else:
                apply_metafield(attributes, key, value)
        variants = self._variants(group, placement.vertical)
        if variants is None:
            return None
        option_facts(attributes, [v.options for v in variants])
        description = html_to_text(cells.get("body (html)", "")) or seo.get("description", "")
        return ProductRecord(
            handle=group.handle,
            title=cells["title"],
            brand=cells.get("vendor") or None,
            vertical=placement.vertical,
            category=placement.category,
            description=description,
            tags=tags,
            attributes=attributes,
            ingredients=ingredients or None,
            status=status,
            image_url=group.image,
            variants=variants,
            line=group.line,
        )

    def _status(self, group: _Group) -> str | None:
        status = group.cells.get("status", "").casefold()
        if not status:
            published = group.cells.get("published", "").casefold()
            if published not in ("", "true", "false"):
                self._reject(
                    group.line, f"{group.handle}: Published {published!r} is not true or false", group.handle
                )
                return None
            return "draft" if published == "false" else "active"
        if status not in STATUSES:
            self._reject(
                group.line,
                f"{group.handle}: unknown Status {status!r} (expected active, draft or archived)",
                group.handle,
            )
            return None
        return status

    def _variants(self, group: _Group, vertical: str) -> list[VariantRecord] | None:
        names = group.option_names
        columns = [[v.values[i] for v in group.variants if v.values[i]] for i in range(3)]
        keys = [option_key(names[i], columns[i], vertical) if names[i] else "" for i in range(3)]
        records: list[VariantRecord] = []
        seen_options: dict[tuple[tuple[str, str], ...], int] = {}
        for raw in group.variants:
            options = {
                keys[i]: raw.values[i]
                for i in range(3)
                if keys[i] and raw.values[i] and not _is_default_title(names[i], raw.values[i])
            }
            signature = tuple(sorted(options.items()))
            sku = raw.sku or generated_sku(group.handle, options)
            problem = None
            if signature in seen_options:
                problem = f"same options as line {seen_options[signature]}"
            elif sku in self.seen_skus:
                problem = f"SKU {sku!r} is already used at line {self.seen_skus[sku]}"
            if problem:
                self._reject(
                    raw.line, f"{group.handle}: {problem}; the product is not imported", group.handle
                )
                return None
            seen_options[signature] = raw.line
            self.seen_skus[sku] = raw.line
            records.append(
                VariantRecord(
                    sku=sku,
                    title=" / ".join(options.values()) or "Default",
                    options=options,
                    price=raw.price,
                    compare_at_price=sale_price(raw.price, raw.compare_at),
                    inventory=raw.inventory,
                    line=raw.line,
                    sku_generated=not raw.sku,
                )
            )
        return records


def _is_default_title(name: str, value: str) -> bool:
    return name.casefold() == "title" and value.casefold() == "default title"


def read_shopify_csv(text: str, file: str) -> ParsedCatalog:
    """Products from a Shopify product CSV export; bad rows become rejections with their line."""
    return _Reader(text, file).read()
