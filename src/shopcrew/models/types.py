"""The message types shopcrew owns; every provider translates to and from these."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel

Task = Literal["classify", "extract", "compose", "reason", "vision"]
Role = Literal["system", "user", "assistant", "tool"]
# Why a model call failed; the router falls back on every kind, and rests a model on repeated ones.
ErrorKind = Literal[
    "timeout",
    "rate_limit",
    "server_error",
    "auth",
    "connection",
    "refusal",
    "invalid_output",
    "bad_request",
    "unsupported",
    "no_template",
    "bad_brief",
    "classifier_error",
    "budget",
]


@dataclass(frozen=True)
class ImagePart:
    """An image given to a model: raw bytes with their media type."""

    media_type: str
    data: bytes


@dataclass(frozen=True)
class ToolSpec:
    """A tool a model may call: its name, what it does, and a JSON schema of its arguments."""

    name: str
    description: str
    parameters: Mapping[str, Any]


@dataclass(frozen=True)
class ToolCall:
    """A model's request to call a tool."""

    id: str
    name: str
    arguments: Mapping[str, Any]


@dataclass(frozen=True)
class ChatMessage:
    """One message of a model conversation.

    An assistant message may carry `tool_calls`; a `tool` message answers one of them
    (`tool_call_id`) with its result as text.
    """

    role: Role
    text: str
    images: tuple[ImagePart, ...] = ()
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None


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


@functools.cache
def json_schema_of(model: type[BaseModel]) -> Mapping[str, Any]:
    """``model``'s JSON schema for :attr:`ModelRequest.output_schema`, built once per class.

    pydantic builds it afresh on every ``model_json_schema()`` call: 2.6 ms for the extraction
    schema that every turn sends, a sixth of a turn's median on a slow machine. Providers only
    read the schema (they copy it into their own request), so one shared copy is safe.
    """
    return model.model_json_schema()


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
    tools: tuple[ToolSpec, ...] = ()
    max_output_tokens: int = 800
    temperature: float | None = None
    # The agent the call is for, and the orchestrator's complexity estimate: inputs to routing.
    agent: str | None = None
    complexity: str = "simple"
    # The caller's acceptance test: returns what is wrong with an answer (the router then treats it
    # as invalid output and moves to the next candidate), or None when the answer is acceptable.
    check: Callable[[ModelResponse], str | None] | None = field(default=None, compare=False)


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
    tool_calls: tuple[ToolCall, ...] = ()
    finish_reason: str | None = None


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
        self.message = message


@dataclass(frozen=True)
class TextDelta:
    """A piece of streamed reply text."""

    text: str


@dataclass(frozen=True)
class StreamReset:
    """The stream so far is void (its model failed mid-answer); discard the text received."""

    reason: str


@dataclass(frozen=True)
class StreamEnd:
    """The stream finished; the whole response, with usage."""

    response: ModelResponse


StreamEvent = TextDelta | StreamReset | StreamEnd


class StreamingModel(Model, Protocol):
    """A model that can also stream its answer."""

    def stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        """Yield text deltas, then one StreamEnd; raise ModelError on failure."""
        ...
