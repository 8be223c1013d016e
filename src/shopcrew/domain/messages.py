"""What comes in from a channel and what a turn gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from shopcrew.models.types import ImagePart

AGENT_NAMES = ("product_expert", "orders", "support", "fit", "skin", "outfit", "human")
ActionStatus = Literal["proposed", "done", "refused", "failed"]


@dataclass(frozen=True)
class CustomerRef:
    """How a channel knows the shopper: an account id, an email or a phone number (any may be None).

    `verified` is True only when the channel itself authenticated the shopper (a signed-in storefront
    calling with the API key, a WhatsApp number, the operator's terminal). Otherwise the reference is
    a claim: it is remembered, but order data still needs the order number or name + ZIP.
    """

    id: int | None = None
    email: str | None = None
    phone: str | None = None
    verified: bool = False


@dataclass(frozen=True)
class InboundMessage:
    """A shopper's message as a channel hands it to the assistant."""

    text: str
    channel: str = "web"
    conversation_id: str | None = None
    customer: CustomerRef | None = None
    images: tuple[ImagePart, ...] = ()
    provider_message_id: str | None = None


@dataclass(frozen=True)
class ActionRecord:
    """An action an agent proposed or took this turn.

    `audit_id` is the order system's audit record of a done action; `replayed` marks an action that
    had already been done under the same idempotency key (nothing was done twice).
    """

    name: str
    status: ActionStatus
    details: dict[str, Any] = field(default_factory=dict)
    audit_id: str | None = None
    replayed: bool = False


@dataclass(frozen=True)
class ModelUse:
    """Which model did which task this turn, and why the router chose it."""

    task: str
    model: str
    reason: str


@dataclass(frozen=True)
class ProductShown:
    """A product shown to the shopper this turn, with its add-to-cart link and attribution token.

    `variant_id`/`variant` name the variant the link adds (the cheapest in-stock one matching the
    shopper's request); all four link fields are None when nothing of the product can be bought.
    """

    id: int
    name: str
    price: str
    variant_id: int | None = None
    variant: str | None = None
    token: str | None = None
    cart_url: str | None = None


@dataclass(frozen=True)
class TurnResult:
    """Everything one turn produced; `replay` and the HTTP API serialise this."""

    conversation_id: str
    reply: str
    agents: tuple[str, ...]
    domains: tuple[str, ...]
    owner: str
    handoff: str | None = None
    actions: tuple[ActionRecord, ...] = ()
    models: tuple[ModelUse, ...] = ()
    products: tuple[ProductShown, ...] = ()
    latency_ms: float = 0.0
    cost_usd: float = 0.0
    trace: dict[str, Any] = field(default_factory=dict)


class InputError(Exception):
    """Bad input from a shopper or a client: carries a stable code and a message a person can act on."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
