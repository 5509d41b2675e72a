"""Rows of a network's summary table (seed 000): shape, activations, parameters, formula.

The header names the columns (``Salida``/``Output``/``Shape``, ``#Act.``/``Activations``,
``#params``/``Params``, ``Cálculo params``/``Formula``); each row names a layer in its first
cell (``C3 (conv)``, ``Entrada``, ``Total``).  Every cell is compared with
:meth:`symconv.spec.network.Network.table`; formulas and products are evaluated exactly.
"""

from __future__ import annotations

import re
from fractions import Fraction

from symconv.checker.algebra import fmt_shape
from symconv.checker.context import finding
from symconv.checker.extract import ALIASES
from symconv.checker.limits import NotUnderstood
from symconv.checker.report import VERIFIED, WRONG
from symconv.checker.scalar import Scalar
from symconv.checker.shapes import dims
from symconv.checker.syntax import parse
from symconv.spec.network import Network, ShapeRow

_COLUMNS = (
    ("formula", ("cálculo", "calculo", "formula", "fórmula", "calc")),
    ("activations", ("act",)),
    ("params", ("param",)),
    ("shape", ("salida", "output", "shape", "dimens", "forma")),
)
_DASHES = ("—", "-", "–", "", "none", "None", "ninguno", "n/a")


