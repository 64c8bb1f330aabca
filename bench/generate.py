#!/usr/bin/env python3
"""Generate a synthetic lodpub project for benchmarks, reproducible from a seed.

Usage:
    python bench/generate.py OUT_DIR --articles N [--seed 1] [--force]
    python bench/generate.py OUT_DIR --triples T [--seed 1] [--force]

The project has the layout of examples/vannas-slobozhanske/: lodpub.toml,
registry/*.yaml (one file per kind; kinds with more than 500 records are split
into kind-001.yaml, kind-002.yaml …) and content/articles/*.md (one article per
file: YAML front matter and about 2 KB of Markdown).

The world is invented but plausible: Swedish kommuner (keys se-NNNN) partnered
with Ukrainian hromadas (keys ua-UA…, KATOTTH-like codes); their territories,
counties, oblasts and raions; councils, parties and support organisations;
people (opaque UUID keys) with one or two mandates; conferences and visits;
partnerships with activities; agreements with signatures; and news articles
about all of these. The registry grows with the articles: per 100 articles
there are 20 partnerships, about 13 Swedish and 17 Ukrainian municipalities,
70 people and 12 events.

--triples T asks for about T triples: N = (T - 600) / 70, as measured with
lodpub's mapping (registry and per-graph provenance included): about 70 triples
per article, the registry's share included, plus 600 for the fixed places and
organisations.

The same seed and arguments give byte-identical files. OUT_DIR must not hold a
project yet, unless --force is given: then its registry/ and content/articles/
folders are replaced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import textwrap
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

TRIPLES_PER_ARTICLE = 70      # measured (seed 1): 50 articles → 4,052 triples,
TRIPLES_FIXED = 600           # 1,000 → 70,421, 10,000 → 698,872; the fixed part is the
#                               countries, counties, oblasts, parties … every project has
CHUNK = 500                   # records per registry file
FIRST_DAY = dt.date(2022, 11, 1)
LAST_DAY = dt.date(2025, 6, 30)
SWEDISH_TERM = dt.date(2022, 10, 15)
UKRAINIAN_TERM = dt.date(2020, 11, 20)

# ---------------------------------------------------------------- vocabulary

COUNTIES = [  # län: code, Swedish name, English name
    ("01", "Stockholms län", "Stockholm County"), ("03", "Uppsala län", "Uppsala County"),
    ("04", "Södermanlands län", "Södermanland County"),
    ("05", "Östergötlands län", "Östergötland County"),
    ("06", "Jönköpings län", "Jönköping County"), ("07", "Kronobergs län", "Kronoberg County"),
    ("08", "Kalmar län", "Kalmar County"), ("09", "Gotlands län", "Gotland County"),
    ("10", "Blekinge län", "Blekinge County"), ("12", "Skåne län", "Skåne County"),
    ("13", "Hallands län", "Halland County"),
    ("14", "Västra Götalands län", "Västra Götaland County"),
    ("17", "Värmlands län", "Värmland County"), ("18", "Örebro län", "Örebro County"),
    ("19", "Västmanlands län", "Västmanland County"), ("20", "Dalarnas län", "Dalarna County"),
    ("21", "Gävleborgs län", "Gävleborg County"),
    ("22", "Västernorrlands län", "Västernorrland County"),
    ("23", "Jämtlands län", "Jämtland County"),
    ("24", "Västerbottens län", "Västerbotten County"),
    ("25", "Norrbottens län", "Norrbotten County"),
]
OBLASTS = [  # code, English, Ukrainian adjective, Swedish
    ("05", "Vinnytsia", "Вінницька", "Vinnytsja"), ("07", "Volyn", "Волинська", "Volyn"),
    ("12", "Dnipropetrovsk", "Дніпропетровська", "Dnipropetrovsk"),
    ("14", "Donetsk", "Донецька", "Donetsk"), ("18", "Zhytomyr", "Житомирська", "Zjytomyr"),
    ("21", "Zakarpattia", "Закарпатська", "Zakarpattia"),
    ("23", "Zaporizhzhia", "Запорізька", "Zaporizjzja"),
    ("26", "Ivano-Frankivsk", "Івано-Франківська", "Ivano-Frankivsk"),
    ("32", "Kyiv", "Київська", "Kiev"), ("35", "Kirovohrad", "Кіровоградська", "Kirovohrad"),
    ("46", "Lviv", "Львівська", "Lviv"), ("48", "Mykolaiv", "Миколаївська", "Mykolajiv"),
    ("51", "Odesa", "Одеська", "Odessa"), ("53", "Poltava", "Полтавська", "Poltava"),
    ("56", "Rivne", "Рівненська", "Rivne"), ("59", "Sumy", "Сумська", "Sumy"),
    ("61", "Ternopil", "Тернопільська", "Ternopil"), ("63", "Kharkiv", "Харківська", "Charkiv"),
    ("65", "Kherson", "Херсонська", "Cherson"),
    ("68", "Khmelnytskyi", "Хмельницька", "Chmelnytskyj"),
    ("71", "Cherkasy", "Черкаська", "Tjerkasy"), ("73", "Chernivtsi", "Чернівецька", "Tjernivtsi"),
    ("74", "Chernihiv", "Чернігівська", "Tjernihiv"),
]
CITIES = [  # key, Swedish, English, Ukrainian, the place it lies in
    ("stockholm", "Stockholm", "Stockholm", "Стокгольм", "sweden"),
    ("goteborg", "Göteborg", "Gothenburg", "Гетеборг", "sweden"),
    ("malmo", "Malmö", "Malmö", "Мальме", "sweden"),
    ("umea", "Umeå", "Umeå", "Умео", "sweden"),
    ("kyiv", "Kiev", "Kyiv", "Київ", "ukraine"),
    ("lviv", "Lviv", "Lviv", "Львів", "lviv-oblast"),
    ("kharkiv", "Charkiv", "Kharkiv", "Харків", "kharkiv-oblast"),
    ("odesa", "Odessa", "Odesa", "Одеса", "odesa-oblast"),
]

SE_HEADS = ("Björk Sund Lind Berg Ek Hög Norr Sör Öster Väster Stor Lill Mal Tran Fal Sol "
            "Kvarn Hammar Ål Vänn Gran Alm Asp Sten Fors Strand Myr Hag Ljus Rå Gull Skog "
            "Dal Ny Val Ram Hed Lo Bjur Arv").split()
SE_TAILS = ("ås by vik köping sund näs hult torp holm berga fors dal älv heden ryd stad "
            "tuna lunda mark åker bo lid").split()
UA_ROOTS = [  # Latin and Cyrillic stems of invented place names
    ("Bil", "Біл"), ("Zelen", "Зелен"), ("Krasn", "Красн"), ("Nov", "Нов"), ("Star", "Стар"),
    ("Vyshn", "Вишн"), ("Sosn", "Сосн"), ("Dub", "Дуб"), ("Lypov", "Липов"),
    ("Berez", "Берез"), ("Verb", "Верб"), ("Kalyn", "Калин"), ("Yasen", "Ясен"),
    ("Hlyb", "Глиб"), ("Zoloch", "Золоч"), ("Bohdan", "Богдан"), ("Mykhail", "Михайл"),
    ("Petr", "Петр"), ("Ivan", "Іван"), ("Koval", "Ковал"), ("Mlyn", "Млин"),
    ("Slobozhan", "Слобожан"), ("Tern", "Терн"), ("Horodn", "Городн"), ("Richn", "Річн"),
    ("Lis", "Ліс"), ("Stepan", "Степан"), ("Chern", "Черн"), ("Sokil", "Сокіл"),
    ("Borys", "Борис"), ("Lozov", "Лозов"), ("Kryv", "Крив"), ("Shyrok", "Широк"),
    ("Zhovt", "Жовт"), ("Sad", "Сад"), ("Lan", "Лан"), ("Oleksandr", "Олександр"),
]
UA_SUFFIXES = [  # Latin, Cyrillic noun ending, Cyrillic adjective stem ending
    ("ivka", "івка", "івськ"), ("ske", "ське", "ськ"), ("opil", "опіль", "опільськ"),
    ("ohorod", "огород", "огородськ"), ("ove", "ове", "івськ"), ("ychi", "ичі", "ицьк"),
    ("iv", "ів", "івськ"),
]
HROMADA_TYPES = {  # English: Ukrainian fem. nominative, fem. genitive, masculine; Swedish; people
    "city": ("міська", "міської", "міський", "stadshromada", (18000, 160000)),
    "settlement": ("селищна", "селищної", "селищний", "tätortshromada", (6000, 40000)),
    "village": ("сільська", "сільської", "сільський", "landsbygdshromada", (2500, 15000)),
}

SE_GIVEN = ("Lillemor Henrik Anna Erik Maria Lars Karin Anders Eva Johan Kristina Per Sofia Mikael "
            "Elin Magnus Ingrid Fredrik Helena Björn Ulla Mats Åsa Nils Linnea Gunnar").split()
SE_FAMILY = ("Lundgren Åström Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson "
             "Persson Svensson Gustafsson Pettersson Lindberg Lindqvist Holmgren Bergström "
             "Sandberg Forsberg Sjöberg Wikström Nordin Öberg Hedlund Lundström Marklund "
             "Backman Strömberg").split()
UA_MEN = [("Dmytro", "Дмитро"), ("Oleksandr", "Олександр"), ("Andrii", "Андрій"),
          ("Serhii", "Сергій"), ("Volodymyr", "Володимир"), ("Mykola", "Микола"),
          ("Ivan", "Іван"), ("Vasyl", "Василь"), ("Yurii", "Юрій"), ("Oleh", "Олег"),
          ("Taras", "Тарас"), ("Bohdan", "Богдан"), ("Petro", "Петро"), ("Ihor", "Ігор")]
UA_WOMEN = [("Viktoriia", "Вікторія"), ("Olena", "Олена"), ("Nataliia", "Наталія"),
            ("Iryna", "Ірина"), ("Oksana", "Оксана"), ("Tetiana", "Тетяна"), ("Yuliia", "Юлія"),
            ("Halyna", "Галина"), ("Svitlana", "Світлана"), ("Kateryna", "Катерина"),
            ("Olha", "Ольга"), ("Mariia", "Марія")]
UA_FAMILY = [("Shevchenko", "Шевченко"), ("Kovalenko", "Коваленко"), ("Bondarenko", "Бондаренко"),
             ("Tkachenko", "Ткаченко"), ("Kravchenko", "Кравченко"), ("Oliinyk", "Олійник"),
             ("Melnyk", "Мельник"), ("Kovalchuk", "Ковальчук"), ("Polishchuk", "Поліщук"),
             ("Marchenko", "Марченко"), ("Rudenko", "Руденко"), ("Moroz", "Мороз"),
             ("Lysenko", "Лисенко"), ("Petrenko", "Петренко"), ("Klymenko", "Клименко"),
             ("Boiko", "Бойко"), ("Dikhtiar", "Діхтяр"), ("Hnatiuk", "Гнатюк"),
             ("Ponomarenko", "Пономаренко"), ("Romaniuk", "Романюк"), ("Zinchenko", "Зінченко")]
UA_PATRONYMICS = [("Миколайович", "Миколаївна"), ("Олександрович", "Олександрівна"),
                  ("Іванович", "Іванівна"), ("Петрович", "Петрівна"), ("Васильович", "Василівна"),
                  ("Володимирович", "Володимирівна"), ("Сергійович", "Сергіївна"),
                  ("Андрійович", "Андріївна"), ("Юрійович", "Юріївна"),
                  ("Григорович", "Григорівна")]

ORGANISATIONS = [  # key, type, Swedish name, English name, parent
    ("skr", "Organization", "Sveriges Kommuner och Regioner",
     "Swedish Association of Local Authorities and Regions", None),
    ("salar-international", "Organization", "SALAR International", "SALAR International", "skr"),
    ("cities4cities", "OrganizationalCollaboration", "Cities 4 Cities", "Cities4Cities", None),
    ("icld", "Organization", "Internationellt centrum för lokal demokrati",
     "Swedish International Centre for Local Democracy", None),
    ("sida", "GovernmentOrganization", "Styrelsen för internationellt utvecklingssamarbete",
     "Swedish International Development Cooperation Agency", None),
    ("msb", "GovernmentOrganization", "Myndigheten för samhällsskydd och beredskap",
     "Swedish Civil Contingencies Agency", None),
    ("auc", "Organization", "Ukrainska städers förbund", "Association of Ukrainian Cities", None),
    ("u-lead", "OrganizationalCollaboration", "U-LEAD with Europe", "U-LEAD with Europe", None),
]
SE_PARTIES = [  # key, Swedish name, English name, weight
    ("socialdemokraterna", "Socialdemokraterna", "Swedish Social Democratic Party", 30),
    ("moderaterna", "Moderaterna", "Moderate Party", 20),
    ("centerpartiet", "Centerpartiet", "Centre Party", 15),
    ("sverigedemokraterna", "Sverigedemokraterna", "Sweden Democrats", 10),
    ("kristdemokraterna", "Kristdemokraterna", "Christian Democrats", 8),
    ("liberalerna", "Liberalerna", "Liberals", 7),
    ("vansterpartiet", "Vänsterpartiet", "Left Party", 6),
    ("miljopartiet", "Miljöpartiet de gröna", "Green Party", 4),
]
UA_PARTIES = [("sluha-narodu", "Слуга народу", "Servant of the People"),
              ("yevropeiska-solidarnist", "Європейська солідарність", "European Solidarity"),
              ("batkivshchyna", "Батьківщина", "Batkivshchyna")]
FACILITATORS = ["cities4cities", "salar-international", "icld", "u-lead", "auc"]
CONFERENCE_HOSTS = [["cities4cities", "salar-international"], ["icld"], ["skr", "auc"],
                    ["u-lead", "salar-international"]]

# Concepts: local names from the SKOS schemes of ontology/lodpub.ttl.
AREAS = {  # lp:CooperationArea → Swedish, English words for running text
    "localDemocracyDecentralisation": ("demokrati och decentralisering",
                                       "local democracy and decentralisation"),
    "reconstruction": ("återuppbyggnad", "reconstruction"),
    "urbanPlanning": ("samhällsplanering", "urban planning"),
    "crisisPreparedness": ("krisberedskap", "crisis preparedness"),
    "wasteManagement": ("avfallshantering", "waste management"),
    "education": ("utbildning", "education"),
    "stemEducation": ("STEM-utbildning", "STEM education"),
    "localEconomicDevelopment": ("lokal ekonomisk utveckling", "local economic development"),
    "humanitarianSupport": ("humanitärt stöd", "humanitarian support"),
    "euIntegration": ("EU-integration", "EU integration"),
    "culturePeopleToPeople": ("kultur och utbyten mellan människor", "culture and exchanges"),
    "supportForResistance": ("stöd till Ukrainas motstånd", "support for Ukraine's resistance"),
}
PARTNERSHIP_TYPES = {  # lp:PartnershipType → Swedish, English, weight, formal agreement
    "solidarityPartnership": ("solidaritetspartnerskap", "solidarity partnership", 70,
                              ("cooperationAgreement", "memorandumOfUnderstanding")),
    "twinning": ("vänortssamarbete", "twinning", 15, ("twinningAgreement",)),
    "projectPartnership": ("projektpartnerskap", "project partnership", 15, ("projectAgreement",)),
}
STATUSES = {"exploratory": 10, "intentDeclared": 30, "formalised": 20, "active": 30,
            "dormant": 7, "ended": 3}  # lp:PartnershipStatus → weight
AGREEMENTS = {  # lp:AgreementType → Swedish, English (with article)
    "letterOfIntent": ("en avsiktsförklaring", "a letter of intent"),
    "memorandumOfUnderstanding": ("ett samförståndsavtal", "a memorandum of understanding"),
    "cooperationAgreement": ("ett samarbetsavtal", "a cooperation agreement"),
    "twinningAgreement": ("ett vänortsavtal", "a twinning agreement"),
    "projectAgreement": ("ett projektavtal", "a project agreement"),
}
ROLES = {  # lp:Role → Swedish, English words for running text
    "municipalCouncilChair": ("kommunfullmäktiges ordförande", "chair of the municipal council"),
    "municipalDirector": ("kommundirektör", "municipal director"),
    "deputyMunicipalDirector": ("biträdande kommunchef", "deputy municipal director"),
    "councilMember": ("ledamot i fullmäktige", "council member"),
    "mayor": ("borgmästare", "mayor"),
    "headOfHromada": ("hromadans ordförande", "head of the hromada"),
    "headOfEconomicDevelopment": ("chef för ekonomisk utveckling", "head of economic development"),
}
PURPOSES = [
    ("Stötta Ukrainas motstånd mot den ryska invasionen",
     "Support Ukraine's resistance against the Russian invasion"),
    ("Bidra till Ukrainas återuppbyggnad", "Contribute to the reconstruction of Ukraine"),
    ("Fortsatt utveckling av demokrati och decentralisering",
     "Further development of democracy and decentralisation"),
    ("Stärka den kommunala krisberedskapen", "Strengthen municipal crisis preparedness"),
    ("Utbyta erfarenheter mellan skolor och förskolor",
     "Exchange experience between schools and preschools"),
    ("Förbereda Ukrainas närmande till EU", "Prepare Ukraine's approach to the EU"),
]
ACTIVITIES = {  # schema.org action type → (Swedish, English) name patterns
    "CommunicateAction": [("Regelbundna digitala möten", "Regular online meetings"),
                          ("Erfarenhetsutbyte om {area_sv}", "Exchange of experience on {area_en}"),
                          ("Webbinarium om {area_sv}", "Webinar on {area_en}")],
    "TravelAction": [("Besök från {ua} i {se}", "Visit from {ua} to {se}"),
                     ("Studieresa till {se} för tjänstepersoner från {ua}",
                      "Study trip to {se} for officials from {ua}"),
                     ("Delegationsresa till {ua}", "Delegation trip to {ua}")],
    "PlanAction": [("Gemensam handlingsplan för {area_sv}", "Joint action plan for {area_en}"),
                   ("Projektansökan om {area_sv}", "Project application on {area_en}")],
    "Action": [("Insamling av utrustning till {ua}", "Collection of equipment for {ua}"),
               ("Leverans av generatorer till {ua}", "Delivery of generators to {ua}"),
               ("Skolmaterial till {ua}", "School supplies for {ua}")],
}
ACTION_STATUS = {"potential": ("planeras", "planned"), "active": ("pågår", "ongoing"),
                 "completed": ("genomförd", "completed")}
SV_MONTHS = ("januari februari mars april maj juni juli augusti september oktober november "
             "december").split()
EN_MONTHS = ("January February March April May June July August September October November "
             "December").split()
SEASONS = {"sv": ("vintern", "våren", "sommaren", "hösten"),
           "en": ("winter", "spring", "summer", "autumn")}

# ---------------------------------------------------------------- article text
# Every template is given in Swedish and English; {names} come from story_context().

HEADLINES = {
    "agreement": [("{se} och {ua} har skrivit under {agreement_sv}",
                   "{se} and {ua} sign {agreement_en}")],
    "visit": [("Delegation från {guest} på besök i {host}",
               "Delegation from {guest} visits {host}")],
    "conference": [("{se} på partnerskapskonferens i {city_sv}",
                    "{se} at partnership conference in {city_en}")],
    "activity": [("{activity_sv} – nytt i partnerskapet med {ua}",
                  "{activity_en}: news from the partnership with {ua}")],
    "update": [("Så går samarbetet med {ua}", "How the cooperation with {ua} is going"),
               ("{se} skickar stöd till {ua}", "{se} sends support to {ua}"),
               ("Nytt från partnerskapet med {ua}", "News from the partnership with {ua}")],
}
INTROS = {
    "agreement": (
        "Den {date_sv} skrev {se_full_sv} och {ua} under {agreement_sv}{at_sv}. Dokumentet "
        "undertecknades av {signer_se} för {se} och av {signer_ua} för {ua}, och det "
        "formaliserar ett samarbete som har vuxit fram under det senaste året.",
        "On {date_en}, {se_full_en} and {ua} signed {agreement_en}{at_en}. It was signed by "
        "{signer_se} for {se} and by {signer_ua} for {ua}, and it formalises a cooperation "
        "that has grown over the past year."),
    "visit": (
        "Den {date_sv} välkomnade {host} en delegation från {guest}. Under besöket träffade "
        "gästerna kommunens ledning och besökte skolor, räddningstjänst och vattenverk för att "
        "se hur verksamheten fungerar i praktiken.",
        "On {date_en}, {host} welcomed a delegation from {guest}. During the visit the guests "
        "met the municipal leadership and visited schools, the fire and rescue service and the "
        "waterworks to see how services work in practice."),
    "conference": (
        "Den {date_sv} samlades företrädare för svenska och ukrainska kommuner på en "
        "partnerskapskonferens i {city_sv}. Konferensen arrangerades av {organizers_sv}, och "
        "{se} var på plats tillsammans med sin partnerkommun {ua}.",
        "On {date_en}, representatives of Swedish and Ukrainian municipalities met at a "
        "partnership conference in {city_en}. It was organised by {organizers_en}, and {se} "
        "attended together with its partner municipality {ua}."),
    "activity": (
        "Inom partnerskapet mellan {se} och {ua} är insatsen ”{activity_sv}” nu "
        "{activity_status_sv}. Insatsen är en del av den plan som kommunerna har kommit överens "
        "om och rör framför allt {area_sv}.",
        "Within the partnership between {se} and {ua}, the activity “{activity_en}” is now "
        "{activity_status_en}. It is part of the plan the two municipalities agreed on and "
        "concerns above all {area_en}."),
    "update": (
        "Partnerskapet mellan {se} och {ua} fortsätter att utvecklas. Sedan starten {start_sv} "
        "har kommunerna hållit regelbunden kontakt och genomfört flera gemensamma insatser.",
        "The partnership between {se} and {ua} keeps developing. Since it began in {start_en} "
        "the two municipalities have stayed in regular contact and carried out several joint "
        "activities."),
}
PARAGRAPHS = [
    ("{se} och {ua} inledde sitt samarbete {start_sv}. Partnerskapet är ett {ptype_sv} och "
     "har som mål att {purpose_sv}. Båda kommunerna har utsett kontaktpersoner som håller ihop "
     "arbetet och rapporterar till sina politiska ledningar.",
     "{se} and {ua} began their cooperation in {start_en}. The partnership is a {ptype_en} and "
     "aims to {purpose_en}. Both municipalities have appointed contact persons who coordinate "
     "the work and report to their political leadership."),
    ("Samarbetet omfattar framför allt {areas_sv}. Arbetet sker både via digitala kanaler och "
     "genom besök, och utgår från de behov som {ua} själv har beskrivit. Varje år följs "
     "partnerskapet upp och nya insatser planeras tillsammans.",
     "The cooperation covers above all {areas_en}. The work is done both over digital channels "
     "and through visits, and starts from the needs that {ua} has described itself. Every "
     "year the partnership is reviewed and new activities are planned together."),
    ("## Om {ua}\n\n{ua} är en {htype_sv} i {region_sv} med omkring {pop_sv} invånare. Sedan "
     "den fullskaliga ryska invasionen i februari 2022 har {ua} tagit emot många "
     "internflyktingar, samtidigt som skolor, vård och vattenförsörjning har behövt hållas "
     "igång under svåra förhållanden.",
     "## About {ua}\n\n{ua} is a {htype_en} in {region_en} with about {pop_en} inhabitants. "
     "Since the full-scale Russian invasion in February 2022 {ua} has taken in many internally "
     "displaced people, while schools, health care and the water supply have had to keep "
     "running under difficult conditions."),
    ("I {se_full_sv} har partnerskapet förankrats genom beslut i kommunfullmäktige. "
     "{chair_sv} betonar att samarbetet ska bygga på ömsesidigt lärande och att även {se} har "
     "mycket att vinna på utbytet med kollegorna i {region_sv}.",
     "In {se_full_en} the partnership rests on a decision of the municipal council. {chair_en} "
     "stresses that the cooperation is built on mutual learning and that {se}, too, has much "
     "to gain from the exchange with colleagues in {region_en}."),
    ("Partnerskapet får stöd av {facilitators_sv}. De hjälper svenska och ukrainska kommuner "
     "att hitta varandra, ordnar konferenser och erbjuder metodstöd och finansiering för "
     "gemensamma projekt.",
     "The partnership is supported by {facilitators_en}. They help Swedish and Ukrainian "
     "municipalities find each other, organise conferences and offer methods and funding for "
     "joint projects."),
    ("## Det här händer i partnerskapet\n\n{activity_list_sv}",
     "## What happens in the partnership\n\n{activity_list_en}"),
    ("Nästa steg är att ta fram en gemensam handlingsplan för {next_year}. Planen ska beskriva "
     "vilka insatser som prioriteras, vem som ansvarar och hur resultaten ska följas upp. "
     "Förslaget väntas behandlas av kommunstyrelsen under hösten.",
     "The next step is a joint action plan for {next_year}. It will set out which activities "
     "come first, who is responsible and how results are followed up. The municipal executive "
     "board is expected to discuss the proposal in the autumn."),
    ("Vill du veta mer om partnerskapet med {ua}, eller har du idéer om hur invånare och "
     "föreningar i {se} kan bidra? Hör av dig till kommunens internationella samordnare via "
     "kontaktcenter.",
     "Would you like to know more about the partnership with {ua}, or do you have ideas on "
     "how residents and associations in {se} can help? Contact the municipality's "
     "international coordinator through the contact centre."),
    ("Sedan 2022 har allt fler svenska kommuner ingått partnerskap med ukrainska kommuner. "
     "Många samarbetar om återuppbyggnad, krisberedskap och lokal demokrati, och flera har "
     "redan skickat utrustning som brandbilar, generatorer och skolmaterial.",
     "Since 2022 more and more Swedish municipalities have entered partnerships with Ukrainian "
     "ones. Many cooperate on reconstruction, crisis preparedness and local democracy, and "
     "several have already sent equipment such as fire engines, generators and school supplies."),
]
QUOTES = [
    ("Det känns stort att vi nu tar nästa steg tillsammans med {ua}",
     "It feels big that we are now taking the next step together with {ua}"),
    ("Vi har mycket att lära av varandra, och samarbetet gör skillnad på riktigt",
     "We have a lot to learn from each other, and the cooperation makes a real difference"),
    ("Stödet från {se} betyder mer för oss än vi kan uttrycka i ord",
     "The support from {se} means more to us than we can put into words"),
    ("Det här är ett långsiktigt åtagande, inte ett engångsprojekt",
     "This is a long-term commitment, not a one-off project"),
]
QUOTE_PARAGRAPH = ("– {quote}, säger {speaker}, {speaker_role_sv}.",
                   "“{quote},” says {speaker}, {speaker_role_en}.")
KEYWORDS = {"partnership": ("partnerskap", "partnership"), "ukraine": ("Ukraina", "Ukraine"),
            "agreement": ("avtal", "agreement"), "visit": ("besök", "visit"),
            "conference": ("konferens", "conference"), "activity": ("samarbete", "cooperation"),
            "update": ("stöd", "support")}

# ---------------------------------------------------------------- YAML writing


class Flow(dict):
    """A map written on one line, { sv: …, en: … }, when it fits."""


def texts(**by_language) -> Flow:
    """Text per language, leaving out empty ones."""
    return Flow((tag, text) for tag, text in by_language.items() if text)


def record(**fields) -> dict:
    """A record with its fields in the given order, leaving out empty values."""
    return {name: value for name, value in fields.items() if value is not None and value != []}


_RESOLVER = yaml.resolver.Resolver()
_PLAIN = re.compile(r"[^\W_](?:[^:#\n]|:(?=\S))*(?<![ :])")   # starts with a letter or digit
_FLOW_INDICATORS = re.compile(r"[,?\[\]{}]")
_PLAIN_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp")  # lodpub reads dates as text


def scalar(value, flow: bool = False) -> str:
    """A YAML scalar: plain when it reads back as the same text, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if (_PLAIN.fullmatch(text) and not text.isdigit()
            and not (flow and _FLOW_INDICATORS.search(text))
            and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) in _PLAIN_TAGS):
        return text
    return json.dumps(text, ensure_ascii=False)


