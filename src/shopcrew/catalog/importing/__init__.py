"""Catalog import: Shopify product CSV, Google Merchant Center feeds and shopcrew JSON into the store.

`service.import_catalog` is the entry point; one module per format, `records` for what they share,
`categories` and `attributes` for mapping, `writer` for the upsert, `command` for the CLI. This
package file stays empty so `shopcrew --help` does not load SQLAlchemy.
"""
