"""`mkdocs serve` rebuilds after a change reuse what did not change, and generate exactly
what a build from nothing generates."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files
from support import FIXTURES, ROOT
from test_memory import EchoTranslator

import digest.actors.discover
import digest.adapters.plugin
import digest.build
import digest.packed_file
import digest.site.render
from digest.actors.discover import name_in_english
from digest.adapters.plugin import DigestPlugin, SearchWritten
from digest.build import prepare
from digest.packed_file import PackedFile
from digest.pipeline.state import Counts
from digest.project import Project
from digest.reuse import Reuse, SeedRecord


def contents(files: Files, plugin: DigestPlugin) -> dict[str, str]:
    """What the plugin generated: the files it added, and those no page links to."""
    added = {f.src_uri: f.content_string for f in files if f.generated_by and not f.abs_src_path}
    return added | {uri: text.text() for uri, text in plugin.unlinked_files().items()}


def touch(path: Path, text: str) -> None:
    """Write, and move the modification time on (a quick edit may keep the same time)."""
    path.write_text(text, "utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def edit(site: Path) -> None:
    seed = site / "seeds" / "moscow-visit.md"
    touch(seed, seed.read_text("utf-8").replace("لبحث الأزمة", "لمناقشة الأزمة"))


def redate(site: Path) -> None:
    seed = site / "seeds" / "cairo-conference.md"
    touch(seed, seed.read_text("utf-8").replace("date: 2020-01-15", "date: 2020-02-03"))


def add(site: Path) -> None:
    text = (FIXTURES / "search" / "benghazi-forces.md").read_text("utf-8")
    text = text.replace("slug: benghazi-forces", "slug: moscow-visit")  # a slug already taken
    touch(site / "seeds" / "another.md", text.replace("2020-01-17", "2020-01-18"))


def take_slug(site: Path) -> None:
    seed = site / "seeds" / "tunisia-election.md"  # (older: the slug becomes its own)
    text = seed.read_text("utf-8")
    touch(seed, text.replace("slug: tunisia-election-2019", "slug: moscow-visit"))


def delete(site: Path) -> None:
    (site / "seeds" / "benghazi-forces.md").unlink()


def editor_english(site: Path) -> None:
    memory = site / "seeds" / "tunisia-election.tm.yml"
    text = memory.read_text("utf-8")
    first = text.index("en: ")
    end = text.index("\n", first)
    touch(memory, text[:first] + 'en: "Edited by an editor."\n  by: editor' + text[end:])


def new_person(site: Path) -> None:
    seed = site / "seeds" / "cairo-conference.md"
    added = "\n\nوقال المتحدث باسم الوزارة أحمد حافظ إن المؤتمر سيعقد في موعده.\n"
    touch(seed, seed.read_text("utf-8") + added)


def registry(site: Path) -> None:
    actors = site / "actors.yml"
    touch(actors, actors.read_text("utf-8").replace("en: Khalifa Haftar", "en: Khalifa Hafter"))


CHANGES: dict[str, Callable[[Path], None]] = {
    "a paragraph edited": edit,
    "a date changed": redate,
    "an article added, asking for a slug already taken": add,
    "an older article asks for a newer one's slug": take_slug,
    "an article deleted": delete,
    "an editor's English": editor_english,
    "a new person named (the discovered actors change)": new_person,
    "an actor renamed in the registry": registry,
}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo site with more articles, all translated (by a stand-in engine)."""
    for name in ("mkdocs.yml", "actors.yml", "glossary.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("docs", "templates", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(FIXTURES / "articles" / "tunisia-election.md", tmp_path / "seeds")
    for path in (FIXTURES / "search").glob("*.md"):
        shutil.copy(path, tmp_path / "seeds")
    prepare(Project.from_section(tmp_path, {}), EchoTranslator)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return tmp_path


def generate(site: Path, config: MkDocsConfig | None = None) -> tuple[MkDocsConfig, dict[str, str]]:
    """The generated files: by the plugin of `config`, kept from a previous build as
    `mkdocs serve` keeps it, or by a new one."""
    if config is None:
        MkDocsConfig.plugins.plugin_cache.clear()  # as in a new process: a new plugin
        config = load_config(str(site / "mkdocs.yml"))
        config.plugins.on_startup(command="serve", dirty=False)
        config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    return config, contents(files, config.plugins["digest"])


@pytest.mark.parametrize("change", CHANGES)
def test_a_rebuild_after_a_change_generates_what_a_build_from_nothing_does(
    site: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, before = generate(site)
    CHANGES[change](site)
    reads: list[Path] = []
    rendered: list[str] = []
    read = digest.build.read_seed_file
    render = digest.site.render._render
    monkeypatch.setattr(digest.build, "read_seed_file", lambda p: reads.append(p) or read(p))
    monkeypatch.setattr(
        digest.site.render,
        "_render",
        lambda spec: rendered.append(spec.path) or render(spec),
    )

    _, again = generate(site, config)
    assert again != before
    seeds = len([p for p in (site / "seeds").iterdir() if p.suffix in (".md", ".txt")])
    if change in ("a paragraph edited", "an editor's English", "a date changed"):
        assert len(reads) == 1  # the other seeds were taken as the last build left them
        assert 0 < len(rendered) < len(before) / 3
    if change == "a paragraph edited":  # the pages of actors named in other paragraphs only
        others = {"actors/egypt.md", "actors/united-arab-emirates.md", "actors/france.md"}
        assert others <= before.keys() and not others & set(rendered)
    monkeypatch.undo()
    _, cold = generate(site)
    assert again.keys() == cold.keys()
    for path in cold:
        assert again[path] == cold[path], path
    if change.startswith(("a new person", "an actor renamed")):
        assert len(set(reads)) == seeds  # everything read again


def test_an_article_that_lost_its_slug_gets_it_back_when_the_other_lets_it_go(site: Path) -> None:
    """Slugs are chosen again from what each article asks for, not from what it was given:
    an article kept from the last build with a suffixed slug asks for its own again."""
    config, _ = generate(site)
    add(site)  # (asks for "moscow-visit", taken by an older article: it gets a suffix)
    prepare(Project.from_section(site, {}), EchoTranslator)  # (translated: kept from now on)
    _, added = generate(site, config)
    assert len([path for path in added if path.startswith("articles/moscow-visit")]) == 2
    older = site / "seeds" / "moscow-visit.md"  # (asks for another slug now)
    touch(older, older.read_text("utf-8").replace("slug: moscow-visit", "slug: moscow-talks"))
    _, again = generate(site, config)
    _, cold = generate(site)
    assert "articles/moscow-visit.md" in cold and "articles/moscow-talks.md" in cold
    assert again.keys() == cold.keys()
    assert [path for path in cold if again[path] != cold[path]] == []


def test_quotations_gathered_by_runs_list_what_they_list_gathered_at_once(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs of two articles: a rebuild takes the runs whose articles are as they were,
    and after an edit, a move in the order and an article added, lists what a build from
    nothing lists."""
    monkeypatch.setattr(digest.site.render, "QUOTE_RUN", 2)
    seed = site / "seeds" / "tunisia-election.md"  # (the article with the most quotations)

    def requote(site: Path) -> None:
        touch(seed, seed.read_text("utf-8").replace("الشباب صنعوا", "الشباب وحدهم صنعوا"))

    def newest_with_quotes(site: Path) -> None:
        text = seed.read_text("utf-8").replace("2019-10-14", "2020-02-01")
        touch(site / "seeds" / "newest.md", text.replace("slug: tunisia-election-2019", ""))

    config, _ = generate(site)
    for change in (requote, edit, redate, newest_with_quotes, add):
        change(site)
        _, again = generate(site, config)
        _, cold = generate(site)
        quotes = [path for path in cold if path.startswith(("quotes", "actors/"))]
        assert len(quotes) > 10
        assert [path for path in quotes if again.get(path) != cold[path]] == []


def test_on_one_core_a_rebuild_makes_the_index_at_once_and_the_same_files(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no core to spare, the other process's work is done at once in the build's
    process, which then holds the memos it changed itself: the same files come out."""
    monkeypatch.setattr(digest.adapters.plugin, "cores", lambda: 1)
    config, _ = generate(site)
    edit(site)
    _, again = generate(site, config)
    made = config.plugins["digest"]._last[4].job
    assert not made.running and isinstance(made.result(), SearchWritten)
    _, cold = generate(site)
    assert again.keys() == cold.keys()
    assert [path for path in cold if again[path] != cold[path]] == []


def test_a_build_removes_what_a_killed_write_left_among_the_seeds(site: Path) -> None:
    stale = site / "seeds" / ".moscow-visit.tm.yml.k3x9q1.tmp"
    stale.write_text("en: half a memo", "utf-8")
    kept = site / "seeds" / ".notes.txt"  # hidden, but not one of digest's temporaries
    kept.write_text("the editor's own", "utf-8")
    generate(site)
    assert not stale.exists() and kept.exists()


def test_a_seed_changed_while_a_build_reads_it_is_read_again_next_time(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamps a seed's record keeps are those from before it was read: an edit made
    while the build runs, after the seed was read, is not taken as seen."""
    config, _ = generate(site)
    redate(site)  # (an edit that leaves every sentence with its English: the seed is kept)
    read = digest.build.read_seed_file

    def read_then_edit(path: Path) -> object:
        articles = read(path)
        if path.name == "cairo-conference.md":  # the editor saves again, just after
            touch(path, path.read_text("utf-8").replace("date: 2020-02-03", "date: 2020-03-05"))
        return articles

    monkeypatch.setattr(digest.build, "read_seed_file", read_then_edit)
    _, during = generate(site, config)
    monkeypatch.undo()
    _, after = generate(site, config)
    _, cold = generate(site)
    assert after == cold and after != during


def test_the_records_kept_are_those_whose_files_are_as_they_found_them() -> None:
    """`Reuse.kept`, over the files of every record at once as records are added and
    forgotten, never keeps a record whose files changed (present files changed or gone,
    absent files there), and keeps every other, except those of a file two records found
    different (both are read again, and then agree). What the records' articles hold
    together (introductions, revisions) stays that of the records kept."""
    rng = random.Random(5)
    names = [f"f{n}" for n in range(12)]
    disk: dict[str, tuple[int, int]] = {}

    def touch_some() -> None:
        for name in rng.sample(names, 2):
            if rng.random() < 0.3:
                disk.pop(name, None)
            else:
                disk[name] = (rng.randint(1, 3), rng.randint(1, 3))

    def record(seed: Path) -> SeedRecord:
        mine = rng.sample(names, 4)
        present = frozenset((name, disk[name]) for name in mine if name in disk)
        absent = frozenset(name for name in mine if name not in disk)
        counts = Counts(reused=rng.randint(0, 9), flagged=rng.randint(0, 3))
        counts.flags.update(rng.sample(["loop", "name", "short"], rng.randint(0, 2)))
        size = rng.randint(1, 3)
        articles: list[Any] = [object() for _ in range(size)]  # (only their identity counts)
        idents: list[tuple[Path, int | None]] = [(seed, n) for n in range(size)]
        found: list[list[Any]] = [[object()] for _ in range(size)]
        revisions = [rng.randint(1, 10**6) for _ in range(size)]
        return SeedRecord(present, absent, articles, [], found, revisions, idents, counts)

    reuse = Reuse()
    seeds = [Path(f"seeds/s{n}.md") for n in range(8)]
    for _ in range(400):
        touch_some()
        seed = rng.choice(seeds)
        if seed in reuse.seeds and rng.random() < 0.5:
            reuse.forget(seed)
        elif seed not in reuse.seeds:
            reuse.add(seed, record(seed))
        files = dict(disk)
        unchanged = {
            seed
            for seed, made in reuse.seeds.items()
            if made.present <= set(files.items()) and made.absent.isdisjoint(files)
        }
        seen: dict[str, set[tuple[int, int]]] = {}
        for made in reuse.seeds.values():
            for name, stamp in [*made.present, *((name, (-1, -1)) for name in made.absent)]:
                seen.setdefault(name, set()).add(stamp)
        disputed = {
            seed
            for seed, made in reuse.seeds.items()
            if any(len(seen[name]) > 1 for name in [*dict(made.present), *made.absent])
        }
        kept = reuse.kept(list(reuse.seeds), files)
        assert {seed for seed, made in kept.items() if made} == unchanged - disputed
        assert all(kept[seed] is reuse.seeds[seed] for seed in unchanged - disputed)
        # Told which names changed since the records were made (and a few others), the
        # same records are kept.
        differ = {n for n, stamp in reuse.stamps.items() if files.get(n, (-1, -1)) != stamp}
        told = differ | set(rng.sample(names, 3))
        assert reuse.kept(list(reuse.seeds), files, told) == kept
        carried = Reuse()
        carried.carry(reuse, [s for s in reuse.seeds if rng.random() < 0.7])
        assert not reuse.seeds and not reuse.stamps  # taken over, not shared
        fresh = Reuse()
        for seed, made in carried.seeds.items():
            fresh.add(seed, made)
        assert (carried.stamps, carried.owners.keys()) == (fresh.stamps, fresh.owners.keys())
        assert carried.counts == fresh.counts
        kept_records = list(carried.seeds.values())
        assert carried.introductions == {
            ident: names
            for r in kept_records
            for ident, names in zip(r.idents, r.found, strict=True)
        }
        assert carried.revisions == {
            id(a): number
            for r in kept_records
            for a, number in zip(r.articles, r.revisions, strict=True)
        }
        assert (carried.introductions, carried.revisions) == (fresh.introductions, fresh.revisions)
        reuse = carried


def test_the_discovered_person_is_there(site: Path) -> None:
    """The change that adds a discovered actor does add one (else its case tests nothing)."""
    _, before = generate(site)
    new_person(site)
    _, after = generate(site)
    assert len([p for p in after if p.startswith("actors/")]) > len(
        [p for p in before if p.startswith("actors/")]
    )


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith("sitemap")
    }


def test_a_second_mkdocs_build_in_the_same_process_writes_what_a_first_would(
    site: Path, tmp_path: Path
) -> None:
    """`mkdocs serve` builds again with the plugin (and the generated files) it kept."""
    kept = load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "kept"))
    kept.plugins.on_startup(command="serve", dirty=False)
    build(kept)
    edit(site)
    build(kept)
    MkDocsConfig.plugins.plugin_cache.clear()  # as in a new process: a new plugin
    cold = load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "cold"))
    build(cold)
    again, fresh = site_files(tmp_path / "kept"), site_files(tmp_path / "cold")
    assert sorted(set(again) ^ set(fresh)) == []
    assert [path for path in fresh if again[path] != fresh[path]] == []
    assert "لمناقشة الأزمة" in (
        tmp_path / "kept" / "articles" / "moscow-visit" / "index.html"
    ).read_text("utf-8")


def test_a_dirty_rebuild_writes_only_what_changed_and_the_same_site(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mkdocs serve --dirty`: the generated files the last build wrote unchanged are left
    as they are, the others are written again by their changes (every one here, however
    small; the index and the exports in the other process, once), and the site is what a
    build from nothing writes."""
    monkeypatch.setattr(digest.packed_file, "SPLICE_FROM", 0)
    record = tmp_path / "spliced.txt"  # (files are written in another process too)
    record.touch()
    splice, copy = PackedFile._write_changes, PackedFile.copy_file

    def note(*words: object) -> None:
        with record.open("a", encoding="utf-8") as noted:
            noted.write(" ".join(map(str, words)) + "\n")

    def spliced(self: PackedFile, path: str, output: BinaryIO) -> bool:
        return splice(self, path, output) and not note("spliced", path)

    def copied(self: PackedFile, dirty: bool = False) -> None:
        copy(self, dirty)
        if not self.src_uri.endswith(".xml"):  # (not a feed: MkDocs writes those)
            note("written", self.src_uri, os.getpid())

    monkeypatch.setattr(PackedFile, "_write_changes", spliced)
    monkeypatch.setattr(PackedFile, "copy_file", copied)
    kept = load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "kept"))
    kept.plugins.on_startup(command="serve", dirty=True)
    build(kept, dirty=True)
    assert "spliced" not in record.read_text("utf-8")  # nothing written before
    record.write_text("", "utf-8")
    written = {p: p.stat().st_mtime_ns for p in (tmp_path / "kept").rglob("*") if p.is_file()}
    edit(site)
    build(kept, dirty=True)
    rewritten = [p for p, stamp in written.items() if p.stat().st_mtime_ns != stamp]
    assert 0 < len(rewritten) < len(written) / 10
    notes = [line.split() for line in record.read_text("utf-8").splitlines()]
    assert any(path.endswith("digest.json") for kind, path, *_ in notes if kind == "spliced")
    writes = [(uri, int(pid)) for _, uri, pid in (n for n in notes if n[0] == "written")]
    assert "digest.json" in dict(writes) and len(set(writes)) == len(writes)
    assert all(pid != os.getpid() for _, pid in writes)
    # The index was made there too, and only its files that changed came back.
    sent = kept.plugins["digest"]._last[4].job.result()
    assert isinstance(sent, SearchWritten)
    came_back = {uri for uri, file in sent.written.items() if file is not None}
    assert came_back == {uri for uri, _ in writes if uri.startswith("search-index/")}
    assert 0 < len(came_back) < len(sent.written) / 2
    MkDocsConfig.plugins.plugin_cache.clear()  # as in a new process: a new plugin
    cold = load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "cold"))
    build(cold)
    again, fresh = site_files(tmp_path / "kept"), site_files(tmp_path / "cold")
    # A dirty build removes nothing: a file no longer generated (here a shard of the
    # index whose word the edit took out, which the index no longer points to) stays.
    assert sorted(set(fresh) - set(again)) == []
    assert [path for path in fresh if again[path] != fresh[path]] == []


