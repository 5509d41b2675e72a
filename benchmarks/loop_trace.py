"""Where a 2-core training loop's time goes: train_loop.py's symconv loop, instrumented.

The wall clock of a shared machine mostly measures the other sessions, so this counts
mechanisms instead, for three ways of running the same steps with ``Model.cores = 2``:

- ``steps``: back-to-back ``loss_and_grads`` on one fixed batch (as model_step.py);
- ``batches``: back-to-back steps on the loop's shuffled batches (batch copies, no SGD);
- ``loop``: train_loop.py's whole loop (batch copies, step, SGD with momentum, the
  evaluation forward each epoch).

Per step (or per evaluation forward) it prints: the wall time of each phase; the CPU time
of this process (``time.process_time``) and of the worker process (``/proc/PID/schedstat``:
time on a CPU, time runnable but waiting for one, and ``voluntary_ctxt_switches``, the
times it went to sleep); how many steps used the worker and how many ran alone (the
probes of ``Model._worth_workers``); inside a step with the worker, the time to submit
(parameters and images into the shared file), this process's own chunks, its wait for the
worker's answer (idle), the worker's own compute time (it reports it) and the adding of
the chunks; and the gap between one step's answer and the next submit (the worker polls
for ``SPIN_SECONDS`` after each answer, then sleeps).  The "CPU" rows are CPU time: the
chunks' computation in each process (the rest of a process's CPU time goes to hand-offs,
the user's code, and spinning while it waits for the other).

    python benchmarks/loop_trace.py [NET.toml] [--batch 64] [--train 2048] [--test 512]
                                    [--epochs 2] [--runs 3] [--modes steps batches loop]
                                    [--force auto|worker|alone]
"""

from __future__ import annotations

import collections
import contextlib
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_loop import dataset, loop_arguments

import symconv.runtime.parallel as parallel
from symconv import Model
from symconv.runtime.worker_loop import SPIN_SECONDS
from symconv.runtime.workers import Worker, workers


def schedstat(pid: int | str) -> tuple[float, float, int]:
    """(seconds on a CPU, seconds runnable and waiting, voluntary context switches)."""
    with open(f"/proc/{pid}/schedstat") as handle:
        run, wait, _ = handle.read().split()
    with open(f"/proc/{pid}/status") as handle:
        switches = next(
            int(line.split()[1]) for line in handle if line.startswith("voluntary_ctxt")
        )
    return int(run) * 1e-9, int(wait) * 1e-9, switches


