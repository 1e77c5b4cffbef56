"""Problems with input: each names the file (and line or record), what is wrong, what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem found in one input file; the build goes on without that input."""

    path: Path
    """The file the problem is in."""

    message: str
    """What is wrong, in one sentence."""

    hint: str = ""
    """What to do about it."""

    line: int | None = None
    """1-based line number, when the problem has one."""

    record: int | None = None
    """1-based record number in a corpus file, when the problem has one."""

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
        if self.record is not None:
            where += f" (record {self.record})"
        text = f"{where}: {self.message}"
        return f"{text} {self.hint}" if self.hint else text


class InputError(Exception):
    """Raised by a reader when a whole file cannot be used: a `Problem`, or what makes one."""

    def __init__(
        self, problem: Problem | Path, message: str = "", hint: str = "", **where: int | None
    ) -> None:
        if not isinstance(problem, Problem):
            problem = Problem(problem, message, hint, **where)
        super().__init__(str(problem))
        self.problem = problem


INSTALL_HINT = (
    "Install one with `digest model install` (online) "
    "or `digest model install --file translate-ar_en.argosmodel`."
)


NO_PACKAGE = "no Arabic→English Argos Translate package is installed."


class ModelMissingError(Exception):
    """No Arabic→English translation package is installed (or Argos itself is not)."""

    def __init__(self, reason: str = NO_PACKAGE, hint: str = INSTALL_HINT) -> None:
        super().__init__(f"{reason} {hint}")


ARGOS_MISSING = (
    "Argos Translate is not installed in this environment: "
    "pip install torch==2.13.0 'digest[translate]' (the CPU build of torch first)."
)
ARGOS_MISSING_HINT = "Then install a model with `digest model install`."
