"""Demo data of the Fonds Buurtcultuur en Amateurkunst for `manage.py load_demo` (idempotent).

Under the demo's "Fondsen" page, the fund page (in place of the placeholder standard page with
the same slug) with a closed round (last spring) and an open round (closes in a few weeks), each
with three weighted criteria and a committee of the demo reviewer and one more. Applications in
every status: the demo applicant ("aanvrager") has a draft, a submitted one, one with a request
for more information and a granted one; made-up residents have the others. The reviewers have
scored the applications in review; one advance batch has been exported and paid; there is a
submitted report, a settled grant and a reclaim. The organisation's bank account is in the
payment settings, so the fund manager can export a batch for the bank.

Built on tests/factories/funds.py, like the rest of the demo.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from wagtail import hooks
from wagtail.models import Site

from funds import letters
from funds.models import (
    Application,
    ApplicationEvent,
    ApplicationSequence,
    ApplicationStatus,
    BudgetLineKind,
    FundPage,
    Instalment,
    InstalmentKind,
    Message,
    MessageKind,
    Report,
    ReportingTier,
    Review,
    ReviewAssignment,
    ReviewScore,
    RoundPage,
)
from funds.workflow import TRANSITIONS
from payments import services as payment_services
from payments.models import PaymentSettings
from portal.demo import DEMO_DOMAIN
from portal.fields import Wijk
from portal.roles import Role
from tests.factories.funds import ApplicationFactory, RoundPageFactory
from tests.factories.portal import UserFactory

S = ApplicationStatus
FUND_SLUG = "fonds-buurtcultuur"
FUND_CODE = "BCA"
CENT = Decimal("0.01")

ORGANISATION_ACCOUNT = {
    "debtor_name": "Cultuurhuis De Kade",
    "debtor_iban": "NL91ABNA0417164300",
    "debtor_bic": "ABNANL2A",
}
# Valid (made-up) accounts of the grantees.
PAYEE_IBANS = ["NL02ABNA0123456789", "NL20INGB0001234567", "NL39RABO0300065264"]

ELIGIBILITY = (
    "<p>Je kunt een aanvraag doen als bewoner van Zwolle, als buurtinitiatief of als "
    "amateurkunstvereniging. Het project vindt plaats in Zwolle, is open voor de buurt en begint "
    "na de datum waarop je de aanvraag indient.</p>"
)
RULES = (
    "<p>Het fonds draagt ten hoogste € 5.000 en ten hoogste de helft van de kosten van je project "
    "bij. Na de toekenning krijg je 80% als voorschot; de rest na je verantwoording. Hoe "
    "kleiner de bijdrage, hoe korter de verantwoording.</p>"
)
CRITERIA = [("Betekenis voor de buurt", 3), ("Kwaliteit van het plan", 2), ("Haalbaarheid", 1)]
QUESTIONS = [
    (
        "long_text",
        {
            "label": "Hoe betrek je de buurt bij je project?",
            "help_text": "Vertel wie er meedoen en hoe je bewoners uitnodigt.",
            "required": True,
            "max_words": 200,
        },
    ),
    (
        "choice",
        {
            "label": "Welke discipline past het best bij je project?",
            "help_text": "",
            "required": True,
            "choices": ["Muziek", "Theater", "Dans", "Beeldende kunst", "Literatuur", "Anders"],
            "multiple": False,
        },
    ),
    (
        "file",
        {
            "label": "Een foto of tekening van de plek (mag ook later)",
            "help_text": "",
            "required": False,
        },
    ),
]

# Made-up residents: login, first name, last name.
RESIDENTS = [
    ("bewoner.yilmaz", "Hatice", "Yilmaz"),
    ("bewoner.dejong", "Gerrit", "de Jong"),
    ("bewoner.bakker", "Sanne", "Bakker"),
    ("bewoner.mohammadi", "Reza", "Mohammadi"),
    ("bewoner.vandenberg", "Joke", "van den Berg"),
    ("bewoner.smits", "Twan", "Smits"),
    ("bewoner.kramer", "Esther", "Kramer"),
    ("bewoner.ozturk", "Murat", "Öztürk"),
    ("bewoner.hofman", "Lieke", "Hofman"),
]
SECOND_REVIEWER = ("commissielid", "Carla", "Wessels")


@dataclass
class Plan:
    """One demo application: who, what, where, and the status it ends in."""

    owner: str  # a demo login or a resident's login
    round: str  # "closed" or "open"
    status: str
    title: str
    summary: str
    wijk: str
    organisation: str = ""
    legal_form: str = ""
    costs: list = field(default_factory=list)
    income: list = field(default_factory=list)
    grant: Decimal | None = None  # default: the amount requested
    final: Decimal | None = None  # the final amount (vaststelling)
    reviewed: bool = False
    reviewer_conflict: bool = False  # the demo reviewer declared a conflict
    reviewer_undeclared: bool = False  # assigned to the demo reviewer, not declared yet


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


PLANS = [
    # The demo applicant's own.
    Plan("aanvrager", "open", S.DRAFT, "Verhalenfestival Stadshagen",
         "Een middag waarop bewoners elkaar verhalen vertellen over hun wijk, met een "
         "verteller en muziek.", Wijk.STADSHAGEN, "Wijkcomité Stadshagen Vertelt", "informal",
         costs=[("Verteller en muzikanten", "1200"), ("Tent en geluid", "800")],
         income=[("own", "Eigen bijdrage wijkcomité", "300"),
                 ("cofunding", "Wijkbudget Stadshagen", "700")]),
    Plan("aanvrager", "open", S.SUBMITTED, "Fotoclub De Lens exposeert in de bibliotheek",
         "Een tentoonstelling van foto's van Zwolse buurten door de leden van de fotoclub, met "
         "een workshop voor buurtbewoners.", Wijk.BINNENSTAD, "Fotoclub De Lens", "vereniging",
         costs=[("Afdrukken en lijsten", "1400"), ("Workshopleider", "600")],
         income=[("own", "Contributie leden", "500"), ("cofunding", "Sponsor drukkerij", "300"),
                 ("income", "Verkoop catalogus", "200")]),
    Plan("aanvrager", "open", S.MORE_INFO, "Buurtkoor Assendorp zingt op het plein",
         "Drie zomerconcerten van het buurtkoor op het Assendorperplein, met een meezingavond.",
         Wijk.ASSENDORP, "Buurtkoor Assendorp", "vereniging",
         costs=[("Dirigent", "900"), ("Podium en geluid", "1500")],
         income=[("own", "Eigen bijdrage koor", "400"), ("income", "Verkoop drankjes", "200"),
                 ("cofunding", "Wijkbudget Assendorp", "600")]),
    Plan("aanvrager", "closed", S.GRANTED, "Theater in de Wipstrik",
         "Een voorstelling met en door bewoners over honderd jaar Wipstrik, in het buurthuis.",
         Wijk.WIPSTRIK, "Toneelvereniging Wipstrik Speelt", "vereniging",
         costs=[("Regisseur", "2000"), ("Decor en kostuums", "1200"), ("Zaalhuur", "600")],
         income=[("own", "Eigen bijdrage", "600"), ("cofunding", "Wijkbudget Wipstrik", "1000"),
                 ("income", "Kaartverkoop", "400")],
         reviewed=True),
    # Made-up residents, in the open round.
    Plan("bewoner.yilmaz", "open", S.IN_REVIEW, "Dansworkshops voor moeders en dochters",
         "Tien workshops moderne dans in het wijkcentrum van Holtenbroek.", Wijk.HOLTENBROEK,
         costs=[("Dansdocent", "1500"), ("Zaalhuur", "500")],
         income=[("own", "Eigen bijdrage deelnemers", "200"), ("cofunding", "Oranje Fonds", "800")],
         reviewed=True),
    Plan("bewoner.dejong", "open", S.IN_REVIEW, "Muurschildering bij de speeltuin",
         "Kinderen en een kunstenaar maken samen een muurschildering bij de speeltuin.",
         Wijk.DIEZERPOORT, "Speeltuinvereniging De Vlier", "vereniging",
         costs=[("Kunstenaar", "1800"), ("Verf en steigers", "1200")],
         income=[("own", "Eigen bijdrage vereniging", "500"),
                 ("cofunding", "Woningcorporatie", "1000")],
         reviewed=True),
    Plan("bewoner.bakker", "open", S.IN_REVIEW, "Poëziewandeling langs de Aa",
         "Gedichten van bewoners op borden langs een wandelroute, met een openingswandeling.",
         Wijk.AALANDEN, costs=[("Borden en drukwerk", "1100"), ("Vormgeving", "400")],
         income=[("own", "Eigen bijdrage", "300"), ("cofunding", "Wijkbudget Aalanden", "450")],
         reviewed=True, reviewer_undeclared=True),
    Plan("bewoner.mohammadi", "open", S.IN_REVIEW, "Perzische muziekavond in Kamperpoort",
         "Een avond met Perzische muziek en verhalen voor de hele buurt.", Wijk.KAMPERPOORT,
         "Stichting Samen Muziek", "stichting",
         costs=[("Musici", "1600"), ("Zaal en techniek", "700")],
         income=[("own", "Eigen bijdrage stichting", "400"), ("income", "Entree", "300"),
                 ("cofunding", "Prins Bernhard Cultuurfonds", "500")],
         reviewed=True, reviewer_conflict=True),
    Plan("bewoner.vandenberg", "open", S.WITHDRAWN, "Zomerbioscoop Westenholte",
         "Drie filmavonden in de buitenlucht.", Wijk.WESTENHOLTE,
         costs=[("Scherm en projector", "1300")],
         income=[("own", "Eigen bijdrage", "300"), ("cofunding", "Wijkbudget", "350")]),
    # Made-up residents, in the closed round.
    Plan("bewoner.smits", "closed", S.REJECTED, "Feestavond voor de vereniging",
         "Een feestavond voor de eigen leden.", Wijk.BERKUM, "Harmonie Berkum", "vereniging",
         costs=[("Catering", "2500"), ("DJ", "500")],
         income=[("own", "Contributie", "1000"), ("income", "Entree", "500")],
         reviewed=True),
    Plan("bewoner.kramer", "closed", S.ADVANCE_PAID, "Zwolle-Zuid maakt muziek",
         "Muzieklessen voor kinderen in de zomervakantie met een slotconcert.", Wijk.ZWOLLE_ZUID,
         "Muziekvereniging Zuid", "vereniging",
         costs=[("Muziekdocenten", "3000"), ("Huur instrumenten", "1000")],
         income=[("own", "Eigen bijdrage", "800"), ("cofunding", "Gemeente, wijkbudget", "1200")],
         reviewed=True),
    Plan("bewoner.ozturk", "closed", S.REPORT_SUBMITTED, "Kunstroute Schelle",
         "Bewoners zetten hun deuren open voor kunstenaars uit de buurt.", Wijk.SCHELLE,
         "Kunstroute Schelle", "informal",
         costs=[("Drukwerk en route", "900"), ("Opening", "600")],
         income=[("own", "Eigen bijdrage", "300"), ("cofunding", "Wijkbudget Schelle", "450")],
         reviewed=True),
    Plan("bewoner.hofman", "closed", S.SETTLED, "Leesclub voor jongeren in Ittersum",
         "Een jaar lang een leesclub met schrijversbezoeken in de bibliotheek.", Wijk.ITTERSUM,
         costs=[("Schrijversbezoeken", "1200"), ("Boeken", "400")],
         income=[("own", "Eigen bijdrage", "400"), ("cofunding", "Stichting Lezen", "400")],
         reviewed=True, final=money("700")),
    Plan("bewoner.yilmaz", "closed", S.RECLAIMED, "Iftar-concert in Holtenbroek",
         "Een concert met maaltijd voor de buurt.", Wijk.HOLTENBROEK,
         costs=[("Musici", "1000"), ("Maaltijd", "1000")],
         income=[("own", "Eigen bijdrage", "600"), ("cofunding", "Moskeevereniging", "400")],
         reviewed=True, final=money("600")),
]  # fmt: skip

# The steps an application took to reach each status: (transition, who) with who one of
# "applicant", "manager" or None (the portal itself).
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [("submit", "applicant")],
    S.MORE_INFO: [("submit", "applicant"), ("ask_more_info", "manager")],
    S.IN_REVIEW: [("submit", "applicant"), ("start_review", "manager")],
    S.GRANTED: [("submit", "applicant"), ("start_review", "manager"), ("grant", "manager")],
    S.REJECTED: [("submit", "applicant"), ("start_review", "manager"), ("reject", "manager")],
    S.ADVANCE_PAID: [
        ("submit", "applicant"), ("start_review", "manager"), ("grant", "manager"),
        ("advance_paid", None),
    ],
    S.REPORT_SUBMITTED: [
        ("submit", "applicant"), ("start_review", "manager"), ("grant", "manager"),
        ("advance_paid", None), ("submit_report", "applicant"),
    ],
    S.SETTLED: [
        ("submit", "applicant"), ("start_review", "manager"), ("grant", "manager"),
        ("advance_paid", None), ("submit_report", "applicant"), ("settle", "manager"),
    ],
    S.RECLAIMED: [
        ("submit", "applicant"), ("start_review", "manager"), ("grant", "manager"),
        ("advance_paid", None), ("submit_report", "applicant"), ("reclaim", "manager"),
    ],
    S.WITHDRAWN: [("submit", "applicant"), ("withdraw", "applicant")],
}  # fmt: skip
PAID_ADVANCE = (S.ADVANCE_PAID, S.REPORT_SUBMITTED, S.SETTLED, S.RECLAIMED)
REPORTED = (S.REPORT_SUBMITTED, S.SETTLED, S.RECLAIMED)


@hooks.register("portal_demo_data", order=50)
def load_funds(users, home, **kwargs):
    _payment_settings(home)
    fund = _fund_page(home)
    if RoundPage.objects.child_of(fund).exists():
        return  # loaded before
    manager = users["fondsbeheerder"]
    committee = [users["beoordelaar"], _second_reviewer()]
    rounds = _rounds(fund, committee)
    people = dict(users)
    for login, first, last in RESIDENTS:
        people[login] = UserFactory(
            email=f"{login}@{DEMO_DOMAIN}", first_name=first, last_name=last
        )
    advances = []
    for n, plan in enumerate(PLANS):
        application = _application(plan, n, rounds[plan.round], fund, people[plan.owner])
        _history(application, plan, people[plan.owner], manager)
        if plan.reviewed:
            _reviews(application, plan, rounds[plan.round], committee, manager, n)
        if plan.status == S.MORE_INFO:
            Message.objects.create(
                application=application,
                kind=MessageKind.INFO_REQUEST,
                author=manager,
                from_fund=True,
                text="Wil je de offerte voor het podium en het geluid meesturen? Dan kunnen we "
                "je aanvraag verder behandelen.",
            )
        if plan.status == S.GRANTED or plan.status in PAID_ADVANCE:
            advances.append((application, _advance(application, fund)))
            _report(application, plan, fund)
        if application.decided_at:
            letters.decision_letter(application, signatory=manager)
        if plan.status == S.SETTLED:
            paid = sum((i.amount for i in application.instalments.all()), Decimal("0"))
            _final_payment(application, plan.final - paid, fund)
            letters.settlement_letter(application, paid, signatory=manager, site=home.get_site())
        if plan.status == S.RECLAIMED:
            paid = sum((i.amount for i in application.instalments.all()), Decimal("0"))
            Instalment.objects.create(
                application=application, kind=InstalmentKind.RECLAIM, amount=paid - plan.final
            )
            letters.settlement_letter(application, paid, signatory=manager, site=home.get_site())
    _pay_advances(
        [payment for application, payment in advances if application.status in PAID_ADVANCE]
    )


# --- settings and pages ---------------------------------------------------------------------
def _payment_settings(home):
    for site in Site.objects.filter(root_page=home):
        settings = PaymentSettings.for_site(site)
        if not settings.is_complete:
            for name, value in ORGANISATION_ACCOUNT.items():
                setattr(settings, name, value)
            settings.save()


def _fund_page(home) -> FundPage:
    """The fund page under "Fondsen", in place of the placeholder standard page."""
    funds = home.get_children().filter(slug="fondsen").first() or home
    existing = funds.get_children().filter(slug=FUND_SLUG).first()
    if existing is not None and isinstance(existing.specific, FundPage):
        return existing.specific
    old_pk = existing.pk if existing is not None else None
    if existing is not None:
        existing.delete()
    fund = FundPage(
        title="Fonds Buurtcultuur en Amateurkunst",
        slug=FUND_SLUG,
        code=FUND_CODE,
        intro="Bewoners, buurtinitiatieven en amateurkunstverenigingen vragen hier een "
        "bijdrage aan voor hun cultuurproject in Zwolle.",
        eligibility=ELIGIBILITY,
        body=[("paragraph", RULES)],
        maximum_grant=Decimal("5000.00"),
        maximum_share_of_costs=50,
        advance_percentage=80,
        report_due_days=60,
    )
    funds.specific.add_child(instance=fund)
    # Small grants: a short report and photos; larger: plus the actual budget; the largest:
    # plus a financial statement.
    for order, (up_to, actual_budget, statement) in enumerate(
        [(Decimal("1000.00"), False, False), (Decimal("3000.00"), True, False), (None, True, True)]
    ):
        ReportingTier.objects.create(
            fund=fund,
            sort_order=order,
            up_to_amount=up_to,
            content_report=True,
            photos=True,
            actual_budget=actual_budget,
            financial_statement=statement,
        )
    fund.save_revision().publish()
    if old_pk is not None:
        _relink_home_cards(home, old_pk, fund)
    return fund


def _relink_home_cards(home, old_pk, page):
    """The home page's cards pointed at the placeholder: point them at the fund page."""
    home = home.specific
    body = getattr(home, "body", None)
    if body is None:
        return
    raw = list(body.raw_data)
    changed = False
    for block in raw:
        if block.get("type") != "cards":
            continue
        for card in block["value"].get("cards", []):
            value = card.get("value", card) if isinstance(card, dict) else card
            link = value.get("link") or {}
            if link.get("page") == old_pk:
                link["page"] = page.pk
                changed = True
    if changed:
        home.body = raw
        home.save_revision().publish()


