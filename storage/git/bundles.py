"""Moving a workspace's history between machines without a network: git bundles on a USB stick.

``create_bundle`` writes every branch and tag (or only what came after a tag, for a colleague
who already has it) and tags what it sent (``已发送-2026-11-30-1``, carried in the bundle, so
both copies can name it in the next ``--since``); ``pull_bundle`` fetches the bundle's branch
and merges it into the current branch, settling new ids both sides took and the order lists
(``merge_structure``) and reporting the remaining conflicts by file; ``clone_bundle`` starts a
new copy from one.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NoReturn

from storage.git.command import GitError, Repo, engine, git_path, repo_for, require_commit, resolve
from storage.git.commits import NO_IDENTITY, refuse_tree_links
from storage.git.engine import Failed
from storage.git.merge_structure import settle_structure
from storage.git.revisions import unmerged


@dataclass(frozen=True)
class BundleResult:
    path: Path
    commits: int  # commits in the bundle
    refs: list[str]  # branch and tag names it carries
    sent_tag: str = ""  # the tag recording what was sent (see sent_tag)


SENT = "已发送"


def sent_tag(repo: Repo, day: date) -> tuple[str, bool]:
    """The tag that records what a bundle made now sends: one already on HEAD, else the next
    free ``已发送-日期-N``; and whether it must still be made."""
    on_head = engine().tags(repo, f"{SENT}-*", points_at_head=True)
    if on_head:
        return max(on_head), False
    prefix = f"{SENT}-{day:%Y-%m-%d}-"
    taken = set(engine().tags(repo, f"{prefix}*"))
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}", True


def create_bundle(root: str | os.PathLike[str], output: str | os.PathLike[str], since: str | None = None,
                  day: date | None = None) -> BundleResult:
    repo = repo_for(root)
    if resolve(repo, "HEAD") is None:
        raise GitError("还没有任何提交，没有可打包的内容（先提交一次）")
    exclude: list[str] = []
    if since is not None:
        base = resolve(repo, since)
        if base is None:
            raise GitError(f"找不到标签或版本「{since}」（可用 git tag 查看已有标签）")
        exclude = [base]
    count = engine().count(repo, ["HEAD", "--branches", "--tags"], exclude)
    if count == 0:
        raise GitError(f"自 {since} 以来没有新的提交，无需打包")
    output = Path(output).resolve()
    if output.is_dir():
        raise GitError(f"{output} 是文件夹；请给出包文件名，如 {output / 'budget.bundle'}")
    output.parent.mkdir(parents=True, exist_ok=True)
    tag, new = sent_tag(repo, day or date.today())
    if new:  # made before the bundle so that it travels in it
        engine().tag(repo, tag, "HEAD")
    try:
        engine().bundle_create(repo, output, exclude)
    except (Failed, OSError) as e:
        if new:
            engine().delete_tag(repo, tag)
        detail = e.detail if isinstance(e, Failed) else str(e)
        raise GitError(f"无法写入包文件 {output}：{detail}（请检查 U 盘是否已插好、是否有空间）") from None
    return BundleResult(output, count, list_heads(output), tag)


def list_heads(bundle: str | os.PathLike[str]) -> list[str]:
    return engine().bundle_heads(Path(bundle).resolve())


def _verify(repo: Repo, bundle: Path) -> None:
    if not bundle.is_file():
        raise GitError(f"找不到包文件 {bundle}")
    err = engine().bundle_verify(repo, bundle)
    if err is not None:
        if "prerequisite" in err:
            raise GitError(
                f"{bundle.name} 是增量包，基于本机还没有的提交：请先导入更早的包，"
                f"或请对方用更早的 --since 标签（或不加 --since）重新打包"
            )
        raise GitError(f"{bundle.name} 不是有效的 git 包：{err.strip()}")


@dataclass(frozen=True)
class PullResult:
    branch: str  # the bundle's branch that was merged
    status: str  # "up-to-date" | "fast-forward" | "merged" | "conflict"
    commits: int  # commits that arrived
    conflicts: list[str] = field(default_factory=list)  # workspace-relative paths
    notes: list[str] = field(default_factory=list)  # what the pull settled itself (renamed ids)


def pull_bundle(root: str | os.PathLike[str], bundle: str | os.PathLike[str], branch: str | None = None) -> PullResult:
    """Merge the bundle's branch (the one named like ours, or its only branch) into ours.
    On conflicts the merge is left in progress: resolve per project, then commit."""
    repo = repo_for(root)
    bundle = Path(bundle).resolve()
    _verify(repo, bundle)
    if unmerged(repo) or git_path(repo, "MERGE_HEAD").exists():
        raise GitError("上一次合并还没有完成：先解决冲突并提交，或运行 jixiao pull --abort 放弃")
    if engine().status(repo, untracked=False):
        raise GitError("工作区有未提交的修改，请先提交，再导入包（以免修改被覆盖）")
    refs = list_heads(bundle)
    heads = [h for h in refs if h.startswith("refs/heads/")]
    ours = engine().current_branch(repo)
    if branch is None:
        if ours and f"refs/heads/{ours}" in heads:
            branch = ours
        elif len(heads) == 1:
            branch = heads[0][len("refs/heads/"):]
        else:
            names = "、".join(h[len("refs/heads/"):] for h in heads) or "（无）"
            raise GitError(f"包中有多个分支：{names}；请用 --branch 指定要合并哪一个")
    elif f"refs/heads/{branch}" not in heads:
        raise GitError(f"包中没有分支 {branch}")
    incoming = engine().fetch_bundle(repo, bundle, branch)
    refuse_tree_links(repo, incoming, bundle.name)  # before anything reaches the disk
    if any(h.startswith("refs/tags/") for h in refs):
        engine().fetch_bundle_tags(repo, bundle)
    before = resolve(repo, "HEAD")
    count = engine().count(repo, [incoming], [before] if before else [])
    if count == 0:
        return PullResult(branch, "up-to-date", 0)
    base = None if before is None else engine().merge_base(repo, before, incoming)
    notes: list[str] = []
    try:
        engine().merge(repo, incoming, f"合并 {bundle.name}（{branch}）")
    except Failed as e:
        if not unmerged(repo):
            _refuse_merge(e.detail)
        try:
            notes = [x.message() for x in settle_structure(repo, base)]
        except OSError as e:  # e.g. a file held open by another program on Windows
            raise GitError(f"合并时无法写入文件：{e}。请关闭打开工作区文件的程序，运行 jixiao pull --abort，"
                           f"再重新导入 {bundle.name}") from None
        conflicts = unmerged(repo)
        if conflicts:
            return PullResult(branch, "conflict", count, conflicts, notes)
        # everything settled: finish the merge as git would have (no pre-commit hook either)
        try:
            engine().commit(repo, None, verify=False)
        except Failed as e:
            _refuse_merge(e.detail)
    after = require_commit(repo, "HEAD")
    merged = before is not None and len(engine().parents(repo, after)) > 1
    return PullResult(branch, "merged" if merged else "fast-forward", count, notes=notes)


def abort_pull(root: str | os.PathLike[str]) -> None:
    """Give up the merge a pull left in conflict: the branch, the index and the files as before
    the pull (files git does not track are left alone)."""
    repo = repo_for(root)
    if not git_path(repo, "MERGE_HEAD").exists():
        raise GitError("没有进行中的合并，无需放弃")
    try:
        engine().abort_merge(repo)
    except (Failed, OSError) as e:
        detail = e.detail if isinstance(e, Failed) else str(e)
        raise GitError(f"无法放弃这次合并：{detail}（请关闭打开工作区文件的程序后重试）") from None


def _refuse_merge(err: str) -> NoReturn:
    if "tell me who you are" in err or "identity" in err:
        raise GitError("合并需要提交人：" + NO_IDENTITY)
    if "would be overwritten by merge" in err:
        paths = "、".join(line.strip() for line in err.splitlines() if line.startswith("\t"))
        if "untracked working tree files" in err:
            raise GitError(f"以下文件还没有提交，包中有同名的文件，为免覆盖未导入（工作区没有改变）：{paths}。"
                           "先提交它们（jixiao commit），或移到工作区之外，再导入")
        raise GitError(f"以下文件有未提交的修改，导入会覆盖它们，未导入（文件没有改变）：{paths}。先提交或另存这些修改，再导入")
    raise GitError(f"合并失败：{err}")


def clone_bundle(bundle: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """A new copy of a workspace repository from a (full) bundle."""
    bundle = Path(bundle).resolve()
    target = Path(target)
    if not bundle.is_file():
        raise GitError(f"找不到包文件 {bundle}")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise GitError(f"{target} 已存在且不是空文件夹")
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    _refuse_headless(bundle)
    created = not target.exists()
    try:
        engine().clone_bundle(bundle, target.resolve())
    except (Failed, OSError) as e:
        _undo_clone(target, created)
        err = e.detail if isinstance(e, Failed) else str(e)
        if "prerequisite" in err:
            raise GitError(f"{bundle.name} 是增量包，不能用来新建副本：请对方不加 --since 重新打包")
        raise GitError(f"无法从 {bundle.name} 新建副本：{err.strip()}")
    repo = Repo(target.resolve(), "", target.resolve())
    if resolve(repo, "HEAD") is not None:
        try:
            refuse_tree_links(repo, "HEAD", bundle.name)  # checked out only when it has no link
        except GitError:
            _undo_clone(target, created)
            raise
        engine().reset_hard(repo)
    return target


def _refuse_headless(bundle: Path) -> None:
    """A bundle without HEAD clones to an empty folder: say what it holds and what to do."""
    try:
        refs = engine().bundle_heads(bundle)
    except Failed as e:
        raise GitError(f"{bundle.name} 不是有效的 git 包：{e.detail}") from None
    if "HEAD" in refs:
        return
    branches = [ref.removeprefix("refs/heads/") for ref in refs if ref.startswith("refs/heads/")]
    tags = [ref.removeprefix("refs/tags/") for ref in refs if ref.startswith("refs/tags/")]
    held = "；".join(filter(None, [branches and "分支 " + "、".join(branches), tags and "标签 " + "、".join(tags)]))
    raise GitError(f"{bundle.name} 中没有当前版本（HEAD），只有{held or '空的内容'}，无法从它新建副本（未写入任何文件）。"
                   "请对方在工作区中用 jixiao bundle 重新打包（它总会带上当前版本）"
                   + (f"；已有副本的可以用 jixiao pull {bundle.name} --branch {branches[0]} 导入" if branches else ""))


def _undo_clone(target: Path, created: bool) -> None:
    """Leave ``target`` as it was before a failed or refused clone: gone, or the empty folder it
    was (git's object files are read-only on Windows: made writable to be removed)."""
    def writable(func, path, _exc) -> None:
        os.chmod(path, 0o700)
        func(path)

    if target.is_dir():
        shutil.rmtree(target, onerror=writable)
    if not created:
        target.mkdir()
