"""Opening a store: engine, migrations to head, and the demo store seeded on first use."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from shopcrew.settings import Settings
from shopcrew.store.catalog_tables import ProductRow

MIGRATIONS = Path(__file__).with_name("migrations")


class StoreError(Exception):
    """The store could not be opened; the message says why and what to do."""


def create_store_engine(url: str) -> Engine:
    """An engine for a database URL; SQLite gets foreign keys, WAL and a busy timeout."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is already there)."""
    config = _alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.begin() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def has_catalog(engine: Engine) -> bool:
    """True when the store already holds products."""
    with Session(engine) as session:
        return bool(session.scalar(select(func.count()).select_from(ProductRow)))


def _demo_today(settings: Settings) -> date:
    return settings.demo_today or datetime.now(UTC).date()


def _schema_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(MIGRATIONS.glob("versions/*.py")):
        digest.update(path.read_bytes())
    demo = Path(__file__).with_name("demo")
    for path in sorted(demo.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".md", ".json"}:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def demo_template(settings: Settings) -> Path:
    """A seeded demo-store SQLite file, built once per (seed, date, schema) and reused for copies."""
    from shopcrew.store.demo import seed_demo_store

    today = _demo_today(settings)
    cache = settings.data_dir / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    template = cache / f"demo-{settings.demo_seed}-{today.isoformat()}-{_schema_fingerprint()}.db"
    if template.exists():
        return template
    fd, tmp_name = tempfile.mkstemp(dir=cache, suffix=".db.tmp")
    os.close(fd)
    engine = create_store_engine(f"sqlite:///{tmp_name}")
    try:
        migrate(engine)
        seed_demo_store(engine, seed=settings.demo_seed, today=today)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
    finally:
        engine.dispose()
    os.replace(tmp_name, template)
    return template


def fresh_demo_store(settings: Settings, directory: Path) -> str:
    """Copy the demo store into `directory` and return its database URL."""
    directory.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkstemp(dir=directory, prefix="demo-", suffix=".db")[1])
    shutil.copyfile(demo_template(settings), target)
    return f"sqlite:///{target}"


def open_store(settings: Settings) -> Engine:
    """Open the configured store, migrated to head; the demo store (or an empty URL store) is seeded."""
    url = settings.resolved_database_url()
    try:
        parsed = make_url(url)
    except Exception as error:
        raise StoreError(f"not a database URL: {url!r} ({error})") from error
    is_sqlite_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    if (
        settings.store == "demo"
        and not settings.database_url
        and is_sqlite_file
        and not Path(str(parsed.database)).exists()
    ):
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(demo_template(settings), str(parsed.database))
    try:
        engine = create_store_engine(url)
    except Exception as error:
        raise StoreError(f"not a database URL shopcrew can open: {url!r} ({error})") from error
    try:
        migrate(engine)
    except Exception as error:
        engine.dispose()
        raise StoreError(
            f"could not open the store at {parsed.render_as_string(hide_password=True)}: {error}"
        ) from error
    if settings.seed_demo and not has_catalog(engine):
        from shopcrew.store.demo import seed_demo_store

        seed_demo_store(engine, seed=settings.demo_seed, today=_demo_today(settings))
    return engine
