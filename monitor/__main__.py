"""``python -m monitor``."""

from monitor.cli import app

app()
