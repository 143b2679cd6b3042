"""A small adapter on libcups (ctypes, no Qt): the state of a print queue, a PDF
handed to a queue as it is, and the state of a job afterwards.

Why the app talks to CUPS itself on Linux (Qt's ``QPrinter`` still lists the
printers and shows the preview): ``QPrinter`` on CUPS writes what was painted into
a PDF and gives it to ``cupsPrintFile`` without looking at the answer — a stopped
queue, a queue refusing jobs (``cupsreject``) or a job the filters stopped all
"succeed" for the app, and the CUPS job id is never known. The documents are
already PDFs, so they go to CUPS unchanged (text and barcode bars stay vectors;
``pdftopdf`` is the filter chain's own entry), in memory through
``cupsCreateJob``/``cupsStartDocument`` — no plain copy of a receipt is written to
a temporary file. The server is libcups's: ``CUPS_SERVER``, ``~/.cups/client.conf``
or the local scheduler, as for every CUPS client.

Nothing here holds personal data: queue names, job ids, states and CUPS's own
(English) messages."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import threading
from dataclasses import dataclass

logger = logging.getLogger(__name__)

#: printer-state (RFC 8011): 3 idle, 4 processing, 5 stopped
PRINTER_STATES = {3: "idle", 4: "processing", 5: "stopped"}
#: job-state: 3 pending … 9 completed
JOB_STATES = {3: "pending", 4: "held", 5: "processing", 6: "stopped", 7: "canceled",
              8: "aborted", 9: "completed"}
FINISHED = frozenset({"canceled", "aborted", "completed"})
_HTTP_CONTINUE = 100
_WHICHJOBS_ALL = -1


class CupsError(Exception):
    """CUPS refused or failed a request; ``detail`` is CUPS's own message (English,
    for the log), ``status`` its IPP status code."""

    def __init__(self, detail: str, status: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status


class _Option(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("value", ctypes.c_char_p)]


class _Dest(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("instance", ctypes.c_char_p),
                ("is_default", ctypes.c_int), ("num_options", ctypes.c_int),
                ("options", ctypes.POINTER(_Option))]


class _Job(ctypes.Structure):
    _fields_ = [("id", ctypes.c_int), ("dest", ctypes.c_char_p), ("title", ctypes.c_char_p),
                ("user", ctypes.c_char_p), ("format", ctypes.c_char_p),
                ("state", ctypes.c_int), ("size", ctypes.c_int), ("priority", ctypes.c_int),
                ("completed_time", ctypes.c_long), ("creation_time", ctypes.c_long),
                ("processing_time", ctypes.c_long)]


@dataclass(frozen=True)
class QueueState:
    name: str
    state: str                  # idle, processing, stopped
    accepting: bool             # False after cupsreject
    reasons: tuple[str, ...]    # printer-state-reasons ("none" dropped)
    message: str                # printer-state-message (CUPS's, English)

    @property
    def ready(self) -> bool:
        return self.accepting and self.state != "stopped"


@dataclass(frozen=True)
class JobState:
    id: int
    state: str                  # one of JOB_STATES' values

    @property
    def finished(self) -> bool:
        return self.state in FINISHED


_lib: ctypes.CDLL | None = None
_lib_lock = threading.Lock()


def _load() -> ctypes.CDLL | None:
    global _lib
    with _lib_lock:
        if _lib is None:
            name = ctypes.util.find_library("cups") or "libcups.so.2"
            try:
                lib = ctypes.CDLL(name)
            except OSError:
                return None
            lib.cupsGetNamedDest.restype = ctypes.POINTER(_Dest)
            lib.cupsGetNamedDest.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
            lib.cupsGetOption.restype = ctypes.c_char_p
            lib.cupsGetOption.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(_Option)]
            lib.cupsFreeDests.argtypes = [ctypes.c_int, ctypes.POINTER(_Dest)]
            lib.cupsAddOption.restype = ctypes.c_int
            lib.cupsAddOption.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int,
                                          ctypes.POINTER(ctypes.POINTER(_Option))]
            lib.cupsFreeOptions.argtypes = [ctypes.c_int, ctypes.POINTER(_Option)]
            lib.cupsCreateJob.restype = ctypes.c_int
            lib.cupsCreateJob.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                          ctypes.c_int, ctypes.POINTER(_Option)]
            lib.cupsStartDocument.restype = ctypes.c_int
            lib.cupsStartDocument.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                              ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
            lib.cupsWriteRequestData.restype = ctypes.c_int
            lib.cupsWriteRequestData.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                                 ctypes.c_size_t]
            lib.cupsFinishDocument.restype = ctypes.c_int
            lib.cupsFinishDocument.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
            lib.cupsCancelJob2.restype = ctypes.c_int
            lib.cupsCancelJob2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                           ctypes.c_int]
            lib.cupsLastErrorString.restype = ctypes.c_char_p
            lib.cupsLastError.restype = ctypes.c_int
            lib.cupsGetJobs2.restype = ctypes.c_int
            lib.cupsGetJobs2.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.POINTER(_Job)),
                                         ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
            lib.cupsFreeJobs.argtypes = [ctypes.c_int, ctypes.POINTER(_Job)]
            lib.cupsSetServer.argtypes = [ctypes.c_char_p]
            _lib = lib
        return _lib


def available() -> bool:
    """libcups can be loaded (Linux, macOS; not Windows)."""
    return _load() is not None


def _required() -> ctypes.CDLL:
    lib = _load()
    if lib is None:
        raise CupsError("libcups is not installed")
    return lib


def _error(lib: ctypes.CDLL) -> CupsError:
    text = lib.cupsLastErrorString()
    return CupsError(text.decode("utf-8", "replace") if text else "unknown CUPS error",
                     lib.cupsLastError())


def use_server(server: str | None) -> None:
    """Points this thread's libcups at ``server`` (None: read ``CUPS_SERVER`` and
    client.conf again). libcups caches its server per thread at first use."""
    _required().cupsSetServer(server.encode() if server else None)


def queue_state(name: str) -> QueueState | None:
    """The queue's state from the scheduler, or None when CUPS knows no such queue
    (or no scheduler answers)."""
    lib = _required()
    dest = lib.cupsGetNamedDest(None, name.encode(), None)
    if not dest:
        return None
    try:
        d = dest.contents

        def option(key: str) -> str:
            value = lib.cupsGetOption(key.encode(), d.num_options, d.options)
            return value.decode("utf-8", "replace") if value else ""

        state = int(option("printer-state") or 3)
        reasons = tuple(r for r in option("printer-state-reasons").split(",") if r and r != "none")
        return QueueState(name=name, state=PRINTER_STATES.get(state, "idle"),
                          accepting=option("printer-is-accepting-jobs").lower() != "false",
                          reasons=reasons, message=option("printer-state-message"))
    finally:
        lib.cupsFreeDests(1, dest)


def submit_pdf(name: str, pdf: bytes, title: str, options: dict[str, str] | None = None) -> int:
    """Gives ``pdf`` to queue ``name`` as one job; returns the CUPS job id. Raises
    CupsError when the queue refuses it (rejecting jobs, unknown, not allowed)."""
    lib = _required()
    opts = ctypes.POINTER(_Option)()
    count = 0
    for key, value in (options or {}).items():
        count = lib.cupsAddOption(key.encode(), value.encode(), count, ctypes.byref(opts))
    try:
        job = lib.cupsCreateJob(None, name.encode(), title.encode(), count, opts)
        if job <= 0:
            raise _error(lib)
        if lib.cupsStartDocument(None, name.encode(), job, title.encode(),
                                 b"application/pdf", 1) != _HTTP_CONTINUE:
            error = _error(lib)
            lib.cupsCancelJob2(None, name.encode(), job, 0)
            raise error
        if lib.cupsWriteRequestData(None, pdf, len(pdf)) != _HTTP_CONTINUE:
            error = _error(lib)
            lib.cupsFinishDocument(None, name.encode())
            lib.cupsCancelJob2(None, name.encode(), job, 0)
            raise error
        status = lib.cupsFinishDocument(None, name.encode())
        if status > 0xFF:   # successful-ok* are 0x0000–0x00FF
            raise _error(lib)
        logger.info("CUPS job %s on %s (%d bytes)", job, name, len(pdf))
        return int(job)
    finally:
        lib.cupsFreeOptions(count, opts)


def job_state(name: str, job_id: int) -> JobState | None:
    """The job's state, or None when CUPS no longer knows it (or never did)."""
    lib = _required()
    jobs = ctypes.POINTER(_Job)()
    count = lib.cupsGetJobs2(None, ctypes.byref(jobs), name.encode(), 0, _WHICHJOBS_ALL)
    try:
        for i in range(max(count, 0)):
            if jobs[i].id == job_id:
                return JobState(job_id, JOB_STATES.get(jobs[i].state, "pending"))
        return None
    finally:
        if count > 0:
            lib.cupsFreeJobs(count, jobs)


def cancel(name: str, job_id: int) -> None:
    lib = _required()
    if lib.cupsCancelJob2(None, name.encode(), job_id, 0) > 0xFF:
        raise _error(lib)
