"""Receipt import: what the rows refer to, and the receipts already there, for the whole file at once."""

from collections import defaultdict

from odoo import _, models
from odoo.tools import SQL

from ..batch_core.cells import duplicate_key, fold_name


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    def _import_lookups(self, rows):
        """Everything the rows refer to, found in a few queries."""
        payer_names = {fold_name(row.values["payer"]) for row in rows} - {""}
        account_texts = {
            fold_name(row.values[key])
            for row in rows
            for key in ("misc_account", "insurer_account")
        } - {""}
        methods = self._import_payment_methods()
        method_index = {}
        for method in methods:
            for text in (method.name, method.payment_method_id.code):
                method_index.setdefault(fold_name(text), method)
        # Codes a bank or clerk writes for a method (CHK, CQ, ...) come after
        # every method's name and code: they never shadow one.
        for method in methods:
            for text in method._batch_import_codes():
                method_index.setdefault(fold_name(text), method)
        line_index = {}
        for position, line in enumerate(self.line_ids.sorted("sequence"), start=1):
            line_index.setdefault(fold_name(line.line_type_id.name), line)
            line_index.setdefault(str(position), line)
        return {
            "partners": self._import_find_partners(payer_names),
            "accounts": self._import_find_accounts(account_texts),
            "methods": method_index,
            "default_method": methods[:1],
            "lines": line_index,
            "default_line": self.line_ids.sorted("sequence")[:1],
            "rounding": self.currency_id.rounding,
            "digits": self.currency_id.decimal_places,
            "receipt_kinds": self.batch_type_id._receipt_kind_codes(),
            "kind_names": {
                kind.code: kind.name
                for kind in self.env["account.payment.batch.receipt.kind"].search([])
            },
        }

    def _import_find_partners(self, names):
        """Map each folded payer text to a partner, or to a note when ambiguous.

        One query finds the candidates by name (any case) or reference, a
        second one applies the user's access rules and the company.
        """
        if not names:
            return {}
        Partner = self.env["res.partner"]
        Partner.flush_model(["name", "ref", "active"])
        keys = sorted(names)
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE active "
                "AND (lower(name) = ANY(%s) OR lower(ref) = ANY(%s))",
                keys,
                keys,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        partners = Partner.search_fetch(
            [("id", "in", ids), *Partner._check_company_domain(self.company_id)],
            ["name", "ref", "parent_id"],
        )
        by_ref, by_name = defaultdict(list), defaultdict(list)
        for partner in partners:
            if partner.ref:
                by_ref[fold_name(partner.ref)].append(partner)
            by_name[fold_name(partner.name)].append(partner)
        found = {}
        for name in names:
            candidates = by_ref.get(name) or by_name.get(name) or []
            if len(candidates) > 1:
                # Contacts of a company share names; the top-level one wins.
                candidates = [c for c in candidates if not c.parent_id] or candidates
            if len(candidates) == 1:
                found[name] = candidates[0]
            elif candidates:
                found[name] = _(
                    "%(count)s contacts are named %(name)s: sent to suspense, "
                    "reassign it to the right one.",
                    count=len(candidates),
                    name=candidates[0].name,
                )
        return found

    def _import_find_accounts(self, texts):
        """Map folded account codes and names to accounts of the batch's company."""
        if not texts:
            return {}
        Account = self.env["account.account"].with_company(self.company_id)
        accounts = Account.search_fetch(
            Account._check_company_domain(self.company_id), ["code", "name"]
        )
        by_code, by_name = {}, defaultdict(list)
        for account in accounts:
            by_code.setdefault(fold_name(account.code), account)
            by_name[fold_name(account.name)].append(account)
        found = {}
        for text in texts:
            if text in by_code:
                found[text] = by_code[text]
            elif len(by_name.get(text, [])) == 1:
                found[text] = by_name[text][0]
        return found

    def _import_payer_identity(self, partner, payer_text):
        """Who paid, for duplicate detection: the partner, else the text as written."""
        if partner:
            return ("partner", partner.id)
        return ("text", duplicate_key({"payer": payer_text})[0])

    def _import_key(self, kind, partner, payer_text, reference, amount, rounding):
        folded = duplicate_key(
            {"payer": payer_text, "reference": reference, "amount": amount}, rounding
        )
        return (
            kind == "pledge",
            self._import_payer_identity(partner, payer_text),
            folded[1],
            folded[2],
        )

    def _import_existing_keys(self, rows, context):
        """Keys of the receipts and pledges already in a batch that is not cancelled.

        Only those with an amount of the file are read (two queries).
        """
        amounts = {abs(row.values["amount"]) for row in rows if row.values["amount"]}
        if not amounts:
            return {}
        amount_list = [float(amount) for amount in amounts]
        rounding = context["rounding"]
        keys = {}
        payments = (
            self.env["account.payment"]
            .sudo()
            .search_fetch(
                [
                    ("batch_id", "!=", False),
                    ("batch_id.state", "!=", "cancel"),
                    ("company_id", "=", self.company_id.id),
                    ("state", "not in", ("canceled", "rejected")),
                    ("amount", "in", amount_list),
                ],
                [
                    "partner_id",
                    "batch_payer_name",
                    "memo",
                    "amount",
                    "payment_type",
                    "batch_id",
                ],
            )
        )
        for payment in payments:
            sign = -1 if payment.payment_type == "outbound" else 1
            key = self._import_key(
                "receipt",
                payment.partner_id,
                payment.batch_payer_name,
                payment.memo,
                sign * payment.amount,
                rounding,
            )
            keys.setdefault(
                key,
                _("a receipt of batch %(batch)s", batch=payment.batch_id.name),
            )
        pledges = (
            self.env["account.move"]
            .sudo()
            .search_fetch(
                [
                    ("batch_id", "!=", False),
                    ("batch_id.state", "!=", "cancel"),
                    ("company_id", "=", self.company_id.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "!=", "cancel"),
                    ("amount_total", "in", amount_list),
                ],
                ["partner_id", "ref", "amount_total", "batch_id"],
            )
        )
        for pledge in pledges:
            key = self._import_key(
                "pledge",
                pledge.partner_id,
                pledge.partner_id.name,
                pledge.ref,
                pledge.amount_total,
                rounding,
            )
            keys.setdefault(
                key, _("a pledge of batch %(batch)s", batch=pledge.batch_id.name)
            )
        return keys