def inline(value) -> str | None:
    """The one-line form of a Flow map or of a list of scalars, else None."""
    if isinstance(value, Flow):
        pairs = (f"{key}: {scalar(text, True)}" for key, text in value.items())
        return "{ " + ", ".join(pairs) + " }"
    if isinstance(value, list) and not any(isinstance(item, (dict, list)) for item in value):
        return "[" + ", ".join(scalar(item, True) for item in value) + "]"
    return None


def map_lines(mapping: dict, pad: int) -> list[str]:
    return [line for key, value in mapping.items() for line in field_lines(key, value, pad)]


def field_lines(key: str, value, pad: int) -> list[str]:
    head = " " * pad + f"{key}:"
    if not isinstance(value, (dict, list)):
        return [f"{head} {scalar(value)}"]
    short = inline(value)
    if short is not None and len(head) + len(short) < 100:
        return [f"{head} {short}"]
    if isinstance(value, dict):
        return [head] + map_lines(value, pad + 2)
    return [head] + [line for item in value for line in item_lines(item, pad + 2)]


def item_lines(value, pad: int) -> list[str]:
    dash = " " * pad + "- "
    if not isinstance(value, (dict, list)):
        return [dash + scalar(value)]
    short = inline(value)
    if short is not None and pad + len(short) < 100:
        return [dash + short]
    lines = map_lines(value, pad + 2)
    return [dash + lines[0][pad + 2:]] + lines[1:]


