"""The translation memory: reuse, editors' lines, stale lines, the sidecar format."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from support import SEED

from digest.build import prepare
from digest.errors import InputError
from digest.model import Translation
from digest.pipeline import assign_slugs, run, segment
from digest.pipeline.state import BuildState
from digest.project import Project
from digest.reading import read_seeds
from digest.translation.memory import dump_memory, memory_path, parse_memory, recall, remember


class EchoTranslator:
    """A stand-in engine that records what it was asked to translate."""

    label = "echo 1"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def translate(
        self,
        texts: list[str],
        on_chunk: Callable[[list[int], list[Translation]], None] | None = None,
    ) -> list[Translation]:
        from digest.text.ids import text_hash

        self.asked += texts
        out = [
            Translation(f"EN:{len(t)}", "machine", text_hash(t), "echo", "echo 1", -0.5)
            for t in texts
        ]
        if on_chunk:
            on_chunk(list(range(len(texts))), out)
        return out


def project_of(seeds: Path) -> Project:
    return Project.from_section(seeds.parent, {"seeds": seeds.name})


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in SEED.parent.glob(f"{SEED.stem}*"):
        shutil.copy(path, folder)
    return folder


def test_the_given_seed_is_fully_translated_by_an_editor(seeds: Path) -> None:
    engine = EchoTranslator()
    prepared = prepare(project_of(seeds), lambda: engine)
    assert engine.asked == []
    sentences = prepared.articles[0].sentences
    assert len(sentences) == 14
    assert all(s.translation and s.translation.by == "editor" for s in sentences)
    assert prepared.state.counts.reused == 14 and not prepared.written


def test_rebuild_translates_only_new_sentences_and_keeps_editor_lines(seeds: Path) -> None:
    seed = seeds / SEED.name
    seed.write_text(
        seed.read_text(encoding="utf-8") + "., وهذه فقرة أضيفت اليوم.", encoding="utf-8"
    )
    engine = EchoTranslator()
    prepared = prepare(project_of(seeds), lambda: engine)
    assert engine.asked == ["وهذه فقرة أضيفت اليوم."]
    assert prepared.state.counts.translated == 1
    memory = parse_memory(
        seeds / f"{SEED.stem}.tm.yml", (seeds / f"{SEED.stem}.tm.yml").read_text()
    )
    assert [e.by for e in memory.entries].count("editor") == 14
    assert memory.entries[-1].by == "machine" and memory.entries[-1].package == "echo 1"
    again = EchoTranslator()
    assert (
        prepare(project_of(seeds), lambda: again).state.counts.translated == 0 and again.asked == []
    )


def test_edited_arabic_marks_editor_line_stale_and_never_overwrites_it(seeds: Path) -> None:
    seed = seeds / SEED.name
    text = seed.read_text(encoding="utf-8")
    seed.write_text(
        text.replace("تعزيز التوافق الدولي", "تعزيز التوافق الدولي الواسع"), encoding="utf-8"
    )
    engine = EchoTranslator()
    prepared = prepare(project_of(seeds), lambda: engine)
    assert engine.asked == []
    stale = [s for s in prepared.articles[0].sentences if s.translation and s.translation.stale]
    assert len(stale) == 1
    assert stale[0].translation is not None
    assert stale[0].translation.text.startswith("The source pointed out")
    assert prepared.state.counts.stale == 1
    again = prepare(project_of(seeds), lambda: engine)
    assert sum(1 for s in again.articles[0].sentences if s.translation and s.translation.stale) == 1


def test_removed_sentence_keeps_its_editor_line_in_the_memory(seeds: Path) -> None:
    seed = seeds / SEED.name
    title, body = seed.read_text(encoding="utf-8").split("\n", 1)
    paragraphs = body.strip().split("., ")
    seed.write_text(title + "\n\n" + "., ".join(paragraphs[:-1]) + ".", encoding="utf-8")
    prepare(project_of(seeds), EchoTranslator)
    memory_file = seeds / f"{SEED.stem}.tm.yml"
    memory = parse_memory(memory_file, memory_file.read_text(encoding="utf-8"))
    assert any(e.en.startswith("The Russian-Turkish peace effort") for e in memory.entries)


def test_machine_line_of_a_changed_sentence_is_translated_again(seeds: Path) -> None:
    [article] = run(BuildState(read_seeds(seeds)[0]), [assign_slugs, segment]).articles
    for sentence in article.sentences:
        sentence.translation = Translation("old", "machine", sentence.source_hash, "echo", "echo 1")
    memory = remember(article, None)
    article.paragraphs[0].sentences[0].text += " إضافة."
    for sentence in article.sentences:
        sentence.translation = None
    recall(article, memory)
    assert article.paragraphs[0].sentences[0].translation is None
    assert article.paragraphs[1].sentences[0].translation is not None


def test_memory_round_trips_and_is_deterministic(seeds: Path) -> None:
    path = seeds / f"{SEED.stem}.tm.yml"
    text = path.read_text(encoding="utf-8")
    memory = parse_memory(path, text)
    assert dump_memory(memory) == text
    assert "ماكرون" in text  # Arabic is written as is, not escaped


def test_malformed_memory_is_reported_with_line_and_left_untouched(seeds: Path) -> None:
    path = seeds / f"{SEED.stem}.tm.yml"
    broken = path.read_text(encoding="utf-8").replace("  by: editor\n", "  by: [editor\n", 1)
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_memory(path, broken)
    assert caught.value.problem.line is not None
    prepared = prepare(project_of(seeds), EchoTranslator)
    assert any(p.path == path and p.line for p in prepared.problems)
    assert path.read_text(encoding="utf-8") == broken


def test_memory_path_is_beside_the_seed(seeds: Path) -> None:
    [article] = read_seeds(seeds)[0]
    assert memory_path(article) == seeds / f"{SEED.stem}.tm.yml"


def test_editor_confirms_a_stale_line_by_removing_its_hash(seeds: Path) -> None:
    seed = seeds / SEED.name
    text = seed.read_text(encoding="utf-8")
    seed.write_text(
        text.replace("تعزيز التوافق الدولي", "تعزيز التوافق الدولي الواسع"), encoding="utf-8"
    )
    prepare(project_of(seeds), EchoTranslator)
    path = seeds / f"{SEED.stem}.tm.yml"
    memory = parse_memory(path, path.read_text(encoding="utf-8"))
    [stale] = [e for e in memory.entries if e.en.startswith("The source pointed out")]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = [
        line.replace(stale.en, "The source said the conference also aims at a broad consensus.")
        for line in lines
        if line.strip() != f"source_hash: {stale.source_hash}"
    ]
    path.write_text("".join(edited), encoding="utf-8")
    engine = EchoTranslator()
    prepared = prepare(project_of(seeds), lambda: engine)
    assert engine.asked == [] and prepared.state.counts.stale == 0
    [line] = [
        s.translation
        for s in prepared.articles[0].sentences
        if s.translation and "broad" in s.translation.text
    ]
    assert line.by == "editor" and not line.stale
    stored = parse_memory(path, path.read_text(encoding="utf-8"))
    [entry] = [e for e in stored.entries if "broad" in e.en]
    assert entry.source_hash and "الواسع" in entry.ar
