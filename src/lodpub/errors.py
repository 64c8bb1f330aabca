"""The error tree: every error a user can cause, with an HTTP status and a hint."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path


class LodpubError(Exception):
    """Base of every error lodpub raises on purpose.

    ``status`` is the HTTP status the web layer answers with; the CLI exits 1.
    """

    status = 500

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


@dataclass(frozen=True)
class Location:
    """Where in the content a problem is: a file, optionally a line, entity and field."""

    path: str
    line: int | None = None
    key: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.key:
            parts.append(f"'{self.key}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


def undecodable(data: bytes, error: UnicodeDecodeError, encoding: str = "UTF-8",
                offset: int = 0) -> tuple[int, str]:
    """Where *data* stops being text, as (line, "not UTF-8 text (byte N is 0xNN)").

    *offset* counts bytes of the file before *data* (a byte-order mark left out).

    >>> data = "Vännäs".encode("latin-1")
    >>> try:
    ...     data.decode("utf-8")
    ... except UnicodeDecodeError as error:
    ...     undecodable(data, error)
    (1, 'not UTF-8 text (byte 1 is 0xe4)')
    """
    line = data[:error.start].count(b"\n") + 1
    return line, f"not {encoding} text (byte {error.start + offset} is 0x{data[error.start]:02x})"


class ConfigError(LodpubError):
    """lodpub.toml is missing, unreadable or holds a bad setting."""

    status = 500


class SourceError(LodpubError):
    """A content file cannot be read or holds a value that is not what is expected."""

    status = 422

    def __init__(self, location: Location, message: str, hint: str | None = None):
        super().__init__(f"{location}: {message}", hint)
        self.location = location


@dataclass
class SourceErrors(LodpubError):
    """Several source errors found in one pass, reported together."""

    errors: list[SourceError] = field(default_factory=list)
    status = 422

    def __post_init__(self):
        LodpubError.__init__(self, self._message())

    def _message(self) -> str:
        count = len(self.errors)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the content:"]
        lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.message


class ValidationFailed(LodpubError):
    """The mapped graph violates the shapes; nothing is published."""

    status = 422

    def __init__(self, report):
        super().__init__(f"validation failed: {report.violation_count} violation(s)")
        self.report = report


class BuildNotFound(LodpubError):
    """The project has no build yet."""

    status = 503

    def __init__(self, project_dir: Path):
        super().__init__(
            f"{project_dir} has no build yet",
            hint=f"run: lodpub build {project_dir}",
        )


class DiskFull(LodpubError):
    """A write failed for want of space: the disk, a quota or the file size limit."""

    status = 507


_NO_SPACE = {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "the disk quota is used up",
             errno.EFBIG: "the file size limit was reached"}


def disk_full(error: BaseException) -> DiskFull | None:
    """The clear error for *error* when it means a write ran out of space, else None.

    >>> print(disk_full(OSError(errno.ENOSPC, "No space left on device", "_build/x.ttl")))
    cannot write _build/x.ttl: no space left on the device
      hint: free some space and run the command again
    >>> disk_full(OSError(errno.ENOENT, "No such file or directory")) is None
    True
    """
    reason = _NO_SPACE.get(getattr(error, "errno", None))
    if reason is None and isinstance(error, OSError):  # the store engine's errors carry no errno
        text = str(error)
        reason = next((reason for number, reason in _NO_SPACE.items()
                       if os.strerror(number) in text), None)
    if reason is None:
        return None
    what = getattr(error, "filename", None) or _engine_file(str(error))
    return DiskFull(f"cannot write {what}: {reason}" if what else f"cannot write: {reason}",
                    hint="free some space and run the command again")


def _engine_file(text: str) -> str | None:
    """The file an error message of the store engine names (``...file: PATH: reason``)."""
    marker = "file: "
    if marker not in text:
        return None
    return text.rsplit(marker, 1)[1].rsplit(": ", 1)[0]


class NotFound(LodpubError):
    status = 404


class WriteRefused(LodpubError):
    """The write API refuses a change, and nothing changed.

    *status* says why: 400 the request's fields, 404 no such entity, 409 it exists
    already, 412 the ``If-Match`` precondition, 422 the content would violate the
    shapes. *problems* name each field (``{"field": …, "message": …}``); *report* is
    the SHACL report as JSON where the shapes refused it.
    """

    def __init__(self, status: int, message: str, problems: list[dict] | None = None,
                 hint: str | None = None, report: dict | None = None):
        super().__init__(message, hint)
        self.status = status
        self.problems = problems or []
        self.report = report


class Gone(LodpubError):
    status = 410


class NotAcceptable(LodpubError):
    status = 406


class BadQuery(LodpubError):
    status = 400


class QueryTimeout(LodpubError):
    status = 503


class ServerBusy(LodpubError):
    """Refused for now, not for what was asked: the client may try again after *retry_after* s.

    *reason* is the short phrase of the status line, which HTTP libraries put in the
    error they show (``HTTP Error 503: Busy, try again in 2 s``).
    """

    status = 503

    def __init__(self, message: str, hint: str | None = None, *, retry_after: int):
        super().__init__(message, hint)
        self.retry_after = retry_after
        self.reason = f"Busy, try again in {retry_after} s"
