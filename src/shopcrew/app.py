"""The composition root: builds the assistant from Settings. Nothing is built at import time."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from shopcrew.agents.fit import build_agent as build_fit_analyzer
from shopcrew.agents.outfit import build_agent as build_outfit_builder
from shopcrew.agents.product_expert import build_agent as build_product_expert
from shopcrew.agents.skin import build_agent as build_skin_analyzer
from shopcrew.agents.types import Agent
from shopcrew.catalog.repository import load_policies, load_products
from shopcrew.catalog.search import CatalogIndex, catalog_index_for
from shopcrew.commerce.order_policy import OrderPolicy, load_order_policy, order_policy_from_config
from shopcrew.commerce.order_system import OrderSystem
from shopcrew.commerce.policy_docs import PolicyLibrary
from shopcrew.commerce.shopify.factory import build_shopify_order_system
from shopcrew.commerce.sql_orders import SqlOrderSystem
from shopcrew.commerce.tau2.policy import STORE_ORDER_POLICY_ID, stored_orders_table
from shopcrew.domain.catalog import Product
from shopcrew.domain.conversations import ConversationView
from shopcrew.domain.messages import InboundMessage, TurnResult
from shopcrew.models.local.gazetteer import Gazetteer, GazetteerEntry
from shopcrew.models.local.nlg import default_template_book
from shopcrew.models.providers.local import LocalModel
from shopcrew.models.registry import build_router, read_store_config
from shopcrew.orchestrator.classifier import IntentClassifier
from shopcrew.orchestrator.intake import validate_message
from shopcrew.orchestrator.locks import ConversationLocks
from shopcrew.orchestrator.memory import conversation_view, load_conversation
from shopcrew.orchestrator.routing import default_routes, load_agents
from shopcrew.orchestrator.turn import Orchestrator
from shopcrew.settings import Settings
from shopcrew.store.base import utcnow
from shopcrew.store.database import fresh_demo_store, open_store, session_factory
from shopcrew.voice_config import store_voice

__all__ = ["Assistant", "build_assistant", "fresh_demo_store"]

logger = logging.getLogger(__name__)


class Assistant:
    """The shopping assistant: one entry point for every channel."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        orchestrator: Orchestrator,
        *,
        reload_catalog: Callable[[], int] | None = None,
    ) -> None:
        self.settings = settings
        self._engine = engine
        self._sessions = session_factory(engine)
        self._orchestrator = orchestrator
        self._locks = ConversationLocks()
        self._reload_catalog = reload_catalog

    @property
    def engine(self) -> Engine:
        """The store's database engine (catalog imports write through it)."""
        return self._engine

    def reload_catalog(self) -> int:
        """Re-read the catalog from the store after an import; the next turn searches it. Returns its size."""
        if self._reload_catalog is None:
            return 0
        return self._reload_catalog()

    async def handle(self, message: InboundMessage) -> TurnResult:
        """Answer one shopper message; turns of one conversation run one at a time, in arrival order."""
        message = validate_message(message, self.settings)
        conversation_id = message.conversation_id
        if conversation_id is not None:
            with self._sessions() as session:
                load_conversation(session, conversation_id)  # 404 before queueing behind the lock
            async with self._locks.hold(conversation_id):
                return await self._orchestrator.run_turn(message, conversation_id)
        return await self._orchestrator.run_turn(message, None)

    def conversation_lock(self, conversation_id: str) -> AbstractAsyncContextManager[None]:
        """The lock this conversation's turns hold; staff actions take it too, so they land between turns."""
        return self._locks.hold(conversation_id)

    def conversation(self, conversation_id: str) -> ConversationView:
        """A conversation with its messages and turn traces."""
        with self._sessions() as session:
            return conversation_view(session, conversation_id)

    def close(self) -> None:
        """Release database connections."""
        self._engine.dispose()


class LiveCatalog:
    """The catalog index turns search, swapped whole when the catalog is re-imported."""

    def __init__(self, index: CatalogIndex) -> None:
        self._index = index

    def current(self) -> CatalogIndex:
        """The index to search now."""
        return self._index

    def swap(self, index: CatalogIndex) -> None:
        """Serve `index` from the next turn on."""
        self._index = index


def prepare_in_background(agents: Mapping[str, Agent], catalog: CatalogIndex) -> threading.Thread | None:
    """Run each agent's ``prepare`` for ``catalog`` on a daemon thread; the thread, or None if none has one.

    What an agent derives from the catalog (the Outfit Builder's index: 1.5-4 s at 44k items) is then
    ready before a shopper asks. A request that arrives first builds or waits for it; a failure here
    is logged and the request builds it again.
    """
    jobs = [(name, agent.prepare) for name, agent in agents.items() if agent.prepare is not None]
    if not jobs:
        return None

    def run() -> None:
        for name, prepare in jobs:
            try:
                prepare(catalog)
            except Exception:  # the request path builds it again and reports a real error there
                logger.exception("preparing the %s agent for the catalog failed", name)

    thread = threading.Thread(target=run, name="shopcrew-prepare-agents", daemon=True)
    thread.start()
    return thread


