"""'Did you mean ...?': the closest known id for a misspelt one, fast for any number of ids.

`difflib.get_close_matches` compares the word with every candidate; asked once per broken
reference against 10,000 deliverable ids that is quadratic (200 broken `depends_on` took
over 40 s). `Suggester` indexes the ids once by their three-letter pieces, picks the few
candidates that share the most pieces with the word, and lets difflib choose among those.
Small sets (keys, choices, a few hundred ids) go straight to difflib, as before.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

SMALL = 300
"""Up to this many candidates, difflib looks at all of them."""
SHORTLIST = 40
"""Candidates difflib compares for a large set: those sharing the most pieces with the word."""
CUTOFF = 0.6


def _grams(word: str) -> set[str]:
    padded = f"\x02{word}\x03"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Suggester:
    """The closest of a fixed set of words; build once, ask many times."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = list(dict.fromkeys(words))
        self._postings: dict[str, list[int]] | None = None
        self._asked: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        if word not in self._asked:
            pool = self.words if len(self.words) <= SMALL else self._shortlist(word)
            match = difflib.get_close_matches(word, pool, n=1, cutoff=CUTOFF)
            self._asked[word] = match[0] if match else None
        return self._asked[word]

    def hint(self, word: str) -> str:
        """' (did you mean 'x'?)' or ''."""
        match = self.closest(word)
        return f" (did you mean '{match}'?)" if match else ""

    def _shortlist(self, word: str) -> list[str]:
        postings = self._index()
        # A piece shared by most ids ("lev" in every "leveranse-…") says little and costs
        # much to count; leave it out unless nothing else is shared.
        common = max(SMALL, len(self.words) // 4)
        lists = [postings[g] for g in _grams(word) if g in postings]
        telling = [ids for ids in lists if len(ids) <= common] or sorted(lists, key=len)[:1]
        counts: Counter[int] = Counter()
        for ids in telling:
            counts.update(ids)
        return [self.words[i] for i, _ in counts.most_common(SHORTLIST)]

    def _index(self) -> dict[str, list[int]]:
        if self._postings is None:
            postings: dict[str, list[int]] = {}
            for i, word in enumerate(self.words):
                for gram in _grams(word):
                    postings.setdefault(gram, []).append(i)
            self._postings = postings
        return self._postings


__all__ = ["Suggester"]
