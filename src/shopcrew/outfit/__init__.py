"""The Outfit Builder's decision code: pieces per slot, colour harmony, formality, and the search over
combinations that builds complete looks from the catalog (docs/outfit-builder.md)."""
