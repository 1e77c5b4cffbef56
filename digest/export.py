"""Exports for researchers: `digest.json`, one JSON Lines file per record type, and CSV
files of mentions and quotations. Pure: returns file contents by name."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from digest.model import Actor, Article, Mention, Quote, Sentence, Translation

SCHEMA = Path(__file__).parent / "digest.schema.json"
RECORD_TYPES = ("articles", "sentences", "actors", "mentions", "quotes", "attributions", "notes")


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


def _article(article: Article) -> dict[str, Any]:
    title = article.title_sentence.translation if article.title_sentence else None
    return {
        "key": article.key,
        "slug": article.slug,
        "title_ar": article.title,
        "title_en": title.text if title else None,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source or None,
        "url": article.url or None,
        "author": article.author or None,
        "paragraphs": [p.id for p in article.paragraphs],
    }


def records(articles: list[Article], actors: dict[str, Actor]) -> dict[str, list[dict[str, Any]]]:
    """Every record of the digest, by type."""
    out: dict[str, list[dict[str, Any]]] = {kind: [] for kind in RECORD_TYPES}
    named: set[str] = set()
    for article in articles:
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
            named.update(m.actor for m in sentence.mentions)
        out["notes"] += [
            {"article": article.key, "anchor": n.anchor, "lang": n.lang, "text": n.text}
            for n in article.notes
        ]
    out["actors"] = [
        _actor(actor)
        for actor in actors.values()
        if actor.id in named or (actor.type != "country" and actor.reviewed)
    ]
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


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def export_files(articles: list[Article], actors: dict[str, Actor]) -> dict[str, str]:
    """The export files by their path in the site."""
    data = records(articles, actors)
    files = {"digest.json": json.dumps({"version": 1, **data}, ensure_ascii=False, indent=1) + "\n"}
    files["digest.schema.json"] = SCHEMA.read_text(encoding="utf-8")
    for kind, rows in data.items():
        files[f"export/{kind}.jsonl"] = "".join(
            json.dumps(r, ensure_ascii=False) + "\n" for r in rows
        )
    files["export/mentions.csv"] = _csv(
        data["mentions"],
        ["article", "sentence", "actor", "text", "start", "end", "en_start", "en_end", "how"],
    )
    files["export/quotes.csv"] = _csv(
        data["quotes"],
        ["article", "sentence", "text", "speaker", "speaker_en", "how", "unclosed", "start", "end"],
    )
    return files
