"""The processing stages, in order. Each is a named function taking the build state.

Like markdown-it's rule lists: a stage does one thing to `BuildState`, can be tested
alone, and a site can run a different list. Nothing here imports MkDocs or writes files.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import replace
from functools import partial
from itertools import chain, count, islice, takewhile

from digest.actors.discover import ROMANIZED, Found
from digest.errors import ModelMissingError, Problem
from digest.model import Article, Flag, Ident, Paragraph, Sentence, Translation
from digest.parallel import FORK_FROM, run_all
from digest.pipeline.actors import (
    align_mentions,
    discover_actors,
    find_discovered,
    find_introduced,
    find_mentions,
    load_actors,
)
from digest.pipeline.state import BuildState, Counts, Stage
from digest.quotes.attribution import find_quotes
from digest.text.ids import content_ids, slugify, text_hash
from digest.text.segment import split_sentences
from digest.translation.glossary import force_terms
from digest.translation.memory import recall
from digest.translation.pieces import join_translations, split_for_translation
from digest.translation.quality import flags_for


def assign_slugs(state: BuildState) -> None:
    """Give every article a unique slug, safe as a URL and a file name: its own, else its
    key's. When slugs collide, the article that asked for the slug and was published
    first keeps it; the others get a suffix from their own key, so that a newer article
    never moves an older one, and their URLs do not depend on which others exist."""
    _choose_slugs(state.articles)


def _choose_slugs(articles: list[Article]) -> None:
    """Each article's slug: what it asks for, unless an earlier claim took it; then that
    with a suffix from its key's hash, as short as is free (with a number after the whole
    hash, should even that be taken: this always ends)."""
    wanted = {id(a): slugify(a.slug) or slugify(a.key) or "article" for a in articles}
    taken: set[str] = set()
    losers: list[Article] = []

    def claim(article: Article) -> tuple[bool, dt.date, str]:
        return (not slugify(article.slug), article.date or dt.date.max, article.key)

    for article in sorted(articles, key=claim):
        if wanted[id(article)] in taken:
            losers.append(article)
            continue
        article.slug = wanted[id(article)]
        taken.add(article.slug)
    for article in losers:
        base, digest = wanted[id(article)], text_hash(article.key)
        tails = (digest[:size] for size in range(6, len(digest) + 1, 2))
        numbered = (f"{digest}-{number}" for number in count(2))
        slug = next(s for t in chain(tails, numbered) if (s := f"{base}-{t}") not in taken)
        article.slug = slug
        taken.add(slug)


def segment(state: BuildState) -> None:
    """Split paragraphs into sentences and give both their content-derived ids."""
    for article in state.pending:
        texts = [split_sentences(paragraph) for paragraph in article.body]
        paragraph_ids = content_ids("p", article.body)
        sentence_ids = iter(content_ids("s", [s for sentences in texts for s in sentences]))
        article.paragraphs = [
            Paragraph(pid, [Sentence(next(sentence_ids), text) for text in sentences])
            for pid, sentences in zip(paragraph_ids, texts, strict=True)
        ]
        article.title_sentence = Sentence("title", article.title)


def recall_translations(state: BuildState) -> None:
    """Give sentences the English the memory holds for them."""
    for article in state.pending:
        memory = state.memories.get(article.key)
        if memory is not None:
            recall(article, memory)
            article.notes = list(memory.notes)
        sentences = article.sentences
        reused = [s for s in sentences if s.translation is not None]
        state.counts.reused += len(reused)
        state.counts.stale += sum(1 for s in reused if s.translation and s.translation.stale)


def translate_missing(state: BuildState) -> None:
    """Translate, in one batched run over all articles, every sentence still without English."""
    missing = [s for article in state.pending for s in article.sentences if s.translation is None]
    # (A settled article lacks English only when there was no model to translate it.)
    left = sum(
        s.translation is None
        for article in state.articles
        if article.ident in state.settled
        for s in article.sentences
    )
    if not missing and not left:
        return
    reason = "Translation is turned off for this build."
    try:
        translator = state.translator() if state.translator else None
    except ModelMissingError as error:
        translator, reason = None, str(error)
    if translator is None:
        state.counts.untranslated += len(missing) + left
        state.untranslated = _untranslated_problem(state, len(missing) + left, reason)
        state.problems.append(state.untranslated)
        return

    already = state.counts.translated
    glossary = state.quality.glossary
    pieces: list[str] = []
    owner: list[int] = []
    for index, sentence in enumerate(missing):
        for piece in split_for_translation(force_terms(sentence.text, glossary)):
            pieces.append(piece)
            owner.append(index)
    needed = Counter(owner)
    parts: dict[int, dict[int, Translation]] = defaultdict(dict)

    def store(piece_indices: list[int], translations: list[Translation]) -> None:
        finished = []
        for piece_index, translation in zip(piece_indices, translations, strict=True):
            index = owner[piece_index]
            parts[index][piece_index] = translation
            if len(parts[index]) == needed[index]:
                joined = join_translations([t for _, t in sorted(parts.pop(index).items())])
                # The engine saw the source with forced glossary terms; the memory keys on
                # the Arabic.
                missing[index].translation = replace(joined, source_hash=missing[index].source_hash)
                finished.append(index)
        state.counts.translated += len(finished)
        if state.on_translated and finished:
            done = state.counts.translated - already
            state.on_translated([missing[index] for index in finished], done, len(missing))

    if missing:
        translator.translate(pieces, on_chunk=store)


def _untranslated_problem(state: BuildState, count: int, reason: str) -> Problem:
    without = [a for a in state.articles if any(s.translation is None for s in a.sentences)]
    first = without[0]
    others = f" and in {len(without) - 1} other article(s)" if len(without) > 1 else ""
    return Problem(
        first.source_path,
        f"{count} sentence(s) here{others} have no English and are shown untranslated:",
        reason[:1].lower() + reason[1:],
        record=None if first.record is None else first.record + 1,
    )


def flag_quality(state: BuildState) -> None:
    """Run the quality checks over every machine line (flags follow the current glossary
    and thresholds, so they are recomputed on each build rather than trusted from disk)."""
    for article in state.pending:
        for sentence in article.sentences:
            translation = sentence.translation
            if translation is None:
                continue
            if translation.by == "machine":
                flags = flags_for(sentence.text, translation, state.quality)
                translation.flags = _with_actor_names(flags, sentence, state)
            else:
                translation.flags = []
            state.counts.flags.update(flag.code for flag in translation.flags)
            state.counts.flagged += bool(translation.flags)


def _with_actor_names(flags: list[Flag], sentence: Sentence, state: BuildState) -> list[Flag]:
    """The flags, with a `name` flag for each registered person or organization named in
    the Arabic whose English form the translation lacks."""
    missing = [
        state.actors[m.actor].en
        for m in sentence.mentions
        if m.en_start is None
        and m.how in ("registry", "partial")
        and state.actors[m.actor].type in ("person", "organization")
    ]
    named = next((f for f in flags if f.code == "name"), None)
    listed = named.detail.removeprefix("missing ").split(", ") if named else []
    extra = [name for name in dict.fromkeys(missing) if name not in listed]
    if not extra:
        return flags
    others = [f for f in flags if f.code != "name"]
    return [*others, Flag("name", "missing " + ", ".join([*listed, *extra]))]


def attribute_quotes(state: BuildState) -> None:
    """Direct quotations and their speakers (after the actors are known)."""
    find_quotes(state.pending, state.actors)


STAGES: list[Stage] = [
    assign_slugs,
    load_actors,
    segment,
    recall_translations,
    find_mentions,
    find_introduced,
    translate_missing,
    discover_actors,
    find_discovered,
    align_mentions,
    attribute_quotes,
    flag_quality,
]
"""The default pipeline, in order."""


PER_ARTICLE: set[Stage] = {
    find_discovered,
    segment,
    recall_translations,
    find_mentions,
    find_introduced,
    align_mentions,
    attribute_quotes,
    flag_quality,
}
"""Stages that treat each article on its own, changing only the articles and the counts:
a run of them can be shared out among processes."""

Introductions = dict[Ident, list[Found]]
"""The names each article introduces, by `Article.ident`."""


def run(state: BuildState, stages: list[Stage] | None = None, workers: int = 1) -> BuildState:
    """Run the stages over the state, in order; consecutive per-article stages in
    `workers` processes when there are enough articles (same result as in one)."""
    stages = STAGES if stages is None else stages
    index = 0
    while index < len(stages):
        group = list(takewhile(lambda stage: stage in PER_ARTICLE, stages[index:]))
        if group and workers > 1 and len(state.pending) >= FORK_FROM:
            _run_shared(state, group, workers)
            index += len(group)
        else:
            stages[index](state)
            index += 1
    return state


Shared = tuple[
    list[Article], Counts, list[Problem], list[list[Found] | None], dict[str, tuple[str, bool]]
]
"""What a worker sends back: its articles, figures, problems, the names each of its
articles introduces (None where not looked for), and the romanizer's new answers."""


