"""Nothing written where it should not be: hostile slugs, ids and names are made safe or
refused, colliding slugs both survive with stable URLs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

from digest.build import prepare
from digest.project import Project
from digest.text.ids import is_safe_page_path, slugify

BODY = "دعا الرئيس التونسي، اليوم الاثنين، جميع الأطراف إلى الحوار."
HOSTILE_SLUGS = [
    "../../../escaped",
    "/etc/passwd",
    "..\\..\\windows",
    "CON",
    "nul.txt",
    "LPT1",
    'a<b>c:d"e|f?g*h',
    "...",
    "C:\\Users\\x",
    "%2e%2e%2fencoded",
]


def seed(
    folder: Path, name: str, slug: str | None, title: str = "عنوان المقال", day: int = 1
) -> None:
    front = f"slug: {slug!r}\n" if slug is not None else ""
    text = f"---\ntitle: {title}\ndate: 2020-01-{day:02}\n{front}---\n\n{BODY}\n"
    (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("slug", HOSTILE_SLUGS)
def test_slugs_are_safe_file_names(slug: str) -> None:
    made = slugify(slug) or "article"
    assert is_safe_page_path(f"articles/{made}.md"), made


@pytest.mark.parametrize(
    "uri",
    ["../x.md", "/abs.md", "a//b.md", "a/./b.md", "con.md", "a/aux/b.md", "a:b.md", "a\\b.md"],
)
def test_unsafe_page_paths_are_recognised(uri: str) -> None:
    assert not is_safe_page_path(uri)


def test_safe_page_paths_pass() -> None:
    assert is_safe_page_path("articles/tunisia-election-2019.md")
    assert is_safe_page_path("search-index/keys/0627-0644.json")


def slugs(folder: Path) -> dict[str, str]:
    prepared = prepare(Project.from_section(folder, {}), None, save=False)
    return {article.key: article.slug for article in prepared.articles}


def test_colliding_slugs_both_survive_with_stable_urls(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    seed(seeds, "b.md", "election", day=1)
    seed(seeds, "c.md", "Election!", day=2)
    first = slugs(tmp_path)
    assert first["b"] == "election" and first["c"].startswith("election-")
    # A newer article asking for the same slug leaves the existing URLs alone.
    seed(seeds, "a.md", "election", day=3)
    second = slugs(tmp_path)
    assert second["b"] == first["b"] and second["c"] == first["c"]
    assert len(set(second.values())) == 3
    # A date that changes decides again who published first (the same answer twice).
    seed(seeds, "b.md", "election", day=5)
    third, fourth = slugs(tmp_path), slugs(tmp_path)
    assert third["c"] == "election" and third["b"].startswith("election-") and fourth == third


def test_a_hostile_site_writes_only_the_site_and_the_sidecars(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "glossary.yml"):
        shutil.copy(ROOT / name, project / name)
    for folder in ("docs", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    seeds = project / "seeds"
    seeds.mkdir()
    for number, slug in enumerate(HOSTILE_SLUGS):
        seed(seeds, f"hostile-{number}.md", slug, title=f"عنوان رقم {number}")
    for name in ("CON.md", "a b;c'd.md", "-dash.md"):
        seed(seeds, name, None)
    registry = (ROOT / "actors.yml").read_text(encoding="utf-8")
    registry = registry.replace(
        "actors:\n",
        "actors:\n- id: ../../outside\n  type: person\n  en: Outside\n  ar: خارج\n"
        "- id: aux\n  type: person\n  en: Aux\n  ar: أوكس\n",
        1,
    )
    (project / "actors.yml").write_text(registry, encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "digest"), "build", "--no-translate"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "'../../outside', which cannot name a page" in output
    assert "'aux', which cannot name a page" in output
    changed = [
        p.relative_to(project)
        for p in tmp_path.rglob("*")
        if p.is_file() and before.get(p) != p.stat().st_mtime_ns
    ]
    ours = ("site", ".digest-cache")  # (the site, and the cache)
    outside = [p for p in changed if p.parts[0] not in ours and not p.name.endswith(".tm.yml")]
    assert not outside, outside
    assert all(p.parts[0] in ours or p.parent == Path("seeds") for p in changed)
    pages = sorted((project / "site" / "articles").iterdir())
    assert len(pages) == len(HOSTILE_SLUGS) + 3
    assert not (tmp_path / "escaped").exists() and not (project / "outside").exists()
