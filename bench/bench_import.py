"""Import receipts from .xlsx files of N rows into a batch; print rows per second.

For each size, N customers each get a posted invoice of 100.00, and an .xlsx
of N rows (one cheque per invoice, naming the payer and the invoice number)
is built. It prints, per size: the parse alone (rows/s and the peak memory
tracemalloc sees while parsing), and the whole import (parse, look-ups,
duplicate check, create and bulk auto-match: rows/s, SQL queries), and how
many receipts were matched with their invoice. Everything happens in one
transaction that is rolled back at the end, so the database is left as it was.

    python bench/bench_import.py --odoo <odoo source> -c <odoo.conf> -d <db> \
        --rows 1000,10000

e.g. from the repository, on a database where the addon is installed:

    .venv/bin/python bench/bench_import.py --odoo ~/.cache/odoo-src/19.0 \
        -c .build/odoo.conf -d apb_bench
"""

import argparse
import io
import resource
import time
import tracemalloc
from datetime import date

from benchlib import Clock, analyze, make_invoices, open_batch, rolled_back_env


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--odoo", required=True, help="Odoo 19 source folder")
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--rows", default="1000,10000", help="file sizes in rows, comma-separated"
    )
    return parser.parse_args()


def build_xlsx(invoices, method_name):
    """An import file of one row per invoice, written in streaming mode."""
    from openpyxl import Workbook

    from odoo.addons.account_payment_batch.batch_core.template import (
        template_headers,
    )

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Receipts")
    sheet.append(template_headers())
    for n, invoice in enumerate(invoices):
        sheet.append(
            [
                date(2026, 3, 15),
                method_name,
                f"CHQ-{n:06d}",
                100.0,
                "Bench receipt",
                invoice.partner_id.name,
                None,
                None,
                invoice.name,
                None,
                "Standard",
                None,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bench_size(env, journal, size):
    from odoo.addons.account_payment_batch.batch_core.spreadsheet import parse_file

    invoices = make_invoices(env, size, f"bench{size}")
    analyze(env.cr)
    batch = open_batch(env, journal, size, f"Bench import {size}")
    content = build_xlsx(invoices, batch._import_payment_methods()[:1].name)

    start = time.perf_counter()
    parsed = parse_file(content, "bench.xlsx")
    parse_seconds = time.perf_counter() - start
    assert len(parsed.rows) == size, parsed.errors[:3]
    del parsed
    # Memory is measured on a second parse: tracemalloc slows Python down.
    tracemalloc.start()
    parse_file(content, "bench.xlsx")
    _current, parse_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    with Clock(env.cr) as clock:
        result = batch._import_receipts(content, "bench.xlsx", date_order="DMY")
    assert result["imported_count"] == size, result["errors"][:3]
    matched = len(result["payments"].filtered("allocation_ids"))
    return {
        "size": size,
        "file_kb": len(content) / 1024,
        "parse_seconds": parse_seconds,
        "parse_peak_mb": parse_peak / 1024 / 1024,
        "import_seconds": clock.seconds,
        "queries": clock.queries,
        "matched": matched,
    }


def main():
    args = parse_args()
    sizes = [int(size) for size in args.rows.split(",")]
    with rolled_back_env(args.odoo, args.config, args.database) as (env, journal):
        results = [bench_size(env, journal, size) for size in sizes]

    print("planner statistics: fresh (ANALYZE before each run)")
    print(
        f"{'rows':>6} {'file KB':>8} {'parse s':>8} {'parse rows/s':>13} "
        f"{'parse peak MB':>14} {'import s':>9} {'import rows/s':>14} "
        f"{'queries':>8} {'matched':>8}"
    )
    for r in results:
        print(
            f"{r['size']:>6} {r['file_kb']:>8.0f} {r['parse_seconds']:>8.2f} "
            f"{r['size'] / r['parse_seconds']:>13.0f} {r['parse_peak_mb']:>14.1f} "
            f"{r['import_seconds']:>9.2f} {r['size'] / r['import_seconds']:>14.0f} "
            f"{r['queries']:>8} {r['matched']:>8}"
        )
    print(
        "import = parse + look-ups + duplicate check + create + bulk auto-match; "
        "the parse peak is tracemalloc's, while parsing only"
    )
    print(
        f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
