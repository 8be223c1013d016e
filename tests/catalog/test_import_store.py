"""Writing imports into the store: add, update in place, unchanged, rejects, one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from shopcrew.catalog.importing import writer
from shopcrew.catalog.importing.service import import_catalog
from shopcrew.catalog.repository import load_products
from shopcrew.catalog.search import CatalogIndex
from shopcrew.domain.catalog import Product
from shopcrew.settings import Settings
from shopcrew.store.catalog_tables import ProductRow, VariantRow
from shopcrew.store.database import create_store_engine, migrate, open_store

FIXTURES = Path(__file__).parent / "fixtures"
SHOPIFY_CSVS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "shopify-product-csvs"
CSV_HEADER = "Handle,Title,Vendor,Type,Tags,Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,Variant Price\n"


def csv(*rows: str) -> bytes:
    return (CSV_HEADER + "\n".join(rows) + "\n").encode()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty store, migrated to head."""
    store = create_store_engine(f"sqlite:///{tmp_path / 'store.db'}")
    migrate(store)
    yield store
    store.dispose()


def products(engine: Engine) -> dict[str, Product]:
    with Session(engine) as session:
        return {p.handle: p for p in load_products(session)}


def counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        return (
            session.scalar(select(func.count()).select_from(ProductRow)) or 0,
            session.scalar(select(func.count()).select_from(VariantRow)) or 0,
        )


TEES = csv(
    "tee,Tee,Acme,T-Shirts,women,Size,S,,3,25.00",
    "tee,,,,,,M,,0,25.00",
    "cap,Cap,Acme,Hats,,Title,Default Title,CAP-1,9,15.00",
)


def test_import_adds_products_and_reimport_changes_nothing(engine: Engine) -> None:
    first = import_catalog(engine, TEES, "tees.csv")
    assert (first.added, first.updated, first.unchanged, first.rejected, first.variants) == (2, 0, 0, 0, 3)
    again = import_catalog(engine, TEES, "tees.csv")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert counts(engine) == (2, 3)
    tee = products(engine)["tee"]
    assert (tee.brand, tee.category, tee.attributes["gender"]) == ("Acme", "t_shirt", "women")


def test_changes_update_products_and_variants_in_place(engine: Engine) -> None:
    import_catalog(engine, TEES, "tees.csv")
    before = products(engine)["tee"]
    changed = csv(
        "tee,Tee (organic),Acme,T-Shirts,women,Size,S,,7,22.00",
        "tee,,,,,,M,,0,25.00",
        "tee,,,,,,L,,2,25.00",
        "cap,Cap,Acme,Hats,,Title,Default Title,CAP-1,9,15.00",
    )
    report = import_catalog(engine, changed, "tees.csv")
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    after = products(engine)["tee"]
    assert after.id == before.id
    assert after.title == "Tee (organic)"
    small = after.matching_variants(size="S")[0]
    assert small.id == before.matching_variants(size="S")[0].id
    assert (small.price, small.inventory) == (Decimal("22.00"), 7)
    assert [v.options["size"] for v in after.variants] == ["S", "M", "L"]


def test_variants_without_sku_match_the_stores_variant_by_options(engine: Engine) -> None:
    import_catalog(engine, TEES, "tees.csv")
    with Session(engine) as session, session.begin():
        variant = session.scalars(select(VariantRow).where(VariantRow.sku == "tee-s")).one()
        variant.sku = "LEGACY-TEE-S"  # the store knew this variant under another SKU
    report = import_catalog(engine, TEES, "tees.csv")
    assert (report.added, report.unchanged) == (0, 2)
    assert counts(engine) == (2, 3)
    assert products(engine)["tee"].matching_variants(size="S")[0].sku == "LEGACY-TEE-S"


def test_variants_dropped_from_the_file_are_kept_out_of_stock(engine: Engine) -> None:
    import_catalog(engine, TEES, "tees.csv")
    report = import_catalog(engine, csv("tee,Tee,Acme,T-Shirts,women,Size,M,,0,25.00"), "tees.csv")
    assert report.updated == 1
    tee = products(engine)["tee"]
    assert len(tee.variants) == 2  # order lines may point at the old variant
    assert not tee.in_stock


def test_products_missing_from_the_file_are_left_alone_unless_archived(engine: Engine) -> None:
    import_catalog(engine, TEES, "tees.csv")
    only_cap = csv("cap,Cap,Acme,Hats,,Title,Default Title,CAP-1,9,15.00")
    kept = import_catalog(engine, only_cap, "cap.csv")
    assert (kept.unchanged, kept.archived) == (1, 0)
    assert products(engine)["tee"].status == "active"
    archived = import_catalog(engine, only_cap, "cap.csv", archive_missing=True)
    assert archived.archived == 1
    assert products(engine)["tee"].status == "archived"


