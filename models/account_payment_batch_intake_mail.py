"""Automated batches from email: a mail to a batch type's alias becomes a batch.

The alias (``account_payment_batch_type_alias``) routes the mail here through
Odoo's mail gateway, after Odoo checked the sender against the alias's
*Accept Emails From*. A mail without a readable file is refused while it is
routed (``_routing_check_route``): nothing is created, the reason is logged
and sent back to the sender. Otherwise ``message_new`` creates an automated
batch, imports every readable attachment, and the gateway posts the mail
itself in the batch's chatter.
"""

import logging

from markupsafe import Markup

from odoo import _, api, models
from odoo.exceptions import UserError

from .account_payment_batch_intake import INTAKE_FIELDS

_logger = logging.getLogger(__name__)


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    # -------------------------------------------------------------------------
    # ROUTING AND CREATION
    # -------------------------------------------------------------------------

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        """Refuse a new mail to a batch type's alias that holds no readable file.

        Odoo has already checked the sender against the alias's contact
        setting. Refusing here, rather than in ``message_new``, sends the
        sender the reason instead of marking the alias as broken; nothing is
        created.
        """
        route = super()._routing_check_route(
            message, message_dict, route, raise_exception=raise_exception
        )
        if not route or route[0] != self._name or route[1] or not route[4]:
            return route
        alias = route[4]
        batch_type = self._intake_batch_type(route[2])
        __, __, problem = self._intake_sort_files(
            batch_type, self._intake_mail_files(message_dict)
        )
        if not problem:
            return route
        _logger.info(
            "Routing mail from %s with Message-Id %s: no payment batch created "
            "through alias %s: %s",
            message_dict.get("email_from"),
            message_dict.get("message_id"),
            alias.display_name,
            problem,
        )
        body = Markup("<p>%s</p><p>%s</p>") % (
            _(
                "The message below was not accepted by %(alias)s: no payment batch "
                "was created.",
                alias=alias.display_name,
            ),
            Markup("<br/>").join(problem.split("\n")),
        )
        self._routing_create_bounce_email(
            message_dict["email_from"],
            self.env["ir.qweb"]._render(
                "mail.mail_bounce_alias_security",
                {"body": body, "message": message_dict},
                minimal_qcontext=True,
            ),
            message,
            references=message_dict["message_id"],
        )
        return False

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Create an automated batch from a mail with receipts or bank files attached.

        Called by the mail gateway (as superuser) for a mail to a batch type's
        alias, whose defaults name the type. Every readable attachment is
        imported into one new draft batch of the type's company, the others
        are listed in the chatter; the gateway then posts the mail itself in
        the batch's chatter, from its sender. Without a readable file it
        raises UserError (the routing check refuses such mail first).
        """
        custom_values = dict(custom_values or {})
        batch_type = self._intake_batch_type(custom_values)
        readable, unreadable, problem = self._intake_sort_files(
            batch_type, self._intake_mail_files(msg_dict)
        )
        if problem:
            raise UserError(problem)
        company = batch_type.company_id
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        lang = author.lang or company.partner_id.lang or self.env.lang
        vals = {
            key: custom_values[key] for key in INTAKE_FIELDS if key in custom_values
        }
        vals.update(
            batch_type_id=batch_type.id,
            company_id=company.id,
            is_automated=True,
        )
        if msg_dict.get("subject"):
            vals.setdefault("description", msg_dict["subject"])
        if author and (not author.company_id or author.company_id == company):
            vals.setdefault("received_from_id", author.id)
        batch = self.with_company(company).with_context(lang=lang).create(vals)
        rejected_files = []
        for filename, content in readable:
            result = batch._import_receipts(
                content, filename, date_order=batch._import_default_date_order()
            )
            if result["rejected_file"]:
                stem = filename.rsplit(".", 1)[0]
                rejected_files.append(
                    (f"{stem}_rejected_rows.xlsx", result["rejected_file"])
                )
        batch._intake_post_mail_summary(msg_dict, author, unreadable, rejected_files)
        return batch

    def _intake_post_mail_summary(self, msg_dict, author, unreadable, rejected_files):
        """Say in the chatter where the batch came from and what was left aside."""
        self.ensure_one()
        sender = author.display_name or msg_dict.get("email_from") or _("unknown")
        parts = [
            Markup("<p>%s</p>")
            % _(
                "Automated batch: created from the email %(subject)s of %(sender)s.",
                subject=msg_dict.get("subject") or _("(no subject)"),
                sender=sender,
            )
        ]
        if unreadable:
            parts.append(
                Markup("<p>%s</p><ul>%s</ul>")
                % (
                    _("Attachments not imported:"),
                    Markup("").join(
                        Markup("<li>%s: %s</li>") % (name, reason)
                        for name, reason in unreadable
                    ),
                )
            )
        if rejected_files:
            parts.append(
                Markup("<p>%s</p>")
                % _("The rejected rows are attached: fix them and import them again.")
            )
        self.message_post(body=Markup("").join(parts), attachments=rejected_files)

    # -------------------------------------------------------------------------
    # MAIL FILES
    # -------------------------------------------------------------------------

    @api.model
    def _intake_batch_type(self, custom_values):
        """The batch type an alias's defaults name (empty when none is)."""
        type_id = (custom_values or {}).get("batch_type_id")
        batch_types = self.env["account.payment.batch.type"].sudo()
        return batch_types.browse(type_id).exists() if type_id else batch_types

    @api.model
    def _intake_mail_files(self, msg_dict):
        """The attachments of a parsed mail, as (file name, bytes) pairs."""
        files = []
        for attachment in msg_dict.get("attachments") or ():
            content = attachment.content
            if isinstance(content, str):
                # Text parts (a CSV sent as text/csv) come decoded: encode them
                # back in their own charset, which the import detects again.
                encoding = (attachment.info or {}).get("encoding") or "utf-8"
                try:
                    content = content.encode(encoding)
                except (LookupError, UnicodeError):
                    content = content.encode("utf-8")
            elif not isinstance(content, bytes):
                content = b""  # a forwarded message, not a file
            files.append((attachment.fname or _("attachment"), content))
        return files

    @api.model
    def _intake_sort_files(self, batch_type, files):
        """Tell the files a new batch of ``batch_type`` can import from the others.

        Runs every check that refuses a file as a whole before anything is
        written (format, size, columns, merged cells, a bank file's account
        and currency) on an unsaved batch of the type.

        :param files: (file name, bytes) pairs
        :return: (readable, unreadable, problem): the (name, bytes) pairs to
            import, the (name, reason) pairs of the others, and why nothing
            can be imported at all (None when something can)
        """
        if not batch_type:
            return [], [], _("This address is not linked to a payment batch type.")
        # The gateway's check, not a user's: the type and journal are read as such.
        probe = (
            self.sudo()
            .with_company(batch_type.company_id)
            .new(
                {
                    "batch_type_id": batch_type.id,
                    "company_id": batch_type.company_id.id,
                    "name": batch_type.display_name,
                }
            )
        )
        try:
            probe._check_importable()
        except UserError as exc:
            return [], [], exc.args[0]
        if not probe.journal_id:
            return (
                [],
                [],
                _(
                    "Batch type %(type)s has no default journal: its batches cannot "
                    "be created from a file.",
                    type=batch_type.display_name,
                ),
            )
        if not files:
            return (
                [],
                [],
                _(
                    "The email has no file attached: attach the receipts spreadsheet "
                    "(.xlsx, .xls, .csv) or the bank file (CAMT.054, BAI2)."
                ),
            )
        readable, unreadable = [], []
        for filename, content in files:
            reason = probe._intake_file_problem(content, filename)
            if reason:
                unreadable.append((filename, reason))
            else:
                readable.append((filename, content))
        if readable:
            return readable, unreadable, None
        return (
            [],
            unreadable,
            "\n".join(
                [_("No attached file could be imported as receipts:")]
                + [f"{name}: {reason}" for name, reason in unreadable]
            ),
        )

    def _intake_file_problem(self, content, filename):
        """Why this batch could not import the file at all, or None."""
        try:
            self._import_parse(content, filename)
        except UserError as exc:
            return exc.args[0]
        return None
