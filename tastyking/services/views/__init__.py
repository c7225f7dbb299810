"""The everyday read-only views: account history, orders, transactions, margin,
watchlists, expirations and symbol search. Nothing here changes anything at the broker."""
