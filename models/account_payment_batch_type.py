from odoo import api, fields, models

BATCH_KINDS = [
    ("cash_receipt", "Cash Receipt"),
    ("refund", "Refund"),
    ("account_balance", "Account-Balance Allocation"),
    ("card_charge", "Card Charge"),
]


class AccountPaymentBatchType(models.Model):
    _name = "account.payment.batch.type"
    _description = "Payment Batch Type"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        help="Short code shown on batches and reports, unique per company.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        BATCH_KINDS,
        required=True,
        default="cash_receipt",
        help="Cash receipts bring money in, refunds pay it back, account-balance "
        "allocations apply existing customer credit to invoices, card charges "
        "collect open invoices from saved payment methods.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Default Journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        help="Bank or cash journal proposed on new batches of this type.",
    )
    payment_method_line_ids = fields.Many2many(
        "account.payment.method.line",
        string="Allowed Payment Methods",
        check_company=True,
        domain="[('journal_id.type', 'in', ('bank', 'cash'))]",
        help="Leave empty to allow every payment method of the batch's journal.",
    )
    line_type_ids = fields.One2many(
        "account.payment.batch.line.type",
        "batch_type_id",
        string="Line Types",
        copy=True,
    )
    require_balanced = fields.Boolean(
        string="Require Balanced Totals",
        default=True,
        help="A batch may close only when the corrected totals of every line "
        "equal its entered totals.",
    )
    post_on_close = fields.Boolean(
        default=True,
        help="Post the batch's receipts when it closes. When off, closing only "
        "locks the batch and the receipts reach accounting when an accountant "
        "posts them.",
    )
    auto_match = fields.Boolean(
        default=True,
        help="Match receipts to open invoices automatically when they are saved.",
    )
    allow_on_account = fields.Boolean(
        string="Allow On-Account Remainders",
        default=True,
        help="When off, every receipt must be allocated in full before the batch closes.",
    )
    require_deposit = fields.Boolean(
        string="Require a Deposit",
        help="A batch may close only when its deposits carry its bankable total "
        "(cheques and cash). Without it, a deposit prepared must still match.",
    )
    pledge_account_id = fields.Many2one(
        "account.account",
        string="Pledge Income Account",
        check_company=True,
        help="Income account of the invoices pledges create; empty: the sales "
        "journal's default account.",
    )
    suspense_account_id = fields.Many2one(
        "account.account",
        check_company=True,
        help="Account that receives money whose payer is unknown until it is "
        "reassigned.",
    )
    card_charge_grouping = fields.Selection(
        [
            ("customer", "One Charge per Customer"),
            ("invoice", "One Charge per Invoice"),
        ],
        string="Card Charges",
        default="customer",
        required=True,
        help="Card charge batches: charge each customer once for all of their "
        "selected invoices (the default: one card transaction, one processing "
        "fee and one line on the customer's statement, and a decline is handled "
        "once per customer), or once per invoice (each invoice gets its own "
        "transaction and payment number).",
    )
    background_post_threshold = fields.Integer(
        string="Post in the Background Above",
        default=0,
        help="Closing a batch with more receipts than this posts them in the "
        "background, in jobs of the size below that several Odoo workers run in "
        "parallel; the batch shows Posting… until every job is done. Needs the "
        "OCA module Job Queue (queue_job) installed; without it, or at 0, a batch "
        "is always closed at once.",
    )
    background_chunk_size = fields.Integer(
        string="Receipts per Background Job",
        default=200,
        help="How many receipts one background job posts.",
    )
    policy_term_invoice_field = fields.Selection(
        selection="_selection_invoice_key_fields",
        string="Policy Term ID on Invoices",
        help="The invoice field that holds the policy term id receipts name. "
        "Empty: the invoice's reference, payment reference or source document, "
        "like the policy number.",
    )
    policy_transaction_invoice_field = fields.Selection(
        selection="_selection_invoice_key_fields",
        string="Policy Transaction ID on Invoices",
        help="The invoice field that holds the policy transaction id receipts "
        "name. Empty: the invoice's reference, payment reference or source "
        "document, like the policy number.",
    )
    batch_count = fields.Integer(compute="_compute_batch_count")

    _code_company_uniq = models.Constraint(
        "UNIQUE (code, company_id)",
        "The code of a batch type must be unique per company.",
    )
    _background_post_threshold_positive = models.Constraint(
        "CHECK (background_post_threshold >= 0)",
        "The background posting threshold cannot be negative.",
    )
    _background_chunk_size_positive = models.Constraint(
        "CHECK (background_chunk_size > 0)",
        "A background job posts at least one receipt.",
    )

    @api.model
    def _selection_invoice_key_fields(self):
        """Stored text fields of invoices a policy key may be looked for in."""
        Move = self.env["account.move"]
        return sorted(
            (
                (name, field.get_description(self.env)["string"])
                for name, field in Move._fields.items()
                if field.type == "char" and field.store and not name.startswith("_")
            ),
            key=lambda item: item[1],
        )

    def _compute_batch_count(self):
        counts = dict(
            self.env["account.payment.batch"]._read_group(
                [("batch_type_id", "in", self.ids)],
                ["batch_type_id"],
                ["__count"],
            )
        )
        for batch_type in self:
            batch_type.batch_count = counts.get(batch_type, 0)

    @api.depends("name", "code")
    def _compute_display_name(self):
        for batch_type in self:
            batch_type.display_name = (
                f"[{batch_type.code}] {batch_type.name}"
                if batch_type.code
                else batch_type.name
            )
