"""``symconv train lenet`` on scikit-learn's digits (a short run; the README shows the full one)."""

from __future__ import annotations

import numpy as np
import pytest

from symconv import train
from symconv.cli import main


def test_digits_are_centred_on_a_28x28_canvas():
    x_tr, y_tr, x_te, _ = train.digits_24(seed=0, held_out=0.2)
    assert x_tr.shape[1:] == (24, 24) and len(x_tr) + len(x_te) == 1797
    canvas = train.on_canvas(x_te[:3], np.full((3, 2), 2))
    assert canvas.shape == (3, 1, 28, 28)
    assert canvas[:, :, :2].sum() == 0 and canvas[:, :, 26:].sum() == 0
    assert set(np.unique(y_tr)) == set(range(10))


def test_three_epochs_learn_the_digits(tmp_path):
    history = train.train(epochs=3, seed=0, progress=False)
    assert history["loss"][-1] < history["loss"][0]
    assert history["test_accuracy"][-1] > 0.9


@pytest.mark.slow
def test_cli_writes_weights_and_plot(tmp_path, capsys):
    prefix = tmp_path / "run"
    assert main(["train", "lenet", "--epochs", "1", "--out", str(prefix)]) == 0
    weights = np.load(f"{prefix}.npz")
    assert weights["c1.weight"].shape == (6, 1, 5, 5) and len(weights.files) == 10
    assert (tmp_path / "run.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "held-out accuracy" in capsys.readouterr().out
    assert main(["train", "lenet", "--epochs", "1", "--out", str(prefix)]) == 2  # exists
