"""Take the network away from the evaluator process: a seccomp filter that refuses IP sockets.

A second wall behind the query checks: even a query that slipped past them
could not open a connection, because the process can no longer create an
IPv4 or IPv6 socket (``socket()`` fails with EACCES). Files, pipes and Unix
sockets are untouched. Linux on x86-64 and ARM64 only; elsewhere it does nothing
and says so.
"""

from __future__ import annotations

import ctypes
import errno
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
