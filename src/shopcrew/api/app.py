"""The FastAPI app factory: everything the app needs is built here, nothing at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from shopcrew import __version__
from shopcrew.api import catalog_imports, conversations, health, helpdesk_webhooks, messages, staff
from shopcrew.api.chat_page import mount_chat_page
from shopcrew.api.console_page import console_page_router
from shopcrew.api.deps import AssistantFactory, AssistantHolder
from shopcrew.api.errors import install_error_handlers
from shopcrew.app import Assistant, build_assistant
from shopcrew.handoff.relay import running_relay
from shopcrew.settings import Settings

DESCRIPTION = """\
One shopping assistant, many specialist agents. Send a shopper's message to `POST /v1/messages`
and read the reply with its trace (agents, models and why, actions, products, latency, cost).
Errors always have the shape `{"error": {"code": "...", "message": "..."}}`.
"""


def create_app(
    settings: Settings | None = None, *, assistant_factory: AssistantFactory | None = None
) -> FastAPI:
    """Build the API and web chat page around an assistant.

    The assistant comes from `assistant_factory`, or from `build_assistant(settings)` (settings
    default to the SHOPCREW_* environment). It is built at startup and closed at shutdown.
    """
    if assistant_factory is not None and settings is not None:
        raise ValueError("pass settings or an assistant_factory, not both")
    factory = assistant_factory or _factory_for(settings if settings is not None else Settings())
    holder = AssistantHolder(factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Build (and seed the demo store) before serving, so the first shopper does not wait.
        assistant = holder.get()
        try:
            # Helpdesk tickets queued while the helpdesk was down go out from here (docs/helpdesk.md).
            async with running_relay(assistant.engine, assistant.settings.helpdesk):
                yield
        finally:
            holder.close()

    app = FastAPI(title="shopcrew", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.assistant_holder = holder
    install_error_handlers(app)
    app.include_router(messages.router)
    app.include_router(conversations.router)
    app.include_router(health.router)
    app.include_router(helpdesk_webhooks.router)
    app.include_router(catalog_imports.router)
    app.include_router(staff.router)
    app.include_router(console_page_router())
    mount_chat_page(app)
    return app


def _factory_for(settings: Settings) -> AssistantFactory:
    def build() -> Assistant:
        return build_assistant(settings)

    return build
