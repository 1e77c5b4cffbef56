"""Exports for researchers: `digest.json`, one JSON Lines file per record type, and CSV
files of mentions and quotations. Pure: returns file contents by name.

`digest.json` holds a list per record type, one record per line (as in the JSON Lines
files), so that it reads, greps and diffs line by line however large it grows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digest.model import Actor, Article, Mention, Quote, Sentence, Translation
from digest.parallel import map_all
from digest.stories.threads import Story, find_stories

SCHEMA = Path(__file__).parent / "digest.schema.json"
RECORD_TYPES = (
    "articles",
    "sentences",
    "actors",
    "mentions",
    "quotes",
    "attributions",
    "notes",
    "stories",
)


def _translation(translation: Translation | None) -> dict[str, Any] | None:
    if translation is None:
        return None
    return {
        "text": translation.text,
        "by": translation.by,
        "engine": translation.engine or None,
        "package": translation.package or None,
        "score": translation.score,
        "stale": translation.stale,
        "flags": [{"code": f.code, "detail": f.detail} for f in translation.flags],
    }


def _mention(sentence: Sentence, m: Mention) -> dict[str, Any]:
    return {
        "actor": m.actor,
        "start": m.start,
        "end": m.end,
        "text": sentence.text[m.start : m.end],
        "en_start": m.en_start,
        "en_end": m.en_end,
        "how": m.how,
    }


def _quote(sentence: Sentence, q: Quote) -> dict[str, Any]:
    return {
        "start": q.start,
        "end": q.end,
        "text": sentence.text[q.start : q.end],
        "speaker": q.speaker,
        "speaker_ar": q.speaker_ar or None,
        "speaker_en": q.speaker_en or None,
        "how": q.how,
        "unclosed": q.unclosed,
    }


def _actor(actor: Actor) -> dict[str, Any]:
    roles = [
        {
            "title": role.title,
            "organization": role.organization or None,
            "from": role.start.isoformat() if role.start else None,
            "to": role.end.isoformat() if role.end else None,
        }
        for role in actor.roles
    ]
    return {
        "id": actor.id,
        "type": actor.type,
        "en": actor.en,
        "ar": actor.ar,
        "variants_ar": actor.variants_ar,
        "variants_en": actor.variants_en,
        "wikidata": actor.wikidata or None,
        "description": actor.description or None,
        "reviewed": actor.reviewed,
        "roles": roles,
    }


def _story(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title_ar": story.central.title,
        "title_en": story.central.title_en,
        "central": story.central.key,
        "first": story.first.isoformat() if story.first else None,
        "last": story.last.isoformat() if story.last else None,
        "articles": [article.key for article in story.articles],
        "outlets": story.outlets,
        "actors": [actor for actor, _ in story.actors],
    }


def exported_stories(stories: list[Story]) -> list[dict[str, Any]]:
    """The story records, newest first: every article is in one."""
    return [_story(story) for story in stories]


def _article(article: Article) -> dict[str, Any]:
    return {
        "key": article.key,
        "slug": article.slug,
        "title_ar": article.title,
        "title_en": article.title_en,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source or None,
        "url": article.url or None,
        "author": article.author or None,
        "paragraphs": [p.id for p in article.paragraphs],
    }


ARTICLE_RECORDS = ("articles", "sentences", "mentions", "quotes", "attributions", "notes")
"""The record types that come from articles, one article at a time."""


def article_records(article: Article) -> dict[str, list[dict[str, Any]]]:
    """The records of one article, by type."""
    out: dict[str, list[dict[str, Any]]] = {kind: [] for kind in ARTICLE_RECORDS}
    out["articles"].append(_article(article))
    located = [(p.id, n, s) for n, p in article.numbered_paragraphs() for s in p.sentences]
    for paragraph, number, sentence in located:
        base = {"article": article.key, "sentence": sentence.id}
        out["sentences"].append(
            {
                **base,
                "paragraph": paragraph,
                "paragraph_number": number,
                "ar": sentence.text,
                "translation": _translation(sentence.translation),
            }
        )
        out["mentions"] += [{**base, **_mention(sentence, m)} for m in sentence.mentions]
        out["quotes"] += [{**base, **_quote(sentence, q)} for q in sentence.quotes]
        out["attributions"] += [
            {**base, "start": a.start, "end": a.end, "source": a.source, "text": a.text}
            for a in sentence.attributions
        ]
    out["notes"] += [
        {"article": article.key, "anchor": n.anchor, "lang": n.lang, "text": n.text}
        for n in article.notes
    ]
    return out


def exported_actors(named: set[str], actors: dict[str, Actor]) -> list[dict[str, Any]]:
    """The actor records: every actor named, and the reviewed people and organizations."""
    return [
        _actor(actor)
        for actor in actors.values()
        if actor.id in named or (actor.type != "country" and actor.reviewed)
    ]


def records(
    articles: list[Article], actors: dict[str, Actor], stories: list[Story] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every record of the digest, by type (the articles' stories found unless given)."""
    out: dict[str, list[dict[str, Any]]] = {kind: [] for kind in RECORD_TYPES}
    for article in articles:
        for kind, rows in article_records(article).items():
            out[kind] += rows
    out["actors"] = exported_actors(set().union(*(a.named_actors() for a in articles)), actors)
    out["stories"] = exported_stories(find_stories(articles)[0] if stories is None else stories)
    return out


