#!/usr/bin/env python3
"""Fails on a link in the documentation book to a heading that does not exist.

mdbook-linkcheck (run by `mdbook build docs`) checks that linked pages exist; this checks the part
after `#` against the ids of the built HTML in target/book/html.
"""
import html.parser
import pathlib
import sys
import urllib.parse

BOOK = pathlib.Path("target/book/html")
SKIP = {"print.html", "toc.html", "404.html"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


pages = {}
for path in BOOK.glob("*.html"):
    if path.name not in SKIP:
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path.name] = page
if not pages:
    sys.exit(f"check-book-anchors: no book in {BOOK} (run `mdbook build docs` first)")
problems = []
for name, page in sorted(pages.items()):
    for href in page.links:
        url = urllib.parse.urlsplit(href)
        if url.scheme or url.netloc or not url.fragment or href.startswith("/"):
            continue
        target = url.path or name
        if target in pages and urllib.parse.unquote(url.fragment) not in pages[target].ids:
            problems.append(f"{name}: link to a missing heading: {href}")
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
