"""The names of the papers articles come from, for readers: a corpus names them by a key
(SaudiNewsNet's `aleqtisadiya`), a seed's front matter by whatever an editor wrote."""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.model import Article


@dataclass(frozen=True, slots=True)
class Source:
    """A paper, as the pages name it."""

    en: str
    """Its name in English, when known (else the editor's text, when not in Arabic)."""

    ar: str = ""
    """Its name in Arabic, when known."""


KNOWN = {
    "3alyoum": Source("Aalem Alyoum", "عالم اليوم"),
    "aawsat": Source("Asharq Al-Awsat", "الشرق الأوسط"),
    "aleqtisadiya": Source("Al-Eqtisadiya", "الاقتصادية"),
    "aljazirah": Source("Al-Jazirah", "الجزيرة"),
    "almadina": Source("Al-Madina", "المدينة"),
    "alriyadh": Source("Al-Riyadh", "الرياض"),
    "alwatan": Source("Al-Watan", "الوطن"),
    "alweeam": Source("Al-Weeam", "الوئام"),
    "alyaum": Source("Al-Yaum", "اليوم"),
    "arreyadi": Source("Arriyadi", "الرياضي"),
    "okaz": Source("Okaz", "عكاظ"),
    "sabq": Source("Sabq", "سبق"),
}
"""SaudiNewsNet's source keys."""

_ARABIC = re.compile("[\u0600-\u06ff]")


def source(article: Article) -> Source | None:
    """The paper an article comes from, named for readers; None when it does not say."""
    return source_named(article.source)


def source_named(name: str) -> Source | None:
    """A paper named as an article's `source` says, named for readers; None when empty."""
    given = name.strip() if name else ""
    if not given:
        return None
    if given.lower() in KNOWN:
        return KNOWN[given.lower()]
    return Source("", given) if _ARABIC.search(given) else Source(given)


def lede(article: Article, length: int = 200) -> tuple[str, str]:
    """The article's first sentence, in English when it has some, else in Arabic, cut at
    a word near `length` characters, and its language ("en" or "ar"); ("", "en") when the
    article has no text."""
    first = next((p.sentences[0] for p in article.paragraphs if p.sentences), None)
    if first is None:
        return "", "en"
    english = first.translation.text if first.translation else ""
    text, lang = (english, "en") if english else (first.text, "ar")
    if len(text) > length:
        text = text[: text.rfind(" ", 0, length) if " " in text[:length] else length] + " …"
    return text, lang
