"""Model fakes for tests: script the answers, then assert on the requests the code under test made.

    model = ScriptedModel("gpt-4.1-mini", ["Hello!", ModelError("gpt-4.1-mini", "timeout", "slow")])
    model = FunctionModel(lambda request: f"echo: {request.messages[-1].text}")

Both satisfy `models.types.Model`, so they slot into the router, fallback chains and agents.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeAlias

from shopcrew.models.types import ModelRequest, ModelResponse

Scripted: TypeAlias = "ModelResponse | str | Mapping[str, Any] | BaseException | type[BaseException]"
Answer: TypeAlias = "ModelResponse | str | Mapping[str, Any]"
Responder: TypeAlias = "Callable[[ModelRequest], Answer | Awaitable[Answer]]"


class ScriptExhausted(AssertionError):
    """The code under test made more model requests than the test scripted."""


class ScriptedModel:
    """A model that gives scripted answers in order and records every request.

    Each scripted item is a ModelResponse (returned as is), a string (the reply text; parsed as
    JSON into `data` when the request asked for structured output), a mapping (the JSON `data`),
    or an exception (raised). A callable instead of a list answers every request.
    """

    def __init__(self, name: str = "scripted", responses: Sequence[Scripted] | Responder = ()) -> None:
        if isinstance(responses, str):
            raise TypeError("script a list of answers, e.g. ScriptedModel(name, [text])")
        self._name = name
        self._responder: Responder | None = responses if callable(responses) else None
        self._script: list[Scripted] = [] if callable(responses) else list(responses)
        self.requests: list[ModelRequest] = []

    @property
    def name(self) -> str:
        """The model card id this fake stands in for."""
        return self._name

    @property
    def remaining(self) -> int:
        """How many scripted answers are still unused."""
        return len(self._script)

    @property
    def last_request(self) -> ModelRequest:
        """The most recent request (AssertionError if there was none)."""
        if not self.requests:
            raise AssertionError(f"model {self._name!r} received no requests")
        return self.requests[-1]

    async def request(self, request: ModelRequest) -> ModelResponse:
        """Record `request` and answer it with the next scripted item."""
        self.requests.append(request)
        if self._responder is not None:
            answer = self._responder(request)
            if inspect.isawaitable(answer):
                answer = await answer
            return _as_response(self._name, request, answer)
        if not self._script:
            raise ScriptExhausted(
                f"model {self._name!r} got request #{len(self.requests)} ({request.task}) "
                f"but only {len(self.requests) - 1} answers were scripted"
            )
        item = self._script.pop(0)
        if isinstance(item, BaseException) or (isinstance(item, type) and issubclass(item, BaseException)):
            raise item
        return _as_response(self._name, request, item)


class FunctionModel(ScriptedModel):
    """A model whose every answer comes from `function(request)` (sync or async)."""

    def __init__(self, function: Responder, name: str = "function") -> None:
        super().__init__(name, function)


def _as_response(name: str, request: ModelRequest, answer: Answer) -> ModelResponse:
    if isinstance(answer, ModelResponse):
        return answer
    if isinstance(answer, str):
        return ModelResponse(
            model=name, text=answer, data=_json_object(answer) if request.output_schema else None
        )
    if isinstance(answer, Mapping):
        return ModelResponse(model=name, text=json.dumps(answer, default=str), data=dict(answer))
    raise TypeError(f"a scripted answer must be a ModelResponse, str or mapping, not {type(answer).__name__}")


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
