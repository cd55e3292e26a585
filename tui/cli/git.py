"""``jixiao diff / init / commit / hooks / bundle / pull``: git for people who do not use git.

Each command finds the workspace (``-w DIR``, else the current folder or its nearest parent
holding jixiao.toml), calls ``storage`` and prints what happened in Chinese. Exit codes: 0 done,
1 refused (check errors, merge conflicts), 2 cannot run (no workspace, bad input). Where git is
not installed, ``storage.git`` works through dulwich and the commands behave the same.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tui.cli.output import fail, out, out_json
from tui.cli.workspace import workspace_root
from tui.text.author import parse_author
from tui.text.console import colours_work

MERGE_HINT = ("完成合并：在编辑器中打开工作区逐项选择（jixiao 工作区文件夹），然后 jixiao commit -m 说明；"
              "放弃这次合并：jixiao pull --abort")


def _workspace(args: argparse.Namespace) -> Path:
    return workspace_root(getattr(args, "workspace", None) or None, option="-w")


def _color(mode: str) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return colours_work(sys.stdout)  # a terminal, and on Windows one that draws them


# -- diff --------------------------------------------------------------------------------------

def cmd_diff(args: argparse.Namespace) -> int:
    from storage.git import compare
    from storage.workspace.store import StorageError
    from tui.text.diff_text import ansi, counts, plain, render_diff

    try:
        if args.against:
            cmp = _against(args)
        else:
            cmp = compare(_workspace(args), args.rev_a, args.rev_b)
    except StorageError as e:
        return fail("diff", e)
    for label, store in ((cmp.old_label, cmp.old), (cmp.new_label, cmp.new)):
        for d in store.problems if store else ():
            if d.severity == "error" and d.file not in cmp.conflicts:
                out(f"jixiao diff: {label}: {d.file} 无法读取（{d.rule}）：{d.message}；"
                    "该文件未参与比较（不是删除），改正后再比较（jixiao check 列出全部问题）", err=True)
    for rel in cmp.conflicts:
        out(f"jixiao diff: {rel} 有未解决的合并冲突（不是删除）：两个版本待选定，未参与比较", err=True)
    if cmp.conflicts:
        out(MERGE_HINT, err=True)
    if args.xlsx:
        from storage.published.review_export import write_review

        return write_review(cmp.diff, cmp.new.workspace if cmp.new else None, cmp.old.workspace if cmp.old else None,
                            _compared(args, cmp), args.xlsx, args.force, out)
    if args.format == "json":
        data = {"old": cmp.old_label, "new": cmp.new_label, "conflicts": cmp.conflicts, "unreadable": cmp.unreadable,
                **cmp.diff.to_dict()}
        out_json(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    colours = _color(args.color)
    try:
        for line in render_diff(cmp.diff, cmp.old_label, cmp.new_label, ansi if colours else plain):
            out(line, colours=colours)
    except BrokenPipeError:  # jixiao diff | head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if not cmp.diff.is_empty():
        n = counts(cmp.diff)
        out(f"项目：新增 {n['added']}，删除 {n['removed']}，修改 {n['changed']}", err=True)
    return 0


def _against(args: argparse.Namespace):
    """``--against OTHER``: that workspace (e.g. last year's) against this one."""
    from storage.git.new_year import compare_workspaces
    from storage.workspace.store import StorageError

    if args.rev_a or args.rev_b:
        raise StorageError("--against 比较两个工作区的当前内容，不与版本号 REV_A/REV_B 同用")
    return compare_workspaces(_workspace(args), args.against)


def _compared(args: argparse.Namespace, cmp) -> str:
    """The 对照表's line saying what is compared, with the revisions' dates."""
    from datetime import date

    from storage.git.revisions import revision_date
    from storage.published.review_export import heading

    if args.against:
        return heading(cmp.old_label, cmp.new_label)
    root = _workspace(args)
    today = f"{date.today():%Y-%m-%d}"
    old_date = revision_date(root, args.rev_a or "HEAD") if cmp.old is not None else None
    new_date = revision_date(root, args.rev_b) if args.rev_b else today
    return heading(cmp.old_label, cmp.new_label, old_date, new_date)


# -- commit ------------------------------------------------------------------------------------

def cmd_commit(args: argparse.Namespace) -> int:
    from storage.git import CheckFailed, NothingToCommit, Unresolved, commit, left_out_text
    from storage.git.commits import LinksRefused
    from storage.workspace.store import StorageError

    try:
        result = commit(_workspace(args), args.message, force=args.force, author=parse_author(args.author))
    except CheckFailed as e:
        for d in e.errors:
            out(d.text_line(), err=True)
        out(f"jixiao commit: {e}；确需提交可加 --force", err=True)
        return 1
    except NothingToCommit as e:
        out(f"jixiao commit: {e}", err=True)
        return 0
    except (Unresolved, LinksRefused) as e:
        return fail("commit", e, code=1)
    except (StorageError, ValueError) as e:
        return fail("commit", e)
    note = f"（含 {result.errors} 个错误，按要求仍然提交）" if result.errors else ""
    out(f"已提交 {result.short}：{args.message.strip()}{note}")
    if result.left_out:
        out(left_out_text(list(result.left_out)))
    if result.remembered:
        name, email = result.remembered
        out(f"已记住提交人 {name} <{email}>（保存在本工作区的 git 设置中）：以后提交不必再加 --author")
    return 0


# -- init --------------------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    from storage.git.adopt import is_workspace_folder
    from storage.git.setup import init_workspace
    from storage.workspace.store import StorageError

    if args.source:
        return _init_from(args)
    if args.drop or args.drop_ended or args.keep:
        return fail("init", ValueError("--drop、--drop-ended、--keep 只与 --from 同用"))
    if is_workspace_folder(args.dir):
        return _adopt(args)
    try:
        store = init_workspace(args.dir, title=args.title, year=args.year, department=args.department or "",
                               author=parse_author(args.author))
    except (StorageError, ValueError) as e:
        return fail("init", e)
    out(f"已新建工作区 {store.root}（git 仓库，已安装提交前检查，并完成第一次提交）")
    return 0


def _init_from(args: argparse.Namespace) -> int:
    """``jixiao init NEW --from OLD --year 2026``: next year's workspace from last year's."""
    from storage.git.new_year import init_from
    from storage.workspace.store import StorageError

    try:
        c = init_from(args.dir, args.source, args.year, drop=args.drop or [], drop_ended=args.drop_ended,
                      keep=args.keep or [], author=parse_author(args.author))
    except (StorageError, ValueError) as e:
        return fail("init", e)
    out(f"已新建 {c.year} 年度工作区 {c.root}：从 {c.source} 结转 {c.units} 个单位、{c.projects} 个项目"
        f"（编号、金额、目标和指标原样保留作起点；新的版本记录，第一次提交 {c.commit.short if c.commit else ''}）")
    out(f"jixiao.toml 中 compare = \"{c.compare}\"：编辑器在项目旁显示上一年度的数字；"
        f"在新工作区中运行 jixiao diff --against {c.compare} 列出与上一年度的差异")
    for u, p in c.dropped:
        out(f"  未结转 {u.id}/{p.id} {p.name}")
    if c.ended:
        out("以下项目名称中的年度已经结束，可能不再需要（已结转；重新运行并加 --drop-ended 即不结转它们，"
            "其中仍要保留的加 --keep 编号）：")
        for u, p in c.ended:
            out(f"  {u.id}/{p.id} {p.name}")
    if c.commit and c.commit.errors:
        out(f"这一版含 {c.commit.errors} 个错误，按原样记为起点；运行 jixiao check 查看")
    return 0


def _adopt(args: argparse.Namespace) -> int:
    """``jixiao init`` on an existing workspace folder: make it a repository."""
    from storage.git.adopt import adopt_workspace
    from storage.git.workspace_data import left_out_text
    from storage.workspace.store import StorageError

    try:
        adopted = adopt_workspace(args.dir, author=parse_author(args.author))
    except (StorageError, ValueError) as e:
        return fail("init", e)
    c = adopted.commit
    out(f"已把工作区 {adopted.root} 建为 git 仓库：文件原样保留，已安装提交前检查，第一次提交 {c.short}")
    if c.errors:
        out(f"这一版含 {c.errors} 个错误，按原样记为起点；运行 jixiao check 查看，修正后再提交"
            f"（以后的提交有错误时会被拒绝）")
    if c.left_out:
        out(left_out_text(list(c.left_out)))
    given = [f"--{name}" for name in ("title", "year", "department") if getattr(args, name)]
    if given:
        out(f"{'、'.join(given)} 只用于新建工作区：已有工作区的设置未改（可在编辑器中修改）")
    return 0


# -- hooks -------------------------------------------------------------------------------------

NO_GIT_HOOK = ("本机没有 git：jixiao commit 和编辑器的提交（F9）自己检查，有错误时拒绝（--force 仍然提交）；"
               "钩子文件已就位，以后安装了 git，直接用 git commit 时它也会检查")


def _git_installed() -> bool:
    from storage.git.command import engine

    return engine().name == "git"


def cmd_hooks(args: argparse.Namespace) -> int:
    if args.action == "pre-commit":
        return _pre_commit()
    from storage.git.setup import install_hooks
    from storage.workspace.store import StorageError

    try:
        r = install_hooks(_workspace(args), force=args.force)
    except StorageError as e:
        return fail("hooks install", e)
    out(f"已{'更新' if r.replaced_hook else '安装'}提交前检查：{r.hook}")
    if not _git_installed():
        out(NO_GIT_HOOK)
    out(f"已写入 {r.attributes}；git diff --word-diff 会逐字比较中文")
    out(f"已写入 {r.ignore}：导出的 .xlsx、U 盘的 .bundle 和临时文件不进入版本记录（提交它即可对所有副本生效）")
    return 0


def _pre_commit() -> int:
    """Run by the hook (cwd = the repository): refuse a commit whose staged workspace has errors."""
    from storage.git.setup import check_staged_workspaces
    from storage.workspace.store import StorageError

    try:
        checks = check_staged_workspaces(Path.cwd())
    except StorageError as e:
        return fail("pre-commit", e, code=1)
    bad = 0
    for c in checks:
        for d in c.errors:
            out(f"{c.workspace}{d.text_line()}", err=True)
        if c.errors:
            bad += len(c.errors)
            out(f"jixiao pre-commit：暂存的工作区 {c.workspace.rstrip('/') or '.'} 有 {len(c.errors)} 个错误", err=True)
    if bad:
        out("提交被拒绝：修正后重新 git add 再提交；确需提交可用 git commit --no-verify", err=True)
        return 1
    return 0


# -- bundle / pull -----------------------------------------------------------------------------

def cmd_bundle(args: argparse.Namespace) -> int:
    from datetime import date

    from storage.git.bundles import create_bundle
    from storage.workspace.store import StorageError

    try:
        root = _workspace(args)
        target = args.output or f"{root.resolve().name}-{date.today():%Y%m%d}.bundle"
        r = create_bundle(root, target, since=args.since)
    except StorageError as e:
        return fail("bundle", e)
    refs = "、".join(x.removeprefix("refs/heads/").removeprefix("refs/tags/") for x in r.refs if x != "HEAD")
    since = f"（{args.since} 之后）" if args.since else ""
    out(f"已写入 {r.path}：{r.commits} 个提交{since}，含 {refs}")
    out(f"已用标签 {r.sent_tag} 记下这次发送的内容；对方导入后，下次可用 "
        f"jixiao bundle --since {r.sent_tag} 只打包之后的修改")
    out(f"在另一台电脑上：jixiao pull {r.path.name}（已有副本）或 jixiao pull {r.path.name} --into 新文件夹")
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    from storage.git.bundles import abort_pull, clone_bundle, pull_bundle
    from storage.git.commits import LinksRefused
    from storage.git.setup import install_hooks
    from storage.workspace.store import StorageError, find_root

    if args.abort == (args.file is not None):
        return fail("pull", ValueError("给出包文件（jixiao pull 文件.bundle），或用 --abort 放弃进行中的合并，二者选一"))
    try:
        if args.abort:
            abort_pull(_workspace(args))
            out("已放弃这次合并：分支和工作区文件回到导入之前的样子")
            return 0
        if args.into:
            target = clone_bundle(args.file, args.into)
            ws = find_root(target) if (target / "jixiao.toml").is_file() else None
            if ws is not None:
                install_hooks(ws)
            out(f"已从 {Path(args.file).name} 新建副本 {target}" + ("，并安装了提交前检查" if ws else ""))
            return 0
        r = pull_bundle(_workspace(args), args.file, branch=args.branch)
    except LinksRefused as e:
        return fail("pull", e, code=1)
    except StorageError as e:
        return fail("pull", e)
    if r.status == "up-to-date":
        out(f"{Path(args.file).name} 中没有新的提交，已是最新")
    elif r.status == "conflict":
        for note in r.notes:
            out(note, err=True)
        out(f"已导入 {r.commits} 个提交，但以下文件两边都改了，需要逐项选定：", err=True)
        for path in r.conflicts:
            out(f"  {path}", err=True)
        out(MERGE_HINT, err=True)
        return 1
    else:
        how = "快进" if r.status == "fast-forward" else "合并"
        out(f"已导入 {r.commits} 个提交（{how}，分支 {r.branch}）")
        for note in r.notes:
            out(note)
    return 0


# -- the parser --------------------------------------------------------------------------------

def add_parsers(sub: argparse._SubParsersAction) -> None:
    ws_help = "工作区文件夹（默认：当前文件夹或其上级）"
    p = sub.add_parser("diff", help="按预算语言比较两个版本：项目、金额、指标的变化")
    p.add_argument("rev_a", nargs="?", metavar="REV_A", help="旧版本（默认 HEAD，即最近一次提交）")
    p.add_argument("rev_b", nargs="?", metavar="REV_B", help="新版本（默认：当前文件夹中的工作区）")
    p.add_argument("-w", "--workspace", metavar="DIR", help=ws_help)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    p.add_argument("--against", metavar="OTHER",
                   help="与另一个工作区比较（如上一年度的文件夹）：项目按编号对应，否则按去掉年份的名称对应")
    p.add_argument("--xlsx", metavar="FILE.xlsx", help="写出可打印的修订对照表（不在终端显示差异）")
    p.add_argument("--force", action="store_true", help="--xlsx 的文件已存在时覆盖它")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("commit", help="提交工作区的全部修改（检查有错误时拒绝，除非 --force）")
    p.add_argument("-m", "--message", required=True, help="提交说明：这次改了什么")
    p.add_argument("--force", action="store_true", help="检查有错误时仍然提交")
    p.add_argument("--author", metavar="'姓名 <邮箱>'", help="提交人（记在本工作区，以后的提交沿用）")
    p.add_argument("-w", "--workspace", metavar="DIR", help=ws_help)
    p.set_defaults(func=cmd_commit)

    p = sub.add_parser("init", help="新建工作区（一个新的 git 仓库），或把已有的工作区建为 git 仓库")
    p.add_argument("dir", metavar="DIR", help="新文件夹（为空或不存在），或不在 git 仓库中的已有工作区")
    p.add_argument("--title", help="表格标题（默认：项目支出绩效目标表（含转移支付项目））")
    p.add_argument("--year", type=int, help="预算年度")
    p.add_argument("--department", help="单位名称（同时新建一个同名单位）")
    p.add_argument("--author", metavar="'姓名 <邮箱>'", help="提交人（git 未设置姓名和邮箱时需要）")
    p.add_argument("--from", dest="source", metavar="OLD",
                   help="从上一年度的工作区结转：单位、项目（保留编号）、金额和指标作起点；--year 默认为其下一年")
    p.add_argument("--drop", action="append", metavar="ID", help="不结转这个项目（p09 或 u01/p09；可重复）")
    p.add_argument("--drop-ended", action="store_true",
                   help="不结转名称中的年度已结束的项目（如新年度 2026 时的「2024年-2025年…」）")
    p.add_argument("--keep", action="append", metavar="ID", help="与 --drop-ended 同用：仍结转这个项目（可重复）")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("hooks", help="git 设置：提交前检查和中文逐字比较")
    p.add_argument("action", choices=("install", "pre-commit"),
                   help="install：安装；pre-commit：由钩子调用，检查暂存的内容")
    p.add_argument("-w", "--workspace", metavar="DIR", help=ws_help)
    p.add_argument("--force", action="store_true", help="覆盖已有的其他 pre-commit 钩子")
    p.set_defaults(func=cmd_hooks)

    p = sub.add_parser("bundle", help="把版本历史写成一个文件（U 盘传递，无需网络）")
    p.add_argument("-o", "--output", metavar="FILE.bundle", help="输出文件（默认：工作区名-日期.bundle）")
    p.add_argument("--since", metavar="TAG",
                   help="只含此标签之后的提交（对方已有该标签时，如上次打包记下的 已发送-日期-序号）")
    p.add_argument("-w", "--workspace", metavar="DIR", help=ws_help)
    p.set_defaults(func=cmd_bundle)

    p = sub.add_parser("pull", help="从包文件导入别人的修改并合并")
    p.add_argument("file", metavar="FILE.bundle", nargs="?")
    p.add_argument("--abort", action="store_true", help="放弃导入后未完成（有冲突）的合并，回到导入之前")
    p.add_argument("--branch", help="包中有多个分支时，要合并的分支")
    p.add_argument("--into", metavar="DIR", help="不合并，而是从包新建一个副本到 DIR")
    p.add_argument("-w", "--workspace", metavar="DIR", help=ws_help)
    p.set_defaults(func=cmd_pull)
