"""The web chat page at `/` and its static files, served from package data (no build step)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

WEB_PACKAGE = ("shopcrew", "web")


def chat_page_router() -> APIRouter:
    """A router serving the chat page; the page is read once, when the app is built."""
    page = (resources.files("shopcrew") / "web" / "index.html").read_text(encoding="utf-8")
    router = APIRouter(include_in_schema=False)

    @router.get("/", response_class=HTMLResponse)
    async def chat_page() -> HTMLResponse:
        return HTMLResponse(page)

    return router


def mount_chat_page(app: FastAPI) -> None:
    """Serve the page at `/` and its CSS and JS under `/static`."""
    app.include_router(chat_page_router())
    app.mount("/static", StaticFiles(packages=[WEB_PACKAGE]), name="static")
