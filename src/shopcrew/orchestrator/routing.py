"""The routing table (domain → agent) as data, loading the agents it names, and who owns each part."""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from shopcrew.agents.types import Agent
from shopcrew.models.local.extract import Extraction
from shopcrew.orchestrator.state import ConversationState

# Below this classifier confidence, a message to an agent that awaits a slot stays with that agent.
SWITCH_CONFIDENCE = 0.6
HUMAN = "human"


def default_routes() -> dict[str, str]:
    """The packaged routing table."""
    text = resources.files("shopcrew.orchestrator").joinpath("routes.toml").read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in tomllib.loads(text)["routes"].items()}


def load_agents(routes: Mapping[str, str]) -> dict[str, Agent]:
    """The agents the routing table names that exist as modules (`shopcrew.agents.<name>.AGENT`)."""
    agents: dict[str, Agent] = {}
    for name in sorted(set(routes.values()) | {"support", HUMAN}):
        try:
            module = importlib.import_module(f"shopcrew.agents.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"shopcrew.agents.{name}":
                raise
            continue
        agent = getattr(module, "AGENT", None)
        if isinstance(agent, Agent):
            agents[name] = agent
    return agents


@dataclass(frozen=True)
class RouteDecision:
    """Which agent handles a part, and why (recorded in the trace)."""

    agent: str
    domain: str
    reason: str
    continuing: bool = False
    available: bool = True


_SLOT_WORDS = re.compile(
    r"^\s*(y|ya|yes|yeah|yep|yup|sure|ok|okay|no|nope|nah|please|thanks)\b", re.IGNORECASE
)


def looks_like_slot_answer(text: str, extraction: Extraction) -> bool:
    """A short reply made mostly of an entity ("jane@x.com 1042", "11 wide", "yes") answers a question."""
    if len(text.split()) > 8:
        return False
    has_entity = bool(
        extraction.emails
        or extraction.order_numbers
        or extraction.zip_codes
        or extraction.person_names
        or extraction.sizes
        or extraction.widths
        or extraction.colours
        or extraction.ordinal is not None
    )
    return has_entity or bool(_SLOT_WORDS.match(text))


def route_part(
    *,
    domain: str,
    confidence: float,
    text: str,
    extraction: Extraction,
    state: ConversationState,
    routes: Mapping[str, str],
    agents: Mapping[str, Agent],
    first_part: bool,
) -> RouteDecision:
    """Pick the agent for one part: stay with an owner awaiting a slot unless the subject clearly changes."""
    target = routes.get(domain, "support")
    if domain == HUMAN:
        return RouteDecision(HUMAN, domain, "shopper asked for a person")
    owner = state.owner
    if first_part and state.awaiting_slot and owner in agents and owner != HUMAN:
        owner_domains = {d for d, a in routes.items() if a == owner}
        if domain in owner_domains:
            return RouteDecision(
                owner, domain, f"{owner} owns the thread and the message is in its domain", True
            )
        if looks_like_slot_answer(text, extraction):
            return RouteDecision(
                owner, domain, f"{owner} awaits {state.awaiting_slot}; the message answers it", True
            )
        if confidence < SWITCH_CONFIDENCE:
            return RouteDecision(
                owner,
                domain,
                f"{owner} awaits {state.awaiting_slot}; no clear change of subject ({confidence:.2f})",
                True,
            )
    if target not in agents:
        return RouteDecision("support", domain, f"no {target} agent yet; answered honestly", available=False)
    return RouteDecision(target, domain, f"classified as {domain} ({confidence:.2f})")
