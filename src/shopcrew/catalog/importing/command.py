"""`shopcrew import catalog FILE`: import a catalog file into the store and print the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO

from shopcrew.catalog.importing.records import FORMATS, ImportReport


def add_catalog_import_command(
    imports: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Register `catalog` under `shopcrew import`."""
    catalog = imports.add_parser(
        "catalog",
        parents=[common],
        help="import products from a Shopify product CSV, a Google Merchant Center feed or shopcrew JSON",
        description="Products are matched by handle and variants by SKU: new ones are added, changed "
        "ones updated in place; products missing from the file are left alone unless --archive-missing.",
    )
    catalog.add_argument("file", type=Path, metavar="FILE", help="the catalog file")
    catalog.add_argument(
        "--format",
        choices=["auto", *FORMATS],
        default="auto",
        help="the file's format (default: auto-detect)",
    )
    catalog.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    catalog.add_argument(
        "--archive-missing",
        action="store_true",
        help="set products in the store but not in the file to archived",
    )
    catalog.add_argument("--store", help="store name or database URL (default: the demo store)")
    catalog.set_defaults(run=run_import_catalog)


def run_import_catalog(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    """Import the file; exit 0 when anything was imported, 1 when every row was rejected."""
    # Imported here so `shopcrew --help` stays instant and cli.py can import this module.
    from shopcrew.catalog.importing.service import CatalogFileError, import_catalog_file
    from shopcrew.cli import CommandError, open_store_from

    out = out or sys.stdout
    engine = open_store_from(args)
    try:
        report = import_catalog_file(
            engine, args.file, format=args.format, dry_run=args.dry_run, archive_missing=args.archive_missing
        )
    except CatalogFileError as error:
        raise CommandError(f"{error} (nothing was imported)") from None
    finally:
        engine.dispose()
    print(format_report(report), file=out)
    return 1 if report.refused else 0


def format_report(report: ImportReport) -> str:
    """The report as the CLI prints it: counts, notes, then each rejected row as `file:line: reason`."""
    lines = [report.summary()]
    lines += [f"note: {note}" for note in report.notes]
    lines += [str(rejection) for rejection in report.rejections]
    if report.refused:
        lines.append("nothing was imported: every product in the file was rejected")
    elif report.dry_run:
        lines.append("dry run: nothing was written")
    return "\n".join(lines)
