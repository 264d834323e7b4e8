"""Company checks of thousands of receipts, entries and lines at once.

Odoo checks that each linked record belongs to the right company one record
and one field at a time, with a domain evaluated in Python each time: for a
10,000-row import or a 10,000-receipt close that is a large share of the
work. The same check is made here once per field and company, over all the
linked records together; when anything is inconsistent, Odoo's own check
runs and raises its own message. Property (company-dependent) fields and
small sets keep Odoo's check as is.
"""

from odoo import models

#: Below this many records Odoo's own check runs unchanged.
GROUPED_FROM = 50


def grouped_check_passes(records, fnames):
    """True when every checked link of ``records`` is in the record's company.

    False means "let Odoo check": a link is inconsistent, or a field is one
    this grouping does not handle.
    """
    if fnames is None or {"company_id", "company_ids"} & set(fnames):
        fnames = records._fields
    names = []
    for name in fnames:
        field = records._fields[name]
        if field.relational and field.check_company:
            if field.company_dependent:
                return False
            names.append(name)
    for company, group in records.sudo().grouped("company_id").items():
        for name in names:
            corecords = group.mapped(name).with_context(active_test=False)
            domain = corecords._check_company_domain(company)
            if domain and corecords != corecords.filtered_domain(domain):
                return False
    return True


class CompanyCheckGrouped(models.AbstractModel):
    """Company checks made once per field and company for large sets."""

    _name = "account.payment.batch.company.check"
    _description = "Company Checks of Many Records at Once"

    def _check_company(self, fnames=None):
        if len(self) < GROUPED_FROM or not grouped_check_passes(self, fnames):
            return super()._check_company(fnames)
        return None


class AccountPayment(models.Model):
    _name = "account.payment"
    _inherit = ["account.payment", "account.payment.batch.company.check"]


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "account.payment.batch.company.check"]


class AccountMoveLine(models.Model):
    _name = "account.move.line"
    _inherit = ["account.move.line", "account.payment.batch.company.check"]


class AccountPaymentAllocation(models.Model):
    _name = "account.payment.allocation"
    _inherit = ["account.payment.allocation", "account.payment.batch.company.check"]
