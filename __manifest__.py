{
    "name": "Payment Batches",
    "summary": "Enter, balance, allocate, deposit and post received payments in batches",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "account_payment_batch contributors",
    "website": "https://github.com/account-payment-batch/account_payment_batch",
    "depends": ["account", "utm"],
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/account_payment_batch_views.xml",
        "views/account_payment_batch_type_views.xml",
        "views/account_payment_views.xml",
        "wizards/account_payment_batch_assign_views.xml",
        "wizards/account_payment_batch_cancel_views.xml",
        "wizards/account_payment_batch_receipt_views.xml",
        "wizards/account_payment_batch_import_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/account_payment_batch_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "account_payment_batch/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
