"""A front matter written for a publishing tool, not for symconv.

Blog posts and course pages open with the metadata of the site that renders them: Jekyll's
``layout: post`` and ``title: ...``, Hugo's ``date`` and ``draft``, Hexo's ``categories:``
followed by YAML list items, Quarto's ``author``.  Not one of those keys is a symconv
setting, and reading such a block as symconv's settings ends the whole check on
"setting 'title' is unknown", before any equation is read.  A block in which no key is a
symconv setting is therefore someone else's metadata: its lines are skipped and it
declares nothing.  A block naming at least one symconv setting is symconv's own, and an
unknown key in it stays an error (most likely a misspelt setting).
"""

from __future__ import annotations

from symconv.checker.declared import KEYS

# keys publishing tools put in a post's metadata (Jekyll, Hugo, Hexo, Quarto, MkDocs)
_SITE_KEYS = frozenset(
    [
        "title",
        "layout",
        "date",
        "author",
        "authors",
        "tags",
        "categories",
        "category",
        "draft",
        "mathjax",
        "katex",
        "math",
        "excerpt",
        "description",
        "permalink",
        "slug",
        "lang",
        "toc",
        "bibliography",
        "image",
        "comments",
        "share",
        "modified",
        "updated",
        "published",
        "summary",
        "keywords",
        "weight",
        "output",
        "format",
        "subtitle",
    ]
)


def foreign_block(lines: list[str]) -> int | None:
    """The number of lines a ``---`` block at the top takes when none of its keys is a
    symconv setting (its closing line included); None when the block is symconv's own,
    is not closed, or there is none."""
    if not lines or lines[0].strip() != "---":
        return None
    site = False
    for number, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if stripped in ("---", "..."):
            return number if site else None
        key, sep, _ = stripped.partition(":")
        norm = key.strip().lower().replace("_", "-")
        if sep and (norm in KEYS or norm == "no-bias") and not line[:1].isspace():
            return None  # a symconv setting: the block is symconv's
        site = site or (bool(sep) and norm in _SITE_KEYS and not line[:1].isspace())
    return None
