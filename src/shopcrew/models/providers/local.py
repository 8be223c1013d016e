"""The local engine as a Model: extraction, template replies and an injected classifier, no network.

It is the default when no provider key is set and the router's last resort, so it must never
pretend: it answers only the tasks it really can, and refuses `vision` outright.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from typing import Any, Final

from shopcrew.domain.voice import BrandVoice, apply_voice, protected_phrases
from shopcrew.models.local.extract import extract
from shopcrew.models.local.gazetteer import Gazetteer
from shopcrew.models.local.nlg import TemplateBook
from shopcrew.models.types import ModelError, ModelRequest, ModelResponse, Usage

Classifier = Callable[[str], Mapping[str, Any]]

NAME: Final = "local"


class LocalModel:
    """shopcrew's embedded model: deterministic NLU and template NLG over the store's catalog."""

    def __init__(
        self,
        *,
        gazetteer: Gazetteer,
        templates: TemplateBook,
        voice: BrandVoice,
        classify: Classifier | None = None,
    ) -> None:
        self._gazetteer = gazetteer
        self._templates = templates
        self._voice = voice
        self._classify = classify

    @property
    def name(self) -> str:
        """The model card id: "local"."""
        return NAME

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Swap in the gazetteer of a freshly imported catalog; requests in flight keep the old one."""
        self._gazetteer = gazetteer

    def set_voice(self, voice: BrandVoice) -> None:
        """Use a new brand voice from the next request on (the store edited its settings)."""
        self._voice = voice

    async def request(self, request: ModelRequest) -> ModelResponse:
        """Answer `extract`, `compose`, `reason` and `classify`; refuse `vision`."""
        started = time.perf_counter()
        if request.task == "extract":
            text, data = self._extract(request)
        elif request.task in ("compose", "reason"):
            text, data = self._compose(request), None
        elif request.task == "classify":
            text, data = self._run_classifier(request)
        elif request.task == "vision":
            raise ModelError(NAME, "unsupported", "the local engine cannot see images")
        else:
            raise ModelError(NAME, "unsupported", f"unknown task {request.task!r}")
        return ModelResponse(
            model=NAME,
            text=text,
            data=data,
            usage=Usage(
                input_tokens=_estimate_tokens(_input_chars(request)),
                output_tokens=_estimate_tokens(len(text)),
            ),
            latency_ms=(time.perf_counter() - started) * 1000.0,
            cost_usd=0.0,
        )

    def _extract(self, request: ModelRequest) -> tuple[str, dict[str, Any]]:
        schema_title = (request.output_schema or {}).get("title")
        if schema_title not in (None, "Extraction"):
            raise ModelError(
                NAME,
                "unsupported",
                f"the local engine fills only the Extraction schema, not {schema_title!r}",
            )
        expecting = request.context.get("expecting")
        extraction = extract(
            _last_user_text(request),
            self._gazetteer,
            expecting=expecting if isinstance(expecting, str) else None,
        )
        return extraction.model_dump_json(), extraction.model_dump(mode="json")

    def _compose(self, request: ModelRequest) -> str:
        if request.brief is None:
            raise ModelError(NAME, "bad_request", f"task {request.task!r} needs a ReplyBrief")
        voice = self._voice
        text = self._templates.render(request.brief, voice)
        return apply_voice(text, voice, protected=protected_phrases(request.brief.facts))

    def _run_classifier(self, request: ModelRequest) -> tuple[str, dict[str, Any]]:
        if self._classify is None:
            raise ModelError(NAME, "unsupported", "no classifier was given to the local engine")
        try:
            result = dict(self._classify(_last_user_text(request)))
        except Exception as exc:  # a classifier bug must reach the router as a model failure
            raise ModelError(NAME, "classifier_error", str(exc) or type(exc).__name__) from exc
        return json.dumps(result, default=str, ensure_ascii=False), result


def _last_user_text(request: ModelRequest) -> str:
    for message in reversed(request.messages):
        if message.role == "user":
            return message.text
    raise ModelError(NAME, "bad_request", f"task {request.task!r} needs a user message")


def _input_chars(request: ModelRequest) -> int:
    chars = sum(len(m.text) for m in request.messages)
    if request.brief is not None:
        chars += len(request.brief.intent) + len(json.dumps(request.brief.facts, default=str))
    return chars


def _estimate_tokens(chars: int) -> int:
    """Roughly four characters per token, as the usage ledger's estimate for engines without a tokenizer."""
    return math.ceil(chars / 4)
