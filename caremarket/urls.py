from django.urls import include, path

from caremarket.api.root import api
from caremarket.core.admin_site import records

urlpatterns = [
    path("api/v1/", api.urls),
    path("records/", records.urls),
    path("", include("caremarket.web.urls")),
]

handler400 = "caremarket.web.errors.bad_request"
handler403 = "caremarket.web.errors.forbidden"
handler404 = "caremarket.web.errors.not_found"
handler500 = "caremarket.web.errors.server_error"
