"""Store policy documents and finding the section that answers a question."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from shopcrew.catalog.text import tokens
from shopcrew.domain.catalog import Policy, PolicySection

# Words shoppers use for a policy that its text may not contain (keys and values are stems).
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
    "password": ("account", "signing", "sign"),
    "login": ("account", "signing", "sign"),
    "log": ("signing", "sign"),
    "forgot": ("password",),
    "reset": ("password",),
    "subscribe": ("subscription",),
    "subscriber": ("subscription",),
    "unsubscribe": ("newsletter", "marketing", "email"),
    "newsletter": ("marketing", "email"),
    "long": ("time", "day"),
    "deadline": ("window", "day"),
    "fast": ("time", "express"),
    "quick": ("time", "express"),
    "often": ("frequency",),
    "arrive": ("delivery", "time"),
    "cost": ("rate", "fee"),
    "charge": ("rate", "fee", "charged"),
    "extra": ("difference", "charge"),
    "free": ("free", "rate"),
    "abroad": ("where", "international"),
    "international": ("where",),
    "overseas": ("where", "international"),
    "worldwide": ("where", "international"),
    "country": ("where", "international"),
    "canada": ("where", "international"),
    "uk": ("where", "international"),
    "mexico": ("where", "international"),
    "europe": ("where", "international"),
    "late": ("late", "lost"),
    "lost": ("lost", "missing"),
    "coupon": ("discount", "code"),
    "promo": ("discount", "code"),
    "voucher": ("discount", "code", "gift"),
    "broken": ("damaged", "defective"),
    "faulty": ("damaged", "defective"),
    "wrong": ("wrong", "damaged"),
    "safe": ("security",),
    "secure": ("security",),
    "drop": ("price", "adjustment"),
    "dropped": ("price", "adjustment"),
    "cheaper": ("price", "adjustment"),
    "history": ("order", "track"),
    "past": ("history",),
    "previous": ("history",),
    "train": ("assistant", "model"),
    "ai": ("assistant",),
    "bot": ("assistant",),
    "chat": ("conversation", "assistant"),
    "collect": ("collect",),
    "store": ("keep",),
    "verify": ("verifying",),
    "day": ("window",),
    "delete": ("close", "right"),
    "remove": ("close", "right"),
    "erase": ("close", "right"),
    "export": ("right",),
    "gdpr": ("privacy", "right"),
    "update": ("change",),
    "edit": ("change",),
    "identity": ("verifying",),
}
# Question words that say nothing about the topic; a synonym may still add "where" on purpose.
_QUESTION_WORDS = frozenset(
    {
        "where",
        "when",
        "why",
        "whats",
        "what's",
        "wondering",
        "know",
        "tell",
        "me",
        "you're",
        "it's",
        "we're",
        "use",
    }
)


def stem(token: str) -> str:
    """A light English stem, so "returns", "returned" and "returning" meet "return"."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 4 and not token.endswith("ss"):
            token = token[: -len(suffix)] + keep
            break
    # "charge", "charged" and "charges" all end as "charg".
    return token[:-1] if token.endswith("e") and len(token) > 4 else token


def stems(text: str) -> list[str]:
    """The stems of a text's words, stop words left out."""
    return [stem(t) for t in tokens(text)]


# Verbs that ask whether the store offers something, not what: "do you offer gift wrapping".
_OFFERING_WORDS = frozenset({"offer", "offers", "provide", "provides", "sell", "have", "support", "allow"})
# Payment methods shoppers name: a question about one of them is a payment question even when the
# policy doesn't list it (then the answer is no, because the accepted list is exhaustive).
PAYMENT_METHOD_NAMES = (
    "bitcoin", "crypto", "cryptocurrency", "ethereum", "apple", "google", "venmo", "zelle", "cash",
    "cheque", "check", "klarna", "afterpay", "affirm", "sezzle", "alipay", "wechat", "maestro", "jcb",
    "unionpay", "diners", "amex", "visa", "mastercard", "discover", "paypal", "transfer", "wire",
)  # fmt: skip
# A section must score at least this to be quoted; below it the policies don't cover the question.
MIN_SCORE = 2.0
# From this score on a section answers the question whatever other words the question holds.
CLEAR_SCORE = 12.0
# How much more a word of a section's heading counts than a word of its text.
HEADING_WEIGHT = 3
# How much each pair of words the question and a section both hold side by side adds to its score.
PHRASE_BONUS = 0.5
# Words that ask about a policy without narrowing it down.
_GENERIC_WORDS = frozenset(
    stem(t) for t in tokens("policy policies rules terms info information explain tell work")
)


@dataclass(frozen=True)
class PolicyMatch:
    """A section that answers a question, with its relevance score."""

    section: PolicySection
    score: float


