"""POST /v1/catalog/imports: trusted callers import a file, and the running assistant then finds it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from shopcrew.api import create_app
from shopcrew.settings import Settings

FIXTURES = Path(__file__).parents[1] / "catalog" / "fixtures"
KEY = "import-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
PONCHO = {
    "products": [
        {
            "handle": "zephyr-alpaca-poncho",
            "title": "Zephyr Alpaca Poncho",
            "brand": "Andes Loom",
            "vertical": "apparel",
            "category": "knitwear",
            "description": "A hand-loomed poncho in baby alpaca.",
            "attributes": {"materials": ["baby alpaca"], "gender": "women"},
            "variants": [
                {"sku": "AL-PON-1", "options": {"size": "One size"}, "price": "189.00", "inventory": 4}
            ],
        }
    ]
}


@pytest.fixture
async def client(demo_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The real app on a private demo store, with an API key configured."""
    app: FastAPI = create_app(demo_settings.model_copy(update={"api_key": SecretStr(KEY)}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://shopcrew.test") as http:
            yield http


async def import_file(client: httpx.AsyncClient, body: bytes, **params: Any) -> httpx.Response:
    return await client.post("/v1/catalog/imports", content=body, params=params, headers=AUTH)


async def test_the_assistant_finds_a_product_right_after_its_import(client: httpx.AsyncClient) -> None:
    question = {"text": "do you have the Zephyr Alpaca Poncho?"}
    before = (await client.post("/v1/messages", json=question)).json()
    assert "Zephyr Alpaca Poncho" not in [p["name"] for p in before["products"]]
    response = await import_file(client, json.dumps(PONCHO).encode(), filename="poncho.json")
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["file"], report["format"], report["added"], report["rejected"]) == (
        "poncho.json",
        "json",
        1,
        0,
    )
    assert report["catalog_size"] > 300
    after = (await client.post("/v1/messages", json=question)).json()
    assert "Zephyr Alpaca Poncho" in [p["name"] for p in after["products"]]


async def test_a_multipart_upload_reports_rejected_rows_with_the_upload_name(
    client: httpx.AsyncClient,
) -> None:
    files = {"file": ("bad_rows.csv", (FIXTURES / "shopify_bad_rows.csv").read_bytes(), "text/csv")}
    response = await client.post("/v1/catalog/imports", files=files, headers=AUTH)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["format"], report["added"], report["rejected"]) == ("shopify", 2, 8)
    assert report["rejections"][0] == {
        "file": "bad_rows.csv",
        "line": 5,
        "reason": "bad-price: Variant Price 'twenty' is not a number; the product is not imported",
        "handle": "bad-price",
    }


async def test_a_dry_run_changes_nothing_the_assistant_sees(client: httpx.AsyncClient) -> None:
    response = await import_file(client, json.dumps(PONCHO).encode(), dry_run="true")
    assert (response.json()["added"], response.json()["catalog_size"]) == (1, None)
    again = await import_file(client, json.dumps(PONCHO).encode(), dry_run="true")
    assert again.json()["added"] == 1


async def test_callers_without_the_key_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/catalog/imports", content=json.dumps(PONCHO).encode())
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    wrong = await client.post("/v1/catalog/imports", content=b"{}", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


async def test_without_a_configured_key_imports_are_disabled(demo_settings: Settings) -> None:
    app = create_app(demo_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://shopcrew.test") as http:
            response = await http.post("/v1/catalog/imports", content=b"{}", headers=AUTH)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "imports_disabled"


@pytest.mark.parametrize(
    ("body", "params", "code"),
    [
        ("Handle,Title,Variant Price\nmug,Café,9\n".encode("latin-1"), {}, "invalid_encoding"),
        (b"sku;name\n1;Mug\n", {}, "unknown_format"),
        (b"Handle,Title,Variant Price\nmug,Mug,free\n", {}, "all_rows_rejected"),
        (b'{"products": [', {"format": "json"}, "malformed_file"),
        (b"Handle,Title\nmug,Mug\n", {"format": "shopify"}, "missing_columns"),
    ],
)
async def test_bad_files_are_refused_with_a_code_and_a_message(
    client: httpx.AsyncClient, body: bytes, params: dict[str, str], code: str
) -> None:
    response = await import_file(client, body, filename="upload.csv", **params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"].startswith("upload.csv:") or code == "all_rows_rejected"


async def test_an_empty_body_and_an_unknown_format_are_client_errors(client: httpx.AsyncClient) -> None:
    empty = await import_file(client, b"")
    assert (empty.status_code, empty.json()["error"]["code"]) == (400, "empty_body")
    unknown = await import_file(client, b"{}", format="xlsx")
    assert unknown.status_code == 422
    assert "format" in unknown.json()["error"]["message"]
