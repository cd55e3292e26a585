"""``jixiao comment add / list / resolve``: 审核意见 from the command line (``model.comments``).

A comment is written into its project's file (``[[comments]]``, saved in place like any edit),
so it is committed, bundled and merged with the data. Exit codes: 0 done, 1 nothing matched
(no such comment, or the reference is ambiguous), 2 cannot run (no workspace, bad option).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from tui.cli.output import fail, out, out_json
from tui.cli.workspace import workspace_root

PROJECT_HELP = "项目：编号 u01/p03，或名称中的一段文字（只能对应一个项目）"


class _Refused(Exception):
    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def _open(args: argparse.Namespace) -> Any:
    from storage.workspace.store import Store

    return Store.open(workspace_root(args.workspace or None, option="-w"), jobs=1)


def _find_project(ws: Any, text: str) -> tuple[Any, Any]:
    """The one project ``text`` names (``u01/p03`` or part of its name)."""
    uid, _, pid = text.partition("/")
    if pid and (found := ws.find_project(uid, pid.removesuffix(".toml"))) is not None:
        return found
    hits = [(u, p) for u, p in ws.projects() if text in p.name]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise _Refused(f"没有名称包含「{text}」的项目，也没有编号为 {text} 的项目")
    names = "；".join(f"{u.id}/{p.id} {p.name}" for u, p in hits[:8])
    raise _Refused(f"「{text}」对应 {len(hits)} 个项目：{names}{'……' if len(hits) > 8 else ''}；请写编号（如 {hits[0][0].id}/{hits[0][1].id}）或更长的名称")


def _reviewer(args: argparse.Namespace, root: Any) -> str:
    from tui.reviewer import default_reviewer

    who = (args.author or "").strip() or default_reviewer(root)
    if not who:
        raise _Refused("不知道审核人是谁：请用 --author 写明（如 --author 市财政局王审核），"
                       "或在 git 中设置姓名（jixiao commit --author 会记下）")
    return who


def _check_text(label: str, text: str, multiline: bool = False) -> None:
    from model.text import control_chars, escape_char

    if not text.strip():
        raise _Refused(f"{label}为空")
    if found := control_chars(text, multiline):
        raise _Refused(f"{label}第 {found[0][0] + 1} 个字符是控制字符 {escape_char(found[0][1])}，请删去")


def cmd_add(args: argparse.Namespace) -> int:
    from model.comments import new_comment, target_for
    from storage.errors import StorageError

    try:
        store = _open(args)
        unit, project = _find_project(store.workspace, args.project)
        try:
            target = target_for(args.field, args.indicator)
        except ValueError as e:
            raise _Refused(str(e)) from None
        if target.indicator is not None and all(i.name != target.indicator for i in project.indicators):
            names = "、".join(f"「{i.name}」" for i in project.indicators) or "（没有指标）"
            raise _Refused(f"项目「{project.name}」没有名为「{target.indicator}」的指标：它的指标是 {names}")
        who = _reviewer(args, store.root)
        _check_text("意见内容", args.text, multiline=True)
        _check_text("审核人", who)
        comment = new_comment(who, target, args.text, datetime.now())
        project.comments.append(comment)
        store.save_project(unit, project)
    except _Refused as e:
        return fail("comment add", e, e.code)
    except StorageError as e:
        return fail("comment add", e)
    out(f"已添加审核意见 {unit.id}/{project.id}#{len(project.comments)}：项目「{project.name}」 › {comment.target}｜"
        f"{comment.author} {comment.date}：{comment.text}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from storage.errors import StorageError
    from storage.workspace.comment_refs import all_comments

    try:
        store = _open(args)
        units = store.workspace.units
        if args.project:
            unit, project = _find_project(store.workspace, args.project)
            units = [unit.model_copy(update={"projects": [project]})]
        refs = all_comments(units, store.raw, resolved_too=args.all)
    except _Refused as e:
        return fail("comment list", e, e.code)
    except StorageError as e:
        return fail("comment list", e)
    if args.format == "json":
        import json

        out_json(json.dumps([r.to_dict() for r in refs], ensure_ascii=False, indent=2))
    else:
        for r in refs:
            out(r.text_line())
        n_open = sum(1 for r in refs if not r.comment.resolved)
        out(f"{n_open} 条未解决的审核意见" + (f"，{len(refs) - n_open} 条已解决" if args.all else ""), err=True)
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from model.comments import resolved
    from storage.errors import StorageError

    ref = args.ref
    head, _, number = ref.rpartition("#")
    try:
        if not head or not number.isdigit():
            raise _Refused(f"「{ref}」不是审核意见的编号：应写成 u01/p03#2（jixiao comment list 列出每条的编号）")
        store = _open(args)
        unit, project = _find_project(store.workspace, head)
        n = int(number)
        if not 1 <= n <= len(project.comments):
            raise _Refused(f"项目「{project.name}」没有第 {n} 条审核意见（共 {len(project.comments)} 条）", 1)
        c = project.comments[n - 1]
        if c.resolved:
            out(f"{unit.id}/{project.id}#{n} 已由 {c.resolved_by} 于 {c.resolved_date} 标记为已解决，未改动")
            return 0
        who = _reviewer(args, store.root)
        _check_text("解决人", who)
        project.comments[n - 1] = done = resolved(c, who, datetime.now())
        store.save_project(unit, project)
    except _Refused as e:
        return fail("comment resolve", e, e.code)
    except StorageError as e:
        return fail("comment resolve", e)
    out(f"已标记为已解决：{unit.id}/{project.id}#{n}（{done.resolved_by} {done.resolved_date}）"
        f"「{c.text}」；意见仍保留在文件中")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    ws_help = "工作区文件夹（默认：当前文件夹或其上级）"
    p = sub.add_parser("comment", help="审核意见：添加、列出、标记为已解决")
    actions = p.add_subparsers(dest="action", required=True)

    a = actions.add_parser("add", help="给项目、字段或指标添加一条审核意见")
    a.add_argument("-p", "--project", required=True, help=PROJECT_HELP)
    a.add_argument("--field", metavar="字段",
                   help="批注的字段：项目名称、总计、财政拨款、财政专户拨款、其他资金、绩效目标；"
                        "与 --indicator 同用时为指标的列（三级指标、实施周期指标值、年度指标值……）；省略：整个项目或整个指标")
    a.add_argument("--indicator", metavar="指标名称", help="批注的指标（三级指标名称）")
    a.add_argument("-m", "--text", required=True, help="意见内容")
    a.add_argument("--author", metavar="审核人", help="审核人（默认：git 中设置的姓名）")
    a.add_argument("-w", "--workspace", metavar="DIR", help=ws_help)
    a.set_defaults(func=cmd_add)

    a = actions.add_parser("list", help="列出未解决的审核意见（--all：包括已解决的）")
    a.add_argument("-p", "--project", help=PROJECT_HELP)
    a.add_argument("--all", action="store_true", help="也列出已解决的（注明解决人和时间）")
    a.add_argument("--format", choices=("text", "json"), default="text")
    a.add_argument("-w", "--workspace", metavar="DIR", help=ws_help)
    a.set_defaults(func=cmd_list)

    a = actions.add_parser("resolve", help="把一条审核意见标记为已解决（意见保留，记下解决人和时间）")
    a.add_argument("ref", metavar="编号", help="审核意见的编号，如 u01/p03#2（见 jixiao comment list）")
    a.add_argument("--author", metavar="姓名", help="解决人（默认：git 中设置的姓名）")
    a.add_argument("-w", "--workspace", metavar="DIR", help=ws_help)
    a.set_defaults(func=cmd_resolve)
