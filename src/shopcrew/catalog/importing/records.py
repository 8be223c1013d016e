"""What every catalog reader produces and every import reports: records, rejections, file errors."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

FORMATS = ("shopify", "merchant", "json")
STATUSES = ("active", "draft", "archived", "discontinued")
MAX_SKU = 100  # VariantRow.sku length
MAX_HANDLE = 200  # ProductRow.handle length


class CatalogFileError(Exception):
    """The whole file is refused (wrong encoding, unknown format, missing columns): nothing is imported."""

    def __init__(self, file: str, code: str, message: str, line: int | None = None) -> None:
        self.file, self.code, self.message, self.line = file, code, message, line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


class RowError(ValueError):
    """One value of one row is unusable; the reader turns it into a Rejection."""


@dataclass(frozen=True)
class Rejection:
    """A row (or product) left out of the import, and why."""

    file: str
    line: int
    reason: str
    handle: str | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class VariantRecord:
    """A variant as read from a file; `sku_generated` when the file had none and we made a stable one."""

    sku: str
    title: str
    options: dict[str, str]
    price: Decimal
    compare_at_price: Decimal | None
    inventory: int
    line: int
    sku_generated: bool = False


@dataclass(frozen=True)
class ProductRecord:
    """A product as read from a file, already mapped to shopcrew's vertical, category and attributes."""

    handle: str
    title: str
    brand: str | None
    vertical: str
    category: str
    description: str
    tags: list[str]
    attributes: dict[str, Any]
    ingredients: str | None
    status: str
    image_url: str | None
    variants: list[VariantRecord]
    line: int


@dataclass
class ParsedCatalog:
    """A file read into records, with the rows that could not be used."""

    file: str
    format: str
    products: list[ProductRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    file: str
    format: str
    dry_run: bool
    added: int
    updated: int
    unchanged: int
    rejected: int
    archived: int
    variants: int
    rejections: tuple[Rejection, ...]
    notes: tuple[str, ...] = ()

    @property
    def refused(self) -> bool:
        """True when nothing in the file could be imported."""
        return self.added + self.updated + self.unchanged == 0

    def summary(self) -> str:
        """One line of counts, as the CLI prints it first."""
        verb = "would import" if self.dry_run else "imported"
        text = (
            f"{self.file} ({self.format}): {verb} {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.rejected} rejected"
        )
        if self.archived:
            text += f", {self.archived} archived"
        return text

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (the API's response body)."""
        return {
            "file": self.file,
            "format": self.format,
            "dry_run": self.dry_run,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "archived": self.archived,
            "variants": self.variants,
            "rejections": [
                {"file": r.file, "line": r.line, "reason": r.reason, "handle": r.handle}
                for r in self.rejections
            ],
            "notes": list(self.notes),
        }


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A lowercase ASCII slug: "Men's Tee / Navy" -> "mens-tee-navy"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", text.replace("'", "").replace("&", "and").lower()).strip("-")


@lru_cache(maxsize=4096)  # tags, option names and column keys repeat across a whole file
def snake_case(text: str) -> str:
    """A snake_case id: "T-Shirts & Tops" -> "t_shirts_and_tops"."""
    return slugify(text).replace("-", "_")


def bounded(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with a short hash, so long ids stay unique and stable."""
    if len(text) <= limit:
        return text
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    return f"{text[: limit - 9].rstrip('-')}-{digest}"


def generated_sku(handle: str, options: dict[str, str]) -> str:
    """A stable SKU for a variant the file gave none: the handle plus its option values."""
    values = slugify(" ".join(options.values()))
    return bounded(f"{handle}-{values}" if values else handle, MAX_SKU)


_MONEY = re.compile(r"^\d+(\.\d+)?$")


def parse_money(text: str, what: str = "price") -> Decimal:
    """A non-negative amount like "25", "25.00" or "1,299.50"; RowError says what was wrong."""
    cleaned = text.strip().replace(",", "")
    if cleaned.startswith("-"):
        raise RowError(f"negative {what} {text.strip()!r}")
    if not _MONEY.match(cleaned):
        raise RowError(f"{what} {text.strip()!r} is not a number")
    try:
        return Decimal(cleaned).quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees a number
        raise RowError(f"{what} {text.strip()!r} is not a number") from None


def parse_inventory(text: str) -> int:
    """Units on hand: a whole number, 0 when blank; negative stock is refused."""
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return 0
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise RowError(f"inventory {text.strip()!r} is not a whole number") from None
    if value != value.to_integral_value():
        raise RowError(f"inventory {text.strip()!r} is not a whole number")
    if value < 0:
        raise RowError(f"negative inventory {text.strip()!r}")
    return int(value)


def sale_price(price: Decimal, compare_at: Decimal | None) -> Decimal | None:
    """The compare-at price only when it is above the price: anything else is not a markdown."""
    return compare_at if compare_at is not None and compare_at > price else None
