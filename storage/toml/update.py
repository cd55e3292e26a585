"""Minimal in-place updates of an existing TOML file with tomlkit: only values that changed are
touched, so hand-written comments and blank lines survive. (tomlkit is imported only when
saving, not when reading.)"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Item, Table, Whitespace

from model.money import to_amount
from storage.toml.canonical import emit_value

# -- minimal updates -------------------------------------------------------------------------

def _item(v: Any) -> Item:
    return tomlkit.parse(f"x = {emit_value(v)}\n")["x"]


def _same(item: Any, v: Any) -> bool:
    if isinstance(v, Decimal):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            raw = item.as_string().strip().replace("_", "") if isinstance(item, Item) else str(item)
            try:
                return Decimal(raw) == v
            except ArithmeticError:
                return False
        return False
    if isinstance(v, list):
        return isinstance(item, list) and len(item) == len(v) and all(_same(a, b) for a, b in zip(item, v))
    if isinstance(v, bool) or isinstance(item, bool):
        return type(v) is type(item) and v == item
    if isinstance(v, int):
        return isinstance(item, int) and int(item) == v
    if isinstance(v, str):
        return str(item) == v if isinstance(item, str) else _kept_as_text(item, v)
    return False


def _kept_as_text(item: Any, v: str) -> bool:
    """Whether a file's non-text value is what the model keeps as text: an amount out of range
    (``1e308``, ``inf``, ``true``, a date — model.money), left as it was written unless changed."""
    raw = item.as_string().strip().replace("_", "") if isinstance(item, Item) else str(item)
    if raw == v:
        return True
    try:
        return to_amount(Decimal(raw)) == v
    except ArithmeticError:
        return False


def update_table(table: Any, data: dict[str, Any]) -> None:
    """Make ``table`` hold ``data`` (None = absent), touching only keys whose value differs."""
    previous = None  # the last key of ``data`` present in the table: a new key goes after it
    for key, v in data.items():
        if v is None:
            if key in table:
                del table[key]
            continue
        if key not in table:
            _insert(table, previous, key, _item(v))
        elif not _same(table[key], v):
            table[key] = _item(v)
        previous = key


def _insert(table: Any, after: str | None, key: str, item: Item) -> None:
    """Put a new key in the canonical key order rather than at the end of the table."""
    container = table if isinstance(table, Container) else getattr(table, "value", None)
    if after is not None and isinstance(container, Container):
        container._insert_after(after, key, item)  # tomlkit has no public "insert after"
    else:
        table[key] = item


def update_document(doc: Any, root: dict[str, Any], tables: dict[str, dict[str, Any]] | None = None,
                    arrays: dict[str, list[dict[str, Any]]] | None = None) -> None:
    update_table(doc, root)
    for name, body in (tables or {}).items():
        present = {k: v for k, v in body.items() if v is not None}
        if name in doc and isinstance(doc[name], Table):
            update_table(doc[name], body)
            if not present:
                del doc[name]
        elif present:
            t = tomlkit.table()
            for k, v in present.items():
                t[k] = _item(v)
            doc[name] = t
    for name, rows in (arrays or {}).items():
        existing = doc.get(name)
        if not rows:
            if name in doc:
                del doc[name]
            continue
        if not isinstance(existing, AoT):
            aot = tomlkit.aot()
            for row in rows:
                aot.append(_new_table(row))
            if name in doc:
                del doc[name]
            doc[name] = aot
            continue
        # element-wise: edit the tables in place, append new ones, drop the surplus
        for i, row in enumerate(rows):
            if i < len(existing):
                update_table(existing[i], row)
            else:
                t = _new_table(row)
                t.trivia.indent = "\n"  # a blank line before each [[table]], as in the canonical form
                existing.append(t)
        surplus = len(existing) > len(rows)
        while len(existing) > len(rows):
            del existing[-1]
        if surplus and list(doc.keys())[-1] == name:
            _trim_end(existing[-1])


def _new_table(row: dict[str, Any]) -> Table:
    t = tomlkit.table()
    for k, v in row.items():
        if v is not None:
            t[k] = _item(v)
    return t


def _trim_end(table: Table) -> None:
    """Drop the blank lines that separated a removed last table from the one before it."""
    body = table.value.body
    while body and body[-1][0] is None and isinstance(body[-1][1], Whitespace):
        body.pop()
