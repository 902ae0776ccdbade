"""The purposes the portal processes personal data for, as first entered in the register.

Taken from the second half of the organisation's privacy statement ("Onderwijs, educatie en
maatschappelijke participatie", shared/seeds/000_*.txt), plus user accounts and the privacy work
itself. The data migration privacy/0003 writes them into the register, where the privacy officer
keeps them up to date; code binds its models to them by `code` (portal.personal_data), and the
system check refuses a declaration whose code is not listed here.
"""

DAY = 1
YEAR = 365

# Legal bases (GDPR art. 6(1)).
CONSENT = "consent"
CONTRACT = "contract"
LEGAL_OBLIGATION = "legal_obligation"
PUBLIC_TASK = "public_task"
LEGITIMATE_INTEREST = "legitimate_interest"

DELETE = "delete"
ANONYMISE = "anonymise"

ACCOUNTS = "accounts"
FONDS_CULTUUREDUCATIE = "fonds-cultuureducatie"
FONDS_BUURTCULTUUR = "fonds-buurtcultuur"
KUNST_CULTUURWIJZER = "kunst-cultuurwijzer"
ONDERWIJSAANBOD = "onderwijsaanbod"
BIBLIOTHEEK_OP_SCHOOL = "bibliotheek-op-school"
VOORLEESEXPRESS = "voorleesexpress"
TAALPUNT = "taalpunt"
TAALPUNT_STATISTIEK = "taalpunt-statistiek"
PROGRAMMA_BIJDRAGERS = "programma-bijdragers"
PROGRAMMA_DEELNEMERS = "programma-deelnemers"
NIEUWSBRIEVEN = "nieuwsbrieven"
PRIVACYBEHEER = "privacybeheer"
TOEGANGSLOG = "toegangslog"
BERICHTEN = "berichten"

