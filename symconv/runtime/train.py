"""``symconv train lenet|NET.toml [--data FILE.npz]``: train a network of our kernels.

The data: ``--data`` (arrays x, y; see :mod:`symconv.runtime.train_data`) or, for networks whose
input fits them, scikit-learn's digits.  For LeNet-5 (and any 28x28x1 input) the 1,797
8x8 digits of ``sklearn.datasets.load_digits`` (shipped with scikit-learn, no download)
are scaled 3x to 24x24 and placed on a 28x28 canvas, centred for evaluation as MNIST
centres its digits and shifted by up to 2 pixels each way for training (1,437 training
images are few for 61,706 parameters: the shifts keep LeNet from memorising them); pixel
values 0..16 become 0..1.  Plain SGD with momentum on the mean softmax cross-entropy, a
stratified held-out split (a random one for --data), a progress bar on stderr; the
weights go to an .npz keyed like the PyTorch state_dict and the curves to a PNG.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from symconv.errors import SymconvError
from symconv.files import refuse_existing, write_atomic
from symconv.runtime.model import Model, check_runnable, input_shape, output_classes
from symconv.runtime.train_data import Dataset, digits, digits_for, load_data, on_canvas
from symconv.spec.network import Network, lenet5, load_network

__all__ = ["accuracy", "digits_24", "on_canvas", "plot_png", "train"]


def _need(module: str):
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise SymconvError(
            f"training needs {module!r}, which is not installed; the rule: install the "
            "extra with pip install 'symconv[train]'"
        ) from exc


def digits_24(seed: int, held_out: float) -> tuple[np.ndarray, ...]:
    """(x_train, y_train, x_test, y_test), x of shape (N, 24, 24) float32 in [0, 1]."""
    _need("sklearn")
    return digits(seed, 24, held_out)


def accuracy(model, x: np.ndarray, y: np.ndarray, batch: int = 256) -> float:
    hits = sum(
        int((model.forward(x[i : i + batch]).argmax(axis=1) == y[i : i + batch]).sum())
        for i in range(0, len(x), batch)
    )
    return hits / len(x)


def train(
    epochs: int = 15,
    batch: int = 32,
    lr: float = 0.05,
    momentum: float = 0.9,
    seed: int = 0,
    held_out: float = 0.2,
    activation: str = "tanh",
    pool: str = "avg",
    progress: bool | None = None,
    network: Network | None = None,
    data: Dataset | None = None,
) -> dict:
    """Train and return the history; the model is under the key ``model``.  Without
    ``network``, LeNet-5 (``activation``, ``pool``); without ``data``, the digits."""
    from tqdm import tqdm

    if network is None:
        from symconv.runtime.lenet import LeNet5

        model: Model = LeNet5(activation=activation, pool=pool, seed=seed)
    else:
        model = Model(network, seed=seed)
    if data is None:
        _need("sklearn")
        data = digits_for(model.network.input_shape, model.classes, seed, held_out)
    velocity = {k: np.zeros_like(v) for k, v in model.params.items()}
    rng = np.random.default_rng(seed)
    history: dict = {"loss": [], "train_accuracy": [], "test_accuracy": []}
    show = sys.stderr.isatty() if progress is None else progress
    start = time.perf_counter()
    for epoch in range(epochs):
        order = rng.permutation(len(data.y_train))
        losses = []
        steps = tqdm(
            range(0, len(order), batch),
            desc=f"epoch {epoch + 1}/{epochs}",
            disable=not show,
            file=sys.stderr,
            leave=False,
        )
        for i in steps:
            pick = order[i : i + batch]
            loss, grads = model.loss_and_grads(data.batch(pick, rng), data.y_train[pick])
            for name, grad in grads.items():  # SGD with momentum, as torch.optim.SGD
                velocity[name] = momentum * velocity[name] + grad
                model.params[name] -= np.asarray(lr * velocity[name], model.params[name].dtype)
            losses.append(float(loss))
        history["loss"].append(float(np.mean(losses)))
        history["train_accuracy"].append(accuracy(model, data.train_eval, data.y_train))
        history["test_accuracy"].append(accuracy(model, data.x_test, data.y_test))
    history["seconds"] = time.perf_counter() - start
    history["samples"] = {"train": len(data.y_train), "test": len(data.y_test)}
    history["model"] = model
    return history


def npz_bytes(params: dict) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **params)
    return buffer.getvalue()


def plot_png(history: dict) -> bytes:
    """The loss and accuracy curves as PNG bytes (nothing is written)."""
    _need("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = range(1, len(history["loss"]) + 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5))
    left.plot(epochs, history["loss"], marker="o")
    left.set(xlabel="epoch", ylabel="mean cross-entropy", title="training loss")
    right.plot(epochs, history["train_accuracy"], marker="o", label="train")
    right.plot(epochs, history["test_accuracy"], marker="o", label="held out")
    right.set(xlabel="epoch", ylabel="accuracy", title="accuracy", ylim=(0, 1))
    right.legend()
    try:
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110)
    finally:
        plt.close(fig)
    return buffer.getvalue()


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "train", help="train LeNet-5 or a network file on scikit-learn's digits or your data"
    )
    parser.add_argument("net", help="'lenet' or a network .toml file")
    parser.add_argument(
        "--data",
        help="an .npz with arrays x (N, *input) and y (N,) integer "
        "labels (default: the digits, for 8x8x1 and 28x28x1 inputs)",
    )
    parser.add_argument("--epochs", type=int, default=15, help="passes over the training set")
    parser.add_argument("--batch", type=int, default=32, help="images per SGD step")
    parser.add_argument("--lr", type=float, default=0.05, help="learning rate")
    parser.add_argument("--momentum", type=float, default=0.9, help="SGD momentum")
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the weights, the split and the shifts"
    )
    parser.add_argument(
        "--activation",
        choices=["tanh", "sigmoid", "relu"],
        help="LeNet-5's hidden activation (default tanh)",
    )
    parser.add_argument(
        "--pool", choices=["avg", "max"], help="LeNet-5's pooling of S2 and S4 (default avg)"
    )
    parser.add_argument(
        "--out", help="prefix of the .npz and .png (default: NAME-DATA, e.g. lenet-digits)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing outputs")
    parser.add_argument("--json", action="store_true", help="a JSON summary instead of text")
    return parser


def _check_numbers(args: argparse.Namespace) -> None:
    for value, name in ((args.epochs, "--epochs"), (args.batch, "--batch")):
        if value < 1:
            raise SymconvError(f"{name} {value} is not allowed; the rule: at least 1")
    if not (math.isfinite(args.lr) and args.lr >= 0):
        raise SymconvError(
            f"--lr {args.lr} is not allowed; the rule: a finite number, not negative"
        )
    if not (math.isfinite(args.momentum) and 0 <= args.momentum < 1):
        raise SymconvError(
            f"--momentum {args.momentum} is not allowed; the rule: a number in [0, 1)"
        )


def _network(args: argparse.Namespace) -> Network | None:
    """None for LeNet-5 (built by train), else the network file's."""
    if args.net == "lenet":
        return None
    for flag in ("activation", "pool"):
        if getattr(args, flag) is not None:
            raise SymconvError(
                f"--{flag} {getattr(args, flag)!r} does not apply to a network "
                "file; the rule: set it in the file (--activation/--pool are "
                "LeNet-5's)"
            )
    if not (args.net.endswith(".toml") or Path(args.net).is_file()):
        raise SymconvError(f"network {args.net!r} is unknown; the rule: 'lenet' or a .toml file")
    net = load_network(args.net)
    check_runnable(net)  # before any data is read
    return net


