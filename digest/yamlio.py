"""YAML through libyaml when PyYAML has it (the translation memories of a large digest are
megabytes of YAML), else PyYAML's own parser.

Every YAML file a user gives (actors.yml, glossary.yml, front matter, sidecars, translation
memories) is checked before it is built into Python values: its size, how deep it nests
and how many values its aliases stand for. A "billion laughs" (aliases of aliases, a few
hundred bytes standing for billions of values) or a file nested thousands of levels deep is
refused at once with a `Refused`, which is a `yaml.YAMLError`: the callers that report a
malformed file report it the same way, naming the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from digest.errors import Problem

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

MAX_BYTES = 64 * 2**20
"""The largest YAML file read. A translation memory is the biggest: about three times its
article (the Arabic, the English, ids, hashes and a machine line's engine and score), so a
5 MB article, the largest seed read (`decoding.MAX_ARTICLE_BYTES`), makes 15 to 20 MB;
this leaves room for three times that."""

MAX_DEPTH = 100
"""The deepest nesting of lists and mappings (the files are 3 or 4 levels deep)."""

MAX_ALIASED = 100_000
"""The most values aliases may stand for, beyond those written out: anchors shared among a
few entries stay far below it; a "billion laughs" goes far over it."""

MAX_ALIASED_CHARS = 10_000_000
"""The most characters of text aliases may stand for, beyond those written out: a long
text repeated by a great many aliases is refused too."""

HINT = "Write the values out instead of aliases of aliases."
DEEP_HINT = "Nest lists and mappings less deeply."
_TOO_DEEP = f"it nests more than {MAX_DEPTH} levels deep"


class Refused(yaml.YAMLError):
    """YAML refused before it is built: too large, nested too deep, aliases standing for
    too many values (or, from `read_text`, not UTF-8). `problem` says which (to follow
    "is refused: "), `problem_mark` where."""

    def __init__(self, problem: str, mark: yaml.Mark | None = None, hint: str = HINT) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark
        self.hint = hint


def dump(data: Any, **options: Any) -> str:
    """YAML text of plain data."""
    return str(yaml.dump(data, Dumper=Dumper, **options))


def problem(path: Path, error: yaml.YAMLError) -> Problem:
    """The problem of a YAML file that could not be read, with its line."""
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(error, Refused):
        return Problem(path, f"is refused: {error.problem}.", error.hint, line=line)
    return Problem(path, "is not valid YAML.", "Fix its syntax.", line=line)


def read_text(path: Path) -> str:
    """The text of a YAML file, refused by its size before it is read."""
    _check_size(path.stat().st_size)
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start)
        raise Refused(
            f"it is not UTF-8 (byte {error.start + 1})",
            yaml.Mark(str(path), error.start, line, 0, "", 0),
            "Save it as UTF-8.",
        ) from None


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise Refused(
            f"it is {size / 2**20:.1f} MB, "
            f"more than the {MAX_BYTES // 2**20} MB a data file may be",
            hint="Split it, or remove what it need not hold.",
        )


def load_with_nodes(
    text: str, loader: type[yaml.SafeLoader] = Loader
) -> tuple[Any, yaml.Node | None]:
    """Plain data and its node tree (for line numbers) from one parse; `Refused` when the
    text is over the limits, before any of it is built."""
    if len(text) > MAX_BYTES // 4:  # (a character is at most 4 bytes)
        _check_size(len(text.encode("utf-8", "surrogatepass")))
    parser = loader(text)
    try:
        try:
            node = parser.get_single_node()
        except RecursionError:  # the pure-Python composer, on deep nesting
            raise Refused(_TOO_DEEP, hint=DEEP_HINT) from None
        if node is None:
            return None, None
        check_nodes(node, shared="&" in text)  # (no anchor, no alias)
        return parser.construct_document(node), node
    finally:
        parser.dispose()


def load(text: str, loader: type[yaml.SafeLoader] = Loader) -> Any:
    """Plain data of YAML text, checked as `load_with_nodes` checks it."""
    return load_with_nodes(text, loader)[0]


def check_nodes(root: yaml.Node, shared: bool = True) -> None:
    """Refuse a node tree nested more than `MAX_DEPTH` deep, whose aliases stand for more
    than `MAX_ALIASED` values or `MAX_ALIASED_CHARS` characters, or with an alias inside
    the collection it names. An alias is the node it names, shared: each node is walked
    once, a collection's expanded size and depth kept (without recursion), so a bomb is
    measured in the time it takes to read it. `shared=False` (the text has no anchor, so no
    node is met twice) checks the depth alone."""
    if isinstance(root, yaml.ScalarNode):
        return
    done: dict[int, tuple[int, int, int]] = {}  # collection → values, characters, depth
    open_ids: set[int] = set()
    seen: set[int] = set()  # scalars
    stack: list[tuple[yaml.Node, tuple[int, int], list[yaml.Node], list[int]]] = []
    aliased = [0, 0]  # values, characters

    def alias(values: int, chars: int, mark: yaml.Mark) -> None:
        aliased[0] += values
        aliased[1] += chars
        if aliased[0] > MAX_ALIASED:
            raise Refused(f"its aliases stand for more than {MAX_ALIASED:,} values", mark)
        if aliased[1] > MAX_ALIASED_CHARS:
            raise Refused(f"its aliases stand for more than {MAX_ALIASED_CHARS:,} characters", mark)

    def enter(node: yaml.Node) -> None:
        if len(stack) >= MAX_DEPTH:
            raise Refused(_TOO_DEEP, node.start_mark, DEEP_HINT)
        open_ids.add(id(node))
        if node.__class__ is yaml.MappingNode:
            values = [value for pair in node.value for value in pair]
        else:
            values = node.value
        children = [value for value in values if value.__class__ is not yaml.ScalarNode]
        own = (0, 0)
        if shared:
            scalars = [value for value in values if value.__class__ is yaml.ScalarNode]
            own = (len(scalars), sum(len(scalar.value) for scalar in scalars))
            for scalar in scalars:
                if id(scalar) in seen:
                    alias(1, len(scalar.value), node.start_mark)
                seen.add(id(scalar))
        stack.append((node, own, children, [0]))

    enter(root)
    while stack:
        node, own, children, at = stack[-1]
        while at[0] < len(children):
            child = children[at[0]]
            at[0] += 1
            known = done.get(id(child))
            if known is None:
                if id(child) in open_ids:
                    raise Refused(
                        "it has an alias inside the collection the alias names",
                        node.start_mark,
                        "Take the alias out of the collection it names.",
                    )
                enter(child)
                break
            alias(known[0], known[1], node.start_mark)  # a collection met again
            if len(stack) + known[2] > MAX_DEPTH:
                raise Refused(_TOO_DEEP, node.start_mark, DEEP_HINT)
        else:
            values, chars, depth = 1 + own[0], own[1], 0
            for child in children:
                measured = done[id(child)]
                values += measured[0]
                chars += measured[1]
                depth = max(depth, measured[2])
            done[id(node)] = (values, chars, depth + 1)
            open_ids.discard(id(node))
            stack.pop()