class PolicyLibrary:
    """The store's policies, searchable by section (BM25 over stems, the heading weighing most)."""

    def __init__(self, policies: Iterable[Policy]) -> None:
        self.policies = {p.id: p for p in policies}
        self._sections = [s for p in self.policies.values() for s in p.sections]
        self._counts: list[Counter[str]] = []
        self._names: list[frozenset[str]] = []
        self._pairs: list[set[tuple[str, str]]] = []
        self._headings: list[frozenset[str]] = []
        for section in self._sections:
            counts: Counter[str] = Counter(stems(section.body))
            # The heading says what the section answers; the document's name only which document.
            for token in stems(section.heading):
                counts[token] += HEADING_WEIGHT
            names = frozenset(stems(f"{section.policy_title} {section.policy_id}"))
            for token in names:
                counts[token] += 1
            self._counts.append(counts)
            self._names.append(names)
            self._pairs.append(_pairs(stems(f"{section.heading}. {section.body}")))
            # A heading word that only names the document ("account" in "Creating an account")
            # doesn't say what the section answers, unless it is all the heading has.
            heading = frozenset(stems(section.heading)) - _QUESTION_WORDS
            self._headings.append(heading - names or heading)
        lengths = [sum(c.values()) for c in self._counts]
        self._lengths = lengths
        self._average = sum(lengths) / len(lengths) if lengths else 1.0
        self._df: Counter[str] = Counter(t for c in self._counts for t in c)

    def _idf(self, token: str, total: int) -> float:
        df = self._df[token]
        return math.log(1 + (total - df + 0.5) / (df + 0.5))

    @property
    def sections(self) -> list[PolicySection]:
        """Every section of every policy, in document order."""
        return list(self._sections)

    def get(self, policy_id: str) -> Policy | None:
        """A policy document by id (e.g. "returns")."""
        return self.policies.get(policy_id)

    def _general_question(self, query: set[str]) -> Policy | None:
        """The policy a question asks about as a whole ("what's your return policy?"), if that is all it asks."""
        asked = {t for t in query if t not in _GENERIC_WORDS}
        for policy in self.policies.values():
            names = set(stems(f"{policy.id} {policy.title}"))
            if asked and asked <= names | {s for t in names for s in _synonyms(t)}:
                return policy
        return None

    def answer(self, question: str) -> PolicyMatch | None:
        """The section that answers `question`, or None when the policies don't cover it.

        Decision: a question is not covered when its best section scores below MIN_SCORE, or when
        most of its words appear in no policy at all ("do you offer gift wrapping?" shares only
        "gift" with the gift-card section): quoting that section would be guessing.
        """
        matches = self.search(question, limit=1)
        if not matches or matches[0].score < MIN_SCORE:
            return None
        if matches[0].score >= CLEAR_SCORE:
            return matches[0]
        words = [
            t
            for t in tokens(question)
            if t not in _QUESTION_WORDS and t not in _OFFERING_WORDS and stem(t) not in _GENERIC_WORDS
        ]
        known = (
            self._df.keys()
            | {stem(n) for n in PAYMENT_METHOD_NAMES}
            | {stem(p.lower()) for p in _destinations(question)}
        )
        unknown = {stem(t) for t in words if stem(t) not in known and not _synonyms(t)}
        if unknown and len(unknown) * 2 >= len({stem(t) for t in words}):
            return None
        return matches[0]

    def search(self, question: str, *, limit: int = 3) -> list[PolicyMatch]:
        """Sections that best answer a question, best first; empty when nothing is relevant."""
        query = question_terms(question)
        # Words the question puts side by side ("return shipping") that a section does too.
        phrases = _pairs([stem(t) for t in tokens(question) if t not in _QUESTION_WORDS])
        general = self._general_question(query)
        if general is not None and general.sections:
            return [PolicyMatch(general.sections[0], float("inf"))]
        total = len(self._sections) or 1
        asked = query
        scored: list[PolicyMatch] = []
        for index, counts in enumerate(self._counts):
            score = 0.0
            for token in asked:
                tf = counts.get(token, 0)
                if not tf:
                    continue
                idf = self._idf(token, total)
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * self._lengths[index] / self._average))
            if score > 0:
                # A question that names the policy ("shipping", "returns") belongs in that document.
                if asked & self._names[index]:
                    score *= 2
                score *= 1 + PHRASE_BONUS * len(phrases & self._pairs[index])
                # The share of the heading the question asks about: "When you're charged" answers
                # "when is my card charged" better than "Gift cards" does.
                heading = self._headings[index]
                if heading:
                    score *= 1 + len(asked & heading) / len(heading)
                scored.append(PolicyMatch(self._sections[index], score))
        scored.sort(key=lambda m: -m.score)
        return scored[:limit]


def question_terms(question: str) -> set[str]:
    """The stems a question asks about, with the words shoppers mean by them ("money" -> "refund")."""
    terms = {"rate", "cost", "price"} if "how much" in question.lower() else set()
    for token in tokens(question):
        if token not in _QUESTION_WORDS:
            terms.add(stem(token))
            terms.update(_synonyms(token))
    return terms


def _destinations(question: str) -> list[str]:
    """Capitalised places a question asks to ship to ("to Australia"): the shipping section answers them."""
    return re.findall(r"\b(?:to|in|into)\s+([A-Z][a-z]+)", question)


def _synonyms(token: str) -> list[str]:
    """The stems a shopper's word stands for besides itself."""
    found = _SYNONYMS.get(token)
    if found is None:
        found = next((v for k, v in _SYNONYMS.items() if stem(k) == stem(token)), ())
    return [stem(s) for s in found]


def _pairs(stems: list[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(stems))
