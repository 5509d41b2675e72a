"""The seed-000 table of shapes, activations and parameters, as text, Markdown, LaTeX, JSON."""

from __future__ import annotations

import json

from symconv.spec.network import Network, ShapeRow

FORMATS = ("text", "md", "tex", "json")


def formula(row: ShapeRow, times: str) -> str:
    """``(5·5·1 + 1)·6`` for a convolution, ``400·120 + 120`` for a dense layer (and
    ``3·3·4·2 + 2`` for a transposed convolution, whose weight is (C_in, C_out/g, k, k))."""
    if row.formula is None:
        return "-"
    factors, bias, count = row.formula
    if row.kind in ("dense", "conv_transpose"):  # weights + biases
        product = times.join(map(str, factors))
        return f"{product} + {count}" if bias else product
    inner = times.join(map(str, factors))
    return f"({inner} + 1){times}{count}" if bias else f"{inner}{times}{count}"


def shape_text(row: ShapeRow, times: str) -> str:
    return times.join(map(str, row.output))


def render(net: Network, fmt: str) -> str:
    rows = net.table()
    total_act = sum(r.activations for r in rows)
    total_params = sum(r.params for r in rows)
    if fmt == "json":
        return json.dumps(
            {
                "network": net.name,
                "layers": [
                    {
                        "name": r.name,
                        "kind": r.kind,
                        "output": list(r.output),
                        "activations": r.activations,
                        "params": r.params,
                        "formula": formula(r, "*"),
                    }
                    for r in rows
                ],
                "total_activations": total_act,
                "total_params": total_params,
            },
            indent=2,
        )
    if fmt == "tex":
        lines = [
            r"\begin{tabular}{llrrl}",
            r"\hline",
            r"Layer & Output & \#Act. & \#Params & Formula \\",
            r"\hline",
        ]
        for r in rows:
            params = formula(r, r" \cdot ")
            params = "--" if params == "-" else f"${params}$"
            shape = shape_text(r, r" \times ")
            lines.append(
                f"{r.name} & ${shape}$ & {r.activations} & {r.params} & {params} " + "\\\\"
            )
        lines += [
            r"\hline",
            rf"Total & & {total_act} & {total_params} & \\",
            r"\hline",
            r"\end{tabular}",
        ]
        return "\n".join(lines)
    header = ["Layer", "Kind", "Output", "#Act.", "#Params", "Formula"]
    body = [
        [r.name, r.kind, shape_text(r, " x "), str(r.activations), str(r.params), formula(r, "·")]
        for r in rows
    ]
    total = ["Total", "", "", str(total_act), str(total_params), ""]
    if fmt == "md":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cells) + " |" for cells in [*body, total]]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header, *body, total]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *body, total]
    )
