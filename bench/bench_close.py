"""Large batches: close and import N receipts, against Odoo's Register Payment.

Each measurement runs in a process of its own (so that its peak memory is its
own, and a baseline over its time limit can be cut off), in one transaction
that is rolled back at the end: the database is left as it was. Each one
checks its result before its figures count, so that a fast wrong answer
cannot pass: every invoice paid, every entry posted, numbered and balanced,
and the bank and receivable totals exact to the cent.

    python bench/bench_close.py --odoo <odoo source> -c <odoo.conf> -d <db> \
        --sizes 1000,10000 --baseline 1000 --baseline-limit 900

It prints one table and exits with status 1 when a check failed or a target
was missed (``--no-targets`` reports without judging).
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--odoo", required=True, help="Odoo 19 source folder")
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--sizes",
        default="1000,10000",
        help="batch sizes to close and import, comma-separated",
    )
    parser.add_argument(
        "--baseline",
        default="1000",
        help="sizes for Odoo's Register Payment, comma-separated ('' for none)",
    )
    parser.add_argument(
        "--baseline-limit",
        type=float,
        default=900,
        help="seconds after which a Register Payment run is cut off",
    )
    parser.add_argument(
        "--no-import", action="store_true", help="do not measure the import"
    )
    parser.add_argument(
        "--no-targets",
        action="store_true",
        help="print the figures without judging them against the targets",
    )
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="keep the planner statistics stale (invoices created in the same transaction)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def sizes_of(text):
    return [int(size) for size in text.split(",") if size.strip()]


def run_child(args, what, size, limit=None):
    """Run one measurement in its own process; its result, or None if cut off."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--odoo",
        args.odoo,
        "-c",
        args.config,
        "-d",
        args.database,
        "--child",
        what,
        "--n",
        str(size),
    ]
    if args.no_analyze:
        command.append("--no-analyze")
    print(f"[bench] {what} {size} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=limit, check=False
        )
    except subprocess.TimeoutExpired:
        return {"cut_off": True, "limit": limit, "n": size}
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"[bench] {what} {size} failed (exit {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - start
    return result


def main():
    args = parse_args()
    if args.child:
        from bench_children import run

        print(json.dumps(run(args)))
        return 0
    sizes = sizes_of(args.sizes)
    results = []
    for size in sizes:
        results.append(("close", run_child(args, "close", size)))
    for size in sizes_of(args.baseline):
        results.append(
            ("register", run_child(args, "register", size, limit=args.baseline_limit))
        )
    if not args.no_import:
        for size in sizes:
            results.append(("import", run_child(args, "import", size)))
        for size in sizes:
            results.append(("import_camt", run_child(args, "import_camt", size)))
    from bench_table import judge, print_table

    print_table(results)
    failures = judge(results, targets=not args.no_targets)
    for failure in failures:
        print(f"FAILED: {failure}")
    if not failures:
        print("all checks passed" + ("" if args.no_targets else ", all targets met"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
