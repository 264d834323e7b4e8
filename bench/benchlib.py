"""What the benchmarks share: timing, test data, planner statistics."""

import sys
import time
from contextlib import contextmanager

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


#: Invoices created per call: between two calls the planner statistics are
#: refreshed, else Odoo's look-up of the payments reconciled with new invoices
#: is planned for empty tables and grows with the square of the invoices.
INVOICE_CHUNK = 1000


def make_invoices(env, count, tag):
    """``count`` posted invoices of 100.00, one per new customer."""
    partners = env["res.partner"].create(
        [{"name": f"Bench {tag} customer {n}"} for n in range(count)]
    )
    invoices = env["account.move"]
    for start in range(0, count, INVOICE_CHUNK):
        invoices |= _make_invoices(env, partners[start : start + INVOICE_CHUNK])
        analyze(env.cr)
    return invoices


def _make_invoices(env, partners):
    from odoo import Command

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


@contextmanager
def rolled_back_env(odoo_source, config_file, database):
    """A superuser environment on ``database`` whose transaction is rolled back.

    :return: (env, the company's first bank journal)
    """
    sys.path.insert(0, odoo_source)
    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", config_file, "-d", database, "--log-level=warn"])
    with Registry(database).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        journal = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
        )
        try:
            yield env, journal
        finally:
            cr.rollback()


def open_batch(env, journal, size, name):
    """An open batch of one line whose cover sheet says ``size`` cheques of 100.00."""
    from odoo import Command

    batch_type = env["account.payment.batch.type"].create(
        {
            "name": name,
            "journal_id": journal.id,
            "line_type_ids": [Command.create({"name": "Cheques"})],
        }
    )
    batch = env["account.payment.batch"].create({"batch_type_id": batch_type.id})
    batch.line_ids.recorded_payment_count = size
    batch.line_ids.recorded_payment_amount = 100.0 * size
    batch.action_open()
    return batch


def enter_receipts(env, journal, batch, invoices):
    """One cheque of 100.00 per invoice into ``batch``, matched by invoice number."""
    return env["account.payment"].create(
        [
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": invoice.partner_id.id,
                "amount": 100.0,
                "journal_id": journal.id,
                "batch_id": batch.id,
                "batch_line_id": batch.line_ids.id,
                "memo": f"CHQ {n}",
                "batch_invoice_number": invoice.name,
            }
            for n, invoice in enumerate(invoices)
        ]
    )