def registry_text(comment: str, sections: dict[str, list[dict]]) -> str:
    lines = [f"# {comment}"]
    for section, records in sections.items():
        if records:
            lines += ([""] if len(lines) > 1 else []) + [f"{section}:"]
            for index, item in enumerate(records):
                lines += ([""] if index else []) + item_lines(item, 2)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the world


@dataclass
class Municipality:
    key: str
    country: str                  # "se" or "ua"
    name: str                     # short name for running text, e.g. Vännäs
    region: tuple[str, str]       # county or oblast, Swedish and English
    population: int
    kind: str = ""                # hromada type: city, settlement, village
    council: str = ""             # key of its council (an organisational unit)
    # Officials as (person key, mandate key, role, display name); the one who signs comes first.
    staff: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class Partnership:
    key: str
    se: Municipality
    ua: Municipality
    record: dict
    agreements: list[dict] = field(default_factory=list)
    visits: list[str] = field(default_factory=list)


@dataclass
class World:
    rng: random.Random
    sections: dict[str, list[dict]] = field(default_factory=lambda: {
        name: [] for name in ("places", "municipalities", "organisations", "people", "events")})
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    partnerships: list[Partnership] = field(default_factory=list)
    events: dict[str, dict] = field(default_factory=dict)
    articles: list[tuple[str, str]] = field(default_factory=list)   # file stem, text
    keys: set[str] = field(default_factory=set)
    raions: dict[str, int] = field(default_factory=dict)     # raion key → hromadas in it so far
    names: set[str] = field(default_factory=set)
    labels: dict[str, Flow] = field(default_factory=dict)   # key → name of each registry record

    def unique(self, key: str) -> str:
        """Claim *key*, or key-2, key-3 … when it is taken."""
        candidate, number = key, 1
        while candidate in self.keys:
            number += 1
            candidate = f"{key}-{number}"
        self.keys.add(candidate)
        return candidate

    def add(self, section: str, item: dict) -> dict:
        self.sections[section].append(item)
        if "id" in item:
            self.labels[item["id"]] = item["name"]
        return item

    def day(self, first: dt.date = FIRST_DAY, last: dt.date = LAST_DAY) -> dt.date:
        """A random day from *first* to *last*."""
        return dt.date.fromordinal(self.rng.randint(first.toordinal(),
                                                    max(first, last).toordinal()))

    def opaque_key(self) -> str:
        return self.unique(str(uuid.UUID(int=self.rng.getrandbits(128), version=4)))


