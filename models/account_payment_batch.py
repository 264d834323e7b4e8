import psycopg2.errors

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.misc import format_amount

from ..batch_core.balance import batch_differences

BATCH_STATES = [
    ("draft", "Draft"),
    ("open", "Open"),
    ("closed", "Closed"),
    ("cancel", "Cancelled"),
]

# Fields a user may still change on a closed or cancelled batch.
UNLOCKED_FIELDS = {"active", "description"}


class AccountPaymentBatch(models.Model):
    _name = "account.payment.batch"
    _description = "Payment Batch"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
        copy=False,
        help="Created by a scheduled or programmatic process.",
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
        precompute=True,
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
        return [key for key, _label in BATCH_STATES]

    @api.depends("batch_type_id")
    def _compute_journal_id(self):
        for batch in self:
            if batch.batch_type_id.journal_id and not batch.journal_id:
                batch.journal_id = batch.batch_type_id.journal_id

    @api.depends("journal_id", "company_id")
    def _compute_currency_id(self):
        for batch in self:
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
        """The batch numbering of ``company``, created on first use."""
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [("code", "=", self._name), ("company_id", "=", company.id)],
                limit=1,
            )
        )
        if not sequence:
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": _(
                            "Payment Batches (%(company)s)", company=company.name
                        ),
                        "code": self._name,
                        "company_id": company.id,
                        "prefix": "BATCH/%(range_year)s/",
                        "padding": 5,
                        "use_date_range": True,
                    }
                )
            )
        return sequence

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

    @api.ondelete(at_uninstall=False)
    def _unlink_only_empty_drafts(self):
        for batch in self:
            if batch.state != "draft":
                raise UserError(
                    _(
                        "Batch %(batch)s is %(state)s: only draft batches can be deleted; "
                        "cancel it instead.",
                        batch=batch.name,
                        state=batch._state_label(),
                    )
                )
            if batch.payment_ids:
                raise UserError(
                    _(
                        "Batch %(batch)s holds %(count)s receipts: remove them before "
                        "deleting the batch.",
                        batch=batch.name,
                        count=len(batch.payment_ids),
                    )
                )

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_editable(self, field_names=None):
        """Refuse changes to closed or cancelled batches.

        :param field_names: the fields about to change; ``None`` means any
            change (lines, receipts).
        """
        locked = self.filtered(lambda b: b.state in ("closed", "cancel"))
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

    def _check_right(self, group_xmlid, action_label):
        """Raise AccessError unless the current user has ``group_xmlid``."""
        if not self.env.su and not self.env.user.has_group(group_xmlid):
            raise AccessError(
                _(
                    "You are not allowed to %(action)s payment batches: ask for the "
                    "'%(group)s' right.",
                    action=action_label,
                    group=self.env.ref(group_xmlid).name,
                )
            )

    def _check_state(self, allowed_states, action_label):
        for batch in self:
            if batch.state not in allowed_states:
                raise UserError(
                    _(
                        "Batch %(batch)s is %(state)s: it cannot be %(action)s.",
                        batch=batch.name,
                        state=batch._state_label(),
                        action=action_label,
                    )
                )

    # -------------------------------------------------------------------------
    # LIFECYCLE
    # -------------------------------------------------------------------------

    def action_open(self):
        """Draft -> open: corrected totals start from the recorded ones."""
        self._check_right("account_payment_batch.group_batch_open", _("open"))
        self._check_state(("draft",), _("opened"))
        self.line_ids._reset_corrected_totals()
        self.with_context(batch_processing=True).write(
            {
                "state": "open",
                "opened_by_id": self.env.user.id,
                "opened_at": fields.Datetime.now(),
                "assigned_to_id": self.env.user.id,
            }
        )
        return True

    def action_assign(self, user):
        """Hand an open batch to ``user``; corrected totals go back to recorded."""
        self._check_state(("open",), _("assigned"))
        is_manager = self.env.su or self.env.user.has_group(
            "account_payment_batch.group_batch_manager"
        )
        for batch in self:
            if not is_manager and batch.opened_by_id != self.env.user:
                raise AccessError(
                    _(
                        "Only %(opener)s, who opened batch %(batch)s, or a batch manager "
                        "may assign it.",
                        opener=batch.opened_by_id.name,
                        batch=batch.name,
                    )
                )
        if not user.has_group("account_payment_batch.group_batch_user"):
            raise UserError(
                _("%(user)s has no access to payment batches.", user=user.name)
            )
        self.line_ids._reset_corrected_totals()
        self.with_context(batch_processing=True).write({"assigned_to_id": user.id})
        for batch in self:
            batch.message_post(
                body=_(
                    "Assigned to %(user)s; corrected totals reset to the recorded ones.",
                    user=user.name,
                )
            )
        return True

    def action_open_assign_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Assign Batch"),
            "res_model": "account.payment.batch.assign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_batch_id": self.id},
        }

    def _get_close_problems(self):
        """Messages of everything that keeps these batches from closing.

        All problems are collected at once, so that one dry run tells the
        clerk everything to fix.
        """
        problems = []
        for batch in self:
            problems += batch._get_balance_problems()
        problems += self.payment_ids._get_batch_post_problems()
        return problems

    def _get_balance_problems(self):
        self.ensure_one()
        if not self.batch_type_id.require_balanced:
            return []
        differences = batch_differences(
            (
                (line.display_name, line._totals("corrected"), line._totals("entered"))
                for line in self.line_ids
            ),
            self.currency_id.rounding,
        )
        problems = []
        for diff in differences:
            if diff.is_amount:
                corrected = format_amount(self.env, diff.corrected, self.currency_id)
                entered = format_amount(self.env, diff.entered, self.currency_id)
            else:
                corrected, entered = diff.corrected, diff.entered
            problems.append(
                _(
                    "%(batch)s, line %(line)s: %(total)s corrected %(corrected)s, "
                    "entered %(entered)s",
                    batch=self.name,
                    line=diff.line,
                    total=diff.label,
                    corrected=corrected,
                    entered=entered,
                )
            )
        return problems

    def action_check_close(self):
        """Dry run of the close: list every problem without writing anything."""
        problems = self._get_close_problems()
        if problems:
            params = {
                "title": _(
                    "%(count)s problems keep this batch from closing",
                    count=len(problems),
                ),
                "message": "\n".join(problems),
                "type": "warning",
                "sticky": True,
            }
        else:
            params = {
                "title": _("Ready to close"),
                "message": _("The batch balances and every receipt can be posted."),
                "type": "success",
                "sticky": False,
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": params,
        }

    def action_close(self):
        """Open -> closed: refuse unless balanced, then post and lock."""
        self._check_right("account_payment_batch.group_batch_close", _("close"))
        self._check_state(("open",), _("closed"))
        self._lock_for_processing()
        self._check_state(("open",), _("closed"))
        problems = self._get_close_problems()
        if problems:
            raise UserError(
                _(
                    "The batch cannot be closed:\n%(problems)s",
                    problems="\n".join(problems),
                )
            )
        self.with_context(batch_processing=True)._post_receipts()
        self.with_context(batch_processing=True).write(
            {
                "state": "closed",
                "closed_by_id": self.env.user.id,
                "closed_at": fields.Datetime.now(),
            }
        )
        suspense = self.payment_ids.filtered("batch_is_suspense")
        if not suspense:
            return True
        message = _(
            "Receipt allocation exists on a suspense account: %(receipts)s. "
            "Reassign them once the payer is known.",
            receipts=", ".join(
                f"{p.name} ({format_amount(self.env, p.amount, p.currency_id)})"
                for p in suspense
            ),
        )
        for batch in self:
            batch.message_post(body=message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Closed with receipts in suspense"),
                "message": message,
                "type": "warning",
                "sticky": True,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _lock_for_processing(self):
        """Lock the batch rows so that two users cannot process them at once."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM account_payment_batch WHERE id IN %s FOR UPDATE NOWAIT",
                        tuple(self.ids),
                    )
                )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                _(
                    "Another user is processing batch %(batch)s right now; try again shortly.",
                    batch=", ".join(self.mapped("name")),
                )
            ) from None
        self.invalidate_recordset(["state"])

    def _post_receipts(self):
        """Post what the batches hold, all or nothing.

        Pledges' invoices are posted; receipts are posted with their journal
        entries split per allocation and reconciled, when the type posts on
        close. Any error propagates and rolls the whole close back.
        """
        self.pledge_ids.filtered(lambda m: m.state == "draft").action_post()
        self.filtered("batch_type_id.post_on_close").payment_ids._batch_post()

    def _create_pledges(self, pledge_vals_list):
        """Enter pledges: each becomes a draft customer invoice of the batch.

        :param pledge_vals_list: dicts with ``partner_id``, ``amount``,
            ``line_id`` and optionally ``description`` and ``date``
        """
        self.ensure_one()
        self._check_editable()
        if self.state != "open":
            raise UserError(
                _(
                    "Batch %(batch)s is not open: pledges are entered in open batches.",
                    batch=self.name,
                )
            )
        income_account = self.batch_type_id.pledge_account_id
        invoice_vals_list = []
        for vals in pledge_vals_list:
            if self.currency_id.compare_amounts(vals["amount"], 0) <= 0:
                raise UserError(
                    _(
                        "A pledge must be a positive amount; %(amount)s was given.",
                        amount=vals["amount"],
                    )
                )
            line_vals = {
                "name": vals.get("description") or _("Pledge"),
                "quantity": 1,
                "price_unit": vals["amount"],
                "tax_ids": [Command.clear()],
            }
            if income_account:
                line_vals["account_id"] = income_account.id
            invoice_vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": vals["partner_id"],
                    "invoice_date": vals.get("date") or self.date_received,
                    "currency_id": self.currency_id.id,
                    "company_id": self.company_id.id,
                    "batch_id": self.id,
                    "batch_line_id": vals["line_id"],
                    "invoice_line_ids": [Command.create(line_vals)],
                }
            )
        return self.env["account.move"].create(invoice_vals_list)

    def action_cancel(self):
        """Draft/open -> cancel: delete the unposted receipts. Irreversible."""
        self._check_right("account_payment_batch.group_batch_cancel", _("cancel"))
        self._check_state(("draft", "open"), _("cancelled"))
        payments = self.payment_ids
        posted = payments.filtered(lambda p: p.state != "draft")
        if posted:
            raise UserError(
                _(
                    "Receipt %(receipt)s of batch %(batch)s is already posted: reverse it "
                    "before cancelling the batch.",
                    receipt=posted[0].display_name,
                    batch=posted[0].batch_id.name,
                )
            )
        for batch in self:
            batch.message_post(
                body=_(
                    "Cancelled; %(count)s receipts and %(pledges)s pledges deleted.",
                    count=len(batch.payment_ids),
                    pledges=len(batch.pledge_ids),
                )
            )
        payments.with_context(batch_processing=True).unlink()
        self.pledge_ids.filtered(lambda m: m.state == "draft").unlink()
        self.with_context(batch_processing=True).write({"state": "cancel"})
        return True

    def action_open_pledge_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Add Pledge"),
            "res_model": "account.payment.batch.pledge",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_batch_id": self.id,
                "default_line_id": self.line_ids[:1].id,
            },
        }

    def action_open_cancel_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Cancel Batch"),
            "res_model": "account.payment.batch.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_batch_id": self.id},
        }

    def action_view_payments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Receipts of %(batch)s", batch=self.name),
            "res_model": "account.payment",
            "view_mode": "list,form",
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
