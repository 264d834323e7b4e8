"""Insurance assignments: a customer's debt moved to an insurer by one entry."""

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import format_amount, format_date

ASSIGNMENT_STATES = [
    ("draft", "Draft"),
    ("pending", "Pending"),
    ("funded", "Funded"),
    ("cancel", "Cancelled"),
]

SEQUENCE_XMLID = "account_payment_batch.seq_account_payment_batch_assignment"
# What the data sequence holds, should its record have been deleted.
DEFAULT_SEQUENCE_VALS = {
    "code": "account.payment.batch.assignment",
    "prefix": "ASGN/%(range_year)s/",
    "padding": 5,
    "use_date_range": True,
}

CONFIRM_RIGHT = "account.group_account_invoice"

# Fields only Confirm, Cancel and funding write.
PROCESS_FIELDS = {"name", "state", "move_id", "insurer_line_id", "funds_received_on"}


class AccountPaymentBatchAssignment(models.Model):
    _name = "account.payment.batch.assignment"
    _description = "Insurance Assignment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index="trigram",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        check_company=True,
        tracking=True,
        index=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer Entity"
    )
    insurer_id = fields.Many2one(
        "res.partner",
        string="Insurer",
        required=True,
        check_company=True,
        tracking=True,
        index=True,
    )
    policy_number = fields.Char(tracking=True)
    amount = fields.Monetary(
        string="Assigned Amount",
        required=True,
        tracking=True,
        help="What the insurer pays instead of the customer.",
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "account_payment_batch_assignment_invoice_rel",
        "assignment_id",
        "move_id",
        string="Covered Invoices",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial')), "
        "('commercial_partner_id', '=', commercial_partner_id), "
        "('currency_id', '=', currency_id)]",
        help="The customer's open invoices the assigned amount pays, oldest due first.",
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="Date of the entry that moves the amount to the insurer.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'general')]",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    state = fields.Selection(
        ASSIGNMENT_STATES,
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    move_id = fields.Many2one(
        "account.move",
        string="Journal Entry",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
    )
    insurer_line_id = fields.Many2one(
        "account.move.line",
        string="Insurer Receivable",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
        help="The journal item the insurer owes: receipts from the insurer are "
        "allocated to it.",
    )
    funds_received_on = fields.Date(
        string="Funds Received On", readonly=True, copy=False, tracking=True
    )
    amount_funded = fields.Monetary(compute="_compute_amount_funded", string="Funded")
    amount_to_fund = fields.Monetary(
        compute="_compute_amount_funded", string="Still to Fund"
    )

    @api.depends("company_id")
    def _compute_journal_id(self):
        for assignment in self:
            journal = assignment.journal_id
            if not journal or journal.company_id != assignment.company_id:
                assignment.journal_id = self.env["account.journal"].search(
                    [
                        *self.env["account.journal"]._check_company_domain(
                            assignment.company_id
                        ),
                        ("type", "=", "general"),
                    ],
                    limit=1,
                )

    @api.depends("state", "amount", "insurer_line_id.amount_residual")
    def _compute_amount_funded(self):
        for assignment in self:
            if assignment.state == "cancel":
                assignment.amount_funded = assignment.amount_to_fund = 0.0
            elif assignment.insurer_line_id:
                residual = assignment.insurer_line_id.amount_residual
                assignment.amount_to_fund = residual
                assignment.amount_funded = assignment.currency_id.round(
                    assignment.amount - residual
                )
            else:
                assignment.amount_funded = 0.0
                assignment.amount_to_fund = assignment.amount

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for assignment in self:
            if assignment.name and assignment.name != "/":
                assignment.display_name = assignment.name
            else:
                assignment.display_name = _(
                    "Draft assignment of %(customer)s",
                    customer=assignment.partner_id.name or "",
                )

    @api.constrains("amount")
    def _check_amount_positive(self):
        for assignment in self:
            if assignment.currency_id.compare_amounts(assignment.amount, 0.0) <= 0:
                raise ValidationError(
                    _(
                        "%(assignment)s: the assigned amount must be positive, "
                        "not %(amount)s.",
                        assignment=assignment.display_name,
                        amount=assignment.amount,
                    )
                )

    @api.onchange("invoice_ids")
    def _onchange_invoice_ids(self):
        """Propose what the covered invoices still owe as the assigned amount."""
        if self.invoice_ids and not self.amount:
            self.amount = sum(self.invoice_ids.mapped("amount_residual"))

    # -------------------------------------------------------------------------
    # CRUD
    # -------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("assignment_processing"):
            for vals in vals_list:
                self._check_process_fields(
                    {
                        name
                        for name, value in vals.items()
                        if name in PROCESS_FIELDS
                        and value
                        and (name, value) not in (("name", "/"), ("state", "draft"))
                    }
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get("assignment_processing"):
            self._check_process_fields(set(vals))
            self._check_editable(set(vals))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        for assignment in self:
            if assignment.state != "draft":
                raise UserError(
                    _(
                        "%(assignment)s is %(state)s: only draft assignments can be "
                        "deleted; cancel it instead.",
                        assignment=assignment.display_name,
                        state=assignment._state_label(),
                    )
                )

    def _check_process_fields(self, field_names):
        fields_set = field_names & PROCESS_FIELDS
        if fields_set:
            raise UserError(
                _(
                    "The number, state, entry and funding date of an insurance "
                    "assignment are set by Confirm and Cancel, not by hand "
                    "(%(fields)s).",
                    fields=", ".join(sorted(fields_set)),
                )
            )

    def _check_editable(self, field_names):
        """Only drafts change: a confirmed assignment's entry says what it is."""
        field_names = {
            name
            for name in field_names
            if not name.startswith(("message_", "activity_"))
        }
        locked = self.filtered(lambda a: a.state != "draft")
        if field_names and locked:
            raise UserError(
                _(
                    "%(assignment)s is %(state)s: it can no longer be changed.",
                    assignment=locked[0].display_name,
                    state=locked[0]._state_label(),
                )
            )

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # -------------------------------------------------------------------------
    # NUMBERING
    # -------------------------------------------------------------------------

    @api.model
    def _get_sequence(self, company):
        """The assignment numbering of ``company``.

        The main company's sequence is data (``data/ir_sequence_data.xml``);
        another company gets a copy of it, with its own counter, on first use.
        """
        template = self.sudo().env.ref(SEQUENCE_XMLID, raise_if_not_found=False)
        sequences = self.env["ir.sequence"].sudo()
        code = DEFAULT_SEQUENCE_VALS["code"]
        sequence = sequences.search(
            [("code", "=", code), ("company_id", "=", company.id)], limit=1
        )
        if sequence:
            return sequence
        vals = {
            "name": _(
                "%(sequence)s (%(company)s)",
                sequence=template.name if template else _("Insurance Assignments"),
                company=company.name,
            ),
            "company_id": company.id,
            "number_next": 1,
        }
        if template:
            return template.copy(vals)
        # The data record was deleted: start again from its values.
        return sequences.create({**DEFAULT_SEQUENCE_VALS, **vals})

    # -------------------------------------------------------------------------
    # RIGHTS AND CHECKS
    # -------------------------------------------------------------------------

    def _check_right(self, action_label):
        """Raise AccessError unless the current user may book assignments."""
        if not self.env.su and not self.env.user.has_group(CONFIRM_RIGHT):
            raise AccessError(
                _(
                    "You are not allowed to %(action)s insurance assignments: ask "
                    "for the '%(group)s' right.",
                    action=action_label,
                    group=self.env.ref(CONFIRM_RIGHT).name,
                )
            )

    def _check_state(self, allowed_states, action_label):
        for assignment in self:
            if assignment.state not in allowed_states:
                raise UserError(
                    _(
                        "%(assignment)s is %(state)s: it cannot be %(action)s.",
                        assignment=assignment.display_name,
                        state=assignment._state_label(),
                        action=action_label,
                    )
                )

    def _open_items(self):
        """The covered invoices' open receivable items, oldest due first."""
        self.ensure_one()
        return self.invoice_ids.line_ids.filtered(
            lambda line: (
                line.display_type == "payment_term"
                and line.account_id.account_type == "asset_receivable"
                and not line.reconciled
            )
        ).sorted(lambda line: (line.date_maturity or line.date, line.id))

    @api.model
    def _free_amounts(self, items):
        """What each open item owes once receipts of open batches are counted.

        Every batch's plans count, also those of batches the user cannot
        see (an Invoicing user without batch rights reads no allocation).
        """
        return items.sudo()._batch_open_amounts()

    def _get_confirm_problems(self):
        """Why this draft assignment cannot be confirmed, one message per problem."""
        self.ensure_one()
        company = self.company_id
        currency = self.currency_id
        name = self.display_name
        problems = []

        def money(value):
            return format_amount(self.env, value, currency)

        if not self.invoice_ids:
            problems.append(
                _(
                    "%(assignment)s covers no invoice: add the customer's open "
                    "invoices the insurer pays.",
                    assignment=name,
                )
            )
        customer = self.partner_id.commercial_partner_id
        if self.insurer_id.commercial_partner_id == customer:
            problems.append(
                _(
                    "%(assignment)s: the insurer must be another partner than the "
                    "customer %(customer)s.",
                    assignment=name,
                    customer=customer.display_name,
                )
            )
        for invoice in self.invoice_ids:
            if invoice.commercial_partner_id != customer:
                problems.append(
                    _(
                        "%(assignment)s: invoice %(invoice)s is billed to %(partner)s, "
                        "not to the customer %(customer)s.",
                        assignment=name,
                        invoice=invoice.display_name,
                        partner=invoice.commercial_partner_id.display_name,
                        customer=customer.display_name,
                    )
                )
            if invoice.currency_id != currency:
                problems.append(
                    _(
                        "%(assignment)s: invoice %(invoice)s is in %(invoice_currency)s; "
                        "assignments cover invoices in the company's currency "
                        "(%(currency)s) only.",
                        assignment=name,
                        invoice=invoice.display_name,
                        invoice_currency=invoice.currency_id.name,
                        currency=currency.name,
                    )
                )
            if (
                invoice.move_type != "out_invoice"
                or invoice.state != "posted"
                or invoice.currency_id.is_zero(invoice.amount_residual)
            ):
                problems.append(
                    _(
                        "%(assignment)s: %(invoice)s is not a posted customer invoice "
                        "with something left to pay.",
                        assignment=name,
                        invoice=invoice.display_name,
                    )
                )
        items = self._open_items()
        owed = sum(items.mapped("amount_residual"))
        free = sum(max(value, 0.0) for value in self._free_amounts(items).values())
        if self.invoice_ids and currency.compare_amounts(self.amount, free) > 0:
            planned = currency.round(owed - free)
            if currency.is_zero(planned):
                problems.append(
                    _(
                        "%(assignment)s assigns %(amount)s, more than the %(owed)s its "
                        "invoices still owe.",
                        assignment=name,
                        amount=money(self.amount),
                        owed=money(owed),
                    )
                )
            else:
                problems.append(
                    _(
                        "%(assignment)s assigns %(amount)s, more than the %(free)s its "
                        "invoices still owe once the %(planned)s that receipts of open "
                        "batches plan to pay on them is counted.",
                        assignment=name,
                        amount=money(self.amount),
                        free=money(free),
                        planned=money(planned),
                    )
                )
        lock = company._get_user_fiscal_lock_date(self.journal_id)
        if self.date <= lock:
            problems.append(
                _(
                    "%(assignment)s is dated %(date)s, in a period locked until "
                    "%(lock)s.",
                    assignment=name,
                    date=format_date(self.env, self.date),
                    lock=format_date(self.env, lock),
                )
            )
        account = self.insurer_id.with_company(company).property_account_receivable_id
        if not account or not account.reconcile:
            problems.append(
                _(
                    "%(assignment)s: insurer %(insurer)s has no reconcilable "
                    "receivable account in %(company)s.",
                    assignment=name,
                    insurer=self.insurer_id.display_name,
                    company=company.name,
                )
            )
        return problems

    def _check_fundable(self):
        """Refuse funding these assignments by a receipt, naming the first reason.

        An assignment is funded while it is pending, has received no funds yet
        and its entry is not in a period locked for the current user (the
        entry has not been exported to the accounts).
        """
        for assignment in self:
            name = assignment.display_name
            if assignment.funds_received_on:
                raise UserError(
                    _(
                        "%(assignment)s was already funded on %(date)s: it takes no "
                        "more receipts.",
                        assignment=name,
                        date=format_date(self.env, assignment.funds_received_on),
                    )
                )
            if assignment.state != "pending":
                raise UserError(
                    _(
                        "%(assignment)s is %(state)s: only pending assignments take "
                        "receipts.",
                        assignment=name,
                        state=assignment._state_label(),
                    )
                )
            move = assignment.move_id
            lock = assignment.company_id._get_user_fiscal_lock_date(move.journal_id)
            if move.date <= lock:
                raise UserError(
                    _(
                        "%(assignment)s is dated %(date)s, in a period locked until "
                        "%(lock)s: it has been exported to the accounts and takes no "
                        "more receipts.",
                        assignment=name,
                        date=format_date(self.env, move.date),
                        lock=format_date(self.env, lock),
                    )
                )
            if assignment.insurer_line_id.reconciled:
                raise UserError(
                    _(
                        "%(assignment)s: the insurer owes nothing more on it.",
                        assignment=name,
                    )
                )

    # -------------------------------------------------------------------------
    # ACCOUNTING
    # -------------------------------------------------------------------------

    def _entry_label(self):
        self.ensure_one()
        if self.policy_number:
            return _(
                "Insurance assignment %(number)s, policy %(policy)s",
                number=self.name,
                policy=self.policy_number,
            )
        return _("Insurance assignment %(number)s", number=self.name)

    def _prepare_move_vals(self, items):
        """The assignment entry: the insurer owes what the customer owed.

        :param items: the open receivable items of the covered invoices, each
            with the amount the assignment pays on it, as ``[(line, amount)]``
        :return: values of an ``account.move``; its first line is the
            insurer's, then one customer line per item, in the order given
        """
        self.ensure_one()
        label = self._entry_label()
        insurer = self.insurer_id.commercial_partner_id
        customer = self.partner_id.commercial_partner_id
        account = self.insurer_id.with_company(
            self.company_id
        ).property_account_receivable_id
        lines = [
            Command.create(
                {
                    "name": label,
                    "account_id": account.id,
                    "partner_id": insurer.id,
                    "debit": self.amount,
                    "credit": 0.0,
                    "date_maturity": self.date,
                }
            )
        ]
        lines += [
            Command.create(
                {
                    "name": _(
                        "%(label)s: %(invoice)s",
                        label=label,
                        invoice=item.move_id.name,
                    ),
                    "account_id": item.account_id.id,
                    "partner_id": customer.id,
                    "debit": 0.0,
                    "credit": amount,
                    "date_maturity": self.date,
                }
            )
            for item, amount in items
        ]
        return {
            "move_type": "entry",
            "journal_id": self.journal_id.id,
            "company_id": self.company_id.id,
            "date": self.date,
            "ref": label,
            "line_ids": lines,
        }

    def _split_over_items(self):
        """What the assigned amount pays on each open item, oldest due first.

        Money that receipts of open batches already plan on an item is left
        to them, so that closing those batches still finds it open.
        """
        self.ensure_one()
        items = self._open_items()
        free = self._free_amounts(items)
        remaining = self.amount
        split = []
        for item in items:
            if self.currency_id.is_zero(remaining):
                break
            amount = min(max(free[item.id], 0.0), remaining)
            if not self.currency_id.is_zero(amount):
                split.append((item, amount))
                remaining = self.currency_id.round(remaining - amount)
        return split

    def action_confirm(self):
        """Book the assignment: one posted entry, the invoices paid by it."""
        self._check_right(_("confirm"))
        self._check_state(("draft",), _("confirmed"))
        problems = [
            p for assignment in self for p in assignment._get_confirm_problems()
        ]
        if problems:
            raise UserError("\n".join(problems))
        for assignment in self:
            assignment._confirm_one()
        return True

    def _confirm_one(self):
        self.ensure_one()
        # Checked again: an assignment confirmed with this one may have paid
        # the same invoices.
        problems = self._get_confirm_problems()
        if problems:
            raise UserError("\n".join(problems))
        self.with_context(assignment_processing=True).name = self._get_sequence(
            self.company_id
        ).next_by_id(sequence_date=self.date)
        split = self._split_over_items()
        move = self.env["account.move"].create(self._prepare_move_vals(split))
        move.action_post()
        insurer_line = move.line_ids.filtered(
            lambda line: (
                line.partner_id == self.insurer_id.commercial_partner_id
                and line.balance > 0
            )
        )
        # Lines are created in the order given: one customer line per item.
        customer_lines = (move.line_ids - insurer_line).sorted("id")
        self.env["account.move.line"]._reconcile_plan(
            [line | item for line, (item, _amount) in zip(customer_lines, split)]
        )
        self.with_context(assignment_processing=True).write(
            {
                "state": "pending",
                "move_id": move.id,
                "insurer_line_id": insurer_line.id,
            }
        )
        message = _(
            "Confirmed: %(amount)s moved from %(customer)s to %(insurer)s by entry",
            amount=format_amount(self.env, self.amount, self.currency_id),
            customer=self.partner_id.display_name,
            insurer=self.insurer_id.display_name,
        )
        self.message_post(body=Markup("%s %s") % (message, move._get_html_link()))

    def action_cancel(self):
        """Cancel a draft, or reverse the entry of a pending, unfunded assignment."""
        self._check_right(_("cancel"))
        self._check_state(("draft", "pending"), _("cancelled"))
        for assignment in self.filtered(lambda a: a.state == "pending"):
            line = assignment.insurer_line_id
            if (
                assignment.funds_received_on
                or line.matched_debit_ids
                or line.matched_credit_ids
            ):
                raise UserError(
                    _(
                        "%(assignment)s has received %(funded)s of %(amount)s from "
                        "%(insurer)s: it cannot be cancelled. Undo the insurer's "
                        "payment first.",
                        assignment=assignment.display_name,
                        funded=format_amount(
                            self.env, assignment.amount_funded, assignment.currency_id
                        ),
                        amount=format_amount(
                            self.env, assignment.amount, assignment.currency_id
                        ),
                        insurer=assignment.insurer_id.display_name,
                    )
                )
        for assignment in self:
            reversal = assignment._reverse_entry()
            assignment.with_context(assignment_processing=True).state = "cancel"
            if reversal:
                assignment.message_post(
                    body=Markup("%s %s")
                    % (_("Cancelled: entry reversed by"), reversal._get_html_link())
                )
        return True

    def _reverse_entry(self):
        """Reverse the assignment entry, reconciled with it; the invoices reopen.

        The reversal is dated like the assignment, or on the first open day
        when that date has been locked since.
        """
        self.ensure_one()
        move = self.move_id
        if not move:
            return move
        lock = self.company_id._get_user_fiscal_lock_date(move.journal_id)
        date = (
            move.date
            if move.date > lock
            else move._get_accounting_date(move.date, False)
        )
        # cancel=True first undoes every reconciliation of the entry (the
        # customer lines with the invoices), then matches it with its reversal.
        return move._reverse_moves(
            [
                {
                    "date": date,
                    "ref": _("Reversal of: %(label)s", label=move.ref),
                }
            ],
            cancel=True,
        )

    def _mark_funded(self, date):
        """Mark funded the pending assignments whose insurer item is fully paid.

        :param date: the day the insurer's funds were received
        :return: the assignments marked funded
        """
        date = fields.Date.to_date(date)
        funded = self.filtered(
            lambda a: a.state == "pending" and a.insurer_line_id.reconciled
        )
        if not funded:
            return funded
        funded.with_context(assignment_processing=True).write(
            {"state": "funded", "funds_received_on": date}
        )
        for assignment in funded:
            assignment.message_post(
                body=_(
                    "Funded: %(insurer)s paid %(amount)s, received on %(date)s.",
                    insurer=assignment.insurer_id.display_name,
                    amount=format_amount(
                        self.env, assignment.amount, assignment.currency_id
                    ),
                    date=format_date(self.env, date),
                )
            )
        return funded

    def action_open_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.move_id.id,
        }