def slug(text: str) -> str:
    folded = text.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def short_slug(text: str, limit: int = 60) -> str:
    """slug() cut at a word boundary to at most *limit* characters."""
    words = slug(text)
    return words if len(words) <= limit else words[:limit + 1].rsplit("-", 1)[0]


def join(words: list[str], conjunction: str) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def sv_date(day: dt.date) -> str:
    return f"{day.day} {SV_MONTHS[day.month - 1]} {day.year}"


def en_date(day: dt.date) -> str:
    return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"


def add_fixed_places(w: World) -> None:
    """Countries, Swedish counties, Ukrainian oblasts and a few cities."""
    w.add("places", record(id=w.unique("sweden"), type="Country",
                           name=texts(sv="Sverige", en="Sweden", uk="Швеція"),
                           sameAs=["http://publications.europa.eu/resource/authority/country/SWE"]))
    w.add("places", record(id=w.unique("ukraine"), type="Country",
                           name=texts(sv="Ukraina", en="Ukraine", uk="Україна"),
                           sameAs=["http://publications.europa.eu/resource/authority/country/UKR"]))
    for code, sv, en in COUNTIES:
        w.add("places", record(id=w.unique(county_key(code)), type="AdministrativeArea",
                               name=texts(sv=sv, en=en), containedInPlace="sweden",
                               identifiers=Flow({"SE-länskod": code})))
    for code, en, uk, sv in OBLASTS:
        w.add("places", record(id=w.unique(oblast_key(code)), type="AdministrativeArea",
                               name=texts(sv=f"{sv} oblast", en=f"{en} Oblast", uk=f"{uk} область"),
                               containedInPlace="ukraine"))
    for key, sv, en, uk, within in CITIES:
        w.add("places", record(id=w.unique(key), type="City", name=texts(sv=sv, en=en, uk=uk),
                               containedInPlace=within))


def county_key(code: str) -> str:
    en = next(name for number, _, name in COUNTIES if number == code)
    return slug(en)


def oblast_key(code: str) -> str:
    return slug(next(name for number, name, _, _ in OBLASTS if number == code)) + "-oblast"


def add_fixed_organisations(w: World) -> None:
    """Associations, agencies, programmes and political parties."""
    for key, kind, sv, en, parent in ORGANISATIONS:
        w.add("organisations", record(id=w.unique(key), type=kind, name=texts(sv=sv, en=en),
                                      parentOrganization=parent))
    for key, sv, en, _ in SE_PARTIES:
        w.add("organisations", record(id=w.unique(key), type="PoliticalParty",
                                      name=texts(sv=sv, en=en)))
    for key, uk, en in UA_PARTIES:
        w.add("organisations", record(id=w.unique(key), type="PoliticalParty",
                                      name=texts(uk=uk, en=en)))


