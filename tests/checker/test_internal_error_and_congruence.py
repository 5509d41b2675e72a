"""A reader's internal error, and the congruence that raised one.

"$h_0 \\equiv 12 \\pmod{16}$" in a U-Net's size bookkeeping made ``symconv check`` end in an
IndexError traceback (stated_values read "\\equiv" as "=" and looked for a "=" character):
no verdict for any line of the notes.  Now
- a congruence (\\pmod, or \\equiv ... \\mod) is not read: \\pmod had been a factor, \\equiv an
  equality (h_0 = 12 * pmod * 16);
- a reader's internal error leaves that one statement not understood, naming the error as
  symconv's bug, and the rest of the notes is checked; the CLI prints any internal error in
  one line (exit status 70) and only --debug shows the traceback.  The test suite sets
  SYMCONV_STRICT, so that in tests such a bug raises.
"""

from __future__ import annotations

import pytest

from symconv.checker import runner
from symconv.checker.report import NOT_UNDERSTOOD, VERIFIED
from symconv.checker.runner import check_text
from symconv.cli import main as cli
from symconv.errors import INTERNAL_ERROR, STRICT_ENV

NOTES = (
    "# Sizes\n\nThe input side is $h_0 = 28$.\n\n"
    "Four poolings need $h_0 \\equiv 12 \\pmod{16}$, and $28 \\equiv 2 \\pmod{16}$ too.\n\n"
    "The doubled side is $2 h_0 = 56$.\n"
)


def test_a_congruence_is_not_read_and_the_notes_are_checked():
    verdicts = check_text(NOTES, "n.md").verdicts  # main: IndexError
    on = {(v.line, v.source): v.status for v in verdicts}
    # 28 mod 16 = 12 (so the first holds, the second does not): neither is judged as "="
    assert 28 % 16 == 12 and 28 % 16 != 2
    assert on[(5, "h_0 \\equiv 12 \\pmod{16}")] == NOT_UNDERSTOOD
    assert on[(5, "28 \\equiv 2 \\pmod{16}")] == NOT_UNDERSTOOD
    assert on[(7, "2 h_0 = 56")] == VERIFIED  # 2 * 28


def _raises(*_args, **_kwargs):
    raise IndexError("list index out of range")


def test_an_internal_error_leaves_one_statement_unread(monkeypatch):
    monkeypatch.delenv(STRICT_ENV, raising=False)
    original = runner.Checker._statement

    def flaky(self, line, source):
        if line == 7:
            _raises()
        return original(self, line, source)

    monkeypatch.setattr(runner.Checker, "_statement", flaky)
    verdicts = check_text("# L\n\n$h = 3$\n\n$2 h = 6$\n\n$3 h = 9$\n", "n.md").verdicts
    by_line = {v.line: v for v in verdicts}
    assert by_line[5].status == VERIFIED
    assert by_line[7].status == NOT_UNDERSTOOD
    assert "internal error (IndexError: list index out of range)" in by_line[7].message


def test_in_strict_mode_the_error_raises(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")
    monkeypatch.setattr(runner.Checker, "_statement", _raises)
    with pytest.raises(IndexError):
        check_text("# L\n\n$h = 3$\n", "n.md")


def test_the_cli_reports_an_internal_error_in_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv(STRICT_ENV, raising=False)
    monkeypatch.setattr(cli, "_run", _raises)
    notes = tmp_path / "n.md"
    notes.write_text("# L\n\n$h = 3$\n", encoding="utf-8")
    assert cli.main(["check", str(notes)]) == INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("symconv: internal error (IndexError: list index out of range)")
    with pytest.raises(IndexError):
        cli.main(["check", str(notes), "--debug"])
