"""Typographic truth over the whole grid of generated documents (tests/notes/notes_grid.py).

Each rule is read off the rendered text, not off the code that wrote it: prose that names
one symbol twice ("$f$ y $f$"), one tensor written with two index styles (``w_{0,0}``
beside ``w_{00}``), a table cell "v = v", numbers not written as the language writes
them (61,706 in English, 61 706 in Spanish).
"""

from __future__ import annotations

import re

import pytest
from notes_grid import LANGS, built, document, every_name, grid

from symconv.notes.document import Para, Table
from symconv.notes.i18n import number
from symconv.notes.render_md import inline

# (name, what builds it): the grid's documents are built by the tests that read them (the
# ``doc`` fixture), not at collection, where every xdist worker would build all of them.
DOCS = every_name()
IDS = [name for name, _ in DOCS]
# Both modules read every document of the grid: one xdist group, so one worker builds it.
pytestmark = pytest.mark.xdist_group("notes-grid")


@pytest.fixture
def doc(request):
    """The grid's document named by the test's parameter (built once per process)."""
    return built(request.param)


# "$a$ and $a$", "$a$ y $a$", also "by $a$ and by $a$"
TWICE = re.compile(r"\$([^$]+)\$,? (?:and|y|or|o) (?:by |por )?\$\1\$")
# A concrete entry: a letter (with a layer superscript) and digit-only indices.
ENTRY = re.compile(r"(?<![A-Za-z\\])([A-Za-z](?:\^\{\[\d+\]\})?)_\{(\d+(?:,\d+)*)\}")


def prose(doc) -> list[str]:
    return [inline(b.segments) for b in doc.blocks if isinstance(b, Para)]


def index_styles(text: str) -> dict[str, set[str]]:
    """Per tensor letter, the styles of its entries with two or more indices."""
    styles: dict[str, set[str]] = {}
    for letter, indices in ENTRY.findall(text):
        if "," in indices:
            styles.setdefault(letter, set()).add("comma")
        elif len(indices) > 1:
            styles.setdefault(letter, set()).add("compact")
    return styles


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS, indirect=["doc"])
def test_no_symbol_named_twice_in_prose(name, doc) -> None:
    for text in prose(doc):
        assert not TWICE.search(text), f"{name}: {TWICE.search(text).group(0)!r} in {text!r}"


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS, indirect=["doc"])
def test_one_index_style_per_tensor(name, doc) -> None:
    md = doc.render("md")
    mixed = {k: v for k, v in index_styles(md).items() if len(v) > 1}
    assert not mixed, f"{name}: {mixed}"


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS, indirect=["doc"])
def test_no_table_cell_says_v_equals_v(name, doc) -> None:
    for block in doc.blocks:
        if not isinstance(block, Table):
            continue
        for row in block.rows:
            for cell in row:
                text = "".join(t for _, t in cell)
                sides = [s.strip() for s in text.split("=")]
                assert len(set(sides)) == len(sides), f"{name}: cell {text!r}"


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=IDS, indirect=["doc"])
def test_prose_numbers_follow_the_language(name, doc) -> None:
    """No bare run of five or more digits in prose or table text: English groups them with
    commas, Spanish with thin spaces (and leaves four-digit numbers whole)."""
    for text in prose(doc):
        words = re.sub(r"\$[^$]*\$", " ", text)
        assert not re.search(r"\d{5,}", words), f"{name}: {words!r}"
        if doc.lang == "es":
            assert not re.search(r"\d,\d{3}\b", words), f"{name}: {words!r}"


def test_the_rules_catch_the_glitches_of_issue_18() -> None:
    """The checks above fail on the very text the issue quotes."""
    assert TWICE.search("donde $f$ y $f$ son el número de filas y de columnas")
    assert TWICE.search("the cells used by $z_{00}$ and by $z_{00}$")
    assert not TWICE.search("where $k_{1}$ and $k_{2}$ are")
    assert index_styles(r"\partial w_{0,0} ... w_{00} x_{1,1}") == {
        "w": {"comma", "compact"},
        "x": {"comma"},
    }
    assert index_styles(r"W^{[1]}_{0,0,0,0} W^{[1]}_{0000}")["W^{[1]}"] == {"comma", "compact"}


@pytest.mark.parametrize("lang", LANGS)
def test_lenet_numbers_in_table_and_prose(lang: str) -> None:
    doc = document("lenet", "superscript", lang)
    md = doc.render("md")
    total = {"en": "61,706", "es": "61\u2009706"}[lang]
    assert number(lang, 61706) == total
    assert f"| {total} |" in md and f" {total} " in md  # the table and the sentence agree
    assert "61706" not in md
    assert "$120 = 120$" not in md and "| $120$ |" in md
    assert ("4704" in md) == (lang == "es") and ("4,704" in md) == (lang == "en")


@pytest.mark.parametrize(
    ("key", "notation", "lang"), [k for k in grid() if k[0] in ("conv1d", "conv1d_same")]
)
def test_conv1d_prose_names_its_own_symbols(key, notation, lang) -> None:
    """Seed 004's 1D notes: one kernel size (no k_1), and the index that runs is the one the
    general sum uses, with its range, never the constant row index."""
    doc = document(key, notation, lang)
    where = next(t for t in prose(doc) if t.startswith(("where", "donde")))
    assert "k_{1}" not in where and "H_{" not in where and "h_{" not in where
    runs = re.search(r"\$([^$]+)\$ (?:runs|recorre)", where)
    assert runs and not runs.group(1).isdigit(), where
    assert "n_{\\text{out}}" in where
    assert "k_{1}" not in doc.render("md")  # a 1D kernel has one size, named once


def test_square_kernel_named_once() -> None:
    doc = document("lenet", "superscript", "es")
    wheres = [t for t in prose(doc) if t.startswith("donde")]
    assert wheres and all("$f$ es el número de filas y de columnas" in t for t in wheres)
