"""The ``git`` command line as jixiao's git engine (when git is installed): each operation is
one or two git commands with machine-readable output (``-z``, porcelain formats, ``LC_ALL=C``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from storage.git.engine import Commit, Engine, Failed, GitMissing, IndexEntry, Repo, TreeEntry

MISSING = "没有找到 git 命令（JIXIAO_GIT=git 要求使用它）：安装 git，或去掉 JIXIAO_GIT 改用 jixiao 自带的 git 功能"


def git_exe() -> str:
    exe = shutil.which("git")
    if exe is None:
        raise GitMissing(MISSING)
    return exe


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # stable, parseable output whatever the user's locale; no pager, no editor, no prompts
    env.update({"LC_ALL": "C", "LANGUAGE": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0",
                "GIT_EDITOR": "true", "GIT_MERGE_AUTOEDIT": "no"})
    return env


def run(args: list[str | bytes], cwd: str | os.PathLike[str], *, input: bytes | None = None,
        check: bool = True, config: Sequence[str] = ()) -> subprocess.CompletedProcess[bytes]:
    """``git -c core.quotepath=off ARGS`` in ``cwd``; Failed with git's own words on failure."""
    cmd: list[str | bytes] = [git_exe(), "-c", "core.quotepath=off"]
    for c in config:
        cmd += ["-c", c]
    cmd += args
    try:
        r = subprocess.run(cmd, cwd=cwd, input=input, capture_output=True, env=_env())
    except FileNotFoundError:
        raise GitMissing(MISSING) from None
    if check and r.returncode != 0:
        raise Failed(_text(args[0]), error_output(r))
    return r


def _text(b: str | bytes) -> str:
    return b if isinstance(b, str) else b.decode("utf-8", "replace")


def error_output(r: subprocess.CompletedProcess[bytes]) -> str:
    """What git said about a failure (its standard error, else its standard output)."""
    return (r.stderr or r.stdout).decode("utf-8", "replace").strip()


def _paths(raw: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in raw.split(b"\0") if p]


def _pathspecs(repo: Repo, paths: Sequence[str] | None, but: Sequence[str]) -> bytes:
    """Pathspecs for ``--pathspec-from-file=- --pathspec-file-nul``, taken literally: the
    repository ``paths`` (None: the whole workspace) except ``but`` (git matches a few
    exclusions fast, not 10,000 paths; and no command-line limit)."""
    specs = [f":(literal){p}" for p in paths] if paths is not None else [f":(literal){repo.pathspec}"]
    specs += [f":(exclude,literal){p}" for p in but]
    return b"".join(spec.encode("utf-8", "surrogateescape") + b"\0" for spec in specs)