def fresh_name(w: World, make) -> tuple:
    """A generated name not used before, when one can be found in a few tries."""
    for _ in range(20):
        name = make()
        if name[0] not in w.names:
            break
    w.names.add(name[0])
    return name


def swedish_codes(rng: random.Random, count: int) -> list[str]:
    """Distinct kommunkoder: a county code and two digits."""
    pool = [f"{code}{number:02d}" for code, _, _ in COUNTIES for number in range(1, 100)]
    return rng.sample(pool, min(count, len(pool)))


def population(w: World, low: int, high: int) -> int:
    return int(round(low * (high / low) ** w.rng.random(), -2))


def add_swedish_municipality(w: World, code: str) -> Municipality:
    """A kommun, its territory, its council and its officials."""
    rng = w.rng
    (name,) = fresh_name(w, lambda: (rng.choice(SE_HEADS) + rng.choice(SE_TAILS),))
    county = next(c for c in COUNTIES if c[0] == code[:2])
    muni = Municipality(w.unique(f"se-{code}"), "se", name, (county[1], county[2]),
                        population(w, 2500, 150000))
    area = w.unique(f"area-se-{code}")
    w.add("municipalities", record(
        id=muni.key, name=texts(sv=f"{name} kommun", en=f"{name} Municipality"),
        identifiers=Flow({"SE-kommunkod": code,
                          "SE-organisationsnummer": f"212000-{rng.randint(0, 9999):04d}"}),
        url=f"https://www.{slug(name)}.se/", jurisdiction=area))
    w.add("places", record(
        id=area, type="AdministrativeArea",
        name=texts(sv=f"{name} kommun (område)", en=f"{name} Municipality (territory)"),
        containedInPlace=county_key(code[:2]),
        population=[record(value=muni.population, date="2024-12-31",
                           source="https://www.scb.se/")]))
    muni.council = add_unit(w, muni, "council", texts(sv=f"{name} kommunfullmäktige",
                                                      en=f"{name} Municipal Council"))
    if rng.random() < 0.2:
        add_unit(w, muni, "ukraine-association",
                 texts(sv=f"Föreningen {name} för Ukraina", en=f"{name} for Ukraine Association"),
                 kind="NGO")
    add_swedish_officials(w, muni)
    w.municipalities[muni.key] = muni
    return muni


def ukrainian_place_name(rng: random.Random) -> tuple[str, str, str]:
    """An invented place name: Latin, Cyrillic and the Cyrillic adjective stem."""
    (latin, cyrillic), (ending, noun, adjective) = rng.choice(UA_ROOTS), rng.choice(UA_SUFFIXES)
    return latin + ending, cyrillic + noun, cyrillic + adjective


def raion_for(w: World, oblast: str) -> tuple[str, str]:
    """The raion a new hromada of *oblast* lies in (made when needed); its key and code."""
    number = w.rng.randint(1, 5)
    code = f"{oblast}{number:02d}"
    key = f"raion-UA{code}"
    if key not in w.keys:
        latin, _, adjective = ukrainian_place_name(w.rng)
        w.add("places", record(id=w.unique(key), type="AdministrativeArea",
                               name=texts(en=f"{latin} Raion", uk=f"{adjective}ий район"),
                               containedInPlace=oblast_key(oblast)))
    w.raions[key] = w.raions.get(key, 0) + 1
    return key, f"{code}{w.raions[key]:03d}"


def add_ukrainian_municipality(w: World) -> Municipality:
    """A hromada, its territory, council and departments, and its officials."""
    rng = w.rng
    name, noun, adjective = fresh_name(w, lambda: ukrainian_place_name(rng))
    oblast = rng.choice(OBLASTS)
    raion, prefix = raion_for(w, oblast[0])
    kind = rng.choices(list(HROMADA_TYPES), (2, 3, 5))[0]
    fem, gen, _, _, (low, high) = HROMADA_TYPES[kind]
    code = f"UA{prefix}000{rng.randint(0, 9999999):07d}"
    region = (f"{oblast[3]} oblast", f"{oblast[1]} Oblast")
    muni = Municipality(w.unique(f"ua-{code}"), "ua", name, region, population(w, low, high), kind)
    area = w.unique(f"area-ua-{code}")
    w.add("municipalities", record(
        id=muni.key, name=texts(uk=f"{adjective}а {fem} громада", en=f"{name} {kind} hromada",
                                sv=f"{name} kommun"),
        alternateName=texts(en=name, uk=noun), identifiers=Flow({"UA-KATOTTH": code}),
        foundingDate="2020-06-12" if rng.random() < 0.7 else str(w.day(dt.date(2015, 8, 1),
                                                                        dt.date(2019, 12, 31))),
        jurisdiction=area))
    w.add("places", record(
        id=area, type="AdministrativeArea",
        name=texts(uk=f"Територія {adjective}ої {gen} громади",
                   en=f"{name} {kind} hromada (territory)"),
        containedInPlace=raion,
        population=[record(value=muni.population, date="2022-01-01",
                           source="https://ukrstat.gov.ua/"),
                    record(value=int(round(muni.population * rng.uniform(0.8, 1.4), -3)) or 1000,
                           date="2024-01-01", approximate=True,
                           note=texts(en="with internally displaced people, as the hromada "
                                         "estimates"))]))
    muni.council = add_unit(w, muni, "council", texts(uk=f"{adjective}а {fem} рада",
                                                      en=f"{name} {kind} council"))
    add_ukrainian_officials(w, muni, adjective, gen)
    w.municipalities[muni.key] = muni
    return muni


def add_unit(w: World, muni: Municipality, suffix: str, name: Flow,
             kind: str = "OrganizationalUnit") -> str:
    """A council, department or local association of *muni*; returns its key."""
    key = w.unique(f"{muni.key}-{suffix}")
    w.add("organisations", record(id=key, type=kind, name=name,
                                  unitOf=muni.key if kind == "OrganizationalUnit" else None))
    return key


def swedish_person(w: World) -> dict:
    given, family = w.rng.choice(SE_GIVEN), w.rng.choice(SE_FAMILY)
    return record(id=w.opaque_key(), name=f"{given} {family}", givenName=given, familyName=family)


def ukrainian_person(w: World) -> dict:
    rng = w.rng
    woman = rng.random() < 0.45
    given = rng.choice(UA_WOMEN if woman else UA_MEN)
    family = rng.choice(UA_FAMILY)
    patronymic = rng.choice(UA_PATRONYMICS)[1 if woman else 0]
    return record(id=w.opaque_key(),
                  name=texts(en=f"{given[0]} {family[0]}", uk=f"{given[1]} {family[1]}"),
                  givenName=texts(en=given[0], uk=given[1]),
                  familyName=texts(en=family[0], uk=family[1]),
                  patronymicName=texts(uk=patronymic))


def mandate(w: World, person: dict, muni: Municipality, role: str, organisation: str,
            role_name: Flow, party: str | None, start: dt.date, end: dt.date | None = None) -> dict:
    family = person["familyName"]
    family = family if isinstance(family, str) else family["en"]
    return record(id=w.unique(f"{muni.key}-{slug(family)}-{slug(role)}"), role=role,
                  roleName=role_name, organisation=organisation, onBehalfOf=party,
                  startDate=str(start), endDate=str(end) if end else None)


def add_official(w: World, muni: Municipality, person: dict, mandates: list[dict]) -> None:
    person["mandates"] = mandates
    w.add("people", person)
    display = person["name"] if isinstance(person["name"], str) else person["name"]["en"]
    muni.staff.append((person["id"], mandates[0]["id"], mandates[0]["role"], display))


def add_swedish_officials(w: World, muni: Municipality) -> None:
    """Council chair (sometimes a councillor before), director, deputy, councillors."""
    rng = w.rng
    chair, chair_party = swedish_person(w), swedish_party(rng)
    mandates = [mandate(w, chair, muni, "municipalCouncilChair", muni.council,
                        texts(sv="kommunfullmäktiges ordförande"), chair_party, SWEDISH_TERM)]
    if rng.random() < 0.5:
        mandates.append(mandate(w, chair, muni, "councilMember", muni.council,
                                texts(sv="ledamot i kommunfullmäktige"), chair_party,
                                dt.date(2018, 10, 15), SWEDISH_TERM - dt.timedelta(days=1)))
    add_official(w, muni, chair, mandates)
    director = swedish_person(w)
    add_official(w, muni, director, [mandate(w, director, muni, "municipalDirector", muni.key,
                                             texts(sv="kommundirektör"), None,
                                             w.day(dt.date(2015, 1, 1), dt.date(2022, 6, 1)))])
    if rng.random() < 0.3:
        deputy = swedish_person(w)
        add_official(w, muni, deputy, [mandate(w, deputy, muni, "deputyMunicipalDirector", muni.key,
                                               texts(sv="biträdande kommunchef"), None,
                                               w.day(dt.date(2016, 1, 1), dt.date(2022, 6, 1)))])
    if rng.random() < 0.5:
        member = swedish_person(w)
        add_official(w, muni, member, [mandate(
            w, member, muni, "councilMember", muni.council,
            texts(sv="ledamot i kommunfullmäktige"), swedish_party(rng), SWEDISH_TERM)])


