"""A build takes from the cache on disk (`.digest-cache/`) every seed that did not change,
and generates exactly what a build from nothing generates."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import get_files
from support import FIXTURES, ROOT, generated
from test_memory import EchoTranslator

import digest.build
import digest.site.render
import digest.stories.threads
from digest.build import prepare
from digest.cache import FOLDER, GENERATED, SEEDS
from digest.errors import ModelMissingError
from digest.project import Project


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


def generate(site: Path, cached: bool = True) -> dict[str, bytes]:
    """The generated files, by a new plugin (as in a new process), with the cache the
    builds before left or (`cached=False`) with none."""
    if not cached:
        shutil.rmtree(site / FOLDER, ignore_errors=True)
    MkDocsConfig.plugins.plugin_cache.clear()
    config = load_config(str(site / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    return {f.src_uri: f.content_bytes for f in files if generated(f)}


def entries(site: Path) -> list[Path]:
    return sorted((site / FOLDER / SEEDS).glob("*.pickle"))


@pytest.mark.parametrize("change", CHANGES)
def test_a_build_after_a_change_generates_what_a_build_from_nothing_does(
    site: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = generate(site)
    seeds = len([p for p in (site / "seeds").iterdir() if p.suffix in (".md", ".txt")])
    assert len(entries(site)) == seeds
    CHANGES[change](site)
    reads: list[Path] = []
    read = digest.build.read_seed_file
    monkeypatch.setattr(digest.build, "read_seed_file", lambda p: reads.append(p) or read(p))
    rendered: list[str] = []
    render = digest.site.render._render
    monkeypatch.setattr(
        digest.site.render, "_render", lambda spec: rendered.append(spec.path) or render(spec)
    )
    again = generate(site)
    assert again != before
    if change in ("a paragraph edited", "an editor's English", "a date changed"):
        assert len(reads) == 1  # the other seeds were taken from the cache
        # (and their articles' pages, export records and search documents)
        assert len([path for path in rendered if path.startswith("articles/")]) == 1
        # (and the pages of the actors it does not name, of the other days and months)
        assert len(rendered) < len([path for path in again if path.endswith(".md")]) / 2
        assert len([path for path in rendered if path.startswith("days/")]) == 1
    if change.startswith(("a new person", "an actor renamed")):
        assert len(set(reads)) == seeds  # everything read again
    monkeypatch.undo()
    cold = generate(site, cached=False)
    assert again.keys() == cold.keys()
    assert [path for path in cold if again[path] != cold[path]] == []
    assert generate(site) == cold  # (and from the cache this build left)


def test_a_build_with_nothing_changed_reads_no_seed_and_renders_no_page(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = generate(site)
    monkeypatch.setattr(digest.build, "read_seed_file", lambda p: pytest.fail(f"read {p}"))
    monkeypatch.setattr(digest.site.render, "_render", lambda s: pytest.fail(f"render {s.path}"))
    for made in ("build_index", "export_files", "search_files", "feeds"):
        monkeypatch.setattr(digest.build, made, lambda *a, m=made, **k: pytest.fail(m))
    assert generate(site) == before  # (the whole site as the last build made it)
    shutil.rmtree(site / FOLDER / GENERATED)
    monkeypatch.undo()
    assert generate(site) == before  # (from each seed's articles' parts)


def test_a_spoilt_or_foreign_entry_is_ignored_and_made_again(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = generate(site)
    first, second, *_ = entries(site)
    first.write_bytes(first.read_bytes()[:-20])  # cut short (a full disk, say)
    shutil.copy(second, second.with_name("0" * 64 + ".pickle"))  # under another key
    data = bytearray(second.read_bytes())
    data[-10] ^= 1  # one bit changed
    second.write_bytes(bytes(data))
    reads: list[Path] = []
    read = digest.build.read_seed_file
    monkeypatch.setattr(digest.build, "read_seed_file", lambda p: reads.append(p) or read(p))
    assert generate(site) == before
    assert len(reads) == 2
    assert not (site / FOLDER / SEEDS / ("0" * 64 + ".pickle")).exists()  # (not this build's)
    assert first.exists() and second.exists()  # written again, whole


def test_an_entry_without_english_is_taken_only_while_there_is_no_model(site: Path) -> None:
    seed = site / "seeds" / "cairo-conference.md"
    touch(seed, seed.read_text("utf-8") + "\n\nجملة جديدة لم تترجم بعد.\n")
    project = Project.from_section(site, {})

    def no_model() -> EchoTranslator:
        raise ModelMissingError()

    assert prepare(project, no_model).state.counts.untranslated == 1
    engine = EchoTranslator()
    assert prepare(project, no_model).state.counts.untranslated == 1
    translated = prepare(project, lambda: engine)
    assert translated.state.counts.untranslated == 0 and engine.asked


def test_the_cache_folder_is_ignored_by_git_and_safe_to_delete(site: Path) -> None:
    before = generate(site)
    (site / FOLDER / "site").mkdir()  # (as another version of digest left it)
    (site / FOLDER / "spellings-0123.json").write_text("{}", "utf-8")
    assert generate(site) == before
    kinds = {".gitignore", "generated", "generated.json", "parts", "seeds", "spellings", "stories"}
    assert {".gitignore", "generated", "seeds"} <= {p.name for p in (site / FOLDER).iterdir()}
    assert {p.name for p in (site / FOLDER).iterdir()} <= kinds
    assert (site / FOLDER / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    shutil.rmtree(site / FOLDER)
    assert generate(site) == before and entries(site)


def test_an_article_that_lost_its_slug_gets_it_back_when_the_other_lets_it_go(site: Path) -> None:
    """Slugs are chosen again from what each article asks for, not from what it was given:
    an article taken from the cache with a suffixed slug asks for its own again."""
    generate(site)
    add(site)  # (asks for "moscow-visit", taken by an older article: it gets a suffix)
    prepare(Project.from_section(site, {}), EchoTranslator)  # (translated: cached from now on)
    added = generate(site)
    assert len([path for path in added if path.startswith("articles/moscow-visit")]) == 2
    older = site / "seeds" / "moscow-visit.md"  # (asks for another slug now)
    touch(older, older.read_text("utf-8").replace("slug: moscow-visit", "slug: moscow-talks"))
    again = generate(site)
    cold = generate(site, cached=False)
    assert "articles/moscow-visit.md" in cold and "articles/moscow-talks.md" in cold
    assert again == cold


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
    """A seed's entry is kept under the seed's bytes from before it was read: an edit made
    while the build runs, after the seed was read, is not taken as seen."""
    generate(site)
    redate(site)
    read = digest.build.read_seed_file

    def read_then_edit(path: Path) -> object:
        articles = read(path)
        if path.name == "cairo-conference.md":  # the editor saves again, just after
            touch(path, path.read_text("utf-8").replace("date: 2020-02-03", "date: 2020-03-05"))
        return articles

    monkeypatch.setattr(digest.build, "read_seed_file", read_then_edit)
    during = generate(site)
    monkeypatch.undo()
    after = generate(site)
    assert after == generate(site, cached=False) and after != during


def test_the_discovered_person_is_there(site: Path) -> None:
    """The change that adds a discovered actor does add one (else its case tests nothing)."""
    before = generate(site)
    new_person(site)
    after = generate(site)
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


def test_a_generated_file_not_as_written_is_written_again(site: Path) -> None:
    """The pages and files MkDocs reads are kept between builds; one changed or cut since,
    or a record of them that is not digest's, is not trusted."""
    before = generate(site)
    folder = site / FOLDER / GENERATED
    page = folder / "articles" / "moscow-visit.md"
    touch(page, "# Not what digest wrote\n")
    (folder / "index.md").write_bytes((folder / "index.md").read_bytes()[:-10])
    (folder / "archive.md").unlink()
    assert generate(site) == before
    outside = site / "keep-me.txt"
    outside.write_text("an editor's file", "utf-8")
    record = site / FOLDER / "generated.json"
    record.write_text('{"../../keep-me.txt": ["x", 16, 0], "index.md": ["y", 1, 0]}', "utf-8")
    assert generate(site) == before
    assert outside.read_text("utf-8") == "an editor's file"


