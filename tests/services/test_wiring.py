"""The composition root: what each clerk's window is given, and the names papers
and lists show for the clerk who accepted a case."""

import subprocess

import pytest

from tests.ready_case import make_ready_case
from window_client.core.records import CaseListQuery
from window_client.core.roles import Clerk, NotPermitted, Permission
from window_client.core.workdays import WorkCalendar
from window_client.settings import Paths, Settings
from window_client.store.db import open_database
from window_client.wiring import Wiring


def wiring_on(tmp_path, catalog, **settings):
    paths = Paths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    return Wiring(paths, Settings(**settings), catalog, open_database(tmp_path / "w.sqlite3"),
                  calendar=WorkCalendar(), has_platform=False)


def test_the_role_decides_the_issuance_counter_and_no_client_means_no_sync(tmp_path, catalog):
    wiring = wiring_on(tmp_path, catalog)
    clerk = wiring.for_clerk(Clerk("wangli", "王丽", "clerk"))
    manager = wiring.for_clerk(Clerk("lisi", "李四", "manager"))
    admin = wiring.for_clerk(Clerk("root", "管理员", "admin"))
    # every window is given the counter's service; the role decides inside it
    assert not clerk.may(Permission.ISSUE) and manager.may(Permission.ISSUE) \
        and admin.may(Permission.ISSUE)
    with pytest.raises(NotPermitted):
        clerk.issuance.queue()
    assert manager.issuance.queue() == []
    assert clerk.sync is None and clerk.lookup is None
    assert clerk.read_card is None   # idcard_reader "none"
    assert wiring_on(tmp_path / "b", catalog, idcard_reader="simulator") \
        .for_clerk(Clerk("wangli", "王丽", "clerk")).read_card is not None


def test_lists_details_and_papers_name_the_accepting_clerk_not_the_user_name(tmp_path, catalog):
    wiring = wiring_on(tmp_path, catalog)
    wiring.accounts.create("wangli", "王丽", "window2026")
    case_id = make_ready_case(wiring.cases, wiring.sync)   # accepted by wangli
    manager = wiring.for_clerk(Clerk("lisi", "李四", "manager"))   # another clerk looks
    page = manager.cases.first_page(CaseListQuery(), 50)
    assert [r.clerk_name for r in page.rows] == ["王丽"]
    assert manager.cases.details(case_id).clerk_name == "王丽"
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(manager.documents.case_pdf("receipt", case_id))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "受理人:王丽" in text.replace(" ", "") and "wangli" not in text
    # an account unknown here (a platform clerk not yet seen) keeps the user name
    assert wiring.clerk_names("zhaoliu") == "zhaoliu"
    wiring.accounts.create("zhaoliu", "赵六", "window2026")
    assert wiring.clerk_names("zhaoliu") == "赵六"   # read again on a miss
