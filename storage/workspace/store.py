"""Reading a workspace folder and saving changes back to it, without losing anything.

``Store.open(root)`` reads every file with ``tomllib`` (fast) and remembers a fingerprint of
each file's bytes. Saving goes through tomlkit on the file's current text so hand-written
comments and blank lines stay, writes atomically, and refuses to overwrite a file that changed
on disk since it was read (``ConflictError``) unless told to.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from model.codes import CodeTable, default_codes
from model.ruleset import DEFAULT_RULES, RuleSet, read_rule_set
from model.validate import Diagnostic, validate_workspace
from model.workspace import Project, Unit, Workspace
from storage.atomic import atomic_write
from storage.errors import ConflictError, StorageError
from storage.new_folder import write_new_folder
from storage.toml.render import render
from storage.toml.textform import NEW_FILE, TextForm, decode, encode
from storage.workspace import layout
from storage.workspace.confine import is_link_path, link_on_the_way, read_bytes
from storage.workspace.conflict_markers import conflict_message, is_conflict_message
from storage.workspace.decode import BadProject, explain, project_from_data
from storage.workspace.filesource import DiskFiles, MemoryFiles, find_root  # noqa: F401  (find_root: re-exported)
from storage.workspace.parsing import fingerprint, parse_in_parallel, read_one
from storage.workspace.rules_file import RULES_FILE, line_of

PARALLEL_FROM = 1500  # files; below this a worker process costs more than it saves


@dataclass
class Store:
    root: Path
    workspace: Workspace
    problems: list[Diagnostic] = field(default_factory=list)  # S1/S2 from reading
    fingerprints: dict[str, str] = field(default_factory=dict)  # rel path -> bytes as read/written
    broken: dict[str, Diagnostic] = field(default_factory=dict)  # unreadable files: read-only
    snapshot: str = ""  # set when read from memory (e.g. a git revision): then the store cannot write
    files: Any = None  # where reading happens: DiskFiles(root) or MemoryFiles
    unit_ids: list[str] = field(default_factory=list)  # unit folders in reading order
    settings: dict[str, Any] = field(default_factory=dict)  # jixiao.toml's layout.SETTINGS, as read
    _prefetched: dict[str, tuple] = field(default_factory=dict, repr=False)
    _identities: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)  # (dev, inode) -> rel

    def __post_init__(self) -> None:
        if self.files is None:
            self.files = DiskFiles(self.root)

    # -- reading ------------------------------------------------------------------------------

    @classmethod
    def open(cls, root: str | os.PathLike[str], jobs: int | None = None, prefetch: Any = None) -> "Store":
        """Read a workspace folder. ``jobs``: processes for parsing a large workspace
        (None: one per core; 1: this process only). ``prefetch``: a ``parsing.start_prefetch``
        already under way for this folder."""
        root = Path(root)
        if not root.is_dir():
            raise StorageError(f"{root} 不是文件夹")
        ws_path = root / layout.WORKSPACE_FILE
        if not os.path.lexists(ws_path):  # present but no regular file: reading says what it is
            raise StorageError(f"{root} 不是 jixiao 工作区：缺少 {layout.WORKSPACE_FILE}")
        store = cls(root, Workspace())
        if prefetch is not None:
            store._prefetched = {rel: (fp, parsed) for rel, fp, parsed in prefetch.results()}
            jobs = 1
        return store._load(jobs)

    @classmethod
    def open_header(cls, root: str | os.PathLike[str]) -> "Store":
        """Only jixiao.toml and codes.toml: the workspace without its units, and ``unit_ids``."""
        root = Path(root)
        if not root.is_dir() or not os.path.lexists(root / layout.WORKSPACE_FILE):
            raise StorageError(f"{root} 不是 jixiao 工作区：缺少 {layout.WORKSPACE_FILE}"
                               if root.is_dir() else f"{root} 不是文件夹")
        return cls(root, Workspace())._load_header()

    @classmethod
    def from_files(cls, files: Mapping[str, bytes], label: str, root: str | os.PathLike[str] = ".") -> "Store":
        """A read-only store over ``{relative path: bytes}`` (``label`` says where they came from,
        e.g. ``HEAD``), parsed exactly as ``open`` parses a folder."""
        if layout.WORKSPACE_FILE not in files:
            raise StorageError(f"{label} 中没有 jixiao 工作区：缺少 {layout.WORKSPACE_FILE}")
        return cls(Path(root), Workspace(), snapshot=label, files=MemoryFiles(files))._load()

    def _load_header(self) -> "Store":
        """jixiao.toml and codes.toml; ``unit_ids`` in reading order (listed, then unlisted)."""
        data = self.read_toml(layout.WORKSPACE_FILE)
        if data is None:
            d = self.broken[layout.WORKSPACE_FILE]
            raise StorageError(f"{d.file}:{d.line}: {d.message}" if d.line else f"{d.file}: {d.message}")
        unit_ids = data.pop("units", [])
        self.settings = layout.pop_settings(data)
        try:
            ws = Workspace.model_validate(data)
        except ValidationError as e:
            raise StorageError(f"{layout.WORKSPACE_FILE}: {explain(e)}") from None
        ws.codes = self._read_codes()
        self.workspace = ws
        ws.rules = self._read_rules()
        if not isinstance(unit_ids, list) or not all(isinstance(u, str) for u in unit_ids):
            raise StorageError(f"{layout.WORKSPACE_FILE}: units 应为单位文件夹名称的列表")
        listed = set(unit_ids)
        for d in self.files.folders_with(layout.UNIT_FILE):
            if d not in listed:
                self.add_problem("S2", f"单位文件夹 {d} 不在 {layout.WORKSPACE_FILE} 的 units 列表中，已按名称顺序附在最后", layout.WORKSPACE_FILE)
                unit_ids.append(d)
        self.unit_ids = self._distinct_units(unit_ids)
        return self

    def _distinct_units(self, unit_ids: list[str]) -> list[str]:
        """``unit_ids`` without a second mention of one folder: the same id twice (S2), or another
        name of the same folder (S3: ``U01`` beside ``u01`` on Windows)."""
        out: list[str] = []
        folders: dict[tuple[int, int], str] = {}
        for uid in unit_ids:
            if uid in out:
                self.add_problem("S2", f"units 列表中 {uid} 重复，只读取一次", layout.WORKSPACE_FILE)
                continue
            ident = self.files.folder_identity(uid) if layout.valid_id(uid) else None
            other = folders.setdefault(ident, uid) if ident is not None else uid
            if other != uid:
                rel = f"{uid}/{layout.UNIT_FILE}"
                self.broken[rel] = self.add_problem(
                    "S3", f"units 列表中的 {uid} 与 {other} 是同一个文件夹（名称只差大小写，或是链接）：只读取 {other}；"
                    f"从 units 中删去 {uid}", layout.WORKSPACE_FILE)
                continue
            out.append(uid)
        return out

    def _load(self, jobs: int | None = 1) -> "Store":
        self._load_header()
        if jobs != 1 and not self._prefetched:
            self._prefetch(self.unit_ids, jobs)
        self._load_units(self.unit_ids)
        self._prefetched = {}
        return self

    def _load_units(self, unit_ids: list[str]) -> None:
        for uid in unit_ids:
            unit = self.read_unit_file(uid)
            if unit is not None:
                self.workspace.units.append(unit)

    def add_problem(self, rule: str, message: str, file: str, line: int | None = None, **kw: Any) -> Diagnostic:
        """Record a problem found while reading (S1 unreadable, S2 repaired on reading), with
        the severity the workspace's rule set gives it (S2 may be off: then only returned)."""
        d = Diagnostic(rule, message, file=file, line=line, **kw)
        applied = self.workspace.rules.apply([d])
        self.problems.extend(applied)
        return applied[0] if applied else d

    def read_toml(self, rel: str) -> dict[str, Any] | None:
        """A file's data, remembering its fingerprint; None when missing or unparsable (the
        problem is then in ``problems`` and ``broken``)."""
        hit = self._prefetched.pop(rel, None) if self._prefetched else None
        fp, parsed = read_one(self.files.read, rel) if hit is None else hit
        kind = parsed[0]
        if kind == "ok":
            if (other := self._same_file(rel, parsed[2])) is not None:
                self.broken[rel] = self.add_problem(
                    "S3", f"{rel} 与 {other} 是同一个文件（硬链接，或文件名只差大小写）：只读取 {other}，"
                    "这一项未读取，也不计入合计；删去多出的这一项，或把它换成一个独立的文件", rel)
                return None
            self.fingerprints[rel] = fp
            return parsed[1]
        if kind == "missing":
            self.broken[rel] = self.add_problem("S1", f"文件不存在：{rel}", rel)
        elif kind == "refused":
            self.broken[rel] = self.add_problem(parsed[2], parsed[1], rel)
        elif kind == "oserror":
            self.broken[rel] = self.add_problem("S1", f"无法读取：{parsed[1]}", rel)
        else:
            self.fingerprints[rel] = fp
            message = conflict_message(rel) if is_conflict_message(parsed[1]) else parsed[1]
            self.broken[rel] = self.add_problem("S1", message, rel, parsed[2])
        return None

    def file_identities(self) -> set[tuple[int, int]]:
        """(device, inode) of every file read: two stores that read parts of one workspace
        (``jixiao check``'s workers) compare them to find a file with a name in each."""
        return set(self._identities)

    def _same_file(self, rel: str, ident: tuple[int, int] | None) -> str | None:
        """The other path already read that is the same file as ``rel`` (two names of one file
        must not count twice); None when there is none."""
        if ident is None or not ident[1]:  # from memory, or a file system without inode numbers
            return None
        other = self._identities.setdefault(ident, rel)
        if other != rel:
            try:  # the other may have been replaced since (a save, a reload): then it is not
                st = os.stat(self.root / other)
                if (st.st_dev, st.st_ino) == ident:
                    return other
            except OSError:
                pass
            self._identities[ident] = rel
        return None

    def _prefetch(self, unit_ids: list[str], jobs: int | None) -> None:
        """Parse a large workspace's files in worker processes, the calling process taking a
        share too; ``read_toml`` then takes the results. Plain data crosses the process boundary
        (a pydantic model would cost more to pickle than to build)."""
        if not isinstance(self.files, DiskFiles):
            return
        jobs = jobs or min(os.cpu_count() or 1, 8)
        if jobs < 2:
            return
        root = str(self.root)
        rels: list[str] = []
        for uid in unit_ids:
            if not layout.valid_id(uid) or is_link_path(os.path.join(root, uid)):
                continue
            try:
                names = os.listdir(os.path.join(root, uid))
            except OSError:
                continue
            rels.extend(f"{uid}/{n}" for n in names if n.endswith(".toml"))
        if len(rels) < PARALLEL_FROM:
            return
        results = parse_in_parallel(root, rels, jobs)
        self._prefetched = {rel: (fp, parsed) for rel, fp, parsed in results}

    def _read_codes(self) -> CodeTable:
        if not self.files.is_file(layout.CODES_FILE):
            return default_codes()
        data = self.read_toml(layout.CODES_FILE)
        if data is not None:
            try:
                return CodeTable.from_dict(data)
            except ValueError as e:
                self.broken[layout.CODES_FILE] = self.add_problem("S1", f"代码表无效：{e}；改用默认代码表", layout.CODES_FILE)
        return default_codes()

    def _read_rules(self) -> RuleSet:
        """rules.toml: severities and parameters; each wrong entry an S1 at its line (left out,
        the rest applies); an unreadable file an S1 too, and the shipped defaults apply."""
        if not self.files.is_file(RULES_FILE):
            return DEFAULT_RULES
        data = self.read_toml(RULES_FILE)
        if data is None:
            return DEFAULT_RULES
        rules, problems = read_rule_set(data)
        if problems:
            raw, _ = self.files.read(RULES_FILE)
            text = raw.decode("utf-8-sig", errors="replace")
            for p in problems:
                self.add_problem("S1", f"规则设置无效：{p.message}；这一项不起作用", RULES_FILE, line_of(text, p.rule, p.key))
        return rules

    def read_unit_file(self, uid: str) -> Unit | None:
        """A unit folder: its unit.toml and every project it lists or holds (unlisted ones
        last); None when the unit file is unreadable."""
        rel = f"{uid}/{layout.UNIT_FILE}"
        if not layout.valid_id(uid):
            self.add_problem("S1", f"单位文件夹名「{uid}」无效（只能用字母、数字、-、_）", layout.WORKSPACE_FILE)
            return None
        if (link := self.files.folder_link(uid)) is not None:  # never read or written through
            self.broken[rel] = self.add_problem("S3", link, rel, unit_id=uid)
            return None
        data = self.read_toml(rel)
        if data is None:
            return None
        project_ids = data.pop("projects", [])
        try:
            unit = Unit.model_validate(data)
        except ValidationError as e:
            self.broken[rel] = self.add_problem("S1", explain(e), rel)
            return None
        unit.id = uid
        if not isinstance(project_ids, list) or not all(isinstance(p, str) for p in project_ids):
            self.add_problem("S1", "projects 应为项目文件名（不含 .toml）的列表", rel, unit=unit.name, unit_id=uid)
            project_ids = []
        listed = set(project_ids)
        on_disk = [stem for stem in self.files.toml_stems(uid) if stem + ".toml" != layout.UNIT_FILE]
        for pid in on_disk:
            if pid not in listed:
                self.add_problem("S2", f"项目文件 {uid}/{pid}.toml 不在 projects 列表中，已附在最后", rel, unit=unit.name, unit_id=uid)
                project_ids.append(pid)
        seen = set()
        for pid in project_ids:
            if pid in seen:
                self.add_problem("S2", f"projects 列表中 {pid} 重复，只读取一次", rel, unit=unit.name, unit_id=uid)
                continue
            seen.add(pid)
            project = self.read_project_file(unit, pid)
            if project is not None:
                unit.projects.append(project)
            elif layout.valid_id(pid):
                unit.unreadable.append(pid)
        return unit

    def read_project_file(self, unit: Unit, pid: str) -> Project | None:
        """One project file of ``unit``; None when unreadable or invalid (see ``broken``)."""
        rel = f"{unit.id}/{pid}.toml"
        if not layout.valid_id(pid):
            self.add_problem("S1", f"项目文件名「{pid}」无效", f"{unit.id}/{layout.UNIT_FILE}", unit=unit.name, unit_id=unit.id)
            return None
        data = self.read_toml(rel)
        if data is None:
            return None
        try:
            project = project_from_data(data, lambda: self.raw(rel))
        except BadProject as e:
            self.broken[rel] = self.add_problem("S1", e.message, rel, e.line, unit=unit.name, project=str(data.get("name", "")), unit_id=unit.id, project_id=pid)
            return None
        project.id = pid
        return project

    def raw(self, rel: str) -> bytes | None:
        """A file's bytes read again (for the line of a problem only)."""
        try:
            return self.files.read(rel)[0]
        except OSError:
            return None

    # -- checking -----------------------------------------------------------------------------

    def diagnostics(self) -> list[Diagnostic]:
        return [*self.problems, *validate_workspace(self.workspace, layout.file_of, layout.WORKSPACE_FILE)]

    # -- writing ------------------------------------------------------------------------------

    def write_text(self, rel: str, text: str, force: bool = False, form: TextForm = NEW_FILE) -> bool:
        """Write ``text`` (LF line endings) to ``rel`` in ``form`` unless unchanged (False then);
        ConflictError if the file changed on disk since it was read, StorageError if it was
        unreadable (unless ``force``)."""
        self._writable()
        self._inside(rel)
        path = self.root / rel
        data = encode(text, form)
        try:
            current = read_bytes(self.root, rel)
        except FileNotFoundError:
            current = None
        known = self.fingerprints.get(rel)
        now = None if current is None else fingerprint(current)
        if not force and now != known:
            raise ConflictError(rel)
        if current == data:
            return False
        if rel in self.broken and not force:
            raise StorageError(f"{rel} 无法解析，为免丢失内容，不覆盖它：{self.broken[rel].message}")
        atomic_write(path, data)
        self.fingerprints[rel] = fingerprint(data)
        self.broken.pop(rel, None)
        return True

    def write_toml(self, rel: str, root: dict, tables: dict | None, arrays: dict | None, header: str = "",
                   force: bool = False) -> bool:
        """Save a file's data (``layout.*_data``): its current text minimally edited, or the
        canonical text for a new file; then as ``write_text``, keeping the file's BOM and line
        endings."""
        self._inside(rel)
        try:
            current, form = decode(read_bytes(self.root, rel))
        except FileNotFoundError:
            current, form = None, NEW_FILE
        return self.write_text(rel, render(current, root, tables, arrays, header), force, form)

    def save_project(self, unit: Unit, project: Project, force: bool = False) -> bool:
        root, arrays = layout.project_data(project)
        return self.write_toml(layout.project_path(unit, project), root, None, arrays, force=force)

    def save_unit(self, unit: Unit, force: bool = False) -> bool:
        root, tables = layout.unit_data(unit)
        return self.write_toml(layout.unit_path(unit), root, tables, None, layout.UNIT_HEADER, force)

    def save_workspace(self, force: bool = False) -> bool:
        root = layout.workspace_data(self.workspace)
        return self.write_toml(layout.WORKSPACE_FILE, root, None, None, layout.WORKSPACE_HEADER, force)

    def delete_project(self, unit_id: str, project_id: str, force: bool = False) -> None:
        self.delete_file(f"{unit_id}/{project_id}.toml", force)

    def delete_file(self, rel: str, force: bool = False, empty_folder_too: bool = False) -> None:
        """Delete ``rel`` (ConflictError if it changed on disk since it was read, unless
        ``force``); ``empty_folder_too``: then its folder, when nothing else is left in it."""
        self._writable()
        self._inside(rel)
        path = self.root / rel
        if path.exists():
            if not force and fingerprint(read_bytes(self.root, rel)) != self.fingerprints.get(rel):
                raise ConflictError(rel)
            path.unlink()
            if empty_folder_too:
                try:
                    path.parent.rmdir()  # only when empty: a deleted unit's folder
                except OSError:
                    pass
        self.fingerprints.pop(rel, None)

    def _writable(self) -> None:
        if self.snapshot:
            raise StorageError(f"这是 {self.snapshot} 版本的只读副本，不能保存")

    def _inside(self, rel: str) -> None:
        """StorageError unless writing ``rel`` stays inside the workspace: no folder on the way,
        nor the file itself, is a link (checked right before writing: a unit folder may have been
        replaced by a link since it was read)."""
        if (why := link_on_the_way(self.root, rel)) is not None:
            raise StorageError(f"{why}，{rel} 未保存；把链接换成它所指的文件夹或文件本身（复制过来）后再保存")

    def changed_on_disk(self) -> list[str]:
        """Files whose bytes differ from what was read or written (deleted files included)."""
        out = []
        for rel, fp in self.fingerprints.items():
            try:
                now = fingerprint(read_bytes(self.root, rel))
            except OSError:  # missing, or no longer a regular file (confine)
                now = None
            if now != fp:
                out.append(rel)
        return out


