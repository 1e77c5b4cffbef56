"""Readers: the given seed, plain text, Markdown, JSON corpora, sidecars, the registry."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from support import FIXTURES, SEED

from digest.errors import InputError
from digest.reading import READERS, read_seed, read_seeds, register
from digest.reading.metadata import make_article
from digest.reading.partial import PartialReadError

ARTICLES = FIXTURES / "articles"


def test_given_seed_has_thirteen_paragraphs_each_ending_with_its_period() -> None:
    [article] = read_seed(SEED)
    assert len(article.body) == 13
    assert all(paragraph.endswith(".") for paragraph in article.body)
    assert not any(paragraph.startswith(",") for paragraph in article.body)
    assert article.title == "فرنسا تطالب بوقف دائم للنار في ليبيا ويُمكن التحقق منه"
    assert article.body[0].startswith("الرئيس الفرنسي إيمانويل ماكرون")
    assert article.body[-1].endswith("استعادة طرابلس.")


def test_given_seed_takes_its_date_from_the_sidecar() -> None:
    [article] = read_seed(SEED)
    assert article.date == dt.date(2020, 1, 13)


def test_plain_text_with_blank_lines_joins_wrapped_lines() -> None:
    [article] = read_seed(ARTICLES / "plain-paragraphs.txt")
    assert article.title == "الأمم المتحدة تحذر من أزمة غذاء في اليمن"
    assert len(article.body) == 3
    assert "اليمنيين يواجهون" in article.body[0]
    assert article.date == dt.date(2021, 3, 2)
    assert article.source == "أخبار الأمم المتحدة"


def test_undated_article_stays_undated(tmp_path: Path) -> None:
    seed = tmp_path / "undated.txt"
    seed.write_text("عنوان\n\nفقرة أولى.\n", encoding="utf-8")
    [article] = read_seed(seed)
    assert article.date is None


def test_markdown_front_matter_and_body() -> None:
    [article] = read_seed(ARTICLES / "tunisia-election.md")
    assert article.title.startswith("تونس: قيس سعيد")
    assert article.date == dt.date(2019, 10, 14)
    assert article.slug == "tunisia-election-2019"
    assert article.url == "https://example.org/news/tunisia-election-2019"
    assert article.author == "سامي بن علي"
    assert len(article.body) == 4
    assert article.body[1].startswith("وقال رئيس الهيئة نبيل بفون")


def test_markdown_markup_is_dropped_and_heading_becomes_title(tmp_path: Path) -> None:
    seed = tmp_path / "heading.md"
    seed.write_text(
        "# عنوان المقال\n\nنص **مهم** مع [رابط](https://example.org).\n", encoding="utf-8"
    )
    [article] = read_seed(seed)
    assert article.title == "عنوان المقال"
    assert article.body == ["نص مهم مع رابط."]


def test_json_corpus_reads_good_records_and_names_the_broken_one() -> None:
    with pytest.raises(PartialReadError) as caught:
        read_seed(ARTICLES / "corpus.json")
    articles, problems = caught.value.articles, caught.value.problems
    assert [a.date for a in articles] == [dt.date(2022, 10, 6), dt.date(2022, 12, 10)]
    assert articles[0].source == "الجزيرة"
    assert len(articles[0].body) == 2
    assert [a.record for a in articles] == [0, 2]
    [problem] = problems
    assert problem.record == 2 and "corpus.json" in str(problem)


def test_corpus_keys_survive_reordering(tmp_path: Path) -> None:
    import json

    records = json.loads((ARTICLES / "corpus.json").read_text(encoding="utf-8"))
    good = [records[0], records[2]]
    (tmp_path / "a.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(good[::-1]), encoding="utf-8")
    keys_a = {a.url: a.key.split("-", 1)[1] for a in read_seed(tmp_path / "a.json")}
    keys_b = {a.url: a.key.split("-", 1)[1] for a in read_seed(tmp_path / "b.json")}
    assert keys_a == keys_b


def test_read_seeds_keeps_going_past_bad_files(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path)
    (tmp_path / "broken.txt").write_bytes(b"\xc3\x28 bad \xa0\xa1")
    (tmp_path / "only-title.txt").write_text("عنوان وحده\n", encoding="utf-8")
    articles, problems = read_seeds(tmp_path)
    assert [a.key for a in articles] == [SEED.stem]
    messages = sorted(str(p) for p in problems)
    assert any("broken.txt" in m and "UTF-8" in m for m in messages)
    assert any("only-title.txt" in m and "no body" in m for m in messages)


def test_malformed_sidecar_names_file_and_line(tmp_path: Path) -> None:
    seed = tmp_path / "x.txt"
    seed.write_text("عنوان\n\nفقرة.\n", encoding="utf-8")
    (tmp_path / "x.yml").write_text("source: ok\ndate: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_seed(seed)
    assert caught.value.problem.path.name == "x.yml"
    assert caught.value.problem.line is not None


def test_unreadable_date_is_reported_and_article_undated(tmp_path: Path) -> None:
    seed = tmp_path / "x.txt"
    seed.write_text("عنوان\n\nفقرة.\n", encoding="utf-8")
    (tmp_path / "x.yml").write_text("date: yesterday\n", encoding="utf-8")
    [article] = read_seed(seed)
    assert article.date is None
    assert "date" in str(article.problems[0])


def test_a_new_format_is_one_registered_function(tmp_path: Path) -> None:
    @register(".tsv")
    def read_tsv(path: Path, text: str) -> list:  # type: ignore[type-arg]
        title, body = text.split("\t", 1)
        return [make_article(path, path.stem, body.split("\t"), {"title": title})]

    try:
        seed = tmp_path / "a.tsv"
        seed.write_text("عنوان\tفقرة أولى.\tفقرة ثانية.", encoding="utf-8")
        articles, problems = read_seeds(tmp_path)
        assert not problems
        assert articles[0].body == ["فقرة أولى.", "فقرة ثانية."]
    finally:
        del READERS[".tsv"]
