"""The rule base: China's dual-use regime as dated, cited YAML data, loaded into immutable values."""

from dualuse.rulebase.base import FIRST_DAY_COVERED, RuleBase, Status
from dualuse.rulebase.load import default_path, load_rulebase
from dualuse.rulebase.model import InstrumentState
from dualuse.rulebase.view import AsOfView, as_of

__all__ = [
    "FIRST_DAY_COVERED",
    "AsOfView",
    "InstrumentState",
    "RuleBase",
    "Status",
    "as_of",
    "default_path",
    "load_rulebase",
]