def _second_reviewer():
    login, first, last = SECOND_REVIEWER
    return UserFactory(
        email=f"{login}@{DEMO_DOMAIN}", first_name=first, last_name=last, groups=[Role.REVIEWER]
    )


def amsterdam(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _rounds(fund, committee) -> dict[str, RoundPage]:
    """Last spring's round (closed) and the open one (closes in four weeks)."""
    today = timezone.localdate()
    spring_year = today.year if today >= date(today.year, 6, 1) else today.year - 1
    closes = today + timedelta(days=28)
    open_title = (
        f"Najaarsronde {today.year}" if today.month >= 7 else f"Voorjaarsronde {today.year}"
    )
    specs = {
        "closed": (
            f"Voorjaarsronde {spring_year}",
            f"voorjaarsronde-{spring_year}",
            amsterdam(date(spring_year, 3, 1)),
            amsterdam(date(spring_year, 4, 30), 17),
            Decimal("15000.00"),
        ),
        "open": (
            open_title,
            f"ronde-{closes:%Y-%m}",
            amsterdam(today - timedelta(days=21)),
            amsterdam(closes, 17),
            Decimal("20000.00"),
        ),
    }
    rounds = {}
    for key, (title, slug, opens_at, closes_at, budget) in specs.items():
        round_page = RoundPageFactory(
            parent=fund,
            title=title,
            slug=slug,
            intro="Dien je aanvraag in voor deze ronde. De commissie beoordeelt alle aanvragen "
            "na de sluiting; je hoort binnen acht weken of je een bijdrage krijgt.",
            opens_at=opens_at,
            closes_at=closes_at,
            budget=budget,
            carries_over=True,
            questions=QUESTIONS,
            criteria=CRITERIA,
        )
        round_page.committee.set(committee)
        round_page.save_revision().publish()
        rounds[key] = round_page
    return rounds


# --- applications ---------------------------------------------------------------------------
def next_number(year: int) -> str:
    """The fund's next application number for that year (the sequence that submitting uses)."""
    sequence, _created = ApplicationSequence.objects.get_or_create(fund_code=FUND_CODE, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{FUND_CODE}-{year}-{sequence.last:04d}"


def _moments(round_page: RoundPage, n: int) -> dict:
    """When things happened: in the round's period for a closed round, lately for the open."""
    if round_page.closes_at < timezone.now():
        submitted = round_page.closes_at - timedelta(days=10 + n)
        decided = round_page.closes_at + timedelta(days=30)
        start = timezone.localdate(round_page.closes_at) + timedelta(days=45 + n)
    else:
        submitted = timezone.now() - timedelta(days=14 - n % 7)
        decided = None
        start = timezone.localdate() + timedelta(days=60 + n)
    return {"submitted": submitted, "decided": decided, "start": start}


def _application(plan: Plan, n: int, round_page, fund, owner) -> Application:
    moments = _moments(round_page, n)
    lines = [(BudgetLineKind.COST, text, money(amount)) for text, amount in plan.costs]
    lines += [(kind, text, money(amount)) for kind, text, amount in plan.income]
    person = not plan.organisation
    application = ApplicationFactory(
        round=round_page,
        applicant=owner,
        applicant_kind="person" if person else "organisation",
        organisation_name=plan.organisation,
        legal_form=plan.legal_form,
        members_count=None if person else 25 + 5 * n,
        share_in_city=None if person else 85,
        contact_name=owner.get_full_name(),
        contact_email=owner.email,
        street_address=f"Voorbeeldstraat {n + 1}",
        project_title=plan.title,
        summary=plan.summary,
        wijk=plan.wijk,
        location=f"{Wijk(plan.wijk).label}, Zwolle",
        start_date=moments["start"],
        end_date=moments["start"] + timedelta(days=1),
        target_group="Bewoners van de wijk, jong en oud",
        expected_participants=40 + 10 * n,
        payee_name=(plan.organisation or owner.get_full_name())[:70],
        payee_iban=PAYEE_IBANS[n % len(PAYEE_IBANS)],
        answers=_answers(round_page, plan),
        budget=lines,
    )
    if plan.status == S.DRAFT:
        return application
    requested = application.requested_amount
    granted = plan.grant or requested
    changes = {
        "status": plan.status,
        "number": next_number(moments["submitted"].year),
        "submitted_at": moments["submitted"],
        "created_at": moments["submitted"] - timedelta(days=5),
    }
    if plan.status == S.WITHDRAWN:
        changes["withdrawn_at"] = moments["submitted"] + timedelta(days=3)
    if plan.status in (S.REJECTED, S.GRANTED, *PAID_ADVANCE):
        changes["decided_at"] = moments["decided"]
    if plan.status == S.REJECTED:
        changes["decision_reason"] = (
            "Het fonds draagt bij aan projecten die open zijn voor de buurt; een feestavond voor "
            "de eigen leden valt daarbuiten."
        )
    if plan.status in (S.GRANTED, *PAID_ADVANCE):
        changes["granted_amount"] = granted
        changes["conditions"] = "Vermeld het Fonds Buurtcultuur in je aankondigingen."
    if plan.status in (S.SETTLED, S.RECLAIMED):
        changes["settled_amount"] = plan.final
        changes["settled_at"] = moments["decided"] + timedelta(days=120)
    Application.objects.filter(pk=application.pk).update(**changes)
    application.refresh_from_db()
    return application


def _answers(round_page, plan: Plan) -> dict:
    if plan.status == S.DRAFT:
        return {}
    answers = {}
    for block in round_page.questions:
        if block.block_type == "long_text":
            value = "We nodigen de buurt uit met flyers, via de wijkapp en bij de buurtsuper."
        elif block.block_type == "choice":
            value = "Muziek" if "muziek" in plan.title.lower() else "Anders"
        else:
            continue
        answers[block.id] = {"label": block.value["label"], "type": block.block_type,
                             "value": value}  # fmt: skip
    return answers


def _history(application, plan: Plan, owner, manager):
    """The activity log of the steps the application took."""
    moment = application.submitted_at or timezone.now()
    status = S.DRAFT
    for step, (name, who) in enumerate(PATHS[plan.status]):
        actor = {"applicant": owner, "manager": manager}.get(who)
        event = ApplicationEvent.objects.create(
            application=application,
            actor=actor,
            transition=name,
            from_status=status,
            to_status=TRANSITIONS[name].target,
        )
        ApplicationEvent.objects.filter(pk=event.pk).update(at=moment + timedelta(days=7 * step))
        status = TRANSITIONS[name].target


def _reviews(application, plan: Plan, round_page, committee, manager, n):
    criteria = list(round_page.criteria.all())
    weighted = []
    for r, reviewer in enumerate(committee):
        demo_reviewer = r == 0
        assignment = ReviewAssignment.objects.create(
            application=application, reviewer=reviewer, assigned_by=manager
        )
        if demo_reviewer and plan.reviewer_undeclared:
            continue
        if demo_reviewer and plan.reviewer_conflict:
            ReviewAssignment.objects.filter(pk=assignment.pk).update(
                has_conflict=True,
                conflict_declared_at=timezone.now(),
                conflict_explanation="Ik ben bestuurslid van deze stichting.",
            )
            continue
        ReviewAssignment.objects.filter(pk=assignment.pk).update(
            has_conflict=False, conflict_declared_at=timezone.now()
        )
        review = Review.objects.create(
            assignment=assignment,
            comment="Een sympathiek plan dat veel buurtbewoners bereikt.",
            submitted_at=timezone.now(),
        )
        for c, criterion in enumerate(criteria):
            ReviewScore.objects.create(
                review=review,
                criterion=criterion,
                score=4 + (n + 2 * r + c) % 6,
                comment="",
            )
        review.weighted_score = review.compute_weighted_score()
        review.save(update_fields=["weighted_score"])
        weighted.append(review.weighted_score)
    if weighted:
        average = (sum(weighted, Decimal("0")) / len(weighted)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
        Application.objects.filter(pk=application.pk).update(
            average_score=average,
            score_spread=max(weighted) - min(weighted),
            review_count=len(weighted),
        )


# --- money and reports ----------------------------------------------------------------------
def _advance(application, fund):
    amount = (application.granted_amount * fund.advance_percentage / 100).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    payment = payment_services.schedule(
        application,
        amount,
        reference=f"{application.number}-V",
        description=f"{application.number} voorschot {fund.title}",
    )
    Instalment.objects.create(
        application=application, kind=InstalmentKind.ADVANCE, amount=amount, payment=payment
    )
    return payment


def _final_payment(application, amount, fund):
    if amount <= 0:
        return
    payment = payment_services.schedule(
        application,
        amount,
        reference=f"{application.number}-S",
        description=f"{application.number} slotbetaling {fund.title}",
    )
    Instalment.objects.create(
        application=application, kind=InstalmentKind.FINAL, amount=amount, payment=payment
    )


def _pay_advances(payments):
    """The advances of the decided grants in one batch, exported and paid by the bank."""
    if not payments:
        return
    batch = payment_services.create_batch(
        payments, timezone.localdate() - timedelta(days=90), note="Voorschotten voorjaarsronde"
    )
    payment_services.mark_exported(batch)
    payment_services.mark_paid(batch)


def _report(application, plan: Plan, fund):
    due = application.end_date + timedelta(days=fund.report_due_days)
    report = Report.objects.create(application=application, due_date=due)
    if plan.status in REPORTED:
        report.content_report = (
            "Het project is doorgegaan zoals gepland. Er kwamen meer bewoners dan we hadden "
            "verwacht, en we willen het volgend jaar herhalen."
        )
        report.participants = (application.expected_participants or 50) + 15
        report.submitted_at = timezone.now() - timedelta(days=20)
        report.save()


# The Fonds Cultuureducatie's demo registers its own hook (order 60).
from funds import demo_education, demo_spending  # noqa: E402, F401
