"""The workspace's ``rules.toml``: each rule's severity and the review rules' parameters.

The data is read like every workspace file (``Store.read_toml``) and judged by the model
(``model.ruleset.read_rule_set``); what is wrong is reported as S1 at the line of the entry
(tomllib gives no positions, so ``line_of`` finds the table header or key in the text). A
wrong entry is left out and the rest applies, so one typo does not silence the file.
"""

from __future__ import annotations

import re

RULES_FILE = "rules.toml"

_HEADER = re.compile(r"^\[\s*(?P<name>\"[^\"]*\"|'[^']*'|[^\]\s]+)\s*\]")


def _bare(name: str) -> str:
    return name[1:-1] if name[:1] in "\"'" and name[-1:] == name[:1] else name


def line_of(text: str, table: str, key: str | None) -> int | None:
    """The line of ``key`` in the table ``[table]`` (or of the table itself when ``key`` is
    None or not found); dotted (``P1.severity = …``) and inline (``P1 = {…}``) forms too."""
    current: str | None = None
    table_line = None
    key_re = re.compile(rf"^[\"']?{re.escape(key)}[\"']?\s*=") if key else None
    top_re = re.compile(rf"^[\"']?{re.escape(table)}[\"']?\s*(?P<rest>[.=])")
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        header = _HEADER.match(s)
        if header:
            current = _bare(header.group("name"))
            if current == table and table_line is None:
                table_line = n
            continue
        if current == table and key_re is not None and key_re.match(s):
            return n
        top = top_re.match(s) if current is None else None
        if top and (top.group("rest") == "=" or key is None or key in s.split("=", 1)[0]):
            return n
    return table_line
