"""The site's search index: Arabic and English, normalised the same way on both sides.

Material's lunr search misses most Arabic queries (diacritics, hamza and alef forms, ta
marbuta, clitics, Arabic punctuation). digest builds its own index instead: every word is
folded by rules written once, in `FOLDING`, that the page's script applies to the query too;
Arabic words are also indexed without their clitics (والرئيس under الرئيس and رئيس), and a
paragraph is indexed under the names of the actors it mentions, in both languages.

Each story of several articles is a document too: its title and its articles' titles, so
that a query for an event finds the page that gathers its coverage.

The index is split so that a reader loads only what a query needs: one shard per two first
characters of a key, and the paragraphs' text in chunks, fetched for the results shown. It
is also split into blocks of articles by date, so that an edit changes one block's files
(and a reader's cache keeps the others); `meta.json` says which blocks have which shards.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path

import yaml

from digest.actors.index import ActorEntry
from digest.model import Actor, Article, newest_first
from digest.parallel import map_all, run_all
from digest.project import Project
from digest.site.links import actor_page, page_url
from digest.site.render import article_page, english
from digest.stories.threads import Story

INDEX_DIR = "search-index"
"""Where the index files go in the site."""

SHARD_PREFIX = 2
"""Keys are sharded by this many first characters."""

CHUNK_DOCS = 16
"""Documents per chunk of text."""

BLOCK_ARTICLES = Project.search_block_articles
"""Articles per block of the index, unless the site says otherwise."""

FOLDING: dict[str, str] = {
    "ى": "ي",
    "ة": "ه",
    "ٱ": "ا",
    **{chr(0x660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
    **{chr(0x6F0 + n): str(n) for n in range(10)},  # Eastern Arabic-Indic digits
}
"""Letters folded after decomposition has taken the hamza and madda off alef, waw and ya."""

TATWEEL = "\u0640"
ARTICLE = "ال"
CLITICS = re.compile("[وف]?(?:[بكل]?ال|لل|[بكل])?")
"""Prefixes (conjunction, preposition, article) an indexed word is also filed without."""

MAX_CLITICS = 4
"""The longest prefix CLITICS matches (وبال)."""

MIN_STEM = 2
"""The shortest word a prefix is stripped down to."""

_STOP_LISTS = yaml.safe_load((Path(__file__).parent / "stop_words.yml").read_text("utf-8"))
STOP_WORDS = frozenset(word for listed in _STOP_LISTS.values() for word in listed.split())
"""Folded words too common to index or to search for."""

_WORD = re.compile(r"[^\W_]+")


class _FoldTable(dict[int, str | None]):
    """`str.translate`'s table for folding a decomposed text, filled as characters are
    met: combining marks and tatweel go, FOLDING's letters change."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        dropped = unicodedata.category(char) == "Mn" or char == TATWEEL
        folded = self[code] = None if dropped else FOLDING.get(char, char)
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Text as the index sees it: compatibility decomposition without combining marks
    (harakat, shadda, hamza and madda above or below, Latin accents), no tatweel, lower
    case, alef maqsura as ya, ta marbuta as ha, Arabic digits as ASCII."""
    return unicodedata.normalize("NFKD", text).translate(_TABLE).lower()


def words(text: str) -> list[str]:
    """The folded words of a text (Arabic punctuation separates words like any other)."""
    return _WORD.findall(fold(text))


def without_article(word: str) -> str:
    """A folded word without the definite article, when a stem is left."""
    if word.startswith(ARTICLE) and len(word) - len(ARTICLE) >= MIN_STEM:
        return word[len(ARTICLE) :]
    return word


def _keys_in_order(word: str) -> list[str]:
    """A folded word without its article, then without each clitic prefix it may carry."""
    cuts = range(max(0, min(MAX_CLITICS, len(word) - MIN_STEM)) + 1)
    keys = [without_article(word[cut:]) for cut in cuts if CLITICS.fullmatch(word[:cut])]
    return list(dict.fromkeys(keys))


@lru_cache(maxsize=1 << 17)
def index_keys(word: str) -> frozenset[str]:
    """The keys a folded word is filed under: itself, and without each clitic prefix
    (remembered: a few thousand words make most of any text)."""
    return frozenset(_keys_in_order(word))


def query_keys(query: str) -> list[list[str]]:
    """For each word of a query (stop words left out), the keys it looks up, in the order
    of `_keys_in_order`, so that `وأردوغان` finds `أردوغان` too (ranked below the word as
    typed). The page's script computes the same."""
    return [_keys_in_order(word) for word in words(query) if word not in STOP_WORDS]


