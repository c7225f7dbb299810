"""OCC <-> DXLink streamer symbols, checked against the examples in
tastytrade-api.md section 14 and the OCC symbology format (root padded to 6,
YYMMDD, C/P, strike x 1000 as 8 digits)."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from tastyking.domain.symbols import (
    OptionSymbol,
    SymbolError,
    Underlying,
    is_future_option_symbol,
    is_future_symbol,
    occ_to_streamer,
    parse_future_option,
    parse_occ,
    parse_streamer,
    root_of_future,
    streamer_to_occ,
    underlying_of,
)
from tests.conftest import FIXTURES

PAIRS = [
    ("SPY   240119C00150000", ".SPY240119C150"),
    ("SPY   240324P00480500", ".SPY240324P480.5"),
    ("SPXW  260320C05700000", ".SPXW260320C5700"),
    ("AAPL  230616C00185000", ".AAPL230616C185"),
    ("F     240119C00012500", ".F240119C12.5"),  # one-letter root (Ford)
    ("GE    240119P00152500", ".GE240119P152.5"),  # two-letter root, half-dollar strike
    ("AAPL1 240119C00150000", ".AAPL1240119C150"),  # adjusted root ending in a digit
]


@pytest.mark.parametrize(("occ", "streamer"), PAIRS)
def test_occ_to_streamer(occ, streamer):
    assert occ_to_streamer(occ) == streamer


@pytest.mark.parametrize(("occ", "streamer"), PAIRS)
def test_streamer_to_occ(occ, streamer):
    assert streamer_to_occ(streamer) == occ


def test_parts_of_an_occ_symbol():
    sym = parse_occ("SPY   240324P00480500")
    assert sym == OptionSymbol("SPY", date(2024, 3, 24), "P", Decimal("480.5"))


def test_occ_symbol_is_21_characters_with_root_padded_to_6():
    assert len(streamer_to_occ(".F240119C12.5")) == 21
    assert streamer_to_occ(".F240119C12.5")[:6] == "F     "


def test_compact_occ_without_padding_is_accepted():
    assert occ_to_streamer("SPY240119C00150000") == ".SPY240119C150"


def test_two_decimal_strike_keeps_its_digits():
    assert streamer_to_occ(".X240119C152.25") == "X     240119C00152250"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "SPY",
        "SPY 240119C00150000",  # padded to 4, not 6
        "SPY   241332C00150000",  # month 13
        "SPY   240119X00150000",  # not C or P
        "SPY   240119C0015000",  # strike 7 digits
        "TOOLONG240119C00150000",  # root of 7 characters
        "SP-Y  240119C00150000",
    ],
)
def test_bad_occ_raises(bad):
    with pytest.raises(SymbolError):
        parse_occ(bad)


@pytest.mark.parametrize(
    "bad",
    [
        "SPY240119C150",  # no leading dot
        ".SPY240119C",  # no strike
        ".SPY240119C150.",
        ".SPY240230C150",  # 30 February
        ".SPY240119C150.1234",  # OCC cannot carry 4 decimals
        ".SPY240119C0",  # zero strike
        "./ESZ3 EW4Z3 231215C4500",  # a future option is not an equity option
    ],
)
def test_bad_streamer_raises(bad):
    with pytest.raises(SymbolError):
        parse_streamer(bad)


def test_symbol_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_occ("nonsense")


def test_future_and_future_option_recognition():
    assert is_future_symbol("/ESZ6")
    assert is_future_symbol("/ESZ26:XCME")
    assert not is_future_symbol("./ESU3 EW4N3 230728C3990")
    assert not is_future_symbol("SPY")
    assert is_future_option_symbol("./ESU3 EW4N3 230728C3990")
    assert is_future_option_symbol("./EW4N23C3990:XCME")
    assert not is_future_option_symbol("/ESZ6")
    assert not is_future_option_symbol(".SPY240119C150")


@pytest.mark.parametrize(
    ("symbol", "root"),
    [
        ("/ESZ6", "/ES"),
        ("/MCLZ6", "/MCL"),
        ("/ESZ25:XCME", "/ES"),  # streamer form: two-digit year and exchange
        ("/ZNH6", "/ZN"),  # product code ending in a month letter (N)
        ("/6EM5", "/6E"),  # product code starting with a digit
        ("./ESU3 EW4N3 230728C3990", "/ES"),
        ("./GCV5 OGV5  250925P2755", "/GC"),  # double space, as the API sends it
        ("./MCLM5MW2K5 250509C62.5", "/MCL"),  # 5-character future: no space at all
        ("./MESZ6EX3Z6 261218P5000", "/MES"),
    ],
)
def test_root_of_future(symbol, root):
    assert root_of_future(symbol) == root


@pytest.mark.parametrize("bad", ["ES", "/ES", "/ESZ", "SPY", "/ESZ6X"])
def test_root_of_future_rejects_non_futures(bad):
    with pytest.raises(SymbolError):
        root_of_future(bad)


def test_parse_future_option_trading_symbol():
    fo = parse_future_option("./ESU3 EW4N3 230728C3990")
    assert (fo.future, fo.option_code, fo.expiration, fo.kind, fo.strike) == (
        "/ESU3", "EW4N3", date(2023, 7, 28), "C", Decimal("3990")
    )


# ----- futures options are fixed width (SOURCES.md, facts section 1) -----------------


@pytest.mark.parametrize(
    ("symbol", "future", "code", "day", "kind", "strike"),
    [
        ("./ESU3 EW4N3 230728C3990", "/ESU3", "EW4N3", date(2023, 7, 28), "C", "3990"),
        ("./GCQ5 OGN5  250625P2095", "/GCQ5", "OGN5", date(2025, 6, 25), "P", "2095"),
        ("./MCLM5MW2K5 250509C62.5", "/MCLM5", "MW2K5", date(2025, 5, 9), "C", "62.5"),
        ("./MCLM5MW2K5 250509P65.75", "/MCLM5", "MW2K5", date(2025, 5, 9), "P", "65.75"),
        ("./MNQZ5MNQZ5 251219P11000", "/MNQZ5", "MNQZ5", date(2025, 12, 19), "P", "11000"),
        ("./ZBU5 OZBN5 250620C142.5", "/ZBU5", "OZBN5", date(2025, 6, 20), "C", "142.5"),
        ("./ESZ5 ESZ5  251219C800", "/ESZ5", "ESZ5", date(2025, 12, 19), "C", "800"),
    ],
)
def test_future_option_symbols_are_read_by_columns(symbol, future, code, day, kind, strike):
    fo = parse_future_option(symbol)
    assert (fo.future, fo.option_code, fo.expiration, fo.kind, fo.strike) == (
        future, code, day, kind, Decimal(strike))


@pytest.mark.parametrize("bad", [
    "./ESU3 EW4N3  230728C3990",  # a space too many: the date is not at column 13
    "./ESU3 EW4N3230728C3990",  # no space at column 12
    "./ES U3EW4N3 230728C3990",  # a space inside a code
    "./MCLM5 MW2K5 250509C62.5",  # split on spaces, not fixed width
    "/ESU3 EW4N3 230728C3990",
])
def test_future_option_symbols_off_the_columns_are_refused(bad):
    with pytest.raises(SymbolError):
        parse_future_option(bad)


def _recorded_future_options() -> list[tuple[str, dict[str, str]]]:
    """(symbol, what the API says about it) for every future option in the recordings."""
    out: list[tuple[str, dict[str, str]]] = []
    for name in ("Get_Futures_Option_Chain_Nested.json",
                 "Get_Futures_Option_Chain_Nested_ES_Full.json"):
        data = json.loads((FIXTURES / name).read_text())["data"]
        for chain in data["option-chains"]:
            for e in chain["expirations"]:
                facts = {"future": e["underlying-symbol"], "code": e["option-contract-symbol"],
                         "date": e["expiration-date"], "root": chain["root-symbol"]}
                out += [(s[side], facts) for s in e["strikes"] for side in ("call", "put")]
    for name in ("Get_Futures_Option_Chain_GC_Flat_Excerpt.json", "Get_Future_Options_ESZ9.json"):
        for i in json.loads((FIXTURES / name).read_text())["data"]["items"]:
            code = i["exchange-symbol"].split()[0]
            out.append((i["symbol"], {"future": i["underlying-symbol"], "code": code,
                                      "date": i["expiration-date"], "root": i["root-symbol"]}))
    return out


def test_every_recorded_future_option_symbol_agrees_with_its_instrument_fields():
    cases = _recorded_future_options()
    assert len(cases) > 14000  # the full 2025 /ES chain is among them
    for symbol, facts in cases:
        fo = parse_future_option(symbol)
        assert fo.future == facts["future"], symbol
        assert fo.option_code == facts["code"], symbol
        assert fo.expiration.isoformat() == facts["date"], symbol
        assert underlying_of(symbol, "Future Option") == Underlying(facts["root"], fo.future)


def test_the_recorded_micro_crude_option_reads_as_mcl():
    text = (FIXTURES / "supplementary" / "tastyware_docs_market_data_repr.txt").read_text()
    symbols = set(re.findall(r"symbol='(\./[^']+)'", text))
    assert "./MCLM5MW2K5 250509C62.5" in symbols
    for symbol in symbols:
        assert underlying_of(symbol, "Future Option") == Underlying(
            "/MCL", "/MCLM5"), symbol


@pytest.mark.parametrize(
    ("symbol", "kind", "given", "root", "contract"),
    [
        ("./MESZ6EX3Z6 261218P5000", "Future Option", "/MESZ6", "/MES", "/MESZ6"),
        ("./MESZ6 EX3Z6 261218P5000", "Future Option", "/MESZ6", "/MES", "/MESZ6"),  # API wins
        ("./MESZ6EX3Z6 261218P5000", "Future Option", None, "/MES", "/MESZ6"),
        ("./ESH7 EW3H7 270319C7000", "Future Option", "/ESH7", "/ES", "/ESH7"),
        ("/ESH7", "Future", "/ES", "/ES", "/ESH7"),
        ("/MCLZ6", "Future", None, "/MCL", "/MCLZ6"),
        ("SPXW  261218C05700000", "Equity Option", "SPX", "SPX", None),
        ("SPY   261218C00600000", "Equity Option", None, "SPY", None),
        ("AAPL", "Equity", "AAPL", "AAPL", None),
    ],
)
def test_one_underlying_rule_for_every_instrument(symbol, kind, given, root, contract):
    assert underlying_of(symbol, kind, given) == Underlying(root, contract)
