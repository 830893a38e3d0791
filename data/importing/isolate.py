"""Run a file reader in a forked child with a memory and a time limit, so a reader that
aborts (Rust's allocation failure is SIGABRT, not an exception) never takes the app down.

The child inherits the parent's memory copy-on-write, so nothing is sent to it; only the
result comes back, pickled through a pipe.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import selectors
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

MEMORY_FLOOR = 4 * 2**30  # what a 50 MB upload's parse may take on top of the parent
MEMORY_PER_BYTE = 3  # a whole-year CLI export may take up to 3× its size more
SECONDS = 300.0  # a 1M-row CSV parses in under a minute on these machines


class IsolationFailed(Exception):
    """The child died, overran its time or memory, or raised; `detail` says which."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def memory_budget(size: int) -> int:
    """Bytes of address space the child may add for a file of `size` bytes."""
    return max(MEMORY_FLOOR, MEMORY_PER_BYTE * size)


def _address_space() -> int:
    """The process's current virtual size: the child starts with the same."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def run_isolated(
    fn: Callable[..., T], *args: Any, memory: int, seconds: float | None = None, **kwargs: Any
) -> T:
    """`fn(*args, **kwargs)` in a forked child limited to `memory` more bytes and `seconds`.

    Raises `IsolationFailed` when the child does not return a value; where fork is missing
    (not Linux) it runs in-process.
    """
    if not hasattr(os, "fork") or not os.path.exists("/proc/self/status"):
        return fn(*args, **kwargs)
    limit = _address_space() + memory
    deadline = time.monotonic() + (SECONDS if seconds is None else seconds)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(write_end, limit, fn, args, kwargs)
    os.close(write_end)
    try:
        payload = _collect(read_end, pid, deadline)
    finally:
        os.close(read_end)
    status, value = pickle.loads(payload)
    if status == "error":
        raise IsolationFailed(value)
    return value


def _child(write_end: int, limit: int, fn: Callable[..., Any], args: Any, kwargs: Any) -> None:
    code = 0
    try:
        faulthandler.disable()  # an abort here is expected: no traceback dump on the app's stderr
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file
        try:
            payload = pickle.dumps(("ok", fn(*args, **kwargs)), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("error", "out of memory"))
        except Exception as exc:  # noqa: BLE001 - any reader bug becomes the parent's message
            payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"[:200]))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_end, view) :]
    except BaseException:  # noqa: BLE001 - the child must reach _exit whatever happens
        code = 1
    finally:
        os._exit(code)


def _collect(read_end: int, pid: int, deadline: float) -> bytes:
    """Read the child's whole answer (it may be larger than a pipe holds) until it exits."""
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(read_end, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                _kill(pid)
                raise IsolationFailed("time limit")
            chunk = os.read(read_end, 2**20)
            if not chunk:
                break
            chunks.append(chunk)
    _pid, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        raise IsolationFailed(f"stopped by {signal.Signals(os.WTERMSIG(status)).name}")
    if not chunks or os.waitstatus_to_exitcode(status) != 0:
        raise IsolationFailed("no result")
    return b"".join(chunks)


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
