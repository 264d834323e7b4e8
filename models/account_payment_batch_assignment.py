"""Insurance assignments: a customer's debt moved to an insurer by one entry."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

ASSIGNMENT_STATES = [
    ("draft", "Draft"),
    ("pending", "Pending"),
    ("funded", "Funded"),
    ("cancel", "Cancelled"),
]

SEQUENCE_XMLID = "account_payment_batch.seq_account_payment_batch_assignment"

CONFIRM_RIGHT = "account_payment_batch.group_assignment_confirm"

# Fields only Confirm, Cancel and funding write.
PROCESS_FIELDS = {"name", "state", "move_id", "insurer_line_id", "funds_received_on"}
# Of an assignment entered with a receipt, these follow the receipt.
RECEIPT_FIELDS = {"insurer_id", "date", "batch_receipt_id"}


class AccountPaymentBatchAssignment(models.Model):
    _name = "account.payment.batch.assignment"
    _description = "Insurance Assignment"
    _inherit = ["mail.thread", "mail.activity.mixin", "account.payment.batch.checks"]
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
        compute="_compute_from_batch_receipt",
        store=True,
        readonly=False,
        precompute=True,
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
        compute="_compute_from_batch_receipt",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Date of the entry that moves the amount to the insurer; for an "
        "assignment entered with a receipt, the receipt's date.",
    )
    batch_receipt_id = fields.Many2one(
        "account.payment",
        string="Entered with Receipt",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
        ondelete="cascade",
        help="A new assignment entered in a batch with the insurer's receipt "
        "that pays it: booked and funded when the batch closes, never pending.",
    )
    batch_id = fields.Many2one(
        related="batch_receipt_id.batch_id", string="Entered in Batch"
    )
    allocation_ids = fields.One2many(
        "account.payment.allocation",
        "assignment_id",
        string="Receipt Allocations",
        groups="account_payment_batch.group_batch_user,account.group_account_readonly",
        help="Receipts of batches allocated to this assignment.",
    )
    receipt_ids = fields.Many2many(
        "account.payment",
        compute="_compute_receipt_ids",
        string="Funding Receipts",
        help="The insurer's receipts that fund this assignment or plan to.",
    )
    receipt_count = fields.Integer(compute="_compute_receipt_ids")
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

    @api.depends("batch_receipt_id.partner_id", "batch_receipt_id.date")
    def _compute_from_batch_receipt(self):
        """An assignment entered with a receipt: the payer insures, on its date."""
        for assignment in self:
            receipt = assignment.batch_receipt_id
            if receipt:
                assignment.insurer_id = receipt.partner_id
                assignment.date = receipt.date
            elif not assignment.date:
                assignment.date = fields.Date.context_today(assignment)

    @api.depends("allocation_ids.payment_id", "batch_receipt_id")
    def _compute_receipt_ids(self):
        for assignment in self:
            # Also for users without batch rights, who read no allocation.
            receipts = (
                assignment.sudo().allocation_ids.payment_id.with_env(self.env)
                | assignment.batch_receipt_id
            )
            assignment.receipt_ids = receipts
            assignment.receipt_count = len(receipts)

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

    @api.constrains("batch_receipt_id", "insurer_id")
    def _check_batch_receipt(self):
        for assignment in self.filtered("batch_receipt_id"):
            receipt = assignment.batch_receipt_id
            if assignment.state == "draft" and receipt.batch_id.state != "open":
                raise ValidationError(
                    _(
                        "%(assignment)s: batch %(batch)s is not open; new assignments "
                        "are entered with receipts of open batches.",
                        assignment=assignment.display_name,
                        batch=receipt.batch_id.name,
                    )
                )
            if receipt.batch_receipt_kind != "insurance_assignment":
                raise ValidationError(
                    _(
                        "%(assignment)s: receipt %(receipt)s is not an insurance "
                        "assignment receipt; set its kind before entering a new "
                        "assignment with it.",
                        assignment=assignment.display_name,
                        receipt=receipt._batch_label(),
                    )
                )
            if (
                assignment.insurer_id.commercial_partner_id
                != receipt.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    _(
                        "%(assignment)s: the insurer is the payer of receipt "
                        "%(receipt)s, not %(insurer)s.",
                        assignment=assignment.display_name,
                        receipt=receipt._batch_label(),
                        insurer=assignment.insurer_id.display_name,
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
        if field_names & RECEIPT_FIELDS and self.filtered("batch_receipt_id"):
            raise UserError(
                _(
                    "%(assignment)s was entered with receipt %(receipt)s: its insurer "
                    "and date are the receipt's payer and date; change the receipt.",
                    assignment=self.filtered("batch_receipt_id")[0].display_name,
                    receipt=self.filtered("batch_receipt_id")[
                        0
                    ].batch_receipt_id.display_name,
                )
            )
        locked = self.filtered(
            lambda a: (
                a.state != "draft"
                or (a.batch_receipt_id and a.batch_id.state != "open")
            )
        )
        if field_names and locked:
            raise UserError(
                _(
                    "%(assignment)s is %(state)s: it can no longer be changed.",
                    assignment=locked[0].display_name,
                    state=locked[0]._state_label(),
                )
            )

    # -------------------------------------------------------------------------
    # NUMBERING
    # -------------------------------------------------------------------------

    @api.model
    def _get_sequence(self, company):
        """The assignment numbering of ``company`` (made like the batches')."""
        return self.env["account.payment.batch"]._get_company_sequence(
            company, SEQUENCE_XMLID
        )

    # -------------------------------------------------------------------------
    # RIGHTS AND CHECKS
    # -------------------------------------------------------------------------

    def _checks_records_label(self):
        return _("insurance assignments")

    def action_open_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.move_id.id,
        }
