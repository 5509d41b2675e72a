"""Fuzzing the checker: any text gives verdicts or one clean SymconvError, quickly.

Three generators: random strings over LaTeX's alphabet, random sequences of LaTeX tokens
(which reach deep into the grammar), and random mutations of the seeds' own equations
(which reach deep into the evaluator).  Every input must produce a report whose verdicts
have one of the four statuses and no "internal error" (the guard's name for a bug), or a
:class:`SymconvError`, within a time bound.  Examples are derandomised so CI is repeatable.
"""

from __future__ import annotations

import ast
import contextlib
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symconv.checker.report import STATUSES
from symconv.checker.runner import check_expression, check_text
from symconv.checker.split import statements
from symconv.errors import SymconvError

DATA = Path(__file__).parent.parent / "data" / "check"
LAYER = {"layer": "conv2d", "input": "3x3", "kernel": "2"}
SECONDS = 0.5  # CPU seconds per statement while fuzzing (the default is 30)
BOUND = 6.0  # CPU seconds per example, all statements and the layer together
FUZZ = settings(
    max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

TOKENS = [
    "x",
    "w",
    "z",
    "y",
    "b",
    "I",
    "W",
    "X",
    "L",
    "i",
    "j",
    "k",
    "m",
    "n",
    "a'",
    "0",
    "1",
    "2",
    "00",
    "11",
    "=",
    "+",
    "-",
    "_",
    "^",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    "&",
    "\\\\",
    "'",
    "\\frac",
    "\\partial",
    "\\sum",
    "\\cdot",
    "\\times",
    "*",
    "\\otimes",
    "\\odot",
    "\\star",
    "\\mathbf",
    "\\mathcal",
    "\\hat",
    "\\text{pad}",
    "\\operatorname{rot180}",
    "\\left(",
    "\\right)",
    "\\begin{bmatrix}",
    "\\end{bmatrix}",
    "\\begin{cases}",
    "\\end{cases}",
    "\\quad",
    "\\in",
    "\\mathbb{R}",
    "\\Rightarrow",
    "\\infty",
    "\\dots",
    "\\lfloor",
    "\\rfloor",
    "k_1",
    "H",
    "d",
    "dy",
    "dx_3",
    "\\sigma",
    ":",
    "\\ ",
    "$",
    "%",
    "#",
    "~",
]


def _check_report(report) -> None:
    for v in report.verdicts:
        assert v.status in STATUSES
        assert "internal error" not in v.message, (v.source, v.message)


def _expression(text: str) -> None:
    start = time.process_time()
    try:
        _check_report(check_expression(text, LAYER, seconds=SECONDS, total=BOUND))
    except SymconvError as exc:
        assert "\n" not in str(exc)
    assert time.process_time() - start < BOUND + 2 * SECONDS


@FUZZ
@given(
    st.text(alphabet=st.sampled_from(list("xwzyb0123_^{}()[]=+-*/,'&\\ $|:abcdfrac")), max_size=80)
)
def test_random_characters(text):
    _expression(text)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_random_tokens(tokens):
    _expression(" ".join(tokens))


def _seed_equations() -> list[str]:
    found = []
    for path in sorted(DATA.glob("seed00[134].md")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            for chunk in line.split("$$")[1::2]:
                found.extend(p.text for p in statements(chunk))
    return found


EQUATIONS = _seed_equations()


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(EQUATIONS))
    for _ in range(draw(st.integers(1, 3))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 6)))
        kind = draw(st.sampled_from(["delete", "insert", "swap", "repeat", "digit"]))
        if kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "insert":
            text = text[:i] + draw(st.sampled_from(TOKENS)) + text[i:]
        elif kind == "swap" and j > i + 1:
            text = text[:i] + text[j - 1] + text[i + 1 : j - 1] + text[i] + text[j:]
        elif kind == "repeat":
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + draw(st.sampled_from("0123456789")) + text[i + 1 :]
    return text


@FUZZ
@given(mutated())
def test_mutated_seed_equations(text):
    for options in (
        LAYER,
        {"layer": "conv1d", "input": "4", "kernel": "2", "notation": "onebased"},
    ):
        start = time.process_time()
        with contextlib.suppress(SymconvError):
            _check_report(check_expression(text, options, seconds=SECONDS, total=BOUND))
        assert time.process_time() - start < BOUND + 2 * SECONDS


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "---",
                    "layer: conv1d",
                    "input: 4",
                    "kernel: 2",
                    "% symconv: input=5",
                    "<!-- symconv: notation=onebased -->",
                    "```",
                    "# C1",
                    "\t$a$\t$b$\t1",
                    "$$",
                    "\\[",
                    "\\]",
                    "\\begin{align}",
                    "\\end{align}",
                ]
            ),
            mutated().map(lambda t: f"${t}$"),
            mutated().map(lambda t: f"$$\n{t}\n$$"),
        ),
        max_size=12,
    )
)
def test_random_documents(lines):
    start = time.process_time()
    try:
        _check_report(check_text("\n".join(lines), "fuzz.md", seconds=SECONDS, total=BOUND))
    except SymconvError as exc:
        assert "\n" not in str(exc)
    assert time.process_time() - start < BOUND + 2 * SECONDS


def test_user_text_is_never_evaluated_as_code():
    """The checker parses; it never hands user text to eval, exec or SymPy's parsers."""
    package = Path(__file__).resolve().parents[2] / "symconv" / "check"
    forbidden = {
        "eval",
        "exec",
        "compile",
        "__import__",
        "sympify",
        "parse_expr",
        "parse_latex",
        "S",
        "loads",
    }
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = (
                    func.id
                    if isinstance(func, ast.Name)
                    else (func.attr if isinstance(func, ast.Attribute) else "")
                )
                owner = getattr(getattr(func, "value", None), "id", "")
                assert name not in forbidden or owner == "re", (source.name, node.lineno)
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = {a.name for a in node.names} | {getattr(node, "module", "") or ""}
                assert not names & {"pickle", "marshal", "sympy.parsing", "yaml"}


def test_an_infinite_index_is_refused_not_raised():
    # found by the mutation fuzzer: x_\infty{13} in a matrix raised Infinite from the
    # index evaluator instead of a verdict
    text = r"x = \begin{bmatrix} x_{11} & x_\infty{13} \end{bmatrix}"
    options = {"layer": "conv1d", "input": "4", "kernel": "2", "notation": "onebased"}
    report = check_expression(text, options, seconds=SECONDS, total=BOUND)
    assert report.verdicts and all(v.status in STATUSES for v in report.verdicts)
