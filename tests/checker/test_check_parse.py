"""Reading notes: the grammar, finding math in Markdown/LaTeX, splitting it into claims."""

from __future__ import annotations

import pytest

from symconv.checker.extract import front_matter, scan
from symconv.checker.limits import MAX_DEPTH, MAX_EQUATION_CHARS, NotUnderstood
from symconv.checker.split import statements
from symconv.checker.syntax import Env, Factor, Frac, Group, Num, Op, Sym, Text, parse
from symconv.checker.written_names import symbol_name
from symconv.errors import SymconvError


def items(text: str, side: int = 0):
    return parse(text).sides[side].exprs[0].terms[0][1].items


@pytest.mark.parametrize(
    ("text", "rels"),
    [
        ("z_{00} = w_{00} x_{00}", ("=",)),
        (r"db = \frac{dy}{db} = \sum_{j=1}^3 g_j", ("=", "=")),
        (r"p = 2 \Rightarrow 28 \times 28 \times 6", ("=", "\\Rightarrow")),
        (r"X \in \mathbb{R}^{28 \times 28 \times 1}", ("\\in",)),
        (r"28 \times 28 \longrightarrow 14 \times 14", ("\\rightarrow",)),
        (r"y = x * w \to y[i] = 1", ("=", "\\rightarrow", "=")),
        (r"a \leq b", ("\\le",)),
    ],
)
def test_relations(text, rels):
    assert parse(text).rels == rels


def test_indices_are_kept_as_written():
    (x,) = items("x_{00}")
    assert isinstance(x, Factor) and x.sub.body.sides[0].exprs[0].terms[0][1].items == (Num("00"),)
    (w,) = items(r"w_{a',b'}")
    exprs = w.sub.body.sides[0].exprs
    assert len(exprs) == 2 and exprs[0].terms[0][1].items == (Factor(Sym("a"), primes=1),)


def test_scripts_in_either_order_and_layer_marks():
    a, b = items(r"Z_{i,j,k}^{[1]}")[0], items(r"Z^{[1]}_{i,j,k}")[0]
    assert a == b and a.sup is not None and a.sub is not None


def test_fractions_groups_and_environments():
    (frac,) = items(r"\frac{\partial \mathcal{L}}{\partial z_{r,c}}")
    assert isinstance(frac, Frac)
    app = items("I(i+m, j+n)")
    assert app[0] == Sym("I") and isinstance(app[1], Group) and app[1].kind == "paren"
    (env,) = items(r"\begin{bmatrix} a & b \\ c & d \end{bmatrix}")
    assert isinstance(env, Env) and env.name == "bmatrix" and len(env.rows) == 2
    (floor,) = items(r"\left\lfloor \frac{h}{s} \right\rfloor")
    assert floor.kind == "floor"
    row = items(r"[1 \ 1 \ 1]")[0]
    assert row.kind == "bracket"
    assert Op("space") in row.body.sides[0].exprs[0].terms[0][1].items


def test_names():
    assert symbol_name(items(r"h_{\text{out}}")[0]) == "h_out"
    assert symbol_name(parse(r"\# \text{params}").sides[0].exprs[0].terms[0][1]) == "#params"
    assert symbol_name(items("H'")[0]) == "H'"
    assert isinstance(items(r"\text{rot180}")[0], Text)


def test_unicode_from_pdf_conversion():
    assert parse("dZ = dA ⊙ σ'(Z)").rels == ("=",)
    assert parse("∂L/∂w = 1").rels == ("=",)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("x_1_2 = 3", "double subscript"),
        ("a = b +", "ends too early"),
        ("\\frac{a}", "ends too early"),
        ("a &= b", "cannot parse"),
        ("\\begin{bmatrix} a \\end{pmatrix}", "closed by"),
        ("x" * (MAX_EQUATION_CHARS + 1), "limit is"),
        ("{" * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1), "nest deeper"),
        ("a \\pm b = c", "plus-minus"),
    ],
)
def test_parse_errors_are_reasons(text, reason):
    with pytest.raises(NotUnderstood, match=reason):
        parse(text)


