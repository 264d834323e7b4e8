"""Bulk close: the rows Odoo's ordinary posting writes, numbering, chatter."""

import re
from collections import defaultdict
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.account.models.sequence_mixin import SequenceMixin

from .common import PaymentBatchCommon

# Stored fields left out of the field-by-field comparison, and why. All the
# others are compared, the create and write dates and users included: both
# sides are written by the same users in one transaction, whose clock
# (cr.now()) stands still.
EXCLUDED_FIELDS = {
    # The record's own identity: each side has its own rows.
    "id",
    # The number within the entry's sequence: the entries of the second side
    # are numbered after those of the first (TestBulkNumbering checks the
    # numbers). The entries' names, and every text that quotes them (payment
    # numbers, labels, payment references), are compared with the first
    # side's numbers translated into the second side's.
    "sequence_number",
}

# Models whose numbers other records quote (a receipt's number is its entry's).
NUMBERED = ("account.move", "account.payment.batch")


class BulkComparison:
    """Pairs of corresponding records of two sides, compared field by field.

    A link from a record of the first side must point to the record paired
    with its target on the second side; a link to a record outside the pairs
    (a partner, an account, a journal) must be the same record on both sides.
    """

    def __init__(self, env):
        # Reading every stored field is the test's business, not a user's.
        self.env = env(su=True)
        self.pairs = defaultdict(dict)  # model: {first side id: second side id}
        self.numbers = {}  # entry number on the first side: on the second side
        self._numbers_re = None

    def add(self, first, second):
        """Pair ``first`` and ``second`` record by record."""
        if first._name != second._name or len(first) != len(second):
            raise AssertionError(f"cannot pair {first} with {second}")
        for one, two in zip(first, second, strict=True):
            self.pairs[first._name][one.id] = two.id
            if one._name in NUMBERED and one.name != two.name:
                self.numbers[one.name] = two.name
                self._numbers_re = None

    def _translate_text(self, text):
        if not self.numbers:
            return text
        if self._numbers_re is None:
            names = sorted(self.numbers, key=len, reverse=True)
            alternatives = "|".join(map(re.escape, names))
            self._numbers_re = re.compile(rf"(?<!\w)({alternatives})(?!\w)")
        return self._numbers_re.sub(lambda m: self.numbers[m.group(1)], text)

    def _value(self, record, field, translate):
        value = record[field.name]
        if field.type in ("many2one", "one2many", "many2many"):
            pairs = self.pairs.get(field.comodel_name, {}) if translate else {}
            return sorted(pairs.get(id_, id_) for id_ in value.ids)
        if not translate or not value or not isinstance(value, str):
            return value
        if field.name == "matching_number":
            # 'P<partial id>' or '<full reconcile id>': a link in disguise.
            if value.startswith("P"):
                partials = self.pairs["account.partial.reconcile"]
                return f"P{partials.get(int(value[1:]), value)}"
            if value.isdecimal():
                fulls = self.pairs["account.full.reconcile"]
                return str(fulls.get(int(value), value))
        return self._translate_text(value)

    def differences(self, model_name, excluded=()):
        """One line per stored field that differs between paired records."""
        model = self.env[model_name]
        found = []
        for first_id, second_id in self.pairs[model_name].items():
            first, second = model.browse(first_id), model.browse(second_id)
            for name, field in model._fields.items():
                if not field.store or name in EXCLUDED_FIELDS or name in excluded:
                    continue
                one = self._value(first, field, translate=True)
                two = self._value(second, field, translate=False)
                if one != two:
                    found.append(
                        f"{model_name}.{name} of {first_id}/{second_id}: "
                        f"{one!r} != {two!r}"
                    )
        return found

    def all_differences(self, excluded=None):
        """Differences of every paired model; ``excluded``: {model: fields}."""
        excluded = excluded or {}
        found = []
        for model_name in self.pairs:
            found += self.differences(model_name, excluded.get(model_name, ()))
        return found


class BulkCommon(PaymentBatchCommon):
    """A billing user for Odoo's Register Payment, and a customer without terms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.biller = new_test_user(
            cls.env,
            login="biller",
            groups="account.group_account_invoice",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )
        # partner_b's payment terms split its invoices in two receivable lines.
        cls.partner_c = cls.env["res.partner"].create({"name": "partner_c"})

    def _register(self, moves, **vals):
        """Odoo's Register Payment for ``moves``, as a billing user."""
        return (
            self.env["account.payment.register"]
            .with_user(self.biller)
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create(vals)
            ._create_payments()
        )

    def _close_ordinarily(self, batch):
        """Close ``batch`` with Odoo's own posting instead of the bulk path."""

        def ordinary_env(payments):
            # _batch_bulk_env without the bulk context: Odoo's own posting.
            return payments.with_context(batch_processing=True)

        Payment = type(self.env["account.payment"])
        with patch.object(Payment, "_batch_bulk_env", ordinary_env):
            return self._close(batch)


