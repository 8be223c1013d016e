"""What an agent is (configuration plus a run function) and what it receives and returns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from shopcrew.catalog.search import CatalogIndex
from shopcrew.commerce.order_system import OrderSystem
from shopcrew.commerce.policy_docs import PolicyLibrary
from shopcrew.domain.catalog import Product
from shopcrew.domain.messages import ActionRecord, ModelUse
from shopcrew.domain.voice import BrandVoice
from shopcrew.guardrails.grounding.repair import GroundingAction
from shopcrew.models.local.extract import Extraction
from shopcrew.models.local.nlg import Renderer
from shopcrew.models.types import ImagePart, ModelRequest, ModelResponse
from shopcrew.orchestrator.state import ConversationState


@dataclass
class TurnTrace:
    """What happened in a turn, for debugging, analytics and the grounding check."""

    models: list[ModelUse] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cost_usd: float = 0.0
    # What the grounding check rewrote or removed in the replies of this turn.
    grounding: list[GroundingAction] = field(default_factory=list)

    def tool(self, name: str, arguments: Mapping[str, Any], result: Any) -> None:
        """Record a tool call and a short summary of its result."""
        self.tool_calls.append({"tool": name, "arguments": dict(arguments), "result": result})


# A model call through the router, recorded in the turn's trace with its cost.
ModelCall = Callable[[ModelRequest], Awaitable[ModelResponse]]


@dataclass
class TurnContext:
    """What every agent may use during one turn. Built by the orchestrator, never at import."""

    session: Session
    catalog: CatalogIndex
    policies: PolicyLibrary
    state: ConversationState
    conversation_id: str
    channel: str
    voice: BrandVoice
    now: datetime
    trace: TurnTrace
    available_agents: Mapping[str, str]  # agent name -> what it can do, for honest "here is what I can do"
    store_url: str = ""
    # Where orders live (the embedded SQL store or Shopify): reads, and actions that plan then execute.
    orders: OrderSystem | None = None
    # Model calls beyond extract and compose (a photo to a vision model); None in bare unit tests.
    call_model: ModelCall | None = None


@dataclass(frozen=True)
class AgentInput:
    """One request (a part of the shopper's message) handed to an agent."""

    text: str
    domain: str
    confidence: float
    complexity: str
    extraction: Extraction
    images: tuple[ImagePart, ...] = ()
    continuing: bool = False  # True when the agent kept the thread because it awaited a slot


@dataclass
class AgentReply:
    """What an agent decided: what to say (as a brief), what it did, and what it waits for next."""

    intent: str
    facts: dict[str, Any] = field(default_factory=dict)
    actions: list[ActionRecord] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    awaiting_slot: str | None = None
    handoff: str | None = None
    handoff_reason: str = ""
    understood: bool = True


AgentRun = Callable[[TurnContext, AgentInput], Awaitable[AgentReply]]


@dataclass(frozen=True)
class Agent:
    """An agent: plain configuration plus the function that runs it."""

    name: str
    description: str
    instructions: str
    templates: Mapping[str, Renderer]
    run: AgentRun
    # Builds what the agent derives from a catalog ahead of its first request (the app calls it in
    # the background after every catalog load), so no shopper waits for it; None: nothing to build.
    prepare: Callable[[CatalogIndex], object] | None = None
