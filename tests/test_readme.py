"""The README's two set-up commands are the ones CI and the app really use."""

from tests.conftest import ROOT


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    command = "python -m pip install -q -e '.[test]' && python -m pytest"
    assert command in readme and ci.rstrip().endswith(command)
    assert "python -m pip install -q -e . && python app.py" in readme
