"""Where a workspace's files are read from: a folder on disk, or a mapping of relative paths to bytes.

``Store`` reads through one of these, so the same parsing serves the working tree and a git
revision (whose blobs come from ``git cat-file``). Relative paths use ``/`` on every platform.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from storage.workspace.confine import MAX_FILE, folder_link_message, is_link_path, read_regular, too_large

# files from which a workspace counts as large: the editor parses it in child processes and
# paints a loading line meanwhile, instead of a snapshot of it (tui.cli.main)
LARGE_WORKSPACE = 1500


class DiskFiles:
    """The files of a folder on disk."""

    def __init__(self, root: Path):
        self.root = root
        self._root = str(root)  # plain os paths: pathlib costs as much as parsing at 10,000 files

    def read(self, rel: str) -> tuple[bytes, tuple[int, int] | None]:
        """The file's bytes and (device, inode); ``confine.Refused`` for a link, anything but a
        regular file, or one too large; FileNotFoundError / OSError as from the disk."""
        return read_regular(self._root, rel)

    def folder_link(self, folder: str) -> str | None:
        """Why ``folder`` (a unit folder) is not read: it is a link; None when it is not."""
        return folder_link_message(self._root, folder) if is_link_path(os.path.join(self._root, folder)) else None

    def folder_identity(self, folder: str) -> tuple[int, int] | None:
        """(device, inode) of the folder, which tells ``u01`` and ``U01`` on Windows apart from
        two folders; None when there is none."""
        try:
            st = os.stat(os.path.join(self._root, folder))
        except OSError:
            return None
        return (st.st_dev, st.st_ino) if st.st_ino else None

    def is_file(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def folders_with(self, name: str) -> list[str]:
        """Names of the folders directly under the root that hold a file ``name``, sorted."""
        return sorted(p.name for p in self.root.iterdir() if (p / name).is_file())

    def toml_stems(self, folder: str) -> list[str]:
        """Stems of the ``*.toml`` entries directly in ``folder``, sorted."""
        try:
            names = os.listdir(os.path.join(self._root, folder))
        except FileNotFoundError:
            return []
        return sorted(n[:-5] for n in names if n.endswith(".toml"))


class MemoryFiles:
    """Files given as ``{"u01/p01.toml": b"..."}``, e.g. a workspace at a git revision."""

    def __init__(self, files: Mapping[str, bytes]):
        self.files = dict(files)

    def read(self, rel: str) -> tuple[bytes, tuple[int, int] | None]:
        try:
            data = self.files[rel]
        except KeyError:
            raise FileNotFoundError(rel) from None
        if len(data) > MAX_FILE:  # the same limit as on disk, so a revision reads alike
            raise too_large(len(data))
        return data, None

    def folder_link(self, folder: str) -> str | None:
        return None

    def folder_identity(self, folder: str) -> tuple[int, int] | None:
        return None

    def is_file(self, rel: str) -> bool:
        return rel in self.files

    def folders_with(self, name: str) -> list[str]:
        return sorted({rel.split("/")[0] for rel in self.files if rel.count("/") == 1 and rel.endswith("/" + name)})

    def toml_stems(self, folder: str) -> list[str]:
        prefix = folder + "/"
        out = []
        for rel in self.files:
            if rel.startswith(prefix) and "/" not in rel[len(prefix):] and rel.endswith(".toml"):
                out.append(rel[len(prefix):-len(".toml")])
        return sorted(out)


def find_root(start: Path) -> Path | None:
    """``start`` or the nearest parent holding jixiao.toml (light: imports no model)."""
    start = start.resolve()
    for d in (start, *start.parents):
        if (d / "jixiao.toml").is_file():
            return d
    return None


def workspace_files(root: str | os.PathLike[str]) -> list[str]:
    """The TOML files of every unit folder (a folder holding unit.toml), relative to root; a
    folder that is a link is left out (``Store`` reports it)."""
    rels = []
    try:
        with os.scandir(root) as entries:
            folders = sorted(e.name for e in entries if e.is_dir(follow_symlinks=False))
    except OSError:
        return rels
    for d in folders:
        try:
            names = os.listdir(os.path.join(root, d))
        except OSError:  # not a folder
            continue
        if "unit.toml" in names:
            rels.extend(f"{d}/{n}" for n in names if n.endswith(".toml"))
    return rels
