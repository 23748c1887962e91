"""GP IT capabilities and enabling services: what they are called, say and cost."""

from caremarket.catalogue.generate.vocabulary.specs import LineSpec, Spec, per_day

GP_IT: dict[str, Spec] = {
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
            per_day("Coding clerk", 180, 280),
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
            per_day("Security consultant", 700, 1100),
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
            per_day("IG specialist", 450, 700),
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
        (
            per_day("Clinical coder", 250, 420),
            (LineSpec("Coding audit", "per_practice", "one_off", 600, 2000),),
        ),
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
        (per_day("Trainer", 350, 550), (LineSpec("E-learning licence", "per_user", "annual", 15, 60, True),)),
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
