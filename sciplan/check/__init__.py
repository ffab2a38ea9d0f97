"""Cross-file rules for `sciplan check`: small pure functions that return problems."""
