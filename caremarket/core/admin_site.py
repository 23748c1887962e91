"""A read-only admin for auditors and platform administrators.

Every change goes through services (which check permission and write the audit log), so
the admin only ever shows.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import URLPattern, reverse


def _not_here(request, *args, **kwargs):
    raise Http404("Not part of Caremarket's records")


class ReadOnlyAdminSite(admin.AdminSite):
    site_header = "Caremarket records (read only)"
    site_title = "Caremarket records"
    index_title = "Records"

    def has_permission(self, request) -> bool:
        actor = getattr(request, "actor", None)
        return bool(actor is not None and actor.is_authenticated and actor.sees_everything)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def signed_in_needs_permission(request, *args, **kwargs):
            # A signed-in person without access gets "forbidden", not a sign-in page loop.
            signing_out = request.path == reverse("records:logout", current_app=self.name)
            if request.user.is_authenticated and not signing_out and not self.has_permission(request):
                raise DjangoPermissionDenied
            return inner(request, *args, **kwargs)

        return signed_in_needs_permission

    def login(self, request, extra_context=None):
        return redirect_to_login(request.get_full_path(), "web:sign-in")

    def logout(self, request, extra_context=None):
        from caremarket.web.views.auth import sign_out

        return sign_out(request)

    def get_urls(self):
        # Only the pages that show records. The admin's own password change, script catalogue,
        # autocomplete and "view on site" answer 404 (their names stay, as its templates link them).
        shown = {"index", "app_list", "login", "logout"}
        return [
            u
            if hasattr(u, "url_patterns") or u.name in shown
            else URLPattern(u.pattern, _not_here, name=u.name)
            for u in super().get_urls()
        ]


class ReadOnlyModelAdmin(admin.ModelAdmin):
    def get_urls(self):
        shown = ("_changelist", "_change")
        return [u for u in super().get_urls() if u.name and u.name.endswith(shown)]

    def has_module_permission(self, request) -> bool:
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


records = ReadOnlyAdminSite(name="records")
