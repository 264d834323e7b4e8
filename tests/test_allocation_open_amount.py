from odoo.tests import tagged

from .common import PaymentBatchCommon


@tagged("post_install", "-at_install")
class TestAllocationOpenAmount(PaymentBatchCommon):
    """Open items offered to a receipt's allocation name what is still free."""

    def test_offered_items_show_their_free_amount(self):
        invoice = self._invoice(self.partner_a, 300.0)
        item = self._receivable(invoice)
        first_batch = self._open_batch(cheques=(1, 100.0))
        planning = self._add_receipt(
            first_batch, 100.0, batch_invoice_number=invoice.name
        )
        self.assertEqual(planning.allocation_ids.amount, 100.0)
        lines = self.env["account.move.line"].with_user(self.clerk)

        # Odoo's name without the key.
        plain = lines.browse(item.id).display_name
        self.assertNotIn("open", plain)
        self.assertIn(invoice.name, plain)

        # A new receipt (no id yet): the other receipt's 100.00 is taken.
        offered = lines.with_context(batch_open_amount="new").browse(item.id)
        self.assertEqual(offered.display_name, f"{plain} ($\xa0200.00 open)")
        found = dict(
            lines.with_context(batch_open_amount="new").name_search(
                invoice.name, [("id", "=", item.id)]
            )
        )
        self.assertEqual(found[item.id], f"{plain} ($\xa0200.00 open)")

        # The planning receipt itself sees its own plan as still free.
        own = lines.with_context(batch_open_amount=planning.id).browse(item.id)
        self.assertEqual(own.display_name, f"{plain} ($\xa0300.00 open)")

        # Once the other batch is closed, the item is 200.00 open in Odoo too.
        self._close(first_batch)
        item.invalidate_recordset()
        offered = lines.with_context(batch_open_amount="new").browse(item.id)
        self.assertEqual(offered.display_name, f"{plain} ($\xa0200.00 open)")
