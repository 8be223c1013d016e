"""Stand-in providers for router tests: scripted models registered under the real cards' names."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

from shopcrew.models.testing import FunctionModel
from shopcrew.models.types import (
    ChatMessage,
    ImagePart,
    ModelError,
    ModelRequest,
    ModelResponse,
    StreamEnd,
    StreamEvent,
    TextDelta,
    Usage,
)

EXTRACTION_SCHEMA = {"type": "object", "properties": {"order": {"type": "string"}}, "required": ["order"]}


def answering(name: str, *, input_tokens: int = 500, output_tokens: int = 100) -> FunctionModel:
    """A model that always answers, naming itself, with the given token usage (JSON when asked)."""

    def respond(request: ModelRequest) -> ModelResponse:
        data = {"order": "1042"} if request.output_schema else None
        text = '{"order": "1042"}' if data else f"{name} answers"
        return ModelResponse(name, text, data=data, usage=Usage(input_tokens, output_tokens))

    return FunctionModel(respond, name=name)


def ask(
    task: str = "compose",
    text: str = "Where is my order 1042?",
    *,
    agent: str | None = None,
    complexity: str = "simple",
    conversation: str | None = None,
    images: int = 0,
    schema: bool = False,
    max_output_tokens: int = 300,
) -> ModelRequest:
    """A request as the orchestrator makes them."""
    pictures = tuple(ImagePart("image/png", b"\x89PNG") for _ in range(images))
    return ModelRequest(
        task=task,  # type: ignore[arg-type]
        messages=(ChatMessage("user", text, images=pictures),),
        output_schema=EXTRACTION_SCHEMA if schema else None,
        agent=agent,
        complexity=complexity,
        context={"conversation_id": conversation, "turn": 1} if conversation else {},
        max_output_tokens=max_output_tokens,
    )


@dataclass
class ScriptedStream:
    """A streaming model: yields its chunks; an exception in the chunks is raised at that point."""

    name: str
    chunks: Sequence[str | BaseException]
    requests: list[ModelRequest] = field(default_factory=list)

    async def request(self, request: ModelRequest) -> ModelResponse:
        self.requests.append(request)
        raise ModelError(self.name, "bad_request", "this fake only streams")

    async def stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        self.requests.append(request)
        text = ""
        for chunk in self.chunks:
            if isinstance(chunk, BaseException):
                raise chunk
            text += chunk
            yield TextDelta(chunk)
        yield StreamEnd(ModelResponse(self.name, text, usage=Usage(400, 60)))