def swedish_party(rng: random.Random) -> str:
    return rng.choices([p[0] for p in SE_PARTIES], [p[3] for p in SE_PARTIES])[0]


def add_ukrainian_officials(w: World, muni: Municipality, adjective: str, genitive: str) -> None:
    """Head of the hromada (mayor in cities); sometimes a head of department, a councillor."""
    rng = w.rng
    _, _, masculine, _, _ = HROMADA_TYPES[muni.kind]
    role = "mayor" if muni.kind == "city" else "headOfHromada"
    head = ukrainian_person(w)
    party = rng.choice(UA_PARTIES)[0] if rng.random() < 0.5 else None
    mandates = [mandate(w, head, muni, role, muni.key,
                        texts(uk=f"{masculine} голова", sv="borgmästare"), party, UKRAINIAN_TERM)]
    if rng.random() < 0.4:
        mandates.append(mandate(w, head, muni, "councilMember", muni.council,
                                texts(uk=f"депутат {genitive} ради"), party,
                                dt.date(2015, 11, 15), UKRAINIAN_TERM - dt.timedelta(days=1)))
    add_official(w, muni, head, mandates)
    if rng.random() < 0.5:
        unit = add_unit(w, muni, "economic-development", texts(
            uk=f"Відділ економічного розвитку та інвестицій {adjective}ої {genitive} ради",
            en=f"Economic development and investment, {muni.name}",
            sv=f"Ekonomisk utveckling och investeringar, {muni.name}"))
        chief = ukrainian_person(w)
        add_official(w, muni, chief, [mandate(
            w, chief, muni, "headOfEconomicDevelopment", unit,
            texts(uk="начальник відділу економічного розвитку та інвестицій",
                  sv="chef för ekonomisk utveckling och investeringar"),
            None, w.day(dt.date(2019, 1, 1), dt.date(2022, 9, 1)))])
    if rng.random() < 0.3:
        member = ukrainian_person(w)
        add_official(w, muni, member, [mandate(w, member, muni, "councilMember", muni.council,
                                               texts(uk=f"депутат {genitive} ради"),
                                               rng.choice(UA_PARTIES)[0], UKRAINIAN_TERM)])


def add_networks(w: World) -> None:
    """A Ukraine network per county with at least three member kommuner."""
    for code, sv, en in COUNTIES:
        members = [m.key for m in w.municipalities.values() if m.key.startswith(f"se-{code}")]
        if len(members) >= 3:
            w.add("organisations", record(
                id=w.unique(f"{county_key(code)}-ukraine-network"),
                type="OrganizationalCollaboration",
                name=texts(sv=f"Ukrainanätverket i {sv}",
                           en=f"{en.removesuffix(' County')} Ukraine network"),
                members=members, foundingDate=str(w.day(dt.date(2022, 4, 1), dt.date(2023, 6, 1)))))


def add_conference(w: World) -> None:
    """A partnership conference; partners signing there are added as attendees later."""
    rng = w.rng
    key, sv, en, _, _ = rng.choice(CITIES)
    start = w.day(FIRST_DAY, LAST_DAY - dt.timedelta(days=30))
    attendees = rng.sample(sorted(w.municipalities), min(len(w.municipalities), rng.randint(2, 8)))
    event = w.add("events", record(
        id=w.unique(f"{start}-{key}-partnership-conference"), type="ConferenceEvent",
        name=texts(sv=f"Partnerskapskonferens för svenska och ukrainska kommuner i {sv}",
                   en=f"Partnership conference of Swedish and Ukrainian municipalities in {en}"),
        description=texts(sv="Listan över deltagare här är ofullständig.",
                          en="The list of attendees here is incomplete."),
        startDate=str(start), endDate=str(start + dt.timedelta(days=1)), location=key,
        organizers=rng.choice(CONFERENCE_HOSTS), attendees=attendees))
    w.events[event["id"]] = {"kind": "conference", "record": event, "city": (sv, en)}


def partner_pairs(w: World, count: int) -> list[tuple[Municipality, Municipality]]:
    """Distinct Swedish–Ukrainian pairs; every municipality has a partner, some several."""
    swedish = [m for m in w.municipalities.values() if m.country == "se"]
    ukrainian = [m for m in w.municipalities.values() if m.country == "ua"]
    pairs, seen = [], set()
    for index in range(min(count, len(swedish) * len(ukrainian))):
        se = swedish[index] if index < len(swedish) else w.rng.choice(swedish)
        ua = ukrainian[index] if index < len(ukrainian) else w.rng.choice(ukrainian)
        while (se.key, ua.key) in seen:
            se, ua = w.rng.choice(swedish), w.rng.choice(ukrainian)
        seen.add((se.key, ua.key))
        pairs.append((se, ua))
    return pairs


def add_partnership(w: World, se: Municipality, ua: Municipality) -> None:
    """A partnership with its activities, a visit perhaps, and agreements fitting its status."""
    rng = w.rng
    key = w.unique("--".join(sorted([se.key, ua.key])))   # the key lodpub derives
    kind = rng.choices(list(PARTNERSHIP_TYPES), [t[2] for t in PARTNERSHIP_TYPES.values()])[0]
    status = rng.choices(list(STATUSES), list(STATUSES.values()))[0]
    start = w.day(FIRST_DAY, LAST_DAY - dt.timedelta(days=500))
    season = (start.month % 12) // 3
    item = record(
        name=texts(sv=f"Partnerskap mellan {se.name} och {ua.name}",
                   en=f"{se.name}–{ua.name} partnership"),
        partners=[se.key, ua.key], type=kind, status=status, statusDate="",  # set below
        startDate=str(start),
        facilitatedBy=rng.sample(FACILITATORS, rng.randint(0, 2)),
        areas=rng.sample(list(AREAS), rng.randint(2, 4)),
        purpose=[texts(sv=sv, en=en) for sv, en in rng.sample(PURPOSES, rng.randint(1, 3))],
        description=texts(
            sv=f"{se.name} tog kontakt med {ua.name} under {SEASONS['sv'][season]} {start.year}.",
            en=f"{se.name} first contacted {ua.name} in {SEASONS['en'][season]} {start.year}."))
    p = Partnership(key, se, ua, item)
    if rng.random() < 0.5:
        add_visit(w, p, start)
    item["activities"] = [activity(w, p, index) for index in range(1, rng.randint(1, 3) + 1)]
    add_agreements(w, p, kind, status, start)
    last = max([start] + [dt.date.fromisoformat(a["dateCreated"]) for a in p.agreements])
    if status in ("dormant", "ended"):
        last = w.day(last + dt.timedelta(days=30), LAST_DAY)
    item["statusDate"] = str(last)
    w.partnerships.append(p)


def add_visit(w: World, p: Partnership, after: dt.date) -> None:
    rng = w.rng
    guest, host = (p.se, p.ua) if rng.random() < 0.7 else (p.ua, p.se)
    start = w.day(after + dt.timedelta(days=30), LAST_DAY)
    visitors = [person for person, _, _, _ in guest.staff[:rng.randint(1, 2)]]
    event = w.add("events", record(
        id=w.unique(f"{start}-{slug(guest.name)}-visit-{slug(host.name)}"),
        name=texts(sv=f"Delegation från {guest.name} besöker {host.name}",
                   en=f"Delegation from {guest.name} visits {host.name}"),
        startDate=str(start), endDate=str(start + dt.timedelta(days=rng.randint(1, 3))),
        location=f"area-{host.key}", organizers=[host.key], attendees=[guest.key] + visitors))
    w.events[event["id"]] = {"kind": "visit", "record": event, "guest": guest, "host": host}
    p.visits.append(event["id"])


