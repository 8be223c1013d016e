"""The assistant behind the API: built once per app by the factory, handed to routes as a dependency."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from shopcrew.app import Assistant

AssistantFactory = Callable[[], Assistant]


class AssistantHolder:
    """Builds the assistant on first use (normally at startup) and closes it at shutdown."""

    def __init__(self, factory: AssistantFactory) -> None:
        self._factory = factory
        self._assistant: Assistant | None = None

    def get(self) -> Assistant:
        """The app's assistant, built now if the lifespan has not built it yet."""
        # No await between the check and the assignment, so one event loop cannot build it twice.
        if self._assistant is None:
            self._assistant = self._factory()
        return self._assistant

    def close(self) -> None:
        """Close the assistant if it was built; a later `get` builds a new one."""
        if self._assistant is not None:
            assistant, self._assistant = self._assistant, None
            assistant.close()


def holder_of(app: FastAPI) -> AssistantHolder:
    """The holder the app factory attached to `app`."""
    holder = app.state.assistant_holder
    if not isinstance(holder, AssistantHolder):
        raise RuntimeError("this app was not built by shopcrew.api.create_app")
    return holder


def current_assistant(request: Request) -> Assistant:
    """FastAPI dependency: the assistant of the app serving this request."""
    return holder_of(request.app).get()


AssistantDep = Annotated[Assistant, Depends(current_assistant)]


def trusted_caller(request: Request, assistant: AssistantDep) -> bool:
    """True when the request carries the configured API key (`Authorization: Bearer <key>`).

    Only such callers (a storefront backend, a channel adapter) may say who the customer is; a
    `customer` from anyone else is a claim that still needs proof in the conversation.
    """
    key = assistant.settings.api_key
    if key is None:
        return False
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), key.get_secret_value())


TrustedCallerDep = Annotated[bool, Depends(trusted_caller)]
