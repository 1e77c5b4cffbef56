"""Fuzz the readers by hand: `python fuzz/readers.py [seconds]`.

Feeds mutated seeds (the fixtures' articles and corpora, bytes flipped, cut, repeated and
spliced) to every reader and stops at the first exception other than the documented
input errors, printing the input that caused it and saving it in fuzz/crashes/. With
atheris installed (`pip install atheris`), `python fuzz/readers.py --atheris` runs the
same target under coverage-guided fuzzing instead.
"""

from __future__ import annotations

import contextlib
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.errors import InputError  # noqa: E402
from digest.reading import read_seed  # noqa: E402
from digest.reading.partial import PartialReadError  # noqa: E402

SUFFIXES = (".txt", ".md", ".json", ".jsonl")
CORPUS = [
    path.read_bytes()
    for folder in (ROOT / "seeds", ROOT / "tests" / "fixtures" / "articles")
    for path in sorted(folder.iterdir())
    if path.is_file()
]
WORKDIR = Path(tempfile.mkdtemp(prefix="digest-fuzz-"))


def read_all(data: bytes) -> None:
    """The fuzz target: every reader on the same bytes."""
    for suffix in SUFFIXES:
        path = WORKDIR / f"seed{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(InputError, PartialReadError):
            read_seed(path)


def mutate(rng: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not buffer:
            buffer.extend(rng.choice(CORPUS)[:64])
        position = rng.randrange(len(buffer))
        kind = rng.randrange(6)
        if kind == 0:
            buffer[position] = rng.randrange(256)
        elif kind == 1:
            del buffer[position : position + rng.randint(1, 32)]
        elif kind == 2:
            chunk = buffer[position : position + rng.randint(1, 64)]
            buffer[position:position] = chunk * rng.randint(1, 8)
        elif kind == 3:
            other = rng.choice(CORPUS)
            start = rng.randrange(len(other))
            buffer[position:position] = other[start : start + rng.randint(1, 200)]
        elif kind == 4:
            buffer[position:position] = rng.choice(
                [b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"---\n", b'"', b"{", b"]", b"\xd8"]
            )
        else:
            del buffer[position:]
    return bytes(buffer)


def run(seconds: float) -> int:
    rng = random.Random()
    deadline, runs = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        data = mutate(rng, rng.choice(CORPUS))
        try:
            read_all(data)
        except Exception:
            crashes = ROOT / "fuzz" / "crashes"
            crashes.mkdir(exist_ok=True)
            saved = crashes / f"crash-{runs}.bin"
            saved.write_bytes(data)
            traceback.print_exc()
            print(f"crash after {runs} runs; input saved in {saved}")
            return 1
        runs += 1
    print(f"{runs} inputs in {seconds:.0f} s, no crash")
    return 0


def run_atheris() -> None:
    import atheris  # type: ignore[import-not-found]

    atheris.Setup(sys.argv[:1] + sys.argv[2:], read_all)
    atheris.Fuzz()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--atheris"]:
        run_atheris()
    else:
        sys.exit(run(float(sys.argv[1]) if len(sys.argv) > 1 else 60))
