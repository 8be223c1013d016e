"""The grounding check as the orchestrator uses it: one per composed reply, as the router's acceptance test.

A model's reply is repaired rather than rejected. Only a reply whose removals took most of it (or
all of it) is refused, so the router moves on to the next candidate and finally to the local
engine, whose template rendering is sent whatever the check finds (it is the last resort; its
templates only print facts, and a regression test holds them to zero repairs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from shopcrew.catalog.search import CatalogIndex
from shopcrew.domain.catalog import Product
from shopcrew.guardrails.grounding.facts import TurnFacts, collect_facts
from shopcrew.guardrails.grounding.repair import GroundedReply, ground_reply
from shopcrew.guardrails.grounding.vocabulary import CatalogTerms, catalog_terms
from shopcrew.models.router import LOCAL as LAST_RESORT_MODEL  # never refused: the router's last resort
from shopcrew.models.types import ModelResponse


class ReplyGrounder:
    """Grounds composed replies against a turn's facts; keeps the catalog's vocabulary between turns."""

    def __init__(self) -> None:
        self._catalog: CatalogIndex | None = None
        self._terms: CatalogTerms | None = None

    def terms(self, catalog: CatalogIndex) -> CatalogTerms:
        """The catalog's names and words, rebuilt only when the catalog index changes (a re-import)."""
        if self._terms is None or self._catalog is not catalog:
            self._terms = catalog_terms(catalog.products)
            self._catalog = catalog
        return self._terms

    def for_reply(
        self, catalog: CatalogIndex, fact_sets: Iterable[Mapping[str, Any]], products: Iterable[Product]
    ) -> ReplyCheck:
        """A check for one reply: `fact_sets` are the agent's reply facts and the turn's trace facts."""
        terms = self.terms(catalog)
        facts = collect_facts(fact_sets, catalog=catalog, products=products, by_title=terms.by_title)
        return ReplyCheck(facts, terms)


class ReplyCheck:
    """The router's acceptance test for one composed reply, remembering what it found per answer."""

    def __init__(self, facts: TurnFacts, terms: CatalogTerms) -> None:
        self.facts = facts
        self.terms = terms
        self._seen: dict[str, GroundedReply] = {}

    def check(self, response: ModelResponse) -> str | None:
        """None when the answer can be sent (after repairs); otherwise why not."""
        grounded = self.result(response)
        if response.model == LAST_RESORT_MODEL:
            return None
        return grounded.problem()

    def result(self, response: ModelResponse) -> GroundedReply:
        """The grounded version of an answer (computed once per answer text)."""
        text = response.text.strip()
        grounded = self._seen.get(text)
        if grounded is None:
            grounded = self._seen[text] = ground_reply(text, self.facts, self.terms)
        return grounded
