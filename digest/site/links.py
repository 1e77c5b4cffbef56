"""Links between generated pages, and sentences with their mentions linked.

MkDocs rewrites links in Markdown but not inside raw HTML, where the aligned rows live,
so digest computes those relative URLs itself, the way MkDocs would.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from digest.model import Actor, Attribution, Quote, Sentence
from digest.quotes.index import ENGLISH_QUOTE


@functools.lru_cache(maxsize=65536)
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
    relative = relative_path(target_url.rstrip("/"), base)
    return relative + ("/" if target_url.endswith("/") and relative != "." else "")


def relative_path(target: str, base: str) -> str:
    """`posixpath.relpath(target, base)` for two relative paths of the site (no `..`), by
    their segments: relpath makes both absolute with the working directory, a system call
    twice for each of the hundreds of thousands of links of a large digest."""
    to = [part for part in target.split("/") if part not in ("", ".")]
    start = [part for part in base.split("/") if part not in ("", ".")]
    common = 0
    for ours, theirs in zip(to, start, strict=False):
        if ours != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def actor_page(actor_id: str) -> str:
    """`actors/<id>.md`."""
    return f"actors/{actor_id}.md"


Span = tuple[int, int, str, str]
"""(start, end, opening tag, closing tag) of markup around a piece of text."""


_LATIN = "A-Za-z\u00c0-\u024f"
_LATIN_WORD = (
    f"(?:[{_LATIN}]\\.){{2,}}"  # U.S., U.N.
    f"|[{_LATIN}](?:[{_LATIN}0-9'’&_@/-]|\\.(?=[{_LATIN}0-9]))*[+#]*"  # BBC, F-16, C++, C#
)
LATIN_RUN = re.compile(
    f"(?<![{_LATIN}0-9])(?:{_LATIN_WORD})(?:[ \\t]+(?:{_LATIN_WORD}|[0-9]+(?:[.,:][0-9]+)*))*"
)
"""Latin words, with the numbers and single spaces between them, inside Arabic text."""


_LATIN_LETTER = re.compile(f"[{_LATIN}]")
"""What every Latin run starts with: most Arabic lines have none, and are not searched
for runs (the search for runs tries its pattern at every place)."""


def latin_isolates(text: str) -> list[Span]:
    """Spans isolating each Latin run of an Arabic line left to right, so that the
    punctuation and numbers at its edges keep their place (`C++` does not become `++C`)."""
    if not _LATIN_LETTER.search(text):
        return []
    return [(m.start(), m.end(), '<bdi dir="ltr">', "</bdi>") for m in LATIN_RUN.finditer(text)]


def arabic_line(text: str) -> Markup:
    """Arabic text escaped, its Latin runs isolated (see `latin_isolates`)."""
    return _markup(text, [], latin_isolates(text))


def _nests(span: Span, kept: list[Span]) -> bool:
    start, end = span[0], span[1]
    for other in kept:
        apart = end <= other[0] or other[1] <= start
        if not (
            apart or other[0] <= start <= end <= other[1] or start <= other[0] <= other[1] <= end
        ):
            return False
    return True


def _markup(text: str, spans: list[Span], optional: Sequence[Span] = ()) -> Markup:
    """Text escaped, with markup around the spans; a span that crosses another is dropped,
    and an optional span that crosses a kept one."""
    if not spans and not optional:
        return Markup(_escaped(text))
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])) if len(spans) > 1 else spans:
        if _nests(span, kept):
            kept.append(span)
    kept += [span for span in optional if _nests(span, kept)]
    kept.sort(key=lambda s: (s[0], -s[1]))
    # At one offset, closing tags come first, the innermost first; opening tags follow,
    # the outermost first, so the markup always nests.
    events: list[tuple[int, int, int, str]] = []
    for order, (start, end, opening, closing) in enumerate(kept):
        events.append((start, 1, order, opening))
        events.append((end, 0, -order, closing))
    pieces: list[str] = []
    position = 0
    for offset, _, _, tag in sorted(events):
        pieces.append(_escaped(text[position:offset]))
        pieces.append(tag)
        position = offset
    pieces.append(_escaped(text[position:]))
    return Markup("".join(pieces))


def _escaped(text: str) -> str:
    """`markupsafe.escape(text)` as a plain string, without its Markup: a page holds tens of
    thousands of pieces of text to escape, and each Markup made and unmade costs more than
    the escaping."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def _mention_tags(actor: str, link: Callable[[str], str], mark: str | None) -> tuple[str, str]:
    """The opening and closing tags around a mention of `actor`: a link to its page, or a
    highlight on the page of `mark`."""
    if actor == mark:
        return '<mark class="digest-mention">', "</mark>"
    href, data = escape(link(actor)), escape(actor)
    return f'<a class="digest-mention" href="{href}" data-actor="{data}">', "</a>"


def _quote_span(start: int, end: int, speaker: str, named: bool = True, href: str = "") -> Span:
    """A quotation's span; `named`: followed by its speaker's name (the last fragment of
    a speaker's in a sentence: the others say it on hover only), a link to `href` (the
    speaker's page) when one is given."""
    said = escape(f"Quotation: {speaker}" if speaker else "Quotation, speaker unknown")
    label = str(escape(speaker or "unattributed"))
    if href:
        label = f'<a class="digest-speaker" href="{escape(href)}">{label}</a>'
    name = f'<sup class="digest-mark digest-said" title="{said}">{label}</sup>' if named else ""
    return start, end, f'<span class="digest-quote" title="{said}">', "</span>" + name


def _last_of_each(speakers: list[str]) -> list[bool]:
    """For quotations in reading order, whether each is its speaker's last."""
    return [speaker not in speakers[n + 1 :] for n, speaker in enumerate(speakers)]


