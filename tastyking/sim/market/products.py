"""The futures products the simulator lists, and their option roots.

What the wire needs of a product (tastytrade's `future-product`, recorded for /ES and
/RB): venue, listed months, sizes and ticks, display factor, product type and roll
rule; what the market model needs: a price driver, IV level and skew, margin; and
which option series CME lists on it (quarterly, Friday weeklies, end-of-month,
monthly serials), each with its option root.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

QUARTERLY = "HMUZ"
MONTHLY = "FGHJKMNQUVXZ"
MONTH_CODES = "FGHJKMNQUVXZ"

# tastytrade reports every CME Group venue as exchange "CME" (SOURCES.md §4); the venue
# shows in the streamer exchange code and in the legacy codes.
_LEGACY_EXCHANGE = {"CME": "CME", "CBOT": "CBT", "NYMEX": "NYM", "COMEX": "CMX", "ICE": "NYB"}
_CLEARING_EXCHANGE = {"CME": "16", "CBOT": "08", "NYMEX": "07", "COMEX": "04", "ICE": "12"}
_SECURITY_EXCHANGE = {"CME": "2", "CBOT": "2", "NYMEX": "2", "COMEX": "4", "ICE": "6"}


@dataclass(frozen=True)
class Roll:
    name: str  # "equity_index", "energies", ...
    active_count: int
    business_days_offset: int
    first_notice: bool = False


INDEX_ROLL = Roll("equity_index", 3, 4)


@dataclass(frozen=True)
class FutureProduct:
    code: str  # "ES"
    driver: str  # price path in paths.DRIVERS
    description: str
    exchange: str  # the venue: CME, CBOT, NYMEX, COMEX, ICE
    mic: str  # streamer exchange code
    months: str  # listed contract months as codes
    multiplier: float  # notional multiplier, dollars per point
    tick: float
    sector: str
    initial_margin: float  # per contract, used by the margin model
    n_contracts: int  # listed contracts, nearest first
    option_quarterly_root: str = ""  # ES, MES: quarterly options on the same contract
    option_weekly_prefix: str = ""  # EW -> EW1..EW5 Friday weeklies
    option_monthly_root: str = ""  # LO, OG: monthly serial options
    option_eom_root: str = ""  # EW: end-of-month options
    option_ticks: tuple[tuple[float, float | None], ...] = ()  # (value, threshold)
    strike_fine: float = 5.0
    strike_coarse: float = 25.0
    iv_base: float = 0.0  # ATM IV for products not tied to VIX
    skew: float = 0.0
    etf: tuple[str, int] | None = None
    cash_settled: bool = False
    expiry_rule: str = "third_friday"  # how futures.contract_expiration dates a contract
    expiry_time: time = time(9, 30)  # New York time the contract stops trading
    option_time: time = time(16, 0)  # and its options
    display_factor: str = "0.01"
    physical: bool = False  # product-type "Physical" (else "Financial")
    roll: Roll = INDEX_ROLL
    contract_size: float = 0.0  # when it differs from the notional multiplier (LE)
    option_notional: str = "1.0"  # the options' notional-value (ES and MES: "0.5")
    group: str = ""  # product-group, else "<venue>_<code>"
    carry: float = -0.012  # annual drift of the futures curve over the driver

    @property
    def root(self) -> str:
        return "/" + self.code

    @property
    def has_options(self) -> bool:
        return bool(self.option_ticks)

    @property
    def wire_exchange(self) -> str:
        return "ICE" if self.exchange == "ICE" else "CME"

    @property
    def legacy_exchange(self) -> str:
        return _LEGACY_EXCHANGE[self.exchange]

    @property
    def clearing_exchange(self) -> str:
        return _CLEARING_EXCHANGE[self.exchange]

    @property
    def security_exchange(self) -> str:
        return _SECURITY_EXCHANGE[self.exchange]

    @property
    def product_group(self) -> str:
        return self.group or f"{self.exchange}_{self.code}"

    @property
    def size(self) -> float:
        return self.contract_size or self.multiplier


_ES_TICKS = ((0.05, 10.0), (0.25, None))

PRODUCTS: dict[str, FutureProduct] = {
    p.code: p
    for p in (
        FutureProduct("ES", "SPX", "E-Mini S&P 500", "CME", "XCME", QUARTERLY, 50.0, 0.25,
                      "Equity Index", 16000.0, 8, "ES", "EW", "", "EW", _ES_TICKS, 5.0, 25.0,
                      0.0, -0.13, ("SPY", 500), True, option_notional="0.5"),
        FutureProduct("MES", "SPX", "Micro E-Mini S&P 500", "CME", "XCME", QUARTERLY, 5.0,
                      0.25, "Equity Index", 1600.0, 8, "MES", "EX", "", "", _ES_TICKS, 5.0,
                      25.0, 0.0, -0.13, ("SPY", 50), True, option_notional="0.5"),
        FutureProduct("CL", "CL", "Crude Oil", "NYMEX", "XNYM", MONTHLY, 1000.0, 0.01,
                      "Energy", 6200.0, 9, "", "LO", "LO", "", ((0.01, None),), 0.5, 1.0,
                      0.33, -0.04, expiry_rule="crude", expiry_time=time(14, 30),
                      option_time=time(14, 30), physical=True,
                      roll=Roll("energies", 13, 5), group="NYMEX_ENERGY"),
        FutureProduct("MCL", "CL", "Micro WTI Crude Oil", "NYMEX", "XNYM", MONTHLY, 100.0, 0.01,
                      "Energy", 620.0, 9, "", "MW", "MCO", "", ((0.01, None),), 0.5, 1.0,
                      0.33, -0.04, expiry_rule="micro_crude", expiry_time=time(14, 30),
                      option_time=time(14, 30), physical=False, cash_settled=True,
                      roll=Roll("energies", 13, 5), group="NYMEX_ENERGY"),
        FutureProduct("GC", "GC", "Gold", "COMEX", "XCEC", "GJMQVZ", 100.0, 0.10, "Metals",
                      11000.0, 7, "", "OG", "OG", "", ((0.10, None),), 5.0, 10.0, 0.16, 0.02,
                      expiry_rule="metal", expiry_time=time(13, 30), option_time=time(13, 30),
                      display_factor="0.1", physical=True, carry=0.04,
                      roll=Roll("metals", 2, 3, True), group="COMEX_METALS"),
        FutureProduct("MGC", "GC", "Micro Gold", "COMEX", "XCEC", "GJMQVZ", 10.0, 0.10,
                      "Metals", 1100.0, 7, "", "", "MGO", "", ((0.10, None),), 5.0, 10.0, 0.16,
                      0.02, expiry_rule="metal", expiry_time=time(13, 30),
                      option_time=time(13, 30), display_factor="0.1", physical=True, carry=0.04,
                      roll=Roll("metals", 2, 3, True), group="COMEX_METALS"),
        FutureProduct("DX", "DX", "U.S. Dollar Index", "ICE", "IFUS", QUARTERLY, 1000.0, 0.005,
                      "Currency", 2600.0, 4, iv_base=0.07, expiry_rule="dollar_index",
                      expiry_time=time(10, 16), display_factor="0.001"),
    )
}

# Every futures-option root -> its product code, for reading symbols back.
OPTION_ROOTS: dict[str, str] = {}
for _p in PRODUCTS.values():
    for _r in (_p.option_quarterly_root, _p.option_monthly_root, _p.option_eom_root):
        if _r:
            OPTION_ROOTS[_r] = _p.code
    if _p.option_weekly_prefix:
        for _n in range(1, 6):
            OPTION_ROOTS[f"{_p.option_weekly_prefix}{_n}"] = _p.code
