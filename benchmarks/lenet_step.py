"""LeNet-5 ``loss_and_grads`` throughput: symconv (NumPy) against an equivalent torch.nn module.

Both run float32, the same weights and batch, in one process with the same thread count T:
torch.set_num_threads(T) with T the number of threads NumPy's BLAS uses, and
``LeNet5.cores = T`` (symconv cuts a batch of at least 2·32 into up to T parts computed at
the same time, one in the calling process and the others in worker processes, each with
single-threaded BLAS; a smaller batch runs whole with BLAS on T threads).
Measurements alternate between the two implementations in back-to-back windows of a fixed
length (who goes first alternates too), in several fresh processes one after another: on
small virtual machines a process's speed (torch's as much as symconv's) can differ by a
third from the next process's for its whole life, so one process of each would measure
that luck.  The table gives each side's best and median samples per second over all
windows, the median (and quartiles) of the per-pair ratios, the figure least moved by the
machine's drifting speed, and each process's median ratio.  The cold start of each (a
fresh interpreter: import, build, first step) follows.

    python benchmarks/lenet_step.py [--batch 64 256] [--seconds 0.5] [--processes 5]
                                    [--repeats 4]

For the figures, run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset in that command only
(``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/lenet_step.py``): on some
processors they are set to work around old OpenBLAS builds and they slow a current NumPy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from symconv.runtime.lenet import LeNet5


class TorchLeNet5(nn.Module):
    """The same network in torch.nn: tanh activations, average pooling."""

    def __init__(self) -> None:
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.c3 = nn.Conv2d(6, 16, 5)
        self.f5 = nn.Linear(400, 120)
        self.f6 = nn.Linear(120, 84)
        self.out = nn.Linear(84, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.avg_pool2d(torch.tanh(self.c1(x)), 2)
        x = F.avg_pool2d(torch.tanh(self.c3(x)), 2)
        x = torch.flatten(x, 1)
        x = torch.tanh(self.f5(x))
        x = torch.tanh(self.f6(x))
        return self.out(x)


def blas_info() -> tuple[int, str]:
    """Threads and kernel of NumPy's BLAS (threadpoolctl when installed)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return os.cpu_count() or 1, "unknown (threadpoolctl not installed)"
    for lib in threadpool_info():
        if lib.get("user_api") == "blas" and "numpy" in lib.get("filepath", ""):
            return lib[
                "num_threads"
            ], f"{lib['internal_api']} {lib['version']} kernel {lib.get('architecture')}"
    return os.cpu_count() or 1, "unknown"


def _cpu_times() -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs from /proc/stat (Linux), or None."""
    try:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def wait_for_quiet(limit: float, probe: float = 0.25, busy_share: float = 0.15) -> bool:
    """Wait up to ``limit`` seconds for a ``probe`` interval in which other processes use
    less than ``busy_share`` of the machine (this process sleeps meanwhile); True if found."""
    deadline = time.monotonic() + limit
    while True:
        before = _cpu_times()
        time.sleep(probe)
        after = _cpu_times()
        if before is None or after is None:
            return True
        total = after[1] - before[1]
        if total <= 0 or (after[0] - before[0]) / total < busy_share:
            return True
        if time.monotonic() > deadline:
            return False


COLD_SYMCONV = """
import time
start = time.perf_counter()
import numpy as np
from symconv.runtime.lenet import LeNet5
imported = time.perf_counter()
model = LeNet5("tanh", "avg", seed=0, dtype=np.float32)  # prints every layer's kernels
built = time.perf_counter()
model.loss_and_grads(np.zeros((64, 1, 28, 28), np.float32), np.zeros(64, dtype=int))
print(imported - start, built - imported, time.perf_counter() - built)
"""

COLD_TORCH = """
import time
start = time.perf_counter()
import torch
import torch.nn.functional as F
imported = time.perf_counter()
model = torch.nn.Sequential(torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.Tanh(),
                            torch.nn.AvgPool2d(2), torch.nn.Conv2d(6, 16, 5), torch.nn.Tanh(),
                            torch.nn.AvgPool2d(2), torch.nn.Flatten(), torch.nn.Linear(400, 120),
                            torch.nn.Tanh(), torch.nn.Linear(120, 84), torch.nn.Tanh(),
                            torch.nn.Linear(84, 10))
