"""The REST API (FastAPI): the service's edge. It calls services only and holds no business rules.

from dualuse.api import ServiceSettings, create_app
app = create_app(ServiceSettings())
"""

from dualuse.api.app import create_app, create_app_from_environment
from dualuse.api.settings import ServiceSettings

__all__ = ["ServiceSettings", "create_app", "create_app_from_environment"]
