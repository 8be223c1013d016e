"""The Extraction record: what the local engine, or any LLM filling its JSON schema, pulls out of
one shopper message. Field descriptions double as instructions for LLM providers."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class ProductMention(BaseModel):
    """A catalog product the message refers to, with how sure the match is (0..100)."""

    model_config = ConfigDict(frozen=True)

    product_id: int = Field(description="Catalog id of the product.")
    name: str = Field(description="The product's catalog title.")
    matched_text: str = Field(description="The words of the message that refer to the product.")
    score: float = Field(ge=0, le=100, description="Match confidence, 0..100.")


class Budget(BaseModel):
    """A price range the shopper stated; either bound may be open."""

    model_config = ConfigDict(frozen=True)

    min: Decimal | None = Field(default=None, description="Lowest acceptable price, if stated.")
    max: Decimal | None = Field(default=None, description="Highest acceptable price, if stated.")
    currency: str = Field(default="USD", description="ISO 4217 code of the stated amounts.")


class Extraction(BaseModel):
    """Slots found in one shopper message. Lists are empty and optionals None when absent."""

    order_numbers: list[int] = Field(default_factory=list, description="Order numbers, e.g. #1042 -> 1042.")
    emails: list[str] = Field(default_factory=list, description="Email addresses, lower-cased.")
    phones: list[str] = Field(default_factory=list, description="Phone numbers in E.164, e.g. +14155550134.")
    person_names: list[str] = Field(
        default_factory=list, description="The shopper's own name, if they give it."
    )
    zip_codes: list[str] = Field(default_factory=list, description="US ZIP codes (5 digits or ZIP+4).")
    products: list[ProductMention] = Field(default_factory=list, description="Catalog products referred to.")
    brands: list[str] = Field(default_factory=list, description="Brands named, as the catalog spells them.")
    categories: list[str] = Field(
        default_factory=list, description="Product categories, e.g. serum, running shoe."
    )
    sizes: list[str] = Field(default_factory=list, description='Sizes: "M", "XL", "10.5", "EU 44", "UK 8".')
    widths: list[str] = Field(
        default_factory=list, description="Shoe widths: Narrow, Standard, Wide, Extra Wide."
    )
    colours: list[str] = Field(default_factory=list, description="Colours named, e.g. navy, off-white.")
    budget: Budget | None = Field(default=None, description="Price range the shopper wants.")
    ordinal: int | None = Field(
        default=None, description='Position in the last list shown: "second" -> 2, "last" -> -1.'
    )
    quantity: int | None = Field(default=None, description="How many units the shopper wants.")
