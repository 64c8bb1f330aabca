"""Take the network away from the evaluator process, in two walls.

Oxigraph offers no way to parse a query without running it, nor to switch its
SERVICE client off, so whatever spelling of SERVICE its parser accepts, the engine
tries to connect. The evaluator therefore has no network to connect to:

- ``leave_network``: the process moves into a network namespace of its own (with a
  user namespace, so that no privilege is needed), which has no interface, not even
  loopback: every connection fails with ENETUNREACH, every name lookup fails;
- ``deny_network``: a seccomp filter refuses to create IPv4 and IPv6 sockets
  (``socket()`` fails with EACCES), should the namespace be unavailable.

Files, pipes and Unix sockets are untouched. Linux only (the filter on x86-64 and
ARM64); elsewhere each does nothing and says so by returning False.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import socket
import struct
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
# BPF instruction classes used: load a word of seccomp_data, compare and jump, return.
_LOAD, _JUMP_IF_EQUAL, _RETURN = 0x20, 0x15, 0x06
# Offsets in struct seccomp_data: the syscall number, the architecture, the first argument.
_NUMBER, _ARCHITECTURE, _FIRST_ARGUMENT = 0, 4, 16
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
#: machine → (audit architecture, number of the socket syscall)
ARCHITECTURES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}


def _instruction(code: int, jump_true: int, jump_false: int, value: int) -> bytes:
    return struct.pack("HBBI", code, jump_true, jump_false, value)


def _program(architecture: int, socket_call: int) -> bytes:
    return b"".join([
        _instruction(_LOAD, 0, 0, _ARCHITECTURE),
        _instruction(_JUMP_IF_EQUAL, 0, 6, architecture),
        _instruction(_LOAD, 0, 0, _NUMBER),
        _instruction(_JUMP_IF_EQUAL, 0, 4, socket_call),
        _instruction(_LOAD, 0, 0, _FIRST_ARGUMENT),
        _instruction(_JUMP_IF_EQUAL, 1, 0, socket.AF_INET),
        _instruction(_JUMP_IF_EQUAL, 0, 1, socket.AF_INET6),
        _instruction(_RETURN, 0, 0, SECCOMP_RET_ERRNO | errno.EACCES),
        _instruction(_RETURN, 0, 0, SECCOMP_RET_ALLOW),
    ])


def deny_network() -> bool:
    """Forbid this process (and the threads it starts later) to open IP sockets.

    Returns False, having changed nothing, where the platform has no seccomp.
    """
    known = ARCHITECTURES.get(platform.machine())
    if sys.platform != "linux" or known is None:
        return False
    program = ctypes.create_string_buffer(_program(*known))

    class Filter(ctypes.Structure):
        _fields_ = [("length", ctypes.c_ushort), ("instructions", ctypes.c_void_p)]

    libc = ctypes.CDLL(None, use_errno=True)
    described = Filter(len(program.raw) // 8, ctypes.addressof(program))
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(described), 0, 0) != 0:
        return False
    return True


def leave_network() -> bool:
    """Move this single-threaded process into a new, empty network namespace.

    Returns False, having changed nothing, where the system allows none (not Linux,
    user namespaces switched off, or a sandbox of its own that forbids them).
    """
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    for flags in (CLONE_NEWUSER | CLONE_NEWNET, CLONE_NEWNET):  # the second: privileged, no user ns
        if libc.unshare(flags) == 0:
            return True
    return False


def calls_out(message: str) -> bool:
    """Whether an engine error *message* says that it tried to reach the network (which the
    walls above stop): a failed connection, name lookup or socket, a refused port, or a
    SERVICE it could not make (one whose IRI is a variable).

    >>> calls_out("Network is unreachable (os error 101)")
    True
    >>> calls_out("The variable encoding the service name is unbound")
    True
    >>> calls_out("IO error: Corruption: block checksum mismatch")
    False
    """
    return any(sign in message for sign in _NETWORK_SIGNS) or "service" in message.casefold()


_NETWORK_SIGNS = (
    f"(os error {errno.ENETUNREACH})", f"(os error {errno.EACCES})",
    f"(os error {errno.ECONNREFUSED})", f"(os error {errno.EHOSTUNREACH})",
    f"(os error {errno.EAFNOSUPPORT})", os.strerror(errno.ENETUNREACH),
    "failed to lookup address information", "is not allowed for HTTP(S)",
)
