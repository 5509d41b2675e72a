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


def judge_row(cells: list[str], header: list[str], net: Network) -> dict | None:
    rows = {r.name: r for r in net.table()}
    first = re.sub(r"<[^>]+>|\*", "", cells[0]).strip()
    word = first.split()[0] if first.split() else ""
    name = ALIASES.get(word, word)
    roles = columns(header)
    if word.lower() == "total":
        return _total(cells, roles, list(rows.values()))
    if name not in rows:
        return None
    row = rows[name]
    problems, checked = [], []
    for k, role in roles.items():
        if k >= len(cells):
            continue
        problem = _cell(role, cells[k], row)
        if problem is None:
            continue
        (problems if problem else checked).append(problem or role)
    if problems:
        return finding(WRONG, f"{name}: " + "; ".join(problems), expected=_expected(row))
    if not checked:  # no column the header names was compared: nothing was verified
        return None
    return finding(
        VERIFIED,
        f"{name}: shape, activations and parameters agree with {net.name} ({_expected(row)})",
    )


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
