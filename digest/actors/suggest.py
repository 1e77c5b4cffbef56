"""The review file of discovered actors, in the format of actors.yml."""

from __future__ import annotations

from typing import Any

import yaml

from digest.actors.discover import Candidate

HEADER = """\
# People and organizations found in the articles that are not in actors.yml yet, with
# where they were found.
# Check each one: move the right ones into actors.yml (without `evidence` and
# `english_from`), correct names as needed, and drop the rest.
"""


def dump_suggestions(candidates: dict[str, tuple[str, Candidate]]) -> str:
    """The candidates as YAML, most often found first."""
    entries: list[dict[str, Any]] = []
    ordered = sorted(candidates.values(), key=lambda item: (-len(item[1].evidence), item[0]))
    for actor_id, candidate in ordered:
        evidence = [
            {"article": article.location, "sentence": sentence.id, "text": sentence.text}
            for article, sentence in candidate.evidence
        ]
        entries.append(
            {
                "id": actor_id,
                "type": candidate.type,
                "en": candidate.en,
                "english_from": candidate.en_source,
                "ar": candidate.ar,
                "evidence": evidence,
            }
        )
    body = yaml.safe_dump({"actors": entries}, allow_unicode=True, sort_keys=False, width=100_000)
    return HEADER + body
