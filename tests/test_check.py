"""helpers.check: claims print nothing when true and fail loudly when false."""

from __future__ import annotations

import pytest

from helpers import check


def test_true_claims_return_none(capsys: pytest.CaptureFixture[str]) -> None:
    assert check.claim(3 > 2, "three beats two") is None
    check.equal(["T1", "T8"], ["T1", "T8"])
    check.close(0.3812, 0.38)
    check.close(7.96, 8.0, tol=0.05)
    check.between(5, 1, 10)
    check.at_least(5, 5)
    check.at_most(5, 5)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("call", [
    lambda: check.claim(False, "x"),
    lambda: check.equal(3, 4, "x"),
    lambda: check.close(0.3862, 0.38, "x"),
    lambda: check.close(float("nan"), 0.38, "x"),
    lambda: check.close(8.2, 8.0, "x", tol=0.1),
    lambda: check.between(11, 1, 10, "x"),
    lambda: check.at_least(4, 5, "x"),
    lambda: check.at_most(6, 5, "x"),
])
def test_false_claims_raise(call) -> None:
    with pytest.raises(check.ClaimError, match="claim not true of this corpus: x"):
        call()


def test_error_shows_expected_and_actual() -> None:
    with pytest.raises(AssertionError, match=r"expected \['T1'\], got \['T2'\]"):
        check.equal(["T2"], ["T1"], "stable topics")


def test_close_uses_the_written_decimals() -> None:
    check.close(12.04, 12.0)      # 12.0 written with one decimal
    with pytest.raises(check.ClaimError):
        check.close(12.06, 12.0)
    check.close(37, 37)


def test_is_bundled(tmp_path, monkeypatch) -> None:
    assert check.is_bundled()
    assert check.is_bundled(check.bundled_root())
    assert not check.is_bundled(tmp_path)
    monkeypatch.setenv("POLICING_CORPUS_DIR", str(tmp_path))
    assert not check.is_bundled()


def test_a_quick_run_checks_no_bundled_claim(monkeypatch) -> None:
    monkeypatch.setenv(check.QUICK_ENV, "1")  # what `runner --quick` gives its kernels
    assert not check.is_bundled()
    monkeypatch.setenv(check.QUICK_ENV, "")
    assert check.is_bundled()


def test_bundled_facts_are_read_per_notebook_and_a_missing_entry_is_named() -> None:
    import json

    from helpers.check import FACTS_FILE, bundled_facts, bundled_root

    stored = json.loads((bundled_root() / FACTS_FILE).read_text(encoding="utf-8"))
    assert bundled_facts("00_corpus_tour") == stored["00_corpus_tour"]
    with pytest.raises(KeyError, match="bundled_facts.json.*no facts for notebook"):
        bundled_facts("99_missing")


def test_every_fact_a_notebook_uses_is_in_the_file() -> None:
    import json
    import re

    from helpers.check import FACTS_FILE, bundled_root
    from helpers.paths import ROOT

    stored = json.loads((bundled_root() / FACTS_FILE).read_text(encoding="utf-8"))
    for script in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py")):
        text = script.read_text(encoding="utf-8")
        used = set(re.findall(r'FACTS\["([^"]+)"\]', text))
        if used:
            assert used <= set(stored[script.stem]), (script.name, used - set(stored[script.stem]))
