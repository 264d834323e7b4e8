"""Batches: fields, totals, numbering, locking, rights and the processing lock."""

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

BATCH_STATES = [
    ("draft", "Draft"),
    ("open", "Open"),
    # Closing in the background (account_payment_batch_background.py).
    ("posting", "Posting…"),
    ("closed", "Closed"),
    ("cancel", "Cancelled"),
]

SEQUENCE_XMLID = "account_payment_batch.seq_account_payment_batch"
# What the data sequences hold, should their records have been deleted.
DEFAULT_SEQUENCE_VALS = {
    "account_payment_batch.seq_account_payment_batch_assignment": {
        "code": "account.payment.batch.assignment",
        "prefix": "ASGN/%(range_year)s/",
        "padding": 5,
        "use_date_range": True,
    },
    SEQUENCE_XMLID: {
        "code": "account.payment.batch",
        "prefix": "BATCH/%(range_year)s/",
        "padding": 5,
        "use_date_range": True,
    },
    "account_payment_batch.seq_account_payment_batch_deposit": {
        "code": "account.payment.batch.deposit",
        "prefix": "DEP/%(range_year)s/",
        "padding": 5,
        "use_date_range": True,
    },
}

# Fields a user may still change on a closed or cancelled batch.
UNLOCKED_FIELDS = {"active", "description"}