class Trace:
    """Wall seconds per named phase, counts, and the gaps between steps."""

    def __init__(self) -> None:
        self.seconds: collections.Counter = collections.Counter()
        self.counts: collections.Counter = collections.Counter()
        self.gaps: list[float] = []
        self.last_answer: float | None = None
        self.in_parallel = False

    @contextlib.contextmanager
    def phase(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start


TRACE = Trace()
FORCE: bool | None = None  # --force: always with the worker (True) or alone (False)


def instrument() -> None:
    """Wrap the runtime's hand-off points (this process only; the worker reports its own
    compute time in every answer)."""
    worth, own, chunks_fw = Model._worth_workers, Model._chunks, Model.forward_chunks
    submit, submit_fw = Worker.submit, Worker.submit_forward
    result, result_fw = Worker.result, Worker.forward_result
    parallel_step, add = Model._parallel, parallel.add_parts

    def _worth_workers(self, n):
        together = worth(self, n) if FORCE is None else FORCE
        kind = "forward" if isinstance(n, tuple) else "step"
        TRACE.counts[f"{kind} {'with worker' if together else 'alone'}"] += 1
        return together

    def _chunks(self, *args):
        name = "own chunks" if TRACE.in_parallel else "alone chunks"
        cpu = time.process_time()
        with TRACE.phase(name):
            out = own(self, *args)
        TRACE.seconds[f"{name} CPU"] += time.process_time() - cpu
        return out

    def forward_chunks(self, *args):
        with TRACE.phase("own forward chunks"):
            return chunks_fw(self, *args)

    def submitting(original, name: str):
        def timed(self, *args):
            if TRACE.last_answer is not None:  # since the worker's last answer
                TRACE.gaps.append(time.perf_counter() - TRACE.last_answer)
            with TRACE.phase(name):
                return original(self, *args)

        return timed

    _submit, _submit_forward = submitting(submit, "submit"), submitting(submit_fw, "submit forward")

    def _result(self):
        with TRACE.phase("wait for worker"):
            out = result(self)
        TRACE.last_answer = time.perf_counter()
        TRACE.seconds["worker compute"] += self.seconds
        TRACE.seconds["worker compute CPU"] += self.cpu_seconds
        TRACE.counts["worker answers"] += 1
        return out

    def _forward_result(self):
        with TRACE.phase("wait for worker forward"):
            out = result_fw(self)
        TRACE.last_answer = time.perf_counter()
        TRACE.counts["worker forward answers"] += 1
        return out

    def _parallel(self, *args):
        TRACE.in_parallel = True
        try:
            with TRACE.phase("step with worker"):
                return parallel_step(self, *args)
        finally:
            TRACE.in_parallel = False

    def add_parts(results):
        with TRACE.phase("add chunks"):
            return add(results)

    Model._worth_workers, Model._chunks = _worth_workers, _chunks
    Model.forward_chunks = forward_chunks
    Worker.submit, Worker.submit_forward = _submit, _submit_forward
    Worker.result, Worker.forward_result = _result, _forward_result
    Model._parallel, parallel.add_parts = _parallel, add_parts


def run_mode(mode: str, model: Model, start: dict, data: tuple, args) -> None:
    """One run of ``mode`` (steps, batches or loop), traced into TRACE."""
    x, y, x_test, _ = data
    model.load_state_dict(start)
    velocity = {name: np.zeros_like(v) for name, v in model.params.items()}
    order = np.random.default_rng(1)
    fixed = (x[: args.batch], y[: args.batch])
    for _ in range(args.epochs):
        index = order.permutation(len(x))
        for k in range(0, len(x), args.batch):
            with TRACE.phase("batch copies"):
                rows = index[k : k + args.batch]
                xb, yb = fixed if mode == "steps" else (x[rows], y[rows])
            with TRACE.phase("step"):
                _, grads = model.loss_and_grads(xb, yb)
            TRACE.counts["steps"] += 1
            if mode != "loop":
                continue
            with TRACE.phase("SGD update"):
                for name, p in model.params.items():
                    v = velocity[name]
                    v *= args.momentum
                    v += grads[name]
                    p -= args.lr * v
        if mode == "loop":
            for k in range(0, len(x_test), 256):
                with TRACE.phase("evaluation"):
                    model.forward(x_test[k : k + 256]).argmax(1)
                TRACE.counts["evaluations"] += 1


def main() -> None:
    parser = loop_arguments(__doc__.splitlines()[0], epochs=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modes", nargs="+", default=["steps", "batches", "loop"])
    parser.add_argument(
        "--force",
        choices=("auto", "worker", "alone"),
        default="auto",
        help="auto: the Model's own choice (timed probes); worker / alone: always that way",
    )
    args = parser.parse_args()
    global FORCE
    FORCE = {"auto": None, "worker": True, "alone": False}[args.force]
    model = Model.from_file(args.net, dtype=np.float32, seed=0)
    model.cores = 2
    if model.start_workers() != 1:
        raise SystemExit("the worker process did not start")
    (worker,) = workers(model.network, model.dtype, 1)
    start = {name: v.copy() for name, v in model.params.items()}
    x, y = dataset(model.input_shape, model.classes, args.train + args.test, seed=0)
    data = (x[: args.train], y[: args.train], x[args.train :], y[args.train :])
    instrument()
    for mode in args.modes:  # warm up: buffers, the shared file, the speeds
        run_mode(mode, model, start, data, args)
    print(
        f"{model.network.name}, batch {args.batch}, {args.train} training / {args.test} test "
        f"samples, {args.epochs} epochs per run, {args.runs} runs per mode, alternating; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    figures: dict = collections.defaultdict(list)
    for r in range(args.runs):
        for mode in args.modes[:: 1 if r % 2 == 0 else -1]:
            TRACE.__init__()
            pid = worker._process.pid
            main0, work0 = schedstat("self"), schedstat(pid)
            cpu0, wall0 = time.process_time(), time.perf_counter()
            run_mode(mode, model, start, data, args)
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            main1, work1 = schedstat("self"), schedstat(pid)
            steps = TRACE.counts["steps"]
            row = {
                "wall ms/step (whole run)": wall / steps * 1e3,
                "main CPU ms/step": cpu / steps * 1e3,
                "main runnable-waiting ms/step": (main1[1] - main0[1]) / steps * 1e3,
                "worker CPU ms/step": (work1[0] - work0[0]) / steps * 1e3,
                "worker runnable-waiting ms/step": (work1[1] - work0[1]) / steps * 1e3,
                "worker sleeps/step": (work1[2] - work0[2]) / steps,
                "main sleeps/step": (main1[2] - main0[2]) / steps,
            }
            for name, seconds in TRACE.seconds.items():
                row[f"{name} ms/step"] = seconds / steps * 1e3
            for name, count in TRACE.counts.items():
                row[f"count: {name}"] = count
            gaps = TRACE.gaps
            row["count: gaps > SPIN_SECONDS"] = sum(g > SPIN_SECONDS for g in gaps)
            row["median gap answer->submit ms"] = statistics.median(gaps) * 1e3 if gaps else 0
            for name, value in row.items():
                figures[mode, name].append(value)
    names = list(dict.fromkeys(name for _, name in figures))
    print()
    print("| figure (median over runs) | " + " | ".join(args.modes) + " |")
    print("|---|" + "---:|" * len(args.modes))
    for name in names:
        cells = [
            f"{statistics.median(figures[mode, name]):.3f}" if figures[mode, name] else ""
            for mode in args.modes
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