PURPOSES = [
    {
        "code": ACCOUNTS,
        "name_nl": "Je account op het portaal",
        "name_en": "Your account on the portal",
        "description_nl": (
            "Met je account log je in en zie je je eigen gegevens, organisaties en aanvragen. "
            "We gebruiken je naam en e-mailadres alleen om je te laten inloggen en om je "
            "berichten over je account te sturen."
        ),
        "description_en": (
            "Your account lets you log in and see your own data, organisations and "
            "applications. We use your name and email address only to let you log in and to "
            "send you messages about your account."
        ),
        "legal_basis": CONTRACT,
        "data_categories": "naam, e-mailadres, versleuteld wachtwoord, tweestapsverificatie, "
        "moment van laatste inlog",
        "data_subjects": "iedereen met een account",
        "recipients": "",
        "retention_days": 3 * YEAR,
        "retention_action": DELETE,
        "legal_hold_years": 0,
        "ended_description_nl": "na je laatste inlog",
        "roles": [],
    },
    {
        "code": FONDS_CULTUUREDUCATIE,
        "name_nl": "Deelname aan het Fonds Cultuureducatie Zwolle door scholen",
        "name_en": "Schools taking part in the Fonds Cultuureducatie Zwolle",
        "description_nl": (
            "We gebruiken de gegevens van directies, cultuurcoördinatoren en vakdocenten voor "
            "de organisatorische, administratieve en financiële afhandeling van de middelen "
            "die vanuit het Fonds Cultuureducatie Zwolle beschikbaar zijn voor scholen PO, "
            "(V)SO en VO."
        ),
        "description_en": (
            "We use the data of school directors, culture coordinators and subject teachers "
            "for the organisational, administrative and financial handling of the funds the "
            "Fonds Cultuureducatie Zwolle makes available to primary, special and secondary "
            "schools."
        ),
        "legal_basis": CONTRACT,
        "data_categories": "naam, e-mailadres, rol op de school, aanvragen, declaraties en "
        "betalingen",
        "data_subjects": "directies, cultuurcoördinatoren en vakdocenten van scholen",
        "recipients": "Gemeente Zwolle (alleen totalen per school, voor de verantwoording "
        "van de subsidie)",
        "retention_days": 2 * YEAR,
        "retention_action": ANONYMISE,
        "legal_hold_years": 7,
        "ended_description_nl": "nadat je geen lid meer bent van de school of het schooljaar "
        "is afgerekend",
        "roles": ["Fondsbeheerder"],
    },
    {
        "code": FONDS_BUURTCULTUUR,
        "name_nl": "Aanvragen aan het Fonds Buurtcultuur en Amateurkunst",
        "name_en": "Applications to the Fonds Buurtcultuur en Amateurkunst",
        "description_nl": (
            "De gegevens die je ons geeft bij je aanvraag gebruiken we uitsluitend om je "
            "aanvraag te behandelen en te beoordelen, en voor de financiële en inhoudelijke "
            "afwikkeling als je subsidieaanvraag gehonoreerd is."
        ),
        "description_en": (
            "We use the data you give with your application only to handle and assess it, "
            "and for the financial and content settlement if your grant is awarded."
        ),
        "legal_basis": CONTRACT,
        "data_categories": "naam, contactgegevens, gegevens van je organisatie, projectplan, "
        "begroting, bankrekeningnummer, verantwoording",
        "data_subjects": "aanvragers, contactpersonen van verenigingen en buurtinitiatieven",
        "recipients": "de leden van de beoordelingscommissie (alleen de aanvragen die aan hen "
        "zijn toegewezen)",
        "retention_days": 1 * YEAR,
        "retention_action": ANONYMISE,
        "legal_hold_years": 7,
        "ended_description_nl": "na het besluit op je aanvraag of de vaststelling van de subsidie",
        "roles": ["Fondsbeheerder", "Beoordelaar"],
    },
    {
        "code": KUNST_CULTUURWIJZER,
        "name_nl": "Vermelding van cultuuraanbod in de vrije tijd op de Kunst- & Cultuurwijzer",
        "name_en": "Listing leisure-time cultural offers in the Kunst- & Cultuurwijzer",
        "description_nl": (
            "De gegevens die je beschikbaar stelt voor de Kunst- & Cultuurwijzer gebruiken we "
            "uitsluitend om jouw cultuuraanbod in de vrije tijd op één of meer Zwolse locaties "
            "openbaar te tonen op de website. Via een inlog kun je deze gegevens zelf wijzigen."
        ),
        "description_en": (
            "We use the data you provide for the Kunst- & Cultuurwijzer only to show your "
            "leisure-time cultural offers at locations in Zwolle publicly on the website. You "
            "can change them yourself after logging in."
        ),
        "legal_basis": CONSENT,
        "data_categories": "naam van de aanbieder of kunstenaar, openbare contactgegevens, "
        "beschrijving van het aanbod, namen en e-mailadressen van de leden",
        "data_subjects": "cultuuraanbieders, zelfstandige kunstenaars en hun medewerkers",
        "recipients": "bezoekers van de website (alleen wat openbaar is gemaakt)",
        "retention_days": 1 * YEAR,
        "retention_action": DELETE,
        "legal_hold_years": 0,
        "ended_description_nl": "nadat je aanbod of profiel is ingetrokken",
        "roles": ["Moderator"],
    },
    {
        "code": ONDERWIJSAANBOD,
        "name_nl": "Vermelding van cultuuraanbod voor het onderwijs",
        "name_en": "Listing cultural offers for schools",
        "description_nl": (
            "De gegevens die je beschikbaar stelt voor het onderwijsaanbod gebruiken we "
            "uitsluitend om jouw cultuuraanbod voor het onderwijs openbaar te tonen op de "
            "website. Via een inlog kun je deze gegevens zelf wijzigen."
        ),
        "description_en": (
            "We use the data you provide for the education offers only to show your cultural "
            "offers for schools publicly on the website. You can change them yourself after "
            "logging in."
        ),
        "legal_basis": CONSENT,
        "data_categories": "naam van de aanbieder of kunstenaar, openbare contactgegevens, "
        "beschrijving van het aanbod, aanvragen van scholen",
        "data_subjects": "cultuuraanbieders, zelfstandige kunstenaars en hun medewerkers",
        "recipients": "bezoekers van de website (alleen wat openbaar is gemaakt); scholen die "
        "je aanbod aanvragen",
        "retention_days": 1 * YEAR,
        "retention_action": DELETE,
        "legal_hold_years": 0,
        "ended_description_nl": "nadat je aanbod of profiel is ingetrokken",
        "roles": ["Moderator"],
    },
    {
        "code": BIBLIOTHEEK_OP_SCHOOL,
        "name_nl": "Deelname aan De Bibliotheek op school",
        "name_en": "Taking part in De Bibliotheek op school",
        "description_nl": (
            "Als je school meedoet met De Bibliotheek op school, legt de school de gegevens van "
            "leerlingen vast in SchoolWise. We gebruiken deze gegevens uitsluitend voor het doel "
            "waarvoor ze zijn verstrekt. Dit portaal bewaart geen leerlinggegevens."
        ),
        "description_en": (
            "If your school takes part in De Bibliotheek op school, the school records pupils' "
            "data in SchoolWise. We use these data only for the purpose they were given for. "
            "This portal keeps no pupil data."
        ),
        "legal_basis": CONTRACT,
        "data_categories": "gegevens van leerlingen, vastgelegd door de school in SchoolWise",
        "data_subjects": "leerlingen van deelnemende scholen",
        "recipients": "",
        "retention_days": 1 * YEAR,
        "retention_action": DELETE,
        "legal_hold_years": 0,
        "ended_description_nl": "nadat de school stopt met De Bibliotheek op school",
        "roles": [],
    },
    {
        "code": VOORLEESEXPRESS,
        "name_nl": "Vrijwilliger bij de VoorleesExpress",
        "name_en": "Volunteering for the VoorleesExpress",
        "description_nl": (
            "De gegevens die je ons geeft als vrijwilliger bij de VoorleesExpress gebruiken we "
            "uitsluitend om je te informeren over je inzet als vrijwilliger bij de "
            "VoorleesExpress Zwolle."
        ),
        "description_en": (
            "We use the data you give us as a VoorleesExpress volunteer only to inform you "
            "about your work as a volunteer with the VoorleesExpress Zwolle."
        ),
        "legal_basis": CONTRACT,
        "data_categories": "naam, e-mailadres, telefoonnummer, postcode en wijk, "
        "beschikbaarheid, talen, ervaring, motivatie, VOG-datum",
        "data_subjects": "vrijwilligers van de VoorleesExpress",
        "recipients": "Stichting De VoorleesExpress (landelijke organisatie)",
        "retention_days": 1 * YEAR,
        "retention_action": DELETE,
        "legal_hold_years": 0,
        "ended_description_nl": "nadat je bent gestopt als vrijwilliger",
        "roles": ["Coördinator VoorleesExpress"],
    },
    {
        "code": TAALPUNT,
        "name_nl": "Deelnemer of vrijwilliger bij het Taalpunt",
        "name_en": "Participant or volunteer at the Taalpunt",
        "description_nl": (
            "Als je als deelnemer of vrijwilliger meedoet aan activiteiten van het Taalpunt, "
            "gebruiken we je gegevens uitsluitend om je te informeren over deze activiteiten."
        ),
        "description_en": (
            "If you take part in Taalpunt activities as a participant or volunteer, we use "
            "your data only to inform you about these activities."
        ),
        "legal_basis": CONSENT,
        "data_categories": "naam, contactgegevens, wat je wilt leren, niveau, beschikbaarheid, "
        "aanwezigheid",
        "data_subjects": "deelnemers en vrijwilligers van het Taalpunt",
        "recipients": "",
        "retention_days": 1 * YEAR,
        "retention_action": DELETE,
        "legal_hold_years": 0,
        "ended_description_nl": "na je laatste activiteit bij het Taalpunt",
        "roles": ["Coördinator Taalpunt"],
    },
    {
        "code": TAALPUNT_STATISTIEK,
        "name_nl": "Landelijke statistiek van het Taalpunt (geanonimiseerd)",
        "name_en": "National Taalpunt statistics (anonymised)",
        "description_nl": (
            "Het Taalpunt verzamelt een aantal gegevens van deelnemers die, geanonimiseerd en "
            "niet herleidbaar naar personen, worden gebruikt voor landelijke statistische "
            "doeleinden. Bij je aanmelding worden ze los van je naam opgeslagen."
        ),
        "description_en": (
            "The Taalpunt collects some data of participants which, anonymised and not "
            "traceable to anyone, are used for national statistics. At registration they are "
            "stored apart from your name."
        ),
        "legal_basis": LEGITIMATE_INTEREST,
        "data_categories": "leeftijdsgroep, geslacht (als je dat opgeeft), taalgroep, wijk, "
        "hoe je ons vond, soort activiteit: niet te koppelen aan jou",
        "data_subjects": "deelnemers van het Taalpunt",
        "recipients": "landelijke statistiek van de Taalpunten (alleen aantallen, kleiner dan "
        "5 als \u201c<5\u201d)",
        "retention_days": 0,
        "retention_action": ANONYMISE,
        "legal_hold_years": 0,
        "ended_description_nl": "direct bij je aanmelding: ze zijn dan al anoniem",
        "roles": ["Coördinator Taalpunt"],
    },
    {
        "code": PROGRAMMA_BIJDRAGERS,
        "name_nl": "Verzorgen van activiteiten in de programmering",
        "name_en": "Contributing activities to the programme",
        "description_nl": (
            "De gegevens die je ons geeft als je een activiteit bij of voor ons verzorgt, "
            "gebruiken we uitsluitend voor de organisatorische, inhoudelijke en financiële "
            "afhandeling van de activiteit."
        ),
        "description_en": (
            "We use the data you give us when you contribute an activity only for its "
            "organisational, content and financial handling."
        ),
        "legal_basis": CONTRACT,
        "data_categories": "naam, contactgegevens, inhoud van de activiteit, planning, "
        "honorarium, factuur en bankrekeningnummer",
        "data_subjects": "uitvoerenden, workshopleiders en sprekers",
        "recipients": "",
        "retention_days": 2 * YEAR,
        "retention_action": ANONYMISE,
        "legal_hold_years": 7,
        "ended_description_nl": "na de activiteit",
        "roles": ["Programmamaker"],
    },
    {
        "code": PROGRAMMA_DEELNEMERS,
        "name_nl": "Deelname aan activiteiten",
        "name_en": "Taking part in activities",
        "description_nl": (
            "Als je je aanmeldt voor een activiteit, gebruiken we je gegevens uitsluitend om "
            "je te informeren over de activiteit. Na afloop van de activiteit vernietigen we "
            "de gegevens."
        ),
        "description_en": (
            "When you sign up for an activity, we use your data only to inform you about it. "
            "We destroy the data once the activity is over."
        ),
        "legal_basis": CONSENT,
        "data_categories": "naam, e-mailadres, eventueel telefoonnummer",
        "data_subjects": "bezoekers die zich aanmelden voor een activiteit",
        "recipients": "",
        "retention_days": 1 * DAY,
        "retention_action": DELETE,
        "legal_hold_years": 0,
        "ended_description_nl": "na afloop van de activiteit",
        "roles": ["Programmamaker"],
    },
    {
        "code": NIEUWSBRIEVEN,
        "name_nl": "Nieuwsbrieven",
        "name_en": "Newsletters",
        "description_nl": (
            "Je kunt je aanmelden voor onze digitale nieuwsbrieven. Zo blijf je op de hoogte "
            "van ons aanbod, onze acties en ons nieuws. Hiervoor gebruiken we je e-mailadres. "
            "Je kunt je altijd weer afmelden, met de link onder elke nieuwsbrief."
        ),
        "description_en": (
            "You can subscribe to our newsletters to hear about our offers, campaigns and "
            "news. For this we use your email address. You can always unsubscribe with the "
            "link in every newsletter."
        ),
        "legal_basis": CONSENT,
        "data_categories": "e-mailadres, gekozen nieuwsbrieven, moment van aan- en afmelden",
        "data_subjects": "abonnees",
        "recipients": "",
        "retention_days": 30 * DAY,
        "retention_action": DELETE,
        "legal_hold_years": 0,
        "ended_description_nl": "nadat je je hebt afgemeld",
        "roles": ["Redacteur"],
    },
    {
        "code": PRIVACYBEHEER,
        "name_nl": "Je rechten als betrokkene en onze verantwoording",
        "name_en": "Your rights as a data subject and our accountability",
        "description_nl": (
            "Als je vraagt om inzage, correctie of verwijdering van je gegevens, of bezwaar "
            "maakt, bewaren we je verzoek en ons antwoord, zodat we kunnen laten zien dat we "
            "het goed hebben afgehandeld. Ook toestemmingen die je gaf bewaren we als bewijs."
        ),
        "description_en": (
            "When you ask for access to, correction or erasure of your data, or object, we "
            "keep your request and our answer, to show we handled it properly. We also keep "
            "the consents you gave, as proof."
        ),
        "legal_basis": LEGAL_OBLIGATION,
        "data_categories": "je verzoek, onze correspondentie, gegeven en ingetrokken toestemmingen",
        "data_subjects": "iedereen die een verzoek doet of toestemming geeft",
        "recipients": "de Autoriteit Persoonsgegevens, als die erom vraagt",
        "retention_days": 2 * YEAR,
        "retention_action": DELETE,
        "legal_hold_years": 0,
        "ended_description_nl": "nadat je verzoek is afgehandeld of je toestemming is ingetrokken",
        "roles": ["Privacyfunctionaris"],
    },
    {
        "code": TOEGANGSLOG,
        "name_nl": "Beveiliging: wie welke gegevens inzag",
        "name_en": "Security: who looked at which data",
        "description_nl": (
            "Als een medewerker gegevens van een persoon opent of exporteert, leggen we vast "
            "wie dat deed, wanneer en voor welk doel, zonder de gegevens zelf. Zo kunnen we "
            "controleren dat niemand gegevens inziet buiten zijn taak."
        ),
        "description_en": (
            "When staff open or export a person's data, we record who did so, when and for "
            "which purpose, without the data itself, so we can check nobody looks at data "
            "outside their task."
        ),
        "legal_basis": LEGAL_OBLIGATION,
        "data_categories": "medewerker, moment, doel, soort en nummer van het gegeven",
        "data_subjects": "medewerkers",
        "recipients": "",
        "retention_days": 1 * YEAR,
        "retention_action": DELETE,
        "legal_hold_years": 0,
        "ended_description_nl": "na het inzien",
        "roles": ["Privacyfunctionaris"],
    },
]

PURPOSES.append(
    {
        "code": BERICHTEN,
        "name_nl": "E-mail versturen",
        "name_en": "Sending email",
        "description_nl": (
            "Als we je een e-mail sturen (een bevestiging, een uitnodiging, een nieuwsbrief), "
            "staat het bericht even in onze verzendwachtrij. Na 14 dagen wissen we het daar."
        ),
        "description_en": (
            "When we send you an email (a confirmation, an invitation, a newsletter), the "
            "message waits briefly in our outgoing queue. We erase it there after 14 days."
        ),
        "legal_basis": LEGITIMATE_INTEREST,
        "data_categories": "e-mailadres, onderwerp en tekst van het bericht",
        "data_subjects": "iedereen aan wie we e-mail sturen",
        "recipients": "",
        "retention_days": 14 * DAY,
        "retention_action": DELETE,
        "legal_hold_years": 0,
        "ended_description_nl": "na het versturen",
        "roles": [],
    }
)

PURPOSE_CODES = frozenset(purpose["code"] for purpose in PURPOSES)
