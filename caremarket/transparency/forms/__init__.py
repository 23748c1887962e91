"""The plain fields a buyer fills for the notices no lifecycle step publishes, and how they
become OCDS content; and the editable fields of any notice, for corrections and drafts.

Lifecycle services publish UK1, UK3-UK7 and UK10-UK12 from their own objects. The notices
here are the buyer's own to write: preliminary market engagement (UK2), contract payments
(UK8), contract performance (UK9), the dynamic market notices (UK13-UK16), payments compliance
(UK17) and the PSR urgent award. Pages and the API clean the same fields with `clean_fields`
and map them with `content_for`, so a notice is never typed two ways. No database here: the
contract a notice is about arrives as a `ContractFacts`.
"""

from caremarket.transparency.forms.cleaning import (
    clean_fields,
    payment_rows,
)
from caremarket.transparency.forms.content import (
    content_for,
    ocds_date,
    title_for,
)
from caremarket.transparency.forms.edits import (
    apply_edits,
    clean_editable,
    editable_fields,
    editable_values,
)
from caremarket.transparency.forms.spec import (
    CONTRACT,
    DESCRIPTION,
    ESTIMATED_VALUE,
    FORM_CODES,
    FORMS,
    LONG_TEXT_LIMIT,
    OPTIONAL_DESCRIPTION,
    PAYMENT_LIMIT,
    PAYMENT_ROWS,
    PAYMENTS,
    TEXT_LIMIT,
    TITLE,
    ContractFacts,
    FormField,
    Kind,
    TypeForm,
    contract_facts,
    new_process_id,
    type_form,
    type_label,
)

__all__ = [
    "CONTRACT",
    "DESCRIPTION",
    "ESTIMATED_VALUE",
    "FORMS",
    "FORM_CODES",
    "LONG_TEXT_LIMIT",
    "OPTIONAL_DESCRIPTION",
    "PAYMENTS",
    "PAYMENT_LIMIT",
    "PAYMENT_ROWS",
    "TEXT_LIMIT",
    "TITLE",
    "ContractFacts",
    "FormField",
    "Kind",
    "TypeForm",
    "apply_edits",
    "clean_editable",
    "clean_fields",
    "content_for",
    "contract_facts",
    "editable_fields",
    "editable_values",
    "new_process_id",
    "ocds_date",
    "payment_rows",
    "title_for",
    "type_form",
    "type_label",
]