@tagged("post_install", "-at_install")
class TestBulkSameAsOrdinary(BulkCommon):
    """A bulk close writes the rows that Odoo's ordinary posting writes."""

    def setUp(self):
        super().setUp()
        self.batch_type.auto_match = False
        self.income = self.company_data["default_account_revenue"]
        Payment = type(self.env["account.payment"])
        self.link_calls = []
        link_moves = Payment._batch_link_moves

        def spy(payments, moves):
            self.link_calls.append(len(payments))
            return link_moves(payments, moves)

        self.startPatcher(patch.object(Payment, "_batch_link_moves", spy))

    def _side(self):
        """Invoices and a batch whose receipts pay them in every way."""
        invoices = [
            self._invoice(partner, amount, date=date)
            for partner, amount, date in (
                (self.partner_a, 100.0, "2026-01-05"),
                (self.partner_a, 300.0, "2026-01-06"),
                (self.partner_a, 60.0, "2026-01-07"),
                (self.partner_c, 250.0, "2026-01-08"),
            )
        ]
        batch = self._open_batch(cheques=(6, 810.0))
        nobody = self.env["res.partner"]
        receipts = [
            # paid in full
            self._add_receipt(batch, 100.0, memo="CHQ 1"),
            # split over two invoices, one of them partly paid
            self._add_receipt(batch, 180.0, memo="CHQ 2"),
            # one invoice paid, the rest on account
            self._add_receipt(batch, 400.0, partner=self.partner_c, memo="CHQ 3"),
            # all on account
            self._add_receipt(batch, 75.0, partner=self.partner_c, memo="CHQ 4"),
            # to an income account, no partner
            self._add_receipt(
                batch,
                35.0,
                partner=nobody,
                batch_receipt_kind="miscellaneous",
                batch_account_id=self.income.id,
                memo="MISC",
            ),
            # no known payer: suspense
            self._add_receipt(batch, 20.0, partner=nobody, memo="CHQ ??"),
        ]
        allocations = [
            self._allocate(receipts[0], invoices[0], 100.0),
            self._allocate(receipts[1], invoices[1], 120.0),
            self._allocate(receipts[1], invoices[2], 60.0),
            self._allocate(receipts[2], invoices[3], 250.0),
        ]
        return {
            "batch": batch,
            "invoices": self.env["account.move"].concat(*invoices),
            "receipts": self.env["account.payment"].concat(*receipts),
            "allocations": self.env["account.payment.allocation"].concat(*allocations),
        }

    def _close_both(self):
        """Two identical sides; close the first in bulk, the second ordinarily."""
        bulk, ordinary = self._side(), self._side()
        # Each close runs in a request of its own: what the set-up left
        # pending is written before, what the close left pending after.
        self.env.flush_all()
        self._close(bulk["batch"])
        self.env(user=self.closer).flush_all()
        self.assertEqual(self.link_calls, [6], "the first close took the bulk path")
        self._close_ordinarily(ordinary["batch"])
        self.env(user=self.closer).flush_all()
        self.assertEqual(self.link_calls, [6], "the second close took Odoo's path")
        return bulk, ordinary

    def _comparison(self, bulk, ordinary):
        comparison = BulkComparison(self.env)
        for key in ("batch", "receipts", "allocations", "invoices"):
            comparison.add(bulk[key], ordinary[key])
        comparison.add(bulk["batch"].line_ids, ordinary["batch"].line_ids)
        for first, second in zip(bulk["invoices"], ordinary["invoices"], strict=True):
            comparison.add(self._sorted_lines(first), self._sorted_lines(second))
        # The entries are paired through the payment that made them (set by
        # the ORM when the entry is created), so that the link payment ->
        # entry, written by SQL in the bulk path, is checked, not assumed.
        Move = self.env["account.move"].sudo()
        for first, second in zip(bulk["receipts"], ordinary["receipts"], strict=True):
            first_move = Move.search([("origin_payment_id", "=", first.id)])
            second_move = Move.search([("origin_payment_id", "=", second.id)])
            comparison.add(first_move, second_move)
            comparison.add(
                self._sorted_lines(first_move), self._sorted_lines(second_move)
            )
        Line = self.env["account.move.line"].sudo()
        line_pairs = comparison.pairs["account.move.line"]
        first_lines = Line.browse(list(line_pairs))
        second_lines = Line.browse(list(line_pairs.values()))
        second_partials = {
            (part.debit_move_id.id, part.credit_move_id.id): part
            for part in second_lines.matched_debit_ids | second_lines.matched_credit_ids
        }
        for part in first_lines.matched_debit_ids | first_lines.matched_credit_ids:
            key = (
                line_pairs[part.debit_move_id.id],
                line_pairs[part.credit_move_id.id],
            )
            comparison.add(part, second_partials.get(key, part.browse()))
        for line in first_lines.filtered("full_reconcile_id"):
            second = Line.browse(line_pairs[line.id])
            comparison.add(line.full_reconcile_id, second.full_reconcile_id)
        for line in first_lines.filtered("analytic_line_ids"):
            second = Line.browse(line_pairs[line.id])
            comparison.add(
                line.analytic_line_ids.sorted(lambda a: (a.account_id.id, a.amount)),
                second.analytic_line_ids.sorted(lambda a: (a.account_id.id, a.amount)),
            )
        return comparison

    @staticmethod
    def _sorted_lines(move):
        return move.sudo().line_ids.sorted(
            lambda line: (
                line.display_type or "",
                line.account_id.code or "",
                line.partner_id.id or 0,
                line.balance,
                line.amount_currency,
            )
        )

    def _assert_same_rows(self, bulk, ordinary):
        comparison = self._comparison(bulk, ordinary)
        # The only difference allowed: each batch has its own chatter (the
        # suspense warning), see TestBulkChatter.
        excluded = {"account.payment.batch": {"message_ids"}}
        # What the transaction sees right after the close, then what the
        # database holds.
        self.assertEqual(comparison.all_differences(excluded), [])
        self.env.invalidate_all()
        self.assertEqual(comparison.all_differences(excluded), [])
        self.assertEqual(len(comparison.pairs["account.move"]), 4 + 6)
        self.assertEqual(len(comparison.pairs["account.partial.reconcile"]), 4)
        self.assertEqual(len(comparison.pairs["account.full.reconcile"]), 3)
        payments = comparison.pairs["account.payment"]
        for first, second in zip(bulk["invoices"], ordinary["invoices"], strict=True):
            self.assertEqual(
                sorted(payments[id_] for id_ in first.reconciled_payment_ids.ids),
                sorted(second.reconciled_payment_ids.ids),
            )
        self.assertEqual(
            bulk["invoices"].mapped("payment_state"),
            ["paid", "partial", "paid", "paid"],
        )
        self.assertEqual(
            bulk["invoices"].mapped("amount_residual"), [0.0, 180.0, 0.0, 0.0]
        )
        return comparison

    @freeze_time("2026-03-16 10:00:00")
    def test_bulk_close_writes_the_rows_of_odoos_posting(self):
        self._assert_same_rows(*self._close_both())

    @freeze_time("2026-03-16 10:00:00")
    def test_same_rows_with_an_analytic_distribution_model(self):
        # With a distribution model in the database, the bulk path asks it
        # for every line, as Odoo does (without one, it skips the question).
        plan = self.env["account.analytic.plan"].create({"name": "Regions"})
        region = self.env["account.analytic.account"].create(
            {"name": "North", "plan_id": plan.id}
        )
        self.env["account.analytic.distribution.model"].create(
            {
                "partner_id": self.partner_a.id,
                "analytic_distribution": {str(region.id): 100},
            }
        )
        bulk, ordinary = self._close_both()
        self._assert_same_rows(bulk, ordinary)
        distributed = bulk["receipts"].move_id.line_ids.filtered(
            "analytic_distribution"
        )
        self.assertEqual(distributed.partner_id, self.partner_a)
        for line in distributed:
            self.assertEqual(line.analytic_distribution, {str(region.id): 100})

    @freeze_time("2026-03-16 10:00:00")
    def test_comparison_reports_a_receipt_linked_to_another_entry(self):
        # The comparison would see the bulk link write a wrong entry.
        Payment = type(self.env["account.payment"])
        link_moves = Payment._batch_link_moves

        def swapped(payments, moves):
            return link_moves(payments, moves[::-1])

        with patch.object(Payment, "_batch_link_moves", swapped):
            bulk, ordinary = self._close_both()
        self.env.invalidate_all()
        found = self._comparison(bulk, ordinary).all_differences()
        for receipt in bulk["receipts"]:
            self.assertTrue(
                any(
                    line.startswith(f"account.payment.move_id of {receipt.id}/")
                    for line in found
                ),
                found,
            )

    @freeze_time("2026-03-16 10:00:00")
    def test_comparison_reports_a_different_record(self):
        bulk, ordinary = self._close_both()
        comparison = self._comparison(bulk, ordinary)
        first, second = bulk["receipts"][0], ordinary["receipts"][1]
        comparison.pairs["account.payment"][first.id] = second.id
        found = comparison.differences("account.payment")
        self.assertIn(
            f"account.payment.amount of {first.id}/{second.id}: 100.0 != 180.0", found
        )