class AccountPaymentBatch(models.Model):
    _name = "account.payment.batch"
    _description = "Payment Batch"
    _inherit = ["mail.thread", "mail.activity.mixin", "account.payment.batch.checks"]
    _order = "date_received desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index="trigram",
    )
    batch_type_id = fields.Many2one(
        "account.payment.batch.type",
        string="Batch Type",
        required=True,
        check_company=True,
        tracking=True,
        index=True,
    )
    kind = fields.Selection(related="batch_type_id.kind")
    state = fields.Selection(
        BATCH_STATES,
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand="_expand_states",
    )
    is_automated = fields.Boolean(
        string="Automated",
        readonly=True,
        copy=False,
        help="Created without a clerk, from a file sent by email to the batch "
        "type's address or by the create_from_file server call. Never set by hand.",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Journal",
        required=True,
        check_company=True,
        tracking=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The bank journal's currency; chosen for account-balance allocation "
        "batches, which move no money.",
    )
    date_received = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    received_from_id = fields.Many2one(
        "res.partner",
        string="Received From",
        check_company=True,
        tracking=True,
        help="Who handed in the batch (e.g. a company coordinator).",
    )
    reference = fields.Char(tracking=True)
    confirmation_number = fields.Char(string="Confirmation No.", tracking=True)
    description = fields.Text()
    campaign_id = fields.Many2one("utm.campaign", string="Campaign")
    year = fields.Integer(
        default=lambda self: fields.Date.context_today(self).year,
        help="Fiscal or calendar year the batch belongs to.",
    )
    opened_by_id = fields.Many2one(
        "res.users", string="Opened By", copy=False, readonly=True
    )
    opened_at = fields.Datetime(string="Opened On", copy=False, readonly=True)
    assigned_to_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        copy=False,
        readonly=True,
        tracking=True,
    )
    closed_by_id = fields.Many2one(
        "res.users", string="Closed By", copy=False, readonly=True
    )
    closed_at = fields.Datetime(string="Closed On", copy=False, readonly=True)
    line_ids = fields.One2many(
        "account.payment.batch.line",
        "batch_id",
        string="Lines",
        copy=True,
    )
    payment_ids = fields.One2many(
        "account.payment",
        "batch_id",
        string="Receipts",
        copy=False,
    )
    pledge_ids = fields.One2many(
        "account.move",
        "batch_id",
        string="Pledges",
        copy=False,
    )
    suspense_count = fields.Integer(
        compute="_compute_suspense_count", string="Receipts in Suspense"
    )
    payment_count = fields.Integer(compute="_compute_totals", string="Receipts Entered")
    amount_entered = fields.Monetary(compute="_compute_totals", string="Amount Entered")
    amount_corrected = fields.Monetary(
        compute="_compute_totals", string="Amount Expected"
    )
    amount_difference = fields.Monetary(compute="_compute_totals", string="Difference")
    is_balanced = fields.Boolean(compute="_compute_totals")

    @api.model
    def _expand_states(self, states, domain):
        # Posting is a passing state: its kanban column shows only while a
        # batch is in it.
        return [
            key for key, _label in BATCH_STATES if key != "posting" or key in states
        ]

    @api.depends("batch_type_id")
    def _compute_journal_id(self):
        for batch in self:
            if batch.batch_type_id.journal_id and not batch.journal_id:
                batch.journal_id = batch.batch_type_id.journal_id
            elif batch.kind == "account_balance" and not batch.journal_id:
                # Receipts need a journal, though no money reaches it.
                batch.journal_id = self.env["account.journal"].search(
                    [
                        *self.env["account.journal"]._check_company_domain(
                            batch.company_id or self.env.company
                        ),
                        ("type", "=", "bank"),
                    ],
                    limit=1,
                )

    @api.depends("journal_id", "company_id", "batch_type_id")
    def _compute_currency_id(self):
        for batch in self:
            if batch.kind == "account_balance" and batch.currency_id:
                continue  # chosen for the batch: no bank account sets it
            batch.currency_id = (
                batch.journal_id.currency_id or batch.company_id.currency_id
            )

    @api.depends(
        "line_ids.corrected_payment_amount",
        "line_ids.entered_payment_amount",
        "line_ids.entered_payment_count",
        "line_ids.is_balanced",
    )
    def _compute_totals(self):
        for batch in self:
            lines = batch.line_ids
            batch.payment_count = sum(lines.mapped("entered_payment_count"))
            batch.amount_entered = sum(lines.mapped("entered_payment_amount"))
            batch.amount_corrected = sum(lines.mapped("corrected_payment_amount"))
            batch.amount_difference = batch.currency_id.round(
                batch.amount_corrected - batch.amount_entered
            )
            batch.is_balanced = all(lines.mapped("is_balanced"))

    @api.depends("payment_ids.batch_is_suspense")
    def _compute_suspense_count(self):
        counts = dict(
            self.env["account.payment"]._read_group(
                [("batch_id", "in", self.ids), ("batch_is_suspense", "=", True)],
                ["batch_id"],
                ["__count"],
            )
        )
        for batch in self:
            batch.suspense_count = counts.get(batch._origin, 0)

    @api.onchange("batch_type_id")
    def _onchange_batch_type_id(self):
        """Propose one line per line type of the chosen type on a new batch."""
        if self.state == "draft" and self.batch_type_id:
            self.line_ids = [Command.clear()] + [
                Command.create(vals)
                for vals in self._prepare_line_vals_list(self.batch_type_id)
            ]

    # -------------------------------------------------------------------------
    # CRUD
    # -------------------------------------------------------------------------

    @api.model
    def _prepare_line_vals_list(self, batch_type):
        """Values of the lines a new batch of ``batch_type`` starts with."""
        return [
            {"line_type_id": line_type.id, "sequence": line_type.sequence}
            for line_type in batch_type.line_type_ids
        ]

    def _get_sequence(self, company):
        """The batch numbering of ``company``."""
        return self._get_company_sequence(company, SEQUENCE_XMLID)

    @api.model
    def _get_company_sequence(self, company, xmlid):
        """The sequence of ``company`` made after the data record ``xmlid``.

        The main company's sequence is data (``data/ir_sequence_data.xml``).
        Companies are created after the addon is installed, so any other one
        gets a copy of it, with its own counter, on first use.
        """
        template = self.sudo().env.ref(xmlid, raise_if_not_found=False)
        sequences = self.env["ir.sequence"].sudo()
        code = template.code if template else DEFAULT_SEQUENCE_VALS[xmlid]["code"]
        sequence = sequences.search(
            [("code", "=", code), ("company_id", "=", company.id)], limit=1
        )
        if sequence:
            return sequence
        vals = {
            "name": _(
                "%(sequence)s (%(company)s)",
                sequence=template.name if template else code,
                company=company.name,
            ),
            "company_id": company.id,
            "number_next": 1,
        }
        if template:
            return template.copy(vals)
        # The data record was deleted: start again from its values.
        return sequences.create({**DEFAULT_SEQUENCE_VALS[xmlid], **vals})

    @api.model_create_multi
    def create(self, vals_list):
        batch_types = self.env["account.payment.batch.type"].browse(
            [vals["batch_type_id"] for vals in vals_list if vals.get("batch_type_id")]
        )
        batch_types.fetch(["line_type_ids"])
        for vals in vals_list:
            if "line_ids" not in vals and vals.get("batch_type_id"):
                batch_type = batch_types.browse(vals["batch_type_id"])
                vals["line_ids"] = [
                    Command.create(line_vals)
                    for line_vals in self._prepare_line_vals_list(batch_type)
                ]
        batches = super().create(vals_list)
        for batch in batches.filtered(lambda b: b.name == "/"):
            batch.name = self._get_sequence(batch.company_id).next_by_id(
                sequence_date=batch.date_received
            )
        return batches

    def write(self, vals):
        if not self.env.context.get("batch_processing"):
            self._check_editable(set(vals))
            if vals.get("active") is False and self.filtered(
                lambda b: b.state not in ("closed", "cancel")
            ):
                raise UserError(_("Only closed or cancelled batches can be archived."))
        return super().write(vals)

    def _check_editable(self, field_names=None):
        """Refuse changes to batches being posted, closed or cancelled.

        :param field_names: the fields about to change; ``None`` means any
            change (lines, receipts).
        """
        locked = self.filtered(lambda b: b.state in ("posting", "closed", "cancel"))
        if field_names is not None:
            field_names = {
                name
                for name in field_names
                if name not in UNLOCKED_FIELDS
                and not name.startswith(("message_", "activity_"))
            }
            if not field_names:
                return
        if locked:
            raise UserError(
                _(
                    "Batch %(batch)s is %(state)s and locked: it can no longer be changed.",
                    batch=locked[0].name,
                    state=locked[0]._state_label(),
                )
            )

    def _check_accepts_receipts(self):
        """Receipts are added (entered or imported) to draft and open batches only."""
        for batch in self:
            if batch.state not in ("draft", "open"):
                raise UserError(
                    _(
                        "Batch %(batch)s is %(state)s: no receipt can be added to it.",
                        batch=batch.name,
                        state=batch._state_label(),
                    )
                )

    # -------------------------------------------------------------------------
    # RIGHTS
    # -------------------------------------------------------------------------

    def _checks_records_label(self):
        return _("payment batches")

    def _checks_record_label(self):
        return _("Batch %(batch)s", batch=self.name)

    # -------------------------------------------------------------------------
    # ACTIONS
    # -------------------------------------------------------------------------

    def action_view_payments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Receipts of %(batch)s", batch=self.name),
            "res_model": "account.payment",
            "view_mode": "list,form",
            "views": [
                (
                    self.env.ref(
                        "account_payment_batch.view_account_payment_batch_receipts_list"
                    ).id,
                    "list",
                ),
                (False, "form"),
            ],
            "domain": [("batch_id", "=", self.id)],
            "context": {
                "default_batch_id": self.id,
                "default_journal_id": self.journal_id.id,
                "default_payment_type": "outbound"
                if self.kind == "refund"
                else "inbound",
                "default_partner_type": "customer",
            },
        }
