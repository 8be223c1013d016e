"""Turning a policy section into the answer the Support agent quotes: its best sentences, in plain text.

Policy documents are markdown (paragraphs wrapped over several lines, bullets, numbered steps,
tables, **bold**); a quote is whole sentences, table rows read out as sentences, with the markup
removed, so the shopper reads the store's own words and nothing cut in half.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shopcrew.commerce.policy_docs import PolicyLibrary, question_terms, stems
from shopcrew.domain.catalog import PolicySection

# How many sentences a quote holds at most.
QUOTE_SENTENCES = 3

_LIST_ITEM = re.compile(r"^(?:[-*]|\d+\.)\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(.+?)\1")


def plain(text: str) -> str:
    """Markdown inline markup removed: links keep their text, emphasis and code marks go."""
    text = _LINK.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return re.sub(r"\s+", " ", text).strip()


def section_sentences(body: str) -> list[str]:
    """A section's text as sentences: paragraphs re-joined, list items and table rows one unit each."""
    units: list[str] = []
    paragraph: list[str] = []
    header: list[str] | None = None

    def flush() -> None:
        if paragraph:
            units.append(" ".join(paragraph))
            paragraph.clear()

    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue  # the row under the header
            if header is None:
                header = cells
            else:
                units.append(_row_sentence(header, cells))
            continue
        header = None
        if not stripped:
            flush()
        elif _LIST_ITEM.match(stripped):
            flush()
            paragraph.append(_LIST_ITEM.sub("", stripped))
        else:
            paragraph.append(stripped)
    flush()
    sentences: list[str] = []
    for unit in units:
        sentences.extend(s for s in _SENTENCE_END.split(plain(unit)) if s)
    return sentences


def _row_sentence(header: list[str], cells: list[str]) -> str:
    """A table row read out: "Standard: time in transit after shipping 2–5 business days; price $6.95."."""
    first, *rest = cells
    parts = [f"{h.lower()} {c}" for h, c in zip(header[1:], rest, strict=False) if c]
    sentence = f"{first}: {'; '.join(parts)}" if parts else first
    return sentence if sentence.endswith((".", "!", "?")) else f"{sentence}."


def best_sentences(section: PolicySection, question: str, *, limit: int = QUOTE_SENTENCES) -> str:
    """The sentences of a section that best answer the question, in the section's order."""
    sentences = section_sentences(section.body)
    if len(sentences) <= limit:
        return " ".join(sentences)
    wanted = question_terms(question)
    overlap = [len(wanted & set(stems(s))) for s in sentences]
    ranked = sorted(range(len(sentences)), key=lambda i: (-overlap[i], i))
    return " ".join(sentences[i] for i in sorted(ranked[:limit]))


def policy_name(title: str) -> str:
    """How a reply names a policy: "Returns" -> "returns", "Your account" -> "account"."""
    name = title.lower().removesuffix(" policy")
    for prefix in ("your ", "our ", "the "):
        name = name.removeprefix(prefix)
    return re.sub(r"\s*\(.*\)$", "", name)


@dataclass(frozen=True)
class PaymentMethod:
    """A payment method shoppers ask about, and the words that show a policy lists it."""

    name: str
    asked: re.Pattern[str]
    listed: re.Pattern[str]


def _method(name: str, asked: str, listed: str | None = None) -> PaymentMethod:
    return PaymentMethod(
        name, re.compile(rf"\b(?:{asked})\b", re.IGNORECASE), re.compile(rf"\b(?:{listed or asked})\b", re.I)
    )


PAYMENT_METHODS = (
    _method("Bitcoin", "bitcoins?|btc"),
    _method("cryptocurrency", "crypto(?:currenc(?:y|ies))?|ethereum|eth|usdc"),
    _method("Apple Pay", "apple ?pay"),
    _method("Google Pay", "google ?pay|gpay"),
    _method("Shop Pay", "shop ?pay"),
    _method("Amazon Pay", "amazon ?pay"),
    _method("Venmo", "venmo"),
    _method("Zelle", "zelle"),
    _method("Klarna", "klarna"),
    _method("Afterpay", "afterpay|after ?pay|clearpay"),
    _method("Affirm", "affirm"),
    _method("Sezzle", "sezzle"),
    _method("cash on delivery", "cash on delivery|cod|cash"),
    _method("cheques", "cheques?|checks?|money orders?"),
    _method("bank transfers", "bank transfers?|wire transfers?|wire|ach"),
    _method("PayPal", "paypal|pay pal", "paypal"),
    _method("American Express", "american express|amex", "american express"),
    _method("Visa", "visa"),
    _method("Mastercard", "mastercard|master card", "mastercard"),
    _method("Discover", "discover card|discover"),
    _method("gift cards", "gift ?cards?", "gift cards?"),
    _method("store credit", "store credit"),
)
# The question must be about paying for "check" or "cash" to name a payment method.
_PAYING = re.compile(
    r"\b(pay|paying|paid|payment|payments|accept|accepted|take|use|checkout|check out)\b", re.IGNORECASE
)
_PAYMENT_SECTION = re.compile(r"payment methods?|ways to pay|how (you can|to) pay", re.IGNORECASE)


def asked_payment_method(question: str) -> PaymentMethod | None:
    """The payment method a question asks whether we take ("can I pay with bitcoin?"), or None."""
    if not _PAYING.search(question):
        return None
    for method in PAYMENT_METHODS:
        if method.asked.search(question):
            return method
    return None


def payment_methods_section(library: PolicyLibrary) -> PolicySection | None:
    """The section that lists the accepted payment methods, if a policy has one."""
    return next((s for s in library.sections if _PAYMENT_SECTION.search(s.heading)), None)