class GitBinary(Engine):
    name = "git"

    def _git(self, repo: Repo, *args: str | bytes, **kw) -> subprocess.CompletedProcess[bytes]:
        return run(list(args), repo.top, **kw)

    def _out(self, repo: Repo, *args: str | bytes, **kw) -> str:
        return self._git(repo, *args, **kw).stdout.decode("utf-8", "surrogateescape")

    # -- the repository and its revisions

    def discover(self, folder: Path) -> tuple[Path, str] | None:
        r = run(["rev-parse", "--show-toplevel", "--show-prefix"], folder, check=False)
        if r.returncode != 0:
            return None
        top, prefix = (r.stdout.decode("utf-8", "surrogateescape").split("\n") + [""])[:2]
        return Path(top), prefix

    def init(self, target: Path) -> None:
        r = run(["init", "-q", "-b", "main"], target, check=False)
        if r.returncode != 0:  # git before 2.28 has no -b
            run(["init", "-q"], target)

    def resolve(self, repo: Repo, rev: str) -> str | None:
        r = self._git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
        return (r.stdout.decode().strip() or None) if r.returncode == 0 else None

    def parents(self, repo: Repo, sha: str) -> list[str]:
        return self._out(repo, "rev-list", "--parents", "-n1", sha).split()[1:]

    def git_path(self, repo: Repo, name: str) -> Path:
        return repo.top / self._out(repo, "rev-parse", "--git-path", name).strip()

    # -- reading

    def cat_blobs(self, repo: Repo, specs: list[str]) -> list[bytes | None]:
        """One ``git cat-file --batch`` for all."""
        if not specs:
            return []
        data = self._git(repo, "cat-file", "--batch", input="".join(o + "\n" for o in specs).encode()).stdout
        out: list[bytes | None] = []
        pos = 0
        for _ in specs:
            nl = data.index(b"\n", pos)
            header = data[pos:nl].split(b" ")
            pos = nl + 1
            if header[-1] in (b"missing", b"ambiguous") or len(header) != 3:
                out.append(None)
                continue
            size = int(header[2])
            out.append(data[pos:pos + size])
            pos += size + 1  # content, then a newline
        return out

    def ls_tree(self, repo: Repo, sha: str) -> list[TreeEntry]:
        listing = self._git(repo, "ls-tree", "-r", "-z", "--full-tree", sha, "--", repo.pathspec).stdout
        out = []
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, path = entry.split(b"\t", 1)
            mode, kind, oid = meta.split(b" ")
            if kind == b"blob":
                out.append(TreeEntry(path.decode("utf-8", "surrogateescape"), oid.decode(), mode.decode()))
        return out

    def index_entries(self, repo: Repo, whole_repo: bool = False) -> list[IndexEntry]:
        args = ["ls-files", "-s", "-z"]
        if not whole_repo:
            args += ["--", repo.pathspec]
        out = []
        for entry in self._git(repo, *args).stdout.split(b"\0"):
            if not entry:
                continue
            meta, path = entry.split(b"\t", 1)
            mode, oid, stage = meta.split(b" ")
            out.append(IndexEntry(path.decode("utf-8", "surrogateescape"), oid.decode(), int(stage), mode.decode()))
        return out

    def status(self, repo: Repo, untracked: bool = True) -> list[tuple[str, str]]:
        raw = self._git(repo, "status", "--porcelain=v1", "-z", "--no-renames",
                        "--untracked-files=" + ("all" if untracked else "no"), "--", repo.pathspec).stdout
        return [(e[:2].decode(), e[3:].decode("utf-8", "surrogateescape")) for e in raw.split(b"\0") if len(e) >= 4]

    def diff_names(self, repo: Repo, rev: str) -> list[tuple[str, str]]:
        raw = self._git(repo, "diff", "--name-status", "-z", "--no-renames", rev, "--", repo.pathspec).stdout
        parts = raw.split(b"\0")
        return [(s.decode()[:1], p.decode("utf-8", "surrogateescape")) for s, p in zip(parts[0::2], parts[1::2]) if s]

    def untracked(self, repo: Repo) -> list[str]:
        return _paths(self._git(repo, "ls-files", "--others", "--exclude-standard", "-z", "--", repo.pathspec).stdout)

    def staged_paths(self, repo: Repo, whole_repo: bool = False) -> list[str]:
        args = ["diff", "--cached", "--name-only", "-z", "--no-renames"]
        if self.resolve(repo, "HEAD"):
            args.append("HEAD")
        if not whole_repo:
            args += ["--", repo.pathspec]
        return _paths(self._git(repo, *args).stdout)

    def log(self, repo: Repo, path: str, limit: int | None) -> list[Commit]:
        args = ["log", "-z", "--format=%H%x1f%h%x1f%an%x1f%aI%x1f%s"]
        if limit:
            args.append(f"-n{limit}")
        out = []
        for rec in self._out(repo, *args, "--", path).split("\0"):
            fields = rec.strip("\n").split("\x1f")
            if len(fields) == 5:
                out.append(Commit(*fields))
        return out

    def count(self, repo: Repo, include: list[str], exclude: Sequence[str] = ()) -> int:
        return int(self._out(repo, "rev-list", "--count", *include, *(f"^{x}" for x in exclude)).strip())

    def merge_base(self, repo: Repo, a: str, b: str) -> str | None:
        return (self._out(repo, "merge-base", a, b, check=False).split() or [None])[0]

    def current_branch(self, repo: Repo) -> str | None:
        r = self._git(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
        return (r.stdout.decode().strip() or None) if r.returncode == 0 else None

    def tags(self, repo: Repo, pattern: str, points_at_head: bool = False) -> list[str]:
        at = ["--points-at", "HEAD"] if points_at_head else []
        return self._out(repo, "tag", *at, "--list", pattern).split()

    # -- settings

    def config_get(self, repo: Repo, key: str) -> str | None:
        r = self._git(repo, "config", "--local", "--get", key, check=False)
        return r.stdout.decode("utf-8", "replace").strip() if r.returncode == 0 else None

    def config_set(self, repo: Repo, key: str, value: str | bytes) -> None:
        self._git(repo, "config", key, value)

    def has_identity(self, repo: Repo) -> bool:
        return all(self._git(repo, "var", f"GIT_{who}_IDENT", check=False).returncode == 0
                   for who in ("COMMITTER", "AUTHOR"))

    def author(self, repo: Repo) -> str:
        r = self._git(repo, "var", "GIT_AUTHOR_IDENT", check=False)
        # 「姓名 <邮箱> 时间 时区」: the date is not part of who
        m = re.match(r"^(.*?<[^<>]*>)", r.stdout.decode("utf-8", "replace").strip()) if r.returncode == 0 else None
        return m.group(1) if m else ""

    def commit_date(self, repo: Repo, sha: str) -> str:
        return self._out(repo, "log", "-1", "--format=%cd", "--date=short", sha).strip()

    # -- changing

    def stage(self, repo: Repo, paths: list[str] | None, but: Sequence[str] = ()) -> None:
        self._git(repo, "add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul",
                  input=_pathspecs(repo, paths, but))

    def unstage_removed(self, repo: Repo, path: str) -> None:
        self._git(repo, "rm", "-q", "--cached", "--ignore-unmatch", "--", path)

    def commit(self, repo: Repo, message: str | None, paths: list[str] | None = None, but: Sequence[str] = (),
               identity: tuple[str, str] | None = None, verify: bool = True) -> None:
        args = ["commit", "-q"] + (["--no-edit"] if message is None else ["-m", message])
        if not verify:
            args.append("--no-verify")
        specs = None
        if paths is not None:
            args += ["--pathspec-from-file=-", "--pathspec-file-nul"]
            specs = _pathspecs(repo, paths, but)
        config = (f"user.name={identity[0]}", f"user.email={identity[1]}") if identity else ()
        run(args, repo.top, config=config, input=specs)

    def tag(self, repo: Repo, name: str, rev: str) -> None:
        self._git(repo, "tag", name, rev)

    def delete_tag(self, repo: Repo, name: str) -> None:
        self._git(repo, "tag", "-d", name, check=False)

    def merge(self, repo: Repo, sha: str, message: str) -> None:
        self._git(repo, "merge", "--no-edit", "-m", message, sha)

    def abort_merge(self, repo: Repo) -> None:
        self._git(repo, "merge", "--abort")

    def merge_file(self, repo: Repo, base: str, ours: str, theirs: str) -> str | None:
        with tempfile.TemporaryDirectory(prefix="jixiao-merge-") as tmp:
            paths = []
            for name, text in zip(("base", "ours", "theirs"), (base, ours, theirs)):
                path = Path(tmp) / name
                path.write_bytes(text.encode("utf-8"))
                paths.append(str(path))
            r = run(["merge-file", "-p", paths[1], paths[0], paths[2]], repo.top, check=False)
        return r.stdout.decode("utf-8") if r.returncode == 0 else None

    def reset_hard(self, repo: Repo) -> None:
        self._git(repo, "reset", "-q", "--hard", "HEAD")

    # -- bundles

    def bundle_create(self, repo: Repo, output: Path, exclude: list[str]) -> None:
        self._git(repo, "bundle", "create", str(output), "HEAD", "--branches", "--tags", *(f"^{x}" for x in exclude))

    def bundle_heads(self, bundle: Path) -> list[str]:
        out = run(["bundle", "list-heads", str(bundle)], bundle.parent).stdout.decode("utf-8", "replace")
        return [line.split(" ", 1)[1] for line in out.splitlines() if " " in line]

    def bundle_verify(self, repo: Repo, bundle: Path) -> str | None:
        r = self._git(repo, "bundle", "verify", str(bundle), check=False)
        return None if r.returncode == 0 else r.stderr.decode("utf-8", "replace").strip()

    def fetch_bundle(self, repo: Repo, bundle: Path, branch: str) -> str:
        # into a ref of our own: FETCH_HEAD is overwritten by the next fetch (the tags)
        incoming = "refs/jixiao/incoming"
        self._git(repo, "fetch", "-q", "--no-tags", str(bundle), f"+refs/heads/{branch}:{incoming}")
        sha = self._out(repo, "rev-parse", "--verify", f"{incoming}^{{commit}}").strip()
        self._git(repo, "update-ref", "-d", incoming)
        return sha

    def fetch_bundle_tags(self, repo: Repo, bundle: Path) -> None:
        self._git(repo, "fetch", "-q", "--no-tags", str(bundle), "refs/tags/*:refs/tags/*", check=False)

    def clone_bundle(self, bundle: Path, target: Path) -> None:
        run(["clone", "-q", "--no-checkout", str(bundle), str(target)], target.parent)
