from django.urls import path

from caremarket.web.agreement_urls import urlpatterns as agreement_urlpatterns
from caremarket.web.catalogue_urls import urlpatterns as catalogue_urlpatterns
from caremarket.web.competition_urls import urlpatterns as competition_urlpatterns
from caremarket.web.contract_urls import urlpatterns as contract_urlpatterns
from caremarket.web.selection_urls import urlpatterns as selection_urlpatterns
from caremarket.web.sourcing_urls import urlpatterns as sourcing_urlpatterns
from caremarket.web.transparency_urls import urlpatterns as transparency_urlpatterns
from caremarket.web.views import account, audit, auth, home, messages, orgs

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("sign-in", auth.sign_in, name="sign-in"),
    path("sign-out", auth.sign_out, name="sign-out"),
    path("set-password/<str:uidb64>/<str:token>", auth.set_password, name="set-password"),
    path("account", account.account, name="account"),
    path("account/tokens", account.create_token, name="token-create"),
    path("account/tokens/<int:token_id>/revoke", account.revoke_token, name="token-revoke"),
    path("messages", messages.message_list, name="messages"),
    path("messages/<int:message_id>", messages.message_detail, name="message"),
    path("acting-for", orgs.switch_organisation, name="switch-organisation"),
    path("organisations", orgs.directory, name="org-directory"),
    path("organisations/<str:code>", orgs.detail, name="org-detail"),
    path("organisations/<str:code>/edit", orgs.edit_details, name="org-edit"),
    path("organisations/<str:code>/people", orgs.people, name="org-people"),
    path("organisations/<str:code>/people/add", orgs.add_person, name="org-add-person"),
    path(
        "organisations/<str:code>/people/<int:person_id>/roles/<str:role>/remove",
        orgs.revoke_role,
        name="org-revoke-role",
    ),
    path("organisations/<str:code>/sites/add", orgs.add_site, name="org-add-site"),
    path(
        "organisations/<str:code>/certifications/add",
        orgs.declare_certification,
        name="org-declare-certification",
    ),
    path("audit", audit.audit_log, name="audit-log"),
    path("audit/verify", audit.audit_verify, name="audit-verify"),
    path("audit/<int:seq>", audit.audit_event, name="audit-event"),
    path(
        "audit/sealed/<str:scope_type>/<str:scope_id>", audit.audit_sealed_stream, name="audit-sealed-stream"
    ),
    *agreement_urlpatterns,
    *catalogue_urlpatterns,
    *competition_urlpatterns,
    *sourcing_urlpatterns,
    *contract_urlpatterns,
    *transparency_urlpatterns,
    *selection_urlpatterns,
]
