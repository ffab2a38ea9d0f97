"""what the rules share: a warning at a year's `actuals.<id>`, a value as written."""

from __future__ import annotations

from decimal import Decimal

from sciplan.core.problem import Problem
from sciplan.core.records import Project, YearData


def actual_warning(project: Project, data: YearData, ident: str, code: str, message: str) -> Problem:
    """A warning about `actuals.<ident>` in a year's file."""
    return project.problem(data.file, ("actuals", ident), code, f"actuals.{ident}: {message}", severity="warning")


def written(value: Decimal) -> str:
    """A value as a person writes it: 0.000000001, not 1E-9 or 0.0000."""
    text = format(value.normalize(), "f")
    return text
