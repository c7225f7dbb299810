"""Chain rows without the network: ATM flag, --delta marks, missing data, the table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from rich.console import Console

from tastyking.render.chain import chain_table
from tastyking.services.chains.listing import ChainExpiration, ChainStrike
from tastyking.services.chains.view import OptionQuote, build_view


def _exp(strikes: list[int]) -> ChainExpiration:
    return ChainExpiration(
        expiration=date(2030, 1, 18), dte=40, root="XYZ", expiration_type="Regular",
        settlement_type="PM", instrument_type="Equity Option", underlying_type="Equity",
        underlying_symbol="XYZ", multiplier=D(100), tick_sizes=[],
        strikes=[ChainStrike(strike=D(k), call=f"C{k}", put=f"P{k}", call_streamer=None,
                             put_streamer=None) for k in strikes],
    )


def _quotes(deltas: dict[int, tuple[str | None, str | None]]) -> dict[str, OptionQuote]:
    out = {}
    for k, (c, p) in deltas.items():
        out[f"C{k}"] = OptionQuote(symbol=f"C{k}", bid=D(1), ask=D("1.1"),
                                   delta=D(c) if c else None)
        out[f"P{k}"] = OptionQuote(symbol=f"P{k}", bid=D(1), ask=D("1.1"),
                                   delta=D(p) if p else None)
    return out


def test_atm_is_the_strike_nearest_the_price_and_marks_nearest_abs_delta() -> None:
    exp = _exp([90, 95, 100, 105, 110])
    quotes = _quotes({90: ("0.85", "-0.12"), 95: ("0.7", "-0.18"), 100: ("0.5", "-0.5"),
                      105: ("0.21", "-0.8"), 110: ("0.13", "-0.88")})
    v = build_view("XYZ", exp, D("103.1"), exp.strikes, quotes, D("0.16"), "rest",
                   multiplier=D(100))
    assert [r.strike for r in v.rows if r.atm] == [D(105)]
    # call: |0.21-0.16|=0.05 vs |0.13-0.16|=0.03 -> 110; put: 0.18 beats 0.12 -> 95.
    assert (v.marked.call, v.marked.put) == (D(110), D(95))
    assert v.missing == [] and v.notes == []


def test_marks_outside_the_window_add_their_rows() -> None:
    exp = _exp([90, 95, 100, 105, 110])
    quotes = _quotes({90: ("0.85", "-0.12"), 95: ("0.7", "-0.18"), 100: ("0.5", "-0.5"),
                      105: ("0.21", "-0.8"), 110: ("0.13", "-0.88")})
    shown = exp.around(D("103.1"), 2)
    assert [s.strike for s in shown] == [D(100), D(105)]
    v = build_view("XYZ", exp, D("103.1"), shown, quotes, D("0.16"), "rest", multiplier=D(100))
    assert [r.strike for r in v.rows] == [D(95), D(100), D(105), D(110)]
    assert (v.marked.call, v.marked.put) == (D(110), D(95))
    assert len(v.notes) == 2 and "strike 110" in v.notes[0] and "strike 95" in v.notes[1]
    plain = build_view("XYZ", exp, D("103.1"), shown, quotes, None, "rest", multiplier=D(100))
    assert [r.strike for r in plain.rows] == [D(100), D(105)]


def test_missing_values_are_listed_and_shown_as_dashes() -> None:
    exp = _exp([95, 100, 105])
    quotes = _quotes({95: ("0.7", "-0.3"), 100: (None, "-0.5"), 105: ("0.3", "-0.7")})
    quotes["P105"] = OptionQuote(symbol="P105")  # nothing arrived at all
    v = build_view("XYZ", exp, None, exp.strikes, quotes, None, "rest", multiplier=D(100))
    assert v.missing == ["XYZ", "C100", "P105"]
    assert not any(r.atm for r in v.rows) and v.underlying_price is None
    console = Console(width=220, record=True)
    console.print(chain_table(v))
    text = console.export_text()
    assert "—" in text and "no data for 3 symbol(s)" in text


def test_narrow_terminals_get_fewer_columns_never_wrapped_cells() -> None:
    exp = _exp([95, 100, 105])
    quotes = _quotes({95: ("0.7", "-0.3"), 100: ("0.5", "-0.5"), 105: ("0.3", "-0.7")})
    v = build_view("XYZ", exp, D(100), exp.strikes, quotes, None, "rest", multiplier=D(100))

    def render(width: int | None) -> str:
        console = Console(width=width or 250, record=True)
        console.print(chain_table(v, width))
        return console.export_text()

    wide, narrow = render(None), render(80)
    assert "C Gamma" in wide and "P OI" in wide and "hidden" not in wide
    assert "C Gamma" not in narrow and "C Delta" in narrow and "P Mid" in narrow
    header = next(line for line in narrow.splitlines() if "Strike" in line)
    # bid before ask on both sides; Mid outlives the Greeks
    assert header.index("C Bid") < header.index("C Ask") < header.index("Strike")
    assert header.index("Strike") < header.index("P Bid") < header.index("P Ask")
    assert "some columns hidden" in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 80
