"""The edit session: every edit the editor makes, as undoable changes, with dirty files and live
diagnostics.

A change is a short list of primitive operations (``model.history.operations``) that hold
references to the model objects they touch, so undo and redo cost what the edit cost, never a
copy of the workspace. A change names the files it affects (``model.filekey.FileKey``). A file is
dirty when its current state differs from the state it was loaded or saved with (its
*baseline*), compared as plain data (``model.history.journal``), so undoing back to the saved
state makes it clean again. After each change only the affected projects and units are
revalidated (``model.history.live``).

Field edits are made here; structure edits (``model.history.structure``) and compound edits
for bulk entry (``model.history.bulk``) are planned there and applied here, each as one undo
step.
"""

from __future__ import annotations

from typing import Any, Iterable

import model.history.bulk as bulk
import model.history.structure as structure
from model.codes import Category, CodeTable
from model.diagnostic import Diagnostic
from model.fields import FUNDING_LABELS, INDICATOR_LABELS, PROJECT_FIELDS, PROJECT_LABELS
from model.filekey import WORKSPACE_KEY, FileKey, project_key, unit_key
from model.history import comments
from model.history.editable import INDICATOR_FIELDS, WORKSPACE_FIELDS, EditError, coerce, parse_year, same
from model.history.ids import Ids
from model.history.journal import file_state, plan_restore, states_of
from model.history.live import LiveDiagnostics
from model.history.operations import Change, Op, SetAttr, Target, replace_project_ops
from model.validate import FileOf, no_files
from model.workspace import Indicator, Project, Unit, Workspace


