"""Batches: closing large batches in the background, in jobs of OCA queue_job.

Used only where the Job Queue module (``queue_job``) is installed, and only
for batches with more receipts than their type's threshold. The close itself
checks everything in the request, as a plain close does, then sets the batch
to *Posting…* and enqueues one job per chunk of receipts plus a last job that
depends on all of them. The chunk jobs may run at the same time in several
Odoo workers; the last one posts the pledges and closes the batch.

Each job is a transaction of its own: a chunk that fails is rolled back
whole, queue_job marks its job failed, and the batch shows the error with a
*Retry* until that job is run again. A chunk posts only the receipts still
in draft, so running it again never posts a receipt twice.

queue_job is not a dependency of this addon: nothing here touches its
models unless ``"queue.job" in self.env``.
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

CHANNEL_NAME = "account_payment_batch"
CHUNK_METHOD = "_post_chunk"
FINISH_METHOD = "_finish_background_post"
ON_FAIL_METHOD = "_on_background_post_failed"
# queue_job states of a job that will not run again unless requeued.
STOPPED_JOB_STATES = ("failed", "cancelled")


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    posting_graph_uuid = fields.Char(
        string="Posting Jobs Graph",
        copy=False,
        readonly=True,
        help="The queue_job graph of the jobs posting this batch in the background.",
    )
    posting_chunk_count = fields.Integer(
        string="Posting Jobs",
        copy=False,
        readonly=True,
        help="How many background jobs post the receipts of this batch.",
    )
    posting_chunk_done = fields.Integer(
        string="Posting Jobs Done",
        compute="_compute_posting_progress",
    )
    posting_failed = fields.Boolean(compute="_compute_posting_progress")
    posting_error = fields.Text(
        compute="_compute_posting_progress",
        help="Why the background posting of this batch stopped.",
    )

    # -------------------------------------------------------------------------
    # PROGRESS
    # -------------------------------------------------------------------------

    def _get_posting_jobs(self):
        """The queue.job records posting these batches, as superuser.

        Only where queue_job is installed; a batch finds its jobs by the uuid
        of their graph.
        """
        uuids = [uuid for uuid in self.mapped("posting_graph_uuid") if uuid]
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("graph_uuid", "in", uuids),
                    ("model_name", "=", self._name),
                    ("method_name", "in", (CHUNK_METHOD, FINISH_METHOD)),
                ],
                order="id",
            )
        )

    @api.depends("state", "posting_graph_uuid", "posting_chunk_count")
    def _compute_posting_progress(self):
        posting = self.filtered(lambda b: b.state == "posting")
        jobs_by_graph = {}
        if posting and "queue.job" in self.env:
            jobs_by_graph = posting._get_posting_jobs().grouped("graph_uuid")
        for batch in self:
            batch.posting_chunk_done = (
                batch.posting_chunk_count if batch.state == "closed" else 0
            )
            batch.posting_failed = False
            batch.posting_error = False
            if batch.state != "posting":
                continue
            jobs = jobs_by_graph.get(batch.posting_graph_uuid)
            if not jobs:
                continue
            batch.posting_chunk_done = len(
                jobs.filtered(
                    lambda j: j.method_name == CHUNK_METHOD and j.state == "done"
                )
            )
            stopped = jobs.filtered(lambda j: j.state in STOPPED_JOB_STATES)
            batch.posting_failed = bool(stopped)
            cancelled = _("cancelled in the job queue")
            batch.posting_error = (
                "\n".join(
                    f"{job.name}: {job.exc_message or job.exc_name or cancelled}"
                    for job in stopped
                )
                or False
            )

    # -------------------------------------------------------------------------
    # CLOSE IN THE BACKGROUND
    # -------------------------------------------------------------------------

    def _get_background_post_batches(self):
        """The batches that closing posts in the background.

        Those whose type posts on close and has a threshold below their number
        of draft receipts, when queue_job is installed in this database.
        """
        if "queue.job" not in self.env:
            return self.browse()

        def is_large(batch):
            threshold = batch.batch_type_id.background_post_threshold
            drafts = batch.payment_ids.filtered(lambda p: p.state == "draft")
            return 0 < threshold < len(drafts)

        return self.filtered(lambda b: b.batch_type_id.post_on_close and is_large(b))

    def _post_in_background(self):
        """Open -> posting: enqueue the posting of the receipts, chunk by chunk.

        Callers have checked the rights, the state and the close problems
        (``action_close``). Returns nothing; the jobs close the batches.
        """
        # queue_job is installed here (see _get_background_post_batches).
        from odoo.addons.queue_job.delay import group  # noqa: PLC0415

        self._ensure_background_job_functions()
        for batch in self:
            receipts = batch.payment_ids.filtered(lambda p: p.state == "draft")
            receipts = receipts.sorted("id")
            size = batch.batch_type_id.background_chunk_size
            chunks = [receipts[i : i + size] for i in range(0, len(receipts), size)]
            batch.with_context(batch_processing=True).write(
                {"state": "posting", "posting_chunk_count": len(chunks)}
            )
            batch.message_post(
                body=_(
                    "Posting %(count)s receipts in the background in %(jobs)s jobs, "
                    "asked by %(user)s.",
                    count=len(receipts),
                    jobs=len(chunks),
                    user=self.env.user.name,
                )
            )
            chunk_jobs = []
            for index, chunk in enumerate(chunks, start=1):
                description = _(
                    "Batch %(batch)s: post receipts, part %(part)s of %(parts)s",
                    batch=batch.name,
                    part=index,
                    parts=len(chunks),
                )
                chunk_jobs.append(
                    batch.delayable(
                        description=description,
                        identity_key=f"{batch._name},{batch.id}:post:{index}",
                    )._post_chunk(chunk.ids)
                )
            finish = batch.delayable(
                description=_("Batch %(batch)s: close", batch=batch.name),
                identity_key=f"{batch._name},{batch.id}:post:close",
            )._finish_background_post()
            jobs = group(*chunk_jobs)
            jobs.on_done(finish)
            jobs.delay()
            # Every job of the graph shares this uuid; the batch finds its jobs by it.
            batch.with_context(
                batch_processing=True
            ).posting_graph_uuid = finish._generated_job.graph_uuid

    def _ensure_background_job_functions(self):
        """Configure the jobs of this file in queue_job, once per database.

        Their channel ``root.account_payment_batch`` (``[queue_job] channels``
        in the Odoo configuration gives it its own capacity; unconfigured, its
        jobs run in ``root``), and the method queue_job calls when a job fails.
        queue_job is not a dependency, so these are records made on first
        use rather than data files; an administrator may change them under
        *Settings › Technical › Job Queue*.
        """
        functions = self.env["queue.job.function"].sudo()
        missing = [
            method
            for method in (CHUNK_METHOD, FINISH_METHOD)
            if not functions.search_count(
                [("name", "=", functions.job_function_name(self._name, method))],
                limit=1,
            )
        ]
        if not missing:
            return
        channels = self.env["queue.job.channel"].sudo()
        channel = channels.search(
            [("complete_name", "=", f"root.{CHANNEL_NAME}")], limit=1
        ) or channels.create(
            {
                "name": CHANNEL_NAME,
                "parent_id": self.env.ref("queue_job.channel_root").id,
            }
        )
        model = self.env["ir.model"]._get(self._name)
        functions.create(
            [
                {
                    "model_id": model.id,
                    "method": method,
                    "channel_id": channel.id,
                    "on_fail_method": ON_FAIL_METHOD,
                }
                for method in missing
            ]
        )

    def _background_post_started_action(self):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Posting in the background"),
                "message": _(
                    "%(batches)s: %(jobs)s jobs post the receipts. The batch closes "
                    "when all are done; you will be notified.",
                    batches=", ".join(self.mapped("name")),
                    jobs=sum(self.mapped("posting_chunk_count")),
                ),
                "type": "info",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # -------------------------------------------------------------------------
    # THE JOBS
    # -------------------------------------------------------------------------

    def _post_chunk(self, payment_ids):
        """Job: post the receipts ``payment_ids`` of this batch still in draft.

        Runs as the user who closed the batch. Idempotent: receipts already
        posted (by an earlier run of the same job) are left alone. The
        receipts are checked again first: a lock date set or an invoice paid
        elsewhere since the close fails the job (Odoo would otherwise date the
        entries after the lock date without a word).
        """
        self.ensure_one()
        if self.state != "posting":
            return _(
                "Batch %(batch)s is not being posted: nothing done.", batch=self.name
            )
        receipts = (
            self.env["account.payment"]
            .browse(payment_ids)
            .exists()
            .filtered(lambda p: p.batch_id == self and p.state == "draft")
        )
        problems = receipts._get_batch_post_problems()
        if problems:
            raise UserError(
                _(
                    "Batch %(batch)s: receipts that can no longer be posted:\n"
                    "%(problems)s",
                    batch=self.name,
                    problems="\n".join(problems),
                )
            )
        receipts.with_context(batch_processing=True)._batch_post()
        return _("%(count)s receipts posted.", count=len(receipts))

    def _finish_background_post(self):
        """Job, after every chunk: post the pledges and close the batch."""
        self.ensure_one()
        if self.state != "posting":
            return _(
                "Batch %(batch)s is not being posted: nothing done.", batch=self.name
            )
        # Posts the pledges, and any receipt no chunk posted (a job set to
        # done by hand in the job queue), in this one transaction.
        self.with_context(batch_processing=True)._post_receipts()
        self._mark_closed()
        self._notify_closer(
            _("Batch %(batch)s is closed", batch=self.name),
            _(
                "Its %(count)s receipts were posted in the background.",
                count=len(self.payment_ids),
            ),
            "success",
        )
        return _("Batch %(batch)s closed.", batch=self.name)

    def _on_background_post_failed(
        self, exc_info=None, exc_name=None, exc_message=None
    ):
        """Called by queue_job, in a transaction of its own, when a job failed.

        The job's own transaction was rolled back: nothing of that chunk is
        posted. The batch stays in *Posting…* and shows the error (computed
        from the failed job) until *Retry*.
        """
        self.ensure_one()
        if len(self._get_posting_jobs().filtered(lambda j: j.state == "failed")) > 1:
            return  # the closer was told when the first job failed
        self._notify_closer(
            _("Posting of batch %(batch)s stopped", batch=self.name),
            _(
                "A background job failed: %(error)s. Nothing of that job was posted "
                "and the batch is not closed; fix the cause, then Retry.",
                error=exc_message or exc_name or _("unknown error"),
            ),
            "danger",
        )

    def _notify_closer(self, title, message, level):
        """Tell the user running the jobs (who closed): chatter mention and popup."""
        self.message_post(
            body=_("%(title)s. %(message)s", title=title, message=message),
            partner_ids=self.env.user.partner_id.ids,
            author_id=self.env.ref("base.partner_root").id,
            subtype_xmlid="mail.mt_note",
        )
        self.env.user._bus_send(
            "simple_notification",
            {
                "title": title,
                "message": message,
                "type": level,
                "sticky": level == "danger",
            },
        )

    # -------------------------------------------------------------------------
    # RETRY
    # -------------------------------------------------------------------------

    def action_retry_background_post(self):
        """Run the failed (or cancelled) posting jobs of these batches again."""
        self._check_right("account_payment_batch.group_batch_close", _("close"))
        self._check_state(("posting",), _("posted again"))
        if "queue.job" not in self.env:
            raise UserError(
                _(
                    "The Job Queue module is not installed: the background posting "
                    "cannot be retried."
                )
            )
        jobs = self._get_posting_jobs().filtered(
            lambda j: j.state in STOPPED_JOB_STATES
        )
        if not jobs:
            raise UserError(
                _(
                    "No posting job of %(batches)s failed: the receipts are still "
                    "being posted.",
                    batches=", ".join(self.mapped("name")),
                )
            )
        jobs.requeue()
        for batch in self:
            batch.message_post(
                body=_(
                    "Background posting retried by %(user)s.", user=self.env.user.name
                )
            )
        return True
