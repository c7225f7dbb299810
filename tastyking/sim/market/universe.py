"""What the simulator lists: equities and indices here, futures products in products.py."""

from __future__ import annotations

from dataclasses import dataclass

from tastyking.sim.market.products import (
    MONTH_CODES,
    MONTHLY,
    OPTION_ROOTS,
    PRODUCTS,
    QUARTERLY,
    FutureProduct,
)

__all__ = ["MONTHLY", "MONTH_CODES", "OCC_ROOTS", "OPTION_ROOTS", "PRODUCTS", "QUARTERLY",
           "RATE", "STOCKS", "FutureProduct", "Stock"]


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
        # the framework's ETFs, each on the market it holds, with Friday weeklies
        Stock("GLD", "Equity", "GC", 0.0925, "SPDR GOLD SHARES", "ARCX", 0.0, 0.95, 0.17,
              0.03, 1.0, 5.0, "stock", True, 12066, "78463V107", True, 0.1,
              75_000_000_000, 5, 8.0e6),
        Stock("SLV", "Equity", "SI", 0.915, "ISHARES SILVER TRUST", "ARCX", 0.0, 1.6, 0.28,
              0.03, 0.5, 1.0, "stock", True, 12455, "46428Q109", True, 0.3,
              15_000_000_000, 5, 2.0e7),
        Stock("TLT", "Equity", "ZB", 0.78, "ISHARES 20+ YEAR TREASURY BOND ETF", "XNAS", 0.04,
              0.85, 0.15, 0.02, 1.0, 5.0, "stock", True, 13946, "464287432", True, -0.2,
              55_000_000_000, 5, 3.5e7),
        Stock("XOP", "Equity", "CL", 1.9, "SPDR S&P OIL & GAS EXPLORATION & PRODUCTION ETF",
              "ARCX", 0.03, 2.1, 0.33, -0.05, 1.0, 5.0, "stock", True, 15830, "78468R556", True,
              1.2, 2_500_000_000, 4, 4.0e6),
        Stock("XLE", "Equity", "CL", 1.25, "ENERGY SELECT SECTOR SPDR FUND", "ARCX", 0.032, 1.5,
              0.25, -0.05, 1.0, 5.0, "stock", True, 13421, "81369Y506", True, 0.9,
              35_000_000_000, 5, 1.6e7),
        Stock("VIX", "Index", "VIX", 1.0, "CBOE VOLATILITY INDEX", "", 0.0, 0.0, 0.0, 0.0,
              1.0, 1.0, "", False, 15017, "", beta=-4.0, liquidity=0),
    )
}


def _listed(i: int, row: tuple[str, str, str, float, float, float, float, bool]) -> Stock:
    """One of names.py's extra names on its driver (anchor prices in paths.py)."""
    from tastyking.sim.market.paths import DRIVERS

    symbol, desc, driver, price, beta, iv_ratio, div, etf = row
    fine = 0.5 if price < 25 else 1.0 if price < 200 else 2.5 if price < 500 else 5.0
    return Stock(symbol, "Equity", driver, price / DRIVERS[driver].anchor, desc,
                 "ARCX" if etf else "XNAS" if driver == "QQQ" else "XNYS", div, iv_ratio,
                 min(0.6, 0.19 * iv_ratio), -0.09, fine, fine * 5, "etf" if etf else "stock",
                 False, 30000 + i, "", etf, beta, int(price * 2e9), 3,
                 2.0e6 * (1 + i % 7))


def _extra() -> dict[str, Stock]:
    from tastyking.sim.market.names import NAMES

    return {row[0]: _listed(i, row) for i, row in enumerate(NAMES)}


# 147 more names, listed always, so the large book can hold 150+ underlyings
STOCKS.update(_extra())


# OCC roots that belong to another underlying.
OCC_ROOTS = {"SPXW": "SPX"}

RATE = 0.043
