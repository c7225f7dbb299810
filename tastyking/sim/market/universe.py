"""What the simulator lists: equities, indices, futures products and their option roots."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stock:
    symbol: str
    kind: str  # "Equity" | "Index"
    driver: str  # path driver in paths.DRIVERS
    scale: float  # price = driver price * scale
    description: str
    listed_market: str
    div_yield: float
    iv_ratio: float  # 30-day ATM IV as a multiple of VIX/100
    long_run_iv: float  # where the term structure settles
    skew: float  # IV change per standard deviation of log-moneyness (negative = put skew)
    strike_fine: float
    strike_coarse: float
    schedule: str  # expiration schedule name in chains.py ("" = no options)
    penny: bool  # penny pilot: 0.01 option ticks at every price
    id: int
    cusip: str
    is_etf: bool = False
    beta: float = 1.0
    market_cap: int = 0
    liquidity: int = 4
    volume: float = 0.0  # typical daily share volume


STOCKS: dict[str, Stock] = {
    s.symbol: s
    for s in (
        Stock("SPX", "Index", "SPX", 1.0, "S&P 500 INDEX", "", 0.013, 0.88, 0.19, -0.13,
              5.0, 25.0, "spx", False, 14070, "", beta=1.0, liquidity=5),
        Stock("SPY", "Equity", "SPX", 0.0998, "SPDR S&P 500 ETF TRUST", "ARCX", 0.013, 0.88,
              0.19, -0.13, 1.0, 5.0, "etf", True, 20250, "78462F103", True, 1.0,
              560_000_000_000, 5, 6.0e7),
        Stock("QQQ", "Equity", "QQQ", 1.0, "INVESCO QQQ TRUST SERIES 1", "XNAS", 0.006, 1.15,
              0.22, -0.11, 1.0, 5.0, "etf", True, 20119, "46090E103", True, 1.18,
              300_000_000_000, 5, 4.0e7),
        Stock("IWM", "Equity", "IWM", 1.0, "ISHARES RUSSELL 2000 ETF", "ARCX", 0.012, 1.35,
              0.24, -0.09, 1.0, 5.0, "etf", True, 14986, "464287655", True, 1.15,
              65_000_000_000, 5, 3.0e7),
        Stock("AAPL", "Equity", "AAPL", 1.0, "APPLE INC", "XNAS", 0.0045, 1.45, 0.27, -0.07,
              2.5, 5.0, "stock", False, 726, "037833100", False, 1.1,
              3_400_000_000_000, 4, 5.5e7),
        Stock("VIX", "Index", "VIX", 1.0, "CBOE VOLATILITY INDEX", "", 0.0, 0.0, 0.0, 0.0,
              1.0, 1.0, "", False, 15017, "", beta=-4.0, liquidity=0),
    )
}


@dataclass(frozen=True)
class FutureProduct:
    code: str  # "ES"
    driver: str
    description: str
    exchange: str
    mic: str  # streamer exchange code
    months: str  # listed contract months as codes
    multiplier: float
    tick: float
    sector: str
    initial_margin: float  # per contract, used by the margin model
    n_contracts: int
    option_quarterly_root: str = ""  # ES, MES: 3rd-Friday quarterly options
    option_weekly_prefix: str = ""  # EW -> EW1..EW4 Friday weeklies
    option_monthly_root: str = ""  # LO, MCO, OG, MGO: monthly serial options
    option_eom_root: str = ""  # EW: end-of-month options
    option_ticks: tuple[tuple[float, float | None], ...] = ()  # (value, threshold)
    strike_fine: float = 5.0
    strike_coarse: float = 25.0
    iv_base: float = 0.0  # ATM IV for non-equity products
    skew: float = 0.0
    etf: tuple[str, int] | None = None
    cash_settled: bool = False

    @property
    def root(self) -> str:
        return "/" + self.code


QUARTERLY = "HMUZ"
MONTHLY = "FGHJKMNQUVXZ"
MONTH_CODES = "FGHJKMNQUVXZ"

PRODUCTS: dict[str, FutureProduct] = {
    p.code: p
    for p in (
        FutureProduct("ES", "SPX", "E-Mini S&P 500", "CME", "XCME", QUARTERLY, 50.0, 0.25,
                      "Equity Index", 16000.0, 4, "ES", "EW", "", "EW",
                      ((0.05, 5.0), (0.25, None)), 5.0, 25.0, 0.0, -0.13, ("SPY", 500), True),
        FutureProduct("MES", "SPX", "Micro E-Mini S&P 500", "CME", "XCME", QUARTERLY, 5.0,
                      0.25, "Equity Index", 1600.0, 4, "MES", "EX", "", "",
                      ((0.05, 5.0), (0.25, None)), 5.0, 25.0, 0.0, -0.13, ("SPY", 50), True),
        FutureProduct("CL", "CL", "Crude Oil", "NYMEX", "XNYM", MONTHLY, 1000.0, 0.01,
                      "Energy", 6200.0, 8, "", "LO", "LO", "", ((0.01, None),), 0.5, 1.0,
                      0.33, -0.04),
        FutureProduct("MCL", "CL", "Micro WTI Crude Oil", "NYMEX", "XNYM", MONTHLY, 100.0, 0.01,
                      "Energy", 620.0, 8, "", "", "MCO", "", ((0.01, None),), 0.5, 1.0, 0.33,
                      -0.04),
        FutureProduct("GC", "GC", "Gold", "COMEX", "XCEC", "GJMQVZ", 100.0, 0.10, "Metals",
                      11000.0, 6, "", "OG", "OG", "", ((0.10, None),), 5.0, 10.0, 0.16, 0.02),
        FutureProduct("MGC", "GC", "Micro Gold", "COMEX", "XCEC", "GJMQVZ", 10.0, 0.10,
                      "Metals", 1100.0, 6, "", "", "MGO", "", ((0.10, None),), 5.0, 10.0, 0.16,
                      0.02),
        FutureProduct("DX", "DX", "U.S. Dollar Index", "ICE", "IFUS", QUARTERLY, 1000.0, 0.005,
                      "Currency", 2600.0, 4, iv_base=0.07),
    )
}

# Every futures-option root -> its product code, for parsing symbols back.
OPTION_ROOTS: dict[str, str] = {}
for _p in PRODUCTS.values():
    for _r in (_p.option_quarterly_root, _p.option_monthly_root, _p.option_eom_root):
        if _r:
            OPTION_ROOTS[_r] = _p.code
    if _p.option_weekly_prefix:
        for _n in range(1, 6):
            OPTION_ROOTS[f"{_p.option_weekly_prefix}{_n}"] = _p.code

# OCC roots that belong to another underlying.
OCC_ROOTS = {"SPXW": "SPX"}

RATE = 0.043
