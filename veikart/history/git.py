"""Read a git repository with the `git` command: argument lists, never a shell, never a write.

Why the `git` command and not a library: it is on every CI runner and server that has the
roadmap's repository, it honours the repository's own set-up (partial clones, alternates,
`safe.directory`, mailmap, SHA-256 object ids) exactly as the planners' git does, and it
adds no dependency. GitPython shells out to the same command (and had option-injection
advisories of its own); dulwich reads packs in pure Python, several times slower on long
histories; pygit2 needs libgit2.

Every call is read-only and offline:

- revisions typed by a person pass `check_revision` (a safe character set, never a leading
  `-`) and are resolved once to a full commit id; later calls see only ids;
- `--no-optional-locks` (no index refresh), `--end-of-options` before revisions, `--`
  before paths, `GIT_LITERAL_PATHSPECS=1`;
- `protocol.allow=never` and `GIT_NO_LAZY_FETCH=1`: no transport at all, even when a
  partial clone lacks a blob; `GIT_TERMINAL_PROMPT=0`: never wait for a password;
- contents come from `git cat-file --batch`, never a checkout.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

MAX_REVISION = 200
"""Longer revision names are refused: no tag or branch a planner types is that long."""
_SAFE_REVISION = re.compile(r"[A-Za-z0-9_@][A-Za-z0-9._/@{}~^+-]*")
_HEX = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
TIMEOUT = 120
"""Seconds any one git call may take; a hung call is reported, not waited on forever."""
_BATCH = 500
"""Object names per `git cat-file --batch` call: bounds the memory of one call."""


class HistoryError(Exception):
    """History cannot be read; the message is one line for a planner."""


class GitMissing(HistoryError):
    """The `git` command is not installed (or not on PATH)."""


class NotAWorkTree(HistoryError):
    """The path does not lie in a git work tree."""


class UnsafeRevision(HistoryError):
    """A revision that is refused before git is called."""


class UnknownRevision(HistoryError):
    """A well-formed revision that names no commit in this repository."""


class MissingPath(HistoryError):
    """The roadmap path does not exist at a revision."""


def check_revision(text: str) -> str:
    """Return `text` if it may name a revision (tag, branch, commit id), else UnsafeRevision.

    Allowed: letters, digits and `._/@{}~^+-`, not starting with `-`, `.` or `/`, no `..`
    (a range), at most MAX_REVISION characters. This admits `v1.2`, `origin/main`,
    `styremote-2023-06`, `HEAD~3`, `main@{1}` and commit ids, and nothing git could read
    as an option, a path (`rev:path`), a search (`:/text`) or shell syntax.
    """
    shown = _shown(text)
    if not text:
        raise UnsafeRevision("the revision is empty; give a tag, a branch or a commit id")
    if len(text) > MAX_REVISION:
        raise UnsafeRevision(
            f"the revision is longer than {MAX_REVISION} characters; give a tag, a branch or a commit id"
        )
    if text.startswith("-"):
        raise UnsafeRevision(f"the revision {shown} starts with '-'; give a tag, a branch or a commit id")
    if not _SAFE_REVISION.fullmatch(text) or ".." in text:
        raise UnsafeRevision(
            f"the revision {shown} is not a tag, branch or commit id "
            "(allowed: letters, digits and . _ / @ { } ~ ^ + -; no '..')"
        )
    return text


def _shown(text: str, limit: int = 60) -> str:
    """Untrusted text quoted for a message: printable, bounded."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text[:limit])
    return repr(clean + ("…" if len(text) > limit else ""))


@dataclass(frozen=True)
class Commit:
    """A commit as people see it: ids, author date, author and subject (untrusted text)."""

    sha: str
    short: str
    date: dt.datetime
    author: str
    subject: str
    parents: tuple[str, ...] = ()

    def as_json(self) -> dict[str, str]:
        return {
            "sha": self.sha,
            "short": self.short,
            "date": self.date.isoformat(),
            "author": self.author,
            "subject": self.subject,
        }


