"""The grounding check: every product name, price, stock and size claim, ingredient claim, order
number and order state in an outgoing reply must match the facts the tools returned this turn.

    grounder = ReplyGrounder()                        # once; keeps the catalog's vocabulary
    check = grounder.for_reply(catalog, [reply.facts, *trace.facts], reply.products)
    request = ModelRequest(..., check=check.check)    # the router refuses only unsendable answers
    grounded = check.result(response)                 # grounded.text is what the shopper sees
"""

from shopcrew.guardrails.grounding.check import ReplyCheck, ReplyGrounder
from shopcrew.guardrails.grounding.facts import TurnFacts, collect_facts
from shopcrew.guardrails.grounding.repair import (
    MAX_REMOVED_SHARE,
    GroundedReply,
    GroundingAction,
    ground_reply,
)
from shopcrew.guardrails.grounding.vocabulary import CatalogTerms, catalog_terms

__all__ = [
    "MAX_REMOVED_SHARE",
    "CatalogTerms",
    "GroundedReply",
    "GroundingAction",
    "ReplyCheck",
    "ReplyGrounder",
    "TurnFacts",
    "catalog_terms",
    "collect_facts",
    "ground_reply",
]
