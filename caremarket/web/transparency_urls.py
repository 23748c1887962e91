"""The transparency pages (part of the `web` namespace): the public notices site, which needs no
sign-in, and the buyer's pages for notices that are due."""

from django.urls import path

urlpatterns: list = []
