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
    scale: float = 1.0  # futures price = driver price * scale (NQ from QQQ, RB from CL)

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
_ENERGY = Roll("energies", 13, 5)
_METALS = Roll("metals", 2, 3, True)
_GRAINS = Roll("grains", 3, 5, True)
_MEATS = Roll("meats", 2, 5)
_SOFTS = Roll("softs", 3, 5, True)
_RATES = Roll("interest_rates", 2, 5, True)
_FX = Roll("currencies", 2, 4)
_PM = time(13, 30)  # metals, softs and the like stop early afternoon


def _quarterly_index(code: str, driver: str, description: str, multiplier: float, tick: float,
                     margin: float, roots: tuple[str, str, str], **kw: object) -> FutureProduct:
    quarterly, weekly, eom = roots
    return FutureProduct(code, driver, description, "CME", "XCME", QUARTERLY, multiplier, tick,
                         "Equity Index", margin, 8, quarterly, weekly, "", eom, _ES_TICKS,
                         cash_settled=True, option_notional="0.5", **kw)  # type: ignore[arg-type]


def _serial(code: str, driver: str, description: str, venue: str, mic: str, months: str,
            multiplier: float, tick: float, sector: str, margin: float, n: int,
            monthly_root: str, weekly_prefix: str, option_tick: float, fine: float,
            coarse: float, iv: float, skew: float, rule: str, roll: Roll,
            **kw: object) -> FutureProduct:
    """A product with monthly (serial) options and, when named, Friday weeklies."""
    return FutureProduct(code, driver, description, venue, mic, months, multiplier, tick, sector,
                         margin, n, "", weekly_prefix, monthly_root, "", ((option_tick, None),),
                         fine, coarse, iv, skew, expiry_rule=rule, roll=roll,
                         **kw)  # type: ignore[arg-type]


def _fx(code: str, description: str, multiplier: float, tick: float, margin: float,
        roots: tuple[str, str], iv: float, fine: float, **kw: object) -> FutureProduct:
    return _serial(code, code[-2:] if code.startswith("M") else code, description, "CME",
                   "XCME", QUARTERLY, multiplier, tick, "Currency", margin, 4, roots[0],
                   roots[1], tick, fine, 2 * fine, iv, 0.0, "fx", _FX,
                   expiry_time=time(9, 16), option_time=time(9, 0), display_factor="0.0001",
                   **kw)


def _rates(code: str, description: str, multiplier: float, tick: float, margin: float,
           roots: tuple[str, str], iv: float, fine: float) -> FutureProduct:
    return _serial(code, code, description, "CBOT", "XCBT", QUARTERLY, multiplier, tick,
                   "Interest Rate", margin, 3, roots[0], roots[1], 1 / 64, fine, 2 * fine, iv,
                   0.0, "treasury", _RATES, expiry_time=time(12, 1), option_time=time(14, 0),
                   physical=True, display_factor="1.0", carry=0.0)


