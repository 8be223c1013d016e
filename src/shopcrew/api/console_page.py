"""The staff console page at `/console` (static HTML; its JS and CSS come from `/static`)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse


def console_page_router() -> APIRouter:
    """A router serving the console page; the page itself holds no data, the API needs a staff token."""
    page = (resources.files("shopcrew") / "web" / "console.html").read_text(encoding="utf-8")
    router = APIRouter(include_in_schema=False)

    @router.get("/console", response_class=HTMLResponse)
    async def console_page() -> HTMLResponse:
        # The page is public; everything it shows comes from the staff API, which is not.
        return HTMLResponse(page, headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY"})

    return router