@dataclass(frozen=True)
class TreeEntry:
    """One entry of a tree object: mode (`100644`, `40000` for a folder, ...), name, id."""

    mode: str
    name: str
    oid: str

    @property
    def is_folder(self) -> bool:
        return self.mode == "40000"

    @property
    def is_regular_file(self) -> bool:
        return self.mode in ("100644", "100755")  # not symlinks (120000), not submodules


@dataclass(frozen=True)
class TreeFile:
    """A regular file in a commit's tree: its path from the repository root and blob id."""

    path: str
    blob: str


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_LITERAL_PATHSPECS": "1",
            "GIT_NO_LAZY_FETCH": "1",
            "GIT_PAGER": "cat",
            "LC_ALL": "C",
            "LANGUAGE": "C",
        }
    )
    for name in ("GIT_EXTERNAL_DIFF", "GIT_TRACE", "GIT_TRACE2", "GIT_TRACE2_EVENT"):
        env.pop(name, None)
    return env


_GLOBAL_OPTIONS = (
    "--no-pager",
    "--no-optional-locks",
    "-c",
    "protocol.allow=never",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "core.quotePath=false",
)


def git_executable() -> str:
    """The git command on PATH, or GitMissing."""
    found = shutil.which("git")
    if found is None:
        raise GitMissing("git is not installed (no 'git' command on PATH); history is unavailable")
    return found


