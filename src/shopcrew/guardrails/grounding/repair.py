"""Check a reply unit by unit against this turn's facts; rewrite what can be put right, cut the rest.

A wrong price of a known product, a wrong stock word or a wrong order state is rewritten from the
facts. A claim that cannot be put right (a product the tools did not return, an invented
ingredient, a false "fragrance-free", an unknown order number) is removed together with its
sentence, list item or table row. Every rewrite and removal is reported, for the turn trace.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from shopcrew.domain.catalog import Product
from shopcrew.guardrails.grounding.claims import (
    MONEY,
    Finding,
    Subject,
    ingredient_findings,
    price_findings,
    product_findings,
    stock_findings,
)
from shopcrew.guardrails.grounding.facts import OrderFact, TurnFacts
from shopcrew.guardrails.grounding.names import Mention
from shopcrew.guardrails.grounding.orders import (
    date_findings,
    order_number_findings,
    order_of_unit,
    state_findings,
    tracking_findings,
)
from shopcrew.guardrails.grounding.units import Unit, split_units
from shopcrew.guardrails.grounding.vocabulary import CatalogTerms

# A reply that lost more than this share of its text to removals is not worth sending: the caller
# falls back to the next model, finally to the template rendering of the same facts.
MAX_REMOVED_SHARE = 0.5


@dataclass(frozen=True)
class GroundingAction:
    """One claim that did not match the facts, and what was done about it."""

    kind: str
    claim: str
    action: Literal["repaired", "removed"]
    reason: str

    def as_trace(self) -> dict[str, str]:
        """The action as the turn trace records it."""
        return {"kind": self.kind, "claim": self.claim, "action": self.action, "reason": self.reason}


@dataclass(frozen=True)
class GroundedReply:
    """A reply after the grounding check: the text to send and what was changed."""

    original: str
    text: str
    actions: tuple[GroundingAction, ...]
    removed_share: float

    @property
    def repairs(self) -> int:
        """Claims rewritten from the facts."""
        return sum(1 for a in self.actions if a.action == "repaired")

    @property
    def removed(self) -> int:
        """Claims removed with their sentence, list item or table row."""
        return sum(1 for a in self.actions if a.action == "removed")

    @property
    def sendable(self) -> bool:
        """False when removals emptied the reply or took most of it."""
        return bool(self.text.strip()) and self.removed_share <= MAX_REMOVED_SHARE

    def problem(self) -> str | None:
        """Why the reply should not be sent, or None."""
        if self.sendable:
            return None
        claims = ", ".join(a.claim for a in self.actions if a.action == "removed")
        return f"ungrounded claims removed {self.removed_share:.0%} of the reply: {claims}"


def ground_reply(text: str, facts: TurnFacts, terms: CatalogTerms | None) -> GroundedReply:
    """Check every claim of `text` against `facts`; return the repaired text and the actions taken."""
    masked = _mask_quotes(text, facts.quoted)
    mentions = terms.names.find(masked) if terms is not None else []
    resolved = {m.start: (m, _resolve(m, facts)) for m in mentions}
    # A product line's leading words ("Barrier Repair") name products only when one of them was
    # returned; otherwise they are as likely a heading or a phrase as an invented product.
    mentions = [m for m in mentions if m.exact or resolved[m.start][1]]
    invented = terms.names.unknown_after_brand(masked, mentions) if terms is not None else []
    edits: list[tuple[int, int, str]] = []
    actions: list[GroundingAction] = []
    carry: tuple[Product, ...] = ()
    carry_order: OrderFact | None = None
    paragraph = -1
    for unit in split_units(text):
        if unit.paragraph != paragraph:
            paragraph, carry, carry_order = unit.paragraph, (), None
        own = [m for m in mentions if unit.start <= m.start < unit.end]
        subjects = [Subject(m, resolved[m.start][1]) for m in own]
        default = carry or _only_product(facts)
        segments = _segments(unit, subjects, default, resolved)
        findings = _unit_findings(masked, unit, subjects, segments, facts, terms, carry_order)
        findings += [
            Finding("product", m.text, "no product of the catalog has this name", remove=True)
            for m in invented
            if unit.start <= m.start < unit.end
        ]
        removals = [f for f in findings if f.remove]
        if removals:
            edits.append(_removal(text, unit))
            actions.extend(_action(f, "removed") for f in _unique(removals))
        else:
            for finding in findings:
                edits.append((finding.start, finding.end, finding.replacement))
                actions.append(_action(finding, "repaired"))
        named = [s for s in subjects if s.products]
        if named:
            carry = named[-1].products
        carry_order = (
            order_of_unit(masked[unit.start : unit.end], carry_order, facts) if facts.orders else None
        )
    repaired = _tidy(_apply(text, edits)) if edits else text
    removed_chars = sum(len(text[a:b].strip()) for a, b, r in edits if not r)
    share = removed_chars / max(1, len(text.strip()))
    return GroundedReply(text, repaired, tuple(actions), round(share, 4))


def _unit_findings(
    masked: str,
    unit: Unit,
    subjects: Sequence[Subject],
    segments: Sequence[tuple[int, int, tuple[Product, ...]]],
    facts: TurnFacts,
    terms: CatalogTerms | None,
    carry_order: OrderFact | None,
) -> list[Finding]:
    findings = product_findings(subjects)
    owner_of: dict[int, tuple[Product, ...]] = {}
    for match in MONEY.finditer(masked, unit.start, unit.end):
        owner_of[match.start()] = next((p for a, b, p in segments if a <= match.start() < b), ())
    # Amounts about a product that is itself removed go with it; they are not separate claims.
    ungrounded = [
        (a, b) for a, b, products in segments if not products and any(not s.products for s in subjects)
    ]
    findings += price_findings(masked, unit.start, unit.end, owner_of, facts, ungrounded, terms)
    # A question asserts no stock, ingredient or state ("Is it fragrance-free?", "Has it arrived?").
    question = masked[unit.start : unit.end].rstrip(" *_)\"'").endswith("?")
    if terms is not None and not question:
        for start, end, products in segments:
            if len(products) != 1:
                continue
            skip = [(m.start, m.end) for m in subjects_mentions(subjects)]
            findings += stock_findings(masked, start, end, products[0], terms, skip)
            findings += ingredient_findings(masked, start, end, products[0], terms, skip)
    body = masked[unit.start : unit.end]
    findings += order_number_findings(body, facts)
    findings += tracking_findings(body, facts, (), unit.start)
    findings += date_findings(body, facts)
    if facts.orders and not question:
        order = order_of_unit(body, carry_order, facts)
        findings += state_findings(masked, unit.start, unit.end, order, facts)
    return findings


def subjects_mentions(subjects: Sequence[Subject]) -> list[Mention]:
    """The mentions behind a unit's subjects (their words are names, not claims)."""
    return [s.mention for s in subjects]


