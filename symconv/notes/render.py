"""Render a :class:`Document` in one of the output formats."""

from __future__ import annotations

import json

from symconv.errors import SymconvError
from symconv.notes.document import Document

FORMATS = ("md", "tex", "html", "json")


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise SymconvError(f"--format {fmt!r} is unknown; the rule: one of {', '.join(FORMATS)}")
    return fmt


def render(doc: Document, fmt: str) -> str:
    fmt = check_format(fmt)
    if fmt == "json":
        return json.dumps(doc.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        from symconv.notes.render_md import markdown

        return markdown(doc)
    if fmt == "tex":
        from symconv.notes.render_tex import standalone

        return standalone(doc)
    from symconv.notes.render_html import page

    return page(doc)
