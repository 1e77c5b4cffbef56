"""Hostile seed folders: repeated keys, links out of the folder or round in a loop, names at
the file system's limit. Each gets a message naming the file; the rest builds; nothing
outside the seeds folder is read; nothing is translated twice."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from test_memory import EchoTranslator

from digest.build import Prepared, prepare
from digest.project import Project
from digest.store import atomic_write
from digest.text.ids import text_hash

TITLE = "الرئيس التونسي يدعو إلى الحوار"
BODY = (
    "دعا الرئيس التونسي، اليوم الاثنين، جميع الأطراف إلى الحوار.\n\nوقال إن البلاد تمر بمرحلة صعبة."
)
OTHER = "وزير الخارجية يزور القاهرة\n\nوصل وزير الخارجية إلى القاهرة في زيارة رسمية تستغرق يومين.\n"


def build(seeds: Path, engine: EchoTranslator) -> Prepared:
    """A build, with the cache the builds before it left."""
    project = Project.from_section(seeds.parent, {"seeds": seeds.name})
    return prepare(project, lambda: engine)


def messages(prepared: Prepared) -> list[str]:
    return [str(p) for p in prepared.problems if p is not prepared.state.untranslated]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    return folder


def record(url: str, title: str, content: str) -> dict[str, str]:
    return {"url": url, "title": title, "date_extracted": "2015-06-01", "content": content}


def test_records_with_the_same_url_build_once_with_a_message_and_never_hang(seeds: Path) -> None:
    records = [record("https://example.com/same", f"{TITLE} {n}", BODY) for n in range(8)]
    (seeds / "corp.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    prepared = build(seeds, EchoTranslator())
    [article] = prepared.articles
    assert article.record == 0
    repeats = [m for m in messages(prepared) if "repeats the url" in m]
    assert [m.split(":")[0] for m in repeats] == [
        f"{seeds / 'corp.json'} (record {n})" for n in range(2, 9)
    ]
    assert all("(record 1)" in m.split(":", 1)[1] and "own `url`" in m for m in repeats)


@pytest.mark.parametrize(
    "names",
    [("a.txt", "a.md"), ("index.md", "index.txt")],
    ids=["txt-and-md", "index"],
)
def test_seeds_with_one_key_are_reported_and_their_memory_left_alone(
    seeds: Path, names: tuple[str, str]
) -> None:
    first = f"# {TITLE}\n\n{BODY}\n" if names[0].endswith(".md") else f"{TITLE}\n\n{BODY}\n"
    (seeds / names[0]).write_text(first, encoding="utf-8")
    engine = EchoTranslator()
    build(seeds, engine)
    memory = seeds / f"{Path(names[0]).stem}.tm.yml"
    remembered = memory.read_bytes()
    asked = len(engine.asked)
    other = f"# عنوان آخر\n\n{OTHER}" if names[1].endswith(".md") else f"عنوان آخر\n\n{OTHER}"
    (seeds / names[1]).write_text(other, encoding="utf-8")
    for _ in range(2):
        clashing = build(seeds, engine)
        assert clashing.articles == []
        clashes = [m for m in messages(clashing) if "has the same key" in m]
        assert sorted(Path(m.split(":")[0]).name for m in clashes) == sorted(names)
        assert all("Rename one of the two files." in m for m in clashes)
        assert len(engine.asked) == asked and memory.read_bytes() == remembered
    (seeds / names[1]).unlink()
    again = build(seeds, engine)
    assert len(again.articles) == 1
    assert not messages(again) and len(engine.asked) == asked  # all from the memory


def test_a_record_whose_key_is_another_seeds_name_is_reported(seeds: Path) -> None:
    url = "https://example.com/a"
    corpus = [record(url, TITLE, BODY), record("https://example.com/b", "عنوان آخر", OTHER)]
    (seeds / "corp.json").write_text(json.dumps(corpus, ensure_ascii=False), encoding="utf-8")
    (seeds / f"corp-{text_hash(url)[:8]}.txt").write_text(OTHER, encoding="utf-8")
    prepared = build(seeds, EchoTranslator())
    [article] = prepared.articles
    assert article.record == 1
    clashes = [m for m in messages(prepared) if "has the same key" in m]
    assert sorted(m.split(": ")[0] for m in clashes) == sorted(
        [f"{seeds / 'corp.json'} (record 1)", str(seeds / f"corp-{text_hash(url)[:8]}.txt")]
    )


def test_a_seed_added_with_a_cached_seeds_key_is_caught_in_a_rebuild(seeds: Path) -> None:
    (seeds / "a.txt").write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
    engine = EchoTranslator()
    build(seeds, engine)
    asked = len(engine.asked)
    (seeds / "a.md").write_text(f"# عنوان\n\n{OTHER}", encoding="utf-8")
    second = build(seeds, engine)
    assert second.articles == []
    assert len([m for m in messages(second) if "has the same key" in m]) == 2
    (seeds / "a.md").unlink()
    third = build(seeds, engine)
    [article] = third.articles
    assert article.source_path.name == "a.txt" and not messages(third)
    assert len(engine.asked) == asked


def test_check_reports_seeds_with_one_key(seeds: Path) -> None:
    (seeds / "a.txt").write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
    (seeds / "a.md").write_text(f"# {TITLE}\n\n{OTHER}", encoding="utf-8")
    (seeds.parent / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - digest\n")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "digest"), "check"],
        cwd=seeds.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert f"{seeds / 'a.txt'}: has the same key `a`" in done.stdout


def test_a_link_out_of_the_seeds_folder_is_refused_and_never_read(
    seeds: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "passwd"
    secret.write_text(f"root:x:0:0 سر\n\n{BODY}\n", encoding="utf-8")
    (seeds / "passwd.txt").symlink_to(secret)
    (seeds / "good.txt").write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
    outside_meta = tmp_path / "meta.yml"
    outside_meta.write_text("author: root:x:0:0\n", encoding="utf-8")
    (seeds / "good.yml").symlink_to(outside_meta)
    (seeds / "inside.txt").symlink_to(seeds / "good.txt")  # (inside: read as any seed)
    prepared = build(seeds, EchoTranslator())
    found = messages(prepared)
    assert any(m.startswith(f"{seeds / 'passwd.txt'}: is a symbolic link to ") for m in found)
    assert any(m.startswith(f"{seeds / 'good.yml'}: is a symbolic link to ") for m in found)
    texts = [s.text for a in prepared.articles for s in [a.title_sentence, *a.sentences]]
    assert not any("root:x" in t for t in texts)
    assert not any("root" in str(a.author) for a in prepared.articles)
    assert sorted(a.source_path.name for a in prepared.articles) == ["inside.txt"]


def test_a_memory_linked_out_of_the_folder_is_not_read_nor_replaced(
    seeds: Path, tmp_path: Path
) -> None:
    (seeds / "a.txt").write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.tm.yml"
    elsewhere.write_text("sentences: []\n", encoding="utf-8")
    (seeds / "a.tm.yml").symlink_to(elsewhere)
    prepared = build(seeds, EchoTranslator())
    assert any(
        m.startswith(f"{seeds / 'a.tm.yml'}: is a symbolic link") for m in messages(prepared)
    )
    assert elsewhere.read_text(encoding="utf-8") == "sentences: []\n"


def test_a_link_loop_is_reported_and_the_rest_builds(seeds: Path) -> None:
    (seeds / "good.txt").write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
    (seeds / "a.txt").symlink_to(seeds / "b.txt")
    (seeds / "b.txt").symlink_to(seeds / "a.txt")
    (seeds / "gone.txt").symlink_to(seeds / "nothing.txt")
    engine = EchoTranslator()
    first = build(seeds, engine)
    assert [a.source_path.name for a in first.articles] == ["good.txt"]
    looped = [m for m in messages(first) if "leads to no file" in m]
    assert sorted(Path(m.split(":")[0]).name for m in looped) == ["a.txt", "b.txt", "gone.txt"]
    again = build(seeds, engine)  # (a rebuild lists the folder its own way)
    assert [a.source_path.name for a in again.articles] == ["good.txt"]
    assert len([m for m in messages(again) if "leads to no file" in m]) == 3


def test_a_seed_name_at_the_limit_is_translated_and_a_longer_one_refused(seeds: Path) -> None:
    at_limit = "x" * 240 + ".txt"  # 244 bytes: its memory's name is 247
    (seeds / at_limit).write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
    too_long = "ي" * 125 + ".txt"  # 254 bytes: its memory's name would be 257
    (seeds / too_long).write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
    prepared = build(seeds, EchoTranslator())
    assert len(prepared.articles) == 1
    assert (seeds / ("x" * 240 + ".tm.yml")).is_file()
    [refused] = [m for m in messages(prepared) if "name too long" in m]
    assert refused.startswith(str(seeds / too_long)) and "at most 252 bytes" in refused


def test_files_written_again_keep_their_mode_and_new_ones_follow_the_umask(tmp_path: Path) -> None:
    kept = tmp_path / "kept.tm.yml"
    kept.write_text("old\n")
    kept.chmod(0o640)
    atomic_write(kept, "new\n")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.tm.yml", "new\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.tm.yml").stat().st_mode) == 0o644


def test_a_memory_over_the_size_limit_is_refused_before_it_is_read(
    seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (seeds / "a.txt").write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
    (seeds / "a.tm.yml").write_text("sentences: []\n" + "#" * 4096 + "\n", encoding="utf-8")
    monkeypatch.setattr("digest.yamlio.MAX_BYTES", 2048)
    prepared = build(seeds, EchoTranslator())
    assert any(
        m.startswith(f"{seeds / 'a.tm.yml'}: is refused: it is 0.0 MB") for m in messages(prepared)
    )