def test_a_dry_run_reports_but_writes_nothing(engine: Engine) -> None:
    report = import_catalog(engine, TEES, "tees.csv", dry_run=True)
    assert (report.dry_run, report.added) == (True, 2)
    assert counts(engine) == (0, 0)


def test_a_sku_owned_by_another_product_rejects_only_that_product(engine: Engine) -> None:
    import_catalog(engine, TEES, "tees.csv")
    clash = csv(
        "hat,Hat,Acme,Hats,,Title,Default Title,CAP-1,1,12.00",
        "mug,Mug,Acme,Mugs,,Title,Default Title,,1,8.00",
    )
    report = import_catalog(engine, clash, "more.csv")
    assert report.added == 1
    assert [str(r) for r in report.rejections] == [
        "more.csv:2: hat: SKU 'CAP-1' already belongs to product 'cap' in the store"
    ]
    assert "hat" not in products(engine)


def test_a_failure_mid_write_leaves_the_store_as_it_was(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_catalog(engine, TEES, "tees.csv")
    before = products(engine)

    def fail(session: Session, rows: list[dict[str, object]]) -> None:
        # By now the tee's update and the new products' rows are written in the transaction.
        assert [row["sku"] for row in rows] == ["new-one", "new-two"]
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "_insert_variants", fail)
    bigger = csv(
        "tee,Tee,Acme,T-Shirts,women,Size,S,,99,19.00",
        "new-one,New One,Acme,Tops,,Title,Default Title,,1,10.00",
        "new-two,New Two,Acme,Tops,,Title,Default Title,,1,10.00",
    )
    with pytest.raises(RuntimeError, match="disk full"):
        import_catalog(engine, bigger, "bigger.csv")
    assert products(engine) == before


def test_imported_products_are_searchable_and_drafts_are_not_recommended(engine: Engine) -> None:
    report = import_catalog(engine, (FIXTURES / "shopify_beauty.csv").read_bytes(), "beauty.csv")
    assert report.added == 3
    index = CatalogIndex(products(engine).values())
    assert [hit.product.handle for hit in index.search("barrier repair cream")] == ["barrier-cream"]
    assert index.search("retinal serum") == []  # a draft


@pytest.mark.skipif(not SHOPIFY_CSVS.is_dir(), reason=f"real Shopify exports not found at {SHOPIFY_CSVS}")
def test_real_exports_import_into_the_demo_store_beside_its_catalog(demo_settings: Settings) -> None:
    store = open_store(demo_settings)
    try:
        demo_products, _ = counts(store)
        for path in sorted(SHOPIFY_CSVS.glob("*.csv")):
            report = import_catalog(store, path.read_bytes(), path.name)
            assert report.rejected == 0, report.rejections
        assert counts(store)[0] == demo_products + 63
        again = [import_catalog(store, p.read_bytes(), p.name) for p in sorted(SHOPIFY_CSVS.glob("*.csv"))]
        assert sum(r.unchanged for r in again) == 63
        assert sum(r.added + r.updated for r in again) == 0
        index = CatalogIndex(products(store).values())
        assert index.search("leather jacket")[0].product.handle == "classic-leather-jacket"
    finally:
        store.dispose()


@pytest.fixture
def postgres_store(postgres_url: str) -> Iterator[Engine]:
    """A PostgreSQL database of this test's own (the session's one is shared with other tests)."""
    import psycopg

    name = f"shopcrew_import_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    store = create_store_engine(f"{postgres_url.rpartition('/')[0]}/{name}")
    try:
        migrate(store)
        yield store
    finally:
        store.dispose()
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgres_import_is_idempotent_and_transactional(
    postgres_store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = postgres_store
    assert import_catalog(store, TEES, "tees.csv").added == 2
    assert import_catalog(store, TEES, "tees.csv").unchanged == 2

    def broken(session: Session, rows: list[dict[str, object]]) -> None:
        raise RuntimeError("connection lost")

    monkeypatch.setattr(writer, "_insert_variants", broken)
    bag = "bag,Bag,Acme,Bags,,Title,Default Title,BAG-1,1,30.00"
    cheaper = csv(bag, "tee,Tee,Acme,T-Shirts,women,Size,S,,3,21.00", "tee,,,,,,M,,0,25.00")
    with pytest.raises(RuntimeError):
        # The tee's new price and the bag's product row are written before the failure.
        import_catalog(store, cheaper, "tees.csv")
    assert counts(store) == (2, 3)
    assert products(store)["tee"].matching_variants(size="S")[0].price == Decimal("25.00")
