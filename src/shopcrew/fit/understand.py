"""Optional model help to understand a message the deterministic parser could not read.

A model (through the router, when one is configured) only *rewrites* what the shopper said into
plain phrases ("height 168 cm", "I wear M in Fieldnote tops"); those phrases then go through the
same parser and the same sense checks as typed text, so a model never decides a size or invents a
measurement the code would not accept. With only the local engine, nothing comes back.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from shopcrew.agents.types import TurnContext
from shopcrew.models.types import ChatMessage, ModelError, ModelRequest, ModelResponse, json_schema_of

# Worth asking a model only when the message may hold a number or a size word.
_WORTH_ASKING = re.compile(
    r"\d|\b(small|medium|large|petite|tall|short|foot|feet|inch|inches|pounds?|kilos?|stone|wide|narrow|"
    r"xs|xl|xxl|size)\b",
    re.IGNORECASE,
)


class FitDetails(BaseModel):
    """Body measurements and sizes the shopper states in this message, rewritten plainly."""

    measurements: list[str] = Field(
        default_factory=list,
        description=(
            "Each body measurement the shopper states, as '<name> <number> <unit>' with name one of "
            "height, weight, chest, waist, hips, inseam, foot length, foot width; e.g. 'height 168 cm', "
            "'waist 32 in', 'weight 140 lb'. Only values the shopper said; never estimate."
        ),
    )
    sizes_worn: list[str] = Field(
        default_factory=list,
        description=(
            "Each size the shopper says they usually wear, as 'I wear <size> in <brand> <garment>', "
            "e.g. 'I wear M in Fieldnote tops', 'I wear 10.5 in Nike running shoes'."
        ),
    )


def _problem(response: ModelResponse) -> str | None:
    try:
        FitDetails.model_validate(response.data or {})
    except ValidationError as error:
        return f"fit details do not fit the schema ({error.error_count()} errors)"
    return None


async def model_rewrite(ctx: TurnContext, text: str) -> str:
    """Plain phrases a model read from `text` ("" when no model helps or it found nothing)."""
    if ctx.call_model is None or not _WORTH_ASKING.search(text):
        return ""
    request = ModelRequest(
        task="extract",
        messages=(
            ChatMessage(
                role="system",
                text=(
                    "Rewrite the body measurements and usual sizes this shopper states, following the "
                    "JSON schema. Leave lists empty when nothing is stated."
                ),
            ),
            ChatMessage(role="user", text=text),
        ),
        output_schema=json_schema_of(FitDetails),
        check=_problem,
        agent="fit",
        context={"conversation_id": ctx.conversation_id, "task_detail": "fit_details"},
    )
    try:
        response = await ctx.call_model(request)
    except ModelError as error:
        ctx.trace.notes.append(f"fit: model could not read the message: {error.message}")
        return ""
    data: Any = response.data or {}
    try:
        details = FitDetails.model_validate(data)
    except ValidationError:
        return ""
    phrases = [p.strip() for p in (*details.measurements, *details.sizes_worn) if p.strip()]
    if phrases:
        ctx.trace.tool("read_fit_details", {"model": response.model}, phrases)
    return "; ".join(phrases)
