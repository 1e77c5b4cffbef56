"""Properties over arbitrary Unicode: readers, segmenter, normalisers, matcher, renderer.

Mixed scripts, diacritics, presentation forms, bidirectional and zero-width controls,
control characters and quotation marks are all in the alphabet. Nothing may raise but
the documented input errors; offsets stay inside the text; rendering always escapes.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import itertools
import json
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import ROOT

from digest.actors import discover, lexicon, organizations
from digest.actors.match import _PREFIX, Matcher, _pattern
from digest.actors.registry import Registry, load_registry
from digest.errors import InputError
from digest.model import Actor, Article, Mention, Quote, Sentence, newest_first
from digest.outputs import search
from digest.reading import read_seed
from digest.reading.decoding import clean_text
from digest.reading.partial import PartialReadError
from digest.site import links
from digest.site.links import PageContext, relative_path
from digest.site.render import md
from digest.text import arabic
from digest.text.segment import split_sentences
from digest.translation import quality

TRICKY = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىة"  # letters
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"  # harakat, shadda, tatweel
    "ﺍﻟﺮﺋﻴﺲﻻﷲ"  # presentation forms
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff"
    "\x00\x01\x07\x1b\x7f\x85"  # control characters
    "abcXYZé0123456789٠١٢٣"
    " \t\n\r.,;:!?،؛؟«»\"“”'()[]{}<>&*_#`|\\-–—/=+%$@~^"
)
text = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=300)
arabicish = st.text(alphabet=st.sampled_from(TRICKY), max_size=300)
PROPERTY = settings(max_examples=150, deadline=None)


@cache
def registry() -> Registry:
    return load_registry(ROOT / "actors.yml")


@cache
def matcher() -> Matcher:
    return Matcher(registry())


# Readers ------------------------------------------------------------------------------


def read_or_refuse(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        articles = read_seed(path)
    except PartialReadError as partial:
        articles = partial.articles
    except InputError:
        return
    for article in articles:
        assert article.title.strip() and article.body
        for piece in [article.title, *article.body]:
            for char in piece:
                kind = unicodedata.category(char)
                assert kind not in ("Cc", "Cf") or char in "\t\n\r\u200c\u200d", repr(char)


@PROPERTY
@given(data=st.binary(max_size=400) | arabicish.map(lambda t: t.encode("utf-8", "replace")))
def test_readers_take_any_bytes(tmp_path_factory: object, data: bytes) -> None:
    folder = Path(str(tmp_path_factory.mktemp("seeds")))  # type: ignore[attr-defined]
    for suffix in (".txt", ".md", ".json", ".jsonl"):
        read_or_refuse(folder / f"seed{suffix}", data)


@PROPERTY
@given(title=text, body=text, meta=text)
def test_readers_take_any_text_in_any_field(
    tmp_path_factory: object, title: str, body: str, meta: str
) -> None:
    folder = Path(str(tmp_path_factory.mktemp("seeds")))  # type: ignore[attr-defined]
    read_or_refuse(folder / "a.txt", f"{title}\n\n{body}".encode("utf-8", "surrogatepass"))
    front = f"---\ntitle: {title}\nsource: {meta}\n---\n\n{body}"
    read_or_refuse(folder / "b.md", front.encode("utf-8", "surrogatepass"))
    record = {"title": title, "content": body, "source": meta, "url": meta}
    read_or_refuse(folder / "c.json", json.dumps([record, meta]).encode())


# Segmenter ----------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


@PROPERTY
@given(paragraph=text)
def test_segmenter_keeps_every_character_in_order(paragraph: str) -> None:
    sentences = split_sentences(paragraph)
    assert all(s and s == s.strip() for s in sentences)
    assert _SPACES.sub("", "".join(sentences)) == _SPACES.sub("", paragraph)


# Normalisers and the search keys ------------------------------------------------------


@PROPERTY
@given(value=text)
def test_normalisers_are_idempotent(value: str) -> None:
    assert arabic.normalize(arabic.normalize(value)) == arabic.normalize(value)
    assert search.fold(search.fold(value)) == search.fold(value)


@PROPERTY
@given(value=text)
def test_a_word_of_a_text_always_finds_that_text(value: str) -> None:
    for word in search.words(value):
        assert word.isalnum()
        keys = search.query_keys(word)
        if word not in search.STOP_WORDS:  # (every key the word looks up, the text is under)
            assert len(keys) == 1 and keys[0] and set(keys[0]) <= search.index_keys(word)


TERMS = ["الإليزيه", "حكومة الوفاق", "فرنسا", "الأمم المتحدة", "لا", "ليبيا", "ال"]


@PROPERTY
@given(
    pieces=st.lists(
        arabicish | st.sampled_from([*TERMS, "لل", "وب", "إليزيه", "أمم", "\u0651", " ", "\n"])
    ),
    terms=st.lists(st.sampled_from(TERMS) | arabicish.filter(str.strip), max_size=6),
)
@example(pieces=["و", "لل", "إليزيه"], terms=["الإليزيه"])
def test_the_quick_test_for_terms_finds_what_their_patterns_find(
    pieces: list[str], terms: list[str]
) -> None:
    value = "".join(pieces)
    nfkc = unicodedata.normalize("NFKC", value)
    expected = [term for term in terms if arabic.term_pattern(term).search(nfkc)]
    assert arabic.terms_found(value, terms) == expected


@PROPERTY
@given(
    before=text,
    unit=st.text(alphabet=st.sampled_from("ab a\u0645\u0646\U0001f600\x00"), max_size=42),
    times=st.integers(0, 4),
    after=text,
)
@example(before="", unit="ab", times=3, after="")
@example(before="x", unit="\u0645\u0646", times=3, after="")
# Characters equal in some of their bytes only (a byte run across two characters):
@example(before="\U0001f601", unit="b\U0001f600", times=2, after="b\uf600")
def test_the_quick_test_for_loops_agrees_with_their_pattern(
    before: str, unit: str, times: int, after: str
) -> None:
    value = before + unit * times + after
    assert quality.may_repeat(value) is bool(quality._LOOP.search(value))


HEADS = sorted(lexicon.ORGANIZATION_HEADS)
FIRSTS = sorted(discover._TRIGGER_FIRSTS)


@PROPERTY
@given(
    conjunction=st.sampled_from(["", "و", "ف", "ب"]),
    article=st.sampled_from(["", "ال", "لل"]),
    word=st.sampled_from(HEADS + FIRSTS) | arabicish,
)
def test_the_word_sets_that_pass_words_over_miss_none(
    conjunction: str, article: str, word: str
) -> None:
    value = conjunction + article + word
    assert (organizations._head(value) is not None) is (value in lexicon.HEAD_WORDS)
    trigger = {value, arabic.strip_conjunction(value)} & discover._TRIGGER_FIRSTS
    assert bool(trigger) is (value in discover._TRIGGER_WORDS)


@PROPERTY
@given(value=text)
def test_latin_runs_are_found_in_lines_with_a_latin_letter(value: str) -> None:
    spans = [(m.start(), m.end()) for m in links.LATIN_RUN.finditer(value)]
    assert [(start, end) for start, end, *_ in links.latin_isolates(value)] == spans


# Matcher ------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=arabicish, suffix=arabicish, name=st.sampled_from(["حفتر", "ماكرون", "ليبيا"]))
def test_mentions_stay_inside_the_text(prefix: str, suffix: str, name: str) -> None:
    for sentence in (prefix + suffix, f"{prefix} {name} {suffix}", f"{prefix}و{name}{suffix}"):
        mentions = matcher().find(sentence, "s")
        for mention in mentions:
            assert 0 <= mention.start < mention.end <= len(sentence)
            assert mention.actor in registry().actors
        spans = sorted((m.start, m.end) for m in mentions)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


# Renderer -----------------------------------------------------------------------------


class Reader(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> Reader:
    reader = Reader()
    reader.feed(markup)
    reader.close()
    return reader


ACTORS = {"x": Actor(id="x", type="person", en="X <b>", ar="س")}


@PROPERTY
@given(value=text, cuts=st.lists(st.integers(0, 300), min_size=4, max_size=4))
def test_sentence_markup_escapes_the_text_and_keeps_it_whole(value: str, cuts: list[int]) -> None:
    a, b, c, d = sorted(min(cut, len(value)) for cut in cuts)
    mentions = [Mention("x", "s", a, b)] if a < b else []
    quotes = [Quote("s", c, d, "x")] if c < d else []
    sentence = Sentence("s", value, mentions=mentions, quotes=quotes)
    markup = str(PageContext("articles/a.md", True, ACTORS).arabic(sentence))
    reader = parse(markup)
    assert reader.tags <= {"a", "bdi", "span", "sup", "mark"}
    assert not any(name.startswith("on") for name in reader.attributes)
    # The speaker's Arabic name is shown right after the quotation.
    expected = value[:d] + ACTORS["x"].ar + value[d:] if quotes else value
    assert "".join(reader.text) == expected


@PROPERTY
@given(value=text)
def test_markdown_fields_render_as_literal_text(value: str) -> None:
    value = "".join(c for c in value if unicodedata.category(c) not in ("Cc", "Cs"))
    rendered = markdown.markdown(
        f"- **Source:** {md(value)}", extensions=["attr_list", "md_in_html", "admonition"]
    )
    reader = parse(rendered)
    assert reader.tags <= {"ul", "li", "strong"}, rendered
    assert not reader.attributes, rendered
    shown = " ".join("".join(reader.text).split())
    assert shown == " ".join(f"Source: {value}".split())


site_path = (
    st.lists(st.sampled_from(["a", "b", "ab", "index", ".", ""]), max_size=5)
    .map("/".join)
    .filter(lambda path: not path.startswith("/"))
)


@PROPERTY
@given(target=site_path, base=site_path)
def test_relative_paths_are_what_relpath_gives(target: str, base: str) -> None:
    assert relative_path(target, base) == posixpath.relpath(target or ".", base or ".")


def cleaned_one_by_one(text: str) -> tuple[str, dict[str, int]]:
    """What `clean_text` does, a character at a time."""
    kept, controls, forms = [], 0, 0
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cf", "Cc", "Cs") and char not in "\u200c\u200d\t\n\r":
            controls += 1
        elif "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufefe":
            forms += 1
            kept.append(unicodedata.normalize("NFKC", char))
        else:
            kept.append(char)
    return "".join(kept), {"controls": controls, "presentation forms": forms}


@PROPERTY
@given(value=text | st.text())
def test_cleaning_a_text_is_cleaning_each_character(value: str) -> None:
    assert clean_text(value) == cleaned_one_by_one(value)


WORDS = st.sampled_from(["مصر", "مصري", "لي", "ليبيا", "ال", "امم", "متحده", "بال", "و"])


@PROPERTY
@given(
    names=st.lists(st.lists(WORDS, min_size=1, max_size=3).map(" ".join), min_size=1),
    data=st.data(),
)
def test_the_names_tree_matches_as_the_names_one_by_one_longest_first(
    names: list[str], data: st.DataObject
) -> None:
    pieces = st.sampled_from(names) | WORDS | st.sampled_from(["وال", "لل", "،"])
    value = data.draw(st.lists(pieces, max_size=8).map(" ".join))
    ordered = sorted(set(names), key=lambda s: (-len(s), s))
    body = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in ordered)
    one_by_one = re.compile(rf"(?<!\w){_PREFIX}(?P<name>{body})(?!\w)")

    def found(pattern: re.Pattern[str]) -> list[tuple[object, ...]]:
        return [(m.span(), m["prefix"], m["name"]) for m in pattern.finditer(value)]

    assert found(_pattern(names)) == found(one_by_one)


# Ordering -----------------------------------------------------------------------------

dates = st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 9))


@contextmanager
def patched(module: object, name: str, value: object) -> Iterator[None]:
    """A module's setting changed for a while (hypothesis runs a test many times over:
    pytest's monkeypatch is undone once only)."""
    before = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, before)


@PROPERTY
@given(
    heads=st.lists(
        st.tuples(dates, st.sampled_from(["okaz", "aawsat", ""]), st.sampled_from(["ب", "أ", "1"])),
        min_size=1,
        max_size=30,
    )
)
def test_the_articles_are_newest_first_then_undated_then_by_paper_and_place_in_the_seed(
    heads: list[tuple[dt.date | None, str, str]],
) -> None:
    articles = [
        Article(
            f"a{n}",
            Path("seeds/a.json"),
            title,
            ["نص"],
            slug=f"s{n}",
            date=date,
            source=paper,
            record=n,
        )
        for n, (date, paper, title) in enumerate(heads)
    ]
    expected = sorted(
        articles,
        key=lambda a: (a.date is None, -(a.date or dt.date.min).toordinal(), a.source, a.record),
    )
    assert newest_first(articles) == expected
    assert [id(a) for a in newest_first(reversed(articles))] == [id(a) for a in expected]
