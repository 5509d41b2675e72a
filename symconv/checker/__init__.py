"""``symconv check``: verify hand derivations of convolution gradients, term by term.

Equations are found in Markdown or LaTeX notes, parsed with a LaTeX-math grammar (never
evaluated as code), mapped to a layer's tensors through a notation, and compared with the
layer's derivation (Z by definition, gradients by the chain rule).  Each gets a verdict:
``verified``, ``wrong`` (with the missing and extra terms and a counterexample),
``size-specific`` (true at the example's sizes only) or ``not-understood`` (with the reason).

>>> from symconv.checker import check_expression
>>> report = check_expression(r"dx_3 = w_2 \\frac{\\partial L}{\\partial y_2}"
...                           r" + w_3 \\frac{\\partial L}{\\partial y_3}",
...                           {"layer": "conv1d", "input": "4", "kernel": "2",
...                            "notation": "onebased"})
>>> v = report.verdicts[0]
>>> v.status, v.missing
('wrong', ['w_1 \\\\frac{\\\\partial L}{\\\\partial y_3}'])
>>> v.extra
['w_3 \\\\frac{\\\\partial L}{\\\\partial y_3}']
"""

from symconv.checker.report import Report, Verdict

__all__ = ["Report", "Verdict", "check_expression", "check_file", "check_text"]
_RUNNER = ("check_expression", "check_file", "check_text")


def __getattr__(name: str):
    """The check functions, imported from the runner on first use: a command that only
    reads a list of this package (``symconv shapes``, ``prove``: the parser's layer and
    notation choices) does not load the whole checker, about a second of CPU each."""
    if name in _RUNNER:
        from symconv.checker import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
