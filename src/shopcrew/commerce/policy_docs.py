"""Store policy documents and finding the section that answers a question."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from shopcrew.catalog.text import tokens
from shopcrew.domain.catalog import Policy, PolicySection

# Words shoppers use for a policy that its text may not contain.
_SYNONYMS = {
    "refund": ("return", "refund"),
    "money": ("refund",),
    "deliver": ("shipping", "delivery"),
    "delivery": ("shipping",),
    "ship": ("shipping",),
    "postage": ("shipping",),
    "swap": ("exchange",),
    "cancel": ("cancellation", "cancel"),
    "pay": ("payment",),
    "paypal": ("payment",),
    "klarna": ("payment",),
    "card": ("payment",),
    "data": ("privacy",),
    "gdpr": ("privacy",),
    "password": ("account",),
    "login": ("account",),
    "subscribe": ("subscription",),
    "long": ("time", "day"),
    "fast": ("time", "express"),
    "quick": ("time", "express"),
    "arrive": ("delivery", "time"),
    "cost": ("rate", "fee"),
    "charge": ("rate", "fee", "charged"),
    "free": ("free", "rate"),
    "abroad": ("where", "international"),
    "international": ("where",),
    "canada": ("where", "international"),
    "late": ("late", "lost"),
    "lost": ("lost", "missing"),
    "coupon": ("discount", "code"),
    "promo": ("discount", "code"),
    "voucher": ("discount", "code", "gift"),
}


# Words that ask about a policy without narrowing it down.
_GENERIC_WORDS = frozenset(tokens("policy policies rules terms info information explain tell work"))


@dataclass(frozen=True)
class PolicyMatch:
    """A section that answers a question, with its relevance score."""

    section: PolicySection
    score: float


class PolicyLibrary:
    """The store's policies, searchable by section (BM25 with a boost for the heading and title)."""

    def __init__(self, policies: Iterable[Policy]) -> None:
        self.policies = {p.id: p for p in policies}
        self._sections = [s for p in self.policies.values() for s in p.sections]
        self._counts: list[Counter[str]] = []
        for section in self._sections:
            counts: Counter[str] = Counter(tokens(section.body))
            for token in tokens(f"{section.policy_title} {section.heading} {section.policy_id}"):
                counts[token] += 3
            self._counts.append(counts)
        lengths = [sum(c.values()) for c in self._counts]
        self._lengths = lengths
        self._average = sum(lengths) / len(lengths) if lengths else 1.0
        self._df: Counter[str] = Counter(t for c in self._counts for t in c)

    def get(self, policy_id: str) -> Policy | None:
        """A policy document by id (e.g. "returns")."""
        return self.policies.get(policy_id)

    def _general_question(self, query: list[str]) -> Policy | None:
        """The policy a question asks about as a whole ("what's your return policy?"), if that is all it asks."""
        asked = {t for t in query if t not in _GENERIC_WORDS}
        for policy in self.policies.values():
            names = set(tokens(f"{policy.id} {policy.title}"))
            if asked and asked <= names | {s for t in names for s in _SYNONYMS.get(t, ())}:
                return policy
        return None

    def search(self, question: str, *, limit: int = 3) -> list[PolicyMatch]:
        """Sections that best answer a question, best first; empty when nothing is relevant."""
        query: list[str] = ["rate", "cost", "price"] if "how much" in question.lower() else []
        for token in tokens(question):
            query.append(token)
            query.extend(_SYNONYMS.get(token, ()))
        general = self._general_question(query)
        if general is not None and general.sections:
            return [PolicyMatch(general.sections[0], float("inf"))]
        total = len(self._sections) or 1
        scored: list[PolicyMatch] = []
        for index, counts in enumerate(self._counts):
            score = 0.0
            for token in set(query):
                tf = counts.get(token, 0)
                if not tf:
                    continue
                df = self._df[token]
                idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * self._lengths[index] / self._average))
            if score > 0:
                # A question that names the policy ("shipping", "returns") belongs in that document.
                section = self._sections[index]
                if set(query) & set(tokens(f"{section.policy_id} {section.policy_title}")):
                    score *= 2
                scored.append(PolicyMatch(section, score))
        scored.sort(key=lambda m: -m.score)
        return scored[:limit]
