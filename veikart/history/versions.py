"""A roadmap as it stood at a commit, read from git's objects, never from a checkout.

Two readings of a version, both cached for the life of the process (what a commit or a
blob holds never changes):

- `roadmap_at`: the whole roadmap checked by the loader (`parse_yaml` on each file's blob,
  then `build_roadmap`), as `veikart validate` would check a checkout of that commit.
  Cached by commit id.
- `items_at`: every deliverable, service and risk by id, read entry by entry (`chunks`,
  `items`): what finding the commit behind a change needs of each version between the two
  compared. Cached by blob id, so a file unchanged between commits is read once.

`load_versions` reads many versions with a few git calls in all (`cat-file --batch-check`
for where the roadmap is in each commit, `cat-file --batch` for the distinct directory
trees, one call per folder level, and for the distinct blobs) instead of calls per version.

The directory rules are the contract's: every `*.yaml` / `*.yml` below the directory,
sorted by path, names starting with `.` skipped at any depth below it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from veikart.history.cache import LruCache, Memo
from veikart.history.chunks import parse_chunk, split_entries
from veikart.history.git import MissingPath, Repository, TreeEntry, TreeFile, tree_sort_key
from veikart.history.items import INVALID, ITEM_SECTIONS, build_item
from veikart.roadmap.load import YAML_SUFFIXES, LoadResult, build_roadmap
from veikart.roadmap.problems import Problems
from veikart.roadmap.yamlsource import LocList, LocMap, YamlDocument, decode, parse_yaml

ItemKey = tuple[str, str]
"""(item type, id), such as ("deliverable", "pll-utproving")."""
Items = dict[ItemKey, Any]
Found = tuple[tuple[str, str, Any], ...]
"""(section, id, item) in the order written."""


@dataclass(frozen=True)
class VersionFile:
    path: str
    """Path from the repository root."""
    blob: str


def roadmap_files(files: Iterable[TreeFile], rel: str) -> list[VersionFile]:
    """The roadmap's files among those below the directory `rel` (paths relative to it)."""
    chosen = []
    for file in files:
        below = PurePosixPath(file.path)
        if any(part.startswith(".") for part in below.parts):
            continue
        if below.suffix.lower() not in YAML_SUFFIXES:
            continue
        chosen.append(VersionFile(f"{rel}/{file.path}" if rel else file.path, file.blob))
    return sorted(chosen, key=lambda f: tree_sort_key(f.path))


_FILES: LruCache[tuple[Path, str, str], tuple[VersionFile, ...] | str] = LruCache(4096)
"""(root, commit, rel) -> the roadmap's files, or why there are none."""
_TREES: LruCache[str, tuple[VersionFile, ...]] = LruCache(1024)
"""(tree id + rel) -> the roadmap files in that directory tree."""
_ITEMS: LruCache[str, Found] = LruCache(1024)
"""blob id -> the items written in it."""
_ROADMAPS: LruCache[tuple[Path, str, str], LoadResult] = LruCache(32)
"""(root, commit, rel) -> the checked roadmap."""
_INDEXES: LruCache[tuple[str, ...], Items] = LruCache(256)
"""blob ids of a version -> its items by key."""


def _roadmap_files_in(repository: Repository, tree: str, rel: str) -> tuple[VersionFile, ...]:
    return tuple(roadmap_files(tree_files(repository, tree), rel))


