"""Analytics: recommendation events, attribution tokens and add-to-cart links."""
