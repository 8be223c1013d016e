"""τ²-bench retail gold-action replay: accepted / total, state matches / total, violations refused / total.

Imports ../shared/data/tau2-retail/db.json once, then for each task of tasks_train.json replays its
gold write actions through shopcrew's order system on a fresh copy of the store, compares the
exported store with τ²'s documented semantics and tries the policy-violating variants
(see src/shopcrew/eval/tau2.py and docs/tau2.md). Also times import, export and the replay.

    python benchmarks/tau2_replay.py [--data ../shared/data/tau2-retail]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from shopcrew.commerce.tau2.exporter import export_tau2_retail
from shopcrew.commerce.tau2.format import dump_db, load_db
from shopcrew.commerce.tau2.importer import import_tau2_retail
from shopcrew.eval.tau2 import replay_tasks
from shopcrew.store.database import create_store_engine, migrate

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "tau2-retail"


def main() -> None:
    """Print the replay's counts and the import/export timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder with db.json and tasks_train.json"
    )
    args = parser.parse_args()
    db_path = args.data / "db.json"
    with tempfile.TemporaryDirectory() as work:
        engine = create_store_engine(f"sqlite:///{Path(work) / 'store.db'}")
        migrate(engine)
        started = time.perf_counter()
        import_tau2_retail(engine, load_db(db_path), now=datetime.now(UTC))
        imported = time.perf_counter() - started
        started = time.perf_counter()
        text = dump_db(export_tau2_retail(engine))
        exported = time.perf_counter() - started
        engine.dispose()
        same = text == db_path.read_text(encoding="utf-8")
        print(
            f"import: {imported:.2f} s; export: {exported:.2f} s; export equals db.json byte for byte: {same}"
        )
        started = time.perf_counter()
        report = replay_tasks(db_path, args.data / "tasks_train.json", Path(work))
        took = time.perf_counter() - started
    for line in report.lines():
        print(line)
    for problem in report.problems:
        print(f"problem: {problem}")
    print(f"replay: {took:.1f} s for {report.tasks} tasks (SQLite, one fresh store per task)")


if __name__ == "__main__":
    main()
