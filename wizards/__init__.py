from . import account_payment_batch_assign
from . import account_payment_batch_cancel
