"""Export licences and whether one authorises a shipment: the pure core, with no I/O and no clock.

A licence is issued by MOFCOM to a Chinese exporter (the holder). The Regulations know three kinds
(regime §e.1): the individual licence (单项许可), the general licence (通用许可) and the export
certificate obtained by registering/filing information (登记填报信息). :func:`check_licence` says
whether one licence covers one line and, if not, names every reason.
"""

from dualuse.licences.codes import code_covers, normalise_code
from dualuse.licences.licence import Licence, LicenceProblem, LicenceSource, LicenceType, licence_problems
from dualuse.licences.matching import (
    FailureKind,
    LicenceCheck,
    LicenceFailure,
    best_licence,
    check_licence,
    same_name,
)
from dualuse.licences.validity import MAXIMUM_VALIDITY, validity_warnings

__all__ = [
    "MAXIMUM_VALIDITY",
    "FailureKind",
    "Licence",
    "LicenceCheck",
    "LicenceFailure",
    "LicenceProblem",
    "LicenceSource",
    "LicenceType",
    "best_licence",
    "check_licence",
    "code_covers",
    "licence_problems",
    "normalise_code",
    "same_name",
    "validity_warnings",
]
