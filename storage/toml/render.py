"""The text to save for one workspace file: the canonical text when the file is new, else its
current text with only the changed values edited (so hand-written comments survive).

tomlkit is imported only here, when an existing file is saved, never when reading."""

from __future__ import annotations

from storage.toml.canonical import emit_document


def render(current: str | None, root: dict, tables: dict | None, arrays: dict | None, header: str = "") -> str:
    """``current``: the file's text now, or None for a new file."""
    if current is None:
        return emit_document(root, tables, arrays, header)
    import tomlkit

    from storage.toml.update import update_document

    doc = tomlkit.parse(current)
    update_document(doc, root, tables, arrays)
    return doc.as_string()
