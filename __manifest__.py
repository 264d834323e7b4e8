{
    "name": "Payment Batches",
    "summary": "Enter, balance, allocate, deposit and post received payments in batches",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "account_payment_batch contributors",
    "website": "https://github.com/account-payment-batch/account_payment_batch",
    "depends": ["account", "utm"],
    "data": [],
    "demo": [],
    "installable": True,
    "application": False,
}
