"""The seven commissioning support categories: what their services are called, say and cost."""

from caremarket.catalogue.generate.vocabulary.specs import LineSpec, Spec, fixed_price, per_day

COMMISSIONING: dict[str, Spec] = {
    "health_needs_assessment": Spec(
        (
            "Joint strategic needs assessment",
            "Population health needs assessment",
            "Health inequalities review",
            "Local health needs forecasting",
            "Pharmaceutical needs assessment",
        ),
        (
            "Evidence on local health needs and the gaps in services, "
            "ready for the health and wellbeing board",
            "Forecasts of demand by neighbourhood, built on linked primary and secondary care data",
        ),
        (
            "We build the joint strategic needs assessment with public "
            "health colleagues and the voluntary sector.",
            "Our analysts link GP, hospital, social care and census data "
            "to show need by ward and population group.",
            "Each assessment ends with the gaps in provision and the priorities the evidence supports.",
            "We engage patients and communities whose needs the data tends to miss.",
            "Outputs include an interactive atlas, a board summary and the underlying tables.",
        ),
        (
            "Ward-level needs atlas",
            "Inequalities analysis by deprivation and ethnicity",
            "Demand forecasts to 2035",
            "Engagement with seldom-heard groups",
            "Board-ready summary report",
            "Open data tables",
        ),
        (per_day("Public health analyst", 450, 750), fixed_price("Full needs assessment", 18000, 65000)),
    ),
    "business_intelligence": Spec(
        (
            "Risk stratification service",
            "Population health analytics",
            "Commissioning intelligence dashboards",
            "Referral assessment and demand management",
            "Secondary uses data service",
        ),
        (
            "Linked data and dashboards that show activity, outcomes and risk across the system",
            "Risk stratification of the registered population, refreshed monthly",
        ),
        (
            "We collect and validate activity data from providers under the national data flows.",
            "Patients are segmented by risk of admission so that care teams can act early.",
            "Dashboards show activity against plan, outcomes and patient experience by provider.",
            "Our data processing is covered by the Data Security and Protection Toolkit and ISO/IEC 27001.",
            "Referral assessment software helps practices choose the right pathway first time.",
        ),
        (
            "Monthly risk stratification",
            "Self-service dashboards",
            "Pseudonymised linked data",
            "Activity and finance reporting",
            "Referral management software",
            "Data quality assurance",
        ),
        (
            (LineSpec("Analytics platform", "per_head_of_population", "annual", 1, 3),),
            per_day("Senior information analyst", 500, 850),
        ),
    ),
    "service_redesign": Spec(
        (
            "Pathway redesign support",
            "Clinical service review",
            "Integrated care model design",
            "Urgent and emergency care redesign",
            "Co-design with patients and carers",
        ),
        (
            "Clinically led redesign of pathways, from the evidence to the service specification",
            "Service reviews that involve patients and carers in designing local services",
        ),
        (
            "Our clinicians and improvement specialists map the current pathway and where it fails patients.",
            "We write the clinical specification and the outcomes framework for the new service.",
            "Patients and carers join design workshops from the first week.",
            "The programme ends with a business case and a plan for mobilising the new model.",
        ),
        (
            "Clinical specification writing",
            "Pathway mapping",
            "Co-design workshops",
            "Business case support",
            "Outcomes framework",
            "Quality improvement coaching",
        ),
        (
            per_day("Clinical lead", 750, 1200),
            per_day("Improvement manager", 550, 800),
            fixed_price("Pathway review", 12000, 45000),
        ),
    ),
    "communications_engagement": Spec(
        (
            "Public consultation service",
            "Communications and engagement support",
            "Stakeholder engagement programme",
            "Media and freedom of information handling",
            "Campaigns and behaviour change",
        ),
        (
            "Consultation, engagement and communications that meet the duty to involve",
            "Press office, FOI handling and briefing for commissioners",
        ),
        (
            "We plan and run public consultations that meet the legal duty to involve and consult.",
            "Our press office handles media enquiries and freedom of "
            "information requests within the deadlines.",
            "Campaigns are tested with the people they are meant to reach.",
            "Engagement reports show who took part and what changed as a result.",
        ),
        (
            "Consultation planning",
            "Easy read and translated materials",
            "FOI handling",
            "Media monitoring",
            "Digital engagement platform",
            "Equality impact assessment",
        ),
        (per_day("Communications manager", 400, 650), fixed_price("Public consultation", 15000, 60000)),
    ),
    "procurement_market_management": Spec(
        (
            "Procurement and contracting service",
            "Market engagement and analysis",
            "Tender management",
            "Provider selection support",
            "Commercial negotiation support",
        ),
        (
            "Finding the best-value providers: market analysis, tendering and negotiation",
            "End-to-end procurement run to the Procurement Act 2023 and the Provider Selection Regime",
        ),
        (
            "We run compliant procurements from market engagement to contract award.",
            "Our procurement specialists hold CIPS qualifications and know the Provider Selection Regime.",
            "Market analysis shows who can deliver and at what price before you go to market.",
            "We draft the evaluation model and support panels through moderation.",
        ),
        (
            "Market engagement events",
            "Tender documents",
            "Evaluation and moderation",
            "Standstill and award",
            "Provider Selection Regime advice",
            "E-tendering portal",
        ),
        (per_day("Senior procurement manager", 550, 850), fixed_price("Full tender", 20000, 75000)),
    ),
    "provider_management": Spec(
        (
            "Contract management service",
            "Provider performance monitoring",
            "Quality and KPI assurance",
            "Contract monitoring and challenge",
            "Activity and finance validation",
        ),
        (
            "Making sure agreed contracts, service levels and KPIs are met",
            "Monthly monitoring of providers against the contract, with challenge where they fall short",
        ),
        (
            "We monitor providers each month against the key performance indicators in the contract.",
            "Activity and invoices are validated before you pay them.",
            "Contract review meetings are prepared, minuted and followed up.",
            "Where performance falls short we draft the remedial action plan.",
        ),
        (
            "KPI dashboards",
            "Invoice validation",
            "Contract review meetings",
            "Remedial action plans",
            "Quality visits",
            "Challenge of activity data",
        ),
        (
            per_day("Contract manager", 450, 700),
            (LineSpec("Contract monitoring", "per_unit", "monthly", 1500, 6000),),
        ),
    ),
    "business_support": Spec(
        (
            "Finance and payroll shared service",
            "HR and workforce service",
            "Back-office shared services",
            "Legal services for commissioners",
            "Corporate governance support",
        ),
        (
            "The back office that keeps the organisation running: finance, HR, IT and legal",
            "Shared finance, payroll and HR services at a lower cost than in-house teams",
        ),
        (
            "Our finance team runs the ledger, payables and receivables, and month-end reporting.",
            "Payroll is processed through ESR with full reconciliation every month.",
            "HR advisers support recruitment, casework and organisational change.",
            "Service levels are agreed and reported every month.",
        ),
        (
            "Financial accounting",
            "Payroll through ESR",
            "HR casework",
            "Governance and board support",
            "Procure to pay",
            "Year-end accounts",
        ),
        (
            (LineSpec("Payroll", "per_user", "monthly", 6, 14, True),),
            per_day("Finance business partner", 450, 700),
        ),
    ),
}
