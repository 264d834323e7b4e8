"""Unit tests of tools/summarize_test_log.py (run by `make test`)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import summarize_test_log as stl  # noqa: E402

PREFIX = "2025-01-01 10:00:00,000 42 {level} apb_test_1 {logger}: {msg}\n"


def rec(msg, logger="odoo.modules.loading", level="INFO"):
    return PREFIX.format(level=level, logger=logger, msg=msg)


def summarize(lines, exit_status=0):
    run = stl.parse_lines(lines, label="t", module="account_payment_batch")
    run.exit_status = exit_status
    return stl.judge(run)


RESULT_OK = rec(
    "0 failed, 0 error(s) of 2 tests when loading database 'apb_test_1'",
    "odoo.tests.result",
)
STATS = rec("account_payment_batch: 6 tests 1.00s 10 queries", "odoo.tests.stats")


class TestSummarize(unittest.TestCase):
    def test_passing_run_counts_result_line_not_stats(self):
        run = summarize([STATS, RESULT_OK])
        self.assertEqual((run.tests, run.passed, run.failures), (2, 2, 0))

    def test_failed_tests_excuse_error_lines_and_exit_status(self):
        lines = [
            rec(
                "FAIL: TestX.test_y",
                "odoo.addons.account_payment_batch.tests.t",
                "ERROR",
            ),
            rec(
                "1 failed, 0 error(s) of 2 tests when loading database 'apb_test_1'",
                "odoo.tests.result",
                "ERROR",
            ),
        ]
        run = summarize(lines, exit_status=1)
        self.assertEqual((run.passed, run.failures), (1, 1))

    def test_no_test_is_a_failure(self):
        run = summarize(
            [
                rec(
                    "0 failed, 0 error(s) of 0 tests when loading database 'x'",
                    "odoo.tests.result",
                    "WARNING",
                )
            ]
        )
        self.assertEqual((run.passed, run.failures), (0, 1))

    def test_error_line_without_failed_test_is_a_failure(self):
        run = summarize([rec("boom", "odoo.sql_db", "ERROR"), RESULT_OK])
        self.assertEqual((run.passed, run.failures), (2, 1))

    def test_skipped_browser_test_is_a_failure(self):
        skip = rec(
            "skipped TestUi.test_tour : websocket-client module is not installed",
            "odoo.addons.account_payment_batch.tests.test_ui",
        )
        run = summarize([skip, RESULT_OK])
        self.assertEqual((run.passed, run.failures), (1, 1))

    def test_missing_result_line_and_crash(self):
        run = summarize(
            [rec("Failed to initialize", "odoo.service.server", "CRITICAL")], 1
        )
        self.assertEqual(run.passed, 0)
        self.assertEqual(run.failures, 3)  # no test, exit status, CRITICAL

    def test_unittest_output(self):
        run = stl.parse_unittest_lines(
            ["Ran 3 tests in 0.01s\n", "\n", "FAILED (failures=1, errors=1)\n"]
        )
        run.exit_status = 1
        stl.judge(run)
        self.assertEqual((run.passed, run.failures), (1, 2))


if __name__ == "__main__":
    unittest.main()
