"""An edit session over a Workspace: undoable changes, dirty files, incremental validation.

Every edit the editor makes goes through :class:`EditSession`. A change is a short list of
primitive operations (set an attribute, insert/remove/move a list item) that hold references to
the model objects they touch, so undo and redo cost what the edit cost, never a copy of the
workspace. Undo is strictly last-in first-out, which keeps those references valid: an object is
only ever detached by an operation that also knows how to put it back.

A change names the files it affects as keys (``model.filekey.FileKey``: the workspace file, a
unit's file, a project's file). A file is dirty when its current state differs from the state it was
loaded or saved with (its *baseline*), compared as plain data, so undoing back to the saved
state makes it clean again. After each change only the affected projects and units are
revalidated; the flattened diagnostics list is rebuilt per unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from model.codes import CodeTable
from model.errors import JixiaoError
from model.fields import PROJECT_FIELDS
from model.filekey import WORKSPACE_KEY, FileKey, project_key, unit_key
from model.validate import Diagnostic, _no_file, validate_project, validate_unit_rules
from model.workspace import FUNDING, Funding, Indicator, Project, Unit, Workspace

INDICATOR_FIELDS = ("level1", "level2", "name", "period", "annual")
WORKSPACE_FIELDS = ("title", "department", "year")


@dataclass(frozen=True)
class Target:
    """Where a change happened (or a diagnostic points): for moving the cursor there."""

    unit_id: str = ""
    project_id: str = ""
    indicator: int | None = None  # 0-based row in the indicator table
    field: str = ""


# -- primitive operations --------------------------------------------------------------------

class _Op:
    def apply(self) -> None: ...
    def revert(self) -> None: ...


@dataclass
class SetAttr(_Op):
    obj: Any
    attr: str
    old: Any
    new: Any

    def apply(self) -> None:
        setattr(self.obj, self.attr, self.new)

    def revert(self) -> None:
        setattr(self.obj, self.attr, self.old)


@dataclass
class Insert(_Op):
    owner: Any
    attr: str
    index: int
    item: Any

    def apply(self) -> None:
        getattr(self.owner, self.attr).insert(self.index, self.item)

    def revert(self) -> None:
        del getattr(self.owner, self.attr)[self.index]


@dataclass
class Remove(_Op):
    owner: Any
    attr: str
    index: int
    item: Any

    def apply(self) -> None:
        del getattr(self.owner, self.attr)[self.index]

    def revert(self) -> None:
        getattr(self.owner, self.attr).insert(self.index, self.item)


@dataclass
class Move(_Op):
    owner: Any
    attr: str
    src: int
    dst: int

    def apply(self) -> None:
        items = getattr(self.owner, self.attr)
        items.insert(self.dst, items.pop(self.src))

    def revert(self) -> None:
        items = getattr(self.owner, self.attr)
        items.insert(self.src, items.pop(self.dst))


@dataclass
class Change:
    label: str  # Chinese, shown after undo/redo: 「撤销：修改总计」
    ops: list[_Op]
    files: tuple[FileKey, ...]
    where: Target
    merge_key: tuple | None = None  # consecutive typing into one field merges into one change


class EditError(JixiaoError, ValueError):
    """An edit the session refuses (with a message for the user)."""


# -- the session -----------------------------------------------------------------------------

FileOf = Callable[[Unit, "Project | None"], str]


class EditSession:
    def __init__(
        self,
        ws: Workspace,
        file_of: FileOf = _no_file,
        reserved: dict[str, Iterable[str]] | None = None,
        reserved_units: Iterable[str] = (),
    ) -> None:
        """``reserved`` maps a unit id to project ids that exist on disk but not in the model
        (unreadable files); new ids never reuse them, nor any id used during the session."""
        self.ws = ws
        self.codes: CodeTable = ws.codes
        self.file_of = file_of
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []
        self.baseline: dict[FileKey, Any] = {}
        self.dirty: set[FileKey] = set()
        self.version = 0  # bumped on every change, undo, redo, reload
        self._reserved: dict[str, set[str]] = {u.id: {p.id for p in u.projects} for u in ws.units}
        for uid, ids in (reserved or {}).items():
            self._reserved.setdefault(uid, set()).update(ids)
        self._reserved_units: set[str] = {u.id for u in ws.units} | set(reserved_units)
        self._merge_open = False
        # diagnostics caches
        self._pdiag: dict[tuple[str, str], list[Diagnostic]] = {}
        self._udiag: dict[str, list[Diagnostic]] = {}  # U1 empty name + unit rules
        self._wdiag: dict[str, list[Diagnostic]] = {}  # U1 duplicates, by unit id
        self._flat: dict[str, list[Diagnostic]] = {}
        self._all: list[Diagnostic] | None = None
        self.revalidate_all()

    # -- lookup -------------------------------------------------------------------------------

    def unit(self, uid: str) -> Unit | None:
        for u in self.ws.units:
            if u.id == uid:
                return u
        return None

    def project(self, uid: str, pid: str) -> tuple[Unit, Project] | None:
        u = self.unit(uid)
        if u is None:
            return None
        for p in u.projects:
            if p.id == pid:
                return u, p
        return None

    # -- file states and dirtiness ------------------------------------------------------------

    def state(self, key: FileKey) -> Any:
        """The plain data a file holds in the model now (None when it does not exist)."""
        kind = key.kind
        if kind == "workspace":
            ws = self.ws
            return {"title": ws.title, "department": ws.department, "year": ws.year,
                    "units": [u.id for u in ws.units]}
        if kind == "unit":
            u = self.unit(key.unit_id)
            if u is None:
                return None
            return {"name": u.name, "control": u.control.model_dump(mode="json"),
                    "projects": [p.id for p in u.projects]}
        found = self.project(key.unit_id, key.project_id)
        if found is None:
            return None
        return found[1].model_dump(mode="json", exclude={"id"})

    def _touch(self, keys: Iterable[FileKey]) -> None:
        for k in keys:
            if k not in self.baseline:
                self.baseline[k] = self.state(k)

    def _refresh_dirty(self, keys: Iterable[FileKey]) -> None:
        for k in keys:
            if self.state(k) != self.baseline.get(k):
                self.dirty.add(k)
            else:
                self.dirty.discard(k)

    def is_dirty(self, key: FileKey | None = None) -> bool:
        return bool(self.dirty) if key is None else key in self.dirty

    def unit_dirty(self, uid: str) -> bool:
        """The unit file or any of its project files has unsaved changes."""
        return any(k.kind != "workspace" and k.unit_id == uid for k in self.dirty)

    def mark_saved(self, key: FileKey) -> None:
        """The file on disk now holds the model's state."""
        self.baseline[key] = self.state(key)
        self.dirty.discard(key)

    def mark_missing(self, key: FileKey) -> None:
        """The file is gone from disk while the model still holds it: dirty until a save
        writes it again."""
        self.baseline[key] = None
        self.dirty.add(key)

    def mark_all_saved(self) -> None:
        for k in list(self.dirty):
            self.mark_saved(k)

    def dirty_states(self) -> dict[str, Any]:
        """Every dirty file's current state, JSON-able, for the recovery journal."""
        out: dict[str, Any] = {"workspace": None, "units": {}, "projects": {}}
        for k in sorted(self.dirty):
            if k.kind == "workspace":
                out["workspace"] = self.state(k)
            elif k.kind == "unit":
                out["units"][k.unit_id] = self.state(k)
            else:
                out["projects"][f"{k.unit_id}/{k.project_id}"] = self.state(k)
        return out

    def restore_states(self, states: dict[str, Any]) -> Change | None:
        """Apply a journal written by :meth:`dirty_states` as one undoable change."""
        ops: list[_Op] = []
        files: list[FileKey] = []
        projects = states.get("projects") or {}
        units = states.get("units") or {}
        # plan against a scratch view of which units exist
        unit_objs: dict[str, Unit] = {u.id: u for u in self.ws.units}
        new_units: dict[str, Unit] = {}
        for uid, st in units.items():
            if st is None or uid in unit_objs:
                continue
            new_units[uid] = Unit(id=uid, name=st.get("name", ""))
        all_units = {**unit_objs, **new_units}
        for rel, st in projects.items():
            uid, pid = rel.split("/", 1)
            u = all_units.get(uid)
            if u is None:
                continue
            files.append(project_key(uid, pid))
            existing = next((p for p in u.projects if p.id == pid), None)
            if st is None:
                continue  # removal follows from the unit's project list below
            fresh = Project.model_validate({**st, "id": pid})
            if existing is not None:
                ops.extend(_replace_project_ops(existing, fresh))
            else:
                # attach to the unit's list; the list order is set from the unit state below
                pending = sum(1 for o in ops if isinstance(o, Insert) and o.owner is u)
                ops.append(Insert(u, "projects", len(u.projects) + pending, fresh))
        for uid, st in units.items():
            files.append(unit_key(uid))
            u = all_units.get(uid)
            if u is None or st is None:
                continue
            ops.append(SetAttr(u, "name", u.name, st.get("name", "")))
            control = Funding.model_validate(st.get("control") or {})
            ops.append(SetAttr(u, "control", u.control, control))
            ops.append(_Reorder(u, "projects", [p.id for p in u.projects], list(st.get("projects", []))))
        ws_state = states.get("workspace")
        if ws_state is not None or new_units:
            files.append(WORKSPACE_KEY)
        if ws_state is not None:
            for f in WORKSPACE_FIELDS:
                if f in ws_state:
                    ops.append(SetAttr(self.ws, f, getattr(self.ws, f), ws_state[f]))
        for uid, u in new_units.items():
            ops.append(Insert(self.ws, "units", len(self.ws.units), u))
            files.append(unit_key(uid))
        if ws_state is not None:
            order = list(ws_state.get("units", []))
            ops.append(_Reorder(self.ws, "units", None, order))
        if not ops and not files:
            return None
        for uid in new_units:
            self._reserved_units.add(uid)
        for rel in projects:
            uid, pid = rel.split("/", 1)
            self._reserved.setdefault(uid, set()).add(pid)
        return self._do("恢复未保存的修改", ops, files, Target())

    # -- applying changes ---------------------------------------------------------------------

    def _do(self, label: str, ops: list[_Op], files: Iterable[FileKey], where: Target,
            merge_key: tuple | None = None) -> Change:
        files = tuple(dict.fromkeys(files))
        last = self.undo_stack[-1] if self.undo_stack else None
        if (merge_key is not None and self._merge_open and last is not None
                and last.merge_key == merge_key and not self.redo_stack):
            self._touch(files)
            for op in ops:
                op.apply()
            # keep the first old value: one undo returns to before the typing began
            for op in ops:
                if isinstance(op, SetAttr):
                    for prev in last.ops:
                        if isinstance(prev, SetAttr) and prev.obj is op.obj and prev.attr == op.attr:
                            prev.new = op.new
                            break
                    else:
                        last.ops.append(op)
            change = last
        else:
            self._touch(files)
            for op in ops:
                op.apply()
            change = Change(label, ops, files, where, merge_key)
            self.undo_stack.append(change)
            self.redo_stack.clear()
        self._merge_open = merge_key is not None
        self._after(change.files)
        return change

    def close_merge(self) -> None:
        """End a run of typing: the next keystroke starts a new undo step."""
        self._merge_open = False

    def undo(self) -> Change | None:
        if not self.undo_stack:
            return None
        change = self.undo_stack.pop()
        self._touch(change.files)
        for op in reversed(change.ops):
            op.revert()
        self.redo_stack.append(change)
        self._merge_open = False
        self._after(change.files)
        return change

    def redo(self) -> Change | None:
        if not self.redo_stack:
            return None
        change = self.redo_stack.pop()
        self._touch(change.files)
        for op in change.ops:
            op.apply()
        self.undo_stack.append(change)
        self._merge_open = False
        self._after(change.files)
        return change

    def _after(self, files: Iterable[FileKey]) -> None:
        files = list(files)
        self.version += 1
        self._refresh_dirty(files)
        self._revalidate(files)

    # -- field edits --------------------------------------------------------------------------

    def set_workspace_field(self, field: str, value: Any, typing: bool = False) -> Change | None:
        if field not in WORKSPACE_FIELDS:
            raise EditError(f"未知字段 {field}")
        if field == "year":
            value = _year(value)
        old = getattr(self.ws, field)
        if old == value:
            return None
        label = {"title": "修改标题", "department": "修改单位名称", "year": "修改年度"}[field]
        return self._do(label, [SetAttr(self.ws, field, old, value)], [WORKSPACE_KEY], Target(field=field),
                        ("ws", field) if typing else None)

    def set_unit_field(self, unit: Unit, field: str, value: Any, typing: bool = False) -> Change | None:
        if field == "name":
            obj, attr = unit, "name"
        elif field.startswith("control.") and field[8:] in dict(FUNDING):
            obj, attr = unit.control, field[8:]
        else:
            raise EditError(f"未知字段 {field}")
        old = getattr(obj, attr)
        new = _coerce(obj, attr, value)
        if _same(old, new):
            return None
        label = "修改单位名称" if field == "name" else f"修改{dict(FUNDING)[attr]}控制数"
        files = [unit_key(unit.id)]
        return self._do(label, [SetAttr(obj, attr, old, new)], files, Target(unit.id, field=field),
                        ("unit", unit.id, field) if typing else None)

    def set_project_field(self, unit: Unit, project: Project, field: str, value: Any,
                          typing: bool = False) -> Change | None:
        if field not in PROJECT_FIELDS:
            raise EditError(f"未知字段 {field}")
        old = getattr(project, field)
        new = _coerce(project, field, value)
        if _same(old, new):
            return None
        from model.workspace import PROJECT_LABELS

        return self._do(
            f"修改{PROJECT_LABELS[field]}", [SetAttr(project, field, old, new)],
            [project_key(unit.id, project.id)], Target(unit.id, project.id, field=field),
            ("project", id(project), field) if typing else None,
        )

    def set_indicator_field(self, unit: Unit, project: Project, index: int, field: str,
                            value: str) -> Change | None:
        if field not in INDICATOR_FIELDS:
            raise EditError(f"未知字段 {field}")
        ind = project.indicators[index]
        old = getattr(ind, field)
        value = "" if value is None else str(value)
        if old == value:
            return None
        from model.workspace import INDICATOR_LABELS

        return self._do(
            f"修改指标{index + 1}{INDICATOR_LABELS[field]}", [SetAttr(ind, field, old, value)],
            [project_key(unit.id, project.id)], Target(unit.id, project.id, index, field),
        )

    def set_category(self, unit: Unit, project: Project, index: int, level: int, text: str) -> Change | None:
        """Pick a category from the code table (free text is refused). Picking a level-2 also
        sets the level-1 it belongs to; picking a level-1 clears a level-2 that no longer fits."""
        cat = self.pick_category(text, level)
        ind = project.indicators[index]
        ops: list[_Op] = []
        if level == 1:
            if ind.level1 != cat.label:
                ops.append(SetAttr(ind, "level1", ind.level1, cat.label))
            r2 = self.codes.resolve(ind.level2, 2) if ind.level2.strip() else None
            if r2 is not None and r2.category is not None and r2.category.parent != cat.code:
                ops.append(SetAttr(ind, "level2", ind.level2, ""))
        else:
            if ind.level2 != cat.label:
                ops.append(SetAttr(ind, "level2", ind.level2, cat.label))
            parent = self.codes.level1.get(cat.parent or "")
            if parent is not None and ind.level1 != parent.label:
                ops.append(SetAttr(ind, "level1", ind.level1, parent.label))
        if not ops:
            return None
        what = "一级指标" if level == 1 else "二级指标"
        return self._do(f"修改指标{index + 1}{what}", ops, [project_key(unit.id, project.id)],
                        Target(unit.id, project.id, index, f"level{level}"))

    def pick_category(self, text: str, level: int):
        """The category ``text`` designates: a code, a name, or part of a name matching exactly
        one category of the code table."""
        r = self.codes.resolve(text, level)
        if r.category is not None and not r.problem:
            return r.category
        found = self.codes.candidates(text, level) if text.strip() else []
        if len(found) == 1:
            return found[0]
        what = "一级指标" if level == 1 else "二级指标"
        if found:
            raise EditError(f"「{text}」可指多个{what}：{'、'.join(c.label for c in found)}，请输入更多")
        raise EditError(r.problem or f"{what}「{text}」不在代码表中")

    # -- indicators ---------------------------------------------------------------------------

    def add_indicator(self, unit: Unit, project: Project, index: int | None = None,
                      indicator: Indicator | None = None) -> Change:
        n = len(project.indicators)
        index = n if index is None else max(0, min(index, n))
        ind = indicator if indicator is not None else Indicator()
        return self._do("新增指标", [Insert(project, "indicators", index, ind)],
                        [project_key(unit.id, project.id)], Target(unit.id, project.id, index, "level1"))

    def duplicate_indicator(self, unit: Unit, project: Project, index: int) -> Change:
        copy = project.indicators[index].model_copy(deep=True)
        ch = self.add_indicator(unit, project, index + 1, copy)
        ch.label = f"复制指标{index + 1}"
        return ch

    def delete_indicator(self, unit: Unit, project: Project, index: int) -> Change:
        ind = project.indicators[index]
        after = min(index, len(project.indicators) - 2)
        return self._do(f"删除指标{index + 1}", [Remove(project, "indicators", index, ind)],
                        [project_key(unit.id, project.id)],
                        Target(unit.id, project.id, after if after >= 0 else None))

    def move_indicator(self, unit: Unit, project: Project, index: int, delta: int) -> Change | None:
        dst = index + delta
        if not (0 <= dst < len(project.indicators)) or dst == index:
            return None
        return self._do(f"移动指标{index + 1}", [Move(project, "indicators", index, dst)],
                        [project_key(unit.id, project.id)], Target(unit.id, project.id, dst))

    # -- compound changes (bulk entry): many edits, one undo step -----------------------------

    def insert_indicators(self, unit: Unit, project: Project, index: int | None,
                          indicators: list[Indicator], label: str = "") -> Change | None:
        """Insert several indicators in order at ``index`` (the end when None)."""
        if not indicators:
            return None
        n = len(project.indicators)
        index = n if index is None else max(0, min(index, n))
        ops: list[_Op] = [Insert(project, "indicators", index + k, ind) for k, ind in enumerate(indicators)]
        return self._do(label or f"粘贴 {len(indicators)} 个指标", ops, [project_key(unit.id, project.id)],
                        Target(unit.id, project.id, index, "name"))

    def set_indicator_cells(self, unit: Unit, project: Project, cells: Iterable[tuple[int, str, str]],
                            label: str) -> Change | None:
        """Set several cells ``(row, field, value)`` of one project's table; unchanged cells are
        left out, and None when nothing changes."""
        ops: list[_Op] = []
        pending: dict[tuple[int, str], str] = {}
        first: tuple[int, str] | None = None
        for index, field_, value in cells:
            if field_ not in INDICATOR_FIELDS:
                raise EditError(f"未知字段 {field_}")
            ind = project.indicators[index]
            old = pending.get((index, field_), getattr(ind, field_))
            value = "" if value is None else str(value)
            if old == value:
                continue
            ops.append(SetAttr(ind, field_, old, value))
            pending[(index, field_)] = value
            first = first or (index, field_)
        if not ops:
            return None
        return self._do(label, ops, [project_key(unit.id, project.id)], Target(unit.id, project.id, *first))

    def fill_down(self, unit: Unit, project: Project, index: int, field_: str) -> Change | None:
        """Copy the cell above into row ``index``; a category copies both levels (they belong
        together)."""
        if index <= 0 or index >= len(project.indicators):
            raise EditError("第一行上方没有可复制的单元格" if index <= 0 else "没有这一行")
        above = project.indicators[index - 1]
        fields = ("level1", "level2") if field_ in ("level1", "level2") else (field_,)
        return self.set_indicator_cells(unit, project, [(index, f, getattr(above, f)) for f in fields],
                                        f"向下填充指标{index + 1}")

    def copy_values(self, unit: Unit, project: Project, rows: Iterable[int], src: str, dst: str) -> Change | None:
        """Copy one target value into the other (period ↔ annual) for the given rows."""
        if {src, dst} != {"period", "annual"}:
            raise EditError("只能在实施周期指标值和年度指标值之间复制")
        rows = list(rows)
        what = "年度指标值复制到实施周期指标值" if src == "annual" else "实施周期指标值复制到年度指标值"
        scope = f"指标{rows[0] + 1}" if len(rows) == 1 else f"{len(rows)} 个指标"
        return self.set_indicator_cells(unit, project, [(i, dst, getattr(project.indicators[i], src)) for i in rows],
                                        f"{scope}：{what}")

    def add_indicator_to_many(self, targets: Iterable[tuple[Unit, Project]], indicator: Indicator,
                              label: str = "") -> Change | None:
        """Append a copy of ``indicator`` to each project."""
        targets = list(targets)
        if not targets:
            return None
        ops: list[_Op] = [Insert(p, "indicators", len(p.indicators), indicator.model_copy(deep=True))
                          for _, p in targets]
        u, p = targets[0]
        return self._do(label or f"向 {len(targets)} 个项目新增指标「{indicator.name}」", ops,
                        [project_key(u.id, p.id) for u, p in targets],
                        Target(u.id, p.id, len(p.indicators), "name"))

    def set_field_many(self, targets: Iterable[tuple[Unit, Project]], field_: str, value: Any) -> Change | None:
        """Set one project field (name, goal, an amount) to the same value in each project."""
        if field_ not in PROJECT_FIELDS:
            raise EditError(f"未知字段 {field_}")
        from model.workspace import PROJECT_LABELS

        targets = list(targets)
        ops: list[_Op] = []
        files = []
        for u, p in targets:
            new = _coerce(p, field_, value)
            if not _same(getattr(p, field_), new):
                ops.append(SetAttr(p, field_, getattr(p, field_), new))
                files.append(project_key(u.id, p.id))
        if not ops:
            return None
        u, p = targets[0]
        return self._do(f"{len(ops)} 个项目：修改{PROJECT_LABELS[field_]}", ops, files, Target(u.id, p.id, field=field_))

    def apply_edits(self, label: str, edits: Iterable[Any]) -> Change | None:
        """Apply planned text edits (``model.replace.Edit``: unit_id, project_id, indicator,
        field, old, new) as one change. Refused when a text no longer reads as planned."""
        ops: list[_Op] = []
        files = []
        first: Target | None = None
        for e in edits:
            found = self.project(e.unit_id, e.project_id)
            if found is None:
                raise EditError(f"项目 {e.unit_id}/{e.project_id} 已不在工作区中，请重新预览")
            u, p = found
            if e.indicator is None:
                if e.field not in ("name", "goal"):
                    raise EditError(f"未知字段 {e.field}")
                obj = p
            else:
                if e.field not in INDICATOR_FIELDS or e.indicator >= len(p.indicators):
                    raise EditError(f"「{p.name}」的指标{e.indicator + 1}已不存在，请重新预览")
                obj = p.indicators[e.indicator]
            if getattr(obj, e.field) != e.old:
                raise EditError(f"「{p.name}」已在预览后修改，请重新预览")
            ops.append(SetAttr(obj, e.field, e.old, e.new))
            files.append(project_key(u.id, p.id))
            first = first or Target(u.id, p.id, e.indicator, e.field)
        if not ops:
            return None
        return self._do(label, ops, files, first)

    # -- projects -----------------------------------------------------------------------------

    def new_project_id(self, unit: Unit) -> str:
        taken = self._reserved.setdefault(unit.id, set()) | {p.id for p in unit.projects}
        return _next_id("p", taken, max(2, len(str(len(taken) + 1))))

    def add_project(self, unit: Unit, index: int | None = None, project: Project | None = None,
                    label: str = "新增项目") -> Change:
        n = len(unit.projects)
        index = n if index is None else max(0, min(index, n))
        p = project if project is not None else Project()
        p.id = self.new_project_id(unit)
        self._reserved[unit.id].add(p.id)
        return self._do(label, [Insert(unit, "projects", index, p)],
                        [unit_key(unit.id), project_key(unit.id, p.id)], Target(unit.id, p.id, field="name"))

    def duplicate_project(self, unit: Unit, project: Project) -> Change:
        copy = project.model_copy(deep=True)
        copy.name = f"{project.name}（副本）"
        return self.add_project(unit, unit.projects.index(project) + 1, copy, f"复制项目「{project.name}」")

    def delete_project(self, unit: Unit, project: Project) -> Change:
        index = _index(unit.projects, project)
        return self._do(f"删除项目「{project.name}」", [Remove(unit, "projects", index, project)],
                        [unit_key(unit.id), project_key(unit.id, project.id)], Target(unit.id))

    def move_project(self, unit: Unit, project: Project, delta: int) -> Change | None:
        index = _index(unit.projects, project)
        dst = index + delta
        if not (0 <= dst < len(unit.projects)):
            return None
        return self._do(f"移动项目「{project.name}」", [Move(unit, "projects", index, dst)],
                        [unit_key(unit.id)], Target(unit.id, project.id))

    # -- units --------------------------------------------------------------------------------

    def new_unit_id(self) -> str:
        taken = self._reserved_units | {u.id for u in self.ws.units}
        return _next_id("u", taken, max(2, len(str(len(taken) + 1))))

    def add_unit(self, index: int | None = None, unit: Unit | None = None, label: str = "新增单位") -> Change:
        n = len(self.ws.units)
        index = n if index is None else max(0, min(index, n))
        u = unit if unit is not None else Unit()
        u.id = self.new_unit_id()
        self._reserved_units.add(u.id)
        self._reserved[u.id] = {p.id for p in u.projects}
        files = [WORKSPACE_KEY, unit_key(u.id), *(project_key(u.id, p.id) for p in u.projects)]
        return self._do(label, [Insert(self.ws, "units", index, u)], files, Target(u.id, field="name"))

    def duplicate_unit(self, unit: Unit) -> Change:
        copy = unit.model_copy(deep=True)
        copy.name = f"{unit.name}（副本）"
        return self.add_unit(_index(self.ws.units, unit) + 1, copy, f"复制单位「{unit.name}」")

    def delete_unit(self, unit: Unit) -> Change:
        index = _index(self.ws.units, unit)
        files = [WORKSPACE_KEY, unit_key(unit.id), *(project_key(unit.id, p.id) for p in unit.projects)]
        return self._do(f"删除单位「{unit.name}」", [Remove(self.ws, "units", index, unit)], files, Target())

    def move_unit(self, unit: Unit, delta: int) -> Change | None:
        index = _index(self.ws.units, unit)
        dst = index + delta
        if not (0 <= dst < len(self.ws.units)):
            return None
        return self._do(f"移动单位「{unit.name}」", [Move(self.ws, "units", index, dst)], [WORKSPACE_KEY],
                        Target(unit.id))

    # -- reloading from disk ------------------------------------------------------------------

    def reload_project(self, unit: Unit, project: Project, fresh: Project) -> Change:
        """Replace a project's contents with the version just read from disk. Undoable; the
        disk version becomes the baseline, so the project is clean afterwards."""
        key = project_key(unit.id, project.id)
        ch = self._do("从磁盘重新载入项目", _replace_project_ops(project, fresh), [key], Target(unit.id, project.id))
        self.mark_saved(key)
        return ch

    def reload_unit(self, unit: Unit, fresh: Unit) -> Change:
        """Replace a unit (name, control figures, project list and contents) with its disk version."""
        old_ids = {p.id for p in unit.projects}
        new_ids = {p.id for p in fresh.projects}
        files = [unit_key(unit.id), *(project_key(unit.id, i) for i in old_ids | new_ids)]
        ops: list[_Op] = [SetAttr(unit, "name", unit.name, fresh.name),
                          SetAttr(unit, "control", unit.control, fresh.control),
                          SetAttr(unit, "projects", list(unit.projects), list(fresh.projects)),
                          SetAttr(unit, "unreadable", list(unit.unreadable), list(fresh.unreadable))]
        self._reserved.setdefault(unit.id, set()).update(new_ids)
        ch = self._do("从磁盘重新载入单位", ops, files, Target(unit.id))
        for k in files:
            self.mark_saved(k)
        return ch

    def reload_workspace(self, fresh: Workspace, units: list[Unit]) -> Change:
        """Replace title/department/year and the unit list (``units`` in the disk order)."""
        ops: list[_Op] = [SetAttr(self.ws, f, getattr(self.ws, f), getattr(fresh, f)) for f in WORKSPACE_FIELDS]
        old_units = {u.id for u in self.ws.units}
        ops.append(SetAttr(self.ws, "units", list(self.ws.units), list(units)))
        files = [WORKSPACE_KEY]
        for u in units:
            if u.id not in old_units:
                files += [unit_key(u.id), *(project_key(u.id, p.id) for p in u.projects)]
                self._reserved_units.add(u.id)
                self._reserved[u.id] = {p.id for p in u.projects}
        for uid in old_units - {u.id for u in units}:
            old = self.unit(uid)
            files += [unit_key(uid), *(project_key(uid, p.id) for p in old.projects)] if old else []
        ch = self._do("从磁盘重新载入工作区", ops, files, Target())
        for k in files:
            self.mark_saved(k)
        return ch

    # -- validation ---------------------------------------------------------------------------

    def revalidate_all(self) -> None:
        self._pdiag.clear()
        self._udiag.clear()
        for u in self.ws.units:
            self._validate_unit(u, all_projects=True)
        self._validate_unit_names()
        self._flat.clear()
        self._all = None

    def _validate_project(self, u: Unit, p: Project) -> None:
        self._pdiag[(u.id, p.id)] = validate_project(p, self.codes, u.name, self.file_of(u, p), u.id)

    def _validate_unit(self, u: Unit, all_projects: bool) -> None:
        if all_projects:
            for k in [k for k in self._pdiag if k[0] == u.id]:
                del self._pdiag[k]
            for p in u.projects:
                self._validate_project(u, p)
        out = []
        if not u.name.strip():
            out.append(Diagnostic("U1", "单位名称为空", self.file_of(u, None), "", "", None, "name", None, u.id))
        out.extend(validate_unit_rules(u, self.file_of))
        self._udiag[u.id] = out
        self._flat.pop(u.id, None)

    def _validate_unit_names(self) -> None:
        self._wdiag = {}
        self._flat.clear()
        names: dict[str, Unit] = {}
        for u in self.ws.units:
            key = u.name.strip()
            if key and key in names:
                self._wdiag[u.id] = [Diagnostic("U1", f"单位名称「{key}」重复", self.file_of(u, None), u.name,
                                                "", None, "name", None, u.id)]
            names.setdefault(key, u)

    def _revalidate(self, files: list[FileKey]) -> None:
        units_full: set[str] = set()
        units_rules: set[str] = set()
        projects: set[tuple[str, str]] = set()
        ws_level = False
        for k in files:
            if k.kind == "workspace":
                ws_level = True
            elif k.kind == "unit":
                units_full.add(k.unit_id)
            else:
                projects.add((k.unit_id, k.project_id))
                units_rules.add(k.unit_id)
        if ws_level:
            present = {u.id for u in self.ws.units}
            for uid in list(self._udiag):
                if uid not in present:
                    self._udiag.pop(uid, None)
                    self._flat.pop(uid, None)
                    for k in [k for k in self._pdiag if k[0] == uid]:
                        del self._pdiag[k]
            for u in self.ws.units:
                if u.id not in self._udiag:
                    units_full.add(u.id)
            self._validate_unit_names()
        for uid in units_full:
            u = self.unit(uid)
            if u is not None:
                self._validate_unit(u, all_projects=True)
            if u is not None and not ws_level:
                self._validate_unit_names()
        for uid, pid in projects:
            if uid in units_full:
                continue
            found = self.project(uid, pid)
            if found is None:
                self._pdiag.pop((uid, pid), None)
            else:
                self._validate_project(*found)
        for uid in units_rules - units_full:
            u = self.unit(uid)
            if u is not None:
                self._validate_unit(u, all_projects=False)
        self._all = None

    def unit_diagnostics(self, u: Unit) -> list[Diagnostic]:
        """The unit's diagnostics in workspace order (as ``validate_workspace`` lists them)."""
        flat = self._flat.get(u.id)
        if flat is None:
            flat = list(self._wdiag.get(u.id, ()))
            ud = self._udiag.get(u.id, [])
            flat.extend(d for d in ud if d.rule == "U1")
            for p in u.projects:
                flat.extend(self._pdiag.get((u.id, p.id), ()))
            flat.extend(d for d in ud if d.rule != "U1")
            self._flat[u.id] = flat
        return flat

    def project_diagnostics(self, u: Unit, p: Project) -> list[Diagnostic]:
        """The project's own diagnostics plus unit-level ones that name it (P2 duplicates)."""
        own = list(self._pdiag.get((u.id, p.id), ()))
        own.extend(d for d in self._udiag.get(u.id, ()) if d.project_id == p.id)
        return own

    def diagnostics(self) -> list[Diagnostic]:
        if self._all is None:
            out: list[Diagnostic] = []
            for u in self.ws.units:
                out.extend(self.unit_diagnostics(u))
            self._all = out
        return self._all


