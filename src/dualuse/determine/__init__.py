"""Determination: may this order line go ahead on this date, to this party, for this use — and why.

determiner = Determiner(rulebase)
determination = determiner.determine(transaction_from_dict(row))
"""

from collections.abc import Sequence

from dualuse.determine.engine import Determiner, input_digest
from dualuse.determine.input import transaction_from_dict
from dualuse.determine.outcome import Outcome, most_restrictive
from dualuse.determine.result import Determination, Finding
from dualuse.determine.transaction import InlineLicence, Item, Party, Transaction
from dualuse.licences import Licence
from dualuse.rulebase import RuleBase

__all__ = [
    "Determination",
    "Determiner",
    "Finding",
    "InlineLicence",
    "Item",
    "Outcome",
    "Party",
    "Transaction",
    "determine",
    "input_digest",
    "most_restrictive",
    "transaction_from_dict",
]


def determine(transaction: Transaction, *, rulebase: RuleBase, licences: Sequence[Licence] = ()) -> Determination:
    """Determine one order line (convenience; build a Determiner yourself for many lines)."""
    from dualuse.determine.cache import determiner_for

    return determiner_for(rulebase).determine(transaction, licences)
