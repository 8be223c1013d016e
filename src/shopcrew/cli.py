"""The `shopcrew` command: `chat` in the terminal, `serve` the API and web chat, `replay` a JSONL file."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pydantic import ValidationError

from shopcrew import __version__
from shopcrew.catalog.importing.command import add_catalog_import_command
from shopcrew.cli_models import add_model_commands
from shopcrew.cli_staff import add_staff_commands
from shopcrew.commerce.tau2.command import add_export_commands, add_tau2_import_command
from shopcrew.domain.messages import CustomerRef, InboundMessage, InputError, TurnResult
from shopcrew.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from shopcrew.app import Assistant

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
CHAT_HELP = "Type your message. /new starts a new conversation; /quit or Ctrl-D leaves."


class CommandError(Exception):
    """A problem the user can fix (a store that cannot be opened, a missing file): printed without a trace."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `shopcrew` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="shopcrew", description="An AI shopping assistant for online stores."
    )
    parser.add_argument("--version", action="version", version=f"shopcrew {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", type=Path, help="where stores and caches live (overrides SHOPCREW_DATA_DIR)"
    )

    chat = commands.add_parser("chat", parents=[common], help="talk to the assistant in the terminal")
    chat.add_argument("--customer", metavar="EMAIL", help="act as the known customer with this email")
    chat.add_argument("--store", help="store name or database URL (default: the demo store)")
    chat.set_defaults(run=run_chat)

    serve = commands.add_parser("serve", parents=[common], help="serve the HTTP API and the web chat page")
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--store", help="store name or database URL (default: the demo store)")
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.set_defaults(run=run_serve)

    replay = commands.add_parser(
        "replay", parents=[common], help="answer a JSONL file of turns, one JSON line each"
    )
    replay.add_argument("file", metavar="FILE.jsonl", help="input lines, or - for stdin")
    replay.add_argument(
        "--output", "-o", default="-", metavar="FILE", help="where to write results (default: stdout)"
    )
    replay.add_argument(
        "--store", help="store name or database URL (default: a fresh copy of the demo store for each run)"
    )
    replay.set_defaults(run=run_replay)

    # `import` is a group: `import catalog FILE` first, other sources (e.g. tau2-retail) beside it.
    importing = commands.add_parser("import", help="import a store's data (catalog, ...)")
    import_commands = importing.add_subparsers(dest="import_command", required=True, metavar="WHAT")
    add_catalog_import_command(import_commands, common)
    add_tau2_import_command(import_commands, common)
    add_export_commands(commands, common)
    add_model_commands(commands, common)
    add_staff_commands(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `shopcrew` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except CommandError as error:
        print(f"shopcrew {args.command}: {error}", file=sys.stderr)
        return 2
    except ValidationError as error:
        print(f"shopcrew: invalid settings: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from the environment, with the command line's --data-dir and --store on top."""
    overrides: dict[str, Any] = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    if args.store:
        # An explicit --store beats SHOPCREW_DATABASE_URL.
        overrides["store"] = args.store
        overrides["database_url"] = None
    return Settings(**overrides)


def open_store_from(args: argparse.Namespace) -> Engine:
    """The store the command line names, opened (and migrated); a store that can't open is a CommandError."""
    from shopcrew.store.database import StoreError, open_store

    try:
        return open_store(settings_from(args))
    except StoreError as error:
        raise CommandError(str(error)) from None


def open_assistant(settings: Settings) -> Assistant:
    """Build the assistant; a store that cannot be opened becomes a CommandError."""
    # Imported here so `shopcrew --version` and `--help` stay instant.
    from shopcrew.app import build_assistant
    from shopcrew.models.cards import CardError
    from shopcrew.models.policy import PolicyError
    from shopcrew.models.registry import ConfigError
    from shopcrew.store.database import StoreError

    try:
        return build_assistant(settings)
    except (StoreError, ConfigError, CardError, PolicyError) as error:
        raise CommandError(str(error)) from None


def run_chat(args: argparse.Namespace) -> int:
    """`shopcrew chat`: a conversation in the terminal until /quit or end of input."""
    assistant = open_assistant(settings_from(args))
    # The operator at the terminal vouches for the customer they act as.
    customer = CustomerRef(email=args.customer, verified=True) if args.customer else None
    if sys.stdin.isatty():
        import readline  # noqa: F401  (line editing and history for input())
    try:
        with asyncio.Runner() as runner:
            chat_loop(assistant, runner, customer, read=input, out=sys.stdout, err=sys.stderr)
    finally:
        assistant.close()
    return 0


def chat_loop(
    assistant: Assistant,
    runner: asyncio.Runner,
    customer: CustomerRef | None,
    *,
    read: Callable[[str], str],
    out: IO[str],
    err: IO[str],
) -> None:
    """Read lines, send each to the assistant, print the reply; bad input prints an error and goes on."""
    print(f"shopcrew {__version__}. {CHAT_HELP}", file=out)
    conversation_id: str | None = None
    while True:
        try:
            text = read("you> ")
        except EOFError:
            print(file=out)
            return
        command = text.strip()
        if not command:
            continue
        if command in {"/quit", "/exit"}:
            return
        if command == "/new":
            conversation_id = None
            print("(new conversation)", file=out)
            continue
        if command == "/help":
            print(CHAT_HELP, file=out)
            continue
        message = InboundMessage(text=text, channel="web", conversation_id=conversation_id, customer=customer)
        try:
            result = runner.run(assistant.handle(message))
        except InputError as error:
            print(f"error: {error.message}", file=err, flush=True)
            continue
        except Exception as error:
            logging.getLogger(__name__).exception("turn failed")
            print(
                f"error: the assistant failed on this message ({type(error).__name__})", file=err, flush=True
            )
            continue
        conversation_id = result.conversation_id
        print(format_turn(result), file=out, flush=True)


def format_turn(result: TurnResult) -> str:
    """A turn as the terminal shows it: the answering agents, the reply, products and handoff."""
    agents = " + ".join(result.agents) or result.owner
    lines = [f"[{agents}] {result.reply}"]
    lines += [f"    #{product.id} {product.name} — {product.price}" for product in result.products]
    if result.handoff:
        lines.append(f"    (handed over: {result.handoff})")
    return "\n".join(lines)


def run_serve(args: argparse.Namespace) -> int:
    """`shopcrew serve`: the HTTP API and web chat page under uvicorn."""
    import uvicorn

    from shopcrew.api import create_app

    # Built before uvicorn starts: a store that cannot be opened is a one-line error, and the
    # demo store is seeded before the port opens.
    assistant = open_assistant(settings_from(args))
    app = create_app(assistant_factory=lambda: assistant)
    print(f"shopcrew: web chat on http://{args.host}:{args.port}/ (API docs at /docs)", file=sys.stderr)
    if args.host not in LOOPBACK_HOSTS:
        print(
            "shopcrew: warning: the API trusts the `customer` its caller names (see docs/api.md, Trust);"
            " only expose it behind something that authenticates callers",
            file=sys.stderr,
        )
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0


def run_replay(args: argparse.Namespace) -> int:
    """`shopcrew replay`: answer each line of a JSONL file; without --store, on a fresh demo store."""
    from shopcrew.app import fresh_demo_store
    from shopcrew.replay import Replayer

    settings = settings_from(args)
    with ExitStack() as stack:
        try:
            source = sys.stdin.buffer if args.file == "-" else stack.enter_context(open(args.file, "rb"))
            output = (
                sys.stdout
                if args.output == "-"
                else stack.enter_context(open(args.output, "w", encoding="utf-8"))
            )
        except OSError as error:
            raise CommandError(str(error)) from None
        if not args.store:
            # A fresh copy per run, so the same input gives the same output.
            directory = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="shopcrew-replay-")))
            store_url = fresh_demo_store(settings, directory)
            settings = settings.model_copy(update={"store": store_url, "database_url": None})
        assistant = open_assistant(settings)
        stack.callback(assistant.close)
        summary = asyncio.run(Replayer(assistant).replay(source, output))
    print(f"shopcrew replay: {summary.lines} lines, {summary.errors} errors", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
