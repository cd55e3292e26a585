"""storage.workspace.decode: a project file's bytes read as Store reads them, with the same words."""

import pytest

from storage.workspace.decode import parse_project
from storage.workspace.store import StorageError, Store
from tests.paths import SAMPLE


def test_parse_project_reads_like_the_store():
    on_disk = Store.open(SAMPLE).workspace.units[0].projects[1]
    parsed = parse_project((SAMPLE / "u01" / "p02.toml").read_bytes(), "p02", "u01/p02.toml")
    assert parsed == on_disk


@pytest.mark.parametrize("data, message", [
    (b"name = \"\xff\"\n", "HEAD:u01/p09.toml：文件不是 UTF-8 编码"),
    (b"name = [\n", "HEAD:u01/p09.toml：TOML 语法错误："),
    (b"name = 5\ncolour = \"red\"\n", "HEAD:u01/p09.toml：name 应为文本；未知字段 colour"),
])
def test_parse_project_says_where_and_what(data, message):
    with pytest.raises(StorageError) as e:
        parse_project(data, "p09", "HEAD:u01/p09.toml")
    assert str(e.value).startswith(message)
