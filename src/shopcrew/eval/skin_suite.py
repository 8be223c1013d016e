"""The Skin Analyzer's scripted suite: conversations with expected outcomes, played through the assistant.

Each line of the suite is `{"id", "turns": [{"text", "image"?: "png" | "pdf", "expect": {...}}]}`.
Expectations a turn can carry: agent, intent, intent_prefix, awaiting_slot, category (every product
shown is in it), products_min / products_max, products_free_of (knowledge-base flags no shown product
may carry), flagged_min (products flagged to avoid), verdict (of a one-product check), conflicts /
conflicts_min (of a pair check), max_price, reply_contains / reply_excludes, reply_excludes_products.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from shopcrew.app import Assistant
from shopcrew.catalog.repository import load_products
from shopcrew.domain.catalog import Product
from shopcrew.domain.messages import InboundMessage, TurnResult
from shopcrew.eval.suite_files import read_suite_lines
from shopcrew.models.types import ImagePart
from shopcrew.skin.knowledge import knowledge_base
from shopcrew.store.database import session_factory

# Stand-ins for attachments: a PNG signature, and a PDF sent where a photo was expected.
ATTACHMENTS = {
    "png": ImagePart("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "pdf": ImagePart("image/png", b"%PDF-1.4 not a photo"),
}


@dataclass(frozen=True)
class ScriptedTurn:
    """One shopper message and what should come back."""

    text: str
    expect: Mapping[str, Any]
    image: str | None = None


@dataclass(frozen=True)
class SkinConversation:
    """A scripted conversation of the suite."""

    id: str
    turns: tuple[ScriptedTurn, ...]


@dataclass
class Outcome:
    """How one conversation went: the first failed expectation per turn, if any."""

    conversation: SkinConversation
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every expectation of every turn held."""
        return not self.failures


def load_suite(path: Path) -> list[SkinConversation]:
    """Read the suite; a malformed line raises ValueError naming the line."""
    return read_suite_lines(path, _conversation)


def _conversation(raw: Any) -> SkinConversation:
    turns = tuple(
        ScriptedTurn(str(t["text"]), dict(t.get("expect") or {}), t.get("image")) for t in raw["turns"]
    )
    return SkinConversation(str(raw["id"]), turns)


async def run_conversation(assistant: Assistant, conversation: SkinConversation) -> Outcome:
    """Play one conversation and check each turn against its expectations."""
    catalog = _catalog(assistant)
    outcome = Outcome(conversation)
    conversation_id: str | None = None
    for index, turn in enumerate(conversation.turns, start=1):
        images = (ATTACHMENTS[turn.image],) if turn.image else ()
        message = InboundMessage(
            text=turn.text, conversation_id=conversation_id, channel="web", images=images
        )
        result = await assistant.handle(message)
        conversation_id = result.conversation_id
        problem = check_turn(result, turn.expect, catalog)
        if problem:
            outcome.failures.append(f"turn {index} ({turn.text[:50]!r}): {problem}")
    return outcome


def check_turn(result: TurnResult, expect: Mapping[str, Any], catalog: Mapping[int, Product]) -> str | None:
    """The first expectation the turn misses, or None."""
    # A message split into parts ("I react to lavender. Which body oil?") passes on any part's intent.
    intents = [str(part.get("intent", "")) for part in result.trace.get("parts") or [{}]]
    intent = next((i for i in intents if i == expect.get("intent")), intents[-1])
    prefix = expect.get("intent_prefix", "")
    intent = next((i for i in intents if prefix and i.startswith(prefix)), intent)
    shown = [catalog[p.id] for p in result.products if p.id in catalog]
    facts = [f for f in result.trace.get("facts") or [] if isinstance(f, dict)]
    checks: list[tuple[bool, str]] = [
        (expect.get("agent") in (None, *result.agents), f"agents {result.agents}"),
        (expect.get("intent") in (None, intent), f"intent {intent}"),
        (intent.startswith(expect.get("intent_prefix", "")), f"intent {intent}"),
        (expect.get("awaiting_slot") in (None, result.trace.get("awaiting_slot")), "awaiting slot"),
        (len(shown) >= expect.get("products_min", 0), f"{len(shown)} products shown"),
        (len(shown) <= expect.get("products_max", 99), f"{len(shown)} products shown"),
    ]
    if "category" in expect:
        checks.append(
            (all(p.category == expect["category"] for p in shown), "a product outside the category")
        )
    if "max_price" in expect:
        cap = Decimal(str(expect["max_price"]))
        checks.append((all(p.min_price <= cap for p in shown), "a product over the budget"))
    kb = knowledge_base()
    for product in shown:
        carried = kb.analyse(product.ingredients).flags & set(expect.get("products_free_of", ()))
        checks.append((not carried, f"{product.title} carries {sorted(carried)}"))
    flagged = [f for f in facts if f.get("verdict") == "avoid"]
    checks.append((len(flagged) >= expect.get("flagged_min", 0), f"{len(flagged)} products flagged"))
    if "verdict" in expect:
        verdicts = [f.get("verdict") for f in facts if "verdict" in f]
        checks.append((bool(verdicts) and verdicts[0] == expect["verdict"], f"verdict {verdicts[:1]}"))
    pair = next((c for c in result.trace.get("tool_calls") or [] if c.get("tool") == "check_pair"), None)
    if "conflicts" in expect or "conflicts_min" in expect:
        found = len(pair["result"]) if pair else -1
        wanted_exact = expect.get("conflicts")
        ok = found >= expect.get("conflicts_min", 0) if wanted_exact is None else found == wanted_exact
        checks.append((pair is not None and ok, f"{found} conflicts"))
    for phrase in expect.get("reply_contains", ()):
        checks.append((phrase.casefold() in result.reply.casefold(), f"reply lacks {phrase!r}"))
    for phrase in expect.get("reply_excludes", ()):
        checks.append((phrase.casefold() not in result.reply.casefold(), f"reply has {phrase!r}"))
    for title in expect.get("reply_excludes_products", ()):
        checks.append((all(p.title != title for p in shown), f"{title} recommended"))
    return next((why for ok, why in checks if not ok), None)


def pass_rate(outcomes: Sequence[Outcome]) -> float:
    """The share of conversations whose every expectation held."""
    return sum(o.passed for o in outcomes) / len(outcomes) if outcomes else 0.0


def _catalog(assistant: Assistant) -> dict[int, Product]:
    with session_factory(assistant.engine)() as session:
        return {p.id: p for p in load_products(session)}
