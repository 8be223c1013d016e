"""Add-to-cart links built from the store's URL template, each carrying an attribution token."""

from __future__ import annotations

import string
from urllib.parse import quote

# Shopify cart permalink: /cart/<variant id>:<quantity> adds the variant to a new cart and opens
# checkout; `attributes[...]` becomes a cart attribute that the order keeps (its note_attributes),
# so an order webhook carries the token back; `ref` tags the order as coming from the assistant.
DEFAULT_CART_URL_TEMPLATE = "{store_url}/cart/{variant_id}:1?attributes[shopcrew_ref]={token}&ref=shopcrew"
PLACEHOLDERS = ("store_url", "variant_id", "product_id", "handle", "sku", "token")


class CartTemplateError(ValueError):
    """The configured cart URL template cannot produce links; the message says why."""


def check_cart_url_template(template: str) -> str:
    """The template itself when every placeholder is known and the token is used; else CartTemplateError."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as error:
        raise CartTemplateError(f"cart URL template {template!r} is malformed: {error}") from None
    unknown = sorted({name for name in fields if name not in PLACEHOLDERS})
    if unknown:
        raise CartTemplateError(
            f"cart URL template has unknown placeholders {', '.join('{' + n + '}' for n in unknown)}; "
            f"use {', '.join('{' + n + '}' for n in PLACEHOLDERS)}"
        )
    if "token" not in fields:
        raise CartTemplateError("cart URL template must contain {token}, or orders can't be attributed")
    if "variant_id" not in fields and "handle" not in fields and "product_id" not in fields:
        raise CartTemplateError(
            "cart URL template must name the product: {variant_id}, {product_id} or {handle}"
        )
    return template


def cart_url(
    template: str,
    *,
    store_url: str,
    variant_id: int,
    product_id: int,
    handle: str,
    sku: str,
    token: str,
) -> str:
    """The add-to-cart link for one variant; every value but the store URL is URL-encoded."""
    return template.format(
        store_url=store_url.rstrip("/"),
        variant_id=variant_id,
        product_id=product_id,
        handle=quote(handle, safe=""),
        sku=quote(sku, safe=""),
        token=quote(token, safe=""),
    )
