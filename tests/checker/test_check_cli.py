"""``symconv check`` on the command line: output formats, exit status, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import symconv.cli.main
from symconv.files import MAX_FILE_BYTES

DATA = Path(__file__).parent.parent / "data" / "check"
DX3 = r"dx_3 = w_2 \frac{\partial L}{\partial y_2} + w_3 \frac{\partial L}{\partial y_3}"
ONE_D = ["--layer", "conv1d", "--input", "4", "--kernel", "2", "--notation", "onebased"]


@pytest.fixture
def run(monkeypatch, capsys):
    """``symconv ARGS`` with the check command registered (as cli.py will list it)."""
    monkeypatch.setattr(symconv.cli.main, "EXTRA_COMMANDS", ["symconv.cli.check"])

    def call(*args: str) -> tuple[int, str, str]:
        code = symconv.cli.main.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return call


def test_human_output_and_exit_1(run):
    code, out, _ = run("check", "--expr", DX3, *ONE_D)
    first, summary = out.strip().split("\n")
    assert code == 1
    assert first.startswith("<expr>:1: wrong: dx_3 = ")
    assert first.endswith(
        r"missing w_1 \frac{\partial L}{\partial y_3}; extra w_3 "
        r"\frac{\partial L}{\partial y_3}; w_3 is not an entry of this layer"
    )
    assert summary == "0 verified, 1 wrong, 0 size-specific, 0 not-understood"


def test_json_report(run):
    code, out, _ = run("check", str(DATA / "seed001.md"), "--json")
    report = json.loads(out)
    assert code == 1  # eqs. 7-8 are size-specific
    assert report["summary"] == {
        "verified": 14,
        "wrong": 0,
        "size-specific": 2,
        "not-understood": 4,
    }
    first = report["equations"][0]
    assert set(first) >= {
        "line",
        "source",
        "status",
        "expected",
        "missing",
        "extra",
        "counterexample",
    }
    assert first["line"] == 12 and first["status"] == "verified"
    eq7 = next(e for e in report["equations"] if e["line"] == 59)
    assert eq7["status"] == "size-specific" and eq7["missing"]


def test_exit_0_when_nothing_is_wrong(run):
    code, out, _ = run(
        "check",
        "--expr",
        r"z_{00} = w_{00} x_{00} + w_{01} x_{01} + "
        r"w_{10} x_{10} + w_{11} x_{11}",
        "--no-bias",
    )
    assert code == 0 and out.startswith("<expr>:1: verified: ")


def test_exit_0_when_something_checks_and_the_rest_is_not_understood(run, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text(
        "$$z_{00} = w_{00} x_{00} + w_{01} x_{01} + w_{10} x_{10} + w_{11} x_{11}$$"
        "\n\n$$\\frac{\\partial L}{\\partial w} = \\sigma(x)$$\n"
    )
    code, out, err = run("check", str(notes), "--no-bias")
    assert code == 0 and "1 verified, 0 wrong, 0 size-specific, 1 not-understood" in out
    assert err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--expr", r"\frac{\partial L}{\partial w} = \sigma(x)"],
            "none of the 1 equation in '<expr>' could be checked (all not-understood)",
        ),
        (["--expr", "\\frac{"], "none of the 1 equation in '<expr>' could be checked"),
        (["--expr", ""], "holds no equation"),
    ],
)
def test_exit_2_when_nothing_could_be_checked(run, args, message):
    code, _, err = run("check", *args)
    assert code == 2 and err.startswith("symconv: error: ") and message in err
    assert err.count("\n") == 1


def test_exit_2_for_a_file_without_equations(run, tmp_path):
    for text in ("", "Prose only, no formula.\n"):
        notes = tmp_path / "notes.md"
        notes.write_text(text)
        code, _, err = run("check", str(notes))
        assert code == 2 and "notes.md' holds no equation; the rule: " in err
        assert err.count("\n") == 1


def test_github_annotations(run):
    code, out, _ = run("check", str(DATA / "seed001.md"), "--format", "github")
    lines = out.strip().split("\n")
    assert code == 1
    assert lines[0].startswith("::notice file=")
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(warnings) == 2 and ",line=59,title=symconv check::size-specific: " in warnings[0]
    assert "%0A" not in out and all("\n" not in line for line in lines)


def test_command_line_overrides_front_matter(run):
    # seed001.md declares a 3x3 input; with a 4x4 input eq. 2 is still right, eq. 6 holds
    # but the 2x2 output no longer covers every z, so eq. 10 misses terms
    _, out, _ = run("check", str(DATA / "seed001.md"), "--input", "4x4", "--json")
    by_line = {e["line"]: e["status"] for e in json.loads(out)["equations"]}
    assert by_line[24] == "verified" and by_line[34] == "verified"
    assert by_line[69] == "wrong"


def test_directives_switch_the_layer(run, tmp_path):
    notes = tmp_path / "n.md"
    notes.write_text(
        "% symconv: layer=conv1d input=4 kernel=2 notation=onebased\n"
        "$y_1 = w_1 x_1 + w_2 x_2 + b$\n"
        "% symconv: layer=conv2d input=4x4 kernel=2 notation=onebased\n"
        "$y_{11} = w_{11}x_{11} + w_{12}x_{12} + w_{21}x_{21} + w_{22}x_{22} + b$\n"
    )
    code, out, _ = run("check", str(notes))
    assert code == 0 and out.count("verified: ") == 2


BAD = [
    (["check"], "check needs a FILE or --expr"),
    (["check", "f.md", "--expr", "x = 1"], "check needs a FILE or --expr"),
    (["check", "/no/such/file.md"], "cannot read '/no/such/file.md'"),
    (["check", "--expr", "x = 1", "--input", "3y3"], "--input '3y3' is not allowed"),
    (["check", "--expr", "x = 1", "--kernel", "9"], "kernel 9 (dilated extent 9) is larger"),
    (["check", "--expr", "x = 1", "--mode", "flipped"], "--mode 'flipped' is unknown"),
    (["check", "--expr", "x = 1", "--network", "nonet"], "nonet"),
    (["check", "--expr", "x" * 2001], "--expr has 2,001 characters; the limit is 2,000"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_exits_2_with_one_line(run, args, message):
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.startswith("symconv: error: ") and message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"x\0y", "is a binary file"),
        (b"\xff\xfe$x = 1$", "is not UTF-8"),
        (b"---\nlayer: conv9d\n---\n$x = 1$", "--layer 'conv9d' is unknown"),
        (b"---\nnotation: greek\n---\n", "--notation 'greek' is unknown"),
        (b"$a = 1$\n% symconv: index-base=2\n$b = 2$\n", "--index-base '2' is not allowed"),
        (b"a" * (MAX_FILE_BYTES + 1), "the limit is 1,000,000"),
    ],
)
def test_bad_files_exit_2(run, tmp_path, content, message):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    code, out, err = run("check", str(path))
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_choices_are_argparse_errors(run):
    with pytest.raises(SystemExit) as exc:
        run("check", "--expr", "x = 1", "--notation", "greek")
    assert exc.value.code == 2


def test_latex_file_with_align_and_comments(run, tmp_path):
    notes = tmp_path / "notes.tex"
    notes.write_text(
        "\n".join(
            [
                r"% symconv: layer=conv2d input=3x3 kernel=2 bias=false",
                r"\begin{align}",
                r"z_{00} &= w_{00} x_{00} + w_{01} x_{01} + w_{10} x_{10} + w_{11} x_{11} \\",
                r"z_{01} &= w_{00} x_{01} + w_{01} x_{02} + w_{10} x_{11} + w_{11} x_{11} \tag{2}",
                r"\end{align}",
                r"% an old attempt: $z_{00} = 0$ (a comment, not checked)",
                r"and the cost $(2 \cdot 2 + 1) \cdot 1 = 5$ % = 5 parameters",
            ]
        )
        + "\n"
    )
    code, out, _ = run("check", str(notes), "--json")
    found = [(e["line"], e["status"]) for e in json.loads(out)["equations"]]
    # line 7's 5 is a parameter count (the comment says so) of a bias-free 2x2 kernel,
    # which has 2 * 2 = 4: right arithmetic, not this layer's count, so never verified
    assert code == 1 and found == [(3, "verified"), (4, "wrong"), (7, "not-understood")]
    wrong = json.loads(out)["equations"][1]
    assert (wrong["missing"], wrong["extra"]) == (["w_{11} x_{12}"], ["w_{11} x_{11}"])
