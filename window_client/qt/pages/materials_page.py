"""Step 6: ONE set of materials — the checklist from the plan with each material's
tag (exempt by e-licence / online verification / shared, hand in, 容缺 with its
deadline); mark paper received with copies, attach scans or PDFs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QCheckBox, QGridLayout, QLabel, QPushButton,
                               QSpinBox, QWidget)

from window_client.core.acceptance import missing_deadline
from window_client.core.engine import EXEMPT_TAGS, MaterialTag
from window_client.core.labels import FORM_LABELS, TAG_LABELS

from .base import WizardPage

if TYPE_CHECKING:
    from window_client.qt.camera import FrameSource

TAG_COLOURS = {MaterialTag.E_LICENCE: "#2e6b30", MaterialTag.ONLINE_VERIFICATION: "#2e6b30",
               MaterialTag.SHARED: "#2e6b30", MaterialTag.VERIFICATION_PENDING: "#8a5a00",
               MaterialTag.MAY_BE_MISSING: "#8a5a00", MaterialTag.HAND_IN: "#1b1f24"}


class MaterialRow:
    def __init__(self, received: QCheckBox, copies: QSpinBox, missing: QCheckBox,
                 attach: QPushButton, files: QLabel) -> None:
        self.received, self.copies, self.missing = received, copies, missing
        self.attach, self.files = attach, files


class MaterialsPage(WizardPage):
    step = "materials"
    hot_folder = ""   # set from settings: where a network scanner drops its pages
    scanner_device = ""   # set from settings: a SANE scanner (the dialog's 扫描 button)
    # set from settings: makes the document camera's frame source for a pages dialog
    # (None: not connected); the tests and the screenshots give a video file's
    camera_source: Callable[[], FrameSource | None] | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._summary_and_scroll()
        self.rows: dict[str, MaterialRow] = {}

    def enter(self, session) -> None:
        super().enter(session)
        plan = session.plan()
        state = session.state
        files = session.files()
        holder = QWidget()
        grid = QGridLayout(holder)
        headers = [self.tr("材料"), self.tr("收取方式"), self.tr("已收"), self.tr("份数"),
                   self.tr("容缺"), self.tr("扫描件")]
        for col, text in enumerate(headers):
            label = QLabel(f"<b>{text}</b>")
            grid.addWidget(label, 0, col)
        self.rows.clear()
        today = session.today()
        for r, m in enumerate(plan.materials, start=1):
            spec = m.spec
            copies = self.tr("%1份").replace("%1", str(spec.copies))
            name = QLabel(f"{spec.name}<br><span style='color:#4a5560;font-size:11pt'>"
                          f"{spec.issuer} · {FORM_LABELS[spec.form]} {copies}</span>")
            name.setWordWrap(True)
            name.setToolTip(spec.how_to_get or spec.name)
            tag_text = TAG_LABELS[m.tag]
            if m.detail and m.tag in EXEMPT_TAGS | {MaterialTag.VERIFICATION_PENDING}:
                detail = session.catalog.licence_types.get(m.detail, m.detail)
                if m.tag == MaterialTag.SHARED:
                    detail = session.one_thing.item(m.detail).name
                tag_text += f"<br><span style='font-size:11pt'>{detail}</span>"
            if m.tag == MaterialTag.MAY_BE_MISSING:
                deadline = missing_deadline(plan, spec.id, today, session.calendar)
                tag_text += self.tr("<br>补交期限 %1").replace("%1", deadline.isoformat())
            tag = QLabel(f"<span style='color:{TAG_COLOURS[m.tag]}'>{tag_text}</span>")
            tag.setWordWrap(True)
            st = state.material(spec.id)
            received = QCheckBox()
            received.setObjectName(f"received_{spec.id}")
            copies = QSpinBox()
            copies.setObjectName(f"copies_{spec.id}")
            copies.setRange(0, 20)
            missing = QCheckBox()
            missing.setObjectName(f"missing_{spec.id}")
            attach = QPushButton(self.tr("扫描/导入…"))
            attach.setObjectName(f"attach_{spec.id}")
            n_files = sum(1 for f in files if f.material_id == spec.id)
            files_label = QLabel(self.tr("%1个").replace("%1", str(n_files)) if n_files else "")
            for w in (received, copies, attach):
                w.setEnabled(m.to_hand_in)
            missing.setEnabled(m.tag == MaterialTag.MAY_BE_MISSING)
            received.setChecked(st.received)
            copies.setValue(st.copies)
            missing.setChecked(st.accept_missing)
            received.toggled.connect(lambda on, mid=spec.id, n=spec.copies: self._received(mid, on, n))
            copies.valueChanged.connect(lambda n, mid=spec.id: self._copies(mid, n))
            missing.toggled.connect(lambda on, mid=spec.id: self._missing(mid, on))
            attach.clicked.connect(lambda _c=False, mid=spec.id: self._choose_file(mid))
            for col, w in enumerate((name, tag, received, copies, missing, attach)):
                grid.addWidget(w, r, col)
            grid.addWidget(files_label, r, 6)
            self.rows[spec.id] = MaterialRow(received, copies, missing, attach, files_label)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(len(plan.materials) + 1, 1)
        self.scroll.setWidget(holder)
        s = plan.statistics
        self.summary_label.setText(
            self.tr("本次共%1项材料(分别申请需%2份),需提交%3份,其余通过电子证照、网络核验或共享免交。")
            .replace("%1", str(s.materials_merged)).replace("%2", str(s.materials_separate))
            .replace("%3", str(s.materials_to_hand_in)))

    def _received(self, material_id: str, on: bool, default_copies: int) -> None:
        st = self.session.state.material(material_id)
        st.received = on
        if on and st.copies == 0:
            st.copies = default_copies
            self.rows[material_id].copies.setValue(default_copies)
        if on:
            st.accept_missing = False
            self.rows[material_id].missing.setChecked(False)
        self.changed.emit()

    def _copies(self, material_id: str, n: int) -> None:
        self.session.state.material(material_id).copies = n
        self.changed.emit()

    def _missing(self, material_id: str, on: bool) -> None:
        st = self.session.state.material(material_id)
        st.accept_missing = on
        if on:
            st.received = False
            self.rows[material_id].received.setChecked(False)
        self.changed.emit()

    def _choose_file(self, material_id: str) -> None:
        self.open_pages(material_id)

    def open_pages(self, material_id: str):
        """The pages dialog for one material (file import, hot folder, reorder,
        rotate, delete); its result is attached as one file."""
        from window_client.qt.pages_dialog import PagesDialog
        from window_client.qt.scan_check import ScanCheckContext
        spec = next(m.spec for m in self.session.plan().materials if m.spec.id == material_id)
        check = ScanCheckContext(material_id, self.session.catalog.material_cues,
                                 self.session.people(),
                                 lambda checks: self.session.override_scan_check(material_id, checks))
        dialog = PagesDialog(spec.name,
                             lambda name, data: self.attach_data(material_id, name, data),
                             hot_folder=self.hot_folder,
                             scanner_device=self.scanner_device,
                             camera=self.camera_source() if self.camera_source else None,
                             parent=self, scan_check=check)
        dialog.open()
        self.pages_dialog = dialog
        return dialog

    def attach(self, material_id: str, path: Path) -> None:
        self.session.attach_file(material_id, path)
        self._attached(material_id)

    def attach_data(self, material_id: str, name: str, data: bytes) -> object:
        record = self.session.attach_bytes(material_id, name, data)
        self._attached(material_id)
        return record

    def _attached(self, material_id: str) -> None:
        row = self.rows[material_id]
        n = sum(1 for f in self.session.files() if f.material_id == material_id)
        row.files.setText(self.tr("%1个").replace("%1", str(n)))
        row.received.setChecked(True)
        self.changed.emit()

    def first_focus(self) -> QWidget | None:
        enabled = [r.received for r in self.rows.values() if r.received.isEnabled()]
        return enabled[0] if enabled else None
