"""What ``jixiao pull`` settles itself when ``git merge`` stops on conflicts: new files both
copies added under the same id, and the order lists.

- A project file both sides added under one id (both took ``p20``) with different content:
  one keeps the id, the other gets the next id free in both copies; a unit folder both added
  (``u02``) likewise, the whole folder. Which one keeps the id is decided by the content alone
  (the smaller text), and the new id from both sides' files, so two copies pulling each other's
  bundles make the same choice and reach the same files.
- The order lists (``projects`` in unit.toml, ``units`` in jixiao.toml) merge as lists
  (``model.list_merge``, with those renames applied); the rest of such a file merges as text
  (``git merge-file``). A file whose other fields both sides changed stays in conflict.
- A project file both sides gave 审核意见: the comments merge as a list
  (``storage.git.merge_comments``), the rest as text, as above.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

import tomlkit
from tomlkit.exceptions import TOMLKitError

from model.history.ids import next_id
from model.list_merge import merge_ids
from storage.atomic import atomic_write
from storage.git.command import Repo, engine
from storage.git.merge_comments import merge_comment_file
from storage.git.revisions import tree_files, unmerged
from storage.toml.update import update_table
from storage.workspace import layout


@dataclass(frozen=True)
class Renamed:
    old: str  # workspace-relative path both sides added (a project file or a unit folder)
    new: str
    name: str  # the renamed project's or unit's name
    ours: bool  # our version was renamed (else the bundle's)

    def message(self) -> str:
        whose = "本机" if self.ours else "包中"
        what = "单位" if "/" not in self.old else "项目"
        return (f"两边都新增了 {self.old}（编号相同）：{whose}的{what}「{self.name}」改为 {self.new}，"
                f"两个{what}都已保留")


class _Sides:
    """The workspace's files at the merge base, ours (HEAD) and theirs (MERGE_HEAD), and the id
    renames to apply to one side's lists."""

    def __init__(self, repo: Repo, base: str | None) -> None:
        self.base = tree_files(repo, base) if base else {}
        self.ours = tree_files(repo, "HEAD")
        self.theirs = tree_files(repo, "MERGE_HEAD")
        self.renames: dict[tuple[bool, str], dict[str, str]] = {}  # (ours?, list file) -> {old: new}

    def added_by_both(self, rel: str) -> bool:
        o, t = self.ours.get(rel), self.theirs.get(rel)
        return rel not in self.base and o is not None and t is not None and o != t

    def loser_is_ours(self, rel: str) -> bool:
        return self.ours[rel] > self.theirs[rel]

    def folders(self) -> set[str]:
        return {rel.split("/", 1)[0] for files in (self.base, self.ours, self.theirs) for rel in files if "/" in rel}


def settle_structure(repo: Repo, base: str | None) -> list[Renamed]:
    """Resolve what can be resolved of the merge in progress (see the module docstring), stage
    it, and say which ids were renamed. Conflicts it cannot settle are left as git left them."""
    sides = _Sides(repo, base)
    renamed: list[Renamed] = []
    taken_units = sides.folders()
    collided_units = set()
    for uid in sorted(taken_units):
        rel = f"{uid}/{layout.UNIT_FILE}"
        if not sides.added_by_both(rel):
            continue
        new = next_id("u", taken_units)
        taken_units.add(new)
        collided_units.add(uid)
        renamed.append(_move_unit(repo, sides, uid, new))
    for rel in sorted(set(sides.ours) & set(sides.theirs)):
        where = layout.project_of(rel)
        if where is None or where[0] in collided_units or not sides.added_by_both(rel):
            continue
        uid, pid = where
        taken = {layout.project_of(r)[1] for files in (sides.base, sides.ours, sides.theirs)
                 for r in files if r.startswith(uid + "/") and layout.project_of(r)}
        taken |= {new for (_, f), names in sides.renames.items() if f.startswith(uid + "/") for new in names.values()}
        new = next_id("p", taken)
        renamed.append(_move_project(repo, sides, uid, pid, new))
    conflicted = set(unmerged(repo))
    lists = {f for (_, f) in sides.renames} | {
        f for f in conflicted if f == layout.WORKSPACE_FILE or f.endswith("/" + layout.UNIT_FILE)}
    for f in sorted(lists):
        _merge_list_file(repo, sides, f, f in conflicted)
    for f in sorted(conflicted):
        if layout.project_of(f) is not None:
            _merge_comments(repo, sides, f)
    return renamed


