"""The JSON shapes of the HTTP API (and of `replay`): what comes in, what a turn gives back."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from shopcrew.domain.conversations import ConversationView, MessageView
from shopcrew.domain.messages import CustomerRef, InboundMessage, InputError, TurnResult
from shopcrew.models.types import ImagePart
from shopcrew.settings import Settings


class CustomerIn(BaseModel):
    """How the caller knows the shopper; any one of the three is enough."""

    id: int | None = Field(default=None, strict=True)
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=40)

    def to_ref(self, *, trusted: bool) -> CustomerRef | None:
        """The domain reference (verified only for a trusted caller), or None when no field is set."""
        if self.id is None and not self.email and not self.phone:
            return None
        return CustomerRef(id=self.id, email=self.email or None, phone=self.phone or None, verified=trusted)


class ImageIn(BaseModel):
    """An image sent with a message, base64-encoded."""

    media_type: str = Field(examples=["image/png"])
    data: str = Field(description="The image bytes, base64-encoded (standard alphabet).")


class TurnFields(BaseModel):
    """The fields of one shopper turn, shared by the HTTP API and replay lines."""

    customer: CustomerIn | None = None
    channel: str = Field(default="web", max_length=32, examples=["web"])
    text: str = Field(examples=["Do you have a gentle cleanser for dry skin?"])
    images: list[ImageIn] | None = None


class MessageRequest(TurnFields):
    """Body of `POST /v1/messages`; omit `conversation_id` to start a new conversation."""

    conversation_id: str | None = None


class ErrorBody(BaseModel):
    """A stable error code and a message a person can act on."""

    code: str
    message: str


class ErrorResponse(BaseModel):
    """Every error the API returns has this shape."""

    error: ErrorBody


class ActionOut(BaseModel):
    """An action an agent proposed or took this turn."""

    name: str
    status: str
    details: dict[str, Any]


class ModelUseOut(BaseModel):
    """Which model did which task, and why the router chose it."""

    task: str
    model: str
    reason: str


class ProductOut(BaseModel):
    """A product shown to the shopper this turn, with its add-to-cart link and attribution token."""

    id: int
    name: str
    price: str
    variant_id: int | None = None
    variant: str | None = None
    token: str | None = None
    cart_url: str | None = None


class TurnResponse(BaseModel):
    """What `POST /v1/messages` returns: the reply and the turn's trace."""

    conversation_id: str
    reply: str
    agents: list[str]
    domains: list[str]
    owner: str
    handoff: str | None
    actions: list[ActionOut]
    models: list[ModelUseOut]
    products: list[ProductOut]
    latency_ms: float
    cost_usd: float


class MessageOut(BaseModel):
    """One stored message of a conversation."""

    seq: int
    role: str
    text: str
    agent: str | None
    created_at: datetime
    images: int


class ConversationResponse(BaseModel):
    """What `GET /v1/conversations/{id}` returns."""

    id: str
    channel: str
    owner: str
    awaiting_slot: str | None
    status: str
    customer_id: int | None
    verified: bool
    created_at: datetime
    updated_at: datetime
    messages: list[MessageOut]
    turns: list[dict[str, Any]]


def decode_images(images: Sequence[ImageIn] | None, settings: Settings) -> tuple[ImagePart, ...]:
    """Decode base64 images, enforcing the count and size limits; raises InputError."""
    if not images:
        return ()
    if len(images) > settings.max_images:
        raise InputError(
            "too_many_images", f"send at most {settings.max_images} images; got {len(images)}", 422
        )
    parts: list[ImagePart] = []
    for index, image in enumerate(images):
        where = f"images[{index}]"
        if not image.media_type.startswith("image/"):
            raise InputError(
                "invalid_image", f"{where}.media_type must be an image type such as image/png", 422
            )
        encoded = "".join(image.data.split())
        # Refuse before decoding: base64 grows data by 4/3.
        if len(encoded) // 4 * 3 > settings.max_image_bytes + 2:
            raise InputError("image_too_large", _too_large(where, settings), 413)
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise InputError("invalid_image", f"{where}.data is not valid base64", 422) from None
        if not data:
            raise InputError("invalid_image", f"{where}.data is empty", 422)
        if len(data) > settings.max_image_bytes:
            raise InputError("image_too_large", _too_large(where, settings), 413)
        parts.append(ImagePart(media_type=image.media_type, data=data))
    return tuple(parts)


def _too_large(where: str, settings: Settings) -> str:
    return f"{where} is larger than {settings.max_image_bytes} bytes"


def inbound_message(
    fields: TurnFields, conversation_id: str | None, settings: Settings, *, trusted: bool = False
) -> InboundMessage:
    """Turn validated request fields into the assistant's InboundMessage; raises InputError."""
    return InboundMessage(
        text=fields.text,
        channel=fields.channel,
        conversation_id=conversation_id,
        customer=fields.customer.to_ref(trusted=trusted) if fields.customer else None,
        images=decode_images(fields.images, settings),
    )


def actions_out(result: TurnResult) -> list[ActionOut]:
    """The turn's actions as JSON-ready models."""
    return [ActionOut(name=a.name, status=a.status, details=dict(a.details)) for a in result.actions]


def models_out(result: TurnResult) -> list[ModelUseOut]:
    """The turn's model uses as JSON-ready models."""
    return [ModelUseOut(task=m.task, model=m.model, reason=m.reason) for m in result.models]


def products_out(result: TurnResult) -> list[ProductOut]:
    """The products shown this turn as JSON-ready models."""
    return [
        ProductOut(
            id=p.id,
            name=p.name,
            price=p.price,
            variant_id=p.variant_id,
            variant=p.variant,
            token=p.token,
            cart_url=p.cart_url,
        )
        for p in result.products
    ]


def turn_response(result: TurnResult) -> TurnResponse:
    """The API's view of a turn result (the internal `trace` stays out)."""
    return TurnResponse(
        conversation_id=result.conversation_id,
        reply=result.reply,
        agents=list(result.agents),
        domains=list(result.domains),
        owner=result.owner,
        handoff=result.handoff,
        actions=actions_out(result),
        models=models_out(result),
        products=products_out(result),
        latency_ms=result.latency_ms,
        cost_usd=result.cost_usd,
    )


def message_out(message: MessageView) -> MessageOut:
    """The API's view of one stored message."""
    return MessageOut(
        seq=message.seq,
        role=message.role,
        text=message.text,
        agent=message.agent,
        created_at=message.created_at,
        images=message.images,
    )


def conversation_response(view: ConversationView) -> ConversationResponse:
    """The API's view of a conversation."""
    return ConversationResponse(
        id=view.id,
        channel=view.channel,
        owner=view.owner,
        awaiting_slot=view.awaiting_slot,
        status=view.status,
        customer_id=view.customer_id,
        verified=view.verified,
        created_at=view.created_at,
        updated_at=view.updated_at,
        messages=[message_out(m) for m in view.messages],
        turns=[dict(turn) for turn in view.turns],
    )
