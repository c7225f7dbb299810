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
    """One of NAMES on its driver (anchor prices in paths.py)."""
    from tastyking.sim.market.paths import DRIVERS

    symbol, desc, driver, price, beta, iv_ratio, div, etf = row
    fine = 0.5 if price < 25 else 1.0 if price < 200 else 2.5 if price < 500 else 5.0
    return Stock(symbol, "Equity", driver, price / DRIVERS[driver].anchor, desc,
                 "ARCX" if etf else "XNAS" if driver == "QQQ" else "XNYS", div, iv_ratio,
                 min(0.6, 0.19 * iv_ratio), -0.09, fine, fine * 5, "etf" if etf else "stock",
                 False, 30000 + i, "", etf, beta, int(price * 2e9), 3,
                 2.0e6 * (1 + i % 7))


# More listed names, so a large book can hold 150 underlyings (`tastyking sim --book
# large`). Each rides one of the seeded drivers (paths.py) at its own price level, with
# its own beta, volatility (as a multiple of VIX/100) and dividend yield:
# (symbol, description, driver, typical price, beta, iv ratio, dividend yield, is ETF)
NAMES: tuple[tuple[str, str, str, float, float, float, float, bool], ...] = (
    ("MSFT", "MICROSOFT CORP", "QQQ", 420.0, 1.05, 1.35, 0.007, False),
    ("NVDA", "NVIDIA CORP", "QQQ", 130.0, 1.75, 2.9, 0.0003, False),
    ("AMZN", "AMAZON.COM INC", "QQQ", 185.0, 1.2, 1.9, 0.0, False),
    ("GOOGL", "ALPHABET INC CL A", "QQQ", 170.0, 1.05, 1.7, 0.005, False),
    ("META", "META PLATFORMS INC", "QQQ", 520.0, 1.25, 2.2, 0.004, False),
    ("TSLA", "TESLA INC", "QQQ", 240.0, 2.0, 3.6, 0.0, False),
    ("AVGO", "BROADCOM INC", "QQQ", 165.0, 1.3, 2.4, 0.013, False),
    ("AMD", "ADVANCED MICRO DEVICES INC", "QQQ", 150.0, 1.7, 2.8, 0.0, False),
    ("NFLX", "NETFLIX INC", "QQQ", 690.0, 1.25, 2.2, 0.0, False),
    ("ADBE", "ADOBE INC", "QQQ", 520.0, 1.2, 2.0, 0.0, False),
    ("CRM", "SALESFORCE INC", "QQQ", 270.0, 1.2, 2.1, 0.006, False),
    ("ORCL", "ORACLE CORP", "QQQ", 160.0, 1.0, 1.9, 0.01, False),
    ("INTC", "INTEL CORP", "QQQ", 22.0, 1.1, 2.9, 0.0, False),
    ("CSCO", "CISCO SYSTEMS INC", "QQQ", 55.0, 0.85, 1.3, 0.029, False),
    ("QCOM", "QUALCOMM INC", "QQQ", 165.0, 1.3, 2.1, 0.02, False),
    ("TXN", "TEXAS INSTRUMENTS INC", "QQQ", 195.0, 1.0, 1.6, 0.027, False),
    ("MU", "MICRON TECHNOLOGY INC", "QQQ", 95.0, 1.5, 2.9, 0.005, False),
    ("AMAT", "APPLIED MATERIALS INC", "QQQ", 180.0, 1.5, 2.4, 0.009, False),
    ("LRCX", "LAM RESEARCH CORP", "QQQ", 75.0, 1.5, 2.5, 0.012, False),
    ("SHOP", "SHOPIFY INC", "QQQ", 75.0, 2.0, 3.1, 0.0, False),
    ("PYPL", "PAYPAL HOLDINGS INC", "QQQ", 70.0, 1.35, 2.3, 0.0, False),
    ("UBER", "UBER TECHNOLOGIES INC", "QQQ", 72.0, 1.4, 2.3, 0.0, False),
    ("ABNB", "AIRBNB INC", "QQQ", 135.0, 1.3, 2.4, 0.0, False),
    ("PLTR", "PALANTIR TECHNOLOGIES INC", "QQQ", 40.0, 2.2, 3.6, 0.0, False),
    ("SNOW", "SNOWFLAKE INC", "QQQ", 125.0, 1.6, 3.0, 0.0, False),
    ("CRWD", "CROWDSTRIKE HOLDINGS INC", "QQQ", 290.0, 1.4, 2.6, 0.0, False),
    ("PANW", "PALO ALTO NETWORKS INC", "QQQ", 180.0, 1.1, 2.1, 0.0, False),
    ("NOW", "SERVICENOW INC", "QQQ", 880.0, 1.15, 1.9, 0.0, False),
    ("INTU", "INTUIT INC", "QQQ", 630.0, 1.2, 1.8, 0.006, False),
    ("IBM", "INTERNATIONAL BUSINESS MACHINES", "SPX", 215.0, 0.75, 1.4, 0.031, False),
    ("SMH", "VANECK SEMICONDUCTOR ETF", "QQQ", 245.0, 1.45, 1.9, 0.004, True),
    ("XLK", "TECHNOLOGY SELECT SECTOR SPDR", "QQQ", 225.0, 1.15, 1.3, 0.007, True),
    ("ARKK", "ARK INNOVATION ETF", "QQQ", 52.0, 1.8, 2.6, 0.0, True),
    ("DIA", "SPDR DOW JONES INDUSTRIAL AVERAGE", "SPX", 420.0, 0.9, 0.85, 0.016, True),
    ("RSP", "INVESCO S&P 500 EQUAL WEIGHT ETF", "SPX", 175.0, 1.0, 0.95, 0.015, True),
    ("XLF", "FINANCIAL SELECT SECTOR SPDR", "SPX", 46.0, 1.05, 1.15, 0.015, True),
    ("XLE", "ENERGY SELECT SECTOR SPDR", "SPX", 90.0, 0.9, 1.45, 0.032, True),
    ("XLU", "UTILITIES SELECT SECTOR SPDR", "SPX", 78.0, 0.45, 1.05, 0.029, True),
    ("XLV", "HEALTH CARE SELECT SECTOR SPDR", "SPX", 150.0, 0.7, 0.95, 0.015, True),
    ("XLI", "INDUSTRIAL SELECT SECTOR SPDR", "SPX", 130.0, 1.05, 1.05, 0.014, True),
    ("XLY", "CONSUMER DISCRETIONARY SELECT SPDR", "SPX", 200.0, 1.15, 1.25, 0.008, True),
    ("XLP", "CONSUMER STAPLES SELECT SPDR", "SPX", 80.0, 0.55, 0.8, 0.025, True),
    ("XLB", "MATERIALS SELECT SECTOR SPDR", "SPX", 92.0, 1.0, 1.15, 0.018, True),
    ("XLRE", "REAL ESTATE SELECT SECTOR SPDR", "SPX", 42.0, 0.9, 1.25, 0.033, True),
    ("XBI", "SPDR S&P BIOTECH ETF", "IWM", 95.0, 1.2, 1.9, 0.0, True),
    ("KRE", "SPDR S&P REGIONAL BANKING ETF", "IWM", 55.0, 1.2, 1.9, 0.03, True),
    ("GDX", "VANECK GOLD MINERS ETF", "IWM", 36.0, 0.6, 2.0, 0.012, True),
    ("SLV", "ISHARES SILVER TRUST", "SPX", 28.0, 0.4, 1.7, 0.0, True),
    ("GLD", "SPDR GOLD SHARES", "SPX", 245.0, 0.1, 0.9, 0.0, True),
    ("TLT", "ISHARES 20+ YEAR TREASURY BOND ETF", "SPX", 95.0, -0.2, 1.0, 0.04, True),
    ("HYG", "ISHARES IBOXX HIGH YIELD CORP BOND", "SPX", 79.0, 0.3, 0.55, 0.057, True),
    ("EEM", "ISHARES MSCI EMERGING MARKETS ETF", "SPX", 44.0, 0.85, 1.2, 0.022, True),
    ("EFA", "ISHARES MSCI EAFE ETF", "SPX", 80.0, 0.85, 0.95, 0.03, True),
    ("FXI", "ISHARES CHINA LARGE-CAP ETF", "SPX", 30.0, 0.8, 2.0, 0.025, True),
    ("EWZ", "ISHARES MSCI BRAZIL ETF", "SPX", 28.0, 0.95, 1.9, 0.07, True),
    ("USO", "UNITED STATES OIL FUND", "SPX", 75.0, 0.5, 2.0, 0.0, True),
    ("UNG", "UNITED STATES NATURAL GAS FUND", "IWM", 15.0, 0.3, 3.5, 0.0, True),
    ("JPM", "JPMORGAN CHASE & CO", "SPX", 215.0, 1.1, 1.3, 0.022, False),
    ("BAC", "BANK OF AMERICA CORP", "SPX", 40.0, 1.3, 1.5, 0.025, False),
    ("WFC", "WELLS FARGO & CO", "SPX", 60.0, 1.2, 1.6, 0.026, False),
    ("C", "CITIGROUP INC", "SPX", 64.0, 1.4, 1.6, 0.034, False),
    ("GS", "GOLDMAN SACHS GROUP INC", "SPX", 500.0, 1.35, 1.5, 0.023, False),
    ("MS", "MORGAN STANLEY", "SPX", 105.0, 1.35, 1.5, 0.034, False),
    ("SCHW", "CHARLES SCHWAB CORP", "SPX", 66.0, 1.0, 1.8, 0.015, False),
    ("BLK", "BLACKROCK INC", "SPX", 900.0, 1.25, 1.3, 0.022, False),
    ("AXP", "AMERICAN EXPRESS CO", "SPX", 250.0, 1.2, 1.5, 0.011, False),
    ("V", "VISA INC CL A", "SPX", 280.0, 0.95, 1.1, 0.008, False),
    ("MA", "MASTERCARD INC CL A", "SPX", 470.0, 1.1, 1.1, 0.006, False),
    ("COIN", "COINBASE GLOBAL INC", "QQQ", 210.0, 2.5, 4.1, 0.0, False),
    ("HOOD", "ROBINHOOD MARKETS INC", "IWM", 22.0, 2.2, 3.8, 0.0, False),
    ("SOFI", "SOFI TECHNOLOGIES INC", "IWM", 9.0, 1.9, 3.4, 0.0, False),
    ("BRKB", "BERKSHIRE HATHAWAY INC CL B", "SPX", 450.0, 0.85, 0.8, 0.0, False),
    ("UNH", "UNITEDHEALTH GROUP INC", "SPX", 560.0, 0.6, 1.2, 0.015, False),
    ("JNJ", "JOHNSON & JOHNSON", "SPX", 160.0, 0.5, 0.95, 0.03, False),
    ("LLY", "ELI LILLY AND CO", "SPX", 900.0, 0.5, 1.7, 0.006, False),
    ("PFE", "PFIZER INC", "SPX", 29.0, 0.6, 1.4, 0.058, False),
    ("MRK", "MERCK & CO INC", "SPX", 115.0, 0.4, 1.3, 0.027, False),
    ("ABBV", "ABBVIE INC", "SPX", 190.0, 0.55, 1.3, 0.033, False),
    ("BMY", "BRISTOL-MYERS SQUIBB CO", "SPX", 45.0, 0.45, 1.5, 0.05, False),
    ("AMGN", "AMGEN INC", "SPX", 320.0, 0.55, 1.3, 0.028, False),
    ("GILD", "GILEAD SCIENCES INC", "SPX", 75.0, 0.4, 1.4, 0.04, False),
    ("CVS", "CVS HEALTH CORP", "SPX", 58.0, 0.6, 1.9, 0.045, False),
    ("MRNA", "MODERNA INC", "IWM", 100.0, 1.2, 3.0, 0.0, False),
    ("TMO", "THERMO FISHER SCIENTIFIC INC", "SPX", 590.0, 0.85, 1.2, 0.003, False),
    ("ISRG", "INTUITIVE SURGICAL INC", "SPX", 450.0, 1.1, 1.6, 0.0, False),
    ("WMT", "WALMART INC", "SPX", 70.0, 0.5, 0.95, 0.012, False),
    ("COST", "COSTCO WHOLESALE CORP", "SPX", 850.0, 0.8, 1.0, 0.005, False),
    ("TGT", "TARGET CORP", "SPX", 150.0, 1.0, 1.7, 0.029, False),
    ("HD", "HOME DEPOT INC", "SPX", 360.0, 1.0, 1.2, 0.025, False),
    ("LOW", "LOWE'S COMPANIES INC", "SPX", 240.0, 1.05, 1.3, 0.019, False),
    ("NKE", "NIKE INC CL B", "SPX", 80.0, 1.1, 1.7, 0.018, False),
    ("SBUX", "STARBUCKS CORP", "SPX", 90.0, 0.95, 1.6, 0.025, False),
    ("MCD", "MCDONALD'S CORP", "SPX", 280.0, 0.6, 0.9, 0.024, False),
    ("KO", "COCA-COLA CO", "SPX", 65.0, 0.55, 0.75, 0.03, False),
    ("PEP", "PEPSICO INC", "SPX", 170.0, 0.55, 0.8, 0.031, False),
    ("PG", "PROCTER & GAMBLE CO", "SPX", 165.0, 0.45, 0.75, 0.024, False),
    ("DIS", "WALT DISNEY CO", "SPX", 95.0, 1.2, 1.5, 0.008, False),
    ("CMCSA", "COMCAST CORP CL A", "SPX", 40.0, 0.9, 1.4, 0.031, False),
    ("T", "AT&T INC", "SPX", 20.0, 0.6, 1.1, 0.055, False),
    ("VZ", "VERIZON COMMUNICATIONS INC", "SPX", 41.0, 0.45, 1.0, 0.065, False),
    ("XOM", "EXXON MOBIL CORP", "SPX", 115.0, 0.85, 1.25, 0.033, False),
    ("CVX", "CHEVRON CORP", "SPX", 155.0, 0.9, 1.3, 0.042, False),
    ("OXY", "OCCIDENTAL PETROLEUM CORP", "SPX", 55.0, 1.2, 1.8, 0.016, False),
    ("COP", "CONOCOPHILLIPS", "SPX", 110.0, 1.0, 1.6, 0.028, False),
    ("SLB", "SCHLUMBERGER NV", "SPX", 45.0, 1.2, 1.8, 0.024, False),
    ("BA", "BOEING CO", "SPX", 160.0, 1.3, 2.0, 0.0, False),
    ("CAT", "CATERPILLAR INC", "SPX", 360.0, 1.1, 1.5, 0.015, False),
    ("DE", "DEERE & CO", "SPX", 390.0, 1.0, 1.5, 0.015, False),
    ("GE", "GE AEROSPACE", "SPX", 170.0, 1.2, 1.6, 0.007, False),
    ("HON", "HONEYWELL INTERNATIONAL INC", "SPX", 210.0, 0.95, 1.1, 0.021, False),
    ("UPS", "UNITED PARCEL SERVICE INC CL B", "SPX", 130.0, 0.95, 1.5, 0.05, False),
    ("FDX", "FEDEX CORP", "SPX", 280.0, 1.1, 1.8, 0.019, False),
    ("LMT", "LOCKHEED MARTIN CORP", "SPX", 550.0, 0.5, 1.0, 0.023, False),
    ("RTX", "RTX CORP", "SPX", 120.0, 0.7, 1.1, 0.021, False),
    ("F", "FORD MOTOR CO", "SPX", 11.0, 1.4, 2.1, 0.055, False),
    ("GM", "GENERAL MOTORS CO", "SPX", 48.0, 1.4, 2.0, 0.01, False),
    ("RIVN", "RIVIAN AUTOMOTIVE INC", "IWM", 12.0, 2.0, 4.0, 0.0, False),
    ("LCID", "LUCID GROUP INC", "IWM", 3.0, 1.9, 4.2, 0.0, False),
    ("NIO", "NIO INC ADR", "IWM", 5.0, 1.8, 4.5, 0.0, False),
    ("BABA", "ALIBABA GROUP HOLDING ADR", "SPX", 90.0, 0.9, 2.5, 0.01, False),
    ("PDD", "PDD HOLDINGS INC ADR", "QQQ", 120.0, 1.1, 3.0, 0.0, False),
    ("JD", "JD.COM INC ADR", "SPX", 35.0, 0.9, 2.8, 0.02, False),
    ("SNAP", "SNAP INC CL A", "IWM", 11.0, 1.6, 3.8, 0.0, False),
    ("PINS", "PINTEREST INC CL A", "QQQ", 32.0, 1.3, 2.8, 0.0, False),
    ("ROKU", "ROKU INC CL A", "IWM", 70.0, 1.8, 3.5, 0.0, False),
    ("SPOT", "SPOTIFY TECHNOLOGY SA", "QQQ", 380.0, 1.4, 2.5, 0.0, False),
    ("DKNG", "DRAFTKINGS INC CL A", "IWM", 38.0, 1.6, 3.0, 0.0, False),
    ("MARA", "MARA HOLDINGS INC", "IWM", 18.0, 2.8, 5.0, 0.0, False),
    ("MSTR", "MICROSTRATEGY INC CL A", "QQQ", 250.0, 3.0, 5.5, 0.0, False),
    ("GME", "GAMESTOP CORP CL A", "IWM", 24.0, 1.5, 5.0, 0.0, False),
    ("AMC", "AMC ENTERTAINMENT HOLDINGS CL A", "IWM", 4.5, 1.6, 5.5, 0.0, False),
    ("CCL", "CARNIVAL CORP", "IWM", 20.0, 1.8, 2.8, 0.0, False),
    ("AAL", "AMERICAN AIRLINES GROUP INC", "IWM", 13.0, 1.5, 2.8, 0.0, False),
    ("DAL", "DELTA AIR LINES INC", "SPX", 50.0, 1.3, 2.2, 0.012, False),
    ("UAL", "UNITED AIRLINES HOLDINGS INC", "IWM", 60.0, 1.6, 2.6, 0.0, False),
    ("MRVL", "MARVELL TECHNOLOGY INC", "QQQ", 75.0, 1.7, 3.0, 0.003, False),
    ("ARM", "ARM HOLDINGS PLC ADR", "QQQ", 140.0, 2.1, 3.6, 0.0, False),
    ("SMCI", "SUPER MICRO COMPUTER INC", "QQQ", 40.0, 2.5, 5.5, 0.0, False),
    ("DELL", "DELL TECHNOLOGIES INC CL C", "QQQ", 120.0, 1.4, 2.6, 0.015, False),
    ("HPQ", "HP INC", "SPX", 35.0, 1.0, 1.7, 0.03, False),
    ("WBD", "WARNER BROS DISCOVERY INC", "IWM", 9.0, 1.4, 3.0, 0.0, False),
    ("PARA", "PARAMOUNT GLOBAL CL B", "IWM", 11.0, 1.3, 2.6, 0.018, False),
    ("CLF", "CLEVELAND-CLIFFS INC", "IWM", 13.0, 1.7, 2.9, 0.0, False),
    ("FCX", "FREEPORT-MCMORAN INC", "SPX", 48.0, 1.5, 2.1, 0.012, False),
    ("NEM", "NEWMONT CORP", "SPX", 50.0, 0.5, 1.9, 0.02, False),
    ("AA", "ALCOA CORP", "IWM", 38.0, 1.8, 2.7, 0.01, False),
    ("X", "UNITED STATES STEEL CORP", "IWM", 38.0, 1.6, 2.3, 0.005, False),
)

# a name listed above (with its own driver) keeps that listing
STOCKS.update({row[0]: _listed(i, row) for i, row in enumerate(NAMES) if row[0] not in STOCKS})


# OCC roots that belong to another underlying.
OCC_ROOTS = {"SPXW": "SPX"}

RATE = 0.043
