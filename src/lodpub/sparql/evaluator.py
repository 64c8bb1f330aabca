"""The evaluator process: runs one query at a time on the read-only store, and can be killed at any moment.

Oxigraph cannot interrupt a running query, so the web worker sends each query
to a child process (``python -m lodpub.sparql.evaluator STORE``) and kills it
at the time limit. Messages are frames: a 4-byte big-endian length, then the
bytes. The worker sends a job as JSON; the evaluator answers with a JSON header
frame, followed by the body's bytes when the header's ``length`` is not zero.
Its first frame, sent once the store is open, is ``{"ready": true}``. Before it
opens the store, the process gives up the network (see ``sandbox``): a query whose
evaluation tries to reach it (a SERVICE call, however it is spelt) is answered 400,
as the query checks answer one they recognise.

``LODPUB_EVALUATOR_WALLS`` (default ``namespace,seccomp``) names the walls to put up;
tests set it to one of them to show that each alone keeps queries off the network.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import struct
import sys
from dataclasses import asdict, replace
from pathlib import Path

from ..release import claim
from ..store import DataStore
from .engine import Answer, Job, evaluate
from .safety import SERVICE_REFUSED
from .sandbox import calls_out, deny_network, leave_network

#: Seconds past its time limit after which an evaluator stops itself, should its worker be gone.
GRACE = 2.0
FRAME_LENGTH = struct.Struct(">I")
#: The status of an answer that ran into the memory ceiling (the worker answers 503).
OUT_OF_MEMORY = 507


def write_frame(fd: int, data: bytes) -> None:
    write_all(fd, FRAME_LENGTH.pack(len(data)) + data)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def read_exact(fd: int, size: int) -> bytes | None:
    """Read *size* bytes from *fd*; None when it ends first."""
    parts, remaining = [], size
    while remaining:
        chunk = os.read(fd, remaining)
        if not chunk:
            return None
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def read_frame(fd: int) -> bytes | None:
    head = read_exact(fd, FRAME_LENGTH.size)
    return None if head is None else read_exact(fd, FRAME_LENGTH.unpack(head)[0])


def answer_header(answer: Answer) -> dict:
    header = asdict(answer)
    header["length"] = len(header.pop("body"))
    return header


def limit_memory(mebibytes: int | None) -> None:
    """Let this process allocate at most *mebibytes* more than it holds now (None: no ceiling).

    The data segment and private mappings are what a query grows (Linux counts anonymous
    mmap in RLIMIT_DATA); the store's files mapped for reading are not counted.
    """
    if not hasattr(resource, "RLIMIT_DATA"):
        return
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if mebibytes is None:
        resource.setrlimit(resource.RLIMIT_DATA, (hard, hard))
        return
    wanted = _data_size() + mebibytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (wanted if hard == resource.RLIM_INFINITY
                                              else min(wanted, hard), hard))


def _data_size() -> int:
    """Bytes of this process's data segment and private mappings now (VmData)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def serve(store: DataStore, requests: int, answers: int) -> None:
    """Answer jobs from *requests* on *answers* until *requests* ends."""
    graphs = own_graphs(store)
    write_frame(answers, json.dumps({"ready": True}).encode())
    while (frame := read_frame(requests)) is not None:
        message = json.loads(frame)
        job = Job(**message["job"])
        if job.named_graphs is None:
            job = replace(job, named_graphs=graphs)
        # The worker kills this process at the limit; the alarm (default action: terminate)
        # stops it anyway if the worker is gone.
        signal.setitimer(signal.ITIMER_REAL, message["timeout"] + GRACE)
        limit_memory(message.get("memory"))
        try:
            answer = evaluate(store, job)
        except MemoryError:  # Python's own allocations; the engine's abort the process
            answer = Answer(OUT_OF_MEMORY, message="out of memory")
        except (OSError, RuntimeError) as exc:
            answer = Answer(400, message=SERVICE_REFUSED) if calls_out(str(exc)) else _failed(exc)
        except Exception as exc:  # a process boundary: report, never hang the worker
            answer = _failed(exc)
        limit_memory(None)
        signal.setitimer(signal.ITIMER_REAL, 0)
        write_frame(answers, json.dumps(answer_header(answer)).encode())
        if answer.body:
            write_all(answers, answer.body)


def own_graphs(store: DataStore) -> tuple[str, ...]:
    """The store's named graphs: given to the engine as every query's named graphs, so that the
    dataset a query's own FROM NAMED names (however spelt) never applies. (Its FROM never
    does either: the default graph is given too, or is the union of these graphs.)"""
    return tuple(str(row["g"].value) for row in store.query("SELECT ?g WHERE { GRAPH ?g { } }"))


def _failed(exc: Exception) -> Answer:
    print(f"lodpub evaluator: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
    return Answer(500, message="the store could not answer this query")


def give_up_network(walls: str) -> None:
    """Put up the walls named in *walls* (see the module's notes); say which failed."""
    if "namespace" in walls and not leave_network():
        print("lodpub evaluator: this system allows no network namespace; the seccomp filter "
              "and the query checks keep queries off the network", file=sys.stderr, flush=True)
    if "seccomp" in walls and not deny_network():
        print("lodpub evaluator: this platform has no seccomp; the network namespace and the "
              "query checks keep queries off the network", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    (store_path,) = argv if argv is not None else sys.argv[1:]
    answers = os.dup(1)
    os.dup2(2, 1)  # anything printed goes to the log, never into the answers
    give_up_network(os.environ.get("LODPUB_EVALUATOR_WALLS", "namespace,seccomp"))
    held = claim(Path(store_path).parent)  # the release stays while this process reads it
    try:
        serve(DataStore.open_read_only(Path(store_path)), 0, answers)
    except BrokenPipeError:
        pass  # the worker went away (a reload, a shutdown): nobody waits for an answer
    del held
    return 0


if __name__ == "__main__":
    sys.exit(main())
