from . import account_payment_batch_type
from . import account_payment_batch_line_type
from . import account_payment_batch
from . import account_payment_batch_line
from . import account_payment_allocation
from . import account_move
from . import account_move_line
from . import account_payment
