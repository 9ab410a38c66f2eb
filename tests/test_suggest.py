"""'Did you mean': the suggestion index picks what difflib would, without asking every id."""

from __future__ import annotations

import difflib
import random

import pytest

from veikart.roadmap.suggest import SMALL, Suggester

IDS = [f"leveranse-{j:04d}" for j in range(1_000)] + [
    "pll-utproving-vest",
    "kj-dokumentdeling",
    "sfm-basis-api",
    "tjeneste-0312",
]


def ratio(a: str, b: str | None) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio() if b else 0.0


def near_misses(n: int) -> list[str]:
    rng = random.Random(3)
    words = []
    for _ in range(n):
        word = rng.choice(IDS)
        i = rng.randrange(len(word))
        words.append(rng.choice([word[:i] + word[i + 1 :], word[:i] + "x" + word[i + 1 :], word + "s"]))
    return words


@pytest.mark.parametrize(
    "word", [*near_misses(30), "pll-utproving", "kj-dokumentdelin", "sfm-api", "helt-annet"]
)
def test_large_sets_get_a_suggestion_as_good_as_difflibs(word: str):
    assert len(IDS) > SMALL  # the index is used, not difflib over everything
    best = difflib.get_close_matches(word, IDS, n=1, cutoff=0.6)
    ours = Suggester(IDS).closest(word)
    assert (ours is None) == (not best)
    if best:  # ties may pick a different id of the same likeness
        assert ratio(word, ours) == pytest.approx(ratio(word, best[0]))


def test_small_sets_are_difflib_exactly():
    keys = ["id", "name", "area", "audiences", "owner", "critical"]
    for word in ("critcal", "naem", "are", "xyz"):
        expected = difflib.get_close_matches(word, keys, n=1, cutoff=0.6)
        assert Suggester(keys).closest(word) == (expected[0] if expected else None)


def test_hint_wording_and_repeated_questions():
    suggester = Suggester(IDS)
    assert suggester.hint("sfm-basis-apii") == " (did you mean 'sfm-basis-api'?)"
    assert suggester.hint("sfm-basis-apii") == " (did you mean 'sfm-basis-api'?)"
    assert suggester.hint("q") == ""
