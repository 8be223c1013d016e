"""The embedded demo store: a generated, seeded, realistic shop to run shopcrew against.

`seed_demo_store(engine)` fills empty tables with ~320 products in beauty, apparel and
footwear, 26 brands with size charts, 224 customers, ~1,100 orders in every state,
subscriptions and store policies. See docs/demo-store.md for the data conventions and
the named fixtures tests rely on.
"""

from shopcrew.store.demo.seed import DemoStoreSummary, StoreNotEmptyError, seed_demo_store

__all__ = ["DemoStoreSummary", "StoreNotEmptyError", "seed_demo_store"]
