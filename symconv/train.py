"""``symconv train lenet``: LeNet-5 on scikit-learn's handwritten digits, with our kernels.

The 1,797 8x8 digits of ``sklearn.datasets.load_digits`` (shipped with scikit-learn, no
download) are scaled 3x to 24x24 and placed on a 28x28 canvas, centred for evaluation
as MNIST centres its digits and shifted by up to 2 pixels each way for training (1,437
training images are few for 61,706 parameters: the shifts keep LeNet from memorising
them); pixel values 0..16 become 0..1.  Plain SGD with momentum on the mean softmax
cross-entropy, a stratified held-out split, a progress bar on stderr; the weights go to
an .npz keyed like the PyTorch state_dict and the curves to a PNG.
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

from .errors import SymconvError
from .files import refuse_existing, write_atomic


def _need(module: str):
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise SymconvError(
            f"training needs {module!r}, which is not installed; the rule: install the "
            "extra with pip install 'symconv[train]'") from exc


def on_canvas(digits: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """24x24 digits on 28x28 canvases, digit k at row/column offset ``offsets[k]``."""
    canvas = np.zeros((len(digits), 1, 28, 28), dtype=np.float32)
    for k, (dy, dx) in enumerate(offsets):
        canvas[k, 0, dy:dy + 24, dx:dx + 24] = digits[k]
    return canvas


def digits_24(seed: int, held_out: float) -> tuple[np.ndarray, ...]:
    """(x_train, y_train, x_test, y_test), x of shape (N, 24, 24) float32 in [0, 1]."""
    _need("sklearn")
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    images = data.images.astype(np.float32) / 16.0
    scaled = images.repeat(3, axis=1).repeat(3, axis=2)  # 24x24, nearest neighbour
    x_tr, x_te, y_tr, y_te = train_test_split(scaled, data.target, test_size=held_out,
                                              random_state=seed, stratify=data.target)
    return x_tr, y_tr.astype(np.int64), x_te, y_te.astype(np.int64)


def accuracy(model, x: np.ndarray, y: np.ndarray, batch: int = 256) -> float:
    hits = sum(int((model.forward(x[i:i + batch]).argmax(axis=1) == y[i:i + batch]).sum())
               for i in range(0, len(x), batch))
    return hits / len(x)


def train(epochs: int = 15, batch: int = 32, lr: float = 0.05, momentum: float = 0.9,
          seed: int = 0, held_out: float = 0.2, activation: str = "tanh", pool: str = "avg",
          progress: bool | None = None) -> dict:
    """Train and return the history; the model is under the key ``model``."""
    from tqdm import tqdm

    from .lenet import LeNet5

    x_tr, y_tr, digits_te, y_te = digits_24(seed, held_out)
    x_te = on_canvas(digits_te, np.full((len(digits_te), 2), 2))
    model = LeNet5(activation=activation, pool=pool, seed=seed)
    velocity = {k: np.zeros_like(v) for k, v in model.params.items()}
    rng = np.random.default_rng(seed)
    history: dict = {"loss": [], "train_accuracy": [], "test_accuracy": []}
    show = sys.stderr.isatty() if progress is None else progress
    start = time.perf_counter()
    for epoch in range(epochs):
        order = rng.permutation(len(x_tr))
        losses = []
        steps = tqdm(range(0, len(order), batch), desc=f"epoch {epoch + 1}/{epochs}",
                     disable=not show, file=sys.stderr, leave=False)
        for i in steps:
            pick = order[i:i + batch]
            shifted = on_canvas(x_tr[pick], rng.integers(0, 5, size=(len(pick), 2)))
            loss, grads = model.loss_and_grads(shifted, y_tr[pick])
            for name, grad in grads.items():  # SGD with momentum, as torch.optim.SGD
                velocity[name] = momentum * velocity[name] + grad
                model.params[name] -= np.asarray(lr * velocity[name], model.params[name].dtype)
            losses.append(float(loss))
        history["loss"].append(float(np.mean(losses)))
        history["train_accuracy"].append(
            accuracy(model, on_canvas(x_tr, np.full((len(x_tr), 2), 2)), y_tr))
        history["test_accuracy"].append(accuracy(model, x_te, y_te))
    history["seconds"] = time.perf_counter() - start
    history["samples"] = {"train": len(x_tr), "test": len(x_te)}
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
    parser = sub.add_parser("train", help="train LeNet-5 on scikit-learn's digits")
    parser.add_argument("net", choices=["lenet"], help="the network to train")
    parser.add_argument("--epochs", type=int, default=15, help="passes over the training set")
    parser.add_argument("--batch", type=int, default=32, help="images per SGD step")
    parser.add_argument("--lr", type=float, default=0.05, help="learning rate")
    parser.add_argument("--momentum", type=float, default=0.9, help="SGD momentum")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the weights, the split and the shifts")
    parser.add_argument("--activation", default="tanh", choices=["tanh", "sigmoid", "relu"],
                        help="the activation of the hidden layers")
    parser.add_argument("--pool", default="avg", choices=["avg", "max"],
                        help="pooling of S2 and S4")
    parser.add_argument("--out", default="lenet-digits", help="prefix of the .npz and .png")
    parser.add_argument("--force", action="store_true", help="overwrite existing outputs")
    parser.add_argument("--json", action="store_true", help="a JSON summary instead of text")
    return parser


def run(args: argparse.Namespace) -> int:
    for value, name in ((args.epochs, "--epochs"), (args.batch, "--batch")):
        if value < 1:
            raise SymconvError(f"{name} {value} is not allowed; the rule: at least 1")
    if not (math.isfinite(args.lr) and args.lr >= 0):
        raise SymconvError(f"--lr {args.lr} is not allowed; the rule: a finite number, "
                           "not negative")
    if not (math.isfinite(args.momentum) and 0 <= args.momentum < 1):
        raise SymconvError(f"--momentum {args.momentum} is not allowed; the rule: a number "
                           "in [0, 1)")
    weights, plot = Path(f"{args.out}.npz"), Path(f"{args.out}.png")
    for path in (weights, plot):
        refuse_existing(path, args.force)
        if not path.parent.exists():
            raise SymconvError(f"folder {str(path.parent)!r} of output {str(path)!r} does "
                               "not exist")
    _need("sklearn")
    _need("matplotlib")
    history = train(args.epochs, args.batch, args.lr, args.momentum, args.seed,
                    activation=args.activation, pool=args.pool)
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
    if args.json:
        print(json.dumps({**history, "weights": str(weights), "plot": str(plot)}, indent=2))
    else:
        print(f"held-out accuracy {final:.4f} on {history['samples']['test']} digits after "
              f"{args.epochs} epochs ({history['seconds']:.1f} s); weights {weights}, "
              f"plot {plot}")
    return 0