PRODUCTS: dict[str, FutureProduct] = {
    p.code: p
    for p in (
        # equity index: quarterly options on the same contract, Friday weeklies, month ends
        _quarterly_index("ES", "SPX", "E-Mini S&P 500", 50.0, 0.25, 16000.0, ("ES", "EW", "EW"),
                         etf=("SPY", 500), skew=-0.13),
        _quarterly_index("MES", "SPX", "Micro E-Mini S&P 500", 5.0, 0.25, 1600.0,
                         ("MES", "EX", ""), etf=("SPY", 50), skew=-0.13),
        _quarterly_index("NQ", "QQQ", "E-Mini Nasdaq-100", 20.0, 0.25, 24000.0,
                         ("NQ", "QN", "QNE"), etf=("QQQ", 850), scale=41.8, iv_base=0.21,
                         skew=-0.11, strike_fine=25.0, strike_coarse=250.0),
        _quarterly_index("MNQ", "QQQ", "Micro E-Mini Nasdaq-100", 2.0, 0.25, 2400.0,
                         ("MNQ", "MQ", ""), etf=("QQQ", 85), scale=41.8, iv_base=0.21,
                         skew=-0.11, strike_fine=25.0, strike_coarse=250.0),
        _quarterly_index("RTY", "IWM", "E-Mini Russell 2000", 50.0, 0.1, 8000.0,
                         ("RTO", "RW", ""), etf=("IWM", 1000), scale=10.4, iv_base=0.23,
                         skew=-0.09, strike_fine=10.0, strike_coarse=50.0),
        # energy
        _serial("CL", "CL", "Crude Oil", "NYMEX", "XNYM", MONTHLY, 1000.0, 0.01, "Energy",
                6200.0, 9, "LO", "LO", 0.01, 0.5, 1.0, 0.33, -0.04, "crude", _ENERGY,
                expiry_time=time(14, 30), option_time=time(14, 30), physical=True,
                group="NYMEX_ENERGY"),
        _serial("MCL", "CL", "Micro WTI Crude Oil", "NYMEX", "XNYM", MONTHLY, 100.0, 0.01,
                "Energy", 620.0, 9, "MCO", "MW", 0.01, 0.5, 1.0, 0.33, -0.04, "micro_crude",
                _ENERGY, expiry_time=time(14, 30), option_time=time(14, 30), cash_settled=True,
                group="NYMEX_ENERGY"),
        _serial("NG", "NG", "Henry Hub Natural Gas", "NYMEX", "XNYM", MONTHLY, 10000.0, 0.001,
                "Energy", 5500.0, 9, "ON", "ON", 0.001, 0.05, 0.25, 0.55, 0.05, "natgas",
                _ENERGY, expiry_time=time(14, 30), option_time=time(14, 30), physical=True,
                display_factor="0.001", group="NYMEX_ENERGY"),
        _serial("RB", "CL", "RBOB Gasoline", "NYMEX", "XNYM", MONTHLY, 42000.0, 0.0001,
                "Energy", 7000.0, 9, "OB", "", 0.0001, 0.01, 0.05, 0.32, -0.03,
                "end_of_previous_month", _ENERGY, expiry_time=time(14, 30),
                option_time=time(14, 30), physical=True, display_factor="0.0001",
                group="NYMEX_ENERGY", scale=0.0292),
        _serial("HO", "CL", "NY Harbor ULSD", "NYMEX", "XNYM", MONTHLY, 42000.0, 0.0001,
                "Energy", 7200.0, 9, "OH", "", 0.0001, 0.01, 0.05, 0.30, -0.03,
                "end_of_previous_month", _ENERGY, expiry_time=time(14, 30),
                option_time=time(14, 30), physical=True, display_factor="0.0001",
                group="NYMEX_ENERGY", scale=0.0331),
        # metals
        _serial("GC", "GC", "Gold", "COMEX", "XCEC", "GJMQVZ", 100.0, 0.10, "Metals", 11000.0,
                7, "OG", "OG", 0.10, 5.0, 10.0, 0.16, 0.02, "metal", _METALS,
                expiry_time=_PM, option_time=_PM, display_factor="0.1", physical=True,
                carry=0.04, group="COMEX_METALS"),
        _serial("MGC", "GC", "Micro Gold", "COMEX", "XCEC", "GJMQVZ", 10.0, 0.10, "Metals",
                1100.0, 7, "MGO", "", 0.10, 5.0, 10.0, 0.16, 0.02, "metal", _METALS,
                expiry_time=_PM, option_time=_PM, display_factor="0.1", physical=True,
                carry=0.04, group="COMEX_METALS"),
        _serial("SI", "SI", "Silver", "COMEX", "XCEC", "FHKNUZ", 5000.0, 0.005, "Metals",
                16000.0, 7, "SO", "SO", 0.001, 0.25, 0.5, 0.28, 0.03, "metal", _METALS,
                expiry_time=_PM, option_time=_PM, display_factor="0.001", physical=True,
                carry=0.04, group="COMEX_METALS"),
        # grains, meats, softs
        _serial("ZC", "ZC", "Corn", "CBOT", "XCBT", "HKNUZ", 50.0, 0.25, "Grains", 1300.0, 5,
                "OZC", "ZC", 0.125, 5.0, 10.0, 0.22, 0.04, "grain", _GRAINS,
                expiry_time=time(13, 15), option_time=time(13, 15), physical=True,
                display_factor="0.01", carry=0.02),
        _serial("ZS", "ZS", "Soybeans", "CBOT", "XCBT", "FHKNQUX", 50.0, 0.25, "Grains", 2200.0,
                7, "OZS", "ZS", 0.125, 10.0, 20.0, 0.18, 0.04, "grain", _GRAINS,
                expiry_time=time(13, 15), option_time=time(13, 15), physical=True,
                display_factor="0.01", carry=0.02),
        _serial("ZW", "ZW", "Chicago SRW Wheat", "CBOT", "XCBT", "HKNUZ", 50.0, 0.25, "Grains",
                1800.0, 5, "OZW", "ZW", 0.125, 5.0, 10.0, 0.28, 0.05, "grain", _GRAINS,
                expiry_time=time(13, 15), option_time=time(13, 15), physical=True,
                display_factor="0.01", carry=0.03),
        _serial("LE", "LE", "Live Cattle", "CME", "XCME", "GJMQVZ", 400.0, 0.025, "Livestock",
                2200.0, 6, "LE", "", 0.025, 1.0, 5.0, 0.14, 0.0, "month_end", _MEATS,
                expiry_time=time(12, 0), option_time=time(13, 5), physical=True,
                display_factor="0.001", contract_size=40000.0, group="CME_MEATS", carry=0.0),
        _serial("HE", "HE", "Lean Hogs", "CME", "XCME", "GJKMNQVZ", 400.0, 0.025, "Livestock",
                1700.0, 8, "HE", "", 0.025, 1.0, 5.0, 0.25, 0.0, "tenth_day", _MEATS,
                expiry_time=time(13, 5), option_time=time(13, 5), cash_settled=True,
                display_factor="0.001", contract_size=40000.0, group="CME_MEATS", carry=0.0),
        _serial("KC", "KC", "Coffee", "ICE", "IFUS", "HKNUZ", 375.0, 0.05, "Softs", 9000.0, 5,
                "KC", "", 0.01, 2.5, 5.0, 0.35, 0.05, "softs", _SOFTS, expiry_time=_PM,
                option_time=_PM, physical=True, display_factor="0.01"),
        _serial("SB", "SB", "Sugar No. 11", "ICE", "IFUS", "HKNV", 1120.0, 0.01, "Softs",
                1500.0, 4, "SB", "", 0.01, 0.25, 0.5, 0.30, 0.03, "end_of_previous_month",
                _SOFTS, expiry_time=_PM, option_time=_PM, physical=True,
                display_factor="0.01"),
        _serial("CC", "CC", "Cocoa", "ICE", "IFUS", "HKNUZ", 10.0, 1.0, "Softs", 12000.0, 5,
                "CC", "", 1.0, 50.0, 100.0, 0.45, 0.05, "softs", _SOFTS, expiry_time=_PM,
                option_time=_PM, physical=True, display_factor="1.0"),
        # currencies: quarterly futures, monthly options on the next quarter, Friday weeklies
        _fx("6E", "Euro FX", 125000.0, 0.00005, 2600.0, ("EUU", "EU"), 0.07, 0.005),
        _fx("M6E", "Micro Euro FX", 12500.0, 0.0001, 260.0, ("MEU", ""), 0.07, 0.005),
        _fx("6B", "British Pound", 62500.0, 0.0001, 2300.0, ("GBU", "GB"), 0.08, 0.005),
        _fx("6A", "Australian Dollar", 100000.0, 0.00005, 1700.0, ("ADU", "AD"), 0.10, 0.005),
        _fx("6C", "Canadian Dollar", 100000.0, 0.00005, 1100.0, ("CAU", "CA"), 0.06, 0.005),
        _fx("6J", "Japanese Yen", 12500000.0, 0.0000005, 3300.0, ("JPU", "JP"), 0.10,
            0.00005),
        _fx("6S", "Swiss Franc", 125000.0, 0.00005, 3800.0, ("CHU", "CH"), 0.08, 0.005),
        # rates: prices in points and 32nds of par
        _rates("ZB", "30-Year U.S. Treasury Bond", 1000.0, 1 / 32, 4400.0, ("OZB", "ZB"), 0.11,
               1.0),
        _rates("ZN", "10-Year U.S. Treasury Note", 1000.0, 1 / 64, 2200.0, ("OZN", "ZN"),
               0.065, 0.5),
        _rates("ZF", "5-Year U.S. Treasury Note", 1000.0, 1 / 128, 1500.0, ("OZF", "ZF"),
               0.045, 0.25),
        _rates("ZT", "2-Year U.S. Treasury Note", 2000.0, 1 / 256, 1000.0, ("OZT", "ZT"), 0.02,
               0.125),
        FutureProduct("DX", "DX", "U.S. Dollar Index", "ICE", "IFUS", QUARTERLY, 1000.0, 0.005,
                      "Currency", 2600.0, 4, iv_base=0.07, expiry_rule="dollar_index",
                      expiry_time=time(10, 16), display_factor="0.001"),
    )
}



def _option_roots() -> dict[str, str]:
    """Every futures-option root -> its product code, for reading symbols back."""
    out: dict[str, str] = {}
    for p in PRODUCTS.values():
        roots = {p.option_quarterly_root, p.option_monthly_root, p.option_eom_root}
        if p.option_weekly_prefix:
            roots |= {f"{p.option_weekly_prefix}{n}" for n in range(1, 6)}
        for root in roots - {""}:
            if len(root) > 3:  # root + month + year must fit the symbol's 5-wide column
                raise ValueError(f"option root {root} is too long")
            if out.setdefault(root, p.code) != p.code:
                raise ValueError(f"option root {root} listed for {out[root]} and {p.code}")
    return out


OPTION_ROOTS = _option_roots()
