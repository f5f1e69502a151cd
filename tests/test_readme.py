"""The README's two set-up commands are the ones CI and the app really use."""

from tests.conftest import ROOT


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    command = (
        "python -m pip install -q -r requirements/test.txt"
        " && python -m pip install -q --no-deps --no-build-isolation -e . && python -m pytest"
    )
    assert command in readme and ci.rstrip().endswith(command)
    assert (
        "python -m pip install -q -r requirements/run.txt"
        " && python -m pip install -q --no-deps --no-build-isolation -e . && python app.py"
    ) in readme


def test_the_locks_pin_every_requirement_with_hashes():
    """A range in the lock would let a new release in on a fresh machine; a line without hashes
    would make pip refuse the whole file."""
    for name in ("run.txt", "test.txt"):
        text = (ROOT / "requirements" / name).read_text("utf-8")
        entries = [e for e in text.split("\n") if e and not e.startswith((" ", "#"))]
        assert entries, name
        for entry in entries:
            assert "==" in entry and entry.rstrip().endswith("\\"), (name, entry)
        assert text.count("--hash=sha256:") >= len(entries)
