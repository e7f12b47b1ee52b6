"""Start-up of the everyday commands when there is nothing to do, as whole processes.

A fresh database gets ``FEEDS`` feeds of ``corpus.py`` (served on 127.0.0.1 by the monitor's
feed server, with ETag and Last-Modified), then each command runs ``ROUNDS`` times:

- ``fetch``: a re-poll that the server answers with 304 only (nothing to parse or match);
- ``status``: the sources table;
- ``items``: the items since tomorrow (none: the start-up and the query, not the printing);
- ``match``: empty standard input (nothing to match: the watchlists are not compiled).

Prints the best and the median wall time and the peak RSS of each, and, last,
``startup_worst_best=X`` (seconds: the slowest command's best run; the issue's target is
0.3 s).

    .venv/bin/python bench/startup.py [FEEDS] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOMORROW = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")
COMMANDS = {
    "fetch": ["fetch"],
    "status": ["status"],
    "items": ["items", "--since", TOMORROW],
    "match": ["match"],
}


def run(command: list[str], env: dict[str, str], cwd: Path, stdin: bytes) -> tuple[float, int]:
    """Wall time and peak RSS (bytes, the kernel's accounting of the process)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL, stderr=errors)  # fmt: skip
        assert child.stdin is not None
        child.stdin.write(stdin)
        child.stdin.close()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")[-2000:]
            sys.exit(f"{' '.join(command)} exited {child.returncode}: {message}")
    return seconds, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("feeds", nargs="?", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=7)
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import feeds
    from peer import compile_monitor

    from monitor.ingest.feedserver import serve_directory

    compile_monitor()

    script = Path(sys.executable).with_name("monitor")
    monitor = [str(script)] if script.is_file() else [sys.executable, "-m", "monitor"]
    with tempfile.TemporaryDirectory(prefix="startup-") as tmp:
        root = Path(tmp)
        served = root / "feeds"
        served.mkdir()
        for number, (_, body) in enumerate(feeds(arguments.feeds)):
            (served / f"{number}.rss").write_bytes(body)
        with serve_directory(served) as base:
            (root / "sources.yaml").write_text("sources:\n" + "".join(
                f"  - {{id: s{n}, title: S{n}, url: '{base}/{n}.rss'}}\n"
                for n in range(arguments.feeds)))  # fmt: skip
            env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
            env |= {
                "MONITOR_DATABASE_URL": f"sqlite:///{root / 'monitor.db'}",
                "MONITOR_SOURCES": str(root / "sources.yaml"),
                "MONITOR_WATCHLISTS": str(ROOT / "watchlists"),
                "MONITOR_CONFIG": str(root / "absent.toml"),
                "NO_PROXY": "127.0.0.1",
                "no_proxy": "127.0.0.1",
            }
            for step in (["init"], ["fetch"]):
                run([*monitor, *step], env, root, b"")
            times: dict[str, list[float]] = {name: [] for name in COMMANDS}
            peaks: dict[str, int] = dict.fromkeys(COMMANDS, 0)
            for _ in range(arguments.rounds):
                for name, arguments_of in COMMANDS.items():
                    seconds, peak = run([*monitor, *arguments_of], env, root, b"")
                    times[name].append(seconds)
                    peaks[name] = max(peaks[name], peak)
    print(f"{arguments.feeds} feeds, {arguments.rounds} rounds, load {os.getloadavg()[0]:.2f}")
    for name, found in times.items():
        print(f"  {name:7} best {min(found):.3f} s  median {statistics.median(found):.3f} s"
              f"  peak RSS {peaks[name] / 1e6:.0f} MB")  # fmt: skip
    print(f"startup_worst_best={max(min(found) for found in times.values()):.3f}")


if __name__ == "__main__":
    main()