def run(args: argparse.Namespace) -> int:
    _check_numbers(args)
    net = _network(args)
    described = net or lenet5()
    classes = output_classes(described)
    data = None  # everything is read and checked before any work or writing
    if args.data is not None:
        data = load_data(args.data, input_shape(described), classes, args.seed)
    elif net is not None:
        _need("sklearn")
        data = digits_for(described.input_shape, classes, args.seed)
    name = "lenet" if net is None else net.name
    out = args.out or f"{name}-{'digits' if data is None else data.name}"
    weights, plot = Path(f"{out}.npz"), Path(f"{out}.png")
    for path in (weights, plot):
        refuse_existing(path, args.force)
        if not path.parent.exists():
            raise SymconvError(
                f"folder {str(path.parent)!r} of output {str(path)!r} does not exist"
            )
    if data is None:  # LeNet-5 on the digits
        _need("sklearn")
    _need("matplotlib")
    history = train(
        args.epochs,
        args.batch,
        args.lr,
        args.momentum,
        args.seed,
        activation=args.activation or "tanh",
        pool=args.pool or "avg",
        network=net,
        data=data,
    )
    model = history.pop("model")
    # Both files are rendered in memory first, so a failing plot leaves no weights behind.
    weights_data, plot_data = npz_bytes(model.params), plot_png(history)
    write_atomic(weights, weights_data)
    try:
        write_atomic(plot, plot_data)
    except BaseException:
        weights.unlink(missing_ok=True)
        raise
    final = history["test_accuracy"][-1]
    what = "digits" if data is None or data.name == "digits" else "samples"
    if args.json:
        print(json.dumps({**history, "weights": str(weights), "plot": str(plot)}, indent=2))
    else:
        print(
            f"held-out accuracy {final:.4f} on {history['samples']['test']} {what} after "
            f"{args.epochs} epochs ({history['seconds']:.1f} s); weights {weights}, "
            f"plot {plot}"
        )
    return 0
