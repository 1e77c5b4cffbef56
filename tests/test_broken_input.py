"""Broken seeds: each gives one clear message naming the file, and the others still build."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, SEED, render_site

from digest.build import prepare
from digest.errors import InputError, Problem
from digest.model import Translation
from digest.project import Project
from digest.reading import read_seed, read_seeds
from digest.reading.decoding import MAX_ARTICLE_BYTES
from digest.reading.partial import PartialReadError
from digest.site.render import make_environment
from digest.translation.pieces import MAX_PIECE_CHARS

TITLE = "الرئيس التونسي يدعو إلى الحوار"
BODY = (
    "دعا الرئيس التونسي، اليوم الاثنين، جميع الأطراف إلى الحوار.\n\nوقال إن البلاد تمر بمرحلة صعبة."
)
ARTICLE = f"{TITLE}\n\n{BODY}\n"


def problem_of(path: Path) -> Problem:
    """The one problem reading the file gives (as an error or next to its articles)."""
    try:
        articles = read_seed(path)
    except PartialReadError as partial:
        [problem] = partial.problems
        return problem
    except InputError as error:
        return error.problem
    [problem] = [p for article in articles for p in article.problems]
    return problem


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "is empty."),
        (b" \n\n\t\n", "is empty."),
        (f"{TITLE}\n".encode(), "has a title but no body."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image, not text."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "is a PDF document, not text."),
        (b"title\n\x00\x01\x02\x03binary", "holds binary data (a NUL byte at byte 6)"),
        (b"\xd8\xb9\xd9\x86\n\n\xc3\x28 \xa0\xa1", "is not valid UTF-8 (byte 6)"),
    ],
    ids=["empty", "blank", "title-only", "png", "pdf", "binary", "invalid-utf8"],
)
def test_unusable_seed_gives_one_message_naming_file_and_what_to_do(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    path = write(tmp_path, "seed.txt", data)
    problem = problem_of(path)
    assert problem.path == path
    assert expected in problem.message
    assert problem.hint  # says what to do


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    data = ARTICLE.encode() + b"\xc3\x28 \xa0\xa1 broken\n"
    problem = problem_of(write(tmp_path, "seed.txt", data))
    assert problem.line == ARTICLE.count("\n") + 1
    assert "Save the file as UTF-8" in problem.hint


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be-bom", "utf-32"])
def test_unicode_with_a_byte_order_mark_is_read_as_it_is(tmp_path: Path, encoding: str) -> None:
    if encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be")
    else:
        data = ARTICLE.encode(encoding)
    [article] = read_seed(write(tmp_path, "seed.txt", data))
    assert article.title == TITLE
    assert len(article.body) == 2
    assert not article.problems


def test_windows_1256_is_read_and_the_message_says_how_to_convert(tmp_path: Path) -> None:
    path = write(tmp_path, "legacy.txt", ARTICLE.encode("cp1256"))
    [article] = read_seed(path)
    assert article.title == TITLE
    assert article.body == BODY.split("\n\n")
    [problem] = article.problems
    assert "Windows-1256" in problem.message
    assert "iconv -f CP1256 -t UTF-8 legacy.txt" in problem.hint


@pytest.mark.parametrize("encoding", ["UTF-16LE", "UTF-16BE"])
def test_utf_16_without_a_byte_order_mark_is_read_and_the_message_says_how_to_convert(
    tmp_path: Path, encoding: str
) -> None:
    path = write(tmp_path, "exported.txt", ARTICLE.encode(encoding))
    [article] = read_seed(path)
    assert article.title == TITLE
    assert article.body == BODY.split("\n\n")
    [problem] = article.problems
    assert f"is UTF-16 ({encoding}) without a byte order mark" in problem.message
    assert f"iconv -f {encoding} -t UTF-8 exported.txt" in problem.hint


def test_english_in_utf_16_without_a_byte_order_mark_is_read_too(tmp_path: Path) -> None:
    text = "Tunisian president calls for dialogue\n\nHe said the country was in a hard time.\n"
    for encoding in ("UTF-16LE", "UTF-16BE"):
        [article] = read_seed(write(tmp_path, "english.txt", text.encode(encoding)))
        assert article.title == "Tunisian president calls for dialogue"


def test_a_fifty_megabyte_seed_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    paragraph = (BODY.replace("\n\n", " ") + "\n\n").encode()
    with path.open("wb") as out:
        for _ in range(50 * 2**20 // len(paragraph) + 1):
            out.write(paragraph)
    assert path.stat().st_size >= 50 * 2**20 > MAX_ARTICLE_BYTES
    problem = problem_of(path)
    assert "is 50.0 MB" in problem.message and "Split it" in problem.hint


def test_controls_and_zero_width_characters_are_removed_and_reported(tmp_path: Path) -> None:
    hidden = "\u202eدعا\u202c الرئيس\u200b التونسي\u2066\u2069 إلى\ufeff الحوار\u200f."
    kept = "لا\u200cيزال"  # the zero-width non-joiner changes shaping: kept
    path = write(tmp_path, "seed.txt", f"{TITLE}\u202e\n\n{hidden} {kept}\n".encode())
    [article] = read_seed(path)
    assert article.title == TITLE
    assert article.body == [f"دعا الرئيس التونسي إلى الحوار. {kept}"]
    [problem] = article.problems
    assert "has 8 invisible control character(s)" in problem.message


def test_presentation_forms_are_read_as_letters_and_reported(tmp_path: Path) -> None:
    forms = "ﺍﻟﺮﺋﻴﺲ ﺍﻟﺘﻮﻧﺴﻲ ﻳﺪﻋﻮ ﺇﻟﻰ ﺍﻟﺤﻮﺍﺭ"  # as copied from a PDF
    path = write(tmp_path, "seed.txt", f"{forms}\n\n{BODY}\n".encode())
    [article] = read_seed(path)
    assert article.title == TITLE
    [problem] = article.problems
    assert "presentation form" in problem.message


def test_malformed_front_matter_names_file_and_line(tmp_path: Path) -> None:
    text = f'---\ntitle: "{TITLE}"\ndate: [2020-01-01\n---\n\n{BODY}\n'
    problem = problem_of(write(tmp_path, "seed.md", text.encode()))
    assert problem.path.name == "seed.md" and problem.line is not None and problem.line >= 3
    assert "malformed YAML" in problem.message


def test_a_sidecar_that_is_not_utf8_names_the_sidecar(tmp_path: Path) -> None:
    write(tmp_path, "seed.txt", ARTICLE.encode())
    write(tmp_path, "seed.yml", b"source: \xc3\x28\xa0\xa1\n")
    problem = problem_of(tmp_path / "seed.txt")
    assert problem.path.name == "seed.yml" and "UTF-8" in problem.message


def corpus_records() -> list[dict[str, str]]:
    return [
        {"title": f"{TITLE} {n}", "content": BODY, "url": f"https://example.org/{n}"}
        for n in range(5)
    ]


def test_a_json_record_with_a_syntax_error_costs_only_that_record(tmp_path: Path) -> None:
    lines = json.dumps(corpus_records(), ensure_ascii=False, indent=2).split("\n")
    broken_at = next(i for i, line in enumerate(lines) if "/2" in line)
    lines[broken_at] = lines[broken_at].replace('"url":', '"url"')  # missing colon
    path = write(tmp_path, "corpus.json", "\n".join(lines).encode())
    with pytest.raises(PartialReadError) as caught:
        read_seed(path)
    assert [a.url.rsplit("/", 1)[1] for a in caught.value.articles] == ["0", "1", "3", "4"]
    [problem] = caught.value.problems
    assert problem.record == 3 and problem.line == broken_at + 1
    assert "not valid JSON" in problem.message


def test_a_truncated_json_corpus_keeps_its_complete_records(tmp_path: Path) -> None:
    text = json.dumps(corpus_records(), ensure_ascii=False, indent=2)
    cut = text.index('"title": "' + f"{TITLE} 4")
    path = write(tmp_path, "corpus.json", text[:cut].encode())
    with pytest.raises(PartialReadError) as caught:
        read_seed(path)
    assert len(caught.value.articles) == 4
    [problem] = caught.value.problems
    assert problem.record == 5


def test_json_lines_report_the_broken_line(tmp_path: Path) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in corpus_records()]
    lines[1] = lines[1][:-5]
    path = write(tmp_path, "corpus.jsonl", "\n".join(lines).encode())
    with pytest.raises(PartialReadError) as caught:
        read_seed(path)
    assert len(caught.value.articles) == 4
    [problem] = caught.value.problems
    assert problem.line == 2 and problem.record == 2


def test_broken_seeds_leave_the_others_building(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path)
    shutil.copy(SEED.with_suffix(".yml"), tmp_path)
    broken = {
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n",
        "invalid.txt": b"\xc3\x28\xa0\xa1\n",
        "title-only.md": f"# {TITLE}\n".encode(),
        "front-matter.md": b"---\ntitle: [\n---\n\nbody\n",
    }
    for name, data in broken.items():
        write(tmp_path, name, data)
    articles, problems = read_seeds(tmp_path)
    assert [a.key for a in articles] == [SEED.stem]
    assert sorted(p.path.name for p in problems) == sorted(broken)


def test_a_twenty_thousand_character_paragraph_is_translated_in_pieces_and_shown_whole(
    tmp_path: Path,
) -> None:
    clause = "وقال المتحدث إن الحكومة ستواصل العمل مع جميع الأطراف من أجل الاستقرار، "
    paragraph = (clause * (20_000 // len(clause) + 1))[:19_999] + "."
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write(seeds, "long.txt", f"{TITLE}\n\n{paragraph}\n".encode())
    seen: list[str] = []

    class Recorder:
        label = "recorder"

        def translate(self, texts, on_chunk=None):  # type: ignore[no-untyped-def]
            seen.extend(texts)
            out = [Translation(f"<{len(t)}>", "machine", "", engine="recorder") for t in texts]
            if on_chunk:
                on_chunk(list(range(len(texts))), out)
            return out

    prepared = prepare(Project.from_section(tmp_path, {}), lambda: Recorder(), save=False)
    [article] = prepared.articles
    [row] = article.paragraphs
    assert len(paragraph) == 20_000 and len(seen) > 20_000 // MAX_PIECE_CHARS
    assert all(len(piece) <= MAX_PIECE_CHARS for piece in seen)
    assert "".join(seen).replace(" ", "") == (TITLE + paragraph).replace(" ", "")
    english = " ".join(s.translation.text for s in row.sentences if s.translation)
    assert english.count("<") == len(seen) - 1  # every piece's English, the title's apart
    page = render_site(prepared.articles, make_environment())["articles/long.md"]
    assert page.count('class="digest-row"') == 1
    assert paragraph[:200] in page and paragraph[-200:] in page


def build(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "digest"), "build", "--no-translate", *extra],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )


def test_strict_builds_fail_on_a_broken_seed_and_normal_builds_go_on(tmp_path: Path) -> None:
    for name in ("mkdocs.yml", "actors.yml", "glossary.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("docs", "templates", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    write(tmp_path / "seeds", "broken.txt", b"\x89PNG\r\n\x1a\n")
    normal = build(tmp_path)
    assert normal.returncode == 0, normal.stderr
    assert "broken.txt: is a PNG image, not text." in normal.stdout + normal.stderr
    assert (tmp_path / "site" / "articles" / "000-83f5f90aea9c826b" / "index.html").is_file()
    strict = build(tmp_path, "--strict", "--site-dir", str(tmp_path / "strict-site"))
    assert strict.returncode != 0
    assert "broken.txt" in strict.stdout + strict.stderr
    mkdocs = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d", "mk-site"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert mkdocs.returncode != 0 and "broken.txt" in mkdocs.stderr


def test_a_lone_surrogate_in_a_json_corpus_is_removed(tmp_path: Path) -> None:
    record = '[{"title": "عنوان \\ud800", "content": "نص \\udfff عربي.", "url": "\\ud800"}]'
    [article] = read_seed(write(tmp_path, "corpus.json", record.encode()))
    assert article.title == "عنوان" and article.body == ["نص  عربي."]
    assert "invisible control" in article.problems[0].message
