"""A real PostgreSQL server for the tests, started in a temporary directory.

PostgreSQL refuses to run as root, so under root the server runs as the unprivileged user
``nobody``. The server listens on 127.0.0.1 on a free port with trust authentication and
is stopped when the test session ends.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SUPERUSER = "monitor"


def find_bindir() -> Path | None:
    """The directory holding initdb and pg_ctl, or ``None`` when PostgreSQL is absent."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.insert(0, str(Path(on_path).resolve().parent))
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "nobody", "--", *command]
    return command


@contextmanager
def running_server(bindir: Path) -> Iterator[str]:
    """Start a throwaway server; yield the admin URL (``postgresql+psycopg://…/postgres``)."""
    root = Path(tempfile.mkdtemp(prefix="monitor-pg-"))
    data = root / "data"
    port = _free_port()
    if os.geteuid() == 0:
        os.chmod(root, 0o755)
        shutil.chown(root, "nobody", "nogroup")
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
              "-E", "UTF8", "--no-sync"]  # fmt: skip
    subprocess.run(_as_server_user(initdb), check=True, capture_output=True, cwd=root)
    options = f"-h 127.0.0.1 -p {port} -k {root} -F"
    start = [str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
             str(root / "server.log"), "-w", "-t", "60", "start"]  # fmt: skip
    subprocess.run(_as_server_user(start), check=True, capture_output=True, cwd=root)
    try:
        yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
            cwd=root,
        )
        time.sleep(0.1)
        shutil.rmtree(root, ignore_errors=True)
