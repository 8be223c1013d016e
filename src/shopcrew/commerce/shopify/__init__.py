"""The Shopify Admin GraphQL adapter of the OrderSystem port (docs/shopify.md)."""
