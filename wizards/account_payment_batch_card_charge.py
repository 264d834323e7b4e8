"""Charge Cards: create a batch, select open invoices, confirm and submit."""

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..models.account_payment_batch_card_charge import CHARGE_GROUP

# Open invoices listed at most; narrow the filters to see others.
CANDIDATE_LIMIT = 2000
STEPS = [
    ("create", "Create Batch"),
    ("select", "Select Open Invoices"),
    ("confirm", "Confirm"),
]


class AccountPaymentBatchCardCharge(models.TransientModel):
    _name = "account.payment.batch.card.charge"
    _description = "Charge Saved Cards"
    _check_company_auto = True

    step = fields.Selection(STEPS, default="create", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    batch_type_id = fields.Many2one(
        "account.payment.batch.type",
        string="Batch Type",
        required=True,
        check_company=True,
        domain="[('kind', '=', 'card_charge'), ('company_id', '=', company_id)]",
        default=lambda self: self._default_batch_type(),
    )
    payment_method_line_id = fields.Many2one(
        "account.payment.method.line",
        string="Payment Method",
        compute="_compute_payment_method_line_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="[('id', 'in', allowed_method_line_ids)]",
        help="The payment method of a bank journal linked to the payment provider "
        "that holds the customers' saved cards.",
    )
    allowed_method_line_ids = fields.Many2many(
        "account.payment.method.line", compute="_compute_allowed_method_line_ids"
    )
    provider_name = fields.Char(compute="_compute_provider")
    provider_state = fields.Selection(
        [("disabled", "Disabled"), ("enabled", "Enabled"), ("test", "Test Mode")],
        compute="_compute_provider",
    )
    payment_number = fields.Char(
        help="Used as the reference of every payment of the batch. Leave empty and "
        "each payment gets its own unique number.",
    )
    date_from = fields.Date(string="Invoice Date From")
    date_to = fields.Date(string="Invoice Date To")
    partner_ids = fields.Many2many("res.partner", string="Customers")
    amount_min = fields.Monetary(string="Amount From", currency_field="currency_id")
    amount_max = fields.Monetary(string="Amount To", currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    line_ids = fields.One2many(
        "account.payment.batch.card.charge.line", "wizard_id", string="Invoices"
    )
    eligible_line_ids = fields.One2many(
        "account.payment.batch.card.charge.line",
        "wizard_id",
        domain=[("reason", "=", False)],
        string="Open Invoices",
    )
    ineligible_line_ids = fields.One2many(
        "account.payment.batch.card.charge.line",
        "wizard_id",
        domain=[("reason", "!=", False)],
        string="Cannot Be Charged",
    )
    is_truncated = fields.Boolean(readonly=True)
    customer_count = fields.Integer(compute="_compute_selection_totals")
    invoice_count = fields.Integer(compute="_compute_selection_totals")
    amount_total = fields.Monetary(
        compute="_compute_selection_totals", currency_field="currency_id"
    )
    batch_id = fields.Many2one("account.payment.batch", readonly=True)

    @api.model
    def _default_batch_type(self):
        return self.env["account.payment.batch.type"].search(
            [("kind", "=", "card_charge"), ("company_id", "=", self.env.company.id)],
            limit=1,
        )

    @api.depends("batch_type_id", "company_id")
    def _compute_allowed_method_line_ids(self):
        for wizard in self:
            lines = wizard.batch_type_id.payment_method_line_ids or self.env[
                "account.payment.method.line"
            ].search(
                [
                    ("journal_id.company_id", "=", wizard.company_id.id),
                    ("journal_id.type", "=", "bank"),
                    ("payment_type", "=", "inbound"),
                ]
            )
            wizard.allowed_method_line_ids = lines.sudo().filtered(
                "payment_provider_id"
            )

    @api.depends("allowed_method_line_ids")
    def _compute_payment_method_line_id(self):
        for wizard in self:
            allowed = wizard.allowed_method_line_ids._origin
            if wizard.payment_method_line_id._origin not in allowed:
                preferred = allowed.filtered(
                    lambda line, w=wizard: line.journal_id == w.batch_type_id.journal_id
                )
                wizard.payment_method_line_id = (preferred or allowed)[:1]

    @api.depends("payment_method_line_id")
    def _compute_provider(self):
        for wizard in self:
            provider = wizard.payment_method_line_id.sudo().payment_provider_id
            wizard.provider_name = provider.name
            wizard.provider_state = provider.state

    @api.depends("payment_method_line_id", "company_id")
    def _compute_currency_id(self):
        for wizard in self:
            journal = wizard.payment_method_line_id.journal_id
            wizard.currency_id = journal.currency_id or wizard.company_id.currency_id

    @api.depends("line_ids.selected", "line_ids.amount_residual")
    def _compute_selection_totals(self):
        for wizard in self:
            selected = wizard.line_ids.filtered(
                lambda li: li.selected and not li.reason
            )
            wizard.customer_count = len(selected.partner_id)
            wizard.invoice_count = len(selected)
            wizard.amount_total = sum(selected.mapped("amount_residual"))

    # -------------------------------------------------------------------------
    # STEPS
    # -------------------------------------------------------------------------

    def _reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Charge Cards"),
        }

    def _check_not_submitted(self):
        if self.batch_id:
            raise UserError(
                _(
                    "This selection was already submitted as batch %(batch)s: nothing "
                    "was charged again.",
                    batch=self.batch_id.name,
                )
            )

    def action_next(self):
        """Create Batch -> Select Open Invoices: list what can be charged."""
        self.ensure_one()
        self.env["account.payment.batch"]._check_right(
            CHARGE_GROUP, _("charge cards in")
        )
        self._check_not_submitted()
        if self.batch_type_id.kind != "card_charge":
            raise UserError(_("Choose a batch type of kind Card Charge."))
        self._load_invoices()
        self.step = "select"
        return self._reopen()

    def action_refresh(self):
        """Apply the filters again; invoices already ticked stay ticked."""
        self.ensure_one()
        self._check_not_submitted()
        self._load_invoices()
        return self._reopen()

    def _invoice_domain(self):
        domain = self.env["account.payment.batch"]._card_charge_invoice_domain(
            self.company_id
        )
        if self.date_from:
            domain.append(("invoice_date", ">=", self.date_from))
        if self.date_to:
            domain.append(("invoice_date", "<=", self.date_to))
        if self.partner_ids:
            domain.append(
                (
                    "commercial_partner_id",
                    "in",
                    self.partner_ids.commercial_partner_id.ids,
                )
            )
        if self.amount_min:
            domain.append(("amount_residual", ">=", self.amount_min))
        if self.amount_max:
            domain.append(("amount_residual", "<=", self.amount_max))
        return domain

    def _load_invoices(self):
        kept = self.line_ids.filtered("selected").invoice_id
        invoices = self.env["account.move"].search(
            self._invoice_domain(),
            order="invoice_date, name, id",
            limit=CANDIDATE_LIMIT + 1,
        )
        self.is_truncated = len(invoices) > CANDIDATE_LIMIT
        invoices = invoices[:CANDIDATE_LIMIT]
        batches = self.env["account.payment.batch"]
        eligibility = batches._card_charge_eligibility(
            self.payment_method_line_id, invoices, self.currency_id
        )
        tokens = (
            self.env["payment.token"]
            .sudo()
            .union(*(token for token, _reason in eligibility.values()))
        )
        labels = {
            token: f"{token.payment_method_id.name} {token._build_display_name()}"
            for token in tokens
        }
        self.line_ids = [Command.clear()] + [
            Command.create(
                {
                    "invoice_id": invoice.id,
                    "token_id": token.id,
                    "token_label": labels.get(token, False),
                    "reason": reason or False,
                    "reason_label": batches._card_charge_reason_label(reason) or False,
                    "selected": not reason and (not kept or invoice in kept),
                }
            )
            for invoice, (token, reason) in eligibility.items()
        ]

    def action_select_all(self):
        self.ensure_one()
        self.eligible_line_ids.selected = True
        return self._reopen()

    def action_select_none(self):
        self.ensure_one()
        self.eligible_line_ids.selected = False
        return self._reopen()

    def action_confirm(self):
        """Select Open Invoices -> Confirm: the customers, invoices and total."""
        self.ensure_one()
        self._check_not_submitted()
        if not self.invoice_count:
            raise UserError(_("Select at least one invoice to charge."))
        self.step = "confirm"
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.step = "select" if self.step == "confirm" else "create"
        return self._reopen()

    def action_submit(self):
        """Confirm -> submitted: the batch is created and its charges sent."""
        self.ensure_one()
        self._check_not_submitted()
        invoices = self.line_ids.filtered(
            lambda li: li.selected and not li.reason
        ).invoice_id
        batch = self.env["account.payment.batch"]._card_charge_submit(
            self.batch_type_id,
            self.payment_method_line_id,
            invoices,
            payment_number=self.payment_number,
        )
        self.batch_id = batch
        background = batch._card_charge_start()
        return batch._card_charge_result_action(background)


class AccountPaymentBatchCardChargeLine(models.TransientModel):
    _name = "account.payment.batch.card.charge.line"
    _description = "Invoice to Charge"
    _order = "partner_name, invoice_date, id"

    wizard_id = fields.Many2one(
        "account.payment.batch.card.charge", required=True, ondelete="cascade"
    )
    selected = fields.Boolean(string="Charge")
    invoice_id = fields.Many2one("account.move", string="Invoice", required=True)
    partner_id = fields.Many2one(
        related="invoice_id.commercial_partner_id", string="Customer"
    )
    partner_name = fields.Char(related="partner_id.name", store=True)
    invoice_date = fields.Date(related="invoice_id.invoice_date", store=True)
    invoice_date_due = fields.Date(related="invoice_id.invoice_date_due")
    currency_id = fields.Many2one(related="invoice_id.currency_id")
    amount_residual = fields.Monetary(
        related="invoice_id.amount_residual", string="Amount Due"
    )
    token_id = fields.Many2one("payment.token", string="Saved Payment Method")
    token_label = fields.Char(string="Default Payment Method")
    reason = fields.Char()
    reason_label = fields.Char(string="Why Not")