def activity(w: World, p: Partnership, index: int) -> dict:
    rng = w.rng
    kind = rng.choice(list(ACTIVITIES))
    area = rng.choice(p.record["areas"])
    sv, en = rng.choice(ACTIVITIES[kind])
    names = {"se": p.se.name, "ua": p.ua.name, "area_sv": AREAS[area][0], "area_en": AREAS[area][1]}
    visit = p.visits[0] if kind == "TravelAction" and p.visits else None
    status = "completed" if visit else rng.choice(list(ACTION_STATUS))
    return record(id=w.unique(f"{p.key}/activity-{index}"), type=kind, status=status,
                  name=texts(sv=sv.format(**names), en=en.format(**names)),
                  instrument=texts(sv="digitala kanaler", en="digital channels")
                  if kind == "CommunicateAction" else None,
                  startDate=w.events[visit]["record"]["startDate"] if visit
                  else str(w.day(dt.date.fromisoformat(p.record["startDate"]))),
                  occasion=visit, areas=[area])


def add_agreements(w: World, p: Partnership, kind: str, status: str, start: dt.date) -> None:
    """A letter of intent unless still exploratory; a formal agreement once formalised."""
    rng = w.rng
    if status == "exploratory":
        return
    latest = LAST_DAY - dt.timedelta(days=90)
    conferences = [key for key, e in w.events.items() if e["kind"] == "conference"
                   and start <= dt.date.fromisoformat(e["record"]["endDate"]) <= latest]
    occasion = rng.choice(conferences) if conferences and rng.random() < 0.4 else None
    signed = (dt.date.fromisoformat(w.events[occasion]["record"]["endDate"]) if occasion
              else w.day(start, start + dt.timedelta(days=60)))
    add_agreement(w, p, "letterOfIntent", signed, occasion)
    if status != "intentDeclared":
        formal = rng.choice(PARTNERSHIP_TYPES[kind][3])
        later = min(LAST_DAY, signed + dt.timedelta(days=rng.randint(60, 400)))
        add_agreement(w, p, formal, later, None)


def add_agreement(w: World, p: Partnership, kind: str, signed: dt.date,
                  occasion: str | None) -> None:
    """An agreement signed by the lead official of each partner, perhaps at a conference."""
    sv, en = AGREEMENTS[kind]
    signatures = []
    for muni in (p.se, p.ua):
        person, capacity, _, _ = muni.staff[0]
        signatures.append(record(onBehalfOf=muni.key, signedBy=person, inCapacity=capacity,
                                 date=str(signed), occasion=occasion))
        if occasion:
            for attendee in (muni.key, person):
                if attendee not in w.events[occasion]["record"]["attendees"]:
                    w.events[occasion]["record"]["attendees"].append(attendee)
    sv, en = (words.split(" ", 1)[1].capitalize() for words in (sv, en))   # drop the article
    item = record(type=kind, name=texts(sv=f"{sv} mellan {p.se.name} och {p.ua.name}",
                                         en=f"{en} between {p.se.name} and {p.ua.name}"),
                  formalises=p.key, parties=[p.se.key, p.ua.key], dateCreated=str(signed),
                  occasion=occasion, areas=p.record["areas"][:2], signatures=signatures)
    item["_key"] = w.unique(f"{p.key}/{signed}-{kind}")   # the key lodpub derives; not written
    p.agreements.append(item)


# ---------------------------------------------------------------- articles


def story_context(w: World, p: Partnership) -> dict:
    """Names and phrases about partnership *p* that the templates use."""
    rng = w.rng
    record_ = p.record
    start = dt.date.fromisoformat(record_["startDate"])
    areas = record_["areas"]
    purpose = record_["purpose"][0]
    facilitators = record_.get("facilitatedBy") or ["salar-international"]
    activities = record_["activities"]
    _, _, _, htype_sv, _ = HROMADA_TYPES[p.ua.kind]
    return {
        "se": p.se.name, "ua": p.ua.name, "se_full_sv": f"{p.se.name} kommun",
        "se_full_en": f"{p.se.name} Municipality", "region_sv": p.ua.region[0],
        "region_en": p.ua.region[1], "htype_sv": htype_sv, "htype_en": f"{p.ua.kind} hromada",
        "pop_sv": f"{p.ua.population:,}".replace(",", " "), "pop_en": f"{p.ua.population:,}",
        "start_sv": f"{SEASONS['sv'][(start.month % 12) // 3]} {start.year}",
        "start_en": f"{SEASONS['en'][(start.month % 12) // 3]} {start.year}",
        "ptype_sv": PARTNERSHIP_TYPES[record_["type"]][0],
        "ptype_en": PARTNERSHIP_TYPES[record_["type"]][1],
        "purpose_sv": purpose["sv"][0].lower() + purpose["sv"][1:],
        "purpose_en": purpose["en"][0].lower() + purpose["en"][1:],
        "areas_sv": join([AREAS[a][0] for a in areas], "och"),
        "areas_en": join([AREAS[a][1] for a in areas], "and"),
        "area_sv": AREAS[areas[0]][0], "area_en": AREAS[areas[0]][1],
        "facilitators_sv": names_of(w, facilitators, "sv"),
        "facilitators_en": names_of(w, facilitators, "en"),
        "chair_sv": f"{ROLES[p.se.staff[0][2]][0].capitalize()} {p.se.staff[0][3]}",
        "chair_en": f"{p.se.staff[0][3]}, {ROLES[p.se.staff[0][2]][1]},",
        "next_year": rng.randint(2025, 2027),
        "activity_list_sv": "\n".join(f"- **{a['name']['sv']}** ({ACTION_STATUS[a['status']][0]})"
                                      for a in activities),
        "activity_list_en": "\n".join(f"- **{a['name']['en']}** ({ACTION_STATUS[a['status']][1]})"
                                      for a in activities),
    }


def names_of(w: World, keys: list[str], language: str) -> str:
    """The names of registry records, joined as running text in *language*."""
    names = [w.labels[key].get(language) or w.labels[key]["en"] for key in keys]
    return join(names, {"sv": "och", "en": "and"}[language])


def choose_story(w: World, p: Partnership) -> tuple[str, dt.date, list[str], list[str], dict]:
    """What an article about *p* tells: kind, date, about, mentions and extra context."""
    options = ["update", "activity"] + ["agreement"] * bool(p.agreements)
    options += ["visit"] * bool(p.visits) + ["conference"] * bool(conferences_of(w, p))
    story = w.rng.choice(options)
    day, about, mentions, context = STORIES[story](w, p)
    return story, day + dt.timedelta(days=w.rng.randint(0, 3)), about, mentions, context


def conferences_of(w: World, p: Partnership) -> list[str]:
    return [key for key, event in w.events.items()
            if event["kind"] == "conference" and p.se.key in event["record"]["attendees"]]


def agreement_story(w: World, p: Partnership):
    agreement = w.rng.choice(p.agreements)
    occasion = agreement.get("occasion")
    city = w.events[occasion]["city"] if occasion else None
    context = {"agreement_sv": AGREEMENTS[agreement["type"]][0],
               "agreement_en": AGREEMENTS[agreement["type"]][1],
               "signer_se": p.se.staff[0][3], "signer_ua": p.ua.staff[0][3],
               "at_sv": f" vid partnerskapskonferensen i {city[0]}" if city else "",
               "at_en": f" at the partnership conference in {city[1]}" if city else ""}
    mentions = [p.se.key, p.ua.key] + [s["signedBy"] for s in agreement["signatures"]]
    return (dt.date.fromisoformat(agreement["dateCreated"]), [p.key, agreement["_key"]],
            mentions + ([occasion] if occasion else []), context)


def visit_story(w: World, p: Partnership):
    event = w.events[w.rng.choice(p.visits)]
    visit = event["record"]
    context = {"guest": event["guest"].name, "host": event["host"].name}
    return (dt.date.fromisoformat(visit["startDate"]), [visit["id"]],
            [p.se.key, p.ua.key, p.key] + visit["attendees"][1:], context)


def conference_story(w: World, p: Partnership):
    event = w.events[w.rng.choice(conferences_of(w, p))]
    conference = event["record"]
    organizers = conference["organizers"]
    context = {"city_sv": event["city"][0], "city_en": event["city"][1],
               "organizers_sv": names_of(w, organizers, "sv"),
               "organizers_en": names_of(w, organizers, "en")}
    return (dt.date.fromisoformat(conference["startDate"]), [conference["id"]],
            [p.se.key, p.ua.key, p.key] + organizers, context)


def activity_story(w: World, p: Partnership):
    chosen = w.rng.choice(p.record["activities"])
    area = chosen["areas"][0]
    context = {"activity_sv": chosen["name"]["sv"], "activity_en": chosen["name"]["en"],
               "activity_status_sv": ACTION_STATUS[chosen["status"]][0],
               "activity_status_en": ACTION_STATUS[chosen["status"]][1],
               "area_sv": AREAS[area][0], "area_en": AREAS[area][1]}
    occasion = [chosen["occasion"]] if "occasion" in chosen else []
    return (max(dt.date.fromisoformat(chosen["startDate"]), FIRST_DAY), [chosen["id"]],
            [p.se.key, p.ua.key, p.key] + occasion, context)


