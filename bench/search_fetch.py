"""What a reader's browser fetches for a search: the files and kilobytes of the search
index that one query loads on the search page of a built site, in Debian's Chromium.

    .venv/bin/python bench/search_fetch.py SITE_DIR QUERY [QUERY ...]

SITE_DIR is a site `digest build` made (served here from its root).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browsing import chromium, serve


def main() -> None:
    site, queries = Path(sys.argv[1]), sys.argv[2:]
    with serve(site) as base, chromium() as browser:
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            fetched: list[tuple[str, int]] = []

            def note(response: Any, fetched: list[tuple[str, int]] = fetched) -> None:
                if "/search-index/" in response.url:
                    fetched.append((response.url, len(response.body())))

            page.on("response", note)
            page.goto(f"{base}search/?q={query}")
            page.wait_for_selector("#digest-search[data-state=done]", timeout=60_000)
            page.wait_for_load_state("networkidle")
            found = page.locator("#digest-search-status").inner_text()
            kilobytes = round(sum(size for _, size in fetched) / 1024)
            print(
                json.dumps(
                    {"query": query, "files": len(fetched), "kb": kilobytes, "found": found},
                    ensure_ascii=False,
                )
            )
            context.close()


if __name__ == "__main__":
    main()
