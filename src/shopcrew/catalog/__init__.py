"""The store's catalog: loading, search and product facts."""
