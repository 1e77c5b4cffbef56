"""Editors' notes rendered as Material annotations, their Markdown kept safe.

A note is Markdown written by an editor; raw HTML in it is shown as text (markdown-it-py
with HTML off), only http(s) and relative links survive, and images stay links (a page
never loads anything from another host), so a note cannot inject script or markup into
the page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup

from digest.model import Article, Note
from digest.reading.urls import url_problem


class _NoteMarkdown(MarkdownIt):
    """markdown-it-py whose links are relative (to a page of the site) or pass the check
    every address from input passes (`digest.reading.urls.url_problem`)."""

    def validateLink(self, url: str) -> bool:
        if not super().validateLink(url):
            return False
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        relative = not parts.scheme and not parts.netloc and not url.startswith("//")
        return relative or not url_problem(url)


_MARKDOWN = _NoteMarkdown("commonmark", {"html": False}).enable("table").disable("image")


def note_html(note: Note) -> Markup:
    """The note's Markdown as safe HTML."""
    return Markup(_MARKDOWN.render(note.text))


def notes_at(article: Article, anchor: str) -> list[Note]:
    """The notes attached to `article`, a paragraph id, or a sentence id."""
    return [note for note in article.notes if note.anchor == anchor]
