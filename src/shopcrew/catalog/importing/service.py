"""Importing a catalog file: parse it in its format, then write it to the store in one transaction.

`import_catalog` reads a whole file, refuses it outright for file-level problems (encoding, format,
missing columns), rejects bad rows with their line, and writes the rest in one transaction.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shopcrew.catalog.importing.json_format import read_catalog_json
from shopcrew.catalog.importing.merchant import read_merchant_feed
from shopcrew.catalog.importing.records import (
    FORMATS,
    CatalogFileError,
    ImportReport,
    ParsedCatalog,
    ProductRecord,
    Rejection,
    VariantRecord,
)
from shopcrew.catalog.importing.shopify_csv import read_shopify_csv
from shopcrew.catalog.importing.source import decode_utf8, detect_format
from shopcrew.catalog.importing.writer import write_catalog

__all__ = [
    "FORMATS",
    "CatalogFileError",
    "ImportReport",
    "ParsedCatalog",
    "ProductRecord",
    "Rejection",
    "VariantRecord",
    "import_catalog",
    "import_catalog_file",
    "parse_catalog",
]


def parse_catalog(data: bytes, file: str, format: str = "auto") -> ParsedCatalog:
    """Read a catalog file's bytes into records; `format` is auto, shopify, merchant or json."""
    if format == "auto":
        if not data.strip():
            raise CatalogFileError(file, "empty_file", "the file is empty", 1)
        format = detect_format(data, file)
    if format == "shopify":
        return read_shopify_csv(decode_utf8(data, file), file)
    if format == "merchant":
        return read_merchant_feed(data, file)
    if format == "json":
        return read_catalog_json(decode_utf8(data, file), file)
    raise CatalogFileError(
        file, "unknown_format", f"unknown format {format!r}; use auto, {', '.join(FORMATS)}"
    )


def import_catalog(
    engine: Engine,
    data: bytes,
    file: str,
    *,
    format: str = "auto",
    dry_run: bool = False,
    archive_missing: bool = False,
) -> ImportReport:
    """Import one file into the store in a single transaction (rolled back for a dry run).

    Raises CatalogFileError when the whole file is refused; bad rows are reported, not raised.
    """
    parsed = parse_catalog(data, file, format)
    rejections = list(parsed.rejections)
    added = updated = unchanged = archived = variants = 0
    if parsed.products:
        with Session(engine, expire_on_commit=False) as session:
            transaction = session.begin()
            try:
                outcome = write_catalog(session, parsed.products, file, archive_missing=archive_missing)
            except BaseException:
                transaction.rollback()
                raise
            if dry_run:
                transaction.rollback()
            else:
                transaction.commit()
        rejections += outcome.rejections
        added, updated, unchanged = outcome.added, outcome.updated, outcome.unchanged
        archived, variants = outcome.archived, outcome.variants
    rejections.sort(key=lambda rejection: rejection.line)
    return ImportReport(
        file=file,
        format=parsed.format,
        dry_run=dry_run,
        added=added,
        updated=updated,
        unchanged=unchanged,
        rejected=len(rejections),
        archived=archived,
        variants=variants,
        rejections=tuple(rejections),
        notes=tuple(parsed.notes),
    )


def import_catalog_file(
    engine: Engine,
    path: Path,
    *,
    format: str = "auto",
    dry_run: bool = False,
    archive_missing: bool = False,
) -> ImportReport:
    """Import a file from disk (see import_catalog); an unreadable file is a CatalogFileError."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogFileError(str(path), "unreadable_file", error.strerror or str(error)) from None
    return import_catalog(
        engine, data, str(path), format=format, dry_run=dry_run, archive_missing=archive_missing
    )
