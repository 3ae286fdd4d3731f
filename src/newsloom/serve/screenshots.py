"""Screenshots of the web pages in a headless Chromium: the home page and a story page.

    python -m newsloom.serve.screenshots demo.db docs/screenshots [--story ID] [--chromium /usr/bin/chromium]

writes home.png and story.png (the story with the most conflicts, unless --story says which). The app is
served by uvicorn on 127.0.0.1 (a free port) in a thread; the browser is Debian's chromium, driven by
Playwright's Python package, which downloads no browser of its own. The browser tests use the same
helpers (`serving`, `launch`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("NEWSLOOM_CHROMIUM", "/usr/bin/chromium")
# not language data: command-line flags.
# No network but the page's own server: no updates, no sync, no first-run pings.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions",
                 "--no-default-browser-check", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    """The Chromium to drive: $NEWSLOOM_CHROMIUM or /usr/bin/chromium, when it is there."""
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 at a free port, in a thread; yields the base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def launch(playwright: Any, executable: str | None = None) -> Any:
    """Debian's chromium, headless, through Playwright (which downloads no browser for it)."""
    return playwright.chromium.launch(executable_path=executable or chromium_path(), args=CHROMIUM_ARGS,
                                      headless=True)


def take(store: str | Path, out: str | Path, story: int | None = None, executable: str | None = None,
         width: int = 1200) -> list[Path]:
    """Write home.png and story.png of the store's pages into `out`; returns their paths."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    import newsloom
    from newsloom.serve.app import create_app

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    nl = newsloom.open(store, create=False)
    try:
        if story is None:
            rows = nl.stories(sort="contested", limit=1)
            if not rows:
                raise SystemExit(f"{store}: no story to show")
            story = rows[0].id
        shots = [(out / "home.png", "/"), (out / "story.png", f"/stories/{story}")]
        with serving(create_app(nl)) as base, sync_playwright() as p:
            browser = launch(p, executable)
            page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
            for path, url in shots:
                page.goto(base + url)
                height = page.evaluate("document.documentElement.scrollHeight")
                page.screenshot(path=str(path), full_page=True,
                                clip={"x": 0, "y": 0, "width": width, "height": min(height, 2600)})
            browser.close()
        return [path for path, _ in shots]
    finally:
        nl.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m newsloom.serve.screenshots", description=__doc__.split("\n")[0])
    parser.add_argument("store", help="the newsloom store (e.g. demo.db from `make demo`)")
    parser.add_argument("out", help="the folder for home.png and story.png")
    parser.add_argument("--story", type=int, help="the story to show (default: the most contested)")
    parser.add_argument("--chromium", help=f"the Chromium to drive (default: {CHROMIUM})")
    parser.add_argument("--width", type=int, default=1200, help="the window's width in pixels (1200)")
    args = parser.parse_args(argv)
    if not (args.chromium or chromium_path()):
        raise SystemExit(f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
    for path in take(args.store, args.out, args.story, args.chromium, args.width):
        print(path)


if __name__ == "__main__":
    main()
