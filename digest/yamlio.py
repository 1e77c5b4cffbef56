"""YAML through libyaml when PyYAML has it (ten times faster than the pure-Python parser:
the translation memories of a large digest are megabytes of YAML), else PyYAML's own."""

from __future__ import annotations

from typing import Any

import yaml

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any, **options: Any) -> str:
    """YAML text of plain data."""
    return str(yaml.dump(data, Dumper=Dumper, **options))


def load_with_nodes(text: str) -> tuple[Any, yaml.Node | None]:
    """Plain data and its node tree (for line numbers) from one parse."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node
