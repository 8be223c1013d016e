"""τ²-bench retail as a real store: import its db.json, export it back, and its documented semantics."""
