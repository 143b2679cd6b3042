"""Command line: ``python -m window_client catalog|show|plan|sync|db|security ...`` — also
the ops tools. Bad arguments give a clear message and a non-zero exit (2), a
broken catalog exit 3, a damaged database exit 4 (with the command that restores
the latest good backup), a full disk exit 5 — never a traceback. ``catalog lint``
checks the catalog's configuration instead: exit 1 when it finds an error (a
catalog that does not load is one), 0 otherwise. A data key that cannot be had
(no keyring, not set, recovery needed) exits 7 with what IT must do."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any
from collections.abc import Sequence

from window_client.catalog.loader import CATALOG_DIR, CatalogError, load_catalog
from window_client.core.catalog import Catalog
from window_client.core.definition import ReviewState
from window_client.core.engine import Plan, compute_plan
from window_client.core.workdays import WorkCalendar
from window_client.resources import resource
from window_client.security.keys import KeyProblem
from window_client.settings import SettingsError, SettingsFiles
from window_client.core.storage_errors import DatabaseDamaged, StorageFull, StorageUnavailable


class UsageError(Exception):
    pass


def _one_thing(catalog: Catalog, ref: str):
    one = catalog.find(ref)
    if one is None:
        row = catalog.row_by_name(ref)
        if row is not None or (ref.isdigit() and int(ref) in catalog.rows):
            raise UsageError(f"“{ref}”在目录中,但尚未配置(待配置),不能计算办理方案")
        raise UsageError(f"目录中没有“{ref}”;用 `python -m window_client catalog` 查看编号和名称")
    return one


def _read_json(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"无法读取{what}文件 {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{what}文件 {path} 不是有效的JSON(第{exc.lineno}行): {exc.msg}") from None


def plan_to_dict(plan: Plan, catalog: Catalog) -> dict[str, Any]:
    one = plan.one_thing
    return {
        "one_thing": {"id": one.id, "name": one.name, "seed_row": one.seed_row,
                      "catalog_version": catalog.version},
        "questions": [{"id": q.id, "text": q.text, "kind": q.kind.value,
                       "answer": plan.answers.get(q.id)} for q in plan.questions],
        "unanswered": list(plan.unanswered),
        "answer_problems": dict(plan.answer_problems),
        "items": [{"code": i.code, "name": i.name, "department": i.department,
                   "department_name": catalog.department_name(i.department),
                   "promised_days": i.promised_days, "depends_on": list(i.depends_on),
                   "outputs": [o.name for o in i.outputs]} for i in plan.items],
        "form": [{"section": s.section.id, "label": s.section.label,
                  "fields": [{"key": f.key, "label": f.entry.label, "type": f.entry.type.value,
                              "required": f.required, "items": list(f.items),
                              "sources": [src.value for src in f.sources]}
                             for f in s.fields]} for s in plan.form],
        "materials": [{"id": m.spec.id, "name": m.spec.name, "issuer": m.spec.issuer,
                       "form": m.spec.form.value, "copies": m.spec.copies,
                       "items": list(m.items), "tag": m.tag.value, "detail": m.detail,
                       "key": m.spec.key, "missing_allowed_days": m.spec.missing_allowed_days}
                      for m in plan.materials],
        "due_date": plan.due_date.isoformat(),
        "due_date_estimated": plan.due_date_estimated,
        "statistics": vars(plan.statistics),
    }


def _review(catalog: Catalog, one: Any) -> dict[str, str]:
    """The review state of a one-thing or a library item."""
    review = one.review
    return {"state": review.state.value, "unit": review.unit,
            "unit_name": catalog.department_name(review.unit) if review.unit else "",
            "date": review.date}


def cmd_catalog(catalog: Catalog, args: argparse.Namespace) -> int:
    """Every row of attachment 1; a configured one-thing with its review state and
    whether this hall offers it (``disabled_one_things`` in the settings file)."""
    if args.coverage or args.markdown:
        from window_client.catalog.coverage import coverage, markdown, text_report
        cats = coverage(catalog)
        print(markdown(cats, catalog.version) if args.markdown else text_report(cats), end=""
              if args.markdown else "\n")
        return 0
    from window_client.settings import Paths, load_settings
    settings = load_settings(Paths.default().settings_files)
    enabled = catalog.enabled_ids(settings.disabled_one_things)
    entries = catalog.entries()
    if args.json:
        print(json.dumps([{"seq": e.row.seq, "category": e.row.category,
                           "name": e.row.name, "configured": e.configured,
                           "id": e.definition.id if e.definition else None,
                           "lead_units": [catalog.department_name(d) for d in e.row.lead_unit_ids],
                           "flags": list(e.row.flags),
                           "review": _review(catalog, e.definition) if e.definition else None,
                           "enabled": e.definition is not None and e.definition.id in enabled,
                           "items": [{"code": i.code, "name": i.name,
                                      "department": catalog.department_name(i.department),
                                      "review": _review(catalog, catalog.items[i.code])
                                      if i.code in catalog.items else None}
                                     for i in e.definition.items] if e.definition else []}
                          for e in entries],
                         ensure_ascii=False, indent=1))
        return 0
    for e in entries:
        state = f"已配置 {e.definition.id}" if e.definition else "待配置"
        if e.definition is not None:
            if e.definition.review.state == ReviewState.DRAFT:
                state += " 待审核"
            if e.definition.id not in enabled:
                state += " 已停用"
        flags = "  [" + ",".join(e.row.flags) + "]" if "name_missing" in e.row.flags else ""
        print(f"{e.row.seq:>4}  {e.row.category:<10} {e.display_name:<30} {state}{flags}")
    configured = sum(1 for e in entries if e.configured)
    print(f"共{len(entries)}项,已配置{configured}项(本大厅启用{len(enabled)}项),"
          f"目录版本 {catalog.version}")
    return 0


def cmd_catalog_search(catalog: Catalog, args: argparse.Namespace) -> int:
    """The pick page's search, as the clerk would see it: the first hits, best first."""
    from window_client.catalog.loader import load_pinyin_cache
    from window_client.core.search import catalog_index
    entries = {e.row.seq: e for e in catalog.entries()}
    hits = catalog_index(entries.values(), cache=load_pinyin_cache()).search(
        args.query, limit=args.limit)
    rows = [{"rank": n, "seq": h.key, "score": h.score,
             "id": entries[h.key].definition.id if entries[h.key].definition else None,
             "name": entries[h.key].display_name} for n, h in enumerate(hits, 1)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(f"“{args.query}”没有找到一件事")
    for r in rows:
        print(f"{r['rank']:>2}. 第{r['seq']}行 {r['name']}  {r['id'] or '(待配置)'}  得分{r['score']}")
    return 0


def cmd_catalog_lint(_catalog: Catalog | None, args: argparse.Namespace) -> int:
    """The catalog's findings grouped by file, and a summary; exit 1 when there is an
    error. A catalog that does not load is reported as its load errors."""
    from window_client.catalog.lint import Severity, lint, load_findings, report_lines
    root = Path(args.root) if args.root else CATALOG_DIR
    if not root.is_dir():
        raise UsageError(f"目录文件夹不存在:{root}")
    loaded = True
    try:
        findings = lint(load_catalog(root))
    except CatalogError as exc:
        loaded = False
        findings = load_findings(exc.problems)
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    if args.json:
        print(json.dumps({"root": str(root), "loaded": loaded, "errors": errors,
                          "warnings": len(findings) - errors,
                          "findings": [{"severity": f.severity.value, "file": f.file,
                                        "check": f.check, "message": f.message}
                                       for f in findings]},
                         ensure_ascii=False, indent=1))
    else:
        if not loaded:
            print("目录未能加载:先修正以下错误,其余检查在目录能加载后进行。")
        print("\n".join(report_lines(findings)))
    return 1 if errors else 0


def cmd_show(catalog: Catalog, args: argparse.Namespace) -> int:
    one = _one_thing(catalog, args.one_thing)
    if args.json:
        print(json.dumps(one.model_dump(mode="json", exclude={"questions", "items", "fields",
                                                                "materials"}),
                         ensure_ascii=False, indent=1))
        return 0
    print(f"{one.name}  (id {one.id},附件1第{one.seed_row}行)")
    print("牵头单位:" + "、".join(catalog.department_name(d) for d in one.lead_units))
    print("责任单位:" + "、".join(catalog.department_name(d) for d in one.responsible_units))
    print(f"承诺时限:{one.promised_days}个工作日")
    print(one.guide.rstrip())
    print("事项:")
    for item in one.items:
        after = f"(在{'、'.join(item.depends_on)}之后)" if item.depends_on else ""
        print(f"  {item.code}  {item.name}  {catalog.department_name(item.department)}  "
              f"法定{item.legal_days}/承诺{item.promised_days}个工作日{after}")
    print("情景问题:")
    for q in one.questions:
        cond = "(有条件显示)" if q.when else ""
        print(f"  {q.id}  {q.text}{cond}")
    print(f"表单字段{len({f.key for f in one.fields})}个,材料{len(one.materials)}项")
    return 0


def cmd_plan(catalog: Catalog, args: argparse.Namespace) -> int:
    one = _one_thing(catalog, args.one_thing)
    answers = _read_json(args.answers, "情景答案") if args.answers else one.default_answers()
    if not isinstance(answers, dict):
        raise UsageError("情景答案文件应为JSON对象,如 {\"register_household\": true}")
    licences = _read_json(args.licences, "电子证照") if args.licences else []
    if not (isinstance(licences, list) and all(isinstance(x, str) for x in licences)):
        raise UsageError("电子证照文件应为字符串数组,如 [\"resident_id_card\"]")
    unknown = sorted(set(answers) - {q.id for q in one.questions})
    if unknown:
        raise UsageError(f"情景答案中有未知问题:{', '.join(unknown)}")
    try:
        start = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        raise UsageError(f"--date 应为 YYYY-MM-DD,收到 {args.date}") from None
    calendar = WorkCalendar.from_file(resource("calendar", "holidays.json"))
    plan = compute_plan(one, catalog.dictionary, answers, licences=licences,
                        online=not args.offline, start=start, calendar=calendar)
    data = plan_to_dict(plan, catalog)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(f"{one.name}:适用事项{len(plan.items)}项,承诺办结日期 {plan.due_date}"
          + ("(含未公布的节假日,按周末估算)" if plan.due_date_estimated else ""))
    for item in data["items"]:
        print(f"  {item['name']}  {item['department_name']}")
    s = plan.statistics
    print(f"表单:分别申请{s.fields_separate}项 → 合并后{s.fields_merged}项,需手工填写{s.fields_to_type}项")
    print(f"材料:分别申请{s.materials_separate}份 → 合并后{s.materials_merged}份,需提交{s.materials_to_hand_in}份")
    for q, problem in plan.answer_problems.items():
        print(f"  答案有误 {q}: {problem}")
    return 0


def cmd_sync(catalog: Catalog, args: argparse.Namespace) -> int:
    from window_client.settings import Paths
    from window_client.wiring import Wiring

    wiring = Wiring.for_command_line(Paths.default(), catalog)
    sync = wiring.command_line_sync()   # the window's steps, the last online clerk's token
    if args.action == "status":
        overview = sync.overview()
        st = overview.status
        print(f"平台:{wiring.settings.platform_url}")
        print(f"待提交{st['queued']}件(等待重试{st['waiting_retry']}件,需人工处理{st['stuck']}件)")
        print(f"上次成功同步:{st['last_success'] or '从未'};上次同步:{st['last_run'] or '从未'}")
        if st["last_error"]:
            print(f"上次错误:{st['last_error']}")
        for q in overview.queued:
            if q.attempts:
                mark = "需人工处理" if q.stuck else f"第{q.attempts}次失败,{q.next_attempt_at:%H:%M:%S}重试"
                print(f"  {q.provisional_no}  {mark}  {q.last_error}")
        return 0
    if args.action == "now":
        report = sync.run_once()
        print(f"已提交{len(report.submitted)}件,收到{report.events}条办件动态"
              + ("" if report.online else ",平台不可达"))
        for no, error in report.failed:
            print(f"  {no}: {error}")
        if report.error:
            print(f"错误:{report.error}", file=sys.stderr)
        return 0 if report.online and not report.error else 1
    if not args.dir:
        raise UsageError("export 需要目标文件夹:sync export DIR")
    written = sync.export_to(Path(args.dir))
    print(f"已导出{len(written)}件到 {args.dir}")
    return 0


DB_RESTORE_HINT = "恢复最近一次正常的备份:python -m window_client db restore(安装版:window-client cli db restore)"


def _damage_message(exc: DatabaseDamaged) -> str:
    return (f"错误:本机数据库已损坏:{exc.reason}。\n文件:{exc.path}\n"
            f"损坏的文件会在恢复时原样保留给技术支持。\n{DB_RESTORE_HINT}")


def cmd_hall(catalog: Catalog | None, args: argparse.Namespace) -> int:
    """The hall profile (hall.json, every OS account of this machine reads it):
    ``show`` each key with where its value comes from; ``set key=value …`` writes it
    (IT, as root/administrator; the Windows setup runs it), validated before anything
    is written, and makes the shared numbers folder writable for every account."""
    from window_client.settings import (DEFAULTS, HALL_KEYS, LABELS, PROFILE_LABELS, Paths,
                                        load_layers, write_hall_profile)
    paths = Paths.default()
    profile = Path(args.file) if args.file else paths.hall_profile
    if args.action == "set":
        values: dict[str, Any] = {}
        for pair in args.pairs:
            key, sep, raw = pair.partition("=")
            if not sep or (key not in LABELS and key not in PROFILE_LABELS):
                raise UsageError(f"“{pair}”应为 键=值,键是可设置的项之一(见 README“大厅配置”)")
            if isinstance(DEFAULTS.get(key), str):
                values[key] = raw
            else:
                try:
                    values[key] = json.loads(raw)
                except ValueError:
                    raise UsageError(f"{key} 的值“{raw}”不是有效的 JSON") from None
        if not values:
            raise UsageError("请给出要设置的项,如 hall set hall_name=于都县政务服务中心 window_code=W02")
        loaded = write_hall_profile(profile, values)
        print(f"已写入大厅配置 {profile}")
        folder = Path(loaded.settings.shared_dir) if loaded.settings.shared_dir \
            else paths.shared_numbers_dir
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if sys.platform != "win32":
                os.chmod(folder, 0o777)  # every hall account counts here (README)
            print(f"各账户共用的编号文件夹:{folder}")
        except OSError as exc:
            print(f"提示:未能创建各账户共用的编号文件夹 {folder}({exc.strerror or exc}),"
                  "请以管理员身份创建并允许所有账户读写", file=sys.stderr)
        return 0
    loaded = load_layers(paths.settings_files if profile == paths.hall_profile
                         else SettingsFiles(paths.settings_file, profile))
    if not loaded.layered:
        print(f"没有大厅配置文件 {profile}:所有设置取自本账户的设置文件 {paths.settings_file}")
    for key, label in LABELS.items():
        value = getattr(loaded.settings, key)
        where = ("大厅配置" if key in HALL_KEYS else "大厅默认/本账户") if loaded.layered else "本账户"
        print(f"{key}「{label}」= {json.dumps(value, ensure_ascii=False)}  ({where})")
    if loaded.windows:
        print("windows「本大厅的窗口」= " + json.dumps(loaded.windows, ensure_ascii=False))
    if loaded.ignored:
        print("本账户设置文件中被忽略(由大厅统一配置):" + "、".join(loaded.ignored))
    return 0


def cmd_db(catalog: Catalog, args: argparse.Namespace) -> int:
    from window_client.services.recovery import damage_of, plan_restore, restore
    from window_client.settings import Paths, load_settings
    from window_client.store import backup
    from window_client.store.maintenance import Maintenance

    paths = Paths.default()
    settings = load_settings(paths.settings_files)
    db = paths.database
    key = _store_key(paths)
    maintenance = Maintenance(db, keep=settings.backup_keep, key=key)
    if args.action == "check":
        damage = damage_of(db, key=key)
        state = maintenance.status()
        backups = backup.list_backups(db)
        if damage is not None:
            print(_damage_message(damage), file=sys.stderr)
        elif not db.exists():
            print(f"数据库尚未创建:{db}")
        else:
            print(f"数据库完整性检查通过:{db}")
        print(f"备份{len(backups)}份(保留{settings.backup_keep}份,位于 {backup.backups_dir(db)})"
              + (f",最近一份:{backups[0].label}" if backups else ""))
        if state.get("last_check_at"):
            print(f"上次每日检查:{state['last_check_at'].replace('T', ' ')},"
                  + ("正常" if state.get("last_check_ok") else "发现损坏"))
        return 4 if damage is not None else 0
    if args.action == "list":
        for b in backup.list_backups(db):
            print(f"{b.label}  {b.path}")
        return 0
    if args.action == "backup":
        damage = damage_of(db, key=key)
        if damage is not None:
            print(_damage_message(damage), file=sys.stderr)
            return 4
        if not db.exists():
            raise UsageError(f"数据库尚未创建:{db}")
        made = maintenance.run(reason="manual")
        if made.backup is None:
            print("错误:磁盘空间不足,备份未完成", file=sys.stderr)
            return 5
        print(f"已备份到 {made.backup.path}")
        return 0
    # restore
    damage = damage_of(db, key=key)
    if damage is None and db.exists() and not args.force:
        raise UsageError("数据库完好,无需恢复;确实要用备份替换当前数据库时加 --force"
                         "(当前数据库会先保留在 damaged 文件夹)")
    plan = plan_restore(db, damage, key=key)
    if args.backup:
        chosen = next((b for b in backup.list_backups(db)
                       if b.path.name == Path(args.backup).name), None)
        if chosen is None:
            raise UsageError(f"没有这份备份:{args.backup};用 db list 查看")
        damage_of_backup = damage_of(chosen.path, key=key)
        if damage_of_backup is not None:
            raise UsageError(f"这份备份也已损坏:{damage_of_backup.reason}")
        from dataclasses import replace
        from window_client.store.journal import CaseJournal
        journal = CaseJournal.beside(db)
        plan = replace(plan, backup=chosen, missing=tuple(
            journal.missing_from(chosen.path, chosen.taken_at, key=key) if journal else ()))
    print(plan.summary())
    outcome = restore(plan)
    print(outcome.summary())
    return 0


def _store_key(paths: Any) -> bytes | None:
    """The data key of the store for the `db` tools; None when this data directory
    has none yet (a plain store never started since the upgrade: checked, backed
    up and restored as it is — the next start encrypts it)."""
    from window_client.platform.secrets import SecretStore
    from window_client.security.keys import KeyManager
    manager = KeyManager(paths.data_dir, SecretStore())
    if not manager.is_set():
        return None
    return manager.unlock().key


def _read_passphrase(args: argparse.Namespace, prompt: str, *, confirm: bool) -> str:
    """From the terminal without echo (twice when ``confirm``), or with --stdin one
    line from standard input (scripted installs: the same line twice is not asked)."""
    import getpass
    if args.stdin:
        line = sys.stdin.readline()
        if not line:
            raise UsageError("标准输入中没有恢复口令")
        return line.rstrip("\r\n")
    first = getpass.getpass(f"{prompt}:")
    if confirm and getpass.getpass("再次输入以确认:") != first:
        from window_client.core import messages
        raise UsageError(messages.PASSPHRASE_MISMATCH)
    return first


def cmd_security(catalog: Catalog, args: argparse.Namespace) -> int:
    from window_client.platform.secrets import SecretStore
    from window_client.security import migrate
    from window_client.security.keys import KeyManager, check_passphrase
    from window_client.settings import Paths
    paths = Paths.default()
    manager = KeyManager(paths.data_dir, SecretStore())
    if args.action == "status":
        from window_client.selfcheck import key_state
        level, text, _key = key_state(paths)
        print(text)
        return 0 if level == "ok" else 7
    if args.action == "init":
        if manager.is_set():
            from window_client.core import messages
            raise UsageError(messages.KEY_ALREADY_SET)
        passphrase = _read_passphrase(args, "设置恢复口令(至少12个字符)", confirm=True)
        check_passphrase(passphrase)
        key = manager.initialise(passphrase)
        done = migrate.finish(paths.data_dir, key)
        print(f"已设置数据密钥(编号 {key.key_id}),由系统密钥环保管;恢复口令请抄写后密封保管。")
        if done.changed:
            print(f"已加密现有数据:数据库{done.databases}个,文件{done.files}个")
        return 0
    if args.action == "recover":
        key = manager.recover(_read_passphrase(args, "输入恢复口令", confirm=False))
        print(f"已恢复数据密钥(编号 {key.key_id})并存入系统密钥环")
        return 0
    if args.action == "change-passphrase":
        old = _read_passphrase(args, "输入当前的恢复口令", confirm=False)
        new = _read_passphrase(args, "输入新的恢复口令", confirm=True)
        key = manager.change_passphrase(old, new)
        print(f"已更换恢复口令(数据密钥不变,编号 {key.key_id})")
        return 0
    # decrypt: one exported or stored file, to standard output (IT's tool)
    if not args.file:
        raise UsageError("decrypt 需要一个文件")
    key = manager.unlock()
    sys.stdout.buffer.write(key.vault().read(Path(args.file)))
    return 0


# argparse's own words (usage, errors, the help option), in Chinese: hall IT reads them.
# argparse looks its texts up through its module-level ``_`` at call time; a text
# missing here (another Python's wording) stays as argparse has it.
ARGPARSE_ZH = {
    "usage: ": "用法:",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s:错误:%(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择:%(value)r(可选:%(choices)s)",
    "invalid choice: %(value)r, choose from %(choices)s": "无效的选择:%(value)r(可选:%(choices)s)",
    "the following arguments are required: %s": "缺少必需的参数:%s",
    "unrecognized arguments: %s": "无法识别的参数:%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s:%(message)s",
    "expected one argument": "需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确,可能是 %(matches)s",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值:%(value)r",
}


def _chinese_argparse() -> None:
    english = getattr(argparse, "_english_gettext", argparse._)
    argparse._english_gettext = english  # type: ignore[attr-defined]

    def translate(text: str) -> str:
        return ARGPARSE_ZH.get(text) or english(text)

    argparse._ = translate  # type: ignore[assignment]


def build_parser() -> argparse.ArgumentParser:
    _chinese_argparse()
    parser = argparse.ArgumentParser(
        prog="python -m window_client",
        description="一件事一次办 综合窗口客户端 · 运维命令(安装版:window-client cli …)")
    from window_client import __version__
    parser.add_argument("--version", action="version", version=f"window-client {__version__}",
                        help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令")
    p = sub.add_parser("catalog", help="列出一件事目录(序号、名称、牵头单位、是否已配置、审核状态、"
                                       "本大厅是否启用);catalog lint 检查目录配置")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--coverage", action="store_true",
                   help="按附件1的类别统计:已配置/总数、默认情形下合并前后的字段和材料(中位数)、"
                        "免交途径条数、合并省字段不足30%%的一件事、待配置的行及原因")
    p.add_argument("--markdown", action="store_true",
                   help="以 Markdown 输出覆盖情况(即 docs/CATALOG.md)")
    p.set_defaults(func=cmd_catalog)
    catalog_sub = p.add_subparsers(dest="catalog_command", title="子命令", metavar="子命令")
    lint = catalog_sub.add_parser(
        "lint", help="检查目录配置:事项库和一件事的错误与警告(有错误时退出码为1)",
        description="检查事项库(items/)和一件事(onethings/):缺少设定依据、办理部门或申请表的事项,"
                    "没有出具单位的材料,引用不存在的问题的条件,不起作用的问题,任何情形都不适用的事项,"
                    "合并后没有减少的表单和材料,与附件1不一致而未在 deviations 中说明的名称和单位。")
    lint.add_argument("--root", metavar="文件夹",
                      help="检查这个目录文件夹(含 items/、onethings/ 等;默认:程序自带的目录)")
    lint.add_argument("--json", action="store_true", help="以 JSON 输出")
    lint.set_defaults(func=cmd_catalog_lint, loads_own_catalog=True)
    search = catalog_sub.add_parser("search", help="像受理页一样搜索一件事(名称、拼音、首字母、关键词)")
    search.add_argument("query", metavar="查询", help="如:上户口、xse、开饭店")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="显示前N条(默认10)")
    search.add_argument("--json", action="store_true", help="以 JSON 输出")
    search.set_defaults(func=cmd_catalog_search)
    p = sub.add_parser("show", help="查看一个已配置的一件事")
    p.add_argument("one_thing", metavar="一件事", help="一件事编号(如 newborn)或完整名称")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("plan", help="按一组情景答案计算办理方案(事项、表单、材料、承诺日期)")
    p.add_argument("one_thing", metavar="一件事", help="一件事编号(如 newborn)或完整名称")
    p.add_argument("--answers", metavar="文件", help="情景答案,JSON 对象(默认:各问题的默认答案)")
    p.add_argument("--licences", metavar="文件", help="申请人持有的电子证照类型,JSON 列表")
    p.add_argument("--date", metavar="日期", help="受理日期 YYYY-MM-DD(默认:今天)")
    p.add_argument("--offline", action="store_true", help="按离线计算(网络核验暂不可用)")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_plan)
    p = sub.add_parser("sync", help="与一窗式平台同步:status 状态 | now 立即同步 | export 导出到文件夹")
    p.add_argument("action", choices=["status", "now", "export"], metavar="操作",
                   help="status(查看待提交和错误)、now(立即同步一次)、export(把待提交办件导出到文件夹)")
    p.add_argument("dir", nargs="?", metavar="文件夹", help="export 的目标文件夹")
    p.set_defaults(func=cmd_sync)
    p = sub.add_parser("db", help="本机数据库:check 检查 | list 备份列表 | backup 立即备份 | restore 恢复")
    p.add_argument("action", choices=["check", "list", "backup", "restore"], metavar="操作",
                   help="check(完整性检查)、list(列出备份)、backup(立即备份)、restore(恢复备份)")
    p.add_argument("--backup", metavar="文件", help="恢复这个备份(默认:最近一次正常的备份)")
    p.add_argument("--force", action="store_true", help="数据库完好时也恢复")
    p.set_defaults(func=cmd_db)
    p = sub.add_parser("hall", help="大厅配置(hall.json,本机所有系统账户共用):show 查看 | set 键=值 … 写入")
    p.add_argument("action", choices=["show", "set"], metavar="操作",
                   help="show(各项的值及来自哪一层)、set(写入大厅配置,需管理员权限)")
    p.add_argument("pairs", nargs="*", metavar="键=值",
                   help="如 hall_name=于都县政务服务中心 window_code=W02 "
                        "platform_url=https://yc.example.gov.cn/api/v1")
    p.add_argument("--file", metavar="文件", help="大厅配置文件(默认:本机的 hall.json)")
    p.set_defaults(func=cmd_hall, loads_own_catalog=True)
    p = sub.add_parser("security", help="数据密钥:init 安装时设置恢复口令 | recover 用恢复口令恢复 | "
                                        "change-passphrase 更换口令 | status 状态 | decrypt 解密文件")
    p.add_argument("action", choices=["init", "recover", "change-passphrase", "status", "decrypt"],
                   metavar="操作", help="init(设置恢复口令并生成数据密钥)、recover(密钥环丢失后恢复)、"
                                      "change-passphrase(更换恢复口令)、status(查看状态)、"
                                      "decrypt(把一个加密文件解密输出到标准输出)")
    p.add_argument("file", nargs="?", metavar="文件", help="decrypt 的文件")
    p.add_argument("--stdin", action="store_true",
                   help="从标准输入读取口令(每行一个,用于安装脚本);默认从终端读取且不回显")
    p.set_defaults(func=cmd_security)
    return parser


def _log_to_file() -> None:
    """The ops tools log to ``cli.log`` beside the app's log, never to the terminal."""
    import logging
    import logging.handlers
    from window_client.settings import Paths
    root = logging.getLogger()
    if root.handlers:
        return
    try:
        log_dir = Paths.default().log_dir
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_dir / "cli.log", maxBytes=1_000_000, backupCount=2, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    except OSError:
        handler = logging.NullHandler()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.raiseExceptions = False  # a full disk: no logging tracebacks on the terminal


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _log_to_file()
    try:
        # `catalog lint` loads (and reports on) the catalog itself, from --root
        catalog = None if getattr(args, "loads_own_catalog", False) else load_catalog()
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        return 3
    try:
        return args.func(catalog, args)
    except UsageError as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return 2
    except SettingsError as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return 6
    except DatabaseDamaged as exc:
        print(_damage_message(exc), file=sys.stderr)
        return 4
    except StorageFull:
        print("错误:本机磁盘空间已满,操作未完成(没有留下不完整的文件)。请清理磁盘后重试。",
              file=sys.stderr)
        return 5
    except StorageUnavailable as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return 4
    except KeyProblem as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return 7
