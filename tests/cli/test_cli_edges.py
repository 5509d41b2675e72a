"""CLI edges: options a target does not take, help, typos, budgets and ``build``'s report."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import run  # main(argv) as the shell sees it

from symconv.cli.main import LAYER_KINDS, build_parser
from symconv.layers.conv import conv_terms
from symconv.proofs.engine import human, round_up
from symconv.spec.layer import conv

ROOT = Path(__file__).resolve().parents[2]


def one_line_error(code: int, out: str, err: str) -> str:
    assert code == 2, (code, out, err)
    assert out == "" and err.startswith("symconv: error: ") and err.count("\n") == 1, err
    assert "usage:" not in err and "Traceback" not in err
    return err


# ------------------------------------------------------------ options that do not apply

# A value each layer option accepts wherever it applies (its default).
VALUES = {
    "--input": "4",
    "--in-channels": "1",
    "--out-channels": "1",
    "--kernel": "2",
    "--stride": "1",
    "--padding": "0",
    "--dilation": "1",
    "--groups": "1",
    "--mode": "correlation",
    "--no-bias": None,
    "--in-features": "4",
    "--out-features": "3",
    "--classes": "10",
    "--output-padding": "0",
}


def _with(option: str) -> list[str]:
    return [option] if VALUES[option] is None else [option, VALUES[option]]


@pytest.mark.parametrize("option", list(VALUES))
def test_an_option_is_refused_exactly_where_the_message_says_it_does_not_apply(option, capsys):
    """Truth from running it: the kinds an option is accepted with are the kinds the
    refusal names, and every refusal names the option and the kind."""
    accepted, named = [], None
    for kind in LAYER_KINDS:
        code, out, err = run(["prove", kind, *_with(option)], capsys)
        if code == 0:
            accepted.append(kind)
            continue
        err = one_line_error(code, out, err)
        assert f"{option}" in err and f"does not apply to {kind};" in err, err
        listed = err.split(f"the rule: {option} applies to ")[1].strip().split(", ")
        assert named in (None, listed)
        named = listed
    assert accepted and named == accepted


@pytest.mark.parametrize(
    ("argv", "option", "target"),
    [
        (["prove", "dense", "--input", "100", "--kernel", "7"], "--input 100", "dense"),
        (
            ["prove", "maxpool2d", "--out-channels", "5", "--dilation", "2"],
            "--out-channels 5",
            "maxpool2d",
        ),
        (
            ["prove", "avgpool2d", "--mode", "convolution", "--groups", "3"],
            "--groups 3",
            "avgpool2d",
        ),
        (["prove", "lenet", "--input", "32x32"], "--input 32x32", "network 'lenet'"),
        (["prove", "conv2d", "--general", "--batch", "2"], "--batch 2", "--general"),
        (["prove", "conv2d", "--general", "--max-terms", "5"], "--max-terms 5", "--general"),
        (["derive", "lenet", "--kernel", "5"], "--kernel 5", "network 'lenet'"),
        (["derive", "dense", "--kernel", "5"], "--kernel 5", "dense"),
        (["export", "lenet", "--padding", "1", "-o", "x.py"], "--padding 1", "network 'lenet'"),
        (
            ["check", "--layer", "dense", "--kernel", "3", "--expr", "z_{0} = 1"],
            "--kernel 3",
            "dense",
        ),
        (
            ["check", "--network", "lenet", "--in-channels", "2", "--expr", "z = 1"],
            "--in-channels 2",
            "network 'lenet'",
        ),
        (["check", "--expr", "z_{00} = 1", "--out-features", "2"], "--out-features 2", "conv2d"),
    ],
)
def test_every_verb_refuses_what_does_not_apply(
    argv, option, target, capsys, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    err = one_line_error(*run(argv, capsys))
    assert f"{option} does not apply to {target}" in err
    assert "applies to " in err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_every_refused_option_is_named(capsys):
    err = one_line_error(*run(["prove", "dense", "--input", "100", "--kernel", "7"], capsys))
    assert "--input 100" in err and "(also refused: --kernel)" in err


def test_an_option_a_kind_takes_is_still_accepted(capsys):
    """The refusal is by kind, not by value: a pool's own options still work."""
    code, out, err = run(
        [
            "prove",
            "maxpool2d",
            "--input",
            "4x6",
            "--kernel",
            "2x3",
            "--stride",
            "1",
            "--in-channels",
            "2",
            "--batch",
            "2",
        ],
        capsys,
    )
    assert code == 0 and err == "" and "proved" in out


