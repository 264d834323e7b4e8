from . import account_payment_batch_assign
from . import account_payment_batch_cancel
from . import account_payment_batch_correction
from . import account_payment_batch_pledge
from . import account_payment_batch_reassign
from . import account_payment_batch_import
from . import account_payment_batch_deposit_prepare
from . import account_payment_batch_deposit_match