def gazetteer_for(products: list[Product]) -> Gazetteer:
    """The local engine's catalog gazetteer: product names, brands, categories and colours."""
    colours = sorted({str(c) for p in products for c in p.attributes.get("colours", [])})
    entries = [
        GazetteerEntry(
            product_id=p.id, title=p.title, brand=p.brand, category=p.category, vertical=p.vertical
        )
        for p in products
        if p.active
    ]
    return Gazetteer(entries, colours=colours)


def store_clock(settings: Settings) -> Callable[[], datetime]:
    """The assistant's clock; with SHOPCREW_DEMO_TODAY set it runs on that day, so demo dates line up."""
    if settings.demo_today is None:
        return utcnow
    shift = settings.demo_today - utcnow().date()
    return lambda: utcnow() + shift


def order_policy_for(settings: Settings, sessions: sessionmaker[Session]) -> OrderPolicy:
    """Defaults, then the `[orders]` table the store keeps in its database (an imported τ²-bench store), then SHOPCREW_CONFIG's."""
    with sessions() as session:
        stored = stored_orders_table(session)
    if not stored:
        return load_order_policy(settings.config)
    configured = read_store_config(settings.config).get("orders", {})
    if not isinstance(configured, Mapping):
        return load_order_policy(settings.config)  # raises the config error that says what is wrong
    return order_policy_from_config({"orders": {**stored, **configured}})


def order_system_for(
    settings: Settings, sessions: sessionmaker[Session], *, shopify_http_client: httpx.Client | None = None
) -> OrderSystem:
    """The store's orders: on Shopify when a shop is configured (docs/shopify.md), else in the embedded store.

    `shopify_http_client` carries the Shopify calls (tests pass one with a mock transport).
    """
    policy = order_policy_for(settings, sessions)
    if settings.shopify.configured:
        return build_shopify_order_system(
            settings.shopify,
            sessions,
            policy=policy,
            clock=store_clock(settings),
            http_client=shopify_http_client,
        )
    return SqlOrderSystem(sessions, policy=policy, clock=store_clock(settings))


def build_assistant(
    settings: Settings,
    *,
    env: Mapping[str, str] | None = None,
    http_client: Any = None,
    shopify_http_client: httpx.Client | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Assistant:
    """Open the store and wire classifier, models, agents and orchestrator together.

    `env` holds the provider keys (default: the process environment); `http_client` is handed to
    the vendor SDKs and `shopify_http_client` to the Shopify order system (tests pass ones with a
    mock transport); `clock` replaces the store's clock (tests pin the time of day).
    """
    engine = open_store(settings)
    sessions = session_factory(engine)
    with sessions() as session:
        products = load_products(session)
        # The order-policy row of an imported store is configuration, not a document to quote.
        policies = PolicyLibrary([p for p in load_policies(session) if p.id != STORE_ORDER_POLICY_ID])
    catalog = catalog_index_for(products, settings)
    live_catalog = LiveCatalog(catalog)
    routes = default_routes()
    agents = load_agents(routes)
    if "product_expert" in agents:
        # The Product Expert links every product it shows through the store's cart URL template.
        agents["product_expert"] = build_product_expert(settings.cart_url_template)
    if "fit" in agents:
        # So does the Fit Analyzer, for the product it sizes.
        agents["fit"] = build_fit_analyzer(settings.cart_url_template)
    if "outfit" in agents:
        # And the Outfit Builder, for every piece of its looks.
        agents["outfit"] = build_outfit_builder(settings.cart_url_template)
    if "skin" in agents:
        # And the Skin Analyzer, for the products it recommends.
        agents["skin"] = build_skin_analyzer(settings.cart_url_template)
    prepare_in_background(agents, catalog)
    templates = default_template_book()
    for agent in agents.values():
        templates.update(agent.templates)
    cache = settings.data_dir / "cache"
    classifier = IntentClassifier.load(cache_dir=cache, second_stage=settings.classifier_second_stage)
    voice = store_voice(settings)
    local = LocalModel(gazetteer=gazetteer_for(products), templates=templates, voice=voice)
    orchestrator = Orchestrator(
        sessions=sessions,
        classifier=classifier,
        router=build_router(
            settings, os.environ if env is None else env, local=local, engine=engine, http_client=http_client
        ),
        catalog=live_catalog.current,
        policies=lambda: policies,
        agents=agents,
        routes=routes,
        voice=voice,
        store_url=settings.store_url,
        clock=clock or store_clock(settings),
        orders=order_system_for(settings, sessions, shopify_http_client=shopify_http_client),
        helpdesk_provider=settings.helpdesk.provider,
        support_hours=settings.support_hours,
    )

    def reload_catalog() -> int:
        # Built exactly like `catalog` above; turns in flight keep the index they started with.
        with sessions() as session:
            fresh = load_products(session)
        fresh_catalog = catalog_index_for(fresh, settings)
        live_catalog.swap(fresh_catalog)
        prepare_in_background(agents, fresh_catalog)
        local.set_gazetteer(gazetteer_for(fresh))
        return len(fresh)

    return Assistant(settings, engine, orchestrator, reload_catalog=reload_catalog)
