"""How fast digest's packing compresses and decompresses a built site's pages, against
zlib at its fastest level, and to what size.

Run by hand on a site built by `mkdocs build` (a kept bench digest, for instance:
`bench/build.py --sizes 1000 --keep DIR`, then its `site/`):

    .venv/bin/python bench/packing.py DIR/digest-bench-1000-*/site [--pages 1500]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.packed import pack, unpack_piece  # noqa: E402

Codec = tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]


def timed(texts: list[bytes], codec: Codec) -> tuple[float, float, int]:
    """Seconds to compress every text, to decompress them all, and the compressed size."""
    compress, decompress = codec
    start = time.perf_counter()
    packed = [compress(text) for text in texts]
    middle = time.perf_counter()
    for piece in packed:
        decompress(piece)
    return middle - start, time.perf_counter() - middle, sum(map(len, packed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path, help="a built site's folder")
    parser.add_argument("--pages", type=int, default=1500, help="pages drawn at random")
    args = parser.parse_args()
    pages = sorted(args.site.rglob("*.html"))
    if not pages:
        raise SystemExit(f"{args.site}: no HTML page here; build the site first")
    drawn = random.Random(1).sample(pages, min(args.pages, len(pages)))
    texts = [page.read_bytes() for page in drawn]
    total = sum(map(len, texts))
    print(f"{len(texts)} pages of {len(pages)}, {total / 1e6:.1f} MB")
    codecs: dict[str, Codec] = {
        "zlib, level 1": (lambda text: zlib.compress(text, 1), zlib.decompress),
        "digest (packed.py)": (lambda text: pack(text).pieces[0], unpack_piece),
    }
    for name, codec in codecs.items():
        compress, decompress, size = timed(texts, codec)
        print(
            f"{name:>20}: compress {compress:.3f} s, decompress {decompress:.3f} s, "
            f"{size / total:.1%} of the size"
        )


if __name__ == "__main__":
    main()
