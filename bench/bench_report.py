"""Render the batch report (PDF and XLSX) of a batch of N receipts.

N customers each get a posted invoice of 100.00 and a receipt of the batch
matched with it. It prints the time to gather the report's figures, to render
its HTML, its PDF (wkhtmltopdf) and its XLSX, and, in the same run, Odoo's own
payment receipt PDF for M of the same receipts (one by one), per receipt,
side by side.
Everything happens in one transaction that is rolled back at the end.

    python bench/bench_report.py --odoo <odoo source> -c <odoo.conf> -d <db> \
        --receipts 1000 --odoo-receipts 20

e.g. from the repository, on a database where the addon is installed
(``make bench`` creates apb_bench):

    .venv/bin/python bench/bench_report.py --odoo ~/.cache/odoo-src/19.0 \
        -c .build/odoo.conf -d apb_bench
"""

import argparse
import resource

from benchlib import (
    Clock,
    analyze,
    enter_receipts,
    make_invoices,
    open_batch,
    rolled_back_env,
)

BATCH_REPORT = "account_payment_batch.action_report_payment_batch"
ODOO_RECEIPT = "account.action_report_payment_receipt"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--odoo", required=True, help="Odoo 19 source folder")
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--receipts", type=int, default=1000, help="batch size")
    parser.add_argument(
        "--odoo-receipts",
        type=int,
        default=20,
        help="receipts printed with Odoo's own payment receipt report",
    )
    return parser.parse_args()


def make_batch(env, journal, size):
    invoices = make_invoices(env, size, f"report{size}")
    analyze(env.cr)
    batch = open_batch(env, journal, size, f"Report bench {size}")
    enter_receipts(env, journal, batch, invoices)
    env.invalidate_all()
    return batch


def main():
    args = parse_args()
    with rolled_back_env(args.odoo, args.config, args.database) as (env, journal):
        batch = make_batch(env, journal, args.receipts)
        reports = env["ir.actions.report"].with_context(force_report_rendering=True)
        rows = []
        with Clock(env.cr) as clock:
            values = batch._report_values()
        rows.append(("batch report: figures", args.receipts, clock))
        env.invalidate_all()
        with Clock(env.cr) as clock:
            html, _kind = reports._render_qweb_html(BATCH_REPORT, batch.ids)
        rows.append(("batch report: HTML", args.receipts, clock))
        env.invalidate_all()
        with Clock(env.cr) as clock:
            pdf, _kind = reports._render_qweb_pdf(BATCH_REPORT, batch.ids)
        rows.append(("batch report: PDF (HTML + wkhtmltopdf)", args.receipts, clock))
        env.invalidate_all()
        with Clock(env.cr) as clock:
            xlsx = batch._report_xlsx()
        rows.append(("batch report: XLSX", args.receipts, clock))
        payments = batch.payment_ids[: args.odoo_receipts]
        env.invalidate_all()
        receipts_pdf = b""
        with Clock(env.cr) as clock:
            # One document per call: wkhtmltopdf with unpatched Qt (Debian's)
            # cannot print several of Odoo's documents at once.
            for payment in payments:
                receipts_pdf += reports._render_qweb_pdf(ODOO_RECEIPT, payment.ids)[0]
        rows.append(("Odoo payment receipt PDF, one by one", len(payments), clock))

    print(
        f"receipts in the report: {len(values['receipts'])}; HTML {len(html) // 1024} KB, "
        f"PDF {len(pdf) // 1024} KB, XLSX {len(xlsx) // 1024} KB, "
        f"Odoo receipts PDF {len(receipts_pdf) // 1024} KB"
    )
    print(f"{'what':42} {'n':>6} {'seconds':>9} {'ms/item':>8} {'queries':>8}")
    for what, n, clock in rows:
        print(
            f"{what:42} {n:>6} {clock.seconds:>9.2f} "
            f"{1000 * clock.seconds / n:>8.2f} {clock.queries:>8}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
