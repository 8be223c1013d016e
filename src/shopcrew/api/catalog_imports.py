"""`POST /v1/catalog/imports`: import a catalog file (trusted callers only); the assistant then searches it."""

from __future__ import annotations

import asyncio
from email.parser import BytesParser
from email.policy import HTTP
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from shopcrew.api.body import read_limited_body
from shopcrew.api.deps import AssistantDep, TrustedCallerDep
from shopcrew.api.schemas import ErrorResponse
from shopcrew.catalog.importing.records import ImportReport
from shopcrew.catalog.importing.service import CatalogFileError, import_catalog
from shopcrew.domain.messages import InputError

# A catalog of ~50,000 variants as Shopify CSV is ~30 MB; anything beyond this is refused unread.
MAX_IMPORT_BYTES = 64 * 1024 * 1024

router = APIRouter(prefix="/v1/catalog", tags=["catalog"])

IMPORT_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        400: "Empty body or broken multipart form",
        401: "Missing or wrong `Authorization: Bearer <SHOPCREW_API_KEY>`",
        403: "Imports are disabled: no SHOPCREW_API_KEY is configured",
        413: "File larger than 64 MiB",
        422: "The file was refused (encoding, format, missing columns) or every row was rejected",
    }.items()
}


class RejectionOut(BaseModel):
    """A row left out of the import, and why."""

    file: str
    line: int
    reason: str
    handle: str | None


class ImportReportOut(BaseModel):
    """What the import did (or, with dry_run, would do)."""

    file: str
    format: str
    dry_run: bool
    added: int
    updated: int
    unchanged: int
    rejected: int
    archived: int
    variants: int
    rejections: list[RejectionOut]
    notes: list[str]
    catalog_size: int | None = None  # products the assistant now searches (None for a dry run)


@router.post("/imports", responses=IMPORT_ERRORS)
async def post_catalog_import(
    request: Request,
    assistant: AssistantDep,
    trusted: TrustedCallerDep,
    format: Annotated[Literal["auto", "shopify", "merchant", "json"], Query()] = "auto",
    dry_run: bool = False,
    archive_missing: bool = False,
    filename: Annotated[str | None, Query(max_length=200)] = None,
) -> ImportReportOut:
    """Import a Shopify product CSV, Merchant Center feed or shopcrew JSON, sent as the body or as the
    `file` field of a multipart form. Products are matched by handle, variants by SKU; the report
    lists every rejected row as file, line and reason. The whole import is one transaction.
    """
    if assistant.settings.api_key is None:
        raise InputError("imports_disabled", "catalog imports need SHOPCREW_API_KEY to be configured", 403)
    if not trusted:
        raise InputError(
            "unauthorized", "send Authorization: Bearer <SHOPCREW_API_KEY> to import a catalog", 401
        )
    body = await _read_body(request)
    data, name = _file_from(body, request.headers.get("content-type", ""), filename)
    try:
        report = await asyncio.to_thread(
            import_catalog,
            assistant.engine,
            data,
            name,
            format=format,
            dry_run=dry_run,
            archive_missing=archive_missing,
        )
    except CatalogFileError as error:
        raise InputError(error.code, f"{error}; nothing was imported", 422) from None
    if report.refused:
        shown = "; ".join(str(r) for r in report.rejections[:10])
        raise InputError("all_rows_rejected", f"every product in the file was rejected: {shown}", 422)
    size = None
    if not dry_run:
        size = await asyncio.to_thread(assistant.reload_catalog)
    return _report_out(report, size)


async def _read_body(request: Request) -> bytes:
    body = await read_limited_body(request, MAX_IMPORT_BYTES, "the file")
    if not body:
        raise InputError(
            "empty_body", "send the catalog file as the request body or a multipart `file` field"
        )
    return body


def _file_from(body: bytes, content_type: str, filename: str | None) -> tuple[bytes, str]:
    """The file's bytes and name: the body itself, or the `file` part of a multipart form."""
    if not content_type.casefold().startswith("multipart/form-data"):
        return body, filename or "upload"
    # The standard library's MIME parser reads form-data; its parts keep their bytes untouched.
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise InputError("malformed_form", "the multipart form could not be read (boundary missing?)")
    parts = list(message.iter_parts())
    for part in parts:
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes) or not payload:
                raise InputError("empty_body", "the form's `file` field is empty")
            return payload, filename or part.get_filename() or "upload"
    raise InputError("malformed_form", "the multipart form has no `file` field")


def _report_out(report: ImportReport, catalog_size: int | None) -> ImportReportOut:
    return ImportReportOut(**report.as_dict(), catalog_size=catalog_size)
