"""The table ``bench_close.py`` prints, and its judgement against the targets."""

#: Targets of a batch close and an import (see README, "Large batches").
CLOSE_MS_PER_RECEIPT = 10.0
MIN_RATIO_TO_BASELINE = 10.0
#: time(10 n) / time(n) at most.
MAX_LINEARITY = 12.0
IMPORT_SECONDS_10K = 20.0
PEAK_MB_10K = 2048

LABELS = {
    "close": "batch close (post + reconcile)",
    "register": "Odoo Register Payment",
    "import": "batch import + auto-match (xlsx)",
    "import_camt": "batch import + auto-match (CAMT.054)",
}
IMPORTS = ("import", "import_camt")


def ms_per_item(result):
    return 1000 * result["seconds"] / result["n"]


def baseline_for(results, n):
    """Register Payment's result at ``n``, else the one at the nearest size."""
    baselines = [r for what, r in results if what == "register"]
    if not baselines:
        return None
    return min(baselines, key=lambda r: (abs(r["n"] - n), r["n"]))


def ratio_to_baseline(results, result):
    """(text, value or None): how many times faster per receipt than the baseline."""
    baseline = baseline_for(results, result["n"])
    if baseline is None:
        return "", None
    note = "" if baseline["n"] == result["n"] else f" (vs {baseline['n']})"
    if baseline.get("cut_off"):
        floor = 1000 * baseline["limit"] / baseline["n"] / ms_per_item(result)
        return f"> {floor:.1f}{note}", None
    value = ms_per_item(baseline) / ms_per_item(result)
    return f"{value:.1f}{note}", value


def growth(results, what, result):
    """Time at this size over time at the smallest size of the same kind."""
    same = [r for w, r in results if w == what and not r.get("cut_off")]
    smallest = min(same, key=lambda r: r["n"])
    if smallest is result or smallest["n"] == result["n"]:
        return "", None
    value = result["seconds"] / smallest["seconds"]
    return f"{value:.1f} ({result['n'] // smallest['n']}x n)", value


def print_table(results):
    header = (
        f"{'what':34} {'n':>6} {'seconds':>9} {'ms/item':>8} {'queries':>8} "
        f"{'q/item':>7} {'x faster than Register Payment':>31} "
        f"{'time vs smallest n':>19} {'peak MB':>8} {'checks':>7}"
    )
    print(header)
    print("-" * len(header))
    for what, r in results:
        label = LABELS[what]
        if r.get("cut_off"):
            print(
                f"{label:34} {r['n']:>6} {'> ' + str(int(r['limit'])):>9} "
                f"{'> ' + format(1000 * r['limit'] / r['n'], '.0f'):>8} {'':>8} {'':>7} "
                f"{'(baseline, cut off)':>31} {'':>19} {'':>8} {'-':>7}"
            )
            continue
        ratio = {
            "close": ratio_to_baseline(results, r)[0],
            "register": "(baseline)",
        }.get(what, "")
        grown = growth(results, what, r)[0]
        checks = "FAILED" if r["failed"] else "ok"
        print(
            f"{label:34} {r['n']:>6} {r['seconds']:>9.2f} {ms_per_item(r):>8.1f} "
            f"{r['queries']:>8} {r['queries'] / r['n']:>7.2f} {ratio:>31} "
            f"{grown:>19} {r['peak_mb']:>8.0f} {checks:>7}"
        )
    for what, r in results:
        if what in IMPORTS and not r.get("cut_off"):
            print(f"{LABELS[what]} {r['n']}: {r['n'] / r['seconds']:.0f} rows/s")
    print(
        "peak MB: the process's resident memory high-water mark during the "
        "measured step; each row runs in a process of its own, in one "
        "transaction rolled back at the end"
    )


def judge(results, targets=True):
    """Failed checks, and when ``targets``, the targets missed."""
    failures = []
    for what, r in results:
        for failed in r.get("failed", []):
            failures.append(f"{LABELS[what]} {r['n']}: {failed}")
    if not targets:
        return failures
    closes = [r for what, r in results if what == "close"]
    if closes:
        largest = max(closes, key=lambda r: r["n"])
        if ms_per_item(largest) > CLOSE_MS_PER_RECEIPT:
            failures.append(
                f"close {largest['n']}: {ms_per_item(largest):.1f} ms per receipt, "
                f"target {CLOSE_MS_PER_RECEIPT:.0f}"
            )
        if len(closes) > 1:
            text, value = growth(results, "close", largest)
            limit = MAX_LINEARITY * largest["n"] / min(r["n"] for r in closes) / 10
            if value is not None and value > limit:
                failures.append(
                    f"close grows faster than linear: {text}, limit {limit:.1f}"
                )
    for r in closes:
        baseline = baseline_for(results, r["n"])
        if baseline is None or baseline["n"] != r["n"] or baseline.get("cut_off"):
            continue
        _text, value = ratio_to_baseline(results, r)
        if value < MIN_RATIO_TO_BASELINE:
            failures.append(
                f"close {r['n']}: {value:.1f} times faster than Register Payment, "
                f"target {MIN_RATIO_TO_BASELINE:.0f}"
            )
    for what, r in results:
        if r.get("cut_off") or r["n"] < 10000:
            continue
        if r["peak_mb"] > PEAK_MB_10K * r["n"] / 10000:
            failures.append(
                f"{LABELS[what]} {r['n']}: peak memory {r['peak_mb']:.0f} MB"
            )
        if what == "import" and r["seconds"] > IMPORT_SECONDS_10K * r["n"] / 10000:
            failures.append(
                f"{LABELS[what]} {r['n']}: {r['seconds']:.1f} s, target "
                f"{IMPORT_SECONDS_10K * r['n'] / 10000:.0f} s"
            )
    return failures
