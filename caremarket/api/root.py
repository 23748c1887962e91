"""The JSON API under /api/v1/, documented at /api/v1/openapi.json."""

from ninja import NinjaAPI

from caremarket.api import (
    agreements,
    applications,
    audit,
    catalogue,
    catalogue_shortlists,
    messages,
    orgs,
    people,
)
from caremarket.api import competitions as competitions_api
from caremarket.api import contracts as contracts_api
from caremarket.api import selection as selection_api
from caremarket.api import sourcing as sourcing_api
from caremarket.api import transparency as transparency_api
from caremarket.api.auth import ApiTokenAuth, SessionActorAuth
from caremarket.api.errors import install_error_handlers
from caremarket.api.input_rules import check_inputs

api = NinjaAPI(
    title="Caremarket API",
    version="1",
    description=(
        "Procurement and commissioning for health and care in England. Authenticate with a "
        "personal token (`Authorization: Bearer cm_…`, made on your account page) or a "
        "signed-in session. Errors are `{code, message, details}`. Text may not hold control "
        "characters other than tab and newline; ids and other whole numbers fit 64 bits; dates lie "
        "between 1900-01-01 and 2100-12-31 (each kind of date has its own, narrower range)."
    ),
    urls_namespace="api",
    docs_url=None,
    auth=[ApiTokenAuth(), SessionActorAuth()],
)
install_error_handlers(api)
api.add_decorator(check_inputs)  # no control characters in text, no number beyond 64 bits
api.add_router("", orgs.router)
api.add_router("", people.router)
api.add_router("", audit.router)
api.add_router("", agreements.router)
api.add_router("", applications.router)
api.add_router("", catalogue.router)
api.add_router("", catalogue_shortlists.router)
api.add_router("", competitions_api.router)
api.add_router("", sourcing_api.router)
api.add_router("", contracts_api.router)
api.add_router("", messages.router)
api.add_router("", transparency_api.router)
api.add_router("", selection_api.router)
