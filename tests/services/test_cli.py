import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "window_client", *args], cwd=cwd,
                          capture_output=True, text=True)


def test_catalog_json_lists_every_row():
    out = run("catalog", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 186
    assert rows[35]["name"] is None and "name_missing" in rows[35]["flags"]
    assert rows[0]["configured"] and rows[0]["id"] == "newborn"


def test_catalog_text():
    out = run("catalog")
    assert out.returncode == 0 and "共186项" in out.stdout and "待配置" in out.stdout


def test_show_by_id_and_by_exact_name():
    by_id = run("show", "newborn")
    by_name = run("show", "新生儿出生(婚育户一链办)")
    assert by_id.returncode == 0 and by_id.stdout == by_name.stdout
    assert "出生医学证明首次签发" in by_id.stdout
    shown = json.loads(run("show", "newborn", "--json").stdout)
    assert shown["seed_row"] == 1


def test_plan_json(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"register_household": False}), encoding="utf-8")
    licences = tmp_path / "licences.json"
    licences.write_text(json.dumps(["resident_id_card"]), encoding="utf-8")
    out = run("plan", "newborn", "--answers", str(answers), "--licences", str(licences),
              "--date", "2026-11-27", "--json")
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert [i["code"] for i in plan["items"]] == ["birth_certificate", "birth_registration"]
    # the critical path of the items that apply: 出生医学证明 (1 working day), then
    # 生育登记 (1): Friday 11-27 + 2 working days (before the item library: 5 for the whole)
    assert plan["due_date"] == "2026-12-01"
    assert {m["id"]: m["tag"] for m in plan["materials"]}["parents_id_cards"] == "e_licence"
    assert set(plan["statistics"]) == {"items", "fields_separate", "fields_merged",
                                       "fields_to_type", "materials_separate",
                                       "materials_merged", "materials_to_hand_in"}
    assert [q["id"] for q in plan["questions"]][:3] == ["applicant_role", "parents_married",
                                                        "register_household"]


def test_bad_arguments_exit_non_zero_with_a_chinese_message(tmp_path):
    unknown = run("plan", "办理魔法许可")
    assert unknown.returncode == 2 and "目录中没有“办理魔法许可”" in unknown.stderr
    unconfigured = run("plan", "高层次人才认定")
    assert unconfigured.returncode == 2 and "待配置" in unconfigured.stderr
    missing = run("plan", "newborn", "--answers", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "无法读取情景答案文件" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    bad = run("plan", "newborn", "--answers", str(broken))
    assert bad.returncode == 2 and "不是有效的JSON" in bad.stderr
    wrong_q = tmp_path / "wrong.json"
    wrong_q.write_text('{"favourite_colour": "red"}', encoding="utf-8")
    out = run("plan", "newborn", "--answers", str(wrong_q))
    assert out.returncode == 2 and "favourite_colour" in out.stderr
    assert run("plan", "newborn", "--date", "27/11/2026").returncode == 2
    assert run("frobnicate").returncode == 2
    assert "Traceback" not in unknown.stderr + missing.stderr + bad.stderr


def test_help_and_argument_errors_are_chinese():
    """Hall IT reads the CLI: its help and argparse's own words are Chinese."""
    import re
    english = re.compile(r"usage:|positional arguments|options:|show this help|"
                         r"show program's|error:|invalid choice|are required|"
                         r"unrecognized arguments", re.IGNORECASE)
    for args in (("--help",), ("sync", "--help"), ("db", "--help"), ("plan", "--help")):
        out = run(*args)
        assert out.returncode == 0 and "用法" in out.stdout, args
        assert not english.search(out.stdout), (args, english.search(out.stdout))
    for args, words in ((("sync", "bogus"), "无效的选择"), (("plan",), "缺少必需的参数"),
                        (("catalog", "--frob"), "无法识别的参数"), (("frobnicate",), "无效的选择")):
        out = run(*args)
        assert out.returncode == 2 and words in out.stderr and "错误" in out.stderr, out.stderr
        assert not english.search(out.stderr), (args, out.stderr)


def test_catalog_json_shows_review_and_whether_this_hall_offers_it(tmp_path):
    """``enabled`` follows ``disabled_one_things`` in the settings file of
    Paths.default() ($WINDOW_CLIENT_HOME); no settings file: every configured one."""
    import os
    home = tmp_path / "home"
    env = dict(os.environ, WINDOW_CLIENT_HOME=str(home))

    def catalog_rows(*extra):
        out = subprocess.run([sys.executable, "-m", "window_client", "catalog", *extra],
                             cwd=ROOT, env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return out.stdout

    rows = json.loads(catalog_rows("--json"))
    configured = [r for r in rows if r["configured"]]
    assert len(configured) == 175 and all(r["enabled"] for r in configured)
    assert not any(r["enabled"] or r["review"] for r in rows if not r["configured"])
    assert rows[0]["review"] == {"state": "draft", "unit": "", "unit_name": "", "date": ""}
    # and each of its library items with the item's own review state
    assert rows[0]["items"] and all(i["review"]["state"] == "draft" for i in rows[0]["items"])
    assert {"code", "name", "department", "review"} == set(rows[0]["items"][0])

    settings_file = home / "config" / "settings.json"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"disabled_one_things": ["newborn", "from_elsewhere"],
                                         "hall_name": "于都县政务服务中心"}), encoding="utf-8")
    rows = json.loads(catalog_rows("--json"))
    by_id = {r["id"]: r for r in rows if r["configured"]}
    assert not by_id["newborn"]["enabled"]
    assert all(r["enabled"] for one_id, r in by_id.items() if one_id != "newborn")
    text = catalog_rows()
    newborn_line = next(line for line in text.splitlines() if "newborn" in line)
    assert "待审核" in newborn_line and "已停用" in newborn_line
    assert "已停用" not in next(line for line in text.splitlines() if "marriage_childbirth" in line)
    assert "本大厅启用174项" in text


def test_catalog_refuses_a_bad_settings_file(tmp_path):
    import os
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(
        json.dumps({"disabled_one_things": ["新生儿"]}), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "window_client", "catalog", "--json"], cwd=ROOT,
                         env=dict(os.environ, WINDOW_CLIENT_HOME=str(home)),
                         capture_output=True, text=True)
    assert out.returncode == 6 and "disabled_one_things「本大厅停用的一件事」" in out.stderr
    assert "Traceback" not in out.stderr