def _merge_comments(repo: Repo, sides: _Sides, rel: str) -> None:
    """A project file both sides gave 审核意见 (``storage.git.merge_comments``)."""
    texts = [files.get(rel) for files in (sides.base, sides.ours, sides.theirs)]
    if any(t is None for t in texts):
        return
    try:
        decoded = [t.decode("utf-8-sig") for t in texts]  # type: ignore[union-attr]
    except UnicodeDecodeError:
        return
    result = merge_comment_file(decoded, lambda three: _merge_text(repo, three))
    if result is not None:
        bom = b"\xef\xbb\xbf" if texts[1].startswith(b"\xef\xbb\xbf") else b""  # type: ignore[union-attr]
        _write(repo, rel, bom + result.encode("utf-8"))


def _name(data: bytes) -> str:
    try:
        return str(tomllib.loads(data.decode("utf-8-sig")).get("name", ""))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""


def _write(repo: Repo, rel: str, data: bytes) -> None:
    atomic_write(repo.root / rel, data)
    engine().stage(repo, [repo.path(rel)])


def _move_project(repo: Repo, sides: _Sides, uid: str, pid: str, new: str) -> Renamed:
    rel = f"{uid}/{pid}.toml"
    loser_ours = sides.loser_is_ours(rel)
    keeper, loser = (sides.theirs, sides.ours) if loser_ours else (sides.ours, sides.theirs)
    new_rel = f"{uid}/{new}.toml"
    _write(repo, rel, keeper[rel])
    _write(repo, new_rel, loser[rel])
    sides.renames.setdefault((loser_ours, f"{uid}/{layout.UNIT_FILE}"), {})[pid] = new
    return Renamed(rel, new_rel, _name(loser[rel]), loser_ours)


def _move_unit(repo: Repo, sides: _Sides, uid: str, new: str) -> Renamed:
    rel = f"{uid}/{layout.UNIT_FILE}"
    loser_ours = sides.loser_is_ours(rel)
    keeper, loser = (sides.theirs, sides.ours) if loser_ours else (sides.ours, sides.theirs)
    inside = uid + "/"
    for path in sorted({p for p in (*sides.ours, *sides.theirs) if p.startswith(inside)}):
        if path in keeper:
            _write(repo, path, keeper[path])
        else:  # the other side's file: it moves to the new folder below
            engine().unstage_removed(repo, repo.path(path))
            (repo.root / path).unlink(missing_ok=True)
    for path in sorted(p for p in loser if p.startswith(inside)):
        _write(repo, new + "/" + path[len(inside):], loser[path])
    sides.renames.setdefault((loser_ours, layout.WORKSPACE_FILE), {})[uid] = new
    return Renamed(uid, new, _name(loser[rel]), loser_ours)


def _merge_list_file(repo: Repo, sides: _Sides, rel: str, conflicted: bool) -> None:
    key = "units" if rel == layout.WORKSPACE_FILE else "projects"
    texts = [files.get(rel) for files in (sides.base, sides.ours, sides.theirs)]
    if any(t is None for t in texts):
        return
    try:
        base, ours, theirs = (t.decode("utf-8-sig") for t in texts)  # type: ignore[union-attr]
        lists = [_ids(tomllib.loads(t).get(key, [])) for t in (base, ours, theirs)]
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError):
        return  # not ours to guess: git's conflict stays for the person to resolve
    for i, is_ours in ((1, True), (2, False)):
        names = sides.renames.get((is_ours, rel), {})
        lists[i] = [names.get(x, x) for x in lists[i]]
    merged = merge_ids(*lists)
    text = _merge_text(repo, [_with_list(t, key, lists[0]) for t in (base, ours, theirs)])
    if text is None:
        if conflicted:
            return
        text = (repo.root / rel).read_text("utf-8-sig")
    try:
        tomllib.loads(text)  # two clean text merges can still make a duplicate key
        result = _with_list(text, key, merged)
    except (tomllib.TOMLDecodeError, TOMLKitError):
        return  # left as git merged it; a renamed file missing from the list shows as S2 in check
    bom = b"\xef\xbb\xbf" if texts[1].startswith(b"\xef\xbb\xbf") else b""  # type: ignore[union-attr]
    _write(repo, rel, bom + result.encode("utf-8"))


def _ids(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValueError("not a list of ids")
    return value


def _with_list(text: str, key: str, ids: list[str]) -> str:
    doc = tomlkit.parse(text)
    update_table(doc, {key: ids})
    return tomlkit.dumps(doc)


def _merge_text(repo: Repo, texts: list[str]) -> str | None:
    """Three-way text merge of (base, ours, theirs) (``git merge-file``); None when it leaves
    conflicts."""
    return engine().merge_file(repo, *texts)
