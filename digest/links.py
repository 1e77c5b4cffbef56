"""Links between generated pages, and sentences with their mentions linked.

MkDocs rewrites links in Markdown but not inside raw HTML, where the aligned rows live,
so digest computes those relative URLs itself, the way MkDocs would.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from markupsafe import Markup, escape

from digest.model import Sentence


def page_url(target: str, source: str, directory_urls: bool = True) -> str:
    """The relative URL of one generated page from another, as MkDocs would write it
    (links inside raw HTML are not rewritten by MkDocs, so digest writes them itself)."""

    def url(path: str) -> str:
        stem = path.removesuffix(".md")
        if not directory_urls:
            return stem + ".html"
        if stem == "index":
            return "./"
        if stem.endswith("/index"):
            return stem.removesuffix("index")
        return stem + "/"

    source_url, target_url = url(source), url(target)
    base = (
        posixpath.dirname(source_url.rstrip("/")) if not directory_urls else source_url.rstrip("/")
    )
    relative = posixpath.relpath(target_url.rstrip("/") or ".", base or ".")
    return relative + ("/" if target_url.endswith("/") and relative != "." else "")


def actor_page(actor_id: str) -> str:
    """`actors/<id>.md`."""
    return f"actors/{actor_id}.md"


def _with_mentions(
    text: str, spans: list[tuple[int, int, str]], link: Callable[[str], str], mark: str | None
) -> Markup:
    """Text with each span linked to its actor's page, or marked when it is `mark`'s."""
    pieces: list[str] = []
    position = 0
    for start, end, actor in sorted(spans):
        if start < position:
            continue
        pieces.append(str(escape(text[position:start])))
        name = escape(text[start:end])
        if actor == mark:
            pieces.append(f'<mark class="digest-mention">{name}</mark>')
        else:
            href, data = escape(link(actor)), escape(actor)
            pieces.append(f'<a class="digest-mention" href="{href}" data-actor="{data}">{name}</a>')
        position = end
    pieces.append(str(escape(text[position:])))
    return Markup("".join(pieces))


class PageContext:
    """Link helpers for the page being rendered."""

    def __init__(self, page: str, directory_urls: bool, actors: set[str]) -> None:
        self.page = page
        self.directory_urls = directory_urls
        self.actors = actors

    def url(self, target: str) -> str:
        """The relative URL of another generated page."""
        return page_url(target, self.page, self.directory_urls)

    def actor_url(self, actor_id: str) -> str:
        return self.url(actor_page(actor_id))

    def arabic(self, sentence: Sentence, mark: str | None = None) -> Markup:
        """The Arabic sentence with its mentions linked (or marked)."""
        spans = [(m.start, m.end, m.actor) for m in sentence.mentions if m.actor in self.actors]
        return _with_mentions(sentence.text, spans, self.actor_url, mark)

    def english(self, sentence: Sentence, mark: str | None = None) -> Markup:
        """The English with the mentions it contains linked (or marked)."""
        if sentence.translation is None:
            return Markup("")
        spans = [
            (m.en_start, m.en_end, m.actor)
            for m in sentence.mentions
            if m.en_start is not None and m.en_end is not None and m.actor in self.actors
        ]
        return _with_mentions(sentence.translation.text, spans, self.actor_url, mark)
