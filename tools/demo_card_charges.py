"""Card charge demo data for the demo database; run by tools/demo-db.sh.

Odoo's ``payment_demo`` provider is not a dependency of the addon, so its
data cannot live in the addon's demo XML. Read by ``odoo-bin shell`` (``env``
is given) after payment_demo is installed next to the addon. Idempotent: a
second run finds what the first one made and changes nothing.

Makes: the Demo provider (test mode) on the demo bank journal; a *Card
Charges* batch type; saved demo cards for four demo customers (three charged
once before, one of them declining, and one never charged); and, once, a submitted card
charge batch with one posted and one failed charge for the history screen.
The customers are the demo customers with open invoices.
"""

from odoo import Command

TYPE_NAME = "Card Charges"
CARDS = [
    # (customer, last digits, what the demo card answers, charged once before)
    ("base.res_partner_2", "4242", "done", True),
    ("base.res_partner_12", "5556", "done", True),
    ("base.res_partner_5", "0002", "error", True),
    ("base.res_partner_6", "1881", "done", False),
]


def main(env):
    company = env.ref("base.main_company")
    provider = env.ref("payment.payment_provider_demo")
    bank = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
    )
    if provider.journal_id != bank:
        provider.journal_id = bank
    method_line = bank.inbound_payment_method_line_ids.filtered(
        lambda line: line.payment_provider_id == provider
    )
    batch_type = env["account.payment.batch.type"].search(
        [("kind", "=", "card_charge"), ("company_id", "=", company.id)], limit=1
    )
    if not batch_type:
        batch_type = env["account.payment.batch.type"].create(
            {
                "name": TYPE_NAME,
                "code": "CARD",
                "kind": "card_charge",
                "journal_id": bank.id,
                "payment_method_line_ids": [Command.set(method_line.ids)],
                "line_type_ids": [Command.create({"name": "Cards"})],
            }
        )
    demo_method = env.ref("payment_demo.payment_method_demo")
    Token = env["payment.token"]
    for xmlid, digits, answer, charged in CARDS:
        partner = env.ref(xmlid)
        if Token.search_count(
            [("partner_id", "=", partner.id), ("provider_id", "=", provider.id)]
        ):
            continue
        token = Token.create(
            {
                "provider_id": provider.id,
                "payment_method_id": demo_method.id,
                "payment_details": digits,
                "partner_id": partner.id,
                "provider_ref": f"demo-{digits}",
                "demo_simulated_state": answer,
            }
        )
        if charged:
            env["payment.transaction"].create(
                {
                    "provider_id": provider.id,
                    "payment_method_id": demo_method.id,
                    "reference": f"DEMO-FIRST-{digits}",
                    "amount": 1.0,
                    "currency_id": company.currency_id.id,
                    "partner_id": partner.id,
                    "token_id": token.id,
                    "operation": "online_token",
                    "state": "done",
                }
            )
    Batch = env["account.payment.batch"]
    if not Batch.search_count([("batch_type_id", "=", batch_type.id)]):
        customers = env.ref("base.res_partner_2") | env.ref("base.res_partner_5")
        invoices = env["account.move"].search(
            [
                *Batch._card_charge_invoice_domain(company),
                ("commercial_partner_id", "in", customers.ids),
            ]
        )
        invoices = invoices.sorted("amount_residual")
        first = invoices.filtered(lambda m: m.commercial_partner_id == customers[0])[:1]
        second = invoices.filtered(lambda m: m.commercial_partner_id == customers[1])[
            :1
        ]
        if first and second:
            batch = Batch._card_charge_submit(batch_type, method_line, first | second)
            batch._card_charge_send()
    env.cr.commit()
    print(
        f"card charge demo: type {batch_type.display_name}, provider {provider.name} ({provider.state})"
    )


main(env)  # noqa: F821 - odoo-bin shell provides env