MENTION_COLUMNS = [
    "article",
    "sentence",
    "actor",
    "text",
    "start",
    "end",
    "en_start",
    "en_end",
    "how",
]
QUOTE_COLUMNS = [
    "article",
    "sentence",
    "text",
    "speaker",
    "speaker_en",
    "how",
    "unclosed",
    "start",
    "end",
]


CSV_COLUMNS = {"mentions": MENTION_COLUMNS, "quotes": QUOTE_COLUMNS}


@dataclass(frozen=True)
class Fragment:
    """What one article adds to each export file, serialised."""

    items: dict[str, str]
    """The records as items of `digest.json`'s lists (indented as there, joined by commas),
    by type; empty for a type without records."""

    lines: dict[str, str]
    """JSON Lines, by type."""

    csv: dict[str, str]
    """CSV rows (no header) of mentions and quotations."""

    named: frozenset[str]
    """The actors named."""


def fragment(
    rows: dict[str, list[dict[str, Any]]], named: frozenset[str] = frozenset()
) -> Fragment:
    """The serialised form of some records."""
    # Each record is serialised once for both files; on one line, because json's C encoder
    # writes only that (indented JSON takes its pure-Python encoder, several times slower).
    serialised = {
        kind: [json.dumps(r, ensure_ascii=False) for r in records] for kind, records in rows.items()
    }
    items = {kind: ",\n".join("  " + line for line in lines) for kind, lines in serialised.items()}
    lines = {kind: "".join(line + "\n" for line in lines) for kind, lines in serialised.items()}
    csv_rows = {kind: _csv(rows.get(kind, []), columns) for kind, columns in CSV_COLUMNS.items()}
    return Fragment(items, lines, csv_rows, named)


def article_fragment(article: Article) -> Fragment:
    """The serialised records of one article."""
    return fragment(article_records(article), frozenset(article.named_actors()))


def _csv(rows: list[dict[str, Any]], columns: list[str], header: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def export_files(
    articles: list[Article],
    actors: dict[str, Actor],
    workers: int | None = None,
    fragments: list[Fragment] | None = None,
    stories: list[Story] | None = None,
) -> Iterator[tuple[str, str]]:
    """The export files, each by its path in the site, made one at a time as they are taken;
    the articles are serialised on so many processes (default: every core), unless their
    fragments are given (in their order); their stories are found unless given."""
    parts = map_all(article_fragment, articles, workers) if fragments is None else fragments
    named = frozenset().union(*(part.named for part in parts))
    found = find_stories(articles)[0] if stories is None else stories
    whole = {  # (the records not of one article)
        "actors": fragment({"actors": exported_actors(set(named), actors)}),
        "stories": fragment({"stories": exported_stories(found)}),
    }

    def items(kind: str) -> str:
        chosen = [whole[kind]] if kind in whole else parts
        return ",\n".join(text for part in chosen if (text := part.items[kind]))

    def lines(kind: str) -> str:
        chosen = [whole[kind]] if kind in whole else parts
        return "".join(part.lines[kind] for part in chosen)

    document = ['{\n "version": 1,\n']
    for number, kind in enumerate(RECORD_TYPES):
        listed = items(kind)
        if number:
            document.append(",\n")
        document.append(f' "{kind}": [\n{listed}\n ]' if listed else f' "{kind}": []')
    document.append("\n}\n")
    yield "digest.json", "".join(document)
    del document
    yield "digest.schema.json", SCHEMA.read_bytes().decode()
    for kind in RECORD_TYPES:
        yield f"export/{kind}.jsonl", lines(kind)
    for kind, columns in CSV_COLUMNS.items():
        header = _csv([], columns, header=True)
        yield f"export/{kind}.csv", header + "".join(part.csv[kind] for part in parts)
