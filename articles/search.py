"""Reader search (placeholder until the full-text search lands)."""
