"""Papers named for readers, and the first sentence shown in lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from digest.model import Article, Paragraph, Sentence, Translation, newest_first
from digest.site.sources import Source, lede, source


def _article(source: str = "", arabic: str = "جملة أولى.", english: str = "") -> Article:
    first = Sentence("s-1", arabic)
    if english:
        first.translation = Translation(english, "machine", "")
    article = Article("a", Path("a.md"), "عنوان", [arabic], source=source)
    article.paragraphs = [Paragraph("p-1", [first])]
    return article


def test_corpus_keys_name_the_paper_in_both_languages() -> None:
    assert source(_article("aleqtisadiya")) == Source("Al-Eqtisadiya", "الاقتصادية")
    assert source(_article("AAWSAT")) == Source("Asharq Al-Awsat", "الشرق الأوسط")


def test_an_editors_source_is_shown_as_written_in_its_language() -> None:
    assert source(_article("Reuters")) == Source("Reuters")
    assert source(_article("وكالة الأنباء الليبية")) == Source("", "وكالة الأنباء الليبية")
    assert source(_article("  ")) is None


def test_the_lede_is_the_english_when_there_is_some_cut_at_a_word() -> None:
    assert lede(_article()) == ("جملة أولى.", "ar")
    assert lede(_article(english="The first sentence.")) == ("The first sentence.", "en")
    long = " ".join(["word"] * 100)
    text, lang = lede(_article(english=long), length=50)
    assert lang == "en" and text.endswith(" …") and len(text) <= 52 and "wor …" not in text
    assert lede(replace(_article(), paragraphs=[])) == ("", "en")


def test_a_days_articles_are_listed_by_paper_then_as_their_seed_gives_them() -> None:
    day = dt.date(2015, 7, 21)

    def record(n: int, paper: str, title: str) -> Article:
        return Article(
            f"k{n}",
            Path("2015-07-21.json"),
            title,
            ["نص"],
            slug=f"s{n}",
            date=day,
            source=paper,
            record=n,
        )

    articles = [
        record(0, "okaz", "ب عنوان"),
        record(1, "aawsat", "9 أرقام أولا"),
        record(2, "okaz", "1 رقم"),
        record(3, "aawsat", "أ عنوان"),
    ]
    older = replace(record(4, "aawsat", "0 أقدم"), date=day - dt.timedelta(days=1))
    ordered = newest_first([older, *articles])
    assert [a.key for a in ordered] == ["k1", "k3", "k0", "k2", "k4"]  # (not by title)
