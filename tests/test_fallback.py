"""Manual entry: the file format, validation ranges, and the prompt's dialogue (literal I/O)."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tastyking.errors import UsageError
from tastyking.fallback import MAIN, load_manual_file, prompt_values, validate

PHASE = ["MCL", "MGC"]


def _file(tmp_path: Path, body: object) -> Path:
    p = tmp_path / "manual.json"
    p.write_text(body if isinstance(body, str) else json.dumps(body))
    return p


def test_the_issue_example_loads_as_exact_decimals(tmp_path: Path) -> None:
    p = _file(tmp_path, '{"VIX": {"currentLevel": 21.5}, "ES": {"currentPrice": 5432.25}}')
    assert load_manual_file(p, PHASE) == {"VIX.currentLevel": Decimal("21.5"),
                                          "ES.currentPrice": Decimal("5432.25")}


def test_nulls_are_not_supplied_and_phase_tickers_are_accepted(tmp_path: Path) -> None:
    p = _file(tmp_path, {"SPY": {"currentPrice": "601.5", "bid": None}, "DXY": None,
                         "MCL": {"currentPrice": 70.12, "ivRank": 35}})
    assert load_manual_file(p, PHASE) == {"SPY.currentPrice": Decimal("601.5"),
                                          "MCL.currentPrice": Decimal("70.12"),
                                          "MCL.ivRank": Decimal("35")}


@pytest.mark.parametrize(("body", "message"), [
    ({"VIX": {"currentLevel": 215}}, "VIX.currentLevel = 215 is outside the plausible range 5-150"),
    ({"VIX": {"currentLevel": 4.99}}, "outside the plausible range 5-150"),
    ({"ES": {"currentPrice": 543.25}}, "ES.currentPrice = 543.25 is outside"),
    ({"SPY": {"currentPrice": 2500}}, "outside the plausible range 50-2000"),
    ({"DXY": {"currentLevel": 10}}, "outside the plausible range 50-200"),
    ({"ES": {"currentPrice": "abc"}}, "'abc' is not a number"),
    ({"ES": {"currentPrice": True}}, "must be a number"),
    ({"ES": {"currentPrice": "NaN"}}, "is not a number"),
    ({"ES": {"ivRank": 140}}, "outside the plausible range 0-100"),
    ({"ES": {"volume": 1.5}}, "must be a whole number"),
    ({"VIX": {"regime": "HIGH"}}, "VIX.regime is computed, not entered"),
    ({"ES": {"dayChange": 12}}, "ES.dayChange is computed"),
    ({"ES": {"strikes": {}}}, "ES.strikes cannot be entered by hand"),
    ({"QQQ": {"currentPrice": 500}}, "unknown section 'QQQ'"),
    ({"VIX": 21.5}, "VIX must be an object"),
    ([1, 2], "must hold a JSON object"),
    ("{not json", "is not valid JSON"),
])
def test_bad_files_are_usage_errors_naming_the_key(tmp_path: Path, body: object,
                                                  message: str) -> None:
    with pytest.raises(UsageError) as info:
        load_manual_file(_file(tmp_path, body), PHASE)
    assert message in info.value.message
    assert str(tmp_path / "manual.json") in info.value.message


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        load_manual_file(tmp_path / "nope.json", PHASE)


@pytest.mark.parametrize(("path", "raw", "ok"), [
    ("VIX.currentLevel", "5", True), ("VIX.currentLevel", "150", True),
    ("VIX.currentLevel", "150.01", False), ("ES.currentPrice", "1000", True),
    ("ES.currentPrice", "20000", True), ("ES.currentPrice", "20000.25", False),
    ("SPY.currentPrice", "50", True), ("SPY.currentPrice", "49.99", False),
    ("DXY.currentLevel", "200", True), ("DXY.currentLevel", "49", False),
    ("ES.currentPrice", "5,432.25", True),
])
def test_range_boundaries_are_inclusive(path: str, raw: str, ok: bool) -> None:
    if ok:
        assert validate(path, raw) == Decimal(raw.replace(",", ""))
    else:
        with pytest.raises(ValueError, match="plausible range"):
            validate(path, raw)


def test_prompt_asks_main_levels_retries_bad_input_and_skips_empty() -> None:
    answers = "5432.25\n\n99999\n21.5\n104.2\ny\n5400\n\n\n\n\n\n\n\n\n\n"
    err = io.StringIO()
    got = prompt_values(MAIN, ["ES.previousClose", "VIX.avg20d"], ["quotes: HTTP 503"],
                        stdin=io.StringIO(answers), stderr=err, phase_keys=PHASE)
    assert got == {"ES.currentPrice": Decimal("5432.25"), "VIX.currentLevel": Decimal("21.5"),
                   "DXY.currentLevel": Decimal("104.2"), "ES.previousClose": Decimal("5400")}
    text = err.getvalue()
    assert "quotes: HTTP 503" in text  # says what failed first
    assert "front-month /ES future [1000-20000]: " in text
    assert "VIX.currentLevel = 99999 is outside the plausible range 5-150; try again" in text
    assert "Enter more values" in text


def test_prompt_stops_at_end_of_input_keeping_what_was_entered() -> None:
    got = prompt_values(MAIN, ["ES.previousClose"], [], stdin=io.StringIO("5432\n"),
                        stderr=io.StringIO())
    assert got == {"ES.currentPrice": Decimal("5432")}


def test_prompt_gives_up_on_a_value_after_three_bad_tries() -> None:
    err = io.StringIO()
    got = prompt_values(["VIX.currentLevel"], [], [], stdin=io.StringIO("x\n1\n900\n"),
                        stderr=err)
    assert got == {}
    assert "skipped VIX.currentLevel" in err.getvalue()
