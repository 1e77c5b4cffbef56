"""Mapping over items, reusing what a last build made."""

from __future__ import annotations

from digest.parallel import map_new


def test_map_new_makes_only_what_is_not_kept_and_keeps_the_order() -> None:
    made: list[str] = []

    def shout(word: str) -> str:
        made.append(word)
        return word.upper()

    words = ["a", "b", "c", "d", "e"]
    kept = {"b": "kept b", "d": "kept d", "z": "kept z"}
    assert map_new(shout, words, words, kept, processes=1) == ["A", "kept b", "C", "kept d", "E"]
    assert made == ["a", "c", "e"]
    assert map_new(shout, [], [], kept) == []
