"""`shopcrew import tau2-retail DB.json` and `shopcrew export tau2-retail OUT.json`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import IO


def add_tau2_import_command(
    imports: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Register `tau2-retail` under `shopcrew import`."""
    command = imports.add_parser(
        "tau2-retail",
        parents=[common],
        help="load τ²-bench's retail store (db.json) into a new store, with its policy as order policy",
        description="Users, payment methods (gift-card balances), products with variants and orders "
        "with fulfillments and payment history go into an empty store; policy.md beside db.json is "
        "stored for the support agent, and its rules become the store's order policy (docs/tau2.md).",
    )
    command.add_argument("file", type=Path, metavar="DB.json", help="τ²-bench's retail db.json")
    command.add_argument("--store", required=True, help="store name or database URL (a new, empty store)")
    command.set_defaults(run=run_tau2_import)


def add_export_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Register the `export` group with `tau2-retail` in it."""
    exporting = commands.add_parser("export", help="write a store's data out (tau2-retail, ...)")
    exports = exporting.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    command = exports.add_parser(
        "tau2-retail",
        parents=[common],
        help="write the store in τ²-bench's retail db.json format",
        description="Same ids, field names and key order as τ²-bench, with the changes shopcrew's "
        "actions made, so τ²-bench's own tools and evaluators can judge the state.",
    )
    command.add_argument("output", metavar="OUT.json", help="where to write, or - for stdout")
    command.add_argument("--store", required=True, help="store name or database URL")
    command.set_defaults(run=run_tau2_export)


def run_tau2_import(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    """Import db.json into the store named by --store; nothing is written when anything is wrong."""
    from shopcrew.cli import CommandError, open_store_from
    from shopcrew.commerce.tau2.format import Tau2FormatError, load_db
    from shopcrew.commerce.tau2.importer import Tau2ImportError, import_tau2_retail
    from shopcrew.commerce.tau2.policy import TAU2_ORDERS_TABLE, save_store_policy
    from shopcrew.store.base import utcnow
    from shopcrew.store.database import session_factory

    out = out or sys.stdout
    try:
        db = load_db(args.file)
    except Tau2FormatError as error:
        raise CommandError(str(error)) from None
    engine = open_store_from(args)
    try:
        now = utcnow()
        report = import_tau2_retail(engine, db, now=now)
        with session_factory(engine)() as session, session.begin():
            save_store_policy(session, TAU2_ORDERS_TABLE, document=args.file.with_name("policy.md"), now=now)
    except (Tau2FormatError, Tau2ImportError) as error:
        raise CommandError(f"{error} (nothing was imported)") from None
    finally:
        engine.dispose()
    print(report.summary(), file=out)
    print("order policy: τ²-bench retail's rules (docs/tau2.md), kept in the store", file=out)
    return 0


def run_tau2_export(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    """Write the store named by --store as τ²-bench's db.json."""
    from shopcrew.cli import CommandError, open_store_from
    from shopcrew.commerce.tau2.exporter import export_tau2_retail
    from shopcrew.commerce.tau2.format import dump_db

    out = out or sys.stdout
    engine = open_store_from(args)
    try:
        text = dump_db(export_tau2_retail(engine))
    finally:
        engine.dispose()
    if args.output == "-":
        out.write(text)
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot write {args.output}: {error.strerror or error}") from None
    return 0