def update_story(w: World, p: Partnership):
    return (w.day(dt.date.fromisoformat(p.record["startDate"])), [p.key],
            [p.se.key, p.ua.key, p.se.staff[0][0], p.ua.staff[0][0]], {})


STORIES = {"agreement": agreement_story, "visit": visit_story, "conference": conference_story,
           "activity": activity_story, "update": update_story}


def body_text(w: World, language: int, context: dict, story: str, quote: str | None) -> str:
    """Intro, a quotation and shuffled paragraphs until about 2 KB, wrapped at 78 columns."""
    paragraphs = [INTROS[story][language].format(**context)]
    if quote:
        paragraphs.append(QUOTE_PARAGRAPH[language].format(quote=quote, **context))
    pool = [pair[language] for pair in PARAGRAPHS]
    w.rng.shuffle(pool)
    for template in pool:
        if sum(len(p.encode()) for p in paragraphs) >= 1700:
            break
        paragraphs.append(template.format(**context))
    return "\n\n".join(wrap(paragraph) for paragraph in paragraphs)


def wrap(paragraph: str) -> str:
    return "\n".join(line if line.startswith(("#", "- ")) or not line
                     else textwrap.fill(line, 78) for line in paragraph.split("\n"))


def published(w: World, day: dt.date) -> str:
    """A date, or now and then a date-time with the Swedish UTC offset."""
    if w.rng.random() < 0.7:
        return str(day)
    offset = "+02:00" if 4 <= day.month <= 10 else "+01:00"
    return f"{day}T{w.rng.randint(7, 17):02d}:{w.rng.choice((0, 15, 30, 45)):02d}:00{offset}"


def add_article(w: World) -> None:
    """One news article about a partnership, an agreement, a visit, a conference or an activity."""
    rng = w.rng
    p = rng.choice(w.partnerships)
    story, day, about, mentions, extra = choose_story(w, p)
    context = {**story_context(w, p), **extra, "date_sv": sv_date(day), "date_en": en_date(day)}
    language = 0 if rng.random() < 0.85 else 1          # index into (Swedish, English) pairs
    tag = ("sv", "en")[language]
    headline_sv, headline_en = (text.format(**context) for text in rng.choice(HEADLINES[story]))
    key = w.unique(f"{day}-{short_slug(headline_sv)}")
    speaker = rng.choice(p.se.staff[:2] + p.ua.staff[:1])
    quote = rng.choice(QUOTES)[language].format(**context) if rng.random() < 0.7 else None
    if quote:
        town = p.se.name if speaker in p.se.staff else p.ua.name
        context.update(speaker=speaker[3], speaker_role_sv=f"{ROLES[speaker[2]][0]} i {town}",
                       speaker_role_en=f"{ROLES[speaker[2]][1]} in {town}")
        mentions.append(speaker[0])
    publisher = p.se.key if rng.random() < 0.9 else "salar-international"
    site = (f"https://www.{slug(p.se.name)}.se/" if publisher == p.se.key
            else "https://salarinternational.se/")
    summary_sv, summary_en = (text.format(**context).split(". ")[0] + "." for text in INTROS[story])
    front = record(
        headline=texts(sv=headline_sv, en=headline_en), datePublished=published(w, day),
        dateModified=str(day + dt.timedelta(days=rng.randint(1, 30)))
        if rng.random() < 0.1 else None,
        inLanguage=tag, author=[publisher] if rng.random() < 0.3 else None, publisher=publisher,
        url=f"{site}nyheter/{key}", description=texts(sv=summary_sv, en=summary_en),
        image=[f"{site}bilder/{key}.jpg"] if rng.random() < 0.85 else None,
        about=about, mentions=[m for m in dict.fromkeys(mentions) if m not in about],
        keywords=[KEYWORDS[word][language] for word in ("partnership", "ukraine", story)]
        + [AREAS[p.record["areas"][0]][language]],
        quotes=[record(text=Flow({tag: quote}), spokenBy=speaker[0])] if quote else None)
    body = body_text(w, language, context, story, quote)
    w.articles.append((key, "---\n" + "\n".join(map_lines(front, 0)) + "\n---\n" + body + "\n"))


# ---------------------------------------------------------------- assembling and writing


def build_world(seed: int, articles: int) -> World:
    """Everything the project describes, generated in a fixed order from *seed*."""
    w = World(random.Random(seed))
    add_fixed_places(w)
    add_fixed_organisations(w)
    partnerships = max(1, -(-articles // 5))
    for code in swedish_codes(w.rng, max(1, -(-2 * partnerships // 3))):
        add_swedish_municipality(w, code)
    for _ in range(max(1, -(-5 * partnerships // 6))):
        add_ukrainian_municipality(w)
    add_networks(w)
    for _ in range(max(1, -(-articles // 100))):
        add_conference(w)
    for se, ua in partner_pairs(w, partnerships):
        add_partnership(w, se, ua)
    for _ in range(articles):
        add_article(w)
    return w


REGISTRY_COMMENTS = {
    "places": "Places: countries, counties, oblasts, raions, cities and municipal territories.",
    "municipalities": "Municipalities, as organisations. Keys: country and national code.",
    "organisations": "Organisations: associations, agencies, parties, councils and departments.",
    "people": "People named in a public role. Keys are opaque identifiers, never name slugs.",
    "events": "Events: partnership conferences and visits.",
    "partnerships": "Partnerships (keys derived from the partners) and their agreements.",
}


def registry_files(w: World) -> dict[str, str]:
    """File name → text; kinds of more than CHUNK records are split into numbered files."""
    files = {}
    chunks = {name: [{name: records[i:i + CHUNK]} for i in range(0, len(records), CHUNK)]
              for name, records in w.sections.items()}
    items = [p.record for p in w.partnerships]
    chunks["partnerships"] = [
        {"partnerships": items[i:i + CHUNK],
         "agreements": [{k: v for k, v in a.items() if k != "_key"}
                        for p in w.partnerships[i:i + CHUNK] for a in p.agreements]}
        for i in range(0, len(items), CHUNK)]
    for name, parts in chunks.items():
        for number, sections in enumerate(parts, start=1):
            file = f"{name}.yaml" if len(parts) == 1 else f"{name}-{number:03d}.yaml"
            files[file] = registry_text(REGISTRY_COMMENTS[name], sections)
    return files


def config_text(seed: int, articles: int) -> str:
    return f"""\
# Synthetic lodpub project made by bench/generate.py (seed {seed}, {articles} articles).
# Every municipality, person, event and article in it is invented.

[dataset]
title = {{ sv = "Svensk-ukrainska kommunpartnerskap (syntetiska data)", en = "Swedish–Ukrainian municipal partnerships (synthetic data)" }}
description = {{ sv = "Påhittade nyhetsartiklar och partnerskapsregister för prestandatester.", en = "Invented news articles and partnership registry for benchmarks." }}
publisher = "salar-international"
license = "https://creativecommons.org/licenses/by/4.0/"
contact_email = "bench@example.org"
languages = ["sv", "en"]
label_languages = ["sv", "en", "uk"]
"""


def prepare(out: Path, force: bool) -> None:
    """Make sure *out* can take the project, clearing an earlier one with --force."""
    parts = [out / "registry", out / "content" / "articles", out / "lodpub.toml"]
    if any(part.exists() for part in parts):
        if not force:
            sys.exit(f"{out} already holds a project; use --force to replace it")
        for part in parts[:2]:
            shutil.rmtree(part, ignore_errors=True)
    for part in parts[:2]:
        part.mkdir(parents=True, exist_ok=True)


def write_project(out: Path, w: World, seed: int, articles: int) -> None:
    (out / "lodpub.toml").write_text(config_text(seed, articles), encoding="utf-8")
    for name, text in registry_files(w).items():
        (out / "registry" / name).write_text(text, encoding="utf-8")
    for stem, text in w.articles:
        (out / "content" / "articles" / f"{stem}.md").write_text(text, encoding="utf-8")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="folder to write the project to")
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--articles", type=int, help="number of articles")
    size.add_argument("--triples", type=int,
                      help=f"aim for about this many triples (~{TRIPLES_PER_ARTICLE} per article)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true", help="replace a project already in OUT_DIR")
    args = parser.parse_args(argv)
    if (args.articles or args.triples or 0) < 1:
        parser.error("the size must be at least 1")
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    articles = args.articles or max(1, round((args.triples - TRIPLES_FIXED) / TRIPLES_PER_ARTICLE))
    prepare(args.out, args.force)
    world = build_world(args.seed, articles)
    write_project(args.out, world, args.seed, articles)
    counts = ", ".join(f"{len(v)} {k}" for k, v in world.sections.items())
    print(f"{args.out}: {articles} articles, {len(world.partnerships)} partnerships, {counts}")


if __name__ == "__main__":
    main()
