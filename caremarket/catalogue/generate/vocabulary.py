"""What services in each category are called, say and cost: the material the demo world and the
scale generator make realistic listings from. Prices are in the ranges the market charges."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LineSpec:
    item: str
    unit: str
    charge: str
    low: int  # pounds
    high: int
    tiered: bool = False


@dataclass(frozen=True)
class Spec:
    names: tuple[str, ...]
    summaries: tuple[str, ...]
    sentences: tuple[str, ...]
    features: tuple[str, ...]
    options: tuple[tuple[LineSpec, ...], ...]  # each a priced option (an item's lines)


def _day(item: str, low: int, high: int) -> tuple[LineSpec, ...]:
    return (LineSpec(item, "day_rate", "one_off", low, high),)


def _fixed(item: str, low: int, high: int) -> tuple[LineSpec, ...]:
    return (LineSpec(item, "fixed_price", "one_off", low, high),)


CAPACITIES = (
    "Up to {n} new sites a month",
    "A team of {n} analysts",
    "Up to {n} engagements at a time",
    "{n} consultants available within four weeks",
    "Supports up to {n} practices",
    "Installs up to {n} devices a week",
)

SPECS: dict[str, Spec] = {
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
        (_day("Public health analyst", 450, 750), _fixed("Full needs assessment", 18000, 65000)),
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
            _day("Senior information analyst", 500, 850),
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
            _day("Clinical lead", 750, 1200),
            _day("Improvement manager", 550, 800),
            _fixed("Pathway review", 12000, 45000),
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
        (_day("Communications manager", 400, 650), _fixed("Public consultation", 15000, 60000)),
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
        (_day("Senior procurement manager", 550, 850), _fixed("Full tender", 20000, 75000)),
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
            _day("Contract manager", 450, 700),
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
            _day("Finance business partner", 450, 700),
        ),
    ),
    "hscn_connectivity": Spec(
        (
            "HSCN Ethernet connectivity",
            "Managed HSCN connection",
            "HSCN broadband for small sites",
            "Resilient HSCN WAN",
            "HSCN fibre Ethernet",
            "Dual-bearer HSCN connectivity",
        ),
        (
            "HSCN compliant connections for sites of any size, from broadband to 10 Gbit/s Ethernet",
            "A managed connection to the Health and Social Care Network with a 99.95% availability target",
        ),
        (
            "Every connection is HSCN compliant and monitored around the "
            "clock from our network operations centre.",
            "We survey each site, install the circuit and migrate it from the Transition Network.",
            "Resilient options use two bearers over diverse routes for hospitals and hubs.",
            "Service credits apply when we miss the availability target or the fix time.",
            "Bandwidth can rise without a new circuit up to the bearer's capacity.",
        ),
        (
            "24/7 network monitoring",
            "Four-hour fix for Ethernet",
            "Migration from the Transition Network",
            "Site surveys included",
            "Resilient dual-bearer option",
            "Quality of service for voice",
        ),
        (
            (
                LineSpec("Broadband 80 Mbit/s", "per_connection", "one_off", 150, 450),
                LineSpec("Broadband 80 Mbit/s", "per_connection", "monthly", 45, 95, True),
            ),
            (
                LineSpec("Ethernet 100 Mbit/s", "per_connection", "one_off", 900, 2200),
                LineSpec("Ethernet 100 Mbit/s", "per_connection", "monthly", 210, 390, True),
            ),
            (
                LineSpec("Ethernet 1 Gbit/s", "per_connection", "one_off", 1500, 3500),
                LineSpec("Ethernet 1 Gbit/s", "per_connection", "monthly", 450, 950, True),
            ),
        ),
    ),
    "hscn_managed_security": Spec(
        (
            "Managed firewall service",
            "HSCN security operations centre",
            "Managed network security",
            "Intrusion detection and response",
            "Secure web gateway",
        ),
        (
            "Next-generation firewalls managed and monitored for you, over any HSCN connection",
            "A security operations centre watching your network 24/7, with NHS Cyber Alerts acted on",
        ),
        (
            "Firewalls are configured to the NHS secure boundary "
            "guidance and patched within the agreed times.",
            "Our security operations centre triages every alert and calls you for anything serious.",
            "Monthly reports show threats blocked and changes made.",
            "We act on NHS Cyber Alerts within 48 hours.",
        ),
        (
            "Next-generation firewalls",
            "24/7 security monitoring",
            "Monthly threat reports",
            "Change management",
            "NHS Cyber Alerts handled",
            "Penetration testing on request",
        ),
        (
            (LineSpec("Managed firewall", "per_device", "monthly", 25, 90, True),),
            (LineSpec("Security monitoring", "per_site", "monthly", 40, 160),),
        ),
    ),
    "hscn_managed_lan": Spec(
        (
            "Managed LAN and Wi-Fi",
            "Practice Wi-Fi service",
            "Campus network management",
            "Patient and staff Wi-Fi",
            "Local network refresh",
        ),
        (
            "Managed local networks and Wi-Fi for practices, clinics and hospitals",
            "Secure Wi-Fi for staff and patients, installed and managed",
        ),
        (
            "We survey the building, design the network and install switches and access points.",
            "Staff and patient Wi-Fi are kept apart, with content filtering for the public network.",
            "Faults are fixed remotely where possible and on site within the next working day.",
            "The network is monitored and firmware kept up to date.",
        ),
        (
            "Wireless site survey",
            "Staff and guest networks",
            "Content filtering",
            "Next working day engineer",
            "Switch and access point refresh",
            "Network diagrams kept current",
        ),
        (
            (
                LineSpec("Wi-Fi access point", "per_device", "one_off", 250, 600),
                LineSpec("Wi-Fi access point", "per_device", "monthly", 8, 25, True),
            ),
            (LineSpec("Managed LAN", "per_site", "monthly", 60, 240),),
        ),
    ),
    "hscn_voice": Spec(
        (
            "Hosted telephony",
            "Cloud telephony for practices",
            "SIP trunking over HSCN",
            "Contact centre telephony",
            "Advanced telephony with call back",
        ),
        (
            "Cloud telephony with queuing, call back and call recording, over HSCN",
            "Telephone systems for practices that meet the advanced telephony specification",
        ),
        (
            "Calls are queued with the caller's place in the queue "
            "announced, and callers can ask to be called back.",
            "Call recording and reporting help practices plan staff for busy times.",
            "Numbers are ported with no break in service.",
            "The system integrates with the clinical system to show who is calling.",
        ),
        (
            "Call queuing and call back",
            "Call recording",
            "Number porting",
            "Clinical system integration",
            "Real-time wallboards",
            "Disaster recovery routing",
        ),
        (
            (LineSpec("Hosted telephony seat", "per_user", "monthly", 9, 22, True),),
            (LineSpec("Practice telephony", "per_practice", "monthly", 250, 600),),
        ),
    ),
    "hscn_monitoring": Spec(
        (
            "Network monitoring service",
            "HSCN performance monitoring",
            "Network operations centre",
            "Proactive network management",
        ),
        (
            "Every connection and device watched around the clock, with faults raised before users notice",
            "Performance monitoring and capacity reporting for HSCN networks",
        ),
        (
            "We monitor each connection and core device every minute.",
            "Faults are raised with the carrier automatically and tracked to resolution.",
            "Monthly capacity reports show where bandwidth is running short.",
            "A web portal shows the state of every site at any time.",
        ),
        (
            "24/7 monitoring",
            "Automatic fault raising",
            "Capacity reports",
            "Web portal",
            "Carrier management",
        ),
        (
            (LineSpec("Monitoring", "per_connection", "monthly", 12, 45, True),),
            (LineSpec("Site monitoring", "per_site", "annual", 120, 480),),
        ),
    ),
    "gp_clinical_system": Spec(
        (
            "Foundation clinical system",
            "GP clinical record system",
            "Clinical system for primary care networks",
            "Cloud-hosted GP clinical system",
        ),
        (
            "An accredited foundation solution for general practice, hosted in the cloud",
            "The practice's clinical record, prescribing and appointments in one system",
        ),
        (
            "The system meets the capabilities and standards of the GP IT Futures framework.",
            "Records move with the patient through GP2GP.",
            "Electronic prescriptions go to the pharmacy through the Electronic Prescription Service.",
            "Data migration from the practice's current system is included.",
        ),
        (
            "GP2GP record transfer",
            "Electronic Prescription Service",
            "Data migration included",
            "Clinical safety case (DCB0129)",
            "Cloud hosting",
            "Training for every role",
        ),
        (
            (LineSpec("Foundation solution", "per_head_of_population", "annual", 1, 4),),
            (LineSpec("Foundation solution", "per_practice", "annual", 6000, 18000),),
        ),
    ),
    "gp_online_consultation": Spec(
        (
            "Online consultation",
            "Online triage for general practice",
            "Patient online requests",
            "Digital front door for practices",
        ),
        (
            "Patients ask for help online; the practice triages and responds the same day",
            "Online consultation and triage that works on any device",
        ),
        (
            "Patients describe their problem online and the practice sees it in a single triage queue.",
            "Requests are routed to the right clinician or service.",
            "The service meets the NHS accessibility and clinical safety standards.",
            "Reports show demand by hour so that practices can plan.",
        ),
        (
            "Single triage queue",
            "Routing rules",
            "Two-way messaging",
            "Demand reports",
            "Accessible to WCAG 2.2 AA",
        ),
        (
            (LineSpec("Online consultation", "per_head_of_population", "annual", 1, 2),),
            (LineSpec("Online consultation", "per_practice", "monthly", 150, 500),),
        ),
    ),
    "gp_appointments": Spec(
        (
            "Appointments management",
            "Appointment booking and reminders",
            "Shared appointment book for networks",
        ),
        (
            "Booking, reminders and shared appointment books across a primary care network",
            "Appointments patients can book, change and cancel online",
        ),
        (
            "Practices in a network share appointment books for extended access.",
            "Text reminders cut missed appointments.",
            "Patients book, change and cancel online or through the NHS App.",
        ),
        ("Shared appointment books", "Text reminders", "NHS App integration", "Waiting list management"),
        ((LineSpec("Appointments", "per_practice", "monthly", 80, 300),),),
    ),
    "gp_document_management": Spec(
        ("Document management", "Clinical correspondence workflow", "Scanning and coding service"),
        (
            "Incoming letters read, coded and filed to the patient record",
            "Document workflow that gets the right letter to the right clinician",
        ),
        (
            "Letters arrive electronically and are filed to the record with the codes a clinician would use.",
            "Workflow routes each document to whoever needs to act on it.",
            "Scanning of paper records is available.",
        ),
        ("Electronic workflow", "Clinical coding of letters", "Scanning service", "Audit trail"),
        (
            (LineSpec("Document management", "per_practice", "monthly", 90, 320),),
            _day("Coding clerk", 180, 280),
        ),
    ),
    "gp_service_desk": Spec(
        ("GP IT service desk", "IT support for general practice", "Primary care IT support"),
        (
            "A service desk and engineers for practices, with the "
            "response times of the GP IT operating model",
            "IT support for practices, from password resets to on-site engineers",
        ),
        (
            "The service desk answers calls from 8am to 6:30pm, every working day.",
            "Engineers attend on site for faults that cannot be fixed remotely.",
            "We report performance against the support and maintenance levels every month.",
        ),
        (
            "Service desk 8am to 6:30pm",
            "On-site engineers",
            "Monthly performance reports",
            "Asset management",
            "New starter and leaver process",
        ),
        (
            (LineSpec("IT support", "per_user", "monthly", 12, 35, True),),
            (LineSpec("IT support", "per_practice", "monthly", 350, 1200),),
        ),
    ),
    "gp_infrastructure": Spec(
        ("Desktop and device provision", "Device refresh service", "GP IT infrastructure"),
        (
            "Devices built to the national standard, delivered and installed in the practice",
            "Laptops, desktops and smartcard readers, supplied and supported",
        ),
        (
            "Devices are built to the national security baseline and encrypted.",
            "We deliver, install and take away the old equipment for secure disposal.",
            "Warranty covers parts and labour for the life of the device.",
        ),
        (
            "Secure build",
            "Encryption",
            "Installation and disposal",
            "Three-year warranty",
            "Smartcard readers",
        ),
        (
            (LineSpec("Laptop", "per_device", "one_off", 650, 1200, True),),
            (LineSpec("Device support", "per_device", "monthly", 6, 18, True),),
        ),
    ),
    "gp_cyber_security": Spec(
        (
            "Cyber security for practices",
            "Endpoint protection and patching",
            "Cyber Essentials Plus readiness",
        ),
        (
            "Practices kept secure: patching, endpoint protection and help with the Toolkit",
            "Endpoint protection, patching and cyber training for general practice",
        ),
        (
            "Devices are patched within the times the national guidance sets.",
            "Endpoint protection is managed centrally and alerts are acted on.",
            "We help practices complete the Data Security and Protection Toolkit each year.",
        ),
        ("Managed patching", "Endpoint detection and response", "Toolkit support", "Phishing simulation"),
        (
            (LineSpec("Endpoint protection", "per_device", "annual", 20, 70, True),),
            _day("Security consultant", 700, 1100),
        ),
    ),
    "gp_information_governance": Spec(
        (
            "Data protection officer service",
            "Information governance support",
            "Data security and protection advice",
        ),
        (
            "A named data protection officer and information governance support for practices",
            "Help with data protection impact assessments, subject access requests and the Toolkit",
        ),
        (
            "A named data protection officer supports each practice.",
            "We review data protection impact assessments and data sharing agreements.",
            "Subject access requests get advice within two working days.",
        ),
        ("Named data protection officer", "DPIA review", "Subject access advice", "Toolkit support"),
        (
            (LineSpec("Data protection officer", "per_practice", "annual", 800, 2500),),
            _day("IG specialist", 450, 700),
        ),
    ),
    "gp_data_quality": Spec(
        ("Data quality and clinical coding", "Clinical coding audit", "Data quality improvement"),
        (
            "Clinical coding and data quality audits that make the record accurate",
            "Coding audits and training that improve data quality",
        ),
        (
            "Auditors review a sample of records against the coding standards.",
            "Findings are fed back with training for the practice team.",
            "Registers for long-term conditions are checked and corrected.",
        ),
        ("Coding audit", "Register validation", "Practice training", "Quality improvement reports"),
        (_day("Clinical coder", 250, 420), (LineSpec("Coding audit", "per_practice", "one_off", 600, 2000),)),
    ),
    "gp_training": Spec(
        ("Clinical system training", "Digital skills training", "Training for practice teams"),
        (
            "Training on the clinical system and digital tools for every role in the practice",
            "Face-to-face and online training for practice staff",
        ),
        (
            "Trainers teach on the practice's own system and workflows.",
            "E-learning modules cover the basics for new starters.",
            "Each course ends with a short assessment.",
        ),
        ("On-site training", "E-learning", "Role-based courses", "Assessment and certificates"),
        (_day("Trainer", 350, 550), (LineSpec("E-learning licence", "per_user", "annual", 15, 60, True),)),
    ),
    "gp_registration_authority": Spec(
        ("Registration authority service", "Smartcard management", "NHS smartcard registration"),
        (
            "Smartcards issued, renewed and managed for practice staff",
            "A registration authority acting for practices across the system",
        ),
        (
            "We verify identity and issue smartcards to new staff.",
            "Access rights are kept in line with each person's role.",
            "Lost or broken cards are replaced within two working days.",
        ),
        ("Identity checks", "Smartcard issue and renewal", "Role-based access", "Two-day replacement"),
        ((LineSpec("Registration authority", "per_user", "annual", 20, 60, True),),),
    ),
}

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
