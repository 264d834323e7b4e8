#!/usr/bin/env python3
"""Summarize Odoo test-run logs into one ``N passed, N failed`` line.

Usage::

    summarize_test_log.py [--module NAME] [--lint-failed N]
                          [--unittest LABEL LOGFILE EXIT_STATUS ...]
                          --run LABEL LOGFILE EXIT_STATUS [--run ...]

``--unittest`` runs are plain ``python -m unittest -v`` outputs ("Ran N tests",
"OK" / "FAILED (failures=F, errors=E)"); ``--run`` runs are Odoo logs.

For every run (one Odoo process, one database) the log is read for:

* ``odoo.tests.result: F failed, E error(s) of N tests when loading database``
  (the number of tests run),
* ``odoo.tests.stats: <module>: N tests ...`` lines (summed per run; used only
  when the result line is missing, since Odoo 19 counts every class's
  setUpClass and tearDownClass there as tests too),
* ``skipped <test> : <reason>`` lines,
* log records at level ERROR or CRITICAL.

Failures are the failed and errored tests, plus one for each infrastructural
problem of a run: no test executed, a non-zero exit status or an ERROR line
not explained by a failing test, a CRITICAL line, a browser test that was
skipped (no websocket-client, no Chrome...), or a missing log.

Pure standard library; the functions are importable for unit testing.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Iterable

ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
RECORD_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ "
    r"(?P<level>[A-Z?]+) (?P<db>\S+) (?P<logger>[\w.\-]+): (?P<msg>.*)$"
)
STATS_RE = re.compile(r"^(?P<module>[\w.]+): (?P<tests>\d+) tests? ")
RESULT_RE = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<tests>\d+) tests "
    r"when loading database"
)
SKIP_RE = re.compile(r"^skipped (?P<test>.*?) : (?P<reason>.*)$")
BROWSER_SKIP_RE = re.compile(
    r"websocket|chrome|chromium|browser|devtools|screencast", re.IGNORECASE
)
BROWSER_WARNING_RE = re.compile(
    r"websocket-client module is not installed|Chrome executable not found"
    r"|Chrome not found|chromium not found",
    re.IGNORECASE,
)


@dataclasses.dataclass
class RunSummary:
    label: str
    exit_status: int | None = None
    stats_tests: int = 0
    stats_lines: int = 0
    result_tests: int | None = None
    failed: int = 0
    errors: int = 0
    skipped: list[str] = dataclasses.field(default_factory=list)
    browser_skipped: list[str] = dataclasses.field(default_factory=list)
    browser_warnings: list[str] = dataclasses.field(default_factory=list)
    error_lines: list[str] = dataclasses.field(default_factory=list)
    critical_lines: list[str] = dataclasses.field(default_factory=list)
    infra: list[str] = dataclasses.field(default_factory=list)
    log_missing: bool = False

    @property
    def tests(self) -> int:
        # The result line counts test methods. The stats lines also count each
        # class's setUpClass/tearDownClass, so they serve only as a fallback.
        if self.result_tests is not None:
            return self.result_tests
        return self.stats_tests

    @property
    def test_failures(self) -> int:
        return self.failed + self.errors

    @property
    def passed(self) -> int:
        return max(0, self.tests - self.test_failures - len(self.skipped))

    @property
    def failures(self) -> int:
        return self.test_failures + len(self.infra)


def parse_lines(
    lines: Iterable[str], label: str = "run", module: str | None = None
) -> RunSummary:
    """Collect the counters of one Odoo run from its log lines."""
    run = RunSummary(label=label)
    for raw in lines:
        line = ANSI_RE.sub("", raw.rstrip("\n"))
        match = RECORD_RE.match(line)
        if not match:
            continue
        level, logger, msg = match["level"], match["logger"], match["msg"]
        if logger == "odoo.tests.stats":
            stats = STATS_RE.match(msg)
            if stats and (module is None or stats["module"] == module):
                run.stats_tests += int(stats["tests"])
                run.stats_lines += 1
        elif logger == "odoo.tests.result":
            result = RESULT_RE.search(msg)
            if result:
                # One line per database; keep the last one seen.
                run.result_tests = int(result["tests"])
                run.failed = int(result["failed"])
                run.errors = int(result["errors"])
                continue
        skip = SKIP_RE.match(msg)
        if skip:
            run.skipped.append(skip["test"])
            if BROWSER_SKIP_RE.search(skip["reason"]):
                run.browser_skipped.append(f"{skip['test']}: {skip['reason']}")
        elif BROWSER_WARNING_RE.search(msg) and level in ("WARNING", "ERROR"):
            run.browser_warnings.append(msg)
        if level == "CRITICAL":
            run.critical_lines.append(line)
        elif level == "ERROR":
            # The result line itself is at ERROR level when tests failed.
            if not (logger == "odoo.tests.result" and RESULT_RE.search(msg)):
                run.error_lines.append(line)
    return run


UNITTEST_RAN_RE = re.compile(r"^Ran (?P<tests>\d+) tests? in ")
UNITTEST_END_RE = re.compile(r"^(?P<status>OK|FAILED)(?: \((?P<details>.*)\))?\s*$")


def parse_unittest_lines(lines: Iterable[str], label: str = "unittest") -> RunSummary:
    """Collect the counters of a plain ``python -m unittest -v`` run."""
    run = RunSummary(label=label)
    seen_end = False
    for raw in lines:
        line = ANSI_RE.sub("", raw.rstrip("\n"))
        ran = UNITTEST_RAN_RE.match(line)
        if ran:
            run.result_tests = int(ran["tests"])
            continue
        end = UNITTEST_END_RE.match(line)
        if end and run.result_tests is not None:
            seen_end = True
            for item in (end["details"] or "").split(","):
                key, _, value = item.strip().partition("=")
                if not value.isdigit():
                    continue
                if key == "failures":
                    run.failed = int(value)
                elif key == "errors":
                    run.errors = int(value)
                elif key == "skipped":
                    run.skipped = [f"{label} test"] * int(value)
    if run.result_tests is not None and not seen_end:
        run.critical_lines.append("unittest output has no OK/FAILED line")
    return run


def judge(run: RunSummary) -> RunSummary:
    """Fill ``run.infra`` with the infrastructural failures of the run."""
    run.infra = []
    if run.log_missing:
        run.infra.append("log file missing or unreadable")
    if run.tests == 0:
        run.infra.append("no test was executed")
    if run.exit_status not in (None, 0) and run.test_failures == 0:
        run.infra.append(
            f"odoo exited with status {run.exit_status} without a failing test"
        )
    if run.error_lines and run.test_failures == 0:
        run.infra.append(
            f"{len(run.error_lines)} ERROR log line(s) outside failing tests"
        )
    if run.critical_lines:
        run.infra.append(f"{len(run.critical_lines)} CRITICAL log line(s)")
    for skipped in run.browser_skipped:
        run.infra.append(f"browser test skipped: {skipped}")
    if run.browser_warnings and not run.browser_skipped:
        run.infra.append(f"browser unavailable: {run.browser_warnings[0]}")
    return run


def summarize_file(
    label: str,
    path: str,
    exit_status: int | None,
    module: str | None = None,
    kind: str = "odoo",
) -> RunSummary:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            if kind == "unittest":
                run = parse_unittest_lines(handle, label=label)
            else:
                run = parse_lines(handle, label=label, module=module)
    except OSError:
        run = RunSummary(label=label, log_missing=True)
    run.exit_status = exit_status
    return judge(run)


def report(
    runs: list[RunSummary], lint_failed: int = 0, out=sys.stdout
) -> tuple[int, int]:
    """Print per-run details and the final line; return (passed, failed)."""
    passed = sum(run.passed for run in runs)
    failed = sum(run.failures for run in runs) + lint_failed
    for run in runs:
        print(
            f"[{run.label}] {run.tests} tests run, {run.failed} failed, "
            f"{run.errors} error(s), {len(run.skipped)} skipped, "
            f"exit status {run.exit_status}",
            file=out,
        )
        for line in run.error_lines[:5] + run.critical_lines[:5]:
            print(f"[{run.label}]   log: {line[:300]}", file=out)
        for problem in run.infra:
            print(f"[{run.label}]   FAILURE: {problem}", file=out)
    if lint_failed:
        print(f"[lint] {lint_failed} lint step(s) failed", file=out)
    print(f"{passed} passed, {failed} failed", file=out)
    return passed, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--run",
        nargs=3,
        action="append",
        default=[],
        metavar=("LABEL", "LOGFILE", "EXIT_STATUS"),
        help="one Odoo run: a label, its log file and its exit status",
    )
    parser.add_argument(
        "--unittest",
        nargs=3,
        action="append",
        default=[],
        metavar=("LABEL", "LOGFILE", "EXIT_STATUS"),
        help="one plain `python -m unittest -v` run",
    )
    parser.add_argument(
        "--module", default=None, help="count only this module's tests in stats lines"
    )
    parser.add_argument(
        "--lint-failed", type=int, default=0, help="number of failed lint steps"
    )
    args = parser.parse_args(argv)
    runs = []
    for kind, specs in (("unittest", args.unittest), ("odoo", args.run)):
        for label, path, status in specs:
            try:
                exit_status = int(status)
            except ValueError:
                exit_status = None
            runs.append(
                summarize_file(label, path, exit_status, module=args.module, kind=kind)
            )
    if not runs and not args.lint_failed:
        print("0 passed, 1 failed")
        return 1
    _passed, failed = report(runs, lint_failed=args.lint_failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
