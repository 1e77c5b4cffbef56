"""Quotations: span recall and precision, and the share given the right speaker.

Run by hand:  .venv/bin/python bench/quotes.py [--errors]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from quote_eval import load_cases, score  # noqa: E402

from digest.actors.registry import load_registry  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--errors", action="store_true", help="list every miss, extra and wrong speaker"
    )
    args = parser.parse_args()
    cases = load_cases(ROOT / "tests" / "fixtures" / "quotes" / "annotated.yml")
    scores, errors = score(cases, load_registry(ROOT / "actors.yml"))
    print(f"{len(cases)} paragraphs, {scores.gold} quotations annotated, {scores.found} found")
    print(f"recall {scores.recall:.2f}  precision {scores.precision:.2f}", end="  ")
    print(f"right speaker {scores.speaker_share:.2f}")
    if args.errors:
        print("\n".join(f"    {error}" for error in errors))


if __name__ == "__main__":
    main()