@tagged("post_install", "-at_install")
class TestBulkReconciledPayments(BulkCommon):
    """The invoices' reconciled payments, asked from their side, are Odoo's."""

    @freeze_time("2026-03-16 10:00:00")
    def test_same_payments_as_odoos_query(self):
        self.batch_type.auto_match = False
        several = self._invoice(self.partner_a, 500.0)
        single = self._invoice(self.partner_a, 80.0)
        with_credit_note = self._invoice(self.partner_c, 300.0)
        credit_note = self._invoice(self.partner_c, 50.0, move_type="out_refund")
        split_rest = self._invoice(self.partner_c, 40.0)
        untouched = self._invoice(self.partner_c, 70.0)
        bill = self._invoice(self.partner_c, 120.0, move_type="in_invoice")
        with_credit_note.with_user(self.biller).js_assign_outstanding_line(
            self._receivable(credit_note).id
        )
        batch = self._open_batch(cheques=(3, 590.0))
        first = self._add_receipt(batch, 200.0, memo="CHQ 1")
        split = self._add_receipt(batch, 140.0, memo="CHQ 2")
        third = self._add_receipt(batch, 250.0, partner=self.partner_c, memo="CHQ 3")
        self._allocate(first, several, 200.0)
        self._allocate(split, several, 100.0)
        self._allocate(split, split_rest, 40.0)
        self._allocate(third, with_credit_note, 250.0)
        self._close(batch)
        partly = self._register(several, amount=100.0)
        in_full = self._register(single)
        outbound = self._register(bill)
        self.assertEqual(outbound.payment_type, "outbound")

        moves = (
            several
            | single
            | with_credit_note
            | credit_note
            | split_rest
            | untouched
            | bill
            | batch.payment_ids.move_id
            | (partly | in_full | outbound).move_id
        ).with_user(self.clerk)
        links = moves._batch_reconciled_payment_links()
        self.assertEqual(
            {moves.browse(move_id): set(ids) for move_id, ids in links.items()},
            {
                several: {first.id, split.id, partly.id},
                single: {in_full.id},
                with_credit_note: {third.id},
                split_rest: {split.id},
                bill: {outbound.id},
            },
        )
        moves.invalidate_recordset(["reconciled_payment_ids"])
        odoo = {move: move.reconciled_payment_ids for move in moves}
        moves.invalidate_recordset(["reconciled_payment_ids"])
        bulk = {
            move: move.reconciled_payment_ids
            for move in moves.with_context(batch_bulk=True)
        }
        self.assertEqual(bulk, odoo)
        self.assertEqual(odoo[several], first | split | partly)
        self.assertEqual(several.payment_state, "partial")