def run_git(cwd: Path, args: Sequence[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run git read-only in `cwd`; the caller looks at the exit status."""
    command = [git_executable(), *_GLOBAL_OPTIONS, *args]
    try:
        return subprocess.run(
            command,
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=_environment(),
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitMissing("git is not installed (no 'git' command on PATH); history is unavailable") from None
    except subprocess.TimeoutExpired:
        raise HistoryError(f"git {args[0]} took more than {TIMEOUT} s; history is unavailable") from None
    except OSError as exc:
        raise HistoryError(f"git could not be run ({exc.strerror or exc}); history is unavailable") from None


def _first_line(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").strip().splitlines()
    line = text[0] if text else ""
    line = line.removeprefix("fatal: ").removeprefix("error: ")
    return "".join(ch if ch.isprintable() else "?" for ch in line[:200])


def _failed(result: subprocess.CompletedProcess[bytes], what: str) -> HistoryError:
    detail = _first_line(result.stderr)
    if "dubious ownership" in detail:
        return HistoryError(
            f"git refuses the repository: it belongs to another user ({detail}); "
            "add it to safe.directory in the git config of the user veikart runs as"
        )
    return HistoryError(f"{what} failed: {detail or f'git exited with {result.returncode}'}")


@dataclass(frozen=True)
class Repository:
    """A git work tree, read through the `git` command. Immutable and safe to share."""

    root: Path

    @classmethod
    def containing(cls, path: Path) -> Repository:
        """The work tree that holds `path` (which need not exist), or NotAWorkTree."""
        start = path.resolve()
        while not start.is_dir():
            if start.parent == start:
                break
            start = start.parent
        result = run_git(start, ["rev-parse", "--is-inside-work-tree", "--show-toplevel"])
        lines = result.stdout.decode("utf-8", "surrogateescape").splitlines()
        if result.returncode != 0 or len(lines) < 2 or lines[0] != "true":
            detail = _first_line(result.stderr)
            if "dubious ownership" in detail:
                raise _failed(result, "git")
            raise NotAWorkTree(f"{path} is not in a git work tree; history is unavailable")
        return cls(Path(lines[1]).resolve())

    def relative(self, path: Path) -> str:
        """`path` as a path from the repository root, in git's form ('' for the root)."""
        try:
            rel = path.resolve().relative_to(self.root)
        except ValueError:
            raise NotAWorkTree(f"{path} is not in the git work tree {self.root}") from None
        posix = rel.as_posix()
        if "\n" in posix or "\0" in posix:
            raise HistoryError(f"{path}: a path with a line break cannot be read from git")
        return "" if posix == "." else posix

    def git(self, args: Sequence[str], stdin: bytes | None = None, what: str = "git") -> bytes:
        result = run_git(self.root, args, stdin)
        if result.returncode != 0:
            raise _failed(result, what)
        return result.stdout

    # --- revisions -------------------------------------------------------------------

    def resolve(self, revision: str) -> str:
        """The full commit id a revision names; UnsafeRevision / UnknownRevision otherwise.

        A commit id resolves once per process; a tag or branch is asked every time, as it
        may move while a server runs.
        """
        check_revision(revision)
        if _HEX.fullmatch(revision):
            return _resolve_id(self.root, revision)
        return _resolve(self.root, revision)

    def head(self) -> str | None:
        """The commit checked out, or None in a repository without commits."""
        result = run_git(self.root, ["rev-parse", "--verify", "--quiet", "--end-of-options", "HEAD^{commit}"])
        out = result.stdout.decode().strip()
        return out if result.returncode == 0 and out else None

    def commit(self, sha: str) -> Commit:
        """One commit's details (cached: a commit never changes)."""
        return _commits(self.root, (sha,))[0]

    def log(
        self, paths: Sequence[str], *, until: str, since: str | None = None, limit: int | None = None
    ) -> list[Commit]:
        """Commits that changed `paths`, newest first, with parents rewritten to such commits.

        `until` and `since` are commit ids (already resolved); the range is since..until.
        History simplification is git's own (`git log -- PATH`).
        """
        _require_ids(until, *([since] if since else []))
        args = ["log", "-z", "--topo-order", "--parents", f"--format={_FORMAT}"]
        if limit is not None:
            args.append(f"--max-count={int(limit)}")
        args += [
            "--end-of-options",
            until if since is None else f"{since}..{until}",
            "--",
            *(p or "." for p in paths),
        ]
        return _parse_log(self.git(args, what="git log"))

    def tags(self) -> list[tuple[str, str, dt.datetime]]:
        """(name, commit id, date) of every tag that names a commit, newest first."""
        out = self.git(
            [
                "for-each-ref",
                "--sort=-creatordate",
                "--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(creatordate:iso-strict)",
                "refs/tags",
            ],
            what="git for-each-ref",
        )
        tags = []
        for line in out.decode("utf-8", "replace").splitlines():
            fields = line.split("\0")
            if len(fields) != 6:
                continue
            name, kind, sha, peeled_kind, peeled, date = fields
            commit = sha if kind == "commit" else peeled if peeled_kind == "commit" else None
            if commit is None or not _date_ok(date):
                continue
            tags.append((name, commit, dt.datetime.fromisoformat(date)))
        return tags

    # --- contents --------------------------------------------------------------------

    def object_types(self, names: Sequence[str]) -> dict[str, tuple[str, str] | None]:
        """(object id, type) for each `COMMIT:PATH` name, None where there is none.

        One `git cat-file --batch-check` call for all names.
        """
        for name in names:
            commit, _, path = name.partition(":")
            _require_ids(commit)
            if "\n" in path:
                raise ValueError(f"a line break in a path: {path!r}")
        found: dict[str, tuple[str, str] | None] = {}
        for start in range(0, len(names), _BATCH):
            part = names[start : start + _BATCH]
            out = self.git(
                ["cat-file", "--batch-check"],
                stdin="".join(f"{n}\n" for n in part).encode(),
                what="git cat-file",
            )
            for name, line in zip(part, out.decode("utf-8", "surrogateescape").splitlines(), strict=True):
                fields = line.split(" ")
                missing = line.endswith((" missing", " ambiguous")) or len(fields) != 3
                found[name] = None if missing else (fields[0], fields[1])
        return found

    def trees(self, ids: Iterable[str]) -> dict[str, list[TreeEntry]]:
        """The entries of tree objects by id, read with `git cat-file --batch`."""
        return {oid: _parse_tree(raw, len(oid) // 2) for oid, raw in self.blobs(ids).items()}

    def blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The contents of objects (blobs, trees) by id, in a few `git cat-file --batch` calls."""
        wanted = list(dict.fromkeys(ids))
        _require_ids(*wanted)
        contents: dict[str, bytes] = {}
        for start in range(0, len(wanted), _BATCH):
            part = wanted[start : start + _BATCH]
            out = self.git(
                ["cat-file", "--batch"], stdin="".join(f"{i}\n" for i in part).encode(), what="git cat-file"
            )
            contents.update(_parse_batch(out))
        missing = [i for i in wanted if i not in contents]
        if missing:
            raise HistoryError(
                f"git has no object {missing[0]} (a shallow or partial clone?); fetch the full history"
            )
        return contents


_FORMAT = "%H %P%x00%h%x00%aI%x00%aN%x00%s"


def _require_ids(*ids: str) -> None:
    for value in ids:
        if not _HEX.fullmatch(value):
            raise ValueError(f"not a full object id: {value!r}")  # a programming error, not input


def _resolve(root: Path, revision: str) -> str:
    result = run_git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"])
    sha = result.stdout.decode().strip()
    if result.returncode != 0 or not _HEX.fullmatch(sha):
        if "dubious ownership" in _first_line(result.stderr):
            raise _failed(result, "git")
        raise UnknownRevision(
            f"unknown revision '{revision}': no tag, branch or commit of that name in {root}{_shallow_hint(root)}"
        )
    return sha


def _shallow_hint(root: Path) -> str:
    """A hint when the clone lacks history (CI checks out one commit unless told otherwise)."""
    result = run_git(root, ["rev-parse", "--is-shallow-repository"])
    if result.stdout.decode().strip() != "true":
        return ""
    return " (this clone has only recent commits: fetch the history first, `git fetch --unshallow --tags`)"


@lru_cache(maxsize=256)
def _resolve_id(root: Path, sha: str) -> str:
    return _resolve(root, sha)


@lru_cache(maxsize=1024)
def _commits(root: Path, shas: tuple[str, ...]) -> tuple[Commit, ...]:
    if not shas:
        return ()
    _require_ids(*shas)
    out = run_git(
        root,
        ["log", "-z", "--no-walk=unsorted", "--parents", f"--format={_FORMAT}", "--end-of-options", *shas],
    )
    if out.returncode != 0:
        raise _failed(out, "git log")
    found = {c.sha: c for c in _parse_log(out.stdout)}
    return tuple(found[s] for s in shas)


def _parse_log(out: bytes) -> list[Commit]:
    fields = out.decode("utf-8", "replace").split("\0")
    commits = []
    for i in range(0, len(fields) - 4, 5):
        ids, short, date, author, subject = fields[i : i + 5]
        sha, *parents = ids.strip("\n").split()
        commits.append(
            Commit(
                sha=sha,
                short=short,
                date=dt.datetime.fromisoformat(date),
                author=author,
                subject=subject,
                parents=tuple(parents),
            )
        )
    return commits


def _parse_batch(out: bytes) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    position = 0
    while position < len(out):
        end = out.index(b"\n", position)
        header = out[position:end].decode()
        parts = header.split(" ")
        if len(parts) != 3:  # "<name> missing" or "<name> ambiguous"
            position = end + 1
            continue
        oid, _kind, size = parts
        start = end + 1
        contents[oid] = out[start : start + int(size)]
        position = start + int(size) + 1
    return contents


def _parse_tree(raw: bytes, id_size: int) -> list[TreeEntry]:
    """A tree object's entries: `<mode> <name>\\0<id as id_size bytes>` each."""
    entries = []
    position = 0
    while position < len(raw):
        space = raw.index(b" ", position)
        nul = raw.index(b"\0", space)
        oid = raw[nul + 1 : nul + 1 + id_size].hex()
        entries.append(
            TreeEntry(
                raw[position:space].decode(), raw[space + 1 : nul].decode("utf-8", "surrogateescape"), oid
            )
        )
        position = nul + 1 + id_size
    return entries


def _date_ok(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def tree_sort_key(path: str) -> tuple[str, ...]:
    """Sort files as the loader sorts a directory's paths: by their parts."""
    return PurePosixPath(path).parts


__all__ = [
    "MAX_REVISION",
    "Commit",
    "GitMissing",
    "HistoryError",
    "MissingPath",
    "NotAWorkTree",
    "Repository",
    "TreeEntry",
    "TreeFile",
    "UnknownRevision",
    "UnsafeRevision",
    "check_revision",
    "run_git",
]
