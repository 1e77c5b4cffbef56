"""The translation memory: one human-readable YAML sidecar per article, beside its seed.

Each entry is one Arabic sentence: its id, the paragraph it belongs to, the Arabic and its
hash, the English and its provenance. Rebuilds reuse entries whose hash matches; an
editor's entry is never replaced by the machine: when its Arabic changes, the closest new
sentence shows it marked stale until an editor updates it. This module parses and writes
the text only; `digest.store` does the file I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from digest import yamlio
from digest.errors import InputError
from digest.model import Article, Flag, Note, Sentence, Translation
from digest.reading.metadata import load_yaml_mapping_with_nodes
from digest.text.ids import text_hash

SUFFIX = ".tm.yml"
STALE_SIMILARITY = 60.0
"""Minimum rapidfuzz ratio for an editor's line to follow its edited Arabic sentence."""

HEADER = """\
# digest translation memory: one entry per Arabic sentence of the article.
# To correct the English of a sentence, edit its `en` and set `by: editor`;
# the machine never overwrites an editor's line.
"""


@dataclass(slots=True)
class Entry:
    """One sentence of the memory, as stored."""

    id: str
    """The sentence id at the time the entry was written."""

    paragraph: str
    """The id of the paragraph the sentence belonged to (`title` for the title)."""

    ar: str
    """The Arabic sentence the English was made from."""

    source_hash: str
    """Hash of `ar`; a sentence reuses the entry when its own hash is the same."""

    en: str
    """The English."""

    by: str
    """`machine` or `editor`."""

    engine: str = ""
    """Engine of a machine line."""

    package: str = ""
    """Model package and version of a machine line."""

    score: float | None = None
    """Length-normalised log-probability of a machine line."""

    machine_hash: str = ""
    """Hash of the English as the machine wrote it: a different `en` means an editor changed it."""

    flags: list[str] = field(default_factory=list)
    """Quality flags of a machine line, `code: detail`."""

    line: int = 0
    """Line of the entry in the memory file (0 when not read from a file)."""

    def translation(self, source_hash: str, stale: bool = False) -> Translation:
        """The entry as the translation of the sentence whose Arabic hashes to source_hash."""
        if self.by == "editor":  # whatever engine wrote the line before, it is not its now
            return Translation(self.en, "editor", source_hash, stale=stale)
        flags = [Flag.parse(text) for text in self.flags]
        return Translation(
            self.en, "machine", source_hash, self.engine, self.package, self.score, stale, flags
        )


@dataclass(slots=True)
class Memory:
    """The memory of one article."""

    article: str
    """The article key the memory belongs to."""

    entries: list[Entry] = field(default_factory=list)
    """Entries in the article's reading order, then orphaned editor entries."""

    readable: bool = True
    """False when the sidecar exists but could not be parsed: it must not be overwritten."""

    notes: list[Note] = field(default_factory=list)
    """Editors' notes, kept as written."""


def memory_path(article: Article) -> Path:
    """Where an article's memory lives: `<seeds>/<article key>.tm.yml`."""
    return article.source_path.parent / f"{article.key}{SUFFIX}"


def _entry(path: Path, raw: Any, line: int) -> Entry:
    required = ("id", "en", "by")
    if not isinstance(raw, dict) or any(not isinstance(raw.get(k), str) for k in required):
        raise InputError(
            path,
            f"has an entry without one of {', '.join(required)} (all text).",
            "Restore the entry, or delete it to translate the sentence again.",
            line=line,
        )
    if raw["by"] not in ("machine", "editor"):
        raise InputError(
            path, f"has `by: {raw['by']}`.", "Write `by: editor` or `by: machine`.", line=line
        )
    score = raw.get("score")
    entry = Entry(
        id=raw["id"],
        paragraph=str(raw.get("paragraph") or ""),
        ar=str(raw.get("ar") or ""),
        source_hash=str(raw.get("source_hash") or ""),
        en=raw["en"],
        by=raw["by"],
        engine=str(raw.get("engine") or ""),
        package=str(raw.get("package") or ""),
        score=float(score) if isinstance(score, (int, float)) else None,
        machine_hash=str(raw.get("machine_hash") or ""),
        flags=[str(flag) for flag in raw.get("flags") or []],
        line=line,
    )
    if entry.by == "machine" and entry.machine_hash and text_hash(entry.en) != entry.machine_hash:
        entry.by = "editor"  # the machine's English was corrected by hand
    return entry


def parse_memory(path: Path, text: str) -> Memory:
    """A memory from its YAML text; malformed files raise an InputError naming the line."""
    data, root = load_yaml_mapping_with_nodes(path, text)
    sentences = data.get("sentences") or []
    if not isinstance(sentences, list):
        raise InputError(path, "`sentences` is not a list.", "Write one `- id: …` per sentence.")
    lines = _item_lines(root, "sentences", len(sentences))
    entries = [_entry(path, raw, line) for raw, line in zip(sentences, lines, strict=True)]
    notes = data.get("notes") or []
    if not isinstance(notes, list):
        raise InputError(path, "`notes` is not a list.", "Write one `- anchor: …` per note.")
    note_lines = _item_lines(root, "notes", len(notes))
    parsed = [_note(path, raw, line) for raw, line in zip(notes, note_lines, strict=True)]
    return Memory(str(data.get("article", path.name.removesuffix(SUFFIX))), entries, notes=parsed)