def locate_versions(
    repository: Repository, commits: Sequence[str], rel: str
) -> dict[str, tuple[VersionFile, ...] | str]:
    """Where the roadmap's files are in each commit (or why there are none); one git call."""
    located: dict[str, tuple[VersionFile, ...] | str] = {}
    todo = []
    for commit in dict.fromkeys(commits):
        known = _FILES.get((repository.root, commit, rel))
        if known is None:
            todo.append(commit)
        else:
            located[commit] = known
    if not todo:
        return located
    names = [f"{c}:{rel}" for c in todo]
    kinds = repository.object_types(names)
    list_trees(repository, [k[0] for k in kinds.values() if k is not None and k[1] == "tree"])
    for commit, name in zip(todo, names, strict=True):
        found = kinds[name]
        files: tuple[VersionFile, ...] | str
        if found is None:
            files = f"{rel or '.'} does not exist at commit {commit[:7]}"
        elif found[1] == "blob":
            files = (VersionFile(rel, found[0]),)
        elif found[1] == "tree":
            tree = found[0]
            listed = _TREES.get_or_compute(f"{tree}/{rel}", partial(_roadmap_files_in, repository, tree, rel))
            files = listed or f"{rel or '.'} has no .yaml or .yml files at commit {commit[:7]}"
        else:
            files = f"{rel or '.'} is not a file or directory at commit {commit[:7]}"
        located[commit] = _FILES.put((repository.root, commit, rel), files)
    return located


_LISTINGS: LruCache[str, tuple[TreeFile, ...]] = LruCache(4096)
"""tree id -> every regular file below it (paths relative to it)."""


def list_trees(repository: Repository, roots: Sequence[str]) -> None:
    """Read the files below many trees with one `git cat-file --batch` call per level."""
    entries: dict[str, list[TreeEntry]] = {}
    frontier = [t for t in dict.fromkeys(roots) if t not in _LISTINGS]
    while frontier:
        read = repository.trees(frontier)
        entries.update(read)
        below = (e.oid for found in read.values() for e in found if e.is_folder)
        frontier = [t for t in dict.fromkeys(below) if t not in entries and t not in _LISTINGS]
    for root in roots:
        _flatten(repository, root, entries)


def _flatten(repository: Repository, tree: str, entries: dict[str, list[TreeEntry]]) -> tuple[TreeFile, ...]:
    known = _LISTINGS.get(tree)
    if known is not None:
        return known
    if tree not in entries:  # read before and forgotten since: read it again
        entries.update(repository.trees([tree]))
    files: list[TreeFile] = []
    for entry in entries[tree]:
        if entry.is_folder:
            files += [
                TreeFile(f"{entry.name}/{f.path}", f.blob) for f in _flatten(repository, entry.oid, entries)
            ]
        elif entry.is_regular_file:
            files.append(TreeFile(entry.name, entry.oid))
    return _LISTINGS.put(tree, tuple(files))


def tree_files(repository: Repository, tree: str) -> tuple[TreeFile, ...]:
    """Every regular file below a tree object (symlinks and submodules are not roadmap files)."""
    list_trees(repository, [tree])
    return _flatten(repository, tree, {})


def files_at(repository: Repository, commit: str, rel: str) -> tuple[VersionFile, ...]:
    """The roadmap's files at a commit; MissingPath when there are none."""
    found = locate_versions(repository, [commit], rel)[commit]
    if isinstance(found, str):
        raise MissingPath(found)
    return found


def display_name(commit: str, path: str) -> str:
    """How a file at a commit is named in messages: `3f2a9c1:data/roadmap.yaml`."""
    return f"{commit[:7]}:{path}"


def roadmap_at(repository: Repository, commit: str, rel: str) -> LoadResult:
    """The roadmap at `rel` in `commit`, checked by the loader; problems name `SHA:PATH`.

    MissingPath when the path is not in that commit. Cached by commit id: call it from
    any thread; the result is shared, never change it.
    """
    return _ROADMAPS.get_or_compute((repository.root, commit, rel), lambda: _load(repository, commit, rel))


def _load(repository: Repository, commit: str, rel: str) -> LoadResult:
    files = files_at(repository, commit, rel)
    contents = repository.blobs(f.blob for f in files)
    problems = Problems()
    documents = []
    for file in files:
        display = display_name(commit, file.path)
        text = decode(contents[file.blob], display, problems)
        data = None if text is None else parse_yaml(text, display, problems)
        documents.append(YamlDocument(path=Path(file.path), display=display, data=data))
    return build_roadmap(documents, problems)


# --- the items of a version -----------------------------------------------------------

