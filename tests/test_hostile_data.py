"""Hostile data files: YAML bombs, nesting thousands of levels deep, files far too large,
actors.yml of the wrong shape, actor ids that are the site's own pages. Each is refused
at once with one message naming the file (and line or record); the rest is read."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import digest.pipeline.actors
from digest import yamlio
from digest.actors.discover import Candidate
from digest.actors.registry import RESERVED_IDS, Registry, load_registry, parse_registry
from digest.errors import InputError, Problem
from digest.model import Article, Sentence
from digest.pipeline.state import BuildState
from digest.reading import read_seed, read_seed_file
from digest.reading.json_corpus import MAX_DEPTH
from digest.reading.partial import PartialReadError
from digest.site.render import TYPE_PAGES
from digest.translation.glossary import load_glossary
from digest.translation.memory import parse_memory

TITLE = "الرئيس التونسي يدعو إلى الحوار"
BODY = "دعا الرئيس التونسي، اليوم الاثنين، جميع الأطراف إلى الحوار."


def laughs(levels: int, key: str = "lol") -> str:
    """A "billion laughs": each level a list of ten aliases of the one before, so the last
    stands for 10**levels values in a few hundred bytes."""
    lines = [f"{key}0: &{key}0 [" + ", ".join(["lol"] * 10) + "]"]
    for level in range(1, levels):
        aliases = ", ".join([f"*{key}{level - 1}"] * 10)
        lines.append(f"{key}{level}: &{key}{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def refused_in_time(started: float) -> None:
    assert time.perf_counter() - started < 1.0  # refused before it is expanded


def test_a_billion_laughs_is_refused_before_it_is_built() -> None:
    started = time.perf_counter()
    with pytest.raises(yamlio.Refused, match="aliases stand for more than 100,000 values"):
        yamlio.load(laughs(9))
    refused_in_time(started)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 500 + "]" * 500, "nests more than 100 levels deep"),
        ("a: &a " + "[" * 60 + "]" * 60 + "\nb: " + "[" * 50 + "*a" + "]" * 50, "100 levels"),
        ("a: &a [*a]", "an alias inside the collection the alias names"),
        ("a: &a {b: *a}", "an alias inside the collection the alias names"),
        ('a: &a "' + "x" * 100_000 + '"\nb: [' + ", ".join(["*a"] * 200) + "]", "characters"),
    ],
    ids=["deep", "deep-through-an-alias", "self-alias", "self-alias-mapping", "long-text"],
)
def test_yaml_nested_too_deep_or_aliased_into_itself_is_refused(text: str, expected: str) -> None:
    with pytest.raises(yamlio.Refused, match=expected):
        yamlio.load(text)


def test_yaml_within_the_limits_is_read_as_it_is() -> None:
    text = "base: &base {title: Minister}\nroles: [*base, *base]\ndeep: " + "[" * 99 + "]" * 99
    data = yamlio.load(text)
    assert data["roles"] == [{"title": "Minister"}] * 2
    assert yamlio.load(laughs(4)) is not None  # 10,000 values: aliases used, within bounds


def bomb_problem(tmp_path: Path, kind: str) -> Problem:
    """The problem of a file of the given kind holding a million laughs."""
    bomb = laughs(6)
    if kind == "actors.yml":
        path = tmp_path / "actors.yml"
        path.write_text(bomb.replace("lol5:", "not_actors:"), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_registry(path)
        return caught.value.problem
    if kind == "glossary.yml":
        path = tmp_path / "glossary.yml"
        entries = [line.replace(f"lol{n}: ", "- ", 1) for n, line in enumerate(bomb.split("\n"))]
        path.write_text("- ar: حوار\n  en: dialogue\n" + "\n".join(entries), "utf-8")
        with pytest.raises(InputError) as caught:
            load_glossary(path)
        return caught.value.problem
    if kind == "memory":
        path = tmp_path / "seed.tm.yml"
        text = bomb.replace("lol5:", "sentences:")
        with pytest.raises(InputError) as caught:
            parse_memory(path, text)
        return caught.value.problem
    if kind == "front matter":
        path = tmp_path / "seed.md"
        path.write_text(f"---\n{bomb.replace('lol5:', 'title:')}---\n\n{BODY}\n", "utf-8")
    else:  # a sidecar
        path = tmp_path / "seed.txt"
        path.write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
        (tmp_path / "seed.yml").write_text(bomb.replace("lol5:", "source:"), "utf-8")
    articles, problems = read_seed_file(path)
    problems += [p for article in articles for p in article.problems]
    [problem] = problems
    return problem


@pytest.mark.parametrize(
    "kind", ["actors.yml", "glossary.yml", "memory", "front matter", "sidecar"]
)
def test_a_yaml_bomb_in_any_data_file_gives_one_message_naming_it(
    tmp_path: Path, kind: str
) -> None:
    started = time.perf_counter()
    problem = bomb_problem(tmp_path, kind)
    refused_in_time(started)
    assert problem.path.name in ("actors.yml", "glossary.yml", "seed.tm.yml", "seed.md", "seed.yml")
    assert "aliases stand for more than 100,000 values" in problem.message
    assert problem.line is not None and problem.hint


def test_a_yaml_file_over_the_size_limit_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "actors.yml"
    with path.open("wb") as out:
        out.truncate(yamlio.MAX_BYTES + 2**20)  # (sparse: nothing is written)
    with pytest.raises(InputError) as caught:
        load_registry(path)
    problem = caught.value.problem
    assert problem.path == path
    assert f"is refused: it is 65.0 MB, more than the {yamlio.MAX_BYTES // 2**20} MB" in str(
        problem
    )


def test_a_large_translation_memory_is_within_the_size_limit() -> None:
    """A memory is about three times its article: the largest article read makes one far
    below the limit."""
    from digest.reading.decoding import MAX_ARTICLE_BYTES

    seed = Path(__file__).resolve().parent.parent / "seeds" / "000_83f5f90aea9c826b"
    ratio = Path(f"{seed}.tm.yml").stat().st_size / Path(f"{seed}.txt").stat().st_size
    assert 1.5 < ratio < 4
    assert 4 * ratio * MAX_ARTICLE_BYTES < yamlio.MAX_BYTES


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def records(count: int = 3) -> list[dict[str, str]]:
    return [
        {"title": f"{TITLE} {n}", "content": BODY, "url": f"https://e.org/{n}"}
        for n in range(count)
    ]


def test_a_json_record_nested_100000_deep_costs_only_that_record(tmp_path: Path) -> None:
    texts = [json.dumps(r, ensure_ascii=False) for r in records()]
    texts[1] = texts[1][:-1] + f', "tags": {nested(100_000)}}}'
    path = tmp_path / "corpus.json"
    path.write_text("[\n" + ",\n".join(texts) + "\n]\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(PartialReadError) as caught:
        read_seed(path)
    refused_in_time(started)
    assert [a.title for a in caught.value.articles] == [f"{TITLE} 0", f"{TITLE} 2"]
    [problem] = caught.value.problems
    assert (problem.path, problem.record, problem.line) == (path, 2, 3)
    assert f"more than {MAX_DEPTH} levels deep" in problem.message


def test_a_json_corpus_nested_100000_deep_gives_one_message(tmp_path: Path) -> None:
    for name, text in [
        ("array.json", nested(100_000)),
        ("wrapped.json", '{"articles": ' + nested(100_000) + "}"),
    ]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        articles, problems = read_seed_file(path)
        [problem] = problems
        assert not articles and problem.path == path
        assert f"more than {MAX_DEPTH} levels deep" in problem.message


def test_a_json_line_nested_100000_deep_costs_only_that_line(tmp_path: Path) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in records()]
    lines[1] = nested(100_000)
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PartialReadError) as caught:
        read_seed(path)
    assert len(caught.value.articles) == 2
    [problem] = caught.value.problems
    assert (problem.line, problem.record) == (2, 2) and "levels deep" in problem.message


def test_json_nested_within_the_limit_and_brackets_in_text_are_read(tmp_path: Path) -> None:
    corpus = records()
    corpus[0]["content"] = BODY + " [[[[{{{{" * 200 + ' \\"]]]]'
    corpus[1]["tags"] = json.loads(nested(MAX_DEPTH - 2))
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps(corpus, ensure_ascii=False), encoding="utf-8")
    assert len(read_seed(path)) == 3


def test_a_json_number_of_thousands_of_digits_costs_only_its_record(tmp_path: Path) -> None:
    texts = [json.dumps(r, ensure_ascii=False) for r in records()]
    texts[1] = texts[1][:-1] + f', "views": {"9" * 5000}}}'
    for name, text in [
        ("corpus.json", "[\n" + ",\n".join(texts) + "\n]"),
        ("corpus.jsonl", "\n".join(texts)),
    ]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(PartialReadError) as caught:
            read_seed(path)
        assert len(caught.value.articles) == 2
        [problem] = caught.value.problems
        assert problem.record == 2 and "a number too long to read" in problem.message


ENTRY = "- id: x\n  type: person\n  en: X\n  ar: س\n"


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("hello\n", 1, "is text, not a list of actors."),
        ("5\n", 1, "is a number, not a list of actors."),
        ("true\n", 1, "is a yes/no value, not a list of actors."),
        ("actors: 5\n", 1, "gives `actors` as a number, not a list"),
        ("actors: hello\n", 1, "gives `actors` as text, not a list"),
        ("actors:\n  id: x\n", 1, "gives `actors` as a mapping, not a list"),
        ("actor:\n" + ENTRY, 1, "has a section 'actor' it does not know"),
        ("actors:\n- hello\n", 2, "has an actor that is text, not a mapping."),
        ("actors:\n- [x, y]\n", 2, "has an actor that is a list, not a mapping."),
        ("- 5\n", 1, "has an actor that is a number, not a mapping."),
        ("actors:\n- id: [x]\n", 2, "gives `id` as a list, not text."),
        ("actors:\n" + ENTRY.replace("en: X", "en: [X, Y]"), 4, "gives `en` as a list"),
        ("actors:\n" + ENTRY.replace("ar: س", "ar: {a: b}"), 5, "gives `ar` as a mapping"),
        (
            "actors:\n" + ENTRY.replace("type: person", "type: [person]"),
            3,
            "gives `type` as a list",
        ),
        ("actors:\n" + ENTRY + "  description: {a: b}\n", 6, "gives `description` as a mapping"),
        ("actors:\n" + ENTRY + "  wikidata: [Q1]\n", 6, "gives `wikidata` as a list"),
        ("actors:\n" + ENTRY + "  variants_ar: {a: b}\n", 6, "`variants_ar` that is not a list"),
        ("actors:\n" + ENTRY + "  variants_en: [[X]]\n", 6, "`variants_en` that is not a list"),
        ("actors:\n" + ENTRY + "  variants_en: [5]\n", 6, "`variants_en` that is not a list"),
        ("actors:\n" + ENTRY + "  roles: 5\n", 6, "has a role that is a number, not a mapping."),
        ("actors:\n" + ENTRY + "  roles: [President]\n", 6, "has a role that is text"),
        ("actors:\n" + ENTRY + "  roles: [{title: [a]}]\n", 6, "role whose `title` is a list"),
        (
            "actors:\n" + ENTRY + "  roles: [{title: T, organization: {a: b}}]\n",
            6,
            "`organization`",
        ),
        ("actors:\n" + ENTRY + "  roles: [{title: T, from: [2020]}]\n", 2, "`from` is not a date"),
        ("not_actors: 5\n", 1, "gives `not_actors` that is not a list of phrases"),
        ("places: [{a: b}]\n", 1, "gives `places` that is not a list of phrases"),
    ],
)
def test_actors_yml_of_the_wrong_shape_gives_a_problem_with_its_line(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    path = tmp_path / "actors.yml"
    try:
        registry = parse_registry(path, text)
        problems = registry.problems
    except InputError as error:
        problems = [error.problem]
    [problem] = problems
    assert problem.path == path and problem.line == line and problem.hint
    assert expected in problem.message


def test_the_good_entries_of_a_wrong_shaped_actors_yml_are_kept(tmp_path: Path) -> None:
    text = "actors:\n- hello\n" + ENTRY + "- 5\nnot_actors: [بحر الصين]\nplaces: 5\n"
    registry = parse_registry(tmp_path / "actors.yml", text)
    assert [p.line for p in registry.problems] == [2, 7, 9]
    assert "x" in registry.actors and registry.not_actors == ["بحر الصين"]


def test_the_reserved_ids_are_every_page_the_site_makes_under_actors() -> None:
    pages = {page.removeprefix("actors/").removesuffix(".md") for page in TYPE_PAGES.values()}
    assert {"index", *pages} <= RESERVED_IDS


@pytest.mark.parametrize("actor_id", sorted(RESERVED_IDS))
def test_an_actor_id_that_is_a_page_of_the_site_is_refused_with_its_line(
    tmp_path: Path, actor_id: str
) -> None:
    text = "actors:\n" + ENTRY + f"- type: organization\n  id: {actor_id}\n  en: P\n  ar: ب\n"
    registry = parse_registry(tmp_path / "actors.yml", text)
    [problem] = registry.problems
    assert problem.path.name == "actors.yml" and problem.line == 7
    assert f"the site's own page `actors/{actor_id}`" in problem.message
    assert actor_id not in registry.actors and "x" in registry.actors


def test_a_discovered_actor_never_gets_a_reserved_id(monkeypatch: pytest.MonkeyPatch) -> None:
    article = Article("a", Path("a.txt"), "-", [])
    seen = [(article, Sentence("s", "-")), (article, Sentence("t", "-"))]  # (twice: shown)
    names = {
        f"name {n}": Candidate(f"اسم {n}", english, "translation", "organization", list(seen))
        for n, english in enumerate(["Index", "People", "Organizations", "Countries", "Index"])
    }
    monkeypatch.setattr(digest.pipeline.actors, "merge", lambda *args: names)
    state = BuildState([], registry=Registry())
    digest.pipeline.actors.discover_actors(state)
    ids = [actor_id for actor_id, _ in state.candidates.values()]
    assert ids == ["index-2", "people-2", "organizations-2", "countries-2", "index-2-2"]
