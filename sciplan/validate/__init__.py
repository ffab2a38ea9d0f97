"""Step 2, validate: loaded YAML nodes -> checked records (`sciplan.core.records`), with every problem located.

`schema` holds each file's shape (pydantic, also the JSON Schema) and `structure` checks a file against
it; `catalogue` (targets.yaml) and `yeardata` (data/<YEAR>.yaml) read the target, value and formula
languages (`targets`, `values`, `formula`) into records; `rules` checks across files.
Only a cache miss imports this step's heavy parts (pydantic, PyYAML).
"""
