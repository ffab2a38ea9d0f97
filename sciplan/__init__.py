"""sciplan: a science & technology bureau's plan targets against its results."""

__version__ = "0.1.0"
# where pre-commit installs sciplan from (the hook of .pre-commit-hooks.yaml, at the tag v__version__)
REPOSITORY = "https://github.com/sciplan/sciplan"
