"""Each closed-form operator is defined once (issue 17: "one op end to end").

The source of the package is read with ``ast``: every node class of :mod:`symconv.ops` must
be defined in exactly one module, no other module may define the symbolic-size protocol
(``sym_shape``/``_entry``, as the deleted parallel classes of general/nodes.py did) or a
per-operator rule (a translator's ``_Correlate``, a second ``_print_Correlate``, a node's own
``_latex``), so the duplication cannot come back under the same or under the old names.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import symconv
from symconv import ops

PACKAGE = Path(symconv.__file__).parent
NODES = sorted(
    name
    for name in ops.__all__
    if isinstance(getattr(ops, name), type)
    and issubclass(getattr(ops, name), ops.Node)
    and name != "Node"
)
PRINTER = PACKAGE / "printing" / "latex.py"


@cache  # the package's ~500 modules parsed once for the four tests that walk them
def _modules() -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))
    }


def _classes(tree: ast.Module) -> list[ast.ClassDef]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]


def _methods(cls: ast.ClassDef) -> set[str]:
    return {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}


def _symbolic(cls: ast.ClassDef) -> bool:
    """A shape or an entry at symbolic sizes: the builder ``bd`` among the arguments."""
    return any(
        isinstance(n, ast.FunctionDef)
        and n.name.strip("_") in {"entry", "shape", "sym_shape"}
        and "bd" in {a.arg for a in n.args.args}
        for n in cls.body
    )


def test_the_node_list_is_the_closed_forms() -> None:
    # guards the test itself: a renamed package or an empty list would make it pass vacuously
    assert {
        "Correlate",
        "CorrelateWeight",
        "FullConvolveRot180",
        "Pad",
        "Crop",
        "Dilate",
        "Rot180",
        "SwapChannels",
        "SumOver",
        "BiasAdd",
        "MatMul",
        "Transpose",
        "Constant",
        "MaxPool",
        "RouteToMax",
    } <= set(NODES)


def test_each_closed_form_class_is_defined_in_exactly_one_module() -> None:
    where: dict[str, list[str]] = {name: [] for name in NODES}
    for path, tree in _modules().items():
        for cls in _classes(tree):
            if cls.name in where:
                where[cls.name].append(str(path.relative_to(PACKAGE)))
    assert {name: paths for name, paths in where.items() if len(paths) != 1} == {}
    assert all(paths[0].startswith("ops/") for paths in where.values())


def test_no_parallel_symbolic_node_hierarchy() -> None:
    """Only the shared nodes (symconv/ops) define an entry at symbolic sizes."""
    outside = [
        f"{path.relative_to(PACKAGE)}:{cls.name}"
        for path, tree in _modules().items()
        if path.parent.name != "ops"
        for cls in _classes(tree)
        if _symbolic(cls)
    ]
    assert outside == []


def test_no_second_per_operator_rule() -> None:
    """A method named after an operator (``_Pad``, ``_print_Pad``, ``_latex`` on a node)
    exists only as the printer's one LaTeX rule."""
    rules = {f"_{name}" for name in NODES}
    found = []
    for path, tree in _modules().items():
        for cls in _classes(tree):
            for method in _methods(cls):
                printer_rule = path == PRINTER and method.startswith("_print_")
                if method in rules or (
                    method.startswith("_print_")
                    and not printer_rule
                    and method[len("_print") :] in rules
                ):
                    found.append(f"{path.relative_to(PACKAGE)}:{cls.name}.{method}")
            if cls.name in NODES and "_latex" in _methods(cls):
                found.append(f"{path.relative_to(PACKAGE)}:{cls.name}._latex")
    assert found == []


def test_the_printer_has_one_rule_for_every_expandable_node() -> None:
    from symconv.printing.latex import NotesLatexPrinter

    printable = [name for name in NODES if getattr(ops, name).roles is not None]
    assert (
        printable and [n for n in printable if not hasattr(NotesLatexPrinter, f"_print_{n}")] == []
    )


# Functions that would compute a correlation, convolution or rotation of their own: named
# like one, neither a predicate (-> bool) nor a builder of the ops nodes.  The NumPy
# primitives the nodes print calls to (runtime/numeric/) are the one other home.
_OPERATOR_FUNCTION = (
    "slide",
    "correlate",
    "convolve",
    "rot180",
    "rotate",
    "flip",
    "full_conv",
    "dilate",
)


def _builds_a_node(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in NODES
        for n in ast.walk(function)
    )


def _predicate(function: ast.FunctionDef) -> bool:
    return isinstance(function.returns, ast.Name) and function.returns.id == "bool"


def test_no_function_outside_ops_computes_a_closed_form_of_its_own() -> None:
    found = []
    for path, tree in _modules().items():
        where = str(path.relative_to(PACKAGE))
        if where.startswith(("ops/", "runtime/numeric/")):
            continue
        found += [
            f"{where}:{node.lineno} {node.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
            and node.name.lstrip("_").startswith(_OPERATOR_FUNCTION)
            and not _predicate(node)
            and not _builds_a_node(node)
        ]
    assert found == []
