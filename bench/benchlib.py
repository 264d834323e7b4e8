"""What the benchmarks share: timing, test data, planner statistics."""

import time

#: When False, planner statistics are left stale (see ``analyze``).
ANALYZE = {"enabled": True}


class Clock:
    """Wall time and SQL queries of a block."""

    def __init__(self, cr):
        self.cr = cr

    def __enter__(self):
        self.cr.flush()
        self.queries = self.cr.sql_log_count
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.cr.flush()
        self.seconds = time.perf_counter() - self.start
        self.queries = self.cr.sql_log_count - self.queries


def make_invoices(env, count, tag):
    """``count`` posted invoices of 100.00, one per new customer."""
    from odoo import Command

    partners = env["res.partner"].create(
        [{"name": f"Bench {tag} customer {n}"} for n in range(count)]
    )
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": "2026-01-15",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Service",
                            "quantity": 1,
                            "price_unit": 100.0,
                            "tax_ids": [],
                        }
                    )
                ],
            }
            for partner in partners
        ]
    )
    invoices.action_post()
    return invoices


def analyze(cr):
    """Fresh planner statistics, so that plans are not chosen on empty tables."""
    if not ANALYZE["enabled"]:
        return
    for table in (
        "account_move",
        "account_move_line",
        "account_partial_reconcile",
        "account_payment",
        "account_payment_allocation",
        "res_partner",
    ):
        cr.execute(f"ANALYZE {table}")  # noqa: S608 - fixed table names