def _attribution_span(start: int, end: int, source: str) -> Span:
    said = escape(f"Source: {source}")
    closing = f'</span><sup class="digest-mark digest-source" title="{said}">{escape(source)}</sup>'
    return start, end, f'<span class="digest-attribution" title="{said}">', closing


class PageContext:
    """Link helpers for the page being rendered."""

    def __init__(self, page: str, directory_urls: bool, actors: dict[str, Actor]) -> None:
        self.page = page
        self.directory_urls = directory_urls
        self.actors = actors
        # A page links to the same few pages again and again (an actor page names the
        # same actors in paragraph after paragraph); a large digest has more pairs of
        # pages than `page_url`'s cache holds.
        self._urls: dict[str, str] = {}
        self._mentions: dict[tuple[str, str | None], tuple[str, str]] = {}

    def url(self, target: str) -> str:
        """The relative URL of another generated page."""
        found = self._urls.get(target)
        if found is None:
            found = self._urls[target] = page_url(target, self.page, self.directory_urls)
        return found

    def actor_url(self, actor_id: str) -> str:
        return self.url(actor_page(actor_id))

    def link(self, target: str) -> str:
        """The relative path of another generated page's Markdown source, for a link written
        in Markdown: MkDocs finds the page and writes its URL (links in raw HTML take
        `url`, which MkDocs leaves as they are)."""
        return relative_path(target, posixpath.dirname(self.page))

    def _mention(self, start: int, end: int, actor: str, mark: str | None) -> Span:
        """The tags of a mention (`_mention_tags`), made once per actor on this page."""
        tags = self._mentions.get((actor, mark))
        if tags is None:
            tags = self._mentions[actor, mark] = _mention_tags(actor, self.actor_url, mark)
        return start, end, *tags

    def speaker(self, quote: Quote, arabic: bool = False) -> str:
        """Who said a quotation, in English or in Arabic."""
        actor = self.actors.get(quote.speaker or "")
        if arabic:
            return actor.ar if actor else quote.speaker_ar
        return actor.en if actor else quote.speaker_en

    def _speaker_url(self, quote: Quote, mark: str | None) -> str:
        """The URL of a quotation's speaker's page; "" when the speaker has none, or when it
        is the page's own actor (`mark`)."""
        if quote.speaker not in self.actors or quote.speaker == mark:
            return ""
        return self.actor_url(quote.speaker or "")

    def speaker_link(self, quote: Quote) -> Markup:
        """Who said a quotation, in English, linked to their actor page when they have one
        (and it is not this page); "" when nobody is given."""
        name = escape(self.speaker(quote))
        if quote.speaker not in self.actors or actor_page(quote.speaker or "") == self.page:
            return name
        return Markup('<a class="digest-speaker" href="{}">{}</a>').format(
            self.actor_url(quote.speaker or ""), name
        )

    def arabic(self, sentence: Sentence, mark: str | None = None) -> Markup:
        """The Arabic sentence with its mentions linked (or marked) and quotations marked."""
        spans = [
            self._mention(m.start, m.end, m.actor, mark)
            for m in sentence.mentions
            if m.actor in self.actors
        ]
        speakers = [self.speaker(q, arabic=True) for q in sentence.quotes]
        spans += [
            _quote_span(q.start, q.end, speaker, named, self._speaker_url(q, mark))
            for q, speaker, named in zip(
                sentence.quotes, speakers, _last_of_each(speakers), strict=True
            )
        ]
        spans += [
            _attribution_span(a.start, a.end, self.source(a, arabic=True))
            for a in sentence.attributions
        ]
        return _markup(sentence.text, spans, latin_isolates(sentence.text))

    def arabic_paragraph(self, sentences: Sequence[Sentence], mark: str | None = None) -> Markup:
        """The Arabic sentences of a paragraph (`arabic`), one space between two."""
        return Markup(" ".join([self.arabic(sentence, mark) for sentence in sentences]))

    def english_paragraph(self, sentences: Sequence[Sentence], mark: str | None = None) -> Markup:
        """The English of a paragraph's sentences (`english`), one space between two."""
        return Markup(" ".join([self.english(sentence, mark) for sentence in sentences]))

    def source(self, attribution: Attribution, arabic: bool = False) -> str:
        """The source an attribution names, in English when it is a known actor."""
        actor = self.actors.get(attribution.source or "")
        if actor is None:
            return attribution.text
        return actor.ar if arabic else actor.en

    def english(self, sentence: Sentence, mark: str | None = None) -> Markup:
        """The English with the mentions it contains linked (or marked), and its quotations
        marked when they pair one to one with the Arabic's."""
        if sentence.translation is None:
            return Markup("")
        text = sentence.translation.text
        spans = [
            self._mention(m.en_start, m.en_end, m.actor, mark)
            for m in sentence.mentions
            if m.en_start is not None and m.en_end is not None and m.actor in self.actors
        ]
        english_quotes = list(ENGLISH_QUOTE.finditer(text))
        if len(english_quotes) == len(sentence.quotes):
            speakers = [self.speaker(quote) for quote in sentence.quotes]
            last = _last_of_each(speakers)
            for match, quote, speaker, is_last in zip(
                english_quotes, sentence.quotes, speakers, last, strict=True
            ):
                href = self._speaker_url(quote, mark)
                spans.append(_quote_span(match.start(), match.end(), speaker, is_last, href))
        named = [self.source(a) for a in sentence.attributions if a.source in self.actors]
        labels = "".join(
            f'<sup class="digest-mark digest-source">source: {escape(name)}</sup>'
            for name in dict.fromkeys(named)
        )
        return _markup(text, spans) + Markup(labels)
