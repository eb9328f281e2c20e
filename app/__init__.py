"""Casebook: offline reflective practice for nurses and teachers."""

__version__ = "0.1.0"
