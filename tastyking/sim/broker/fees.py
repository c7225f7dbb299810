"""tastytrade-style fees for dry-run orders, in the 2025 `fee-calculation` shape.

Equity options: $1.00 per contract to open (capped at $10 per leg), $0 to close;
futures options $2.50 and futures $1.25 per contract each way; clearing $0.10 per
option contract ($0.30 for futures products); small regulatory fees (ORF, SEC and
TAF on sells, NFA and exchange fees on futures); SPX's proprietary index fee.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tastyking.sim import wire


@dataclass(frozen=True)
class FeeLeg:
    instrument_type: str
    quantity: float  # unsigned
    opening: bool
    selling: bool
    notional: float  # price * quantity * multiplier, for SEC fees
    index_option: bool = False


def _money(x: float) -> str:
    return wire.dec(round(x, 5), 5) or "0.0"


def _effect(x: float) -> str:
    return "Debit" if x > 0 else "None"


def compute(legs: list[FeeLeg]) -> dict[str, float]:
    f = {k: 0.0 for k in ("commission", "clearing", "exchange", "nfa", "orf", "sec", "taf",
                          "proprietary")}
    for leg in legs:
        q = leg.quantity
        if leg.instrument_type == "Equity Option":
            f["commission"] += min(1.0 * q, 10.0) if leg.opening else 0.0
            f["clearing"] += 0.10 * q
            f["orf"] += 0.02295 * q
            f["proprietary"] += 0.65 * q if leg.index_option else 0.0
            f["taf"] += min(0.00279 * q, 8.30) if leg.selling else 0.0
        elif leg.instrument_type == "Future Option":
            f["commission"] += 2.50 * q
            f["clearing"] += 0.30 * q
            f["nfa"] += 0.02 * q
            f["exchange"] += 0.55 * q
        elif leg.instrument_type == "Future":
            f["commission"] += 1.25 * q
            f["clearing"] += 0.30 * q
            f["nfa"] += 0.02 * q
            f["exchange"] += 1.20 * q
        else:
            f["clearing"] += 0.0008 * q
            f["taf"] += min(0.000166 * q, 8.30) if leg.selling else 0.0
        if leg.selling and leg.instrument_type in ("Equity", "Equity Option"):
            f["sec"] += 0.0000278 * leg.notional
    return f


def fee_json(f: dict[str, float]) -> tuple[dict[str, Any], float]:
    regulatory = f["exchange"] + f["nfa"] + f["orf"] + f["sec"] + f["taf"]
    total = regulatory + f["clearing"] + f["commission"] + f["proprietary"]

    def item(name: str, value: float) -> dict[str, str]:
        return {"name": name, "value": _money(value), "effect": _effect(value)}

    body = {
        "regulatory-fees": _money(regulatory), "regulatory-fees-effect": _effect(regulatory),
        "regulatory-fees-breakdown": [item(n, f[n]) for n in ("exchange", "nfa", "orf", "sec",
                                                              "taf")],
        "clearing-fees": _money(f["clearing"]), "clearing-fees-effect": _effect(f["clearing"]),
        "clearing-fees-breakdown": [item("clearing", f["clearing"])],
        "commission": _money(f["commission"]), "commission-effect": _effect(f["commission"]),
        "commission-breakdown": [item("brokerage", f["commission"])],
        "proprietary-index-option-fees": _money(f["proprietary"]),
        "proprietary-index-option-fees-effect": _effect(f["proprietary"]),
        "proprietary-fees-breakdown": [item("proprietary", f["proprietary"])],
        "total-fees": _money(total), "total-fees-effect": _effect(total),
        "rebates": "0.0", "rebates-effect": "None",
        "rebates-breakdown": [{"name": "rebate", "value": "0.0", "effect": "None"}],
        "per-quantity": False,
    }
    return body, total
