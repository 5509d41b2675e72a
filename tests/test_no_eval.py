"""No user text reaches eval, exec or SymPy's string parsers, anywhere in symconv.

SymPy's ``sympify`` parses strings with ``eval``; it is allowed only with
``strict=True`` (which refuses strings) on values symconv made itself.  The one ``eval``
compiles code that symconv generated from its own expressions (proofs/general/at_sizes.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "symconv"
FORBIDDEN = {"exec", "compile", "__import__", "parse_expr", "parse_latex", "S", "loads"}
ALLOWED_EVAL = {("general", "at_sizes.py")}


def _calls(source: Path):
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else (func.attr if isinstance(func, ast.Attribute) else "")
            )
            owner = getattr(getattr(func, "value", None), "id", "")
            yield node, name, owner


def test_no_string_evaluation_in_the_package():
    checked = 0
    for source in sorted(PACKAGE.rglob("*.py")):
        where = source.relative_to(PACKAGE).parts[-2:]
        for node, name, owner in _calls(source):
            checked += 1
            spot = (str(source.relative_to(PACKAGE)), node.lineno)
            if name == "sympify":
                strict = [k for k in node.keywords if k.arg == "strict"]
                assert strict and getattr(strict[0].value, "value", None) is True, spot
            elif name == "eval":
                assert tuple(where) in ALLOWED_EVAL, spot
            else:
                assert name not in FORBIDDEN or owner in ("re", "tomllib", "json"), spot
    assert checked > 1000  # the walk really saw the package


def test_a_spec_bias_is_a_number_not_code(tmp_path):
    import pytest

    from symconv.errors import SymconvError
    from symconv.notes.build import build

    marker = tmp_path / "PWNED"
    (tmp_path / "x.toml").write_text(
        'layer = "conv2d"\noutput = "x"\nformats = ["md"]\nlang = "en"\n[config]\n'
        'input = "3x3"\nkernel = "2"\n[values]\nX = [[1, 2, 3], [3, 4, 5], [5, 6, 7]]\n'
        "W = [[1, 2], [3, 4]]\n"
        f"b = \"__import__('pathlib').Path('{marker}').touch() or 1\"\n",
        encoding="utf-8",
    )
    with pytest.raises(SymconvError, match="value for b"):
        build(tmp_path)
    assert not marker.exists()