# ------------------------------------------------------------------ finding math
NOTES = r"""---
layer: conv1d
input: 4
kernel: 2
---
# Title with $inline = 1$ math

Text $a = b$ and \$5 and $$x_1 = y_1$$ on one line.

```python
x = "$not math$"
```

$$\begin{aligned}
z_{00} &= 1 \\
z_{01} &= 2
\end{aligned}$$

\[ q = r \]
\begin{equation}
s = t \tag{3}
\end{equation}
% symconv: layer=conv2d input=3x3
$$ never closed
"""


def test_front_matter_and_events():
    settings, skip = front_matter(NOTES)
    assert settings == {"layer": "conv1d", "input": "4", "kernel": "2"} and skip == 5
    events = scan(NOTES, skip)
    kinds = [(e.kind, e.line) for e in events]
    assert kinds == [
        ("heading", 6),
        ("math", 6),
        ("math", 8),
        ("math", 8),
        ("math", 14),
        ("math", 19),
        ("math", 20),
        ("directive", 23),
        ("unclosed", 24),
    ]
    maths = [e.text.strip() for e in events if e.kind == "math"]
    assert maths[:3] == ["inline = 1", "a = b", "x_1 = y_1"]
    assert maths[5].startswith("\\begin{equation}")
    assert events[-2].settings == {"layer": "conv2d", "input": "3x3"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\nlayer conv2d\n---\n", "is not 'key: value'"),
        ("---\nlayer: conv2d\n", "never closed"),
        ("---\ncolour: red\n---\n", "setting 'colour' is unknown"),
    ],
)
def test_bad_front_matter(text, message):
    with pytest.raises(SymconvError, match=message):
        front_matter(text)


def test_bad_directive():
    with pytest.raises(SymconvError, match="line 2: symconv directive: setting 'size'"):
        scan("x\n% symconv: size=3\n")


# ------------------------------------------------------------------ splitting
@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (r"\mathbf{W} = A, \quad \mathbf{X} = B", [r"\mathbf{W} = A", r"\mathbf{X} = B"]),
        ("h = w = 28, f = 5, p = 2, s = 1", ["h = w = 28", "f = 5", "p = 2", "s = 1"]),
        ("i, j \\in \\{0, 1\\}", ["i, j \\in \\{0, 1\\}"]),
        ("z_{r,c} = x_{r+a,c+b} \\quad (6)", ["z_{r,c} = x_{r+a,c+b}"]),
        ("y = x * w \\to y[i] = 0", ["y = x * w", "y[i] = 0"]),
        ("p = 2 \\Rightarrow 28 \\times 28", ["p = 2 \\Rightarrow 28 \\times 28"]),
        ("\\Rightarrow k=m-i+1, l=n-j+1", ["k=m-i+1", "l=n-j+1"]),
        (
            "\\left\\{ \\begin{array}{l} y_1 = a \\\\ y_2 = b \\end{array} \\right.",
            ["y_1 = a", "y_2 = b"],
        ),
        ("\\begin{cases} y_1 = a \\\\ y_2 = b \\end{cases}", ["y_1 = a", "y_2 = b"]),
        (
            "\\begin{aligned} a &= 1 & b &= 2 \\\\ c &= 3 \\end{aligned}",
            ["a = 1", "b = 2", "c = 3"],
        ),
        (
            "f = \\begin{cases} 1 & x \\\\ 0 & y \\end{cases}",
            ["f = \\begin{cases} 1 & x \\\\ 0 & y \\end{cases}"],
        ),
        ("x = 1. ", ["x = 1"]),
    ],
)
def test_statements(block, expected):
    assert [p.text for p in statements(block)] == expected


def test_statement_lines_inside_a_block():
    block = "\\begin{aligned}\na &= 1 \\\\\nb &= 2\n\\end{aligned}"
    offsets = [block[: p.offset].count("\n") for p in statements(block)]
    assert offsets == [1, 2]
