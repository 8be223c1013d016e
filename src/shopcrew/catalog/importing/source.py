"""Reading an import file's bytes: UTF-8 checks with a useful diagnosis, and telling the format apart."""

from __future__ import annotations

import codecs
import re

from shopcrew.catalog.importing.records import FORMATS, CatalogFileError

_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def decode_utf8(data: bytes, file: str) -> str:
    """The file's text; a UTF-8 BOM is accepted, anything that is not UTF-8 is refused with a diagnosis."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        raise CatalogFileError(
            file, "invalid_encoding", "the file is UTF-16, not UTF-8; save or export it as UTF-8", line=1
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        guess = _guess_single_byte(data)
        raise CatalogFileError(
            file,
            "invalid_encoding",
            f"the file is not UTF-8: byte 0x{byte:02X} at column {column}{guess}; save or export it as UTF-8",
            line=line,
        ) from None


def _looks_utf16(data: bytes) -> bool:
    # UTF-16 without a BOM: ASCII text then has a NUL in every other byte.
    sample = data[:200]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 3


def _guess_single_byte(data: bytes) -> str:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    odd = sorted({ch for ch in text if ord(ch) > 127})[:3]
    shown = ", ".join(repr(ch) for ch in odd)
    return f" (it reads as Latin-1/Windows-1252, e.g. {shown})" if odd else ""


def xml_declared_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration names, if any."""
    match = _XML_ENCODING.match(data[:200])
    return match.group(1).decode("ascii").lower() if match else None


def detect_format(data: bytes, file: str) -> str:
    """`shopify`, `merchant` or `json` from the file's first bytes (its extension is only a hint)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        decode_utf8(data, file)  # raises: say "UTF-16", not "unknown format"
    head = data[:4096]
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    stripped = head.lstrip()
    if stripped.startswith((b"{", b"[")):
        return "json"
    if stripped.startswith(b"<"):
        return "merchant"
    first_line = head.split(b"\n", 1)[0].strip().lower()
    if first_line.startswith((b"handle,", b'"handle",')) or first_line == b"handle":
        return "shopify"
    names = {name.strip().strip(b'"').removeprefix(b"g:") for name in first_line.split(b"\t")}
    if b"id" in names and (b"title" in names or b"price" in names):
        return "merchant"
    lowered = file.lower()
    if lowered.endswith((".xml", ".rss", ".atom", ".tsv", ".txt")) and b"\t" in first_line:
        return "merchant"
    raise CatalogFileError(
        file,
        "unknown_format",
        "could not tell the file's format: expected a Shopify product CSV (header starting with Handle), "
        "a Google Merchant Center feed (RSS/Atom XML, or TSV with an id column) or shopcrew JSON; "
        f"pass a format ({', '.join(FORMATS)})",
        line=1,
    )
