"""The error a reader raises when only part of a file could be read."""

from __future__ import annotations

from digest.errors import Problem
from digest.model import Article


class PartialReadError(Exception):
    """Raised by a reader when some records of a file could not be read; carries the rest."""

    def __init__(self, articles: list[Article], problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.articles = articles
        self.problems = problems
