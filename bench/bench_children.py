"""One measurement of ``bench_close.py``, run in a process of its own.

``run(args)`` returns a dict: what was measured, n, seconds, queries, the
peak memory of the measured step, and the list of checks that failed.
"""

import benchlib
from benchlib import (
    Clock,
    analyze,
    enter_receipts,
    make_invoices,
    open_batch,
    rolled_back_env,
)


def reset_peak_memory():
    """Start a new high-water mark of this process's resident memory (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def peak_memory_mb():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run(args):
    benchlib.ANALYZE["enabled"] = not args.no_analyze
    measure = {
        "close": bench_close,
        "register": bench_register,
        "import": bench_import,
        "import_camt": bench_import_camt,
    }
    with rolled_back_env(args.odoo, args.config, args.database) as (env, journal):
        result = measure[args.child](env, journal, args.n)
    result.update(what=args.child, n=args.n)
    return result


def measured(env, step):
    """Run ``step()``; its clock, its peak memory and what it returned."""
    env.invalidate_all()
    peak_reset = reset_peak_memory()
    with Clock(env.cr) as clock:
        value = step()
    return {
        "seconds": clock.seconds,
        "queries": clock.queries,
        "peak_mb": peak_memory_mb(),
        "peak_of_step": peak_reset,
    }, value


def bench_close(env, journal, size):
    invoices = make_invoices(env, size, f"close{size}")
    batch = open_batch(env, journal, size, f"Bench close {size}")
    enter_receipts(env, journal, batch, invoices)
    analyze(env.cr)
    result, _value = measured(env, batch.action_close)
    result["failed"] = check_close(env, batch, invoices, size)
    return result


def bench_register(env, journal, size):
    invoices = make_invoices(env, size, f"register{size}")
    analyze(env.cr)

    def register():
        wizard = (
            env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"journal_id": journal.id, "group_payment": False})
        )
        return wizard._create_payments()

    result, payments = measured(env, register)
    result["failed"] = check_paid(env, invoices) + check_entries(
        env, payments.move_id, size
    )
    return result


def bench_import(env, journal, size):
    from bench_import import build_xlsx

    invoices = make_invoices(env, size, f"import{size}")
    batch = open_batch(env, journal, size, f"Bench import {size}")
    content = build_xlsx(invoices, batch._import_payment_methods()[:1].name)
    return measured_import(env, batch, size, content, "bench.xlsx")


def bench_import_camt(env, journal, size):
    """A CAMT.054 notification of one entry per invoice, its number in the remittance."""
    from odoo.addons.account_payment_batch.batch_core.tests.bank_file_samples import (
        camt054,
    )

    iban = "DE89370400440532013000"
    journal.bank_account_id = env["res.partner.bank"].create(
        {"acc_number": iban, "partner_id": env.company.partner_id.id}
    )
    invoices = make_invoices(env, size, f"camt{size}")
    batch = open_batch(env, journal, size, f"Bench CAMT.054 {size}")
    entries = [
        {
            "booking_date": "2026-03-16",
            "details": [
                {
                    "amount": "100.00",
                    "payer": invoice.partner_id.name,
                    "end_to_end": f"E2E-{invoice.id}",
                    "invoices": [invoice.name],
                }
            ],
        }
        for invoice in invoices
    ]
    content = camt054(8, entries, iban=iban, currency=batch.currency_id.name)
    return measured_import(env, batch, size, content, "bench.xml")


def measured_import(env, batch, size, content, filename):
    """Import ``content``; every row must become a receipt matched to its invoice."""
    analyze(env.cr)
    result, imported = measured(
        env, lambda: batch._import_receipts(content, filename, date_order="DMY")
    )
    failed = []
    if imported["imported_count"] != size:
        failed.append(
            f"{imported['imported_count']} of {size} rows imported: {imported['errors'][:3]}"
        )
    allocations = batch.payment_ids.allocation_ids
    wrong = [
        a.payment_id.memo
        for a in allocations
        if a.move_id.name != a.payment_id.batch_invoice_number
        or a.move_id.currency_id.compare_amounts(a.amount, 100.0)
    ]
    if len(allocations) != size or wrong:
        failed.append(
            f"{len(allocations)} of {size} receipts matched to their invoice; "
            f"wrong: {wrong[:3]}"
        )
    result["failed"] = failed
    return result


def check_paid(env, invoices):
    invoices.invalidate_recordset()
    currency = invoices.currency_id
    unpaid = invoices.filtered(
        lambda m: (
            m.payment_state not in ("paid", "in_payment")
            or not currency.is_zero(m.amount_residual)
        )
    )
    if unpaid:
        return [f"{len(unpaid)} invoices not paid, e.g. {unpaid[0].name}"]
    return []


def check_entries(env, moves, size):
    """Posted, numbered once each, balanced, and the receipts' total in the bank."""
    failed = []
    moves.invalidate_recordset()
    posted = moves.filtered(
        lambda m: m.state == "posted" and m.name not in ("/", False)
    )
    if len(moves) != size or len(posted) != size:
        failed.append(f"{len(posted)} posted, numbered entries of {size} receipts")
    if len(set(moves.mapped("name"))) != len(moves):
        failed.append("two entries share a number")
    env.cr.execute(
        """
        SELECT COUNT(*) FROM (
            SELECT move_id FROM account_move_line WHERE move_id = ANY(%s)
             GROUP BY move_id HAVING ROUND(SUM(balance), 2) <> 0
        ) AS unbalanced
        """,
        [moves.ids],
    )
    unbalanced = env.cr.fetchone()[0]
    if unbalanced:
        failed.append(f"{unbalanced} entries do not balance")
    env.cr.execute(
        """
        SELECT COALESCE(ROUND(SUM(line.balance), 2), 0)
          FROM account_move_line line
          JOIN account_payment payment ON payment.move_id = line.move_id
         WHERE line.move_id = ANY(%s)
           AND line.account_id = payment.outstanding_account_id
        """,
        [moves.ids],
    )
    banked = float(env.cr.fetchone()[0])
    if moves.company_currency_id.compare_amounts(banked, 100.0 * size):
        failed.append(f"bank side {banked:.2f}, expected {100.0 * size:.2f}")
    return failed


