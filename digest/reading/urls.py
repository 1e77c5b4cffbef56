"""Links that come from input, checked in one place.

Every address a seed or `actors.yml` gives (an article's `url`, an actor's Wikidata id)
is checked here when it is read: an address must be an absolute http(s) URL, with a
host and nothing a page could mistake for markup; anything else is refused with a
problem and the build goes on without it. Templates put an address in an attribute
through `href`, which checks it again and writes it so that no Markdown processor sees
its punctuation as syntax.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from markupsafe import Markup

MAX_URL = 2048
"""The longest address accepted, in characters."""

_NOT_IN_URLS = frozenset('<>"`\\^{|}[]')
"""ASCII characters RFC 3986 does not allow unencoded (brackets only around an IPv6 host,
which no news site uses)."""

_LITERAL = re.compile(r"[A-Za-z0-9/:.?=%~,;@+$-]")
"""Characters written into an attribute as they are; the rest become character
references, which a browser reads back as the same characters and Markdown leaves alone."""

_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")

WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"
"""The page of a Wikidata item is this followed by its id."""


def url_problem(url: str) -> str:
    """Why `url` cannot be used as a link, or "" when it is an absolute http(s) URL."""
    if not isinstance(url, str) or not url:
        return "it is empty"
    if len(url) > MAX_URL:
        return f"it is longer than {MAX_URL} characters"
    for char in url:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return "it has white space or an invisible control character"
        if char in _NOT_IN_URLS:
            return f"it has the character {char!r}, which addresses carry percent-encoded"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        return "its host or port cannot be read"
    if parts.scheme.lower() not in ("http", "https"):
        return "it does not start with http:// or https://"
    if not parts.hostname:
        return "it has no host"
    if "@" in parts.netloc:
        return "it has a user name before the host, which can make a link look like another"
    return ""


def safe_url(url: str) -> str:
    """The URL if `url_problem` finds nothing wrong with it, else ""."""
    return "" if url_problem(url) else url


def href(url: str) -> Markup:
    """The URL checked by `url_problem` ("" if it fails) and made safe for an attribute:
    every character but letters, digits and `/:.?=%~,;@+$-` written as a character
    reference, so that Markdown never reads `![…](…)`, `*`, `_` or `` ` `` in it."""
    if url_problem(url):
        return Markup("")
    return Markup("".join(c if _LITERAL.match(c) else f"&#{ord(c)};" for c in url))


def wikidata_problem(item: str) -> str:
    """Why `item` is not a Wikidata id (`Q` and digits), or "" when it is one."""
    if not isinstance(item, str) or not _WIKIDATA_ID.fullmatch(item):
        return "a Wikidata id is Q followed by digits"
    return url_problem(WIKIDATA_PAGE + item)


def wikidata_url(item: str) -> str:
    """The address of a Wikidata item's page, or "" when `item` is not a Wikidata id."""
    return "" if wikidata_problem(item) else WIKIDATA_PAGE + item
