"""Lease holders: who a process is, and whether a holder on this host is still alive."""

from __future__ import annotations

import os
import socket
import uuid


def new_owner_id() -> str:
    """Host, process id and a random part: two processes never share one."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def is_dead(owner: str) -> bool:
    """True when ``owner`` ran on this host and its process is gone (a crashed holder)."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
