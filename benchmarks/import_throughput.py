"""Catalog import throughput: products and variants per second, first import and re-import.

Files: the real Shopify exports in ../shared/data/shopify-product-csvs (all four, one after the
other), and a large Shopify CSV generated in a temp dir from ../shared/data/fashion-styles/styles.csv
(44,446 items; apparel gets sizes S/M/L as variants). Stores: a fresh SQLite file, and PostgreSQL when
SHOPCREW_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test) answers.
Run: ``python benchmarks/import_throughput.py [--limit N]``. Prints plain ``name: value`` lines.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from shopcrew.catalog.importing.service import import_catalog, parse_catalog
from shopcrew.store.database import create_store_engine, migrate

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
POSTGRES_ADMIN_URL = os.environ.get("SHOPCREW_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
HEADER = [
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Type",
    "Tags",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Variant SKU",
    "Variant Inventory Qty",
    "Variant Price",
    "Variant Compare At Price",
    "Google Shopping / Gender",
]


def styles_as_shopify_csv(limit: int | None, target: Path) -> tuple[int, int]:
    """Write fashion-styles as a Shopify product CSV; returns (products, variants)."""
    products = variants = 0
    with (
        (SHARED / "fashion-styles" / "styles.csv").open(encoding="utf-8", newline="") as source,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        writer = csv.writer(out)
        writer.writerow(HEADER)
        rows = csv.reader(source)
        next(rows)
        for row in rows:
            if limit is not None and products >= limit:
                break
            item_id, gender, master, sub, colour, season, usage, name = (row + [""] * 8)[:8]
            if not name.strip():
                continue
            handle = f"style-{item_id}"
            price = f"{10 + int(item_id) % 190}.99"
            sizes = ["S", "M", "L"] if master == "Apparel" else ["Default Title"]
            option = "Size" if master == "Apparel" else "Title"
            tags = ", ".join(t for t in (colour, season, usage, master) if t)
            for index, size in enumerate(sizes):
                first = index == 0
                writer.writerow(
                    [
                        handle,
                        name if first else "",
                        f"<p>{name} in {colour.lower()}, for {usage.lower()} wear.</p>" if first else "",
                        name.split()[0] if first else "",
                        sub if first else "",
                        tags if first else "",
                        "true" if first else "",
                        option if first else "",
                        size,
                        "",
                        str(int(item_id) % 40),
                        price,
                        "",
                        gender if first else "",
                    ]
                )
                variants += 1
            products += 1
    return products, variants


@contextmanager
def sqlite_store(directory: Path) -> Iterator[Engine]:
    """A fresh SQLite store, migrated."""
    engine = create_store_engine(f"sqlite:///{directory / f'bench-{uuid.uuid4().hex[:6]}.db'}")
    migrate(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def postgres_store() -> Iterator[Engine | None]:
    """A throwaway PostgreSQL database, or None when no server answers."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=2, autocommit=True) as admin:
            name = f"shopcrew_bench_{uuid.uuid4().hex[:8]}"
            admin.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:
        print(f"postgres: skipped ({type(error).__name__}: {str(error).strip()[:80]})")
        yield None
        return
    engine = create_store_engine(f"{POSTGRES_ADMIN_URL.rpartition('/')[0]}/{name}")
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def cpu_timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and this process's CPU seconds (the CPU figure is steadier on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_file(label: str, files: list[Path], engine: Engine) -> None:
    """First import, then a re-import of the same files (everything unchanged)."""
    blobs = [(path.name, path.read_bytes()) for path in files]
    parsed = [parse_catalog(data, name) for name, data in blobs]
    products = sum(len(p.products) for p in parsed)
    variants = sum(len(product.variants) for p in parsed for product in p.products)
    parse_s = timed(lambda: [parse_catalog(data, name) for name, data in blobs])
    first, first_cpu = cpu_timed(lambda: [import_catalog(engine, data, name) for name, data in blobs])
    again_reports = []
    again, again_cpu = cpu_timed(
        lambda: again_reports.extend(import_catalog(engine, data, name) for name, data in blobs)
    )
    unchanged = sum(r.unchanged for r in again_reports)
    print(f"{label}.products: {products}")
    print(f"{label}.variants: {variants}")
    print(f"{label}.parse_s: {parse_s:.2f}")
    print(f"{label}.first_import_s: {first:.2f} (cpu {first_cpu:.2f})")
    print(f"{label}.first_import_products_per_s: {products / first:.0f}")
    print(f"{label}.first_import_variants_per_s: {variants / first:.0f}")
    print(f"{label}.first_import_products_per_cpu_s: {products / first_cpu:.0f}")
    print(f"{label}.reimport_s: {again:.2f} (cpu {again_cpu:.2f}; {unchanged} unchanged)")
    print(f"{label}.reimport_products_per_s: {products / again:.0f}")


def main() -> None:
    """Run every file against every reachable store and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="products from styles.csv (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shopcrew-import-bench-") as tmp:
        directory = Path(tmp)
        cases: list[tuple[str, list[Path]]] = []
        shopify = sorted((SHARED / "shopify-product-csvs").glob("*.csv"))
        if shopify:
            cases.append(("shopify_exports", shopify))
        if (SHARED / "fashion-styles" / "styles.csv").is_file():
            generated = directory / "fashion-styles-shopify.csv"
            styles_as_shopify_csv(args.limit, generated)
            print(f"fashion_styles.file_mb: {generated.stat().st_size / 1e6:.1f}")
            cases.append(("fashion_styles", [generated]))
        if not cases:
            print(f"no data: {SHARED} is missing")
            return
        for label, files in cases:
            with sqlite_store(directory) as engine:
                bench_file(f"sqlite.{label}", files, engine)
            with postgres_store() as engine:
                if engine is not None:
                    bench_file(f"postgres.{label}", files, engine)


if __name__ == "__main__":
    main()
