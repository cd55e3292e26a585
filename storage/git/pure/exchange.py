"""Merging and bundles through dulwich: ``git merge`` (dulwich's merge with merge3 for the
text; a conflict is left as git leaves it: stages 1–3 in the index, markers in the file,
MERGE_HEAD), ``git merge-file``, and ``git bundle`` / ``fetch`` / ``clone`` from a bundle.

dulwich cannot fetch or clone from a bundle git wrote (its pack's offset deltas trip dulwich's
bundle reader); the bundle's pack is stored directly as a thin pack and the refs set here, which
leaves the same repository (``git fsck`` clean).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dulwich.bundle import Bundle, create_bundle_from_repo, read_bundle, write_bundle
from dulwich.repo import Repo as DRepo

from storage.git.engine import Failed, Repo
from storage.git.pure.repository import HEAD, HEADS, TAGS, control_path, identity, peel, resolve_in
from storage.git.pure.worktree import WorkTree, tree_entries


def merge(r: DRepo, sha: str, message: str) -> None:
    from dulwich.graph import can_fast_forward
    from dulwich.porcelain import Error
    from dulwich.porcelain import merge as dulwich_merge

    head = resolve_in(r, "HEAD")
    theirs = sha.encode()
    _refuse_overwriting(r, head, theirs)
    if head is None:  # an empty branch takes theirs as it is
        r.refs[HEAD] = theirs
        r.get_worktree().reset_index(peel(r, theirs).tree)
        return
    who = identity(r, "COMMITTER")
    if who is None and not can_fast_forward(r, head, theirs):
        raise Failed("merge", "Committer identity unknown: please tell me who you are")
    try:
        _, conflicts = dulwich_merge(r, theirs, message=message.encode("utf-8") + b"\n", author=who, committer=who)
    except (Error, OSError, KeyError, ValueError) as e:  # no common ancestor, a file in the way …
        raise Failed("merge", str(e)) from None
    if conflicts:
        names = "、".join(c.decode("utf-8", "replace") for c in conflicts)
        raise Failed("merge", f"CONFLICT：{names}；Automatic merge failed")


def _refuse_overwriting(r: DRepo, head: bytes | None, theirs: bytes) -> None:
    """Failed, as git fails, when the merge would write over a file git does not track (a
    colleague's new project over one not committed here) or over uncommitted changes: dulwich
    would overwrite them."""
    top = Path(r.path)
    wt = WorkTree(r, Repo(top, "", top))
    ours = tree_entries(r, peel(r, head).tree) if head else {}
    staged = wt.staged()
    their_files = tree_entries(r, peel(r, theirs).tree)
    changing = {p for p in set(ours) | set(their_files) if ours.get(p) != their_files.get(p)}
    untracked = sorted(p for p in changing if p not in staged and os.path.lexists(top / p))
    if untracked:
        raise Failed("merge", "error: The following untracked working tree files would be overwritten by merge:\n"
                     + "".join(f"\t{p}\n" for p in untracked) + "Please move or remove them before you merge.")
    dirty = sorted(p for p in changing if p in staged and (staged[p] != ours.get(p) or wt.current(p) != staged[p]))
    if dirty:
        raise Failed("merge", "error: Your local changes to the following files would be overwritten by merge:\n"
                     + "".join(f"\t{p}\n" for p in dirty) + "Please commit your changes or stash them before you merge.")


def merge_file(base: str, ours: str, theirs: str) -> str | None:
    from merge3 import Merge3

    m = Merge3(base.splitlines(True), ours.splitlines(True), theirs.splitlines(True))
    if any(region[0] == "conflict" for region in m.merge_regions()):
        return None
    return "".join(m.merge_lines())


# -- bundles -----------------------------------------------------------------------------------

@contextmanager
def reading(path: Path) -> Iterator[Bundle]:
    try:
        with open(path, "rb") as f:
            bundle = read_bundle(f)
            try:
                yield bundle
            finally:
                bundle.close()
    except (AssertionError, ValueError, IndexError, KeyError) as e:
        raise Failed("bundle", f"不是 git 包（{e or type(e).__name__}）") from None


def create(r: DRepo, output: Path, exclude: list[str]) -> None:
    branches, tags = (sorted(base + n for n in r.refs.keys(base=base)) for base in (HEADS, TAGS))
    refs = [HEAD, *branches, *tags]
    bundle = create_bundle_from_repo(r, refs, prerequisites=[x.encode() for x in exclude])
    tmp = output.with_name(output.name + ".lock")
    try:
        with open(tmp, "wb") as f:
            write_bundle(f, bundle)
        tmp.replace(output)
    finally:
        tmp.unlink(missing_ok=True)


def heads(path: Path) -> list[str]:
    with reading(path) as bundle:
        return [ref.decode("utf-8", "surrogateescape") for ref in bundle.references]


def _missing(r: DRepo, bundle: Bundle) -> list[str]:
    return [sha.decode() for sha, _ in bundle.prerequisites if peel(r, sha) is None]


def verify(r: DRepo, path: Path) -> str | None:
    try:
        with reading(path) as bundle:
            missing = _missing(r, bundle)
    except (Failed, OSError) as e:
        return e.detail if isinstance(e, Failed) else str(e)
    if missing:
        return "error: Repository lacks these prerequisite commits:\n" + "\n".join(f"error: {m}" for m in missing)
    return None


def _store(r: DRepo, bundle: Bundle, path: Path) -> None:
    """The bundle's objects into the repository: its pack (after the header's blank line) taken
    as a thin pack, its deltas resolved against what is here, and indexed."""
    missing = _missing(r, bundle)
    if missing:
        raise Failed("fetch", "Repository lacks these prerequisite commits: " + " ".join(missing))
    if all(sha in r.object_store for sha in bundle.references.values()):
        return
    data = path.read_bytes()
    pack = io.BytesIO(data[data.index(b"\n\n") + 2:])
    r.object_store.add_thin_pack(pack.read, None).close()


def fetch(r: DRepo, path: Path, branch: str) -> str:
    with reading(path) as bundle:
        sha = bundle.references.get(HEADS + branch.encode("utf-8", "surrogateescape"))
        if sha is None:
            raise Failed("fetch", f"couldn't find remote ref refs/heads/{branch}")
        _store(r, bundle, path)
    commit = peel(r, sha)
    if commit is None:
        raise Failed("fetch", f"包中的 refs/heads/{branch} 不是提交")
    return commit.id.decode()


def fetch_tags(r: DRepo, path: Path) -> None:
    """Tags of the bundle that are new here (an existing tag is not moved, as git does not)."""
    with reading(path) as bundle:
        _store(r, bundle, path)
        for ref, sha in bundle.references.items():
            if ref.startswith(TAGS) and sha in r.object_store:
                r.refs.add_if_new(ref, sha)


def clone(path: Path, target: Path) -> None:
    """A new repository at ``target`` with the bundle's history, its HEAD's branch checked out
    as nothing yet (``git clone --no-checkout``): refs/remotes/origin/*, the tags, origin's url."""
    with reading(path) as bundle:
        r = DRepo.init(str(target), mkdir=not target.exists())
        try:
            _store(r, bundle, path)
            refs = bundle.references
            for ref, sha in refs.items():
                if ref.startswith(HEADS):
                    r.refs[b"refs/remotes/origin/" + ref[len(HEADS):]] = sha
                elif ref.startswith(TAGS):
                    r.refs[ref] = sha
            head = refs.get(HEAD)
            on_head = sorted((ref for ref, sha in refs.items() if ref.startswith(HEADS) and sha == head),
                             key=lambda ref: (ref != HEADS + b"main", ref != HEADS + b"master", ref))
            config = r.get_config()
            config.set((b"remote", b"origin"), b"url", str(path).encode("utf-8", "surrogateescape"))
            config.set((b"remote", b"origin"), b"fetch", b"+refs/heads/*:refs/remotes/origin/*")
            if on_head:
                name = on_head[0][len(HEADS):]
                r.refs[HEADS + name] = head
                r.refs.set_symbolic_ref(HEAD, HEADS + name)
                config.set((b"branch", name), b"remote", b"origin")
                config.set((b"branch", name), b"merge", HEADS + name)
            elif head is not None:
                r.refs.set_symbolic_ref(HEAD, HEADS + b"main")
                r.refs[HEAD] = head
            config.write_to_path()
            control_path(r, "index").unlink(missing_ok=True)
        finally:
            r.close()