built = time.perf_counter()
F.cross_entropy(model(torch.zeros(64, 1, 28, 28)), torch.zeros(64, dtype=torch.long)).backward()
print(imported - start, built - imported, time.perf_counter() - built)
"""


def cold_start(code: str, repeats: int = 3) -> tuple[float, float, float]:
    """(import, build, first step) seconds of a fresh interpreter, the best of ``repeats``."""
    runs = []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        runs.append(tuple(float(v) for v in done.stdout.split()))
    return tuple(min(run[k] for run in runs) for k in range(3))  # type: ignore[return-value]


def throughput(step: Callable[[], object], batch: int, seconds: float) -> float:
    """Samples per second of ``step`` over a window of about ``seconds``."""
    count, start = 0, time.perf_counter()
    while True:
        step()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return batch * count / elapsed


def measure(
    batches: list[int], repeats: int, seconds: float, quiet_wait: float, threads: int
) -> tuple[dict[int, list[tuple[float, float]]], int]:
    """In this process: (batch -> [(symconv, torch) samples/s of each back-to-back pair of
    windows], how many pairs started while other processes kept a core busy)."""
    torch.set_num_threads(threads)
    model = LeNet5("tanh", "avg", seed=0, dtype=np.float32)
    model.cores = threads  # data-parallel parts, each with single-threaded BLAS
    if model.start_workers() != threads - 1:
        raise SystemExit("symconv worker processes did not start")
    reference = TorchLeNet5()
    with torch.no_grad():
        for name, value in reference.state_dict().items():
            value.copy_(torch.from_numpy(model.params[name]))

    pairs: dict[int, list[tuple[float, float]]] = {}
    noisy = 0
    rng = np.random.default_rng(0)
    for batch in batches:
        x = rng.standard_normal((batch, 1, 28, 28)).astype(np.float32)
        y = rng.integers(0, 10, batch)
        xt, yt = torch.from_numpy(x), torch.from_numpy(y)

        def ours(x=x, y=y):
            return model.loss_and_grads(x, y)

        def theirs(xt=xt, yt=yt):
            reference.zero_grad(set_to_none=True)
            loss = F.cross_entropy(reference(xt), yt)
            loss.backward()
            return loss

        pairs[batch], busy = paired_windows(ours, theirs, batch, repeats, seconds, quiet_wait)
        noisy += busy
    return pairs, noisy


def paired_windows(
    ours: Callable[[], tuple],
    theirs: Callable[[], torch.Tensor],
    batch: int,
    repeats: int,
    seconds: float,
    quiet_wait: float,
) -> tuple[list[tuple[float, float]], int]:
    """Both steps checked to give the same loss, warmed up, then measured in ``repeats``
    back-to-back pairs of windows (who goes first alternates): ([(ours, theirs) samples/s],
    how many pairs started while other processes kept a core busy)."""
    loss_ours, loss_theirs = ours()[0], theirs().item()
    assert abs(loss_ours - loss_theirs) < 1e-4 * max(1.0, abs(loss_theirs)), (
        loss_ours,
        loss_theirs,
    )
    throughput(ours, batch, 0.5)  # warm up allocator, caches and thread pools
    throughput(theirs, batch, 0.5)
    pairs, noisy = [], 0
    for k in range(repeats):
        if quiet_wait > 0 and not wait_for_quiet(quiet_wait):
            noisy += 1
        if k % 2 == 0:  # alternate who goes first: no order bias
            a = throughput(ours, batch, seconds)
            b = throughput(theirs, batch, seconds)
        else:
            b = throughput(theirs, batch, seconds)
            a = throughput(ours, batch, seconds)
        pairs.append((a, b))
    return pairs, noisy


def in_fresh_processes(
    args: argparse.Namespace, threads: int
) -> tuple[dict[int, list[list[tuple[float, float]]]], int]:
    """Run :func:`measure` in ``args.processes`` fresh interpreters one after another:
    (batch -> one list of pairs per process, pairs started while the machine was busy)."""
    command = [
        sys.executable,
        os.path.abspath(__file__),
        "--child",
        "--threads",
        str(threads),
        "--seconds",
        str(args.seconds),
        "--repeats",
        str(args.repeats),
        "--quiet-wait",
        str(args.quiet_wait),
        "--batch",
        *map(str, args.batch),
    ]
    runs: dict[int, list[list[tuple[float, float]]]] = {batch: [] for batch in args.batch}
    noisy = 0
    for _ in range(args.processes):
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        for batch, pairs in result["pairs"].items():
            runs[int(batch)].append([tuple(pair) for pair in pairs])
        noisy += result["noisy"]
    return runs, noisy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--seconds", type=float, default=0.5)
    parser.add_argument(
        "--processes",
        type=int,
        default=5,
        help="fresh interpreters to measure in, one after another",
    )
    parser.add_argument(
        "--repeats", type=int, default=4, help="pairs of windows per batch size in each process"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=20.0,
        help="seconds to wait, before each pair of windows, for the other "
        "processes on the machine to go idle (0: do not wait)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="limit NumPy's BLAS (needs threadpoolctl) and torch to this many",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads, user_api="blas")
    threads, kernel = blas_info()
    if args.child:  # one process's pairs, as JSON, for the parent
        pairs, noisy = measure(args.batch, args.repeats, args.seconds, args.quiet_wait, threads)
        print(json.dumps({"pairs": pairs, "noisy": noisy}))
        return

    print(
        f"numpy {np.__version__}, BLAS {kernel}, {threads} thread(s); "
        f"torch {torch.__version__} with torch.set_num_threads({threads}); "
        f"symconv LeNet5.cores = {threads}"
    )
    print(
        "OPENBLAS_CORETYPE="
        + os.environ.get("OPENBLAS_CORETYPE", "(unset)")
        + " OPENBLAS_L2_SIZE="
        + os.environ.get("OPENBLAS_L2_SIZE", "(unset)")
        + f"; load average before: {os.getloadavg()[0]:.2f}"
    )
    runs, noisy = in_fresh_processes(args, threads)
    ours_cold, torch_cold = cold_start(COLD_SYMCONV), cold_start(COLD_TORCH)
    print(
        f"load average after: {os.getloadavg()[0]:.2f}; {noisy} window pair(s) started while "
        "other processes kept a core busy"
    )
    print(
        f"{args.processes} fresh process(es) one after another, each measuring both in "
        f"{args.repeats} pair(s) of {args.seconds} s windows per batch size"
    )
    print()
    print(
        "| batch | symconv samples/s (best / median) | torch samples/s (best / median) "
        "| ratio of back-to-back windows: median (quartiles) | median ratio per process |"
    )
    print("|---:|---:|---:|---:|---:|")
    for batch, per_process in runs.items():
        pairs = [pair for process in per_process for pair in process]
        ours = [a for a, _ in pairs]
        theirs = [b for _, b in pairs]
        # The machine's speed drifts over seconds (other tenants); the two windows of one
        # pair see nearly the same machine, so their ratio is the steadiest figure.
        ratios = [a / b for a, b in pairs]
        q1, q2, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
        each = ", ".join(
            f"{statistics.median(a / b for a, b in process):.2f}x" for process in per_process
        )
        print(
            f"| {batch} | {max(ours):,.0f} / {statistics.median(ours):,.0f} "
            f"| {max(theirs):,.0f} / {statistics.median(theirs):,.0f} "
            f"| {q2:.2f}x ({q1:.2f}x-{q3:.2f}x) | {each} |"
        )
    print()
    print(
        "Cold start in a fresh interpreter (best of 3): import, build the model (symconv "
        "prints every layer's kernels here), first step at batch 64."
    )
    print("| | import s | build s | first step s | total s |")
    print("|---|---:|---:|---:|---:|")
    for name, (imp, build, first) in (("symconv", ours_cold), ("torch", torch_cold)):
        print(f"| {name} | {imp:.2f} | {build:.3f} | {first:.3f} | {imp + build + first:.2f} |")
    total = sum(ours_cold), sum(torch_cold)
    print(
        f"kernel build time {ours_cold[1]:.3f} s (goal under 2 s); cold start total "
        f"{total[0]:.2f} s against torch {total[1]:.2f} s ({total[0] / total[1]:.2f}x)"
    )


if __name__ == "__main__":
    main()
