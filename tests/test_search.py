"""The search index: folding, clitics, actor names, and the Arabic cases of cases.yml."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import FIXTURES, ROOT

from digest.actors.index import build_index as build_actor_index
from digest.build import prepare
from digest.outputs.search import (
    CHUNK_DOCS,
    INDEX_DIR,
    fold,
    index_keys,
    query_keys,
    search_files,
    shard_name,
    words,
)
from digest.project import Project

SEARCH = FIXTURES / "search"
CASES = yaml.safe_load((SEARCH / "cases.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index() -> dict[str, str]:
    section = {"seeds": str(SEARCH), "actors": str(ROOT / "actors.yml")}
    prepared = prepare(Project.from_section(ROOT, section), None, save=False)
    assert len(prepared.articles) == 3
    actors = prepared.state.actors
    entries = build_actor_index(prepared.articles, actors)
    return search_files(prepared.articles, actors, entries)


def look_up(files: dict[str, str], query: str) -> set[str]:
    """Pages holding every word of the query (any of its keys, exactly or as a prefix of 3+
    letters) in their title or any paragraph, the way the page's script looks them up:
    block by block, ids offset by the block's first, pages by where they start."""
    meta = json.loads(files[f"{INDEX_DIR}/meta.json"])
    starts = meta["page_starts"]
    found: set[str] | None = None
    for keys in query_keys(query):  # (a word: any of its keys)
        pages = set()
        for key, block in ((key, block) for key in keys for block in meta["blocks"]):
            path = f"{INDEX_DIR}/{block['name']}/keys/{shard_name(key)}.json"
            shard = json.loads(files.get(path, "{}"))
            for candidate, docs in shard.items():
                if candidate == key or (len(key) >= 3 and candidate.startswith(key)):
                    pages |= {
                        page_at(files, meta, max(s for s in starts if s <= block["offset"] + doc))
                        for doc in docs
                    }
        found = pages if found is None else found & pages
    return found or set()


def page_at(files: dict[str, str], meta: dict[str, Any], doc: int) -> str:
    """The name of the page a document (its id across the blocks) belongs to."""
    block = max((b for b in meta["blocks"] if b["offset"] <= doc), key=lambda b: b["offset"])
    local = doc - block["offset"]
    chunk = json.loads(files[f"{INDEX_DIR}/{block['name']}/docs/{local // CHUNK_DOCS}.json"])
    return page_name(chunk[local % CHUNK_DOCS][0])


def page_name(url: str) -> str:
    """`articles/<slug>/#p-…` → `<slug>`; `actors/<id>/` → `actor:<id>`."""
    kind, name = url.partition("#")[0].strip("/").split("/")[:2]
    return f"actor:{name}" if kind == "actors" else name


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_arabic_search_cases(index: dict[str, str], case: dict[str, object]) -> None:
    found = look_up(index, str(case["query"]))
    assert set(case["finds"]) <= found, found  # type: ignore[arg-type]
    assert not set(case.get("misses", [])) & found, found  # type: ignore[call-overload]


def test_folding_takes_marks_hamza_and_letter_variants_off() -> None:
    assert fold("مُؤْتَمَرًا") == fold("موتمرا") == "موتمرا"
    assert fold("أإآٱ") == "اااا"
    assert fold("مستشفى القاهرة") == "مستشفي القاهره"
    assert fold("ﻻ") == "لا"  # presentation form
    assert fold("٢٠٢٠ ۱۹") == "2020 19"
    assert fold("Café ÉTÉ") == "cafe ete"
    assert fold("الـــرئيس") == "الرييس"


def test_arabic_punctuation_separates_words() -> None:
    assert words("موسكو،التقى؛ هل؟نعم") == ["موسكو", "التقي", "هل", "نعم"]


def test_words_are_filed_without_their_clitics() -> None:
    assert index_keys("والرييس") == {"والرييس", "رييس"}
    assert index_keys("بفرنسا") == {"بفرنسا", "فرنسا"}
    assert "رييس" in index_keys("للرييس")
    assert index_keys("وهو") == {"وهو", "هو"}
    # A stem is at least two letters long.
    assert index_keys("بل") == {"بل"}
    assert index_keys("الا") == {"الا"}


def test_query_drops_stop_words_and_the_article() -> None:
    assert query_keys("في القاهرة") == [["قاهره"]]
    assert query_keys("the Libyan talks") == [["libyan"], ["talks"]]
    assert query_keys("وبالقاهرة") == [["وبالقاهره", "بالقاهره", "قاهره"]]


def test_index_is_split_into_shards_and_chunks(index: dict[str, str]) -> None:
    meta = json.loads(index[f"{INDEX_DIR}/meta.json"])
    shards = [path for path in index if "/keys/" in path]
    assert len(shards) >= len(meta["shards"]) > 10
    assert meta["page_starts"][0] == 0 and meta["page_starts"] == sorted(meta["page_starts"])
    for path in shards:
        name = Path(path).stem
        assert all(shard_name(key) == name for key in json.loads(index[path]))
    for block in meta["blocks"]:  # the bitmap names exactly the block's shards
        has = {
            name
            for n, name in enumerate(meta["shards"])
            if int(block["has"][n // 4], 16) >> (n % 4) & 1
        }
        assert has == {Path(path).stem for path in shards if path.split("/")[1] == block["name"]}


def test_article_text_is_stored_as_data(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "payload.md").write_text(
        '---\ntitle: "<script>alert(1)</script> عنوان"\ndate: 2020-01-01\n---\n\n'
        "نص <img src=x onerror=alert(2)> عربي.\n",
        encoding="utf-8",
    )
    prepared = prepare(Project.from_section(tmp_path, {}), None, save=False)
    files = search_files(prepared.articles, {}, {})
    chunk = json.loads(files[f"{INDEX_DIR}/0/docs/0.json"])
    assert chunk[0][2] == "<script>alert(1)</script> عنوان"
    assert chunk[1][3] == "نص <img src=x onerror=alert(2)> عربي."
