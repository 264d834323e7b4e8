"""Batches: the figures of the batch report, shared by its PDF and XLSX forms."""

from collections import defaultdict

from odoo import _, models
from odoo.tools.misc import format_amount, format_date, format_datetime

from ..batch_core.balance import CHECKED_TOTALS
from ..batch_core.report_xlsx import LABELS, build_batch_report
from .batch_core_text import core_text

TOTAL_SETS = ("recorded", "corrected", "entered", "difference")


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    def _report_title(self):
        self.ensure_one()
        if self.state == "closed":
            return _("Processed Batch Report")
        if self.state == "cancel":
            return _("Cancelled Batch Report")
        return _("Unprocessed Batch Report")

    def _report_header(self):
        """(label, text) pairs of the report's header, in order."""
        self.ensure_one()

        def when(value):
            return format_datetime(self.env, value) if value else ""

        return [
            (_("Number"), self.name),
            (_("Status"), self._state_label()),
            (_("Batch Type"), self.batch_type_id.display_name),
            (_("Journal"), self.journal_id.display_name),
            (_("Date Received"), format_date(self.env, self.date_received)),
            (_("Opened"), when(self.opened_at)),
            (_("Opened By"), self.opened_by_id.name or ""),
            (_("Assigned To"), self.assigned_to_id.name or ""),
            (_("Closed"), when(self.closed_at)),
            (_("Closed By"), self.closed_by_id.name or ""),
            (_("Reference"), self.reference or ""),
            (_("Confirmation No."), self.confirmation_number or ""),
            (_("Received From"), self.received_from_id.display_name or ""),
            (_("Campaign"), self.campaign_id.name or ""),
        ]

    def _report_receipt_values(self, receipt):
        kinds = dict(
            receipt._fields["batch_receipt_kind"]._description_selection(self.env)
        )
        states = dict(receipt._fields["state"]._description_selection(self.env))
        sign = -1 if receipt.payment_type == "outbound" else 1
        corrections = []
        if receipt.state == "canceled" and receipt.move_id.reversal_move_ids:
            corrections.append(
                _(
                    "Reversed by %(entry)s",
                    entry=", ".join(receipt.move_id.reversal_move_ids.mapped("name")),
                )
            )
        if receipt.batch_reassign_move_id:
            corrections.append(
                _(
                    "Reassigned to %(partner)s by %(entry)s",
                    partner=receipt.batch_reassign_move_id.line_ids.partner_id.name,
                    entry=receipt.batch_reassign_move_id.name,
                )
            )
        payer = (
            receipt.partner_id.name or receipt.batch_payer_name or _("Unknown payer")
        )
        if receipt.batch_payee_id:
            payer = _(
                "%(customer)s, paid to %(payee)s",
                customer=payer,
                payee=receipt.batch_payee_id.name,
            )
        kind = kinds.get(receipt.batch_receipt_kind, "")
        if receipt.batch_campaign_id:
            kind = _(
                "%(kind)s, campaign %(campaign)s",
                kind=kind,
                campaign=receipt.batch_campaign_id.name,
            )
        return {
            "line_id": receipt.batch_line_id.id,
            "line": receipt.batch_line_id.display_name or "",
            "payer": payer,
            "payer_known": bool(receipt.partner_id),
            "reference": receipt.memo or "",
            "method": receipt.batch_method_label,
            "date": receipt.date,
            "received_on": receipt.batch_received_date,
            "kind": kind,
            "state": states.get(receipt.state, ""),
            "amount": sign * receipt.amount,
            "allocations": self._report_receipt_allocations(receipt),
            "on_account": sign * receipt.batch_on_account_amount,
            "suspense": receipt.batch_is_suspense,
            "corrections": "; ".join(corrections),
        }

    def _report_receipt_allocations(self, receipt):
        """(document, signed amount) of what ``receipt`` pays.

        An insurance assignment is named by its number; a new one entered with
        an insurer's receipt, not booked yet, takes the receipt's money too.
        """
        allocations = [
            (
                allocation.assignment_id.name
                if allocation.assignment_id
                else allocation.move_id.name or "",
                allocation.signed_amount,
            )
            for allocation in receipt.allocation_ids
        ]
        if receipt.batch_receipt_kind == "insurance_assignment":
            for new in receipt.batch_assignment_ids:
                if new.state == "draft":
                    label = _(
                        "New assignment of %(customer)s", customer=new.partner_id.name
                    )
                    allocations.append((label, new.amount))
        return allocations

    def _report_values(self):
        """Everything the batch report shows, as plain values.

        The PDF and the XLSX forms render this same dict, so they always show
        the same figures. Receipts and their allocations are read in bulk.

        :return: dict with ``title``, ``header`` ((label, text) list),
            ``currency`` (the res.currency record, for formatting), ``lines``
            (per line: ``id``, ``name``, ``totals`` {set: {total key:
            value}}, ``receipts`` (its own), ``receipt_count``,
            ``receipt_amount``), ``receipts`` (all, list of dicts, see
            ``_report_receipt_values``), ``receipts_without_line``,
            ``totals`` (the batch's sums of the same keys),
            ``assignments`` (see ``_report_assignment_values``) and
            ``total_labels``
        """
        self.ensure_one()
        receipts = self.payment_ids.sorted(lambda p: (p.batch_line_id.sequence, p.id))
        receipts.fetch(
            [
                "partner_id",
                "memo",
                "payment_method_line_id",
                "date",
                "batch_received_date",
                "batch_payee_id",
                "batch_campaign_id",
                "amount",
                "state",
            ]
        )
        receipts.allocation_ids.fetch(
            ["amount", "move_line_id", "state", "assignment_id"]
        )
        receipts.allocation_ids.move_line_id.move_id.fetch(["name"])
        receipts.filtered(
            lambda r: r.batch_receipt_kind == "insurance_assignment"
        ).fetch(["batch_assignment_ids"])
        receipt_values = [self._report_receipt_values(r) for r in receipts]
        lines = []
        for line in self.line_ids.sorted("sequence"):
            own = [v for v in receipt_values if v["line_id"] == line.id]
            lines.append(
                {
                    "id": line.id,
                    "name": line.display_name,
                    "receipts": own,
                    "totals": {
                        total_set: {
                            key: line[f"{total_set}_{key}"]
                            for key, _label, _amount in CHECKED_TOTALS
                        }
                        for total_set in TOTAL_SETS
                    },
                    "receipt_count": len(own),
                    "receipt_amount": self.currency_id.round(
                        sum(v["amount"] for v in own)
                    ),
                }
            )
        lined = {line.id for line in self.line_ids}
        without_line = [v for v in receipt_values if v["line_id"] not in lined]
        totals = {
            total_set: {
                key: sum(line["totals"][total_set][key] for line in lines)
                for key, _label, _amount in CHECKED_TOTALS
            }
            for total_set in TOTAL_SETS
        }
        totals["receipt_count"] = len(receipt_values)
        totals["receipt_amount"] = self.currency_id.round(
            sum(v["amount"] for v in receipt_values)
        )
        totals["on_account"] = self.currency_id.round(
            sum(v["on_account"] for v in receipt_values)
        )
        totals["allocated"] = self.currency_id.round(
            sum(amount for v in receipt_values for _doc, amount in v["allocations"])
        )
        return {
            "title": self._report_title(),
            "header": self._report_header(),
            "currency": self.currency_id,
            "lines": lines,
            "receipts": receipt_values,
            "receipts_without_line": without_line,
            "totals": totals,
            "assignments": self._report_assignment_values(receipts),
            "total_labels": {
                "recorded": _("Recorded"),
                "corrected": _("Corrected"),
                "entered": _("Entered"),
                "difference": _("Difference"),
                "payment_count": _("Count"),
                "payment_amount": _("Amount"),
                "pledge_amount": _("Pledges"),
            },
        }

    def _report_assignment_values(self, receipts):
        """The insurance assignments these receipts of the batch fund.

        What the batch puts on an assignment is what its receipts' planned or
        posted allocations pay on it, plus the amount of a new assignment
        entered with a receipt and not booked yet (the close books it and
        allocates the receipt to it, so it is never counted twice).

        :param receipts: the batch's receipts, their allocations read
        :return: ``None`` when the receipts fund no assignment, else a dict
            with ``rows`` (per assignment, oldest first: ``number`` ("New"
            until booked), ``customer``, ``insurer``, ``policy``,
            ``amount`` (assigned), ``batch_amount``, ``state`` (label),
            ``funds_received_on`` (date or ``False``), ``amount_to_fund``
            and ``status`` (one sentence: funded on, or what is still to
            fund)), ``amount`` and ``batch_amount`` (their totals)
        """
        Assignment = self.env["account.payment.batch.assignment"]
        by_assignment = defaultdict(float)
        for allocation in receipts.allocation_ids:
            if allocation.assignment_id and allocation.state in ("planned", "posted"):
                by_assignment[allocation.assignment_id.id] += allocation.amount
        new = receipts.filtered(
            lambda r: r.batch_receipt_kind == "insurance_assignment"
        ).batch_assignment_ids.filtered(lambda a: a.state == "draft")
        for assignment in new:
            by_assignment[assignment.id] += assignment.amount
        if not by_assignment:
            return None
        assignments = Assignment.browse(list(by_assignment)).sorted(
            lambda a: (a.date, a.id)
        )
        assignments.fetch(
            [
                "name",
                "partner_id",
                "insurer_id",
                "policy_number",
                "amount",
                "state",
                "funds_received_on",
                "insurer_line_id",
            ]
        )
        (assignments.partner_id | assignments.insurer_id).fetch(["name"])
        states = dict(Assignment._fields["state"]._description_selection(self.env))
        rows = []
        for assignment in assignments:
            booked = assignment.name and assignment.name != "/"
            rows.append(
                {
                    "number": assignment.name if booked else _("New"),
                    "customer": assignment.partner_id.name or "",
                    "insurer": assignment.insurer_id.name or "",
                    "policy": assignment.policy_number or "",
                    "amount": assignment.amount,
                    "batch_amount": self.currency_id.round(
                        by_assignment[assignment.id]
                    ),
                    "state": states.get(assignment.state, ""),
                    "funds_received_on": assignment.funds_received_on,
                    "amount_to_fund": assignment.amount_to_fund,
                    "status": self._report_assignment_status(
                        assignment, states, booked
                    ),
                }
            )
        return {
            "rows": rows,
            "amount": self.currency_id.round(sum(r["amount"] for r in rows)),
            "batch_amount": self.currency_id.round(
                sum(r["batch_amount"] for r in rows)
            ),
        }

    def _report_assignment_status(self, assignment, states, booked):
        """One sentence of where ``assignment`` stands: funded on, or still to fund."""
        if assignment.state == "funded" and assignment.funds_received_on:
            return _(
                "Funded on %(date)s",
                date=format_date(self.env, assignment.funds_received_on),
            )
        if assignment.state == "pending":
            return _(
                "Pending, %(amount)s still to fund",
                amount=format_amount(
                    self.env, assignment.amount_to_fund, assignment.currency_id
                ),
            )
        if assignment.state == "draft" and not booked:
            return _("New, booked and funded when the batch closes")
        return states.get(assignment.state, "")

    def _report_xlsx(self):
        """The batch report of these batches as an .xlsx (one sheet each)."""
        labels = {key: core_text(self.env, text) for key, text in LABELS.items()}
        return build_batch_report(
            [
                {
                    **batch._report_values(),
                    "name": batch.name,
                    "currency": batch._report_currency(),
                    "labels": labels,
                }
                for batch in self
            ]
        )

    def _report_currency(self):
        """How the XLSX writes this batch's amounts."""
        self.ensure_one()
        return {
            "name": self.currency_id.name,
            "symbol": self.currency_id.symbol,
            "decimals": self.currency_id.decimal_places,
        }
