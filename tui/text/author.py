"""The commit author as people type it: 「姓名 <邮箱>」 (the commit dialog and ``--author``)."""

from __future__ import annotations

import re


def parse_author(text: str | None) -> tuple[str, str] | None:
    """(name, email), None when ``text`` is empty; ValueError, saying how to write it, otherwise."""
    if not text:
        return None
    m = re.match(r"^\s*(.+?)\s*<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$", text)
    if not m:
        raise ValueError(f"提交人应写成「姓名 <邮箱>」，例如「张三 <zhangsan@example.cn>」，而不是「{text}」")
    return m.group(1), m.group(2)
