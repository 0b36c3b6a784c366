"""Every label the documents print, by its Danish msgid (gettext domain `kitgen`).

`plan` translates all of them into the Kit; builders look them up with
`kit.t("Formål")`. A label used by a builder but missing here fails the tests.
"""

from __future__ import annotations


def N_(msgid: str) -> str:
    """Mark a string for extraction without translating it here."""
    return msgid


LABELS = (
    # sector words, used as {{ stakeholders }}
    N_("borgerne"), N_("kunderne"),
    # {{ team }} when the order names no team
    N_("teamet"),
    # agenda
    N_("Velkomst og formål"), N_("Pause"), N_("Frokost"),
    N_("Opsamling, aftaler og handleplan"), N_("Dagsorden"), N_("Tid"), N_("Punkt"),
    N_("Varighed"), N_("I alt"),
    # cover and frame
    N_("Workshop om social kapital"), N_("Team"), N_("Dato"),
    N_("Facilitator"), N_("Deltagere"), N_("Side"), N_("af"),
    N_("Vores kerneopgave"), N_("Social kapital i {team}"),
    N_("Social kapital handler om {elements} – og det hele samler sig om jeres kerneopgave:"),
    N_("Brug kerneopgaven som pejlemærke i dag: Hvad skal vi gøre mere af, og hvad skal vi "
       "gøre anderledes, så vi løser den bedre sammen?"),
    N_("tillid"), N_("retfærdighed"), N_("samarbejde"),
    N_("Begreber"),
    # exercises
    N_("Øvelse {number}: {title}"), N_("Tjekliste {number}: {title}"),
    N_("Formål"), N_("Tidsforbrug"), N_("Gruppeform"), N_("Hvem"), N_("Materialer"),
    N_("Sådan gør I"), N_("Spørgsmål til drøftelse"), N_("Arbejdsark"),
    N_("Ingen særlige materialer"),
    # action plan and sources
    N_("Handleplan"), N_("Hvad gør vi?"), N_("Hvem har ansvaret?"), N_("Hvornår?"),
    N_("Hvordan følger vi op?"),
    N_("Skriv jeres aftaler ned, før I går fra hinanden. Aftal også, hvornår og hvor I følger op."),
    N_("Kilder"), N_("Materialet er skrevet med egne ord på grundlag af disse kilder:"),
    N_("efter {author} ({year}): {title}"), N_("efter {author}: {title}"), N_("efter {title}"),
    N_("Lavet med kitgen {version}, indholdsversion {content}."),
    # deck: slide titles and panels
    N_("Opsamling: {title}"), N_("Program"), N_("Kursusforløbet"),
    N_("Du er her"), N_("Formål med dagen"), N_("Forberedelse og læsning"), N_("Hjemmeopgave"),
    N_("Aftaler og handleplan"), N_("Pause til {time}"),
    N_("{title} ({page}/{pages})"), N_("Øvelsen: {title}"), N_("{title}: trin {number} af {count}"),
    N_("til kl. {time}"), N_("{title}: spørgsmål"), N_("Flere spørgsmål står i håndbogen."),
    N_("{title}: hovedpointer"), N_("Punkt {number} af {count}"),
    N_("{title} · møde {number}"),
    N_("Hvad lagde I mærke til?"),
    N_("Hvad vil vi gøre mere af – og hvad vil vi gøre anderledes?"),
    N_("Hvilke aftaler skal med i handleplanen?"),
    # deck: the facilitator's script in the speaker notes
    N_("Byd velkommen, og præsentér dig selv. Sig kort, hvorfor I er samlet: at styrke tilliden, "
       "retfærdigheden og samarbejdet om jeres kerneopgave."),
    N_("Gennemgå programmet. Sig, hvornår der er pauser, og at I slutter med konkrete aftaler."),
    N_("Næste punkt: {title} ({time}). Sig, hvad punktet skal give, og hvornår I er færdige."),
    N_("Sig tydeligt, hvornår I starter igen: kl. {time}. Hold selv tiden."),
    N_("Læs kerneopgaven højt, og spørg, om alle kan genkende den. Notér forskelle i "
       "forståelsen – de er gode at arbejde videre med i dag."),
    N_("Forberedelse:"), N_("Tid i programmet: {time}."), N_("Trin {number}, {time}:"),
    N_("Hold øje med tiden, og sig til, når der er få minutter tilbage af et trin."),
    N_("Saml op i plenum: Bed hver gruppe om én pointe, og skriv forslag til aftaler direkte "
       "på handleplanen."),
    N_("Udfyld handleplanen sammen: hvad, hvem, hvornår og hvordan I følger op. Aftal, hvem der "
       "sender den rundt, og hvornår I ser på den igen."),
    N_("Vis, hvor i forløbet deltagerne er, og bind dagen sammen med det, de gjorde sidst."),
    N_("Gennemgå dagens formål, og spørg, hvad deltagerne selv vil have ud af dagen."),
    N_("Gennemgå hjemmeopgaven, og aftal, hvordan deltagerne deler deres erfaringer næste gang."),
    # file properties and alt text
    N_("social kapital"), N_("kerneopgave"), N_("Logo for {workplace}"),
    # handout: the core task is said once, on the cover, and referred to elsewhere
    N_("Social kapital handler om {elements} – og det hele samler sig om jeres kerneopgave, som står på "
       "forsiden."),
    N_("jeres kerneopgave (se forsiden)"), N_("(se forsiden)"),
    # posters
    N_("Vi bruger kerneopgaven som pejlemærke, når vi prioriterer, samarbejder og træffer "
       "beslutninger."),
    N_("Tillid"), N_("Retfærdighed"), N_("Samarbejde"),
)

PLURALS = (
    (N_("{n} deltager"), N_("{n} deltagere")),
)

RANGES = (N_("{min}–{max} deltagere"),)
