"""Write examples/teams.xlsx and examples/teams.csv: a realistic roll-out to 14 teams.

Run once after changing the teams; both files are committed.
"""

from __future__ import annotations

import csv
from datetime import date, time
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["arbejdsplads", "team", "kerneopgave", "kerneopgave (en)", "sektor", "sprog", "øvelser", "modul",
          "dato", "starttid", "facilitator", "deltagere", "plakater", "tema"]
TEAMS = [
    ("Nordby Kommune, Borgerservice", "Pas, kørekort og sundhedskort",
     "Vi hjælper borgerne hurtigt og korrekt videre, så de kan få pas, kørekort og sundhedskort uden unødige ventetider.",
     "offentlig", "da", "core_task_deep_dive, psych_safety_team_scan, trial_actions", "", date(2027, 1, 12), time(9), "HR-partner", 14, "core_task, psych_safety_team_scan", "default"),
    ("Nordby Kommune, Borgerservice", "Ydelser og pension",
     "Vi sikrer, at borgerne får de ydelser, de har ret til, til tiden og med en forklaring, de kan forstå.",
     "offentlig", "da", "checklist_core_task_clear, good_story", "", date(2027, 1, 13), time(9), "HR-partner", 11, "core_task", "default"),
    ("Nordby Kommune, Hjemmeplejen", "Team Syd",
     "Vi giver ældre borgere tryg og værdig pleje i eget hjem, så de kan leve det liv, de ønsker, så længe som muligt – også når behovene ændrer sig, og når mange faggrupper skal arbejde sammen om den samme borger.",
     "offentlig", "da, en", "relational_coordination_assessment, daily_professional_huddle", "", date(2027, 1, 19), time(8, 30), "Arbejdsmiljøkonsulent", 24, "core_task, daily_professional_huddle", "default"),
    ("Nordby Kommune, Hjemmeplejen", "Team Nord",
     "Vi giver ældre borgere tryg og værdig pleje i eget hjem og samarbejder tæt med sygeplejen og de pårørende.",
     "offentlig", "da", "relational_coordination_assessment, good_story", "", date(2027, 1, 20), time(8, 30), "Arbejdsmiljøkonsulent", 21, "core_task", "default"),
    ("Nordby Skole", "Indskolingen",
     "Vi giver børnene en tryg og lærerig skolestart, hvor de udvikler sig fagligt og socialt sammen med deres kammerater.",
     "offentlig", "da", "learning_culture_assessment, feedback_two_sided_tool", "", date(2027, 2, 2), time(14), "Skolens AMR og TR", 16, "core_task, learning_culture_assessment", "fjord"),
    ("Region Midtby, Akutmodtagelsen", "Sygeplejersker og lægesekretærer",
     "Vi modtager akut syge og tilskadekomne patienter, stiller den rigtige diagnose hurtigt og sender dem videre til den rette behandling med en sikker overlevering.",
     "offentlig", "da, en", "task_timeline_mapping, daily_safety_briefing", "", date(2027, 2, 9), time(13), "Ekstern konsulent", 18, "core_task, daily_safety_briefing", "default"),
    ("Styrelsen for Tilskud", "Sagsbehandling",
     "Vi forvalter tilskudsordningerne korrekt, hurtigt og ens for alle ansøgere, så pengene kommer derhen, hvor Folketinget har besluttet.",
     "offentlig", "da", "fair_change_process_design, checklist_fair_change", "", date(2027, 2, 16), time(9), "HR-partner", 19, "core_task", "default"),
    ("Tryk & Co. ApS", "Produktion og kundeservice",
     "Vi leverer trykte materialer til aftalt tid og i en kvalitet, kunderne er stolte af at give videre til deres egne kunder.",
     "privat", "da, en", "relational_coordination_assessment, good_story, feedback_two_sided_tool", "", date(2027, 1, 14), time(8, 30), "Ekstern konsulent", 9, "core_task, good_story", "fjord"),
    ("Fjordbank", "Erhvervsrådgivning",
     "Vi hjælper små og mellemstore virksomheder med at træffe sunde økonomiske beslutninger, så de kan vokse og skabe arbejdspladser i lokalområdet.",
     "privat", "da", "core_task_deep_dive, checklist_core_task_shared", "", date(2027, 2, 23), time(9), "HR-partner", 12, "core_task", "default"),
    ("Nordic Freight A/S", "Lager og kundeservice",
     "Vi leverer kundernes varer til tiden og i perfekt stand, og vi siger det i god tid, når noget ændrer sig.",
     "privat", "en, da", "lean_board_daily_plan, productive_disagreement", "", date(2027, 3, 2), time(7, 30), "Operations manager", 18, "core_task, lean_board_daily_plan", "default"),
    ("Grænselandets Vandværk I/S", "Drift og forsyning",
     "Vi sikrer rent drikkevand til alle husstande i grænselandet døgnet rundt og reagerer hurtigt, når noget går galt.",
     "privat", "da", "psych_safety_team_scan, team_conflict_agreement", "", date(2027, 3, 9), time(12, 30), "Arbejdsmiljøkonsulent", 15, "core_task, psych_safety_team_scan", "default"),
    ("Lederuddannelsen i psykisk arbejdsmiljø", "Hold 3",
     "Vi udvikler ledere, der skaber et godt psykisk arbejdsmiljø og et stærkt samarbejde om kerneopgaven i deres egne teams.",
     "offentlig", "da", "", "module_2_culture", date(2027, 3, 4), time(9), "Kursusunderviseren", 16, "program, learning_culture_assessment", "default"),
    ("Nordby Kommune, Ledergruppen", "Social- og sundhedsområdet",
     "Vi leder på tværs, så borgerne oplever én sammenhængende indsats, uanset hvor mange afdelinger der er involveret.",
     "offentlig", "da", "", "cross_boundary_leadership", date(2027, 3, 16), time(9), "Direktionens HR-partner", 10, "core_task, program", "default"),
    ("Nordby Kommune, Jobcentret", "Ungeindsatsen",
     "Vi hjælper unge under 30 i uddannelse eller job gennem et tæt og tillidsfuldt samarbejde med den unge, skolerne og virksomhederne.",
     "offentlig", "da", "", "social_capital_kickoff", date(2027, 3, 23), time(9), "HR-partner", 13, "core_task", "default"),
]