def test_a_dirty_rebuild_converts_only_the_pages_digest_wrote_again(
    site: Path, tmp_path: Path
) -> None:
    """`mkdocs serve --dirty`: the generated pages digest did not write again keep their
    time, so MkDocs neither converts nor writes them again."""
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "built"))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config)
    pages = {path: path.stat().st_mtime_ns for path in (tmp_path / "built").rglob("*.html")}
    edit(site)
    build(config, dirty=True)
    again = {
        path.relative_to(tmp_path / "built").as_posix()
        for path, time in pages.items()
        if path.stat().st_mtime_ns != time
    }
    assert "articles/moscow-visit/index.html" in again
    assert "articles/tunisia-election-2019/index.html" not in again
    assert len(again) < len(pages) / 2
    page = tmp_path / "built" / "articles" / "moscow-visit" / "index.html"
    assert "لمناقشة الأزمة" in page.read_text("utf-8")


def test_an_article_added_after_the_others_continues_the_kept_grouping(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(site)
    original = (site / "seeds" / "benghazi-forces.md").read_text("utf-8")
    reprint = original.replace("2020-01-17", "2020-01-18").replace(
        "slug: benghazi-forces", "slug: benghazi-reprint"
    )
    touch(site / "seeds" / "benghazi-reprint.md", reprint)
    made: list[object] = []
    grouping = digest.stories.threads.Grouping
    monkeypatch.setattr(digest.stories.threads, "Grouping", lambda: made.append(1) or grouping())
    again = generate(site)
    assert made == []  # (the kept grouping was continued: nothing grouped again)
    assert b"benghazi-reprint" in again["stories/benghazi-forces.md"]
    monkeypatch.undo()
    assert again == generate(site, cached=False)