class EditSession:
    """A workspace being edited: its undo and redo stacks, its dirty files, its diagnostics
    (``live``), and the ids it has handed out."""

    def __init__(
        self,
        ws: Workspace,
        file_of: FileOf = no_files,
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
        self.ids = Ids(ws, reserved, reserved_units)
        self._merge_open = False
        self.live = LiveDiagnostics(ws, self.codes, file_of)
        # a new indicator row the user is filling in (unit id, project id, the row): its
        # problems wait until the entry ends, so ctrl+n does not raise five errors at once
        self.held: tuple[str, str, Indicator] | None = None

    # -- lookup -------------------------------------------------------------------------------

    def unit(self, uid: str) -> Unit | None:
        return self.ws.find_unit(uid)

    def project(self, uid: str, pid: str) -> tuple[Unit, Project] | None:
        return self.ws.find_project(uid, pid)

    # -- file states and dirtiness ------------------------------------------------------------

    def state(self, key: FileKey) -> Any:
        """The plain data a file holds in the model now (None when it does not exist)."""
        return file_state(self.ws, key)

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

    # -- the recovery journal -----------------------------------------------------------------

    def dirty_states(self) -> dict[str, Any]:
        """Every dirty file's current state, JSON-able, for the recovery journal."""
        return states_of(self.ws, self.dirty)

    def restore_states(self, states: dict[str, Any]) -> Change | None:
        """Apply a journal written by :meth:`dirty_states` as one undoable change."""
        plan = plan_restore(self.ws, states)
        if plan is None:
            return None
        for uid in plan.unit_ids:
            self.ids.use_unit(uid)
        for uid, pid in plan.project_ids:
            self.ids.use_projects(uid, [pid])
        return self._commit(plan.change)

    # -- applying changes ---------------------------------------------------------------------

    def _do(self, label: str, ops: list[Op], files: Iterable[FileKey], where: Target,
            merge_key: tuple | None = None) -> Change:
        return self._commit(Change(label, ops, tuple(files), where, merge_key))

    def _commit(self, change: Change) -> Change:
        """Apply a change as a new undo step, or merge it into the last one while typing goes on
        in one field."""
        self._touch(change.files)
        for op in change.ops:
            op.apply()
        last = self.undo_stack[-1] if self.undo_stack else None
        if (change.merge_key is not None and self._merge_open and last is not None
                and last.merge_key == change.merge_key and not self.redo_stack):
            _merge_into(last, change.ops)
            change = last
        else:
            self.undo_stack.append(change)
            self.redo_stack.clear()
        self._merge_open = change.merge_key is not None
        self._after(change.files)
        return change

    def _commit_plan(self, change: Change | None) -> Change | None:
        return None if change is None else self._commit(change)

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
        self.live.revalidate(files)

    # -- field edits --------------------------------------------------------------------------

    def set_workspace_field(self, field: str, value: Any, typing: bool = False) -> Change | None:
        if field not in WORKSPACE_FIELDS:
            raise EditError(f"未知字段 {field}")
        if field == "year":
            value = parse_year(value)
        old = getattr(self.ws, field)
        if old == value:
            return None
        label = {"title": "修改标题", "department": "修改单位名称", "year": "修改年度"}[field]
        return self._do(label, [SetAttr(self.ws, field, old, value)], [WORKSPACE_KEY], Target(field=field),
                        ("ws", field) if typing else None)

    def set_unit_field(self, unit: Unit, field: str, value: Any, typing: bool = False) -> Change | None:
        if field == "name":
            obj, attr = unit, "name"
        elif field.startswith("control.") and field[8:] in FUNDING_LABELS:
            obj, attr = unit.control, field[8:]
        else:
            raise EditError(f"未知字段 {field}")
        old = getattr(obj, attr)
        new = coerce(attr, value)
        if same(old, new):
            return None
        label = "修改单位名称" if field == "name" else f"修改{FUNDING_LABELS[attr]}控制数"
        files = [unit_key(unit.id)]
        return self._do(label, [SetAttr(obj, attr, old, new)], files, Target(unit.id, field=field),
                        ("unit", unit.id, field) if typing else None)

    def set_project_field(self, unit: Unit, project: Project, field: str, value: Any,
                          typing: bool = False) -> Change | None:
        if field not in PROJECT_FIELDS:
            raise EditError(f"未知字段 {field}")
        old = getattr(project, field)
        new = coerce(field, value)
        if same(old, new):
            return None
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
        return self._do(
            f"修改指标{index + 1}{INDICATOR_LABELS[field]}", [SetAttr(ind, field, old, value)],
            [project_key(unit.id, project.id)], Target(unit.id, project.id, index, field),
        )

    def set_category(self, unit: Unit, project: Project, index: int, level: int, text: str) -> Change | None:
        """Pick a category from the code table (free text is refused). Picking a level-2 also
        sets the level-1 it belongs to; picking a level-1 clears a level-2 that no longer fits."""
        cat = self.pick_category(text, level)
        ind = project.indicators[index]
        ops: list[Op] = []
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

    def pick_category(self, text: str, level: int) -> Category:
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

    # -- structure (planned in model.history.structure) --------------------------------------

    def add_indicator(self, unit: Unit, project: Project, index: int | None = None,
                      indicator: Indicator | None = None) -> Change:
        return self._commit(structure.add_indicator(unit, project, index, indicator))

    def duplicate_indicator(self, unit: Unit, project: Project, index: int) -> Change:
        copy = project.indicators[index].model_copy(deep=True)
        return self._commit(structure.add_indicator(unit, project, index + 1, copy, f"复制指标{index + 1}"))

    def delete_indicator(self, unit: Unit, project: Project, index: int) -> Change:
        return self._commit(structure.delete_indicator(unit, project, index))

    def move_indicator(self, unit: Unit, project: Project, index: int, delta: int) -> Change | None:
        return self._commit_plan(structure.move_indicator(unit, project, index, delta))

    def new_project_id(self, unit: Unit) -> str:
        return self.ids.new_project_id(unit)

    def add_project(self, unit: Unit, index: int | None = None, project: Project | None = None,
                    label: str = "新增项目") -> Change:
        p = project if project is not None else Project()
        p.id = self.new_project_id(unit)
        self.ids.use_projects(unit.id, [p.id])
        return self._commit(structure.add_project(unit, index, p, label))

    def duplicate_project(self, unit: Unit, project: Project) -> Change:
        copy = project.model_copy(deep=True)
        copy.name = f"{project.name}（副本）"
        return self.add_project(unit, unit.projects.index(project) + 1, copy, f"复制项目「{project.name}」")

    def delete_project(self, unit: Unit, project: Project) -> Change:
        return self._commit(structure.delete_project(unit, project))

    def move_project(self, unit: Unit, project: Project, delta: int) -> Change | None:
        return self._commit_plan(structure.move_project(unit, project, delta))

    def new_unit_id(self) -> str:
        return self.ids.new_unit_id(self.ws)

    def add_unit(self, index: int | None = None, unit: Unit | None = None, label: str = "新增单位") -> Change:
        u = unit if unit is not None else Unit()
        u.id = self.new_unit_id()
        self.ids.use_unit(u.id, (p.id for p in u.projects))
        return self._commit(structure.add_unit(self.ws, index, u, label))

    def duplicate_unit(self, unit: Unit) -> Change:
        copy = unit.model_copy(deep=True)
        copy.name = f"{unit.name}（副本）"
        return self.add_unit(structure.index_of(self.ws.units, unit) + 1, copy, f"复制单位「{unit.name}」")

    def delete_unit(self, unit: Unit) -> Change:
        return self._commit(structure.delete_unit(self.ws, unit))

    def move_unit(self, unit: Unit, delta: int) -> Change | None:
        return self._commit_plan(structure.move_unit(self.ws, unit, delta))

    # -- compound changes (bulk entry, planned in model.history.bulk): one undo step each -----

    def insert_indicators(self, unit: Unit, project: Project, index: int | None,
                          indicators: list[Indicator], label: str = "") -> Change | None:
        """Insert several indicators in order at ``index`` (the end when None)."""
        return self._commit_plan(bulk.insert_indicators(unit, project, index, indicators, label))

    def set_indicator_cells(self, unit: Unit, project: Project, cells: Iterable[tuple[int, str, str]],
                            label: str) -> Change | None:
        """Set several cells ``(row, field, value)`` of one project's table (None when nothing changes)."""
        return self._commit_plan(bulk.set_indicator_cells(unit, project, cells, label))

    def fill_down(self, unit: Unit, project: Project, index: int, field_: str) -> Change | None:
        """Copy the cell above into row ``index`` (a category: both levels)."""
        return self._commit_plan(bulk.fill_down(unit, project, index, field_))

    def copy_values(self, unit: Unit, project: Project, rows: Iterable[int], src: str, dst: str) -> Change | None:
        """Copy one target value into the other (period ↔ annual) for the given rows."""
        return self._commit_plan(bulk.copy_values(unit, project, rows, src, dst))

    def add_indicator_to_many(self, targets: Iterable[tuple[Unit, Project]], indicator: Indicator,
                              label: str = "") -> Change | None:
        """Append a copy of ``indicator`` to each project."""
        return self._commit_plan(bulk.add_indicator_to_many(targets, indicator, label))

    def set_field_many(self, targets: Iterable[tuple[Unit, Project]], field_: str, value: Any) -> Change | None:
        """Set one project field (name, goal, an amount) to the same value in each project."""
        return self._commit_plan(bulk.set_field_many(targets, field_, value))

    def apply_edits(self, label: str, edits: Iterable[Any]) -> Change | None:
        """Apply planned text edits (``model.replace.Edit``) as one change; refused when a text
        no longer reads as planned."""
        return self._commit_plan(bulk.apply_edits(self.ws, label, edits))

    # -- 审核意见 ---------------------------------------------------------------------------------

    def add_comment(self, unit: Unit, project: Project, comment: Any) -> Change:
        return self._commit(comments.add_comment(unit, project, comment))

    def resolve_comment(self, unit: Unit, project: Project, index: int, done: Any) -> Change:
        return self._commit(comments.resolve_comment(unit, project, index, done))

    # -- reloading from disk ------------------------------------------------------------------

    def reload_project(self, unit: Unit, project: Project, fresh: Project) -> Change:
        """Replace a project's contents with the version just read from disk. Undoable; the
        disk version becomes the baseline, so the project is clean afterwards."""
        key = project_key(unit.id, project.id)
        ch = self._do("从磁盘重新载入项目", replace_project_ops(project, fresh), [key], Target(unit.id, project.id))
        self.mark_saved(key)
        return ch

    def reload_unit(self, unit: Unit, fresh: Unit) -> Change:
        """Replace a unit (name, control figures, project list and contents) with its disk version."""
        old_ids = {p.id for p in unit.projects}
        new_ids = {p.id for p in fresh.projects}
        files = [unit_key(unit.id), *(project_key(unit.id, i) for i in old_ids | new_ids)]
        ops: list[Op] = [SetAttr(unit, "name", unit.name, fresh.name),
                         SetAttr(unit, "control", unit.control, fresh.control),
                         SetAttr(unit, "projects", list(unit.projects), list(fresh.projects)),
                         SetAttr(unit, "unreadable", list(unit.unreadable), list(fresh.unreadable))]
        self.ids.use_projects(unit.id, new_ids)
        ch = self._do("从磁盘重新载入单位", ops, files, Target(unit.id))
        for k in files:
            self.mark_saved(k)
        return ch

    def reload_workspace(self, fresh: Workspace, units: list[Unit]) -> Change:
        """Replace title/department/year and the unit list (``units`` in the disk order)."""
        ops: list[Op] = [SetAttr(self.ws, f, getattr(self.ws, f), getattr(fresh, f)) for f in WORKSPACE_FIELDS]
        old_units = {u.id for u in self.ws.units}
        ops.append(SetAttr(self.ws, "units", list(self.ws.units), list(units)))
        files = [WORKSPACE_KEY]
        for u in units:
            if u.id not in old_units:
                files += [unit_key(u.id), *(project_key(u.id, p.id) for p in u.projects)]
                self.ids.use_unit(u.id, (p.id for p in u.projects))
        for uid in old_units - {u.id for u in units}:
            old = self.unit(uid)
            files += [unit_key(uid), *(project_key(uid, p.id) for p in old.projects)] if old else []
        ch = self._do("从磁盘重新载入工作区", ops, files, Target())
        for k in files:
            self.mark_saved(k)
        return ch

    # -- diagnostics (kept up to date by LiveDiagnostics) -------------------------------------

    def revalidate_all(self) -> None:
        self.live.revalidate_all()

    def diagnostics(self) -> list[Diagnostic]:
        return self._unheld(self.live.diagnostics())

    def unit_diagnostics(self, u: Unit) -> list[Diagnostic]:
        """The unit's diagnostics in workspace order (as ``validate_workspace`` lists them)."""
        return self._unheld(self.live.unit_diagnostics(u))

    def project_diagnostics(self, u: Unit, p: Project) -> list[Diagnostic]:
        """The project's own diagnostics plus unit-level ones that name it (P2 duplicates)."""
        return self._unheld(self.live.project_diagnostics(u, p))

    def _unheld(self, diags: list[Diagnostic]) -> list[Diagnostic]:
        """``diags`` without those of the row being entered (``held``)."""
        if self.held is None:
            return diags
        uid, pid, ind = self.held
        found = self.project(uid, pid)
        n = next((n for n, x in enumerate(found[1].indicators, 1) if x is ind), None) if found else None
        if n is None:
            return diags
        return [d for d in diags if not (d.indicator == n and d.project_id == pid and d.unit_id == uid)]


# -- helpers ---------------------------------------------------------------------------------

def _merge_into(last: Change, ops: list[Op]) -> None:
    """Fold more typing into the last change, keeping each field's first old value: one undo
    returns to before the typing began."""
    for op in ops:
        if isinstance(op, SetAttr):
            for prev in last.ops:
                if isinstance(prev, SetAttr) and prev.obj is op.obj and prev.attr == op.attr:
                    prev.new = op.new
                    break
            else:
                last.ops.append(op)

