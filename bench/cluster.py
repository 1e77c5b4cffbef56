"""`digest translate --cluster` against the local engine, on real news.

Run by hand:  .venv/bin/python bench/cluster.py ../shared/corpus/saudinewsnet
                  [--sentences 2000] [--base]

Makes two identical projects holding the first articles of SaudiNewsNet's first day (read
where the corpus is; nothing is copied into the repository) until they have `--sentences`
sentences, translates one with the local engine and the other on a Ray cluster started
here (`ray start --head` on 127.0.0.1, every core), and checks that the two translation
memories are the same bytes. The model is the tests' tiny package (or, with `--base`, a
Transformer-base-sized one with random weights): the figures are the orchestration's,
not a real model's. Prints the time of each run, the sentences per second and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tests"))

HOME = Path(tempfile.mkdtemp(prefix="digest-bench-cluster-"))
ENV = {
    "ARGOS_PACKAGES_DIR": str(HOME / "argos" / "packages"),
    "XDG_DATA_HOME": str(HOME / "argos" / "data"),
    "XDG_CONFIG_HOME": str(HOME / "argos" / "config"),
    "XDG_CACHE_HOME": str(HOME / "argos" / "cache"),
}


def write_project(folder: Path, corpus: Path, sentences: int) -> int:
    """A project with the first records of the corpus's first day that hold `sentences`."""
    from digest.reading import read_seed
    from digest.text.segment import split_sentences

    day = sorted(corpus.glob("*.zip"))[0]
    with zipfile.ZipFile(day) as archive:
        records = [r for r in json.load(archive.open(archive.namelist()[0])) if r.get("content")]
    (folder / "seeds").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - digest\n", "utf-8")
    seed = folder / "seeds" / f"{day.stem}.json"
    for count in range(1, len(records) + 1):
        seed.write_text(json.dumps(records[:count], ensure_ascii=False), "utf-8")
        articles = read_seed(seed)
        total = sum(1 + sum(len(split_sentences(p)) for p in article.body) for article in articles)
        if total >= sentences:
            return total
    raise SystemExit(f"{day} has fewer than {sentences} sentences")


def run(project: Path, *extra: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "digest"), "translate", *extra],
        cwd=project,
        env={**os.environ, **ENV},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return time.perf_counter() - start


def memories(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "seeds").glob("*.tm.yml"))}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path, help="the SaudiNewsNet folder (one .zip a day)")
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--base", action="store_true", help="a Transformer-base-sized model")
    args = parser.parse_args()
    import tiny_argos
    from support import training_lines  # (which points Argos at the tests' home: not here)

    os.environ.update(ENV)
    from digest.translation.packages import install_file

    shape = tiny_argos.BASE if args.base else tiny_argos.TINY
    install_file(tiny_argos.build_package(training_lines(), HOME / "build", shape))
    local, remote = HOME / "local", HOME / "cluster"
    total = write_project(local, args.corpus, args.sentences)
    write_project(remote, args.corpus, args.sentences)
    temp = Path(tempfile.mkdtemp(prefix="ray", dir="/tmp"))
    ray = str(BIN / "ray")
    subprocess.run(
        [ray, "start", "--head", "--node-ip-address=127.0.0.1", "--port=6390",
         f"--temp-dir={temp}", "--include-dashboard=false", "--disable-usage-stats"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        local_s = run(local)
        cluster_s = run(remote, "--cluster", "127.0.0.1:6390")
    finally:
        subprocess.run([ray, "stop", "--force"], capture_output=True)
    same = memories(local) == memories(remote)
    print(f"{total} sentences of {args.corpus}, {os.cpu_count()} cores, model: {shape}")
    print(f"local engine        {local_s:7.1f} s  {total / local_s:7.1f} sentences/s")
    print(f"local Ray cluster   {cluster_s:7.1f} s  {total / cluster_s:7.1f} sentences/s")
    print(f"memories identical: {same}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