def _run_shared(state: BuildState, group: list[Stage], workers: int) -> None:
    pending = state.pending
    size = -(-len(pending) // workers)
    parts = [pending[start : start + size] for start in range(0, len(pending), size)]

    known = len(ROMANIZED)

    def job(part: list[Article]) -> Shared:
        local = replace(
            state, articles=part, counts=Counts(), problems=[], settled=frozenset(), found={}
        )
        for stage in group:
            stage(local)
        romanized = dict(islice(ROMANIZED.items(), known, None))
        found = [local.found.get(article.ident) for article in part]
        return local.articles, local.counts, local.problems, found, romanized

    results = run_all([partial(job, part) for part in parts], workers)
    back: dict[Ident, Article] = {}
    for part, (articles, counts, problems, found, romanized) in zip(parts, results, strict=True):
        for article, copy, names in zip(part, articles, found, strict=True):
            # The copy's path is a copy too: given this one's, the path and the ident are
            # compared with themselves at once, not part by part, in the build and the next.
            copy.source_path = article.source_path
            back[article.ident] = copy
            if names is not None:
                state.found[article.ident] = names
        state.counts.add(counts)
        state.problems.extend(problems)
        ROMANIZED.update(romanized)
    state.articles = [back.get(article.ident, article) for article in state.articles]


def settled_counts(articles: list[Article]) -> Counts:
    """The figures of articles taken from a previous build: their English is reused."""
    counts = Counts()
    for article in articles:
        for sentence in article.sentences:
            translation = sentence.translation
            if translation is None:
                continue
            counts.reused += 1
            counts.stale += translation.stale
            counts.flags.update(flag.code for flag in translation.flags)
            counts.flagged += bool(translation.flags)
    return counts