# ------------------------------------------------------------------------------- help


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    return {"symconv": parser, **parser.commands.choices}


def _help_of(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    return parser._get_formatter()._expand_help(action)


@pytest.mark.parametrize("name", list(_commands()))
def test_every_option_has_help_with_its_default(name):
    parser = _commands()[name]
    for action in parser._actions:
        if isinstance(
            action, argparse._HelpAction | argparse._VersionAction | argparse._SubParsersAction
        ):
            continue
        label = action.option_strings or action.dest
        assert action.help and action.help.strip(), f"{name} {label}: no help"
        takes_value = action.option_strings and action.nargs != 0 and not action.required
        if takes_value:
            assert "default" in _help_of(parser, action), f"{name} {label}: no default shown"


@pytest.mark.parametrize("name", list(_commands()))
def test_help_lists_choices_plainly_and_no_internal_headings(name):
    text = _commands()[name].format_help()
    assert not re.search(r"[(\[]'", text), text  # no Python tuple or list
    assert "issue" not in text.lower(), text


@pytest.mark.parametrize(
    ("argv", "listed"),
    [
        (["prove", "conv2d", "--mode", "flipped"], "correlation, convolution"),
        (["prove", "conv2d", "--padding", "middle"], "valid, same or full"),
        (["prove", "conv3d"], "conv1d, conv2d, conv_transpose1d"),
        (["shapes", "{net}"], "conv1d, conv2d"),
    ],
)
def test_errors_list_the_allowed_values_plainly(argv, listed, capsys, tmp_path):
    net = tmp_path / "net.toml"
    net.write_text('input = [8, 8, 1]\n[[layers]]\nkind = "conv3d"\n', encoding="utf-8")
    err = one_line_error(*run([str(net) if a == "{net}" else a for a in argv], capsys))
    assert listed in err and not re.search(r"[(\[]'", err), err


# ------------------------------------------------------------------------- typos


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [
        (["proove", "lenet"], "did you mean 'prove'?"),
        (["prove", "conv2d", "--kernal", "3"], "did you mean '--kernel'?"),
        (["derive", "conv2d", "--langg", "es"], "did you mean '--lang'?"),
        (["shapes", "lenet", "--format", "mdd"], "did you mean 'md'?"),
        (["train", "lenet", "--pool", "mx"], "did you mean 'max'?"),
    ],
)
def test_a_typo_gets_one_line_with_the_nearest_name(argv, suggestion, capsys):
    err = one_line_error(*run(argv, capsys))
    assert err.rstrip().endswith(suggestion), err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["shapes", "lenet", "--format", "xml"],
            "'xml' is not allowed for --format; the rule: one of text, md, tex, json",
        ),
        (["prove", "conv2d", "--batch", "x"], "invalid int value: 'x'"),
        (["prove"], "required: target"),
        (["prove", "tanh", "sigmoid"], "argument 'sigmoid' is not expected here"),
        (["frobnicate"], "'frobnicate' is not a command; the rule: one of shapes, prove"),
    ],
)
def test_other_parse_errors_are_one_line_too(argv, message, capsys):
    err = one_line_error(*run(argv, capsys))
    assert message in err and "--help" in err, err


def test_a_typo_in_a_real_process():
    done = subprocess.run(
        [sys.executable, "-m", "symconv", "proove", "lenet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "did you mean 'prove'?" in done.stderr


# ------------------------------------------------------------------------- budgets


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (10_919_757_312, "11 billion"),
        (2_633_476, "2.6 million"),
        (999_999_999, "1 billion"),
        (20_000_000, "20 million"),
        (52_000, "52,000"),
        (480, "480"),
    ],
)
def test_term_counts_read_as_a_person_says_them(count, text):
    assert human(count) == text


