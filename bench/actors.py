"""Actor recognition: precision and recall per type on the hand-annotated paragraphs.

Run by hand:  .venv/bin/python bench/actors.py [--errors]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from actor_eval import TYPES, load_cases, score  # noqa: E402

from digest.actors.registry import load_registry  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list every miss and extra")
    args = parser.parse_args()
    cases = load_cases(ROOT / "tests" / "fixtures" / "actors" / "annotated.yml")
    registry = load_registry(ROOT / "actors.yml")
    print(f"{len(cases)} paragraphs\n")
    print(f"{'run':<28}{'type':<14}{'gold':>6}{'found':>7}{'precision':>11}{'recall':>8}")
    for name, discover in (("registry only", False), ("registry + discovery", True)):
        scores, errors = score(cases, registry, discover)
        for kind in TYPES:
            print(
                f"{name:<28}{kind:<14}{scores.gold[kind]:>6}{scores.predicted[kind]:>7}"
                f"{scores.precision(kind):>11.2f}{scores.recall(kind):>8.2f}"
            )
        if args.errors:
            print("\n".join(f"    {error}" for error in errors))
        print()


if __name__ == "__main__":
    main()
