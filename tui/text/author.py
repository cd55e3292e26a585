"""The commit author as people type it and see it: 「姓名 <邮箱>」 (the commit dialog and ``--author``)."""

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


def shown_author(ident: str) -> str:
    """「姓名 <邮箱>」 from what ``git var GIT_AUTHOR_IDENT`` prints (``姓名 <邮箱> 时间 时区``);
    empty when git knows nobody."""
    m = re.match(r"^(.*?)\s*<([^<>]*)>", ident.strip())
    return f"{m.group(1)} <{m.group(2)}>" if m and m.group(1) else ""
