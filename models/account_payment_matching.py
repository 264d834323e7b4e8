"""Receipts: auto-matching to open invoices and the open items they may settle."""

from odoo import _, models

from ..batch_core.allocation import OpenItem, plan_receipt, plan_zero_receipt
from .account_payment import PARTNER_KINDS


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def action_batch_auto_match(self):
        """Throw away the planned allocations and match the receipts again."""
        self._check_batch_editable({"allocation_ids"})
        self.allocation_ids.filtered(lambda a: a.state == "planned").unlink()
        self.batch_match_note = False
        self._batch_auto_match(force=True)
        return True

    def _batch_open_items_domain(self, partners=None):
        """Open receivable items a receipt of this company may settle."""
        domain = [
            ("company_id", "in", self.company_id.ids),
            ("account_id.account_type", "=", "asset_receivable"),
            ("account_id.reconcile", "=", True),
            ("reconciled", "=", False),
            ("parent_state", "=", "posted"),
            ("amount_residual", "!=", 0),
        ]
        if partners is not None:
            domain.append(("partner_id", "in", partners.ids))
        return domain

    def _batch_invoice_numbers(self):
        """The invoice numbers this receipt names: one, or several separated by commas."""
        self.ensure_one()
        numbers = (self.batch_invoice_number or "").replace(";", ",").split(",")
        return list(
            dict.fromkeys(number.strip() for number in numbers if number.strip())
        )

    def _batch_match_documents(self):
        """Invoices named by the receipts' numbers and policy keys, in a few queries.

        :return: ({number: move}, {(invoice fields, policy key): moves})
        """
        Move = self.env["account.move"]
        base_domain = [
            ("state", "=", "posted"),
            ("company_id", "in", self.company_id.ids),
            ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
        ]
        by_number = {}
        numbers = {number for p in self for number in p._batch_invoice_numbers()}
        if numbers:
            for move in Move.search([*base_domain, ("name", "in", list(numbers))]):
                by_number[move.name] = move
        return by_number, self._batch_match_policy_documents(base_domain)

    def _batch_match_candidate_lines(self, by_number, by_policy):
        """Open receivable lines the receipts may be matched with, in one query."""
        Line = self.env["account.move.line"]
        partners = self.filtered(
            lambda p: (
                p.partner_id
                and not p.batch_invoice_number
                and not p._batch_policy_keys()
            )
        ).partner_id.commercial_partner_id
        lines = Line
        if partners:
            lines = Line.search(
                self._batch_open_items_domain(partners), order="date_maturity, id"
            )
        moves = self.env["account.move"].union(*by_number.values(), *by_policy.values())
        return (lines | moves.line_ids).filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and not line.reconciled
                and line.parent_state == "posted"
            )
        )

    def _batch_match_lines(self, by_number, by_policy, lines_by_partner, candidates):
        """The lines one receipt is matched with.

        :param candidates: ids of the open lines any receipt may be matched with

        :return: (lines, exact amount first?, note when nothing can be matched)
        """
        self.ensure_one()
        numbers = self._batch_invoice_numbers()
        if numbers:
            missing = [number for number in numbers if number not in by_number]
            if missing:
                return (
                    [],
                    False,
                    _(
                        "Invoice %(number)s not found: match this receipt manually.",
                        number=", ".join(missing),
                    ),
                )
            moves = self.env["account.move"].union(
                *(by_number[number] for number in numbers)
            )
            return (
                moves.line_ids.filtered(lambda line: line.id in candidates),
                False,
                False,
            )
        moves, note = self._batch_policy_candidates(by_policy)
        if moves is not None:
            if note:
                return [], True, note
            return (
                moves.line_ids.filtered(lambda line: line.id in candidates),
                True,
                False,
            )
        if self.partner_id:
            return (
                lines_by_partner.get(self.partner_id.commercial_partner_id.id, []),
                True,
                False,
            )
        return [], True, False

    def _batch_matchable(self, force=False):
        """The receipts automatic matching plans: draft, paid by a partner, unplanned."""
        return self.filtered(
            lambda p: (
                p.batch_id
                and p.state == "draft"
                and p.batch_receipt_kind in PARTNER_KINDS
                and p.batch_kind in ("cash_receipt", "refund")
                and (force or p.batch_id.batch_type_id.auto_match)
                and not p.batch_is_third_party
                and not p.allocation_ids
            )
        )

    def _batch_auto_match(self, force=False):
        """Plan allocations for the receipts, in bulk.

        In order: (1) the invoice number given, else (2) invoices whose
        reference, payment reference or origin carries the receipt's policy
        or customer reference, else (3) the payer's open invoices, an exact
        amount first, then the oldest. A number that matches no invoice
        leaves the receipt unmatched with a note, for manual matching.
        """
        receipts = self._batch_matchable(force).filtered(
            lambda p: p.batch_receipt_kind == "standard"
        )
        if not receipts:
            return
        by_number, by_reference = receipts._batch_match_documents()
        candidate_lines = receipts._batch_match_candidate_lines(by_number, by_reference)
        free = candidate_lines._batch_open_amounts()
        # A set: testing each receipt's lines against it costs nothing per receipt.
        candidate_ids = set(candidate_lines.ids)
        lines_by_partner = {}
        for line in candidate_lines:
            lines_by_partner.setdefault(
                line.partner_id.commercial_partner_id.id, []
            ).append(line)

        allocation_vals = []
        for receipt in receipts:
            lines, exact_first, note = receipt._batch_match_lines(
                by_number, by_reference, lines_by_partner, candidate_ids
            )
            if note:
                receipt.batch_match_note = note
                continue
            refund = receipt.payment_type == "outbound"
            lines_by_id = {line.id: line for line in lines}
            # What is free on each line, in the receipt's currency at its date.
            # A refund pays credits: seen from the refund, a credit is what it settles.
            open_amounts = {
                line.id: (-1 if refund else 1)
                * line._batch_receipt_amount(free[line.id], receipt)
                for line in lines
            }
            # A receipt of 0.00 settles the payer's credits against its invoices.
            settles = not refund and receipt.currency_id.is_zero(receipt.amount)
            items = [
                OpenItem(line.id, open_amounts[line.id], line.date_maturity, line.id)
                for line in lines
                if open_amounts[line.id] > 0 or (settles and open_amounts[line.id] < 0)
            ]
            if settles:
                plan = plan_zero_receipt(items, receipt.currency_id.rounding)
            else:
                plan = plan_receipt(
                    receipt.amount,
                    items,
                    receipt.currency_id.rounding,
                    exact_first=exact_first,
                )
            for sequence, (line_id, amount) in enumerate(plan.allocations):
                # Later receipts of the same run see what this one planned.
                free[line_id] -= lines_by_id[line_id]._batch_line_amount(
                    -amount if refund else amount, receipt
                )
                allocation_vals.append(
                    {
                        "payment_id": receipt.id,
                        "move_line_id": line_id,
                        "amount": abs(amount),
                        "sequence": sequence,
                    }
                )
            if not plan.allocations and (
                receipt.batch_invoice_number or receipt._batch_policy_keys()
            ):
                receipt.batch_match_note = _(
                    "The matching invoices have nothing left to pay."
                )
        if allocation_vals:
            self.env["account.payment.allocation"].with_context(
                batch_processing=True
            ).create(allocation_vals)
