"""The message types shopcrew owns; every provider translates to and from these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Task = Literal["classify", "extract", "compose", "reason", "vision"]
Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ImagePart:
    """An image given to a model: raw bytes with their media type."""

    media_type: str
    data: bytes


@dataclass(frozen=True)
class ChatMessage:
    """One message of a model conversation."""

    role: Role
    text: str
    images: tuple[ImagePart, ...] = ()


@dataclass(frozen=True)
class ReplyBrief:
    """What an agent wants said, as structured data.

    `intent` names a reply template (e.g. "orders.status"); `facts` holds the JSON-able facts
    the tools returned this turn. The local engine renders the brief with a template; an LLM gets
    the same facts in its prompt and phrases them. Either way only these facts may be stated.
    """

    intent: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    instructions: str = ""
    variation_seed: int = 0


@dataclass(frozen=True)
class ModelRequest:
    """A request to a model for one task.

    `output_schema` asks for JSON output that validates against it; `brief` carries the
    structured plan for `compose`; `context` carries structured inputs for other tasks
    (the local engine reads it instead of parsing prompts).
    """

    task: Task
    messages: tuple[ChatMessage, ...]
    output_schema: Mapping[str, Any] | None = None
    brief: ReplyBrief | None = None
    context: Mapping[str, Any] = field(default_factory=dict)
    max_output_tokens: int = 800
    temperature: float | None = None


@dataclass(frozen=True)
class Usage:
    """Tokens a call consumed."""

    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True)
class ModelResponse:
    """A model's answer: text, and parsed JSON when an output schema was given."""

    model: str
    text: str
    data: Mapping[str, Any] | None = None
    usage: Usage = Usage()
    latency_ms: float = 0.0
    cost_usd: float = 0.0


class Model(Protocol):
    """Anything that answers a ModelRequest: a provider, a fallback chain, a scripted fake."""

    @property
    def name(self) -> str:
        """The model card id, e.g. "local" or "gpt-4.1-mini"."""
        ...

    async def request(self, request: ModelRequest) -> ModelResponse:
        """Answer one request."""
        ...


class ModelError(Exception):
    """A model call failed in a way the router may fall back from."""

    def __init__(self, model: str, kind: str, message: str) -> None:
        super().__init__(f"{model}: {kind}: {message}")
        self.model = model
        self.kind = kind
