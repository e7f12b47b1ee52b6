"""``python -m monitor``."""

from monitor.cli import app

if __name__ == "__main__":  # not when a child process started with spawn imports it
    app()
