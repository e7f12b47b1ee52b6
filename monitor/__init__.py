"""Horizon Monitor: watch developments for the UN report on science, technology and security."""

__version__ = "0.1.0"
