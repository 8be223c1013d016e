"""The model layer: one Model interface, providers behind it, routing and the local engine."""
