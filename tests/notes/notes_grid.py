"""The configuration grid of generated documents that the typographic and layout tests
render: every layer kind ``symconv derive`` takes (small, strided, padded, grouped and
1D convolutions, transposed convolutions, pools, dense, activations, the loss, LeNet-5, a
network file) in every notation and language, and every general proof in both languages.

Documents are built once per process and cached (a LeNet-5 document takes a second), when a
test first reads them, not when the tests are collected: every xdist worker collects every
test, and building the grid there cost each worker about a minute of CPU before any test ran.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from symconv.notes.build import make_document
from symconv.notes.document import Document
from symconv.printing import PRESETS

LANGS = ("en", "es")
NOTATIONS = tuple(PRESETS)
NETWORK = Path(__file__).resolve().parent.parent / "data" / "notes_net.toml"
LAYERS: dict[str, tuple[str, dict]] = {
    "conv2d_3x3": ("conv2d", {"input": "3x3", "kernel": "2", "bias": False}),
    "conv2d_stride": ("conv2d", {"input": "5x5", "kernel": "3", "stride": "2", "padding": "1"}),
    "conv2d_all": (
        "conv2d",
        {
            "input": "6x7",
            "kernel": "2x3",
            "stride": "2",
            "padding": "1,0,2,1",
            "dilation": "2",
            "in_channels": 4,
            "out_channels": 4,
            "groups": 2,
        },
    ),
    "conv2d_same": (
        "conv2d",
        {"input": "4x4", "kernel": "3", "padding": "same", "mode": "convolution"},
    ),
    "conv2d_channels": (
        "conv2d",
        {"input": "4x4", "kernel": "2", "in_channels": 2, "out_channels": 2},
    ),
    "conv2d_wide": ("conv2d", {"input": "2x12", "kernel": "1x5"}),
    "conv1d": ("conv1d", {"input": "4", "kernel": "2"}),
    "conv1d_same": (
        "conv1d",
        {"input": "8", "kernel": "5", "padding": "same", "mode": "convolution", "bias": False},
    ),
    "conv_transpose2d": ("conv_transpose2d", {"input": "3x3", "kernel": "2", "stride": "2"}),
    "conv_transpose2d_all": (
        "conv_transpose2d",
        {
            "input": "3x2",
            "kernel": "2x3",
            "stride": "2x1",
            "padding": "1,0,0,1",
            "output_padding": "1x0",
            "dilation": "2",
            "bias": False,
        },
    ),
    "conv_transpose2d_channels": (
        "conv_transpose2d",
        {
            "input": "2x2",
            "kernel": "3",
            "stride": "2",
            "padding": "1",
            "output_padding": "1",
            "in_channels": 2,
            "out_channels": 3,
        },
    ),
    "conv_transpose1d": (
        "conv_transpose1d",
        {"input": "4", "kernel": "3", "stride": "2", "padding": "1"},
    ),
    "avgpool2d": ("avgpool2d", {}),
    "maxpool2d": ("maxpool2d", {"input": "4x6", "kernel": "2x3", "stride": "1"}),
    "dense": ("dense", {}),
    "tanh": ("tanh", {}),
    "sigmoid": ("sigmoid", {}),
    "relu": ("relu", {}),
    "softmax_cross_entropy": ("softmax_cross_entropy", {}),
    "lenet": ("lenet", {}),
    "network": (str(NETWORK), {}),
}
GENERAL = (
    ("conv2d", "a"),
    ("conv2d", "b"),
    ("conv2d", "c"),
    ("conv2d", "d"),
    ("conv2d", "all"),
    ("conv2d", "convolution"),
    ("avgpool2d", None),
    ("dense", None),
)


def grid() -> list[tuple[str, str, str]]:
    """(layer key, notation, language) for every concrete document."""
    return [(key, nt, lang) for key in LAYERS for nt in NOTATIONS for lang in LANGS]


@cache
def document(key: str, notation: str, lang: str) -> Document:
    layer, config = LAYERS[key]
    doc = make_document(layer, dict(config), notation, lang)
    doc.show_seconds = False
    return doc


@cache
def general(kind: str, case: str | None, lang: str) -> Document:
    from symconv.notes.general_doc import check_general, general_document

    return general_document(kind, check_general(kind, case), lang)


def every_name() -> list[tuple[str, tuple]]:
    """Every document of the grid: its readable name and what builds it (``built``).  Nothing
    is built here, so collecting the tests that take the grid costs nothing: each document is
    built (once per process, cached) by the first test that reads it."""
    found = [(f"{k}-{n}-{lang}", ("layer", k, n, lang)) for k, n, lang in grid()]
    found += [
        (f"general-{kind}-{case or 'default'}-{lang}", ("general", kind, case, lang))
        for kind, case in GENERAL
        for lang in LANGS
    ]
    return found


def built(spec: tuple) -> Document:
    """The document ``every_name`` names by ``spec``."""
    return document(*spec[1:]) if spec[0] == "layer" else general(*spec[1:])
