"""The trading framework's account status and phase (`account --framework`, searched-data).

    phases   the phase from net liq in pounds, its tickers, the GBP rate (/6B or config)
    groups   positions -> the core's array (one entry per strategy group) and its text
    money    month-to-date P/L from net-liq history less deposits and withdrawals
    status   the account status document, fetched concurrently
    manual   values a person types when the API fails (validated, marked manual)
"""
