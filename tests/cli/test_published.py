"""``jixiao import`` / ``jixiao export`` refusals (the import and export themselves: tests/storage/published)."""

import errno
import os

from tests.paths import SAMPLE
from tui.cli import main


def test_import_of_a_folder_says_so(tmp_path, capsys):
    assert main(["import", str(tmp_path), "--into", str(tmp_path / "ws")]) == 2
    assert capsys.readouterr().err == f"jixiao import: {tmp_path} 是文件夹；请给出要导入的表格文件（.txt/.tsv 或 .xlsx）\n"


def test_export_refuses_to_overwrite_an_existing_workbook(tmp_path, capsys):
    out = tmp_path / "表.xlsx"
    out.write_bytes(b"a colleague's edited copy")
    assert main(["export", str(SAMPLE), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"jixiao export: {out} 已存在（可能是同事改过的副本），未覆盖；换一个文件名，或加 --force 覆盖它\n"
    assert captured.out == ""
    assert out.read_bytes() == b"a colleague's edited copy"
    assert [p.name for p in tmp_path.iterdir()] == ["表.xlsx"]


def test_a_failed_export_leaves_no_partial_workbook_and_the_old_one_untouched(tmp_path, capsys, monkeypatch):
    out = tmp_path / "表.xlsx"
    out.write_bytes(b"old")
    written = []

    def disk_full(fd):  # the bytes are in the temp file when the disk gives up
        written.append(os.fstat(fd).st_size)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("storage.atomic.os.fsync", disk_full)
    assert main(["export", str(SAMPLE), "-o", str(out), "--force"]) == 2
    assert written and written[0] > 1000
    assert capsys.readouterr().err == f"jixiao export: 无法写入 {out}：磁盘已满；删除不需要的文件腾出空间，或换一个磁盘后重试（原有文件未改动）\n"
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["表.xlsx"]
    out.unlink()
    assert main(["export", str(SAMPLE), "-o", str(out)]) == 2
    assert list(tmp_path.iterdir()) == []


def test_import_says_what_to_do_next(tmp_path, capsys):
    from tests.storage.published.test_text_import import TABLE

    src = tmp_path / "表.txt"
    src.write_text(TABLE, "utf-8")
    ws = tmp_path / "ws"
    assert main(["import", str(src), "--into", str(ws)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"已导入 2 个单位、2 个项目、4 个指标到 {ws}",
                     f"下一步：jixiao {ws} 打开编辑器核对；jixiao init {ws} 把它建为 git 仓库，记下这一版和以后的每次修改"]
    (tmp_path / "repo" / ".git").mkdir(parents=True)  # into a folder that already is a repository
    assert main(["import", str(src), "--into", str(tmp_path / "repo")]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        f"下一步：jixiao {tmp_path / 'repo'} 打开编辑器核对；"
        f"jixiao commit -w {tmp_path / 'repo'} -m 说明 把导入的这一版记为第一个版本")


def test_import_says_what_check_would_find_with_the_source_place(tmp_path, capsys):
    # a negative amount, three decimals, a blank name, a name twice, an unknown code: the
    # table is imported as published (exit 0) and each problem is listed as check lists it
    packed = ("1、1-产出指标；11-数量指标；维修面积；实施周期指标值：≥2000平方米；年度指标值：≥2000平方米。"
              "2、2-效益指标；22-社会效益；安全事故；实施周期指标值：0次；年度指标值：0次。")
    bad_code = packed.replace("11-数量指标", "19-数量指标")
    src = tmp_path / "t.txt"
    src.write_text("\n".join([
        "单位名称：某中学",
        "项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标",
        f"校舍维修\t-5\t-5\t\t\t目标\t{packed}",
        f"校舍维修\t12.345\t12.345\t\t\t目标\t{packed}",
        f"\t1.00\t1.00\t\t\t目标\t{bad_code}",
    ]) + "\n", "utf-8")
    ws = tmp_path / "ws"
    assert main(["import", str(src), "--into", str(ws)]) == 0
    err = capsys.readouterr().err.splitlines()
    rule = "（应为不小于 0、最多两位小数的数字，单位万元）"
    assert err == [
        f"u01/p01.toml: error F2 某中学 › 校舍维修 › 总计 总计：金额 -5.00 为负数{rule}（t.txt: 第3行）",
        f"u01/p01.toml: error F2 某中学 › 校舍维修 › 财政拨款 财政拨款：金额 -5.00 为负数{rule}（t.txt: 第3行）",
        f"u01/p02.toml: error F2 某中学 › 校舍维修 › 总计 总计：金额 12.345 超过两位小数{rule}（t.txt: 第4行）",
        f"u01/p02.toml: error F2 某中学 › 校舍维修 › 财政拨款 财政拨款：金额 12.345 超过两位小数{rule}（t.txt: 第4行）",
        "u01/p03.toml: error P2 某中学 › 项目名称 项目名称为空（t.txt: 第5行）",
        "u01/p03.toml: error I1 某中学 › 指标1 › 二级指标 二级指标代码 19 不在代码表中（可用：11-数量指标、12-质量指标、13-时效指标、"
        "14-成本指标、21-经济效益、22-社会效益、23-生态效益、24-可持续影响、31-服务对象满意度）（t.txt: 第5行）",
        "u01/p02.toml: error P2 某中学 › 校舍维修 › 项目名称 项目名称「校舍维修」在单位内重复（另见 u01/p01.toml）（t.txt: 第4行）",
        "导入的工作区有 7 个错误、0 个警告（jixiao check 会报告的问题，见上）；表格已照原样导入，请在编辑器中改正",
    ]
    assert (ws / "u01" / "p01.toml").read_text("utf-8").count("-5") == 2  # imported as published
    assert main(["check", str(ws)]) == 1
