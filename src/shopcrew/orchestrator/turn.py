"""One turn: store the message, classify, hand each part to its agent, compose, merge, remember."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from shopcrew.agents.support import unavailable_reply
from shopcrew.agents.types import Agent, AgentInput, AgentReply, TurnContext, TurnTrace
from shopcrew.catalog.search import CatalogIndex
from shopcrew.commerce.order_system import OrderSystem
from shopcrew.commerce.policy_docs import PolicyLibrary
from shopcrew.commerce.sql_orders import sql_order_system_on
from shopcrew.domain.jsonable import to_jsonable
from shopcrew.domain.messages import InboundMessage, TurnResult
from shopcrew.domain.voice import BrandVoice, apply_voice, protected_phrases, sign_reply
from shopcrew.guardrails.grounding import ReplyGrounder
from shopcrew.guardrails.identity import bind_customer, resolve_channel_customer
from shopcrew.handoff.hours import SupportHours, reply_expectation
from shopcrew.handoff.outbox import queue_shopper_message
from shopcrew.models.local.extract import Extraction
from shopcrew.models.prompts import compose_messages, extract_messages
from shopcrew.models.router import ModelRouter
from shopcrew.models.types import ModelRequest, ModelResponse, ReplyBrief, json_schema_of
from shopcrew.orchestrator.classifier import Classification, IntentClassifier
from shopcrew.orchestrator.escalation import detect_escalation, is_unreadable
from shopcrew.orchestrator.handoffs import (
    attach_packet,
    escalation_reply,
    handoff_trigger,
    misunderstood_reply,
)
from shopcrew.orchestrator.memory import (
    StoredConversation,
    append_message,
    create_conversation,
    load_conversation,
    save_turn,
)
from shopcrew.orchestrator.profiles import load_profile, save_profile
from shopcrew.orchestrator.routing import HUMAN, RouteDecision, route_part
from shopcrew.orchestrator.trace_records import classification_trace, grounding_trace, products_shown
from shopcrew.store.base import utcnow

# After this many turns in a row the assistant could not understand, a person takes over.
MAX_MISUNDERSTOOD_TURNS = 2


@dataclass
class _PartOutcome:
    decision: RouteDecision
    reply: AgentReply
    text: str


class Orchestrator:
    """Runs turns. Everything it needs is handed in; it reads no configuration itself."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        classifier: IntentClassifier,
        router: ModelRouter,
        catalog: Callable[[], CatalogIndex],
        policies: Callable[[], PolicyLibrary],
        agents: Mapping[str, Agent],
        routes: Mapping[str, str],
        voice: BrandVoice,
        store_url: str = "",
        clock: Callable[[], datetime] = utcnow,
        orders: OrderSystem | None = None,
        helpdesk_provider: str = "none",
        support_hours: SupportHours | None = None,
    ) -> None:
        self._orders = orders
        self._helpdesk = helpdesk_provider
        self._hours = support_hours or SupportHours()
        self._sessions = sessions
        self._classifier = classifier
        self._router = router
        self._catalog = catalog
        self._policies = policies
        self._agents = dict(agents)
        self._routes = dict(routes)
        self._voice = voice
        self._store_url = store_url
        self._clock = clock
        self._grounder = ReplyGrounder()  # keeps the catalog's names and words between turns
        self._capabilities = {
            name: agent.description
            for name, agent in self._agents.items()
            if name != HUMAN and agent.description
        }

    async def run_turn(self, message: InboundMessage, conversation_id: str | None) -> TurnResult:
        """Answer one message of a conversation (created when `conversation_id` is None)."""
        started = time.perf_counter()
        with self._sessions() as session:
            conversation = (
                load_conversation(session, conversation_id, lock=True)
                if conversation_id
                else create_conversation(session, message.channel)
            )
            images = [
                {
                    "media_type": i.media_type,
                    "bytes": len(i.data),
                    "sha256": hashlib.sha256(i.data).hexdigest(),
                }
                for i in message.images
            ]
            if conversation.row.status == "closed":
                conversation.row.status = "open"  # the shopper wrote again: reopened (docs/staff-inbox.md)
            shopper_row = append_message(session, conversation.id, "shopper", message.text, images=images)
            if conversation.state.owner == HUMAN:
                # The person works from the ticket: the shopper's words follow it there.
                queue_shopper_message(
                    session,
                    conversation.id,
                    message.text,
                    provider=self._helpdesk,
                    message_seq=shopper_row.seq,
                )
            # The shopper's message is kept even if anything below fails.
            session.commit()
            conversation = load_conversation(session, conversation.id, lock=True)
            result = await self._answer(session, conversation, message, started)
            session.commit()
            return result

    async def _answer(
        self, session: Session, conversation: StoredConversation, message: InboundMessage, started: float
    ) -> TurnResult:
        state = conversation.state
        now = self._clock()
        trace = TurnTrace()
        owner_before = state.owner
        if message.customer and not state.verified:
            if message.customer.verified:
                orders = self._orders or sql_order_system_on(session)
                customer = resolve_channel_customer(orders, message.customer)
                if customer is not None and bind_customer(state, customer, f"channel:{message.channel}"):
                    trace.notes.append(f"customer {customer.id} verified by the {message.channel} channel")
            elif message.customer.email:
                state.claimed_email = message.customer.email.strip().lower()
                trace.notes.append("customer email claimed by an unauthenticated caller; proof still needed")
        if remembered := load_profile(session, state):
            trace.notes.append(f"customer profile loaded: {', '.join(remembered)}")
        if state.owner == HUMAN:
            # A person owns the thread: the assistant stays silent and the message waits for them.
            return self._finish(session, conversation, message, trace, started, owner_before, [], None, "")

        classification = self._classifier.classify(message.text, has_images=bool(message.images))
        ctx = TurnContext(
            session=session,
            catalog=self._catalog(),
            policies=self._policies(),
            state=state,
            conversation_id=conversation.id,
            channel=message.channel,
            voice=self._voice,
            now=now,
            trace=trace,
            available_agents=self._capabilities,
            store_url=self._store_url,
            orders=self._orders,
            call_model=lambda request: self._call_model(request, trace),
        )
        outcomes: list[_PartOutcome] = []
        handoff: str | None = None
        trigger = ""
        # Frustration or a policy exception in the shopper's own words brings in a person at once.
        signal = detect_escalation(message.text)
        for index, part in enumerate(classification.parts):
            extraction = await self._extract(
                part.text, trace, state.awaiting_slot if index == 0 else None, conversation
            )
            decision = route_part(
                domain=part.domain,
                confidence=part.confidence,
                text=part.text,
                extraction=extraction,
                state=state,
                routes=self._routes,
                agents=self._agents,
                first_part=index == 0,
                scores=part.scores,
            )
            request = AgentInput(
                text=part.text,
                domain=decision.domain,
                confidence=part.confidence,
                complexity=classification.complexity,
                extraction=extraction,
                images=message.images,
                continuing=decision.continuing,
            )
            if index == 0 and signal is not None and decision.agent != HUMAN and HUMAN in self._agents:
                decision = RouteDecision(HUMAN, part.domain, signal.reason)
                reply = escalation_reply(signal)
            elif decision.available:
                reply = await self._agents[decision.agent].run(ctx, request)
            else:
                reply = unavailable_reply(part.domain, list(self._capabilities.values()))
            understood = reply.understood and not is_unreadable(part.text)
            state.misunderstood_turns = 0 if understood else state.misunderstood_turns + 1
            if not understood and state.misunderstood_turns >= MAX_MISUNDERSTOOD_TURNS and not reply.handoff:
                reply = misunderstood_reply(reply)
            state.awaiting_slot = reply.awaiting_slot
            state.last_domain = decision.domain
            target = reply.handoff or decision.agent
            state.change_owner(target, reply.handoff_reason or decision.reason, now)
            agent = self._agents.get(decision.agent) or self._agents["support"]
            text = await self._compose(agent, reply, conversation, request, index, trace, ctx.catalog)
            outcomes.append(_PartOutcome(decision, reply, text))
            if reply.handoff:
                handoff = reply.handoff
                trigger = handoff_trigger(reply, decision.agent)
                break
        reply_text = "\n\n".join(o.text for o in outcomes if o.text)
        if handoff == HUMAN and owner_before != HUMAN:
            # Said in code, not by a model: when a person will really answer.
            reply_text = f"{reply_text} {reply_expectation(self._hours, now)}".strip()
        reply_text = sign_reply(reply_text, self._voice)  # once, at the end of the whole reply
        return self._finish(
            session,
            conversation,
            message,
            trace,
            started,
            owner_before,
            outcomes,
            handoff,
            reply_text,
            classification,
            trigger,
        )

    async def _call_model(self, request: ModelRequest, trace: TurnTrace) -> ModelResponse:
        """One model call through the router, recorded in the trace with its cost."""
        routed = await self._router.request(request)
        trace.models.append(routed.use)
        trace.cost_usd += routed.response.cost_usd
        return routed.response

    async def _extract(
        self, text: str, trace: TurnTrace, expecting: str | None, conversation: StoredConversation
    ) -> Extraction:
        routing = _routing_context(conversation)
        response = await self._call_model(
            ModelRequest(
                task="extract",
                messages=extract_messages(text, expecting),
                output_schema=json_schema_of(Extraction),
                check=_extraction_problem,
                context={"expecting": expecting, **routing} if expecting else routing,
            ),
            trace,
        )
        return Extraction.model_validate(response.data or {})

    async def _compose(
        self,
        agent: Agent,
        reply: AgentReply,
        conversation: StoredConversation,
        request: AgentInput,
        index: int,
        trace: TurnTrace,
        catalog: CatalogIndex,
    ) -> str:
        text = request.text
        seed = int.from_bytes(
            # Seeded by what was said, not the random conversation id, so replays phrase replies the same way.
            hashlib.sha256(f"{conversation.row.turn_count}:{index}:{text}".encode()).digest()[:4],
            "big",
        )
        brief = ReplyBrief(
            intent=reply.intent, facts=reply.facts, instructions=agent.instructions, variation_seed=seed
        )
        # Every claim is checked against this turn's facts: repaired or removed, and the reply is
        # refused (the router falls back) only when removals took most of it.
        grounding = self._grounder.for_reply(catalog, [reply.facts, *trace.facts], reply.products)
        response = await self._call_model(
            ModelRequest(
                task="compose",
                messages=compose_messages(brief, self._voice, text),
                brief=brief,
                check=grounding.check,
                agent=agent.name,
                complexity=request.complexity,
                context=_routing_context(conversation),
            ),
            trace,
        )
        grounded = grounding.result(response)
        trace.grounding.extend(grounded.actions)
        # The store's voice on every reply, an LLM's too; the turn's facts are never restyled.
        facts = protected_phrases(reply.facts, *trace.facts)
        return apply_voice(grounded.text, self._voice, protected=facts, sign=False)

    def _finish(
        self,
        session: Session,
        conversation: StoredConversation,
        message: InboundMessage,
        trace: TurnTrace,
        started: float,
        owner_before: str,
        outcomes: list[_PartOutcome],
        handoff: str | None,
        reply_text: str,
        classification: Classification | None = None,
        trigger: str = "",
    ) -> TurnResult:
        state = conversation.state
        agents = tuple(o.decision.agent if o.decision.available else "support" for o in outcomes) or (HUMAN,)
        if handoff and handoff not in agents:
            agents = (*agents, handoff)
        actions = tuple(a for o in outcomes for a in o.reply.actions)
        products = products_shown([o.reply for o in outcomes])
        if reply_text:
            append_message(session, conversation.id, "assistant", reply_text, agent=agents[-1])
        latency_ms = (time.perf_counter() - started) * 1000
        cost = round(trace.cost_usd, 6)
        domains = tuple(p.domain for p in classification.parts) if classification else ()
        record: dict[str, Any] = {
            "text": message.text,
            "channel": message.channel,
            "classification": classification_trace(classification),
            "parts": [
                {
                    "domain": o.decision.domain,
                    "agent": o.decision.agent,
                    "reason": o.decision.reason,
                    "intent": o.reply.intent,
                }
                for o in outcomes
            ],
            "owner_before": owner_before,
            "owner_after": state.owner,
            "awaiting_slot": state.awaiting_slot,
            "handoff": handoff,
            "models": [m.__dict__ for m in trace.models],
            "tool_calls": trace.tool_calls,
            "facts": trace.facts,
            "actions": [a.__dict__ for a in actions],
            "notes": trace.notes,
            "grounding": grounding_trace(trace.grounding),
        }
        if handoff == HUMAN and owner_before != HUMAN and state.owner_history:
            change = state.owner_history[-1]
            record["escalation"] = {"trigger": trigger, "reason": change.reason, "at": change.at}
        record["profile_saved"] = save_profile(session, state)
        save_turn(session, conversation, to_jsonable(record), latency_ms=latency_ms, cost_usd=cost)
        if "escalation" in record:
            record.update(
                attach_packet(
                    session,
                    conversation.id,
                    conversation.row.turn_count,
                    record["escalation"]["reason"],
                    provider=self._helpdesk,
                    now=record["escalation"]["at"],
                    order_system=self._orders,
                )
            )
            record = to_jsonable(record)
        return TurnResult(
            conversation_id=conversation.id,
            reply=reply_text,
            agents=agents,
            domains=domains,
            owner=state.owner,
            handoff=handoff,
            actions=actions,
            models=tuple(trace.models),
            products=products,
            latency_ms=round(latency_ms, 3),
            cost_usd=cost,
            trace=record,
        )


def _routing_context(conversation: StoredConversation) -> dict[str, Any]:
    """What the model router reads from a request's context: the conversation and this turn's number."""
    return {"conversation_id": conversation.id, "turn": conversation.row.turn_count + 1}


def _extraction_problem(response: ModelResponse) -> str | None:
    """Why an extraction answer doesn't fit the Extraction schema, or None."""
    try:
        Extraction.model_validate(response.data or {})
    except ValidationError as error:
        return f"extraction does not fit the schema ({error.error_count()} errors)"
    return None
