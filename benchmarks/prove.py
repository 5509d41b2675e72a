"""Proof speed: symconv's prover against the naive SymPy method, in the same run.

    python benchmarks/prove.py            # whole LeNet-5 + one C1 filter, both methods
    python benchmarks/prove.py --quick    # naive method on a 14x14 input only

The naive method is what a SymPy user writes: build L = Σ_o G[o]·Z[o] for one C1 filter
(28x28 input, 5x5 kernel, padding 2) as one expression, then ``sympy.diff(L, v)`` and
``expand`` for every weight, the bias and every input pixel, and compare with the
closed forms expanded by SymPy.  symconv proves the same identities for that filter and
then every identity of every LeNet-5 layer, with the kernel identities of every kernel
LeNet5 runs (symconv/proofs/kernel_identities.py; the filter comparison leaves them out, as the
naive method has no kernels).  Peak memory is the process's maximum RSS.
"""

from __future__ import annotations

import argparse
import resource
import time

import sympy

from symconv.layers.conv import ConvLayer
from symconv.proofs.engine import prove_all
from symconv.proofs.problems import network_layers
from symconv.spec.layer import conv
from symconv.spec.network import lenet5


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def symconv_filter(size: int) -> float:
    layer = ConvLayer(conv(1, 1, 5, padding=2, name="C1-filter"), (size, size))
    start = time.perf_counter()
    proofs = layer.prove(kernels=False)  # the same identities the naive method checks
    assert all(p.proved for p in proofs), proofs
    return time.perf_counter() - start


def naive_filter(size: int) -> float:
    """sympy.diff of the whole loss for one filter, then the closed forms by SymPy."""
    start = time.perf_counter()
    x = [[sympy.Symbol(f"x_{i}_{j}") for j in range(size)] for i in range(size)]
    w = [[sympy.Symbol(f"w_{a}_{b}") for b in range(5)] for a in range(5)]
    g = [[sympy.Symbol(f"g_{i}_{j}") for j in range(size)] for i in range(size)]
    bias = sympy.Symbol("b")

    def xpad(i: int, j: int):
        i, j = i - 2, j - 2
        return x[i][j] if 0 <= i < size and 0 <= j < size else 0

    loss = sympy.Add(
        *(
            g[i][j]
            * (
                sympy.Add(*(w[a][b] * xpad(i + a, j + b) for a in range(5) for b in range(5)))
                + bias
            )
            for i in range(size)
            for j in range(size)
        )
    )
    for a in range(5):
        for b in range(5):
            derived = sympy.expand(sympy.diff(loss, w[a][b]))
            closed = sympy.expand(
                sympy.Add(*(g[i][j] * xpad(i + a, j + b) for i in range(size) for j in range(size)))
            )
            assert derived == closed
    assert sympy.expand(sympy.diff(loss, bias)) == sympy.Add(*(v for row in g for v in row))
    for t in range(size):
        for u in range(size):
            derived = sympy.expand(sympy.diff(loss, x[t][u]))
            closed = sympy.Add(
                *(
                    g[t + 2 - a][u + 2 - b] * w[a][b]
                    for a in range(5)
                    for b in range(5)
                    if 0 <= t + 2 - a < size and 0 <= u + 2 - b < size
                )
            )
            assert derived == sympy.expand(closed)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="naive method at 14x14 only")
    args = parser.parse_args()
    size = 14 if args.quick else 28
    start = time.perf_counter()
    report = prove_all(network_layers(lenet5()), {"network": "lenet"}, progress=False)
    whole = time.perf_counter() - start
    kernel_proofs = [p for p in report.proofs if p.identity.startswith("kernel ")]
    kernel_seconds = sum(p.seconds for p in kernel_proofs)
    ours = symconv_filter(size)
    ours_peak = peak_mb()
    naive = naive_filter(size)
    print(
        f"whole LeNet-5 ({len(report.proofs)} identities, {len(kernel_proofs)} of them "
        f"kernel identities, proved={report.proved}): {whole:.2f} s (goal <= 10 s; kernel "
        f"identities {kernel_seconds:.2f} s), peak RSS {ours_peak:.0f} MB (goal < 2048 MB)"
    )
    print(f"one C1 filter {size}x{size}, 5x5, padding 2:")
    print(f"  symconv      {ours:10.3f} s")
    print(f"  naive sympy  {naive:10.3f} s")
    print(f"  speed-up     {naive / ours:10.0f}x (goal >= 100x)")


if __name__ == "__main__":
    main()
