"""Batch mode: replay a JSONL file of shopper turns through the assistant, one JSON line out per line in.

Lines sharing a `conversation` label are turns of one conversation, in file order; the label is
the caller's and is echoed back, while the assistant's conversation id stays internal. A bad line
yields an error line and the run goes on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from pydantic import BaseModel, ValidationError

from shopcrew.api.errors import describe_validation_errors
from shopcrew.api.schemas import (
    ActionOut,
    ErrorBody,
    ModelUseOut,
    ProductOut,
    TurnFields,
    actions_out,
    inbound_message,
    models_out,
    products_out,
)
from shopcrew.app import Assistant
from shopcrew.domain.messages import InputError, TurnResult

logger = logging.getLogger(__name__)


class ReplayLine(TurnFields):
    """One input line: a turn, labelled with the caller's conversation name."""

    conversation: str | None = None


class ReplayResult(BaseModel):
    """One output line for a turn that was answered."""

    conversation: str | None
    reply: str
    agents: list[str]
    domains: list[str]
    handoff: str | None
    actions: list[ActionOut]
    models: list[ModelUseOut]
    products: list[ProductOut]
    latency_ms: float
    cost_usd: float


class ReplayError(BaseModel):
    """One output line for an input line that could not be answered."""

    conversation: str | None
    line: int
    error: ErrorBody


@dataclass
class ReplaySummary:
    """How a replay went."""

    lines: int = 0
    errors: int = 0


def replay_result(label: str | None, result: TurnResult) -> ReplayResult:
    """The output line for an answered turn."""
    return ReplayResult(
        conversation=label,
        reply=result.reply,
        agents=list(result.agents),
        domains=list(result.domains),
        handoff=result.handoff,
        actions=actions_out(result),
        models=models_out(result),
        products=products_out(result),
        latency_ms=result.latency_ms,
        cost_usd=result.cost_usd,
    )


class Replayer:
    """Replays lines through one assistant, mapping caller labels to conversation ids."""

    def __init__(self, assistant: Assistant) -> None:
        self._assistant = assistant
        self._conversations: dict[str, str] = {}

    @property
    def conversation_ids(self) -> Mapping[str, str]:
        """The assistant's conversation id for each caller label answered so far."""
        return dict(self._conversations)

    async def replay_line(self, number: int, raw: bytes | str) -> ReplayResult | ReplayError:
        """Answer one input line; every failure becomes a ReplayError for that line only."""
        label: str | None = None
        try:
            payload = _parse(raw)
            if isinstance(payload.get("conversation"), str):
                label = payload["conversation"]
            try:
                line = ReplayLine.model_validate(payload)
            except ValidationError as error:
                raise InputError("invalid_request", describe_validation_errors(error.errors()), 422) from None
            conversation_id = self._conversations.get(label) if label is not None else None
            # Replay is an operator's batch tool: the customer on a line is a known, signed-in shopper.
            message = inbound_message(line, conversation_id, self._assistant.settings, trusted=True)
            result = await self._assistant.handle(message)
        except InputError as error:
            return ReplayError(
                conversation=label, line=number, error=ErrorBody(code=error.code, message=error.message)
            )
        except Exception:
            logger.exception("replay line %d failed", number)
            return ReplayError(
                conversation=label,
                line=number,
                error=ErrorBody(
                    code="internal_error", message="the assistant failed on this line; see the log"
                ),
            )
        if label is not None:
            self._conversations.setdefault(label, result.conversation_id)
        return replay_result(label, result)

    async def replay(self, lines: Iterable[bytes | str], output: IO[str]) -> ReplaySummary:
        """Replay `lines` in order, writing one JSON line per non-blank input line to `output`."""
        summary = ReplaySummary()
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            outcome = await self.replay_line(number, raw)
            summary.lines += 1
            summary.errors += isinstance(outcome, ReplayError)
            output.write(json.dumps(outcome.model_dump(mode="json"), ensure_ascii=False) + "\n")
            output.flush()
        return summary


def _parse(raw: bytes | str) -> dict[str, Any]:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(
                "invalid_encoding", f"the line is not valid UTF-8 (byte {error.start})", 400
            ) from None
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(
            "malformed_json", f"the line is not valid JSON: {error.msg} (column {error.colno})", 400
        ) from None
    if not isinstance(payload, dict):
        raise InputError("invalid_request", "each line must be a JSON object", 422)
    return payload