def _note(path: Path, raw: Any, line: int) -> Note:
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("anchor"), str)
        or not isinstance(raw.get("text"), str)
    ):
        raise InputError(
            path,
            "has a note without `anchor` or `text`.",
            "Give both (anchor: article, p-… or s-…).",
            line=line,
        )
    lang = str(raw.get("lang") or "en")
    if lang not in ("en", "ar"):
        raise InputError(
            path, f"has a note in `lang: {lang}`.", "Write `lang: en` or `lang: ar`.", line=line
        )
    return Note(raw["anchor"].strip(), raw["text"], lang, line)


def _item_lines(root: yaml.Node | None, section: str, count: int) -> list[int]:
    """The 1-based line where each item of a top-level list starts."""
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if key.value == section and isinstance(value, yaml.SequenceNode):
            return [node.start_mark.line + 1 for node in value.value]
    return [0] * count


def _entry_data(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": entry.id,
        "paragraph": entry.paragraph,
        "source_hash": entry.source_hash,
        "ar": entry.ar,
        "en": entry.en,
        "by": entry.by,
    }
    if entry.by != "editor":
        data.update(engine=entry.engine, package=entry.package, score=entry.score)
        data["machine_hash"] = entry.machine_hash or text_hash(entry.en)
        if entry.flags:
            data["flags"] = entry.flags
    return data


def same_memory(first: Memory, second: Memory) -> bool:
    """Whether two memories would be written the same, and the first is written so (an
    editor's line read with a machine's fields, or a machine line corrected by hand, is
    not: its file is to be written again)."""
    leftovers = any(
        e.by == "editor" and (e.engine or e.package or e.score is not None or e.machine_hash)
        for e in first.entries
    )
    return (
        not leftovers
        and first.article == second.article
        and first.notes == second.notes
        and list(map(_entry_data, first.entries)) == list(map(_entry_data, second.entries))
    )


def dump_memory(memory: Memory) -> str:
    """The memory as YAML, deterministic, Arabic written as is."""
    data: dict[str, Any] = {
        "article": memory.article,
        "sentences": [_entry_data(e) for e in memory.entries],
    }
    if memory.notes:
        data["notes"] = [{"anchor": n.anchor, "lang": n.lang, "text": n.text} for n in memory.notes]
    body = yamlio.dump(data, allow_unicode=True, sort_keys=False, width=100_000)
    return HEADER + body


def _paragraph_ids(article: Article) -> dict[str, str]:
    """Sentence id to paragraph id, the title included."""
    owners = {s.id: p.id for p in article.paragraphs for s in p.sentences}
    if article.title_sentence:
        owners[article.title_sentence.id] = "title"
    return owners


def _recall_key(entry: Entry) -> str:
    """The entry's Arabic hash, or `id:<sentence id>` for an editor's entry without one."""
    if entry.source_hash:
        return entry.source_hash
    return f"id:{entry.id}" if entry.by == "editor" else ""


def recall(article: Article, memory: Memory) -> None:
    """Give the article's sentences their remembered English.

    Entries are reused by Arabic hash. An editor's entry without a hash (the editor removed
    it to confirm the English) is matched by sentence id. An editor's entry left without a
    sentence goes to the most similar sentence still without English, marked stale.
    """
    by_key: dict[str, list[Entry]] = {}
    for entry in memory.entries:
        by_key.setdefault(_recall_key(entry), []).append(entry)
    used: set[int] = set()
    waiting: list[Sentence] = []
    for sentence in article.sentences:
        candidates = by_key.get(sentence.source_hash, []) + by_key.get(f"id:{sentence.id}", [])
        unused = [e for e in candidates if id(e) not in used]
        editor_first = sorted(unused, key=lambda e: (e.by != "editor", e.id != sentence.id))
        if editor_first:
            used.add(id(editor_first[0]))
            sentence.translation = editor_first[0].translation(sentence.source_hash)
        else:
            waiting.append(sentence)
    orphans = [e for e in memory.entries if e.by == "editor" and id(e) not in used]
    for sentence in waiting:
        scored = [(fuzz.ratio(sentence.text, e.ar), e) for e in orphans if id(e) not in used]
        best = max(scored, key=lambda pair: pair[0], default=None)
        if best and best[0] >= STALE_SIMILARITY:
            used.add(id(best[1]))
            sentence.translation = best[1].translation(best[1].source_hash, stale=True)


def remember(article: Article, previous: Memory | None) -> Memory:
    """The memory to store after a build: every translated sentence in reading order, then
    the previous editor entries no sentence uses any more (an editor's work is never lost)."""
    owners = _paragraph_ids(article)
    entries: list[Entry] = []
    in_use: set[str] = set()
    for sentence in article.sentences:
        in_use.update((sentence.source_hash, f"id:{sentence.id}"))
        translation = sentence.translation
        if translation is None:
            continue
        ar = sentence.text
        if translation.stale and previous is not None:
            ar = next(
                (e.ar for e in previous.entries if e.source_hash == translation.source_hash), ar
            )
        entries.append(
            Entry(
                id=sentence.id,
                paragraph=owners.get(sentence.id, ""),
                ar=ar,
                source_hash=translation.source_hash,
                en=translation.text,
                by=translation.by,
                engine=translation.engine,
                package=translation.package,
                score=translation.score,
                flags=[str(flag) for flag in translation.flags],
            )
        )
        in_use.add(translation.source_hash)
    for entry in previous.entries if previous else []:
        if entry.by == "editor" and _recall_key(entry) not in in_use:
            entries.append(entry)
    return Memory(article.key, entries, notes=previous.notes if previous else [])
