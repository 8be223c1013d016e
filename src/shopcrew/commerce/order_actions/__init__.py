"""Order actions over the embedded store, one module per family; each plans a `Draft` that execute applies."""
