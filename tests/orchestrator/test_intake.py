"""Intake cleans what it can and refuses what it can't, with a code and a reason."""

from __future__ import annotations

import pytest

from shopcrew.domain.messages import InboundMessage, InputError
from shopcrew.models.types import ImagePart
from shopcrew.orchestrator.intake import sniff_image, validate_message
from shopcrew.settings import Settings

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def test_control_characters_are_removed_and_text_trimmed() -> None:
    cleaned = validate_message(InboundMessage(text="  hi\x00 there\x07 \n"), Settings())
    assert cleaned.text == "hi there"


def test_images_are_typed_by_their_bytes_not_the_declared_type() -> None:
    cleaned = validate_message(
        InboundMessage(text="look", images=(ImagePart("image/gif", JPEG),)), Settings()
    )
    assert cleaned.images[0].media_type == "image/jpeg"
    assert sniff_image(PNG) == "image/png"
    assert sniff_image(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff_image(b"%PDF-1.7") is None


def test_an_image_alone_is_a_message() -> None:
    cleaned = validate_message(InboundMessage(text="", images=(ImagePart("image/png", PNG),)), Settings())
    assert cleaned.text and cleaned.images


@pytest.mark.parametrize(
    ("message", "code", "status"),
    [
        (InboundMessage(text=""), "empty_message", 422),
        (InboundMessage(text="a" * 4001), "message_too_long", 413),
        (InboundMessage(text="hi", channel=""), "invalid_channel", 422),
        (
            InboundMessage(text="hi", images=tuple(ImagePart("image/png", PNG) for _ in range(5))),
            "too_many_images",
            422,
        ),
        (InboundMessage(text="hi", images=(ImagePart("image/png", b"<svg/>"),)), "invalid_image", 422),
    ],
)
def test_unusable_messages_are_refused(message: InboundMessage, code: str, status: int) -> None:
    with pytest.raises(InputError) as refused:
        validate_message(message, Settings())
    assert (refused.value.code, refused.value.status) == (code, status)
    assert refused.value.message


def test_an_oversized_image_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        validate_message(
            InboundMessage(text="hi", images=(ImagePart("image/png", PNG),)), Settings(max_image_bytes=8)
        )
    assert refused.value.code == "image_too_large"