# -- helpers ---------------------------------------------------------------------------------

@dataclass
class _Reorder(_Op):
    """Set a list of objects with an ``id`` to the order of a list of ids; objects not named are
    dropped (deleted), named ids not present are skipped."""

    owner: Any
    attr: str
    before: list[str] | None
    order: list[str]
    _saved: list = field(default_factory=list)

    def apply(self) -> None:
        items = list(getattr(self.owner, self.attr))
        self._saved = list(items)
        by_id = {x.id: x for x in items}
        setattr(self.owner, self.attr, [by_id.pop(i) for i in self.order if i in by_id])

    def revert(self) -> None:
        setattr(self.owner, self.attr, list(self._saved))


def _replace_project_ops(project: Project, fresh: Project) -> list[_Op]:
    ops: list[_Op] = []
    for f in (*PROJECT_FIELDS, "indicators"):
        old, new = getattr(project, f), getattr(fresh, f)
        if f == "indicators":
            ops.append(SetAttr(project, f, list(old), list(new)))
        elif not _same(old, new):
            ops.append(SetAttr(project, f, old, new))
    return ops


def _coerce(obj: Any, attr: str, value: Any) -> Any:
    if attr in dict(FUNDING):
        from model.money import to_amount

        return to_amount(value)
    return "" if value is None else str(value)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _year(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text.isdigit():
        raise EditError(f"年度「{text}」应为整数，如 2025")
    return int(text)


def _index(items: list, obj: Any) -> int:
    for i, x in enumerate(items):
        if x is obj:
            return i
    raise EditError("对象不在列表中")


def _next_id(prefix: str, taken: set[str], width: int) -> str:
    n = 1
    while True:
        cand = f"{prefix}{n:0{width}d}"
        if cand not in taken:
            return cand
        n += 1
