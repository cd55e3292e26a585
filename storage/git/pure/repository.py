"""The repository through dulwich: finding and opening it, revisions (``HEAD~1``, tags, short
ids), settings, identity, tags and branches, the log — what ``git rev-parse``, ``config``,
``var``, ``tag``, ``symbolic-ref``, ``rev-list`` and ``log`` give the other engine."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from dulwich.errors import NotGitRepository
from dulwich.objects import Commit as DCommit
from dulwich.objects import Tag
from dulwich.objectspec import AmbiguousShortId, scan_for_short_id
from dulwich.repo import Repo as DRepo
from dulwich.walk import Walker

from storage.git.engine import Commit, Failed, Repo

HEAD = b"HEAD"
HEADS = b"refs/heads/"
TAGS = b"refs/tags/"


@contextmanager
def opened(repo: Repo | Path) -> Iterator[DRepo]:
    """The dulwich repository of ``repo`` (its pack files closed afterwards)."""
    r = DRepo(str(repo.top if isinstance(repo, Repo) else repo))
    try:
        yield r
    finally:
        r.close()


def discover(folder: Path) -> tuple[Path, str] | None:
    try:
        r = DRepo.discover(str(folder))
    except NotGitRepository:
        return None
    try:
        top = Path(r.path).resolve()
    finally:
        r.close()
    rel = Path(os.path.relpath(folder, top)).as_posix()
    if rel == ".." or rel.startswith("../"):  # found through a link: not the folder's own
        return None
    return top, "" if rel == "." else rel + "/"


def init(target: Path) -> None:
    r = DRepo.init(str(target), mkdir=not target.exists())
    try:
        r.refs.set_symbolic_ref(HEAD, HEADS + b"main")
    finally:
        r.close()


def control_path(r: DRepo, name: str) -> Path:
    shared = name.split("/")[0] in ("hooks", "config", "objects", "refs", "info")
    return Path(r.commondir() if shared else r.controldir()) / name


# -- revisions ---------------------------------------------------------------------------------

_REV = re.compile(r"^(.*?)((?:~\d*|\^\d*|\^\{commit\})*)$")
_STEP = re.compile(r"~\d*|\^\{commit\}|\^\d*")


def peel(r: DRepo, sha: bytes) -> DCommit | None:
    """The commit ``sha`` is or (as a tag) points to, or None."""
    try:
        obj = r.object_store[sha]
        while isinstance(obj, Tag):
            obj = r.object_store[obj.object[1]]
    except KeyError:
        return None
    return obj if isinstance(obj, DCommit) else None


def _named(r: DRepo, name: str) -> bytes | None:
    """The object a name without ~ / ^ suffixes refers to, as ``git rev-parse`` looks it up."""
    raw = name.encode("utf-8", "surrogateescape")
    if name in ("MERGE_HEAD", "ORIG_HEAD", "FETCH_HEAD"):
        try:
            return (control_path(r, name).read_bytes().split() or [None])[0]
        except OSError:
            return None
    for ref in (raw, b"refs/" + raw, TAGS + raw, HEADS + raw, b"refs/remotes/" + raw):
        if ref == HEAD or ref.startswith(b"refs/"):
            try:
                return r.refs[ref]
            except KeyError:
                continue
    if re.fullmatch(r"[0-9a-fA-F]{4,40}", name):
        if len(name) == 40:
            return raw.lower() if raw.lower() in r.object_store else None
        try:
            return scan_for_short_id(r.object_store, raw.lower(), DCommit).id
        except (KeyError, AmbiguousShortId):
            return None
    return None


def resolve_in(r: DRepo, rev: str) -> bytes | None:
    """The commit id ``rev`` names: a name (HEAD, a tag, a branch, an id) then ``~N`` / ``^N``."""
    m = _REV.match(rev)
    if m is None or not m.group(1):
        return None
    sha = _named(r, m.group(1))
    commit = peel(r, sha) if sha else None
    for step in _STEP.findall(m.group(2)):
        if commit is None or step == "^{commit}":
            continue
        if step[0] == "~":
            for _ in range(int(step[1:] or 1)):
                commit = peel(r, commit.parents[0]) if commit and commit.parents else None
        else:
            n = int(step[1:] or 1)
            if n:
                commit = peel(r, commit.parents[n - 1]) if len(commit.parents) >= n else None
    return commit.id if commit is not None else None


# -- settings and identity ---------------------------------------------------------------------

def _key(key: str) -> tuple[tuple[bytes, ...], bytes]:
    section, _, name = key.rpartition(".")
    head, _, sub = section.partition(".")
    return ((head.encode(), sub.encode()) if sub else (head.encode(),)), name.encode()


def config_get(r: DRepo, key: str) -> str | None:
    section, name = _key(key)
    try:
        return r.get_config().get(section, name).decode("utf-8", "replace")
    except KeyError:
        return None


def config_set(r: DRepo, key: str, value: str | bytes) -> None:
    section, name = _key(key)
    config = r.get_config()
    config.set(section, name, value.encode("utf-8") if isinstance(value, str) else value)
    config.write_to_path()


def identity(r: DRepo | None, kind: str) -> bytes | None:
    """``Name <email>`` for kind AUTHOR or COMMITTER from GIT_<KIND>_NAME / _EMAIL, else
    user.name / user.email in the repository's or the user's git settings; None when either is
    missing (git would guess from the system; jixiao asks, as with useConfigOnly)."""
    from dulwich.config import StackedConfig

    config = r.get_config_stack() if r is not None else StackedConfig(StackedConfig.default_backends())
    found = []
    for part in ("NAME", "EMAIL"):
        value = os.environ.get(f"GIT_{kind}_{part}")
        if value is None:
            try:
                value = config.get((b"user",), part.lower().encode()).decode("utf-8", "replace")
            except KeyError:
                return None
        if not value.strip():
            return None
        found.append(value.strip())
    return f"{found[0]} <{found[1]}>".encode()


# -- refs, counting, the log -------------------------------------------------------------------

def tags(r: DRepo, pattern: str, points_at_head: bool = False) -> list[str]:
    head = resolve_in(r, "HEAD") if points_at_head else None
    out = []
    for name in sorted(r.refs.keys(base=TAGS)):
        text = name.decode("utf-8", "surrogateescape")
        if not fnmatch.fnmatchcase(text, pattern):
            continue
        if points_at_head:
            commit = peel(r, r.refs[TAGS + name])
            if head is None or commit is None or commit.id != head:
                continue
        out.append(text)
    return out


def current_branch(r: DRepo) -> str | None:
    target = r.refs.read_ref(HEAD)
    if target and target.startswith(b"ref: " + HEADS):
        return target[len(b"ref: " + HEADS):].strip().decode("utf-8", "surrogateescape")
    return None


def tips(r: DRepo, names: Sequence[str]) -> list[bytes]:
    """Commit ids of ``names``: revisions, or ``--branches`` / ``--tags`` for all of them."""
    out: list[bytes] = []
    for name in names:
        if name in ("--branches", "--tags"):
            base = HEADS if name == "--branches" else TAGS
            out += [c.id for ref in r.refs.keys(base=base) if (c := peel(r, r.refs[base + ref])) is not None]
        elif (sha := resolve_in(r, name)) is not None:
            out.append(sha)
    return out


def count(r: DRepo, include: Sequence[str], exclude: Sequence[str]) -> int:
    wanted = tips(r, include)
    if not wanted:
        return 0
    return sum(1 for _ in Walker(r.object_store, wanted, exclude=tips(r, exclude)))


def merge_base(r: DRepo, a: str, b: str) -> str | None:
    from dulwich.graph import find_merge_base

    ids = [resolve_in(r, a), resolve_in(r, b)]
    if None in ids:
        return None
    bases = find_merge_base(r, ids)
    return bases[0].decode() if bases else None


def _iso(seconds: int, offset: int) -> str:
    return datetime.fromtimestamp(seconds, timezone(timedelta(seconds=offset))).isoformat()


def log(r: DRepo, path: str, limit: int | None) -> list[Commit]:
    head = resolve_in(r, "HEAD")
    if head is None:
        return []
    paths = None if path in (".", "") else [path.rstrip("/").encode("utf-8", "surrogateescape")]
    out = []
    for entry in Walker(r.object_store, [head], paths=paths, max_entries=limit):
        c = entry.commit
        author = c.author.decode("utf-8", "replace")
        name = author.split(" <", 1)[0]
        message = c.message.decode("utf-8", "replace").strip()
        subject = " ".join(message.split("\n\n", 1)[0].split("\n")).strip()
        sha = c.id.decode()
        out.append(Commit(sha, sha[:7], name, _iso(c.author_time, c.author_timezone), subject))
    return out


def commit_date(r: DRepo, sha: str) -> str:
    commit = peel(r, sha.encode())
    if commit is None:
        raise Failed("log", f"找不到提交 {sha}")
    return _iso(commit.commit_time, commit.commit_timezone)[:10]


def parents(r: DRepo, sha: str) -> list[str]:
    commit = peel(r, sha.encode())
    if commit is None:
        raise Failed("rev-list", f"找不到提交 {sha}")
    return [p.decode() for p in commit.parents]
