"""Lecture notes: whole derivation documents in Markdown, LaTeX, HTML and JSON.

>>> from symconv.notes import conv_document
>>> from symconv.spec.layer import conv
>>> doc = conv_document(conv(1, 1, 2, bias=False), (3, 3), "subscript", "en")
>>> doc.render("md").splitlines()[0]
'# 2D convolution: forward and backward pass'
"""

from symconv.notes.conv_notes import SECTIONS, conv_document
from symconv.notes.document import Document
from symconv.notes.render import FORMATS, render

__all__ = ["FORMATS", "SECTIONS", "Document", "conv_document", "render"]
