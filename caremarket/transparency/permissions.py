"""Who may draft, publish and correct notices.

A buyer's procurement leads and approvers publish notices for their own organisation (the
notice's publisher); platform administrators may too (for support). Published notices are
public, so reading them needs no rule; drafts are seen by the publisher's members and oversight.
"""

from caremarket.core.permissions import is_auditor, is_platform_admin, member_with_role, permissions
from caremarket.rules.roles import Role

PUBLISHING_ROLES = (Role.PROCUREMENT_LEAD, Role.APPROVER)

oversight = is_platform_admin | is_auditor
# On the publishing organisation (drafting a new notice).
org_publisher = member_with_role(*PUBLISHING_ROLES, owner=lambda org: org.pk)
# On a notice (publishing, correcting).
notice_publisher = member_with_role(*PUBLISHING_ROLES, owner=lambda notice: notice.publisher_id)
notice_member = member_with_role(owner=lambda notice: notice.publisher_id)

permissions.add_rule("transparency.draft_notice", is_platform_admin | org_publisher)
permissions.add_rule("transparency.publish_notice", is_platform_admin | notice_publisher)
permissions.add_rule("transparency.correct_notice", is_platform_admin | notice_publisher)
permissions.add_rule("transparency.view_draft_notice", oversight | notice_member)
# Loading other publishers' OCDS (Contracts Finder, Find a Tender) as imported notices.
permissions.add_rule("transparency.import_ocds", is_platform_admin)
