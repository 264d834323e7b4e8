"""Insurance assignments: a customer's debt moved to an insurer by one entry."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

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

    def action_open_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.move_id.id,
        }
