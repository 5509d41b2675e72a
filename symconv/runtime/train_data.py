"""The data ``symconv train`` feeds a network: scikit-learn's digits or the user's .npz.

A :class:`Dataset` holds a training and a held-out part; ``batch(pick, rng)`` gives the
training images of one step (LeNet-size inputs shift each digit by up to 2 pixels each way,
so 1,437 images are not simply memorised), ``train_eval`` the training images as evaluated.

The digits fit a network whose input is 8x8x1 (the images themselves) or 28x28x1 (scaled
3x to 24x24 and padded to 28x28, centred as MNIST centres its digits).  Any other network
needs ``--data FILE.npz`` with arrays ``x`` (N, *input) and ``y`` (N,) labels in
[0, classes); the file is read with ``allow_pickle=False`` and checked before any training
or writing.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from symconv.errors import SymconvError

HELD_OUT = 0.2


@dataclass
class Dataset:
    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    augment: Callable[[np.ndarray, np.random.Generator], np.ndarray] | None = None

    def batch(self, pick: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        x = self.x_train[pick]
        return x if self.augment is None else self.augment(x, rng)

    @property
    def train_eval(self) -> np.ndarray:
        return self.x_train if self.augment is None else self.augment(self.x_train, None)


def on_canvas(digits: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """24x24 digits on 28x28 canvases, digit k at row/column offset ``offsets[k]``."""
    canvas = np.zeros((len(digits), 1, 28, 28), dtype=np.float32)
    for k, (dy, dx) in enumerate(offsets):
        canvas[k, 0, dy : dy + 24, dx : dx + 24] = digits[k]
    return canvas


def shifted(digits: np.ndarray, rng: np.random.Generator | None) -> np.ndarray:
    """The digits on canvases, each shifted at random (centred when ``rng`` is None)."""
    offsets = (
        np.full((len(digits), 2), 2) if rng is None else rng.integers(0, 5, size=(len(digits), 2))
    )
    return on_canvas(digits, offsets)


def digits(seed: int, size: int, held_out: float = HELD_OUT) -> tuple[np.ndarray, ...]:
    """(x_train, y_train, x_test, y_test) of scikit-learn's digits, x of shape (N, size,
    size) float32 in [0, 1]: the 8x8 images, or (size 24) scaled 3x, nearest neighbour."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    images = data.images.astype(np.float32) / 16.0
    if size == 24:
        images = images.repeat(3, axis=1).repeat(3, axis=2)
    x_tr, x_te, y_tr, y_te = train_test_split(
        images, data.target, test_size=held_out, random_state=seed, stratify=data.target
    )
    return x_tr, y_tr.astype(np.int64), x_te, y_te.astype(np.int64)


def digits_for(
    shape: tuple[int, ...], classes: int, seed: int, held_out: float = HELD_OUT
) -> Dataset:
    """The digits as a network of input ``shape`` (C, H, W) takes them."""
    if tuple(shape) not in ((1, 8, 8), (1, 28, 28)):
        sizes = "x".join(str(n) for n in (*shape[1:], shape[0]))
        raise SymconvError(
            f"network input {sizes} has no default data set; the rule: pass "
            f"--data FILE.npz with arrays x (N, {', '.join(map(str, shape))}) "
            f"and y (N,) (the digits fit inputs 8x8x1 and 28x28x1)"
        )
    if classes < 10:
        raise SymconvError(
            f"the network has {classes} outputs and the digits 10 classes; the "
            "rule: at least 10 outputs, or --data FILE.npz"
        )
    if shape == (1, 8, 8):
        x_tr, y_tr, x_te, y_te = digits(seed, 8, held_out)
        return Dataset("digits", x_tr[:, None], y_tr, x_te[:, None], y_te)
    x_tr, y_tr, x_te, y_te = digits(seed, 24, held_out)
    return Dataset("digits", x_tr, y_tr, shifted(x_te, None), y_te, augment=shifted)


def load_data(path: str | Path, shape: tuple[int, ...], classes: int, seed: int) -> Dataset:
    """The arrays x, y of an .npz file, checked against the network, split at random
    (``seed``) into training and held-out parts."""
    where = f"data file {str(path)!r}"
    rule = "the rule: an .npz file with arrays x and y (numpy.savez)"
    try:
        if not Path(path).is_file():
            raise SymconvError(f"{where} does not exist; {rule}")
        if not zipfile.is_zipfile(path):  # np.load would try it as a pickle or .npy
            raise SymconvError(f"{where} is not an .npz archive; {rule}")
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        if isinstance(exc, SymconvError):
            raise
        text = " ".join(str(exc).split())
        raise SymconvError(f"{where} cannot be read ({text}); {rule}") from exc
    if not {"x", "y"} <= set(arrays):
        raise SymconvError(f"{where} has arrays {sorted(arrays)}; the rule: arrays x and y")
    x, y = arrays["x"], arrays["y"]
    wanted = ", ".join(map(str, shape))
    if x.ndim != len(shape) + 1 or tuple(x.shape[1:]) != tuple(shape) or x.dtype.kind not in "iuf":
        raise SymconvError(
            f"{where}: x of shape {x.shape} and dtype {x.dtype} does not fit "
            f"the network; the rule: real numbers of shape (N, {wanted})"
        )
    if not np.isfinite(x).all():
        raise SymconvError(f"{where}: x holds NaN or infinite values; the rule: finite numbers")
    if y.shape != (x.shape[0],) or y.dtype.kind not in "iu":
        raise SymconvError(
            f"{where}: y of shape {y.shape} and dtype {y.dtype} does not fit; "
            f"the rule: {x.shape[0]} integer labels, one per image"
        )
    if len(y) < 2:
        raise SymconvError(
            f"{where} has {len(y)} sample(s); the rule: at least 2 (one is held out)"
        )
    if y.min() < 0 or y.max() >= classes:
        bad = int(y.min() if y.min() < 0 else y.max())
        raise SymconvError(
            f"{where}: label {bad} is out of range; the rule: labels in "
            f"[0, {classes}), the network's outputs"
        )
    order = np.random.default_rng(seed).permutation(len(y))
    test = max(1, round(HELD_OUT * len(y)))
    x = x.astype(np.float32)
    return Dataset(
        Path(path).stem,
        x[order[test:]],
        y[order[test:]].astype(np.int64),
        x[order[:test]],
        y[order[:test]].astype(np.int64),
    )
