"""``jixiao import`` / ``jixiao export`` refusals (the import and export themselves: tests/storage/published)."""

from tui.cli import main


def test_import_of_a_folder_says_so(tmp_path, capsys):
    assert main(["import", str(tmp_path), "--into", str(tmp_path / "ws")]) == 2
    assert capsys.readouterr().err == f"jixiao import: {tmp_path} 是文件夹；请给出要导入的表格文件（.txt/.tsv 或 .xlsx）\n"
