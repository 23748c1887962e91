"""HSCN connectivity and overlay services: what they are called, say and cost."""

from caremarket.catalogue.generate.vocabulary.specs import LineSpec, Spec

HSCN: dict[str, Spec] = {
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
}
