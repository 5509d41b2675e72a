"""``symconv train NET.toml [--data FILE.npz]``: any network, the digits or the user's data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from symconv import Model
from symconv.cli.main import main
from symconv.runtime import train

VGG = Path(__file__).parent.parent / "data" / "networks" / "vgg_like.toml"

TINY = (Path(__file__).parent.parent / "data" / "networks" / "tiny8.toml").read_text()


def test_an_8x8_network_learns_the_digits_by_default(tmp_path, capsys):
    net = tmp_path / "tiny.toml"
    net.write_text(TINY)
    prefix = tmp_path / "run"
    assert main(["train", str(net), "--epochs", "4", "--out", str(prefix), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"test_accuracy"' in out
    history = __import__("json").loads(out)
    assert history["loss"][-1] < history["loss"][0]
    assert history["test_accuracy"][-1] > 0.8
    assert history["samples"] == {"train": 1437, "test": 360}
    weights = np.load(f"{prefix}.npz")
    assert list(weights.files) == ["c1.weight", "c1.bias", "out.weight", "out.bias"]
    assert weights["c1.weight"].shape == (4, 1, 3, 3)
    assert (tmp_path / "run.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def quadrant_data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """32x32x3 images, label k when quadrant k (of 4) is the bright one."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, n)
    x = rng.standard_normal((n, 3, 32, 32)).astype(np.float32) * 0.3
    for k, label in enumerate(y):
        row, col = divmod(int(label), 2)
        x[k, :, 16 * row : 16 * row + 16, 16 * col : 16 * col + 16] += 1.0
    return x, y


def test_vgg_like_network_trains_on_a_data_file(tmp_path, capsys):
    x, y = quadrant_data(160, 0)
    np.savez(tmp_path / "quadrants.npz", x=x, y=y)
    prefix = tmp_path / "vgg"
    assert (
        main(
            [
                "train",
                str(VGG),
                "--data",
                str(tmp_path / "quadrants.npz"),
                "--epochs",
                "3",
                "--lr",
                "0.02",
                "--out",
                str(prefix),
            ]
        )
        == 0
    )
    assert "held-out accuracy" in capsys.readouterr().out
    weights = np.load(f"{prefix}.npz")
    model = Model.from_file(VGG)
    assert list(weights.files) == list(model.params)
    model.load_state_dict(dict(weights))
    test_x, test_y = quadrant_data(64, 1)
    assert train.accuracy(model, test_x, test_y) > 0.9  # it learned the task


def write_npz(path: Path, **arrays) -> str:
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)
    return str(path)


GOOD_X = np.zeros((6, 3, 32, 32), np.float32)


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        (
            dict(x=np.zeros((6, 1, 32, 32)), y=np.zeros(6, int)),
            r"x of shape \(6, 1, 32, 32\) and dtype float64 does not fit the network; the rule: "
            r"real numbers of shape \(N, 3, 32, 32\)",
        ),
        (
            dict(x=GOOD_X, y=np.array([0, 1, 2, 3, 4, 10])),
            r"label 10 is out of range; the rule: "
            r"labels in \[0, 10\)",
        ),
        (dict(x=GOOD_X, y=np.array([0, 1, -1, 3, 4, 5])), "label -1 is out of range"),
        (dict(x=GOOD_X, y=np.zeros(6)), r"y of shape \(6,\) and dtype float64 does not fit"),
        (dict(x=GOOD_X, y=np.zeros(5, int)), r"the rule: 6 integer labels"),
        (dict(x=GOOD_X), r"has arrays \['x'\]; the rule: arrays x and y"),
        (dict(x=GOOD_X * np.nan, y=np.zeros(6, int)), "NaN or infinite"),
        (None, r"is not an \.npz archive; the rule: an \.npz file with arrays x and y"),
    ],
)
def test_bad_data_files_are_one_line_errors_and_write_nothing(tmp_path, capsys, arrays, message):
    data = tmp_path / "data.npz"
    if arrays is None:
        data.write_text("not a zip")
    else:
        write_npz(data, **arrays)
    code = main(
        ["train", str(VGG), "--data", str(data), "--epochs", "1", "--out", str(tmp_path / "r")]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("symconv: error: data file ") and err.count("\n") == 1
    assert __import__("re").search(message, err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.npz"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [str(VGG)],
            "network input 32x32x3 has no default data set; the rule: pass --data "
            "FILE.npz with arrays x (N, 3, 32, 32)",
        ),
        ([str(VGG), "--activation", "relu"], "--activation 'relu' does not apply to a network"),
        (["resnet"], "network 'resnet' is unknown; the rule: 'lenet' or a .toml file"),
        ([str(VGG), "--data", "missing.npz"], "data file 'missing.npz' does not exist"),
    ],
)
def test_bad_train_arguments_are_one_line_errors(tmp_path, capsys, argv, message):
    code = main(["train", *argv, "--epochs", "1", "--out", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1
    assert not list(tmp_path.iterdir())


def test_a_network_whose_shapes_do_not_chain_is_refused_before_anything(tmp_path, capsys):
    net = tmp_path / "bad.toml"
    net.write_text(TINY.replace("kernel = 3", "kernel = 9"))
    assert main(["train", str(net), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "c1: kernel 9 (dilated extent 9) is larger than the padded input" in err
    assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_a_28x28_network_gets_the_digits_on_canvases():
    from symconv.runtime.train_data import digits_for

    data = digits_for((1, 28, 28), 10, seed=0)
    assert data.x_train.shape[1:] == (24, 24)  # placed on a canvas per step
    rng = np.random.default_rng(0)
    batch = data.batch(np.arange(5), rng)
    assert batch.shape == (5, 1, 28, 28)
    np.testing.assert_array_equal(batch.sum(axis=(1, 2, 3)), data.x_train[:5].sum(axis=(1, 2)))
    assert data.train_eval.shape == (1437, 1, 28, 28) and data.x_test.shape == (360, 1, 28, 28)
    assert data.x_test[:, :, :2].sum() == 0 and data.x_test[:, :, 26:].sum() == 0  # centred