def check_close(env, batch, invoices, size):
    failed = []
    batch.invalidate_recordset()
    if batch.state != "closed":
        failed.append(f"batch {batch.name} is {batch.state}, not closed")
    payments = batch.payment_ids
    failed += check_paid(env, invoices)
    failed += check_entries(env, payments.move_id, size)
    env.cr.execute(
        """
        SELECT COUNT(*), COALESCE(ROUND(SUM(part.amount), 2), 0)
          FROM account_partial_reconcile part
          JOIN account_move_line debit ON debit.id = part.debit_move_id
          JOIN account_move_line credit ON credit.id = part.credit_move_id
         WHERE debit.move_id = ANY(%s) AND credit.move_id = ANY(%s)
        """,
        [invoices.ids, payments.move_id.ids],
    )
    count, amount = env.cr.fetchone()
    if count != size or invoices.currency_id.compare_amounts(
        float(amount), 100.0 * size
    ):
        failed.append(
            f"{count} reconciliations of {float(amount):.2f}, "
            f"expected {size} of {100.0 * size:.2f}"
        )
    env.cr.execute(
        """
        SELECT COALESCE(ROUND(SUM(line.balance), 2), 0)
          FROM account_move_line line
          JOIN account_account account ON account.id = line.account_id
         WHERE line.move_id = ANY(%s) AND account.account_type = 'asset_receivable'
        """,
        [invoices.ids + payments.move_id.ids],
    )
    receivable = float(env.cr.fetchone()[0])
    if invoices.currency_id.compare_amounts(receivable, 0.0):
        failed.append(f"receivable left {receivable:.2f}, expected 0.00")
    return failed