@pytest.mark.parametrize(
    ("count", "budget"),
    [(1440, 1500), (480, 480), (2_633_476, 2_700_000), (10_001, 11_000), (7, 7)],
)
def test_suggested_budgets_are_two_digit_figures_at_least_the_estimate(count, budget):
    assert round_up(count) == budget


def test_a_configuration_beyond_any_budget_suggests_general(capsys):
    argv = [
        "prove",
        "conv2d",
        "--input",
        "1000",
        "--kernel",
        "7",
        "--in-channels",
        "16",
        "--out-channels",
        "64",
    ]
    spec = conv(16, 64, 7)
    estimate = conv_terms(spec, spec.output_shape((16, 1000, 1000))[1:], 1)
    assert estimate > 10**9
    err = one_line_error(*run(argv, capsys))
    two_digits = round(estimate, 2 - len(str(estimate)))  # 297,833,571,840 -> 3.0e11
    assert f"about {two_digits // 10**9} billion terms" in err
    assert "too large to expand; use --general for every size" in err
    assert not re.search(r"\d{5,}", err), err  # no figure nobody can read


def test_a_network_beyond_any_budget_asks_for_smaller_sizes(capsys):
    err = one_line_error(*run(["prove", "lenet", "--batch", "1000"], capsys))
    assert "billion terms" in err and "too large to expand; use smaller sizes" in err
    assert "--general" not in err


# --------------------------------------------------------------------------- build

SPECS = ("004a_conv1d", "004b_conv2d")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in SPECS:
        shutil.copy(ROOT / "derivations" / f"{name}.toml", tmp_path)
    return tmp_path


def test_build_prints_a_line_per_document_and_a_summary(folder, capsys, monkeypatch):
    monkeypatch.setattr("symconv.cli.main.EXTRA_COMMANDS", ["symconv.cli.notes"])
    code, out, _ = run(["build", folder], capsys)
    assert code == 0
    assert out.splitlines() == [
        *(f"wrote: {folder / name} (md, tex, html, json)" for name in SPECS),
        f"{folder}: 2 documents, 2 written, 0 up to date",
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{n}.{s}" for n in SPECS for s in ("toml", "md", "tex", "html", "json")
    )

    (folder / "004b_conv2d.tex").write_text("edited", encoding="utf-8")
    code, out, _ = run(["build", folder, "--check"], capsys)
    assert code == 1 and out.splitlines() == [
        f"up to date: {folder / SPECS[0]} (md, tex, html, json)",
        f"stale: {folder / SPECS[1]} (tex); up to date: md, html, json",
        f"{folder}: 2 documents, 1 stale, 1 up to date",
    ]
    assert (folder / "004b_conv2d.tex").read_text(encoding="utf-8") == "edited"

    code, out, _ = run(["build", folder], capsys)
    assert code == 0 and out.splitlines()[1:] == [
        f"wrote: {folder / SPECS[1]} (tex); up to date: md, html, json",
        f"{folder}: 2 documents, 1 written, 1 up to date",
    ]
    code, out, _ = run(["build", folder], capsys)
    assert code == 0 and out.splitlines()[-1] == f"{folder}: 2 documents, 0 written, 2 up to date"


def test_build_quiet_prints_nothing_but_still_writes_and_checks(folder, capsys, monkeypatch):
    monkeypatch.setattr("symconv.cli.main.EXTRA_COMMANDS", ["symconv.cli.notes"])
    assert run(["build", folder, "--quiet", "--check"], capsys) == (1, "", "")
    assert run(["build", folder, "--quiet"], capsys) == (0, "", "")
    assert (folder / "004a_conv1d.md").exists()
    assert run(["build", folder, "--quiet", "--check"], capsys) == (0, "", "")