def columns(header: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for k, name in enumerate(header):
        low = name.lower()
        for role, words in _COLUMNS:
            if k and any(w in low for w in words) and role not in found.values():
                found[k] = role
                break
    return found


def judge_row(
    cells: list[str], header: list[str], net: Network, apart: frozenset[int] = frozenset()
) -> dict | None:
    """The verdict on a row's cells, the columns in ``apart`` left out (each judged as its
    own statement by :func:`judge_cell`); None when no column was compared."""
    if _first_word(cells).lower() == "total":
        return _total(cells, columns(header), net.table())
    found = _row(cells, net)
    if found is None:
        return None
    name, row = found
    problems, checked = [], []
    for k, role in columns(header).items():
        if k >= len(cells) or k in apart:
            continue
        problem = _cell(role, cells[k], row)
        if problem is None:
            continue
        (problems if problem else checked).append(problem or role)
    if problems:
        return finding(WRONG, f"{name}: " + "; ".join(problems), expected=_expected(row))
    if not checked:  # no column the header names was compared: nothing was verified
        return None
    what = " and ".join(_ROLE_WORDS[role] for role in checked)
    verb = "agree" if len(checked) > 1 else "agrees"
    return finding(VERIFIED, f"{name}: {what} {verb} with {net.name} ({_expected(row)})")


def judge_cell(cells: list[str], header: list[str], net: Network, column: int) -> dict | None:
    """The verdict on one cell of a row that writes a relation of its own (``$6 \\cdot (5
    \\cdot 5 + 1) = 156$`` under "Params"): the cell against its layer's figure, so the
    row's other cells do not decide it (a right count beside a wrong shape is verified).
    None when the column is no role or the row no layer."""
    role = columns(header).get(column)
    found = _row(cells, net)
    if role is None or found is None or column >= len(cells):
        return None
    name, row = found
    problem = _cell(role, cells[column], row)
    if problem is None:
        return None
    if problem:
        return finding(WRONG, f"{name}: {problem}", expected=_expected(row))
    return finding(
        VERIFIED, f"{name}: the {_ROLE_WORDS[role]} agrees with {net.name} ({_expected(row)})"
    )


_ROLE_WORDS = {
    "formula": "parameter formula",
    "activations": "activation count",
    "params": "parameter count",
    "shape": "output shape",
}
_MATH_SPAN = re.compile(r"\$([^$]*)\$")


def cell_math(cell: str) -> set[str]:
    """The math spans a cell writes, stripped: what the cell's math events hold."""
    return {span.strip() for span in _MATH_SPAN.findall(cell)}


# a cell whose math writes a relation of its own: "$6 \cdot (5 \cdot 5 + 1) = 156$"
_RELATION_IN_MATH = re.compile(r"\$[^$]*(?:=|\\approx)[^$]*\$")


def cells_apart(cells: list[str], header: list[str]) -> dict[int, str]:
    """{column: cell} of the role columns whose cell writes a relation in math: each is a
    statement of its own (judge_cell), the row's verdict covers the others."""
    return {
        k: cells[k]
        for k in columns(header)
        if k < len(cells) and _RELATION_IN_MATH.search(cells[k])
    }


def _first_word(cells: list[str]) -> str:
    first = re.sub(r"<[^>]+>|\*", "", cells[0]).strip()
    return first.split()[0] if first.split() else ""


def _row(cells: list[str], net: Network) -> tuple[str, ShapeRow] | None:
    """(name, the network's row) of the layer the row's first cell names, else None."""
    rows = {r.name: r for r in net.table()}
    name = ALIASES.get(_first_word(cells), _first_word(cells))
    if name not in rows and net.name == "lenet":
        name = _LENET_PAPER_NAMES.get(name, name)
    return (name, rows[name]) if name in rows else None


# LeCun et al. (1998) call LeNet-5's third convolution C5: 120 kernels 5x5 over the 5x5x16
# maps, so each output is one number and the layer is dense on the flattened 400 inputs,
# which is how symconv's LeNet-5 writes it (F5, the same 48,120 parameters)
_LENET_PAPER_NAMES = {"C5": "F5"}


def _expected(row: ShapeRow) -> str:
    return f"{fmt_shape(row.output)}, {row.activations} activations, {row.params} parameters"


def _cell(role: str, text: str, row: ShapeRow) -> str | None:
    """'' when the cell agrees, a message when not, None when there is nothing to check."""
    text = re.sub(r"<[^>]+>", "", text).strip().strip("$").strip()
    if text in _DASHES:
        if role == "params" and row.params:
            return f"no parameter count given, {row.params} expected"
        return None
    if role == "shape":
        side = parse(text).sides
        shape = dims(side[-1])
        if shape is None:
            raise NotUnderstood(f"cannot read the shape {text!r}")
        ok = shape == tuple(row.output) or tuple(n for n in shape if n != 1) == tuple(
            n for n in row.output if n != 1
        )
        return "" if ok else f"output is {fmt_shape(row.output)}, not {fmt_shape(shape)}"
    values = _values(text)
    if len(set(values)) != 1:
        return f"{text} does not hold ({' ≠ '.join(str(v) for v in values)})"
    value = values[0]
    if role == "activations":
        return "" if value == row.activations else (f"{row.activations} activations, not {value}")
    return "" if value == row.params else f"{row.params} parameters, not {value}"


def _values(text: str) -> list[Fraction]:
    # 61,706 and 61 706 (a space, thin or not, between thousands): one number, no product
    grouped = re.fullmatch(r"\d{1,3}(?:[, \u00a0\u2009\u202f]\d{3})+|[0-9][0-9,]*", text)
    plain = re.sub(r"[, \u00a0\u2009\u202f]", "", text) if grouped else text
    chain = parse(plain)

    def no_names(name: str) -> Fraction:
        raise NotUnderstood(f"{name} in a table cell")

    return [Scalar(no_names).value(side) for side in chain.sides]


def _total(cells: list[str], roles: dict[int, str], rows: list[ShapeRow]) -> dict:
    problems = []
    totals = {
        "activations": sum(r.activations for r in rows),
        "params": sum(r.params for r in rows),
    }
    for k, role in roles.items():
        if role not in totals or k >= len(cells):
            continue
        text = re.sub(r"<[^>]+>|\*", "", cells[k]).strip().strip("$")
        if text in _DASHES:
            continue
        values = _values(text)
        if values[-1] != totals[role]:
            problems.append(f"total {role} is {totals[role]}, not {values[-1]}")
    if problems:
        return finding(WRONG, "; ".join(problems))
    return finding(
        VERIFIED,
        f"totals agree: {totals['activations']} activations, {totals['params']} parameters",
    )
