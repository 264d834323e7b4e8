"""Plain-Python core of account_payment_batch.

Nothing in this package imports ``odoo``: the models hand it plain values
(dicts, tuples, numbers) and get plain results back, so the rules can be
tested in milliseconds and reused by imports, manual entry and benchmarks.
"""
