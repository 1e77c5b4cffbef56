"""The site's search index: Arabic and English, normalised the same way on both sides.

Material's lunr search misses most Arabic queries (diacritics, hamza and alef forms, ta
marbuta, clitics, Arabic punctuation). digest builds its own index instead: every word is
folded by rules written once, in `FOLDING`, that the page's script applies to the query too;
Arabic words are also indexed without their clitics (والرئيس under الرئيس and رئيس), and a
paragraph is indexed under the names of the actors it mentions, in both languages.

The index is split so that a reader loads only what a query needs: one shard per two first
characters of a key, and the paragraphs' text in chunks, fetched for the results shown.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from digest.actors.index import ActorEntry
from digest.links import actor_page, page_url
from digest.model import Actor, Article, newest_first
from digest.render import article_page, english

INDEX_DIR = "search-index"
"""Where the index files go in the site."""

SHARD_PREFIX = 2
"""Keys are sharded by this many first characters."""

CHUNK_DOCS = 200
"""Documents per chunk of text."""

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
_TABLE = str.maketrans(FOLDING)


def fold(text: str) -> str:
    """Text as the index sees it: compatibility decomposition without combining marks
    (harakat, shadda, hamza and madda above or below, Latin accents), no tatweel, lower
    case, alef maqsura as ya, ta marbuta as ha, Arabic digits as ASCII."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn" and c != TATWEEL)
    return bare.lower().translate(_TABLE)


def words(text: str) -> list[str]:
    """The folded words of a text (Arabic punctuation separates words like any other)."""
    return _WORD.findall(fold(text))


def without_article(word: str) -> str:
    """A folded word without the definite article, when a stem is left."""
    if word.startswith(ARTICLE) and len(word) - len(ARTICLE) >= MIN_STEM:
        return word[len(ARTICLE) :]
    return word


def index_keys(word: str) -> set[str]:
    """The keys a folded word is filed under: itself, and without each clitic prefix."""
    cuts = range(max(0, min(MAX_CLITICS, len(word) - MIN_STEM)) + 1)
    return {without_article(word[cut:]) for cut in cuts if CLITICS.fullmatch(word[:cut])}


def query_keys(query: str) -> list[str]:
    """The keys a query looks up (the page's script computes the same)."""
    return [without_article(w) for w in words(query) if w not in STOP_WORDS]


@dataclass(frozen=True, slots=True)
class Document:
    """One searchable unit: a paragraph of an article, or an actor's page."""

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


def documents(
    articles: Iterable[Article],
    actors: dict[str, Actor],
    entries: dict[str, ActorEntry],
    directory_urls: bool = True,
) -> Iterator[Document]:
    """Actor pages first (most mentioned first), then every article's paragraphs, newest
    article first."""

    def url(page: str) -> str:
        return page_url(page, "index.md", directory_urls)

    for actor_id, entry in sorted(entries.items(), key=lambda item: -item[1].mention_count):
        actor = entry.actor
        roles = [role.title for role in actor.roles]
        yield Document(
            url=url(actor_page(actor_id)),
            title=actor.en,
            title_ar=actor.ar,
            arabic=" · ".join(dict.fromkeys([actor.ar, *actor.variants_ar])),
            english=" · ".join(dict.fromkeys([actor.en, *actor.variants_en, *roles])),
            date="",
        )
    for article in newest_first(articles):
        page = url(article_page(article))
        title = english(article.title_sentence)
        for number, paragraph in article.numbered_paragraphs():
            named = {m.actor for s in paragraph.sentences for m in s.mentions}
            names = [
                name
                for actor_id in sorted(named)
                if actor_id in actors
                for name in (actors[actor_id].en, actors[actor_id].ar)
            ]
            yield Document(
                url=page + (f"#{paragraph.id}" if number else ""),
                title=title,
                title_ar=article.title,
                arabic=paragraph.text,
                english=" ".join(english(s) for s in paragraph.sentences),
                date=article.date.isoformat() if article.date else "",
                extra=" ".join(names),
            )


def shard_name(key: str) -> str:
    """The file a key's shard is in: its first characters as hex code points."""
    return "-".join(f"{ord(c):04x}" for c in key[:SHARD_PREFIX])


def index_files(docs: Iterable[Document]) -> dict[str, str]:
    """The index files, by path in the site: `meta.json` (the folding rules, the shard
    names, the first document of each page), `keys/<shard>.json` (key → the ids of the
    documents that hold it, ascending), `docs/<chunk>.json` (the documents' text).
    A page's documents must come one after the other."""
    postings: dict[str, set[int]] = defaultdict(set)
    chunks: list[list[list[str]]] = []
    page_starts: list[int] = []
    previous_page = None
    for doc_id, doc in enumerate(docs):
        if doc_id % CHUNK_DOCS == 0:
            chunks.append([])
        page = doc.url.partition("#")[0]
        if page != previous_page:
            page_starts.append(doc_id)
            previous_page = page
        chunks[-1].append([doc.url, doc.title, doc.title_ar, doc.arabic, doc.english, doc.date])
        text = " ".join((doc.arabic, doc.english, doc.extra, doc.title, doc.title_ar))
        for word in set(words(text)):
            if word not in STOP_WORDS:
                for key in index_keys(word):
                    postings[key].add(doc_id)
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for key in sorted(postings):
        shards[shard_name(key)][key] = sorted(postings[key])
    files = {
        f"{INDEX_DIR}/keys/{name}.json": _json(shard) for name, shard in sorted(shards.items())
    }
    files.update({f"{INDEX_DIR}/docs/{n}.json": _json(chunk) for n, chunk in enumerate(chunks)})
    meta = {
        "version": 1,
        "documents": sum(len(chunk) for chunk in chunks),
        "chunk": CHUNK_DOCS,
        "shard_prefix": SHARD_PREFIX,
        "shards": sorted(shards),
        "folding": FOLDING,
        "tatweel": TATWEEL,
        "article": ARTICLE,
        "min_stem": MIN_STEM,
        "stop_words": sorted(STOP_WORDS),
        "clitics": CLITICS.pattern,
        "max_clitics": MAX_CLITICS,
        "page_starts": page_starts,
    }
    files[f"{INDEX_DIR}/meta.json"] = _json(meta)
    return files


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def search_files(
    articles: list[Article],
    actors: dict[str, Actor],
    entries: dict[str, ActorEntry],
    directory_urls: bool = True,
) -> dict[str, str]:
    """The whole index for a site."""
    return index_files(documents(articles, actors, entries, directory_urls))
