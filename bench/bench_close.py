"""Close a batch of N receipts, and pay M invoices with Odoo's Register Payment.

Prints the figures side by side. Everything happens in one transaction that
is rolled back at the end, so the database is left as it was.

    python bench/bench_close.py --odoo <odoo source> -c <odoo.conf> -d <db> \
        --receipts 250,1000 --register 200
"""

import argparse
import resource

import benchlib
from benchlib import (
    Clock,
    analyze,
    enter_receipts,
    make_invoices,
    open_batch,
    rolled_back_env,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--odoo", required=True, help="Odoo 19 source folder")
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--receipts", default="250,1000", help="batch sizes, comma-separated"
    )
    parser.add_argument(
        "--register", type=int, default=200, help="invoices for Register Payment"
    )
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="keep the planner statistics stale (invoices created in the same transaction)",
    )
    return parser.parse_args()


def bench_batch(env, journal, size):
    invoices = make_invoices(env, size, f"batch{size}")
    analyze(env.cr)
    batch = open_batch(env, journal, size, f"Bench {size}")
    with Clock(env.cr) as entry:
        enter_receipts(env, journal, batch, invoices)
    with Clock(env.cr) as close:
        batch.action_close()
    invoices.invalidate_recordset(["payment_state"])
    paid = len(invoices.filtered(lambda m: m.payment_state in ("paid", "in_payment")))
    return entry, close, paid


def bench_register(env, journal, count):
    invoices = make_invoices(env, count, "register")
    analyze(env.cr)
    with Clock(env.cr) as clock:
        wizard = (
            env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"journal_id": journal.id, "group_payment": False})
        )
        wizard._create_payments()
    invoices.invalidate_recordset(["payment_state"])
    paid = len(invoices.filtered(lambda m: m.payment_state in ("paid", "in_payment")))
    return clock, paid


def main():
    args = parse_args()
    benchlib.ANALYZE["enabled"] = not args.no_analyze
    sizes = [int(size) for size in args.receipts.split(",")]
    with rolled_back_env(args.odoo, args.config, args.database) as (env, journal):
        rows = []
        for size in sizes:
            entry, close, paid = bench_batch(env, journal, size)
            rows.append(
                (
                    f"batch: enter + auto-match {size}",
                    size,
                    entry.seconds,
                    entry.queries,
                    paid,
                )
            )
            rows.append(
                (
                    f"batch: close (post + reconcile) {size}",
                    size,
                    close.seconds,
                    close.queries,
                    paid,
                )
            )
        register, paid = bench_register(env, journal, args.register)
        rows.append(
            (
                f"Odoo Register Payment {args.register}",
                args.register,
                register.seconds,
                register.queries,
                paid,
            )
        )

    if benchlib.ANALYZE["enabled"]:
        print("planner statistics: fresh (ANALYZE before each run)")
    else:
        print(
            "planner statistics: stale (invoices created in this transaction, no ANALYZE)"
        )
    print(
        f"{'what':42} {'n':>6} {'seconds':>9} {'ms/item':>8} {'queries':>8} {'q/item':>7} {'paid':>6}"
    )
    for what, n, seconds, queries, paid in rows:
        print(
            f"{what:42} {n:>6} {seconds:>9.2f} {1000 * seconds / n:>8.1f} "
            f"{queries:>8} {queries / n:>7.1f} {paid:>6}"
        )
    print(
        f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
