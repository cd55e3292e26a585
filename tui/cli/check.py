"""``jixiao check``: every problem of a workspace, one line each (or JSON); exit 1 on errors.
Run by the pre-commit hook too, so it imports only what checking needs."""

from __future__ import annotations

import argparse

from tui.cli.output import fail, out, out_json
from tui.cli.workspace import workspace_root


def cmd_check(args: argparse.Namespace) -> int:
    if args.explain is not None:
        return _explain(args.explain)
    from storage.workspace.check import check_folder
    from storage.workspace.store import StorageError

    try:
        checked = check_folder(workspace_root(args.workspace))
    except StorageError as e:
        return fail("check", e)
    diags = checked.diagnostics
    comments = checked.comments  # open 审核意见: listed as their own kind, never problems
    if args.format == "json":
        import json

        out_json(json.dumps([d.to_dict() for d in diags] + [c.to_dict() for c in comments], ensure_ascii=False, indent=2))
    else:
        for d in diags:
            out(d.text_line())
        for c in comments:
            out(c.text_line())
    errors = sum(1 for d in diags if d.severity == "error")
    noted = f"；{len(comments)} 条未解决的审核意见（不算问题）" if comments else ""
    out(
        f"{checked.root}: {checked.units} 个单位，{checked.projects} 个项目，{checked.indicators} 个指标；"
        f"{errors} 个错误，{len(diags) - errors} 个警告{noted}",
        err=True,
    )
    return 1 if errors else 0


def _explain(rule: str) -> int:
    """``--explain RULE``: what the rule checks, how to fix it, its severity and parameters."""
    from model.diagnostic import RULES
    from model.rule_docs import explain

    text = explain(rule)
    if text is None:
        out(f"jixiao check: 没有规则「{rule}」；规则有 {'、'.join(RULES)}", err=True)
        return 2
    out(text)
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="检查工作区，列出全部问题")
    p.add_argument("workspace", nargs="?", help="工作区文件夹（默认：当前文件夹或其上级）")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--explain", metavar="RULE", help="说明一条规则（如 R1、P1）：检查什么、怎么改、级别和参数")
    p.set_defaults(func=cmd_check)
