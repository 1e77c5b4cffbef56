"""The actors' index kept from one build to the next: updated with the articles that
changed, it is the index made anew."""

from __future__ import annotations

import copy
import datetime as dt
import random
from itertools import count

from support import FIXTURES, ROOT

from digest.actors.index import ActorEntry, IndexMemo, build_index
from digest.build import prepare
from digest.model import Article
from digest.project import Project


def _articles() -> tuple[list[Article], dict]:  # type: ignore[type-arg]
    project = Project.from_section(ROOT, {"seeds": str(FIXTURES / "search")})
    prepared = prepare(project, None, save=False)
    assert len(prepared.articles) >= 3 and prepared.state.actors
    return prepared.articles, prepared.state.actors


def _variant(article: Article, number: int, rng: random.Random) -> Article:
    """A copy of the article under another slug, perhaps on another day (a few days only,
    so that dates and titles are shared)."""
    made = copy.deepcopy(article)
    made.slug = f"{article.slug}-{number}"
    made.key = f"{article.key}-{number}"
    made.date = rng.choice([None, dt.date(2024, 5, 1), dt.date(2024, 5, 2), article.date])
    return made


def _shown(entries: dict[str, ActorEntry]) -> dict[str, object]:
    """Everything an actor's pages, feed and search documents show of its entry."""
    return {
        actor_id: (
            [(shown[1], part.listing) for _, shown, part in entry.rows],
            [(article.slug, [a.number for a in shown]) for article, shown in entry.articles],
            entry.mention_count,
            [(actor.id, count) for actor, count in entry.companions],
            entry.timeline,
        )
        for actor_id, entry in entries.items()
    }


def test_index_updated_with_the_changes_is_the_index_made_anew() -> None:
    base, actors = _articles()
    rng = random.Random(8)
    # enough that an actor is named in dozens of articles (its rows are then not all
    # looked at to take one out)
    pool = [_variant(article, n, rng) for n in range(40) for article in base]
    numbers = count()
    revisions = {id(article): next(numbers) for article in pool}

    def revision(article: Article) -> object:
        return revisions[id(article)]

    current, left = pool[: len(pool) // 2], pool[len(pool) // 2 :]
    memo = IndexMemo()
    build_index(current, actors, memo=memo, revision=revision)
    for _ in range(60):
        change = rng.choice(["add", "remove", "edit", "rename", "redate"])
        if change == "add" and left:
            current.insert(rng.randrange(len(current) + 1), left.pop())
        elif change == "remove" and current:
            left.append(current.pop(rng.randrange(len(current))))
        elif change == "edit" and current:  # the same article as read again: a new revision
            at = rng.randrange(len(current))
            current[at] = copy.deepcopy(current[at])
            revisions[id(current[at])] = next(numbers)
        elif change == "rename" and current:  # a slug decided again, the revision kept
            rng.choice(current).slug += "-x"
        elif change == "redate" and current:
            at = rng.randrange(len(current))
            current[at] = _variant(current[at], next(numbers), rng)
            revisions[id(current[at])] = next(numbers)
        updated = build_index(current, actors, memo=memo, revision=revision)
        anew = build_index(current, actors)
        assert list(updated) == list(anew)
        assert _shown(updated) == _shown(anew)


def test_an_edit_leaves_the_entries_of_actors_the_article_does_not_name() -> None:
    articles, actors = _articles()
    memo = IndexMemo()
    revisions = {id(article): n for n, article in enumerate(articles)}
    first = build_index(articles, actors, memo=memo, revision=lambda a: revisions[id(a)])
    edited = copy.deepcopy(articles[0])
    revisions[id(edited)] = len(revisions)
    named = {m.actor for s in edited.sentences for m in s.mentions} | {
        m.actor for m in (edited.title_sentence.mentions if edited.title_sentence else [])
    }
    second = build_index(
        [edited, *articles[1:]], actors, memo=memo, revision=lambda a: revisions[id(a)]
    )
    for actor_id, entry in second.items():
        if actor_id in named:
            assert entry is not first[actor_id]
        else:
            assert entry is first[actor_id], actor_id
    assert any(actor_id not in named for actor_id in second) and named & set(second)
