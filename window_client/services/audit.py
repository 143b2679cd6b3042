"""Audit of views (issue 16): who opened a case's details, viewed or printed a scan,
exported data, printed or reprinted a paper — one row each in the audit log
(store/audit.py: append-only, hash-chained). The views call this service; it is
built per signed-in clerk by ``Wiring.for_clerk``, so the clerk is not the view's to
say. A scan's bytes are read only through ``open_scan``, which audits first.

A hall manager (``Permission.EXPORT_AUDIT``) checks the chain and exports a date
range as CSV (UTF-8 with a BOM, for Excel) or XLSX, hash columns and the
verification line included. Anyone else is refused (NotPermitted) and the refusal
is audited (services/permissions.py)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from window_client.core import labels, messages
from window_client.core.records import AuditEntry, ChainStatus, FileRecord
from window_client.core.roles import Clerk, Permission
from window_client.services.permissions import Guard, RefusalLog, requires
from window_client.store.audit import AuditStore

# the actions of this service (audit_log.action); labels.AUDIT_ACTION_LABELS names them
VIEW_CASE = "view_case"
VIEW_SCAN = "view_scan"
PRINT_SCAN = "print_scan"
EXPORT = "export"
PRINT = "print"
REPRINT = "reprint"
AUDIT_EXPORTED = "audit_exported"
AUDIT_CHECKED = "audit_checked"
REFUSED = "refused"


@dataclass(frozen=True)
class ScanCopy:
    """A stored scan as the viewer shows it."""
    file: FileRecord
    data: bytes


@dataclass(frozen=True)
class AuditExport:
    path: Path
    rows: int
    status: ChainStatus


def describe(status: ChainStatus) -> str:
    """The chain's state in Chinese (the view and the export's verification line)."""
    if status.broken_id is not None:
        template = (messages.AUDIT_CHAIN_CHANGED if status.reason == "changed"
                    else messages.AUDIT_CHAIN_UNLINKED)
        return template.format(id=status.broken_id, rows=status.rows)
    if status.rows == 0:
        return messages.AUDIT_CHAIN_EMPTY
    return messages.AUDIT_CHAIN_OK.format(rows=status.rows, head=status.head)


def _read_file(f: FileRecord) -> bytes:
    return Path(f.stored_path).read_bytes()


class AuditService:
    OPEN_TO_EVERY_ROLE: frozenset[str] = frozenset({"viewed_case", "open_scan", "printed_scan",
                                                    "printed", "exported", "may_export"})

    def __init__(self, store: AuditStore, clerk: Clerk, *,
                 files: Callable[[str], Sequence[FileRecord]] = lambda _case: (),
                 read_file: Callable[[FileRecord], bytes] = _read_file,
                 now: Callable[[], dt.datetime] = dt.datetime.now,
                 refusals: RefusalLog | None = None) -> None:
        self.store, self.clerk = store, clerk
        self.guard = Guard(clerk, refusals)
        self._files, self._read_file, self._now = files, read_file, now

    def _write(self, action: str, case_ids: Sequence[str | None] = (None,),
               detail: str = "") -> None:
        self.store.record(self.clerk.username, action, case_ids, detail[:500])

    # -- what every clerk does ---------------------------------------------------------
    def viewed_case(self, case_id: str) -> None:
        """The case's details were opened."""
        self._write(VIEW_CASE, [case_id])

    def open_scan(self, case_id: str, file_id: int) -> ScanCopy:
        """A stored scan of the case, for the viewer: audited before it is read
        (LookupError for a file the case does not have)."""
        found = next((f for f in self._files(case_id) if f.id == file_id), None)
        if found is None:
            raise LookupError(file_id)
        self._write(VIEW_SCAN, [case_id], f"file={file_id} material={found.material_id}")
        return ScanCopy(found, self._read_file(found))

    def printed_scan(self, case_id: str, file_id: int, target: str) -> None:
        self._write(PRINT_SCAN, [case_id], f"file={file_id} target={target}")

    def printed(self, kind: str, ref: str, target: str, *, reprint: bool) -> None:
        """A paper printed (or saved as PDF). ``ref`` is what printing.py keys the
        print log by: the case, the issuance (出件登记单) or the one-thing (办事指南)."""
        case_id: str | None = ref
        detail = f"kind={kind} target={target}"
        if kind == "guide":
            case_id, detail = None, f"kind=guide one_thing={ref} target={target}"
        elif kind == "handover":
            case_id = self.store.case_of_issuance(ref)
            detail = f"kind=handover issuance={ref} target={target}"
        self._write(REPRINT if reprint else PRINT, [case_id], detail)

    def exported(self, what: str, target: Path | str, *, case_ids: Sequence[str] = (),
                 provisional_nos: Sequence[str] = ()) -> None:
        """Data left the store (the board, the outbox folder …): one row per case
        exported, or one row without a case."""
        ids: list[str | None] = [*case_ids, *self.store.case_ids(provisional_nos)]
        self._write(EXPORT, ids or [None], f"what={what} target={target}")

    # -- the hall manager ----------------------------------------------------------------
    @property
    def may_export(self) -> bool:
        return self.guard.permits(Permission.EXPORT_AUDIT)

    @requires(Permission.EXPORT_AUDIT)
    def check(self) -> ChainStatus:
        """The whole chain verified (managers; NotPermitted otherwise)."""
        return self.store.verify()

    @requires(Permission.EXPORT_AUDIT)
    def entries(self, start: dt.date, end: dt.date) -> list[AuditEntry]:
        """The rows from ``start`` to ``end`` (both days included)."""
        return self.store.entries(*_bounds(start, end))

    @requires(Permission.EXPORT_AUDIT)
    def export(self, start: dt.date, end: dt.date, path: Path | str) -> AuditExport:
        """The rows from ``start`` to ``end`` (days included) with their hashes and a
        verification line of the whole chain: XLSX for a .xlsx path, else CSV with a
        UTF-8 BOM. Audited; NotPermitted (audited as well) for a clerk."""
        path = Path(path)
        rows = self.store.entries(*_bounds(start, end))
        status = self.store.verify()
        header: list[str | int] = list(labels.AUDIT_EXPORT_COLUMNS)
        table = [header] + [_cells(e) for e in rows]
        footer = [[labels.AUDIT_EXPORT_VERIFY, describe(status)],
                  [labels.AUDIT_EXPORT_BY, messages.AUDIT_EXPORTED_BY.format(
                      clerk=self.clerk.username, at=self._now(), start=start.isoformat(),
                      end=end.isoformat(), count=len(rows))]]
        if path.suffix.lower() == ".xlsx":
            _write_xlsx(path, table, footer)
        else:
            with open(path, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerows([[_no_formula(c) for c in row] for row in table])
                writer.writerow([])
                writer.writerows(footer)
        chain = "ok" if status.ok else f"broken@{status.broken_id}"
        self._write(AUDIT_EXPORTED, [None],
                    f"from={start.isoformat()} to={end.isoformat()} rows={len(rows)} "
                    f"chain={chain} target={path}")
        return AuditExport(path, len(rows), status)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(start, dt.time()),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))


def _cells(e: AuditEntry) -> list[str | int]:
    return [e.id, e.at.strftime("%Y-%m-%d %H:%M:%S"), e.clerk,
            labels.AUDIT_ACTION_LABELS.get(e.action, e.action), e.action, e.case_no or "",
            e.case_id or "", e.detail, e.prev_hash, e.row_hash]


def _no_formula(cell: str | int) -> str | int:
    """A CSV cell Excel would run as a formula, kept as text (OWASP's quote)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def _write_xlsx(path: Path, table: list[list[str | int]], footer: list[list[str]]) -> None:
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = labels.AUDIT_EXPORT_SHEET
    for row in table:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"   # text, never a formula (a typed user name)
    sheet.append([])
    for line in footer:
        sheet.append(line)
    for col, width in zip("ABCDEFGHIJ", (8, 20, 12, 16, 14, 24, 38, 40, 66, 66), strict=True):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
    book.save(path)
