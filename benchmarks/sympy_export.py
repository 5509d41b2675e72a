"""LeNet-5's C1 as SymPy objects: symconv.derivation against plain SymPy.

    python benchmarks/sympy_export.py            # C1: 32x32x1 input (28x28 padded by 2),
                                                 # 6 maps of 5x5 kernels -> 28x28x6
    python benchmarks/sympy_export.py --maps 2   # the first 2 output maps only (quicker)

symconv: ``symconv.derivation("lenet", layer="C1")`` then ``d.Z``, ``d.dW``, ``d.db``
(and ``d.dX``, timed on its own): the chain rule on term arrays, converted to SymPy.
Plain SymPy, on the same symbols: Z[f,i,j] = Σ_{a,b} W[f,a,b]·Xpad[i+a, j+b] + b[f] built
with ``sympy.Add``; then, per map f, ``sympy.derive_by_array(Z[f], W[f] and b[f])``
contracted with G[f] (the map of each weight is given to SymPy: differentiating every
output by every weight would be six times the work).  The two results are checked equal,
entry by entry, before the times are printed.  dL/dX has no plain-SymPy row: one
``sympy.diff`` of L = Σ G·Z took 15 s per variable here, for 784 variables.
"""

from __future__ import annotations

import argparse
import time

import sympy

import symconv


def plain_sympy(x, w, b, g, maps: int) -> tuple[list, list, list, float, float]:
    """Z, dL/dW, dL/db of the first ``maps`` maps by SymPy alone; and the two times."""
    start = time.perf_counter()
    height, width = g.shape[2:]
    kh, kw = w.shape[2:]
    pad = 2  # C1: 28x28 padded by 2 (the 32x32 of the original LeNet-5)

    def xpad(i: int, j: int):
        i, j = i - pad, j - pad
        return x[0, 0, i, j] if 0 <= i < x.shape[2] and 0 <= j < x.shape[3] else 0

    z = [
        [
            [
                sympy.Add(
                    *(w[f, 0, a, c] * xpad(i + a, j + c) for a in range(kh) for c in range(kw)),
                    b[f],
                )
                for j in range(width)
            ]
            for i in range(height)
        ]
        for f in range(maps)
    ]
    forward = time.perf_counter() - start
    start = time.perf_counter()
    dw, db = [], []
    for f in range(maps):
        outputs = [z[f][i][j] for i in range(height) for j in range(width)]
        upstream = [g[0, f, i, j] for i in range(height) for j in range(width)]
        params = [w[f, 0, a, c] for a in range(kh) for c in range(kw)] + [b[f]]
        jacobian = sympy.derive_by_array(outputs, params)  # (params, outputs)
        grads = [
            sympy.Add(*(u * jacobian[k, o] for o, u in enumerate(upstream)))
            for k in range(len(params))
        ]
        dw.append(grads[:-1])
        db.append(grads[-1])
    return z, dw, db, forward, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--maps", type=int, default=6, help="output maps compared (1-6)")
    args = parser.parse_args()
    maps = args.maps

    start = time.perf_counter()
    d = symconv.derivation("lenet", layer="C1")
    x, w, b, g = d.X, d.W, d.b, d.G
    z = d.Z
    ours_z = time.perf_counter() - start
    start = time.perf_counter()
    dw, db = d.dW, d.db
    ours_grads = time.perf_counter() - start
    start = time.perf_counter()
    d.dX  # noqa: B018 - timed
    ours_dx = time.perf_counter() - start

    pz, pdw, pdb, peer_z, peer_grads = plain_sympy(x, w, b, g, maps)
    kh, kw = w.shape[2:]
    for f in range(maps):  # the same expressions, entry by entry
        assert all(z[0, f, i, j] == pz[f][i][j] for i in range(28) for j in range(28))
        assert all(dw[f, 0, a, c] == pdw[f][a * kw + c] for a in range(kh) for c in range(kw))
        assert db[f] == pdb[f]
    share = maps / 6  # symconv converts all six maps; the peer did ``maps`` of them
    print(
        f"LeNet-5 C1 (28x28x1 padded by 2 -> 28x28x6), {maps} of 6 maps compared; "
        "the results are equal entry by entry"
    )
    print("| part | symconv s (6 maps) | plain SymPy s | plain SymPy / symconv (same maps) |")
    print("|---|---:|---:|---:|")
    print(f"| Z | {ours_z:.2f} | {peer_z:.2f} | {peer_z / (ours_z * share):.1f}x |")
    print(
        f"| dL/dW, dL/db | {ours_grads:.2f} | {peer_grads:.2f} | "
        f"{peer_grads / (ours_grads * share):.1f}x |"
    )
    total_ours, total_peer = ours_z + ours_grads, peer_z + peer_grads
    print(
        f"| together | {total_ours:.2f} | {total_peer:.2f} | "
        f"{total_peer / (total_ours * share):.1f}x |"
    )
    print(f"| dL/dX | {ours_dx:.2f} | not run | - |")


if __name__ == "__main__":
    main()
