"""Step 1, load: file bytes -> YAML nodes that know their line and column (`parser`), with scalars
read exactly (`scalars`) and syntax errors told as the slip behind them (`syntax`, `slips`)."""
