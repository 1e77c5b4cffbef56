"""Markdown seeds with YAML front matter (title, date, source, url, author, slug).

The body is parsed with markdown-it-py; every paragraph, heading or quoted paragraph
becomes one article paragraph, as plain text (markup dropped, link text kept).
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from digest.model import Article
from digest.reading import register
from digest.reading.metadata import (
    field_lines,
    load_yaml_mapping_with_nodes,
    make_article,
    sidecar_metadata_with_lines,
)
from digest.reading.paragraphs import unglue

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)
_PARSER = MarkdownIt("commonmark")


def _plain_text(inline: Token) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _blocks(body: str) -> tuple[str, list[str]]:
    """The first level-1 heading, and the text of every other block."""
    heading = ""
    blocks: list[str] = []
    tokens = _PARSER.parse(body)
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        opener = tokens[index - 1]
        text = _plain_text(token)
        if opener.type == "heading_open" and opener.tag == "h1" and not heading and not blocks:
            heading = text
        elif text:
            blocks.extend(unglue(text))
    return heading, blocks


@register(".md", ".markdown")
def read(path: Path, text: str) -> list[Article]:
    """One article from a Markdown file."""
    meta: dict[str, object] = {}
    body = text
    match = _FRONT_MATTER.match(text)
    origins = {}
    if match:
        meta, root = load_yaml_mapping_with_nodes(path, match.group(1) or "", first_line=2)
        origins = field_lines(path, root, first_line=2)
        body = text[match.end() :]
    sidecar, sidecar_origins = sidecar_metadata_with_lines(path)
    for name, value in sidecar.items():
        if name not in meta:
            meta[name] = value
            if name in sidecar_origins:
                origins[name] = sidecar_origins[name]
    heading, paragraphs = _blocks(body)
    if not str(meta.get("title") or "").strip():
        meta["title"] = heading
    return [make_article(path, path.stem, paragraphs, meta, origins=origins)]
