"""`shopcrew staff add|list|password|disable|enable`: the accounts that may sign in to the staff console."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import IO

from shopcrew.domain.messages import InputError


def add_staff_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Register `staff` and its subcommands on the `shopcrew` parser."""
    staff = commands.add_parser("staff", help="staff console accounts (add, list, password, disable, enable)")
    actions = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")

    add = actions.add_parser("add", parents=[common], help="create a staff account")
    add.add_argument("name", help="the name staff sign in with (shown to shoppers when they reply)")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input (one line)"
    )
    add.add_argument("--token", action="store_true", help="also print an API token (shown once)")
    add.add_argument("--role", choices=["agent", "admin"], default="agent", help="admins may reassign")
    add.add_argument("--store", help="store name or database URL (default: the demo store)")
    add.set_defaults(run=run_staff_add)

    listing = actions.add_parser("list", parents=[common], help="list staff accounts")
    listing.add_argument("--store", help="store name or database URL (default: the demo store)")
    listing.set_defaults(run=run_staff_list)

    password = actions.add_parser(
        "password", parents=[common], help="set a new password (signs the member out of the console)"
    )
    password.add_argument("name")
    password.add_argument(
        "--password-stdin", action="store_true", help="read the new password from standard input (one line)"
    )
    password.add_argument("--store", help="store name or database URL (default: the demo store)")
    password.set_defaults(run=run_staff_password, token=False)

    for name, disabled in (("disable", True), ("enable", False)):
        toggle = actions.add_parser(name, parents=[common], help=f"{name} an account (its tokens too)")
        toggle.add_argument("name")
        toggle.add_argument("--store", help="store name or database URL (default: the demo store)")
        toggle.set_defaults(run=run_staff_toggle, disabled=disabled)


def _read_password(args: argparse.Namespace, stdin: IO[str]) -> str | None:
    if args.password_stdin:
        return stdin.readline().rstrip("\r\n")
    if args.token:
        return None  # a token-only account (a bot, an integration)
    if not stdin.isatty():
        from shopcrew.cli import CommandError

        token_hint = " (or --token for a token-only account)" if args.staff_command == "add" else ""
        raise CommandError(f"give --password-stdin{token_hint}")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        from shopcrew.cli import CommandError

        raise CommandError("the passwords differ")
    return first


def run_staff_add(args: argparse.Namespace, stdin: IO[str] | None = None, out: IO[str] | None = None) -> int:
    """`shopcrew staff add NAME`: create the account; with --token print an API token once."""
    from shopcrew.cli import CommandError, open_store_from
    from shopcrew.handoff.staff_accounts import create_staff, issue_api_token
    from shopcrew.store.database import session_factory

    out = out or sys.stdout
    password = _read_password(args, stdin or sys.stdin)
    engine = open_store_from(args)
    try:
        with session_factory(engine)() as session:
            account = create_staff(session, args.name, password=password, role=args.role)
            token = issue_api_token(session, account) if args.token else None
            session.commit()
    except InputError as error:
        raise CommandError(error.message) from None
    finally:
        engine.dispose()
    print(f"staff account {account.name!r} ({account.role}) created", file=out)
    if token:
        print(f"API token (shown once; send it as 'Authorization: Bearer <token>'):\n{token}", file=out)
    return 0


def run_staff_list(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    """`shopcrew staff list`: one line per account."""
    from shopcrew.cli import open_store_from
    from shopcrew.handoff.staff_accounts import list_staff
    from shopcrew.store.database import session_factory

    out = out or sys.stdout
    engine = open_store_from(args)
    try:
        with session_factory(engine)() as session:
            accounts = list_staff(session)
    finally:
        engine.dispose()
    if not accounts:
        print("no staff accounts yet: shopcrew staff add NAME --password-stdin", file=out)
    for account in accounts:
        sign_in = ["password" if account.has_password else "", f"{account.api_tokens} API token(s)"]
        seen = (
            f"last seen {account.last_seen_at:%Y-%m-%d %H:%M}" if account.last_seen_at else "never signed in"
        )
        state = "DISABLED" if account.disabled else "active"
        methods = ", ".join(s for s in sign_in if s)
        print(f"{account.name}\t{account.role}\t{state}\t{methods}\t{seen}", file=out)
    return 0


def run_staff_toggle(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    """`shopcrew staff disable|enable NAME`."""
    from shopcrew.cli import CommandError, open_store_from
    from shopcrew.handoff.staff_accounts import set_disabled
    from shopcrew.store.database import session_factory

    engine = open_store_from(args)
    try:
        with session_factory(engine)() as session:
            set_disabled(session, args.name, args.disabled)
            session.commit()
    except InputError as error:
        raise CommandError(error.message) from None
    finally:
        engine.dispose()
    print(f"staff account {args.name!r} {'disabled' if args.disabled else 'enabled'}", file=out or sys.stdout)
    return 0


def run_staff_password(
    args: argparse.Namespace, stdin: IO[str] | None = None, out: IO[str] | None = None
) -> int:
    """`shopcrew staff password NAME`: a new password; the member's console sessions are revoked."""
    from shopcrew.cli import CommandError, open_store_from
    from shopcrew.handoff.staff_accounts import set_password
    from shopcrew.store.database import session_factory

    password = _read_password(args, stdin or sys.stdin)
    if password is None:  # unreachable: `password` has no --token
        raise CommandError("give --password-stdin")
    engine = open_store_from(args)
    try:
        with session_factory(engine)() as session:
            revoked = set_password(session, args.name, password)
            session.commit()
    except InputError as error:
        raise CommandError(error.message) from None
    finally:
        engine.dispose()
    print(
        f"password of {args.name!r} changed; {revoked} console session(s) signed out", file=out or sys.stdout
    )
    return 0