@tagged("post_install", "-at_install")
class TestBulkNumbering(BulkCommon):
    """Entries of a bulk close continue their journal's numbers, gapless."""

    def _batch(self, count, journal=None, dates=()):
        """An open batch of ``count`` receipts of 10.0, on ``journal``."""
        batch = self._create_batch(**({"journal_id": journal.id} if journal else {}))
        self._set_recorded(batch, cheques=(count, 10.0 * count))
        batch.with_user(self.supervisor).action_open()
        for n in range(count):
            extra = {"date": dates[n]} if n < len(dates) else {}
            self._add_receipt(batch, 10.0, memo=f"CHQ {n}", **extra)
        return batch

    def _last_number(self, journal, prefix):
        last = self.env["account.move"].search(
            [("journal_id", "=", journal.id), ("sequence_prefix", "=", prefix)],
            order="sequence_number desc",
            limit=1,
        )
        return last.sequence_number

    def _assert_numbered_after(self, batch, prefix, last):
        moves = batch.payment_ids.move_id
        self.assertEqual(set(moves.mapped("sequence_prefix")), {prefix})
        self.assertEqual(
            sorted(moves.mapped("sequence_number")),
            list(range(last + 1, last + 1 + len(moves))),
        )
        self.assertEqual(batch.payment_ids.mapped("name"), moves.mapped("name"))

    def _assert_no_duplicate(self, journal):
        names = (
            self.env["account.move"]
            .search([("journal_id", "=", journal.id)])
            .mapped("name")
        )
        self.assertEqual(len(names), len(set(names)))

    def _pay(self, amount):
        """A payment made the ordinary way, numbered by Odoo's own posting."""
        invoice = self._invoice(self.partner_a, amount)
        return self._register(invoice, journal_id=self.bank_journal.id)

    @freeze_time("2026-03-16 10:00:00")
    def test_numbers_continue_the_journal_and_a_second_close(self):
        journal = self.bank_journal
        self._pay(10.0)
        self._pay(20.0)
        prefix = f"P{journal.code}/2026/"
        self.assertEqual(self._last_number(journal, prefix), 2)
        first = self._batch(4)
        lookups = []
        lookup = SequenceMixin._get_next_sequence_format

        def spy(move):
            lookups.append(move)
            return lookup(move)

        with patch.object(SequenceMixin, "_get_next_sequence_format", spy):
            self._close(first)
        self.assertEqual(len(lookups), 1, "the format is asked once, then remembered")
        self._assert_numbered_after(first, prefix, 2)
        # A payment numbered by Odoo's own posting, in the same transaction,
        # then a second close: the numbers go on, still without a gap.
        between = self._pay(30.0)
        self.assertEqual(between.move_id.sequence_number, 7)
        second = self._batch(3)
        self._close(second)
        self._assert_numbered_after(second, prefix, 7)
        self._assert_no_duplicate(journal)

    @freeze_time("2026-03-16 10:00:00")
    def test_numbers_start_at_one_in_a_new_journal_for_each_year(self):
        journal = self.env["account.journal"].create(
            {"name": "New Bank", "code": "NBK", "type": "bank"}
        )
        batch = self._batch(5, journal, dates=("2025-12-30", "2025-12-31"))
        self._close(batch)
        by_year = {
            year: batch.payment_ids.filtered(lambda p, y=year: p.date.year == y)
            for year in (2025, 2026)
        }
        for year, payments in by_year.items():
            self.assertEqual(
                set(payments.move_id.mapped("sequence_prefix")), {f"PNBK/{year}/"}
            )
        self.assertEqual(
            sorted(by_year[2025].move_id.mapped("sequence_number")), [1, 2]
        )
        self.assertEqual(
            sorted(by_year[2026].move_id.mapped("sequence_number")), [1, 2, 3]
        )
        second = self._batch(2, journal)
        self._close(second)
        self._assert_numbered_after(second, "PNBK/2026/", 3)
        self._assert_no_duplicate(journal)


