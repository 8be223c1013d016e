"""Loading catalog records and policy documents from the store."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from shopcrew.domain.catalog import Policy, PolicySection, Product, Variant
from shopcrew.store.catalog_tables import BrandRow, PolicyRow, ProductRow

_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)


def load_products(session: Session) -> list[Product]:
    """Every product with its variants and brand name, in id order."""
    brands = {b.id: b.name for b in session.scalars(select(BrandRow))}
    rows = session.scalars(
        select(ProductRow).options(selectinload(ProductRow.variants)).order_by(ProductRow.id)
    )
    return [_product(row, brands) for row in rows]


def _product(row: ProductRow, brands: dict[str, str]) -> Product:
    return Product(
        id=row.id,
        handle=row.handle,
        title=row.title,
        brand=brands.get(row.brand_id) if row.brand_id else None,
        vertical=row.vertical,
        category=row.category,
        description=row.description,
        tags=tuple(str(t) for t in row.tags or ()),
        attributes=dict(row.attributes or {}),
        ingredients=row.ingredients,
        status=row.status,
        variants=tuple(
            Variant(
                id=v.id,
                sku=v.sku,
                title=v.title,
                options={str(k): str(val) for k, val in (v.options or {}).items()},
                price=v.price,
                compare_at_price=v.compare_at_price,
                inventory=v.inventory,
            )
            for v in row.variants
        ),
    )


def load_policies(session: Session) -> list[Policy]:
    """Every policy document, split into `##` sections."""
    return [
        split_policy(row.id, row.title, row.body)
        for row in session.scalars(select(PolicyRow).order_by(PolicyRow.id))
    ]


def split_policy(policy_id: str, title: str, body: str) -> Policy:
    """Split markdown into sections at `##` headings; text before the first heading is an overview."""
    sections: list[PolicySection] = []
    matches = list(_HEADING.finditer(body))
    preamble = body[: matches[0].start()] if matches else body
    preamble = _strip_title(preamble)
    if preamble.strip():
        sections.append(PolicySection(policy_id, title, "Overview", preamble.strip()))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        text = body[match.end() : end].strip()
        if text:
            sections.append(PolicySection(policy_id, title, match.group(1), text))
    return Policy(id=policy_id, title=title, body=body, sections=tuple(sections))


def _strip_title(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("# "))
