"""The web chat page, health check and OpenAPI document."""

from __future__ import annotations

import httpx

from shopcrew import __version__


async def test_the_chat_page_is_served_and_talks_to_the_api(client: httpx.AsyncClient) -> None:
    page = await client.get("/")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'data-messages-url="v1/messages"' in page.text
    assert 'src="static/chat.js"' in page.text
    assert 'href="static/chat.css"' in page.text
    assert 'id="customer-email"' in page.text
    assert "http://" not in page.text and "https://" not in page.text, "no CDN, no outside assets"


async def test_the_page_assets_are_served(client: httpx.AsyncClient) -> None:
    script = await client.get("/static/chat.js")
    style = await client.get("/static/chat.css")

    assert script.status_code == 200
    assert "localStorage" in script.text
    assert "conversation_id" in script.text
    assert "products" in script.text
    assert style.status_code == 200
    assert style.headers["content-type"].startswith("text/css")


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}


async def test_openapi_lists_the_routes(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    docs = await client.get("/docs")

    assert "post" in spec["paths"]["/v1/messages"]
    assert "get" in spec["paths"]["/v1/conversations/{conversation_id}"]
    assert "get" in spec["paths"]["/healthz"]
    assert "/" not in spec["paths"], "the page is not part of the API"
    request_schema = spec["paths"]["/v1/messages"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    assert request_schema["$ref"].endswith("/MessageRequest")
    assert "ErrorResponse" in spec["components"]["schemas"]
    assert docs.status_code == 200
