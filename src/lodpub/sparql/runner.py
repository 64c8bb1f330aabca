"""Run queries in evaluator processes with a time limit that really stops them.

Each web worker keeps a small pool of evaluator processes (see ``evaluator``).
A query goes to an idle one; when the time limit passes first, the worker kills
that process, answers 503 and starts a fresh one, so the query stops using the
CPU at once and later queries are not held up. At most ``sparql.concurrent_queries``
run at once; one more is refused as busy (503 with Retry-After).
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import LodpubError
from .engine import Job
from .evaluator import FRAME_LENGTH, OUT_OF_MEMORY, write_all
from .limits import Limits

#: Seconds a new evaluator may take to open the store.
STARTUP_TIMEOUT = 60.0
CHUNK = 64 * 1024
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])


class EvaluatorFailed(LodpubError):
    status = 500


@dataclass
class Result:
    """An answer whose body is read from the evaluator as the client takes it."""

    status: int
    media_type: str
    truncated: bool
    count: int
    length: int
    chunks: Iterator[bytes]


class Evaluator:
    """One evaluator process and the two pipes to it."""

    def __init__(self, store_path: Path):
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            filter(None, [_PACKAGE_PARENT, environment.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lodpub.sparql.evaluator", str(store_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, env=environment)
        self._requests = self.process.stdin.fileno()
        self._answers = self.process.stdout.fileno()
        self.ready = False

    def send(self, message: dict) -> None:
        data = json.dumps(message).encode()
        try:
            write_all(self._requests, FRAME_LENGTH.pack(len(data)) + data)
        except BrokenPipeError:
            raise EvaluatorFailed("the query evaluator stopped unexpectedly") from None

    def receive(self, deadline: float) -> dict | None:
        """Read one header frame; None when *deadline* (monotonic) passes first."""
        head = self.read(FRAME_LENGTH.size, deadline)
        if head is None:
            return None
        frame = self.read(FRAME_LENGTH.unpack(head)[0], deadline)
        return None if frame is None else json.loads(frame)

    def read(self, size: int, deadline: float | None = None) -> bytes | None:
        parts, remaining = [], size
        poller = select.poll()
        poller.register(self._answers, select.POLLIN)
        while remaining:
            if deadline is not None:
                wait = deadline - time.monotonic()
                if wait <= 0 or not poller.poll(wait * 1000):
                    return None
            chunk = os.read(self._answers, min(remaining, CHUNK))
            if not chunk:
                raise EvaluatorFailed("the query evaluator stopped unexpectedly")
            parts.append(chunk)
            remaining -= len(chunk)
        return b"".join(parts)

    def wait_ready(self) -> None:
        if not self.ready:
            header = self.receive(time.monotonic() + STARTUP_TIMEOUT)
            if not header or not header.get("ready"):
                self.kill()
                raise EvaluatorFailed("the query evaluator did not start")
            self.ready = True

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process.stdin.close()
        self.process.stdout.close()

    def close(self) -> None:
        """End the evaluator: it stops when its request pipe closes (killed if it lingers)."""
        self.process.stdin.close()
        self.process.stdout.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()


class EvaluatorPool:
    """The evaluators of one worker process for one store; safe to share between threads."""

    def __init__(self, store_path: Path):
        self.store_path = store_path
        self._idle: list[Evaluator] = []
        self._running = 0  # evaluators taken and not yet given back or discarded
        self._lock = threading.Lock()

    def _take(self, most: int) -> Evaluator | None:
        """An evaluator for one query, or None when *most* are at work already."""
        with self._lock:
            if self._running >= most:
                return None
            self._running += 1
            if self._idle:
                return self._idle.pop()
        try:
            return Evaluator(self.store_path)
        except BaseException:
            self._finished()
            raise

    def _give_back(self, evaluator: Evaluator) -> None:
        with self._lock:
            self._idle.append(evaluator)
            self._running -= 1

    def _discard(self, evaluator: Evaluator) -> None:
        evaluator.kill()
        self._finished()

    def _finished(self) -> None:
        with self._lock:
            self._running -= 1

    def warm(self) -> None:
        """Start an evaluator now, so that the next query does not wait for one."""
        with self._lock:
            if not self._idle:
                self._idle.append(Evaluator(self.store_path))

    def run(self, job: Job, limits: Limits) -> Result:
        """Evaluate *job*; raise QueryTimeout when it runs past ``limits.timeout``.

        Errors the query causes (a syntax error, say) come back as a Result
        with their status; read its chunks to the end, or close them. Raise
        ServerBusy when ``limits.concurrent_queries`` queries are running already.
        """
        evaluator = self._take(limits.concurrent_queries)
        if evaluator is None:
            raise limits.busy()
        try:
            evaluator.wait_ready()
            evaluator.send({"job": asdict(job), "timeout": limits.timeout,
                            "memory": limits.memory_limit})
            header = evaluator.receive(time.monotonic() + limits.timeout)
        except EvaluatorFailed:
            self._discard(evaluator)
            if evaluator.process.returncode != -signal.SIGABRT:
                raise
            self.warm()  # the engine aborts when an allocation fails: the memory ceiling
            raise limits.out_of_memory() from None
        except BaseException:
            self._discard(evaluator)
            raise
        if header is None:
            self._discard(evaluator)
            self.warm()
            raise limits.timed_out()
        if header["status"] == OUT_OF_MEMORY:
            self._give_back(evaluator)
            raise limits.out_of_memory()
        if header["status"] != 200:
            self._give_back(evaluator)
            message = header["message"].encode()
            return Result(header["status"], "text/plain; charset=utf-8", False, 0, len(message),
                          iter([message]))
        return Result(200, header["media_type"], header["truncated"], header["count"],
                      header["length"], self._stream(evaluator, header["length"]))

    def _stream(self, evaluator: Evaluator, length: int) -> Iterator[bytes]:
        complete = False
        try:
            remaining = length
            while remaining:
                chunk = evaluator.read(min(remaining, CHUNK))
                remaining -= len(chunk)
                yield chunk
            complete = True
        finally:
            if complete:
                self._give_back(evaluator)
            else:
                self._discard(evaluator)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for evaluator in idle:
            evaluator.close()


_pools: dict[tuple[int, Path], EvaluatorPool] = {}
_pools_lock = threading.Lock()


def pool_for(store_path: Path) -> EvaluatorPool:
    """Return this process's pool for *store_path* (a forked process gets its own)."""
    key = (os.getpid(), Path(store_path))
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = EvaluatorPool(Path(store_path))
        return pool


def close_pools() -> None:
    """End this process's idle evaluators on every store (an application that stops)."""
    with _pools_lock:
        pools = [pool for (pid, _), pool in _pools.items() if pid == os.getpid()]
        for key in [key for key in _pools if key[0] == os.getpid()]:
            del _pools[key]
    for pool in pools:
        pool.close()


def close_pool(store_path: Path) -> None:
    """End this process's idle evaluators on *store_path*, a store it no longer serves."""
    with _pools_lock:
        pool = _pools.pop((os.getpid(), Path(store_path)), None)
    if pool is not None:
        pool.close()