@tagged("post_install", "-at_install")
class TestBulkChatter(BulkCommon):
    """A bulk close logs on the batch, not on each receipt or entry."""

    def setUp(self):
        super().setUp()
        # The test base class disables tracking; these tests are about it.
        self.env = self.env(
            context=dict(
                self.env.context,
                tracking_disable=False,
                mail_notrack=False,
                mail_create_nolog=False,
            )
        )

    def _flush_tracking(self):
        """Tracking values are written when the transaction commits."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _close_logging(self, close):
        """Close a batch of three receipts; the messages the close wrote."""
        invoice = self._invoice(self.partner_a, 100.0)
        batch = self._open_batch(cheques=(3, 160.0))
        for amount in (100.0, 50.0, 10.0):
            self._add_receipt(batch, amount)
        self.assertEqual(batch.payment_ids.allocation_ids.move_id, invoice)
        self._flush_tracking()
        Message = self.env["mail.message"].sudo()
        last = Message.search([], order="id desc", limit=1).id
        close(batch)
        self._flush_tracking()
        return batch, Message.search([("id", ">", last)])

    @staticmethod
    def _on(messages, records):
        return messages.filtered(
            lambda m: m.model == records._name and m.res_id in records.ids
        )

    def test_bulk_close_logs_on_the_batch_only(self):
        batch, messages = self._close_logging(self._close)
        self.assertEqual(len(batch.payment_ids.move_id), 3)
        self.assertFalse(self._on(messages, batch.payment_ids))
        self.assertFalse(self._on(messages, batch.payment_ids.move_id))
        on_batch = self._on(messages, batch)
        self.assertEqual(
            [
                (t.field_id.name, t.old_value_char, t.new_value_char)
                for t in on_batch.tracking_value_ids
            ],
            [("state", "Open", "Closed")],
        )

    def test_ordinary_posting_would_log_on_each_receipt_and_entry(self):
        # What the bulk path spares: Odoo's own posting logs per receipt.
        batch, messages = self._close_logging(self._close_ordinarily)
        for record in [*batch.payment_ids, *batch.payment_ids.move_id]:
            self.assertTrue(self._on(messages, record), record)
