"""What services in each category are called, say and cost: the material the demo world and the
scale generator make realistic listings from, one module per group of categories."""

from caremarket.catalogue.generate.vocabulary.commissioning import COMMISSIONING
from caremarket.catalogue.generate.vocabulary.gp_it import GP_IT
from caremarket.catalogue.generate.vocabulary.hscn import HSCN
from caremarket.catalogue.generate.vocabulary.specs import LineSpec, Spec

CAPACITIES = (
    "Up to {n} new sites a month",
    "A team of {n} analysts",
    "Up to {n} engagements at a time",
    "{n} consultants available within four weeks",
    "Supports up to {n} practices",
    "Installs up to {n} devices a week",
)

SPECS: dict[str, Spec] = {**COMMISSIONING, **HSCN, **GP_IT}

# Which categories fit each lot, by the lot's code in the agreement definitions.
LOT_CATEGORIES = {
    "connectivity": ["hscn_connectivity"],
    "overlay": ["hscn_managed_security", "hscn_managed_lan", "hscn_voice", "hscn_monitoring"],
    "data-access": ["hscn_connectivity"],
    "local-connectivity": ["hscn_managed_lan"],
    "gp-it-enabling": ["gp_service_desk", "gp_information_governance", "gp_registration_authority"],
    "infrastructure-cyber": ["gp_infrastructure", "gp_cyber_security", "hscn_managed_security"],
    "transformation": ["service_redesign", "gp_training"],
    "specialist": ["gp_training", "gp_data_quality", "gp_information_governance"],
    "foundation": ["gp_clinical_system"],
    "additional": ["gp_appointments", "gp_document_management", "gp_online_consultation"],
    "associated": ["gp_training", "gp_data_quality"],
    "clinical-systems": ["gp_clinical_system", "gp_document_management", "gp_appointments"],
    "citizen-services": ["gp_online_consultation"],
    "infrastructure": ["gp_infrastructure"],
    "health-needs-assessment": ["health_needs_assessment"],
    "business-intelligence": ["business_intelligence"],
    "service-redesign": ["service_redesign"],
    "communications": ["communications_engagement"],
    "procurement": ["procurement_market_management"],
    "provider-management": ["provider_management"],
    "business-support": ["business_support"],
}

__all__ = ["CAPACITIES", "LOT_CATEGORIES", "SPECS", "LineSpec", "Spec"]