# The core task in English for the teams whose kits are in English too: a
# plain text would stand in Danish inside the English kit (kitgen warns).
ENGLISH = {
    "Team Syd": "We give older citizens safe and dignified care in their own homes, so they can live the life "
                "they want for as long as possible – also when their needs change and many professions work "
                "together around the same citizen.",
    "Sygeplejersker og lægesekretærer": "We receive acutely ill and injured patients, make the right diagnosis "
                                        "quickly and pass them on to the right treatment with a safe handover.",
    "Produktion og kundeservice": "We deliver printed materials on time and in a quality our customers are proud "
                                  "to pass on to their own customers.",
    "Lager og kundeservice": "We deliver our customers' goods on time and in perfect condition, and we tell them "
                             "early when something changes.",
}


def rows() -> list[list]:
    return [[*team[:3], ENGLISH.get(team[1], ""), *team[3:]] for team in TEAMS]


def main() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Teams"
    ws.append(HEADER)
    for row in rows():
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    widths = [34, 30, 70, 70, 10, 8, 50, 26, 12, 9, 24, 10, 36, 8]
    for column, width in zip("ABCDEFGHIJKLMN", widths):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        row[2].alignment = row[3].alignment = Alignment(wrap_text=True, vertical="top")
        row[8].number_format = "dd-mm-yyyy"
        row[9].number_format = "hh:mm"
    book.properties.creator = "kitgen"
    book.save(ROOT / "examples" / "teams.xlsx")
    with (ROOT / "examples" / "teams.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(HEADER)
        for row in rows():
            writer.writerow([v.strftime("%d-%m-%Y") if isinstance(v, date) else
                             v.strftime("%H:%M") if isinstance(v, time) else v for v in row])
    print(f"wrote examples/teams.xlsx and examples/teams.csv ({len(TEAMS)} teams)")


if __name__ == "__main__":
    main()
