"""Checking a message before it enters a conversation: every problem is a clear InputError."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from shopcrew.domain.messages import InboundMessage, InputError
from shopcrew.models.types import ImagePart
from shopcrew.settings import Settings

_CHANNEL = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
# Control characters other than newline and tab carry no meaning for a shopper and break rendering.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_IMAGE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def sniff_image(data: bytes) -> str | None:
    """The media type the bytes really are (PNG, JPEG, GIF, WebP), or None."""
    for signature, media_type in _IMAGE_SIGNATURES:
        if data.startswith(signature):
            return media_type
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def validate_message(message: InboundMessage, settings: Settings) -> InboundMessage:
    """The message with cleaned text and images typed by their bytes; raise InputError when it is unusable."""
    if not isinstance(message.text, str):
        raise InputError("invalid_request", "text must be a string", 422)
    text = unicodedata.normalize("NFC", _CONTROL.sub("", message.text)).strip()
    if not text and not message.images:
        raise InputError("empty_message", "the message is empty: send some text (or an image)", 422)
    if len(text) > settings.max_message_chars:
        raise InputError(
            "message_too_long",
            f"the message has {len(text)} characters; the limit is {settings.max_message_chars}",
            413,
        )
    if not _CHANNEL.match(message.channel or ""):
        raise InputError("invalid_channel", f"channel {message.channel!r} is not a valid channel name", 422)
    if len(message.images) > settings.max_images:
        raise InputError(
            "too_many_images",
            f"{len(message.images)} images sent; at most {settings.max_images} per message",
            422,
        )
    images: list[ImagePart] = []
    for number, image in enumerate(message.images, start=1):
        if len(image.data) > settings.max_image_bytes:
            raise InputError(
                "image_too_large",
                f"image {number} is {len(image.data)} bytes; the limit is {settings.max_image_bytes}",
                413,
            )
        media_type = sniff_image(image.data)
        if media_type is None:
            raise InputError("invalid_image", f"image {number} is not a PNG, JPEG, GIF or WebP image", 422)
        images.append(ImagePart(media_type=media_type, data=image.data))
    return replace(message, text=text or "(image)", images=tuple(images))
