"""The event fields the simulator's feed knows, from the dxLink specification.

Taken from the event schemas of dxFeed's dxLink AsyncAPI document (`QuoteEvent`,
`TradeEvent`, `GreeksEvent`, `CandleEvent`, ...), in the order the specification lists
their properties, with `eventSymbol` and `eventTime` first. The client keeps its own
lists; the two meet only on the wire, so a field one side misspells shows up as a field
the other side drops from FEED_CONFIG. Note the specification's spelling `VWAP` on Candle.

`eventType` is accepted in every list (FEED_SETUP may ask for it) but is not a default.
"""

from __future__ import annotations

_HEAD = ("eventSymbol", "eventTime")
_INDEXED = ("eventFlags", "index", "time", "sequence")
_TRADE = (
    "time", "timeNanoPart", "sequence", "exchangeCode", "price", "change", "size", "dayId",
    "dayVolume", "dayTurnover", "tickDirection", "extendedTradingHours",
)

SPEC_FIELDS: dict[str, tuple[str, ...]] = {
    "Quote": (*_HEAD, "sequence", "timeNanoPart", "bidTime", "bidExchangeCode", "bidPrice",
              "bidSize", "askTime", "askExchangeCode", "askPrice", "askSize"),
    "Profile": (*_HEAD, "description", "shortSaleRestriction", "tradingStatus", "statusReason",
                "haltStartTime", "haltEndTime", "highLimitPrice", "lowLimitPrice",
                "high52WeekPrice", "low52WeekPrice", "beta", "earningsPerShare",
                "dividendFrequency", "exDividendAmount", "exDividendDayId", "shares",
                "freeFloat"),
    "Greeks": (*_HEAD, *_INDEXED, "price", "volatility", "delta", "gamma", "theta", "rho",
               "vega"),
    "Summary": (*_HEAD, "dayId", "dayOpenPrice", "dayHighPrice", "dayLowPrice", "dayClosePrice",
                "dayClosePriceType", "prevDayId", "prevDayClosePrice", "prevDayClosePriceType",
                "prevDayVolume", "openInterest"),
    "Candle": (*_HEAD, *_INDEXED, "count", "open", "high", "low", "close", "volume", "VWAP",
               "bidVolume", "askVolume", "impVolatility", "openInterest"),
    "TheoPrice": (*_HEAD, *_INDEXED, "price", "underlyingPrice", "delta", "gamma", "dividend",
                  "interest"),
    "Underlying": (*_HEAD, *_INDEXED, "volatility", "frontVolatility", "backVolatility",
                   "callVolume", "putVolume", "putCallRatio"),
    "Trade": (*_HEAD, *_TRADE),
    "TradeETH": (*_HEAD, *_TRADE),
    "TimeAndSale": (*_HEAD, "eventFlags", "index", "time", "timeNanoPart", "sequence",
                    "exchangeCode", "price", "size", "bidPrice", "askPrice",
                    "exchangeSaleConditions", "tradeThroughExempt", "aggressorSide", "spreadLeg",
                    "extendedTradingHours", "validTick", "type", "buyer", "seller"),
}

# What FEED_SETUP may ask for: the specification's fields plus eventType.
KNOWN_FIELDS: dict[str, frozenset[str]] = {
    t: frozenset(("eventType", *fields)) for t, fields in SPEC_FIELDS.items()
}
