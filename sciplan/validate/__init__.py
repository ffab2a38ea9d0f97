"""Step 2, validate: loaded YAML nodes -> checked records (`sciplan.records`), with every problem located.

`schema` checks each file's shape (pydantic, also the JSON Schema); `build` reads the target, value
and formula languages (`targets`, `values`, `formula`) into records; `rules` checks across files.
Only a cache miss imports this step's heavy parts (pydantic, PyYAML).
"""
