from django.http import HttpResponse
from django.urls import path

from caremarket.urls import urlpatterns as caremarket_urlpatterns


def empty(request):
    return HttpResponse(b"", content_type="text/plain")


urlpatterns = [path("bench/empty", empty), *caremarket_urlpatterns]
