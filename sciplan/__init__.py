"""sciplan: a science & technology bureau's plan targets against its results."""

__version__ = "0.1.0"
