"""A digest's articles as stories: each story's articles, its title, outlets and actors.

Pure: the grouping (`digest.stories.group`) is given and returned, so that a caller can
keep it between builds and continue it with the articles added since (`find_stories`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass

from digest.model import Article, newest_first
from digest.stories.group import Grouping, StoryItem


@dataclass(frozen=True, slots=True)
class Story:
    """Articles that report one event or development, across outlets and days."""

    id: str
    """Its name in the site: the slug of its first article (it never changes while the
    story grows)."""

    articles: tuple[Article, ...]
    """Its articles, newest first (`newest_first`)."""

    central: Article
    """Its most central article, whose title is the story's."""

    @property
    def threaded(self) -> bool:
        """Whether it has several articles: a story of one article is shown as its
        article, with no page of its own."""
        return len(self.articles) > 1

    @property
    def page(self) -> str:
        """The story page's path (when `threaded`)."""
        return f"stories/{self.id}.md"

    @property
    def first(self) -> dt.date | None:
        """The date of its oldest article."""
        return self.articles[-1].date

    @property
    def last(self) -> dt.date | None:
        """The date of its newest article."""
        return self.articles[0].date

    @property
    def outlets(self) -> list[str]:
        """The outlets that carried it (`Article.source`), most articles first."""
        counts = Counter(a.source for a in self.articles if a.source)
        return [name for name, _ in counts.most_common()]

    @property
    def actors(self) -> list[tuple[str, int]]:
        """The actors its articles name, with how many of its articles name each, most
        first (ties by id)."""
        counts = Counter(actor for article in self.articles for actor in article.named_actors())
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def story_item(article: Article) -> StoryItem:
    """What the grouping knows of an article. Its key holds its `Article.key` and a hash
    of its date, title and text: a grouping kept from an earlier build is continued only
    while the articles it holds are as they were."""
    text = "\n".join(article.body)
    content = hashlib.sha256(f"{article.date} {article.title}\n{text}".encode()).hexdigest()
    return StoryItem(f"{article.key} {content[:24]}", article.date, article.title, text)


def _order(article: Article) -> tuple[dt.date, str]:
    """The grouping's order: by date, then by key."""
    assert article.date is not None
    return (article.date, article.key)


def find_stories(
    articles: list[Article], kept: Grouping | None = None
) -> tuple[list[Story], Grouping]:
    """The articles' stories, newest first (by their newest article, then their first),
    and the grouping to keep for a later build: that of every article but those of the
    newest date (`Grouping.settled`), so that articles added to that date later are
    grouped with them as if all had come at once. `kept`, a grouping kept so, is continued
    when the articles it holds are the first of these in the grouping's order, as they
    were; otherwise the articles are grouped from nothing. Either way the stories are the
    same. An undated article is a story of its own (it is not grouped)."""
    ordered = sorted((a for a in articles if a.date is not None), key=_order)
    items = [story_item(article) for article in ordered]
    keys = [item.key for item in items]
    newest = next((n for n, a in enumerate(ordered) if a.date == ordered[-1].date), 0)
    if kept is None or len(kept.keys) > newest or kept.keys != keys[: len(kept.keys)]:
        kept = Grouping()
    kept.add(items[len(kept.keys) : newest])
    keep = kept.settled()
    kept.add(items[newest:])
    members: dict[int, list[int]] = {}
    for n, story in enumerate(kept.stories):
        members.setdefault(story, []).append(n)
    stories = []
    for first, rows in members.items():
        central = max(rows, key=lambda n: (kept.centrality[n], -n))
        stories.append(
            Story(
                ordered[first].slug,
                tuple(newest_first([ordered[n] for n in rows])),
                ordered[central],
            )
        )
    stories += [Story(a.slug, (a,), a) for a in articles if a.date is None]
    stories.sort(key=lambda s: (s.last or dt.date.min, s.first or dt.date.min), reverse=True)
    return stories, keep
