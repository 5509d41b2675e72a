"""``symconv train lenet`` on scikit-learn's digits (a short run; the README shows the full one)."""

from __future__ import annotations

import numpy as np
import pytest

from symconv.cli.main import main
from symconv.runtime import train


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


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--lr", "nan"),
        ("--lr", "inf"),
        ("--lr", "-0.1"),
        ("--momentum", "nan"),
        ("--momentum", "-inf"),
        ("--momentum", "-0.5"),
        ("--momentum", "1"),
        ("--momentum", "1.5"),
    ],
)
def test_bad_lr_and_momentum_are_one_line_errors(tmp_path, capsys, flag, value):
    code = main(
        ["train", "lenet", "--epochs", "1", f"{flag}={value}", "--out", str(tmp_path / "r")]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"symconv: error: {flag} ") and err.count("\n") == 1
    assert "the rule: " in err and not list(tmp_path.iterdir())


class _Model:
    def __init__(self) -> None:
        self.params = {"c1.weight": np.zeros((6, 1, 5, 5), np.float32)}


def _fake_train(*args, **kwargs):
    return {
        "model": _Model(),
        "loss": [1.0],
        "train_accuracy": [0.5],
        "test_accuracy": [0.5],
        "samples": {"train": 1, "test": 1},
        "seconds": 0.0,
    }


def test_a_failing_plot_leaves_no_weights(tmp_path, monkeypatch):
    monkeypatch.setattr(train, "train", _fake_train)

    def broken(history):
        raise RuntimeError("no display")

    monkeypatch.setattr(train, "plot_png", broken)
    with pytest.raises(RuntimeError, match="no display"):
        main(["train", "lenet", "--epochs", "1", "--out", str(tmp_path / "r")])
    assert not list(tmp_path.iterdir())


def test_a_failing_plot_write_removes_the_weights(tmp_path, monkeypatch):
    monkeypatch.setattr(train, "train", _fake_train)
    real = train.write_atomic

    def write(path, data):
        if path.suffix == ".png":
            raise OSError("disk full")
        real(path, data)

    monkeypatch.setattr(train, "write_atomic", write)
    with pytest.raises(OSError, match="disk full"):
        main(["train", "lenet", "--epochs", "1", "--out", str(tmp_path / "r")])
    assert not list(tmp_path.iterdir())


def test_fake_run_writes_both(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(train, "train", _fake_train)
    assert main(["train", "lenet", "--out", str(tmp_path / "r")]) == 0
    assert np.load(tmp_path / "r.npz")["c1.weight"].shape == (6, 1, 5, 5)
    assert (tmp_path / "r.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
