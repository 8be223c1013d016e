"""Catalog tables: brands with size charts and fit profiles, products, variants, policy documents."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shopcrew.store.base import Base, utcnow


class BrandRow(Base):
    """A brand; `fit_profile` maps a category to runs_small / true_to_size / runs_large."""

    __tablename__ = "brands"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    vertical: Mapped[str] = mapped_column(String(32))
    fit_profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    description: Mapped[str] = mapped_column(Text, default="")

    size_charts: Mapped[list[SizeChartRow]] = relationship(back_populates="brand")


class SizeChartRow(Base):
    """A brand's size chart for one category; rows hold measurement ranges per size label."""

    __tablename__ = "size_charts"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    brand_id: Mapped[str] = mapped_column(ForeignKey("brands.id"))
    category: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str] = mapped_column(String(8), default="cm")
    # [{"size": "M", "chest": [96, 101], "waist": [81, 86], ...}] or shoe rows
    # [{"size": "10", "us": 10, "eu": 44, "uk": 9, "foot_length_cm": 28.0}]
    rows: Mapped[list[Any]] = mapped_column(default=list)

    brand: Mapped[BrandRow] = relationship(back_populates="size_charts")

    __table_args__ = (Index("ix_size_charts_brand_category", "brand_id", "category", unique=True),)


class ProductRow(Base):
    """A product; vertical-specific facts live in `attributes` (see docs/data-model.md)."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    handle: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    brand_id: Mapped[str | None] = mapped_column(ForeignKey("brands.id"), nullable=True)
    vertical: Mapped[str] = mapped_column(String(32), index=True)
    category: Mapped[str] = mapped_column(String(64), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[Any]] = mapped_column(default=list)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ingredients: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    image_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # The id an imported store gave this product (τ²-bench "product_id"); None for the store's own.
    external_id: Mapped[str | None] = mapped_column(String(100), nullable=True, unique=True, index=True)

    variants: Mapped[list[VariantRow]] = relationship(back_populates="product", order_by="VariantRow.id")
    brand: Mapped[BrandRow | None] = relationship()


class VariantRow(Base):
    """A purchasable variant with its own options, price and stock."""

    __tablename__ = "variants"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    sku: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # {"size": "M", "colour": "Navy"} / {"size": "10.5", "width": "Wide"} / {"volume": "50 ml"}
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    price: Mapped[Decimal]
    compare_at_price: Mapped[Decimal | None] = mapped_column(nullable=True)
    inventory: Mapped[int] = mapped_column(default=0)
    external_id: Mapped[str | None] = mapped_column(String(100), nullable=True, unique=True, index=True)

    product: Mapped[ProductRow] = relationship(back_populates="variants")


class PolicyRow(Base):
    """A store policy document (markdown), quoted by the support agent."""

    __tablename__ = "policies"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