def _resolve(mention: Mention, facts: TurnFacts) -> tuple[Product, ...]:
    return tuple(facts.products[i] for i in sorted(mention.product_ids) if i in facts.products)


def _only_product(facts: TurnFacts) -> tuple[Product, ...]:
    return tuple(facts.products.values()) if len(facts.products) == 1 else ()


def _segments(
    unit: Unit,
    subjects: Sequence[Subject],
    default: tuple[Product, ...],
    resolved: dict[int, tuple[Mention, tuple[Product, ...]]],
) -> list[tuple[int, int, tuple[Product, ...]]]:
    """Spans of a unit and the products each is about: split at product names, or by table column."""
    if unit.kind == "row" and unit.header:
        # A row is about the product its first cell names, or each cell about its column's product.
        row_subject = next((s.products for s in subjects if s.products), default)
        spans: list[tuple[int, int, tuple[Product, ...]]] = []
        for index, (a, b) in enumerate(unit.cells):
            own = [s for s in subjects if a <= s.mention.start < b]
            if own:
                spans.append((a, b, own[0].products))
                continue
            column = unit.header[index] if index < len(unit.header) else (0, 0)
            named = [p for start, (m, p) in resolved.items() if column[0] <= start < column[1]]
            spans.append((a, b, named[0] if named else row_subject))
        return spans
    if not subjects:
        return [(unit.start, unit.end, default)]
    spans = []
    for index, subject in enumerate(subjects):
        start = unit.start if index == 0 else subject.mention.start
        end = subjects[index + 1].mention.start if index + 1 < len(subjects) else unit.end
        spans.append((start, end, subject.products))
    return spans


def _removal(text: str, unit: Unit) -> tuple[int, int, str]:
    if unit.kind in ("item", "row"):
        start = text.rfind("\n", 0, unit.start) + 1
        end = text.find("\n", unit.end)
        return start, (len(text) if end < 0 else end + 1), ""
    end = unit.end
    while end < len(text) and text[end] in " \t":
        end += 1
    return unit.start, end, ""


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    ordered = sorted(edits, key=lambda e: (e[0], -e[1]))
    kept: list[tuple[int, int, str]] = []
    for edit in ordered:
        if kept and edit[0] < kept[-1][1]:
            continue  # overlaps an earlier edit (a removal already covers it)
        kept.append(edit)
    for start, end, replacement in reversed(kept):
        text = text[:start] + replacement + text[end:]
    return text


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t]{2,}", " ", line).rstrip() for line in text.split("\n")]
    tidied = "\n".join(lines)
    tidied = re.sub(r"\n{3,}", "\n\n", tidied)
    return tidied.strip()


def _mask_quotes(text: str, quoted: Sequence[str]) -> str:
    """The text with verbatim copies of long fact strings blanked out (they are grounded as they are)."""
    masked = text
    for quote in quoted:
        position = masked.find(quote)
        while position >= 0:
            masked = masked[:position] + " " * len(quote) + masked[position + len(quote) :]
            position = masked.find(quote, position + len(quote))
    return masked


def _unique(findings: Sequence[Finding]) -> list[Finding]:
    seen: dict[tuple[str, str], Finding] = {}
    for finding in findings:
        seen.setdefault((finding.kind, finding.claim), finding)
    return list(seen.values())


def _action(finding: Finding, action: Literal["repaired", "removed"]) -> GroundingAction:
    return GroundingAction(finding.kind, finding.claim, action, finding.reason)
