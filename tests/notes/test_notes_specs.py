"""``derivations/`` specs are checked by type and rule before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from symconv.cli import main as cli
from symconv.errors import SymconvError
from symconv.notes.build import build, load_spec

GOOD = """layer = "conv1d"
output = "{output}"
formats = {formats}

[config]
input = "4"
kernel = "2"
"""

# (what replaces the good spec's lines, a fragment of the one-line message)
BAD_SPECS = [
    ('bias = "false"', "bias 'false' is not allowed; the rule: true or false"),
    ('in_channels = "abc"', "in_channels 'abc' is not allowed; the rule: a whole number"),
    ("in_channels = 2.7", "in_channels 2.7 is not allowed; the rule: a whole number"),
    ("groups = true", "groups True is not allowed; the rule: a whole number"),
    ("kernel = 2.5", "kernel 2.5 is not allowed"),
]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def spec_text(output: str = "a", formats: str = '["md"]', config_line: str = "") -> str:
    text = GOOD.format(output=output, formats=formats)
    if config_line:
        key = config_line.split("=")[0].strip()
        text = (
            "\n".join(line for line in text.splitlines() if not line.startswith(key + " "))
            + "\n"
            + config_line
            + "\n"
        )
    return text


@pytest.mark.parametrize(("line", "message"), BAD_SPECS)
def test_bad_config_value_is_one_line_error(tmp_path, line, message) -> None:
    path = write(tmp_path, "s", spec_text(config_line=line))
    with pytest.raises(SymconvError) as info:
        load_spec(path)
    assert message in str(info.value) and "\n" not in str(info.value)


TOP_LEVEL = [
    (
        'config = 5\nlayer = "conv1d"\noutput = "a"\n',
        "config = 5 is not allowed; the rule: a table",
    ),
    (
        'layer = "conv1d"\noutput = "a"\nformats = "md"\n',
        "formats = 'md' is not allowed; the rule: a list of formats (write ['md'])",
    ),
    ('layer = "conv1d"\noutput = "a"\nformats = ["md", "pdf"]\n', "--format 'pdf' is unknown"),
    ('layer = "conv1d"\noutput = "a"\nformats = [1]\n', "formats item 1 is not allowed"),
    (
        'layer = "conv1d"\noutput = "../../escape"\n',
        "output = '../../escape' is not allowed; the rule: a file name inside the spec's folder",
    ),
    ('layer = "conv1d"\noutput = "/tmp/escape"\n', "output = '/tmp/escape' is not allowed"),
    ('layer = "conv1d"\noutput = ""\n', "output = '' is not allowed"),
    ('layer = "conv1d"\noutput = 3\n', "output = 3 is not allowed; the rule: a string"),
    ('layer = "conv1d"\noutput = "a"\nindex_base = true\n', "index_base = True is not allowed"),
    ('layer = "conv1d"\noutput = "a"\ngeneral = "yes"\n', "general = 'yes' is not allowed"),
]


@pytest.mark.parametrize(("text", "message"), TOP_LEVEL)
def test_bad_spec_key_is_one_line_error(tmp_path, text, message) -> None:
    path = write(tmp_path, "s", text)
    with pytest.raises(SymconvError) as info:
        load_spec(path)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_output_in_a_subfolder_is_allowed(tmp_path) -> None:
    (tmp_path / "out").mkdir()
    spec = load_spec(write(tmp_path, "s", spec_text(output="out/a")))
    assert list(spec.outputs()) == [tmp_path / "out" / "a.md"]


def test_escape_is_exit_2_through_the_cli(tmp_path, monkeypatch, capsys) -> None:
    folder = tmp_path / "d" / "e"
    folder.mkdir(parents=True)
    write(folder, "s", spec_text(output="../../escape"))
    monkeypatch.setattr(cli, "EXTRA_COMMANDS", ["symconv.cli.notes"])
    code = cli.main(["build", str(folder)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("symconv: error: ") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["d", "e", "s.toml"]


def test_build_renders_everything_before_writing(tmp_path, monkeypatch) -> None:
    """A spec that fails while rendering leaves no other spec's output written."""
    write(tmp_path, "a", spec_text(output="a"))
    write(tmp_path, "b", spec_text(output="b"))
    from symconv.notes import build as build_module

    real = build_module.DerivationSpec.outputs

    def outputs(self):
        if self.output == "b":
            raise SymconvError("boom")
        return real(self)

    monkeypatch.setattr(build_module.DerivationSpec, "outputs", outputs)
    with pytest.raises(SymconvError, match="boom"):
        build(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml", "b.toml"]
    monkeypatch.setattr(build_module.DerivationSpec, "outputs", real)
    assert sorted(p.name for p in build(tmp_path)) == ["a.md", "b.md"]