def new_workspace_files(ws: Workspace) -> dict[str, bytes]:
    """Every file of ``ws`` in canonical form (new files: LF, no BOM), jixiao.toml first."""
    files = {layout.WORKSPACE_FILE: render(None, layout.workspace_data(ws), None, None, layout.WORKSPACE_HEADER)}
    for unit in ws.units:
        root, tables = layout.unit_data(unit)
        files[layout.unit_path(unit)] = render(None, root, tables, None, layout.UNIT_HEADER)
        for project in unit.projects:
            root, arrays = layout.project_data(project)
            files[layout.project_path(unit, project)] = render(None, root, None, arrays)
    return {rel: encode(text, NEW_FILE) for rel, text in files.items()}


def write_new_workspace(ws: Workspace, target: str | os.PathLike[str]) -> Store:
    """Write ``ws`` in canonical form into an empty (or missing) folder, all or nothing
    (``storage.new_folder``: staged beside it, synced once, renamed into place)."""
    target = Path(target)
    if target.exists():
        if not target.is_dir():
            raise StorageError(f"{target} 已存在且不是文件夹")
        if any(p.name != ".git" for p in target.iterdir()):
            raise StorageError(f"{target} 不是空文件夹，拒绝写入（以免覆盖已有内容）")
    files = new_workspace_files(ws)
    write_new_folder(target, files, last=layout.WORKSPACE_FILE)
    store = Store(target, ws)
    store.fingerprints = {rel: fingerprint(data) for rel, data in files.items()}
    return store
