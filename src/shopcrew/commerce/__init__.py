"""Orders, customers and store policy rules."""