@dataclass(frozen=True, slots=True)
class Document:
    """One searchable unit: a paragraph of an article, an actor's page or a story's."""

    url: str
    """Site-relative URL of the page, with the paragraph's anchor."""

    title: str
    """The page's English title; empty while the title is not translated."""

    title_ar: str
    """The page's Arabic title."""

    arabic: str
    """The paragraph's Arabic (an actor's Arabic name and variants)."""

    english: str
    """The paragraph's English (an actor's English name and roles)."""

    date: str
    """ISO date of the article, empty for actors and undated articles."""

    extra: str = ""
    """Indexed but not shown: the names of the actors the paragraph mentions."""

    actors: tuple[tuple[str, ...], ...] = ()
    """The actors the paragraph mentions, each as its English name, its Arabic name and its
    other English spellings: shown when the paragraph was found by one of their names rather
    than by its words."""

    label: str = ""
    """What the result says the page is, before its date (`Story · 5 articles`); empty for
    articles and actors."""


def actor_documents(
    entries: dict[str, ActorEntry], directory_urls: bool = True
) -> Iterator[Document]:
    """The actors' pages, most mentioned first."""
    for actor_id, entry in _by_mentions(entries):
        actor = entry.actor
        roles = [role.title for role in actor.roles]
        yield Document(
            url=page_url(actor_page(actor_id), "index.md", directory_urls),
            title=actor.en,
            title_ar=actor.ar,
            arabic=" · ".join(dict.fromkeys([actor.ar, *actor.variants_ar])),
            english=" · ".join(dict.fromkeys([actor.en, *actor.variants_en, *roles])),
            date="",
        )


def story_documents(stories: Iterable[Story], directory_urls: bool = True) -> Iterator[Document]:
    """The pages of the stories of several articles, in the order given: each its title
    and its articles' titles, in Arabic and in English."""
    for story in stories:
        if not story.threaded:
            continue
        titles = [(english(article.title_sentence), article.title) for article in story.articles]
        span = [story.first, story.last] if story.last != story.first else [story.first]
        yield Document(
            url=page_url(story.page, "index.md", directory_urls),
            title=english(story.central.title_sentence),
            title_ar=story.central.title,
            arabic=" · ".join(dict.fromkeys(ar for _, ar in titles)),
            english=" · ".join(dict.fromkeys(en for en, _ in titles if en)),
            date=" – ".join(day.isoformat() for day in span if day),
            label=f"Story · {len(story.articles)} articles",
        )


def _by_mentions(entries: dict[str, ActorEntry]) -> list[tuple[str, ActorEntry]]:
    return sorted(entries.items(), key=lambda item: (-item[1].mention_count, item[0]))


def article_documents(
    articles: Iterable[Article], actors: dict[str, Actor], directory_urls: bool = True
) -> Iterator[Document]:
    """Every paragraph of the articles (the title first), in the order given."""
    for article in articles:
        page = page_url(article_page(article), "index.md", directory_urls)
        title = english(article.title_sentence)
        for number, paragraph in article.numbered_paragraphs():
            named = [
                actors[a]
                for a in sorted({m.actor for s in paragraph.sentences for m in s.mentions})
                if a in actors
            ]
            # (filed under their English spellings too: "Turkey" finds Türkiye's paragraphs)
            names = [name for actor in named for name in (actor.en, actor.ar, *actor.variants_en)]
            yield Document(
                url=page + (f"#{paragraph.id}" if number else ""),
                title=title,
                title_ar=article.title,
                arabic=paragraph.text,
                english=" ".join(english(s) for s in paragraph.sentences),
                date=article.date.isoformat() if article.date else "",
                extra=" ".join(names),
                actors=tuple((actor.en, actor.ar, *actor.variants_en) for actor in named),
            )


def shard_name(key: str) -> str:
    """The file a key's shard is in: its first characters as hex code points."""
    return "-".join(f"{ord(c):04x}" for c in key[:SHARD_PREFIX])


@dataclass(frozen=True)
class Block:
    """One block of the index: the documents of some pages, with their own numbering."""

    name: str
    """Its folder in the index."""

    files: dict[str, str]
    """`<name>/keys/<shard>.json` (key → the block's ids of the documents that hold it,
    ascending) and `<name>/docs/<chunk>.json` (the documents' text), by path in the site."""

    documents: int
    """How many documents it holds."""

    shards: frozenset[str]
    """The shards it has."""

    page_starts: list[int]
    """The id of each page's first document (a page's documents come one after another)."""


@dataclass(frozen=True, slots=True)
class Indexed:
    """A document as the index stores it, with the keys it is filed under."""

    page: str
    """The page's URL, without the paragraph's anchor."""

    row: str
    """What a chunk of text holds of it, as JSON: URL, titles, Arabic, English, date,
    actors named."""

    keys: str
    """Every key of its words, once each, separated by spaces."""


def indexed(doc: Document) -> Indexed:
    """A document with its keys: those of its own text and of the names of the actors it
    mentions. (A page's title is its first document, so the script can tell a title match.)"""
    text = " ".join((doc.arabic, doc.english, doc.extra))
    keys = {key for word in set(words(text)) if word not in STOP_WORDS for key in index_keys(word)}
    row = [
        doc.url,
        doc.title,
        doc.title_ar,
        doc.arabic,
        doc.english,
        doc.date,
        [list(names) for names in doc.actors],
        doc.label,
    ]
    return Indexed(doc.url.partition("#")[0], _json(row), " ".join(keys))


