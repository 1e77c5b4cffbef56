"""The review file of discovered actors: each with its type, in actors.yml's format."""

from __future__ import annotations

from pathlib import Path

import yaml

from digest.actors.discover import Candidate
from digest.actors.suggest import dump_suggestions
from digest.model import Article, Sentence


def test_suggestions_keep_each_candidates_type_most_found_first() -> None:
    article = Article("a", Path("seeds/a.md"), "t", ["p"])
    said = Sentence("s-1", "أعلنت هيئة السوق المالية وقال محمد الكربولي")
    org = Candidate("هيئة السوق المالية", "Capital Market Authority", "composed", "organization")
    org.evidence = [(article, said), (article, said)]
    person = Candidate("محمد الكربولي", "Mohammed al-Karbouli", "transliteration", "person")
    person.evidence = [(article, said)]
    text = dump_suggestions({"p": ("mohammed-al-karbouli", person), "o": ("cma", org)})
    listed = yaml.safe_load(text)["actors"]
    assert [(a["id"], a["type"], a["ar"]) for a in listed] == [
        ("cma", "organization", "هيئة السوق المالية"),
        ("mohammed-al-karbouli", "person", "محمد الكربولي"),
    ]
    assert text.startswith("# People and organizations")