_CHUNK_ITEMS: Memo[tuple[str, str, bool], Found | None] = Memo(32_768)
"""(chunk text, section, whole) -> its items: an entry unchanged between versions is read once."""


def _chunk_items(text: str, section: str, whole: bool) -> Found | None:
    """(section, id, item) of each entry in one chunk, or None when it does not parse alone."""

    def read() -> Found | None:
        entry = parse_chunk(text, section, whole)
        if not entry.ok:
            return None
        if section not in ITEM_SECTIONS:
            return ()
        out = []
        for raw in entry.values:
            built = build_item(section, raw)
            if built is not None:
                out.append((section, *built))
        return tuple(out)

    return _CHUNK_ITEMS.get_or_compute((text, section, whole), read)


def _whole_file_items(text: str) -> Found:
    data = parse_yaml(text, "", Problems())
    out: list[tuple[str, str, Any]] = []
    if not isinstance(data, LocMap):
        return ()
    for section in ITEM_SECTIONS:
        value = data.get(section)
        if not isinstance(value, LocList):
            continue
        for raw in value:
            built = build_item(section, raw)
            if built is not None:
                out.append((section, *built))
    return tuple(out)


def text_items(text: str) -> Found:
    """(section, id, item) of every deliverable, service and risk written in a file's text."""
    chunks = split_entries(text)
    if chunks is not None:
        out: list[tuple[str, str, Any]] = []
        for chunk in chunks:
            items = _chunk_items(chunk.text, chunk.section, chunk.whole_section)
            if items is None:
                break  # an entry that does not stand alone: read the file whole
            out.extend(items)
        else:
            return tuple(out)
    return _whole_file_items(text)


def index_items(found: Iterable[tuple[str, str, Any]]) -> Items:
    """Items by (type, id); of two with one id the first wins, as the loader keeps the first."""
    index: Items = {}
    for section, ident, item in found:
        index.setdefault((ITEM_SECTIONS[section], ident), item)
    return index


def load_versions(repository: Repository, commits: Sequence[str], rel: str) -> None:
    """Read the items of many versions with a few git calls (fills the caches)."""
    blobs: list[str] = []
    for found in locate_versions(repository, commits, rel).values():
        if isinstance(found, tuple):
            blobs.extend(f.blob for f in found if f.blob not in _ITEMS)
    if not blobs:
        return
    contents = repository.blobs(blobs)
    for blob, raw in contents.items():
        _ITEMS.put(blob, text_items(raw.decode("utf-8-sig", "replace")))


def items_at(repository: Repository, commit: str, rel: str) -> Items:
    """Every item of the roadmap at a commit by (type, id); INVALID for entries with errors.

    Empty when the roadmap is not in that commit.
    """
    try:
        files = files_at(repository, commit, rel)
    except MissingPath:
        return {}
    key = tuple(f.blob for f in files)

    def index() -> Items:
        found: list[tuple[str, str, Any]] = []
        for file in files:
            items = _ITEMS.get(file.blob)
            if items is None:
                load_versions(repository, [commit], rel)
                items = _ITEMS.get(file.blob) or ()
            found.extend(items)
        return index_items(found)

    return _INDEXES.get_or_compute(key, index)


def items_of_files(paths: Iterable[Path]) -> Items:
    """The same reading of files on disk (the working tree); not cached."""
    found: list[tuple[str, str, Any]] = []
    for path in paths:
        found.extend(text_items(path.read_bytes().decode("utf-8-sig", "replace")))
    return index_items(found)


def clear_caches() -> None:
    """Forget everything read (tests; a server never needs to)."""
    for cache in (_FILES, _TREES, _LISTINGS, _ITEMS, _ROADMAPS, _INDEXES, _CHUNK_ITEMS):
        cache.clear()


__all__ = [
    "INVALID",
    "ItemKey",
    "Items",
    "VersionFile",
    "clear_caches",
    "display_name",
    "files_at",
    "index_items",
    "items_at",
    "items_of_files",
    "load_versions",
    "locate_versions",
    "roadmap_at",
    "roadmap_files",
    "text_items",
]