def index_block(name: str, docs: Iterable[Indexed]) -> Block:
    """The block of some documents."""
    postings: dict[str, list[int]] = defaultdict(list)
    chunks: list[list[str]] = []
    page_starts: list[int] = []
    previous_page = None
    for doc_id, doc in enumerate(docs):
        if doc_id % CHUNK_DOCS == 0:
            chunks.append([])
        if doc.page != previous_page:
            page_starts.append(doc_id)
            previous_page = doc.page
        chunks[-1].append(doc.row)
        for key in doc.keys.split():
            postings[key].append(doc_id)  # ids come in ascending order
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for key in sorted(postings):
        shards[shard_name(key)][key] = postings[key]
    folder = f"{INDEX_DIR}/{name}"
    files = {f"{folder}/keys/{shard}.json": _json(keys) for shard, keys in sorted(shards.items())}
    files.update(
        {f"{folder}/docs/{n}.json": "[" + ",".join(rows) + "]" for n, rows in enumerate(chunks)}
    )
    documents = sum(len(chunk) for chunk in chunks)
    return Block(name, files, documents, frozenset(shards), page_starts)


def index_meta(blocks: list[Block]) -> str:
    """`meta.json`: the folding rules, every shard name, and the blocks in the order their
    documents are listed (each with its first id, its size and a bitmap of the shards it
    has: hex digits, shard i being bit i % 4 of digit i // 4), and where each page starts."""
    shards = sorted(set().union(*(block.shards for block in blocks)))
    described, page_starts, offset = [], [], 0
    for block in blocks:
        bits = [name in block.shards for name in shards] + [False] * 3
        has = "".join(
            f"{sum(bit << n for n, bit in enumerate(bits[at : at + 4])):x}"
            for at in range(0, len(shards), 4)
        )
        described.append(
            {"name": block.name, "offset": offset, "documents": block.documents, "has": has}
        )
        page_starts += [offset + start for start in block.page_starts]
        offset += block.documents
    meta = {
        "version": 2,
        "documents": offset,
        "chunk": CHUNK_DOCS,
        "shard_prefix": SHARD_PREFIX,
        "shards": shards,
        "blocks": described,
        "folding": FOLDING,
        "tatweel": TATWEEL,
        "article": ARTICLE,
        "min_stem": MIN_STEM,
        "stop_words": sorted(STOP_WORDS),
        "clitics": CLITICS.pattern,
        "max_clitics": MAX_CLITICS,
        "page_starts": page_starts,
    }
    return _json(meta)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def search_files(
    articles: list[Article],
    actors: dict[str, Actor],
    entries: dict[str, ActorEntry],
    directory_urls: bool = True,
    block_articles: int = BLOCK_ARTICLES,
    workers: int | None = None,
    ordered: list[Article] | None = None,
    analysed: list[list[Indexed]] | None = None,
    stories: list[Story] | None = None,
) -> dict[str, str]:
    """The whole index for a site: a block of actor pages, a block of the `stories` (newest
    first, as `find_stories` gives them), then blocks of articles, the newest first.
    Articles fall into blocks of `block_articles` in order of date, oldest first.
    `ordered` is the articles newest first (`newest_first`) when the caller has sorted
    them already; the articles are analysed on so many processes (default: every
    core), unless their documents are given (`analysed`, newest first: `article_index`)."""
    ordered = newest_first(articles) if ordered is None else ordered
    if analysed is None:
        analyse = partial(article_index, actors=actors, directory_urls=directory_urls)
        analysed = map_all(analyse, ordered, workers)
    parts: list[tuple[str, Callable[[], Iterable[Indexed]]]] = [
        ("actors", lambda: map(indexed, actor_documents(entries, directory_urls)))
    ]
    if any(story.threaded for story in stories or []):
        told = stories or []
        parts.append(("stories", lambda: map(indexed, story_documents(told, directory_urls))))
    oldest_first = analysed[::-1]
    size = max(1, block_articles)
    for number, start in reversed(list(enumerate(range(0, len(ordered), size)))):
        docs = oldest_first[start : start + size][::-1]
        parts.append((str(number), partial(chain.from_iterable, docs)))
    jobs = [partial(_block, name, docs) for name, docs in parts]
    blocks = run_all(jobs, workers if len(jobs) > 3 else 1)
    files = {path: text for block in blocks for path, text in block.files.items()}
    files[f"{INDEX_DIR}/meta.json"] = index_meta(blocks)
    return files


def article_index(
    article: Article, actors: dict[str, Actor], directory_urls: bool
) -> list[Indexed]:
    """An article's documents, as the index stores them."""
    return [indexed(doc) for doc in article_documents([article], actors, directory_urls)]


def _block(name: str, docs: Callable[[], Iterable[Indexed]]) -> Block:
    return index_block(name, docs())