@pytest.mark.parametrize(
    ("change", "merged_again"), [(edit, False), (new_person, True), (add, True)]
)
def test_discovery_takes_the_last_builds_candidates_when_the_names_are_the_same(
    site: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], None], merged_again: bool
) -> None:
    """After an edit that leaves the names the articles introduce as they were, the
    candidates are the last build's, with the edited article's evidence: what merging
    every article's names gives."""
    project = Project.from_section(site, {})
    last = prepare(project, EchoTranslator)
    change(site)
    merges = []
    merge = digest.actors.discover.merge
    monkeypatch.setattr(digest.actors.discover, "merge", lambda f: merges.append(1) or merge(f))
    prepared = prepare(project, EchoTranslator, previous=last.reuse)
    assert bool(merges) == merged_again
    state = prepared.state
    again = merge((article, state.found[article.ident]) for article in state.articles)
    got = {key: candidate for key, (_, candidate) in state.candidates.items()}
    assert got.keys() == again.keys() and len(got) > 2
    for key, candidate in got.items():
        assert (candidate.ar, candidate.en, candidate.type) == (
            again[key].ar,
            name_in_english(again[key]).en,  # (given to the candidates shown)
            again[key].type,
        )
        assert [(id(a), id(s)) for a, s in candidate.evidence] == [
            (id(a), id(s)) for a, s in again[key].evidence
        ]
