"""A skin photo to a vision-capable model through the router; the model only describes, code decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shopcrew.models.types import ChatMessage, ImagePart, ModelError, ModelRequest, ModelResponse
from shopcrew.orchestrator.intake import sniff_image
from shopcrew.skin.profile import CONCERNS

# The largest photo worth sending (the API refuses bigger ones before they reach an agent).
MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "usable": {
            "type": "boolean",
            "description": "False when the photo shows no skin or is too blurry or dark.",
        },
        "observations": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Short, neutral observations of visible skin features (no diagnosis).",
        },
        "concerns": {"type": "array", "items": {"type": "string", "enum": list(CONCERNS)}},
        "see_dermatologist": {
            "type": "boolean",
            "description": "True for anything that needs a doctor: open sores, severe or cystic acne, "
            "a changing mole, spreading rash, swelling, infection.",
        },
    },
    "required": ["usable", "observations", "concerns", "see_dermatologist"],
}
_PROMPT = (
    "You look at a shopper's skin photo for a cosmetics store. Describe only what is visible, in plain "
    "words, without diagnosing. Pick visible concerns from the list. Say when something needs a "
    "dermatologist. Answer with JSON only."
)


@dataclass(frozen=True)
class PhotoReading:
    """What became of the shopper's photo: read by a model, unreadable, refused, or no model to read it."""

    status: str  # "read", "no_vision_model", "not_an_image", "too_large", "unusable", "failed"
    model: str | None = None
    observations: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    see_dermatologist: bool = False

    def facts(self) -> dict[str, Any]:
        """The reading as reply facts."""
        return {
            "status": self.status,
            "model": self.model,
            "observations": list(self.observations),
            "concerns": list(self.concerns),
            "see_dermatologist": self.see_dermatologist,
        }


def photo_problem(image: ImagePart) -> str | None:
    """Why a photo can't be looked at ("not_an_image", "too_large"), or None."""
    if len(image.data) > MAX_PHOTO_BYTES:
        return "too_large"
    if sniff_image(image.data) is None:
        return "not_an_image"
    return None


def photo_request(images: Sequence[ImagePart], text: str, context: dict[str, Any]) -> ModelRequest:
    """The vision request: the photos, the shopper's words, and the schema the answer must fit."""
    return ModelRequest(
        task="vision",
        messages=(
            ChatMessage("system", _PROMPT),
            ChatMessage("user", text or "Here is a photo of my skin.", images=tuple(images)),
        ),
        output_schema=PHOTO_SCHEMA,
        agent="skin",
        complexity="complex",
        context=context,
        check=_reading_problem,
    )


def reading_from(response: ModelResponse) -> PhotoReading:
    """The model's answer, kept only where it fits the schema (unknown concerns dropped)."""
    data = dict(response.data or {})
    if not data.get("usable", False):
        return PhotoReading("unusable", model=response.model)
    concerns = tuple(c for c in data.get("concerns") or () if c in CONCERNS)
    observations = tuple(str(o)[:200] for o in (data.get("observations") or ())[:4])
    return PhotoReading(
        "read",
        model=response.model,
        observations=observations,
        concerns=concerns,
        see_dermatologist=bool(data.get("see_dermatologist")),
    )


def failed_reading(error: ModelError) -> PhotoReading:
    """No vision model configured, or every one failed: said honestly, never a made-up reading."""
    if error.kind == "unsupported" and "images" in error.message:
        return PhotoReading("no_vision_model")
    return PhotoReading("failed")


def _reading_problem(response: ModelResponse) -> str | None:
    data = response.data
    if not isinstance(data, dict) or not isinstance(data.get("usable"), bool):
        return "the photo reading does not fit its schema"
    if not isinstance(data.get("concerns", []), list) or not isinstance(data.get("observations", []), list):
        return "the photo reading does not fit its schema"
    return None
