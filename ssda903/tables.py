"""The SSDA903 return's tables as DfE's rules define them: each table's columns, the
dates each may hold (with the rule that checks it), and how a file's header row is
recognised as one of them. The code lists, which change by collection year, are data in
ssda903/codes/<year>.json (ssda903.codes reads them). Pure data, no Django."""

from __future__ import annotations

from dataclasses import dataclass

HEADER = "Header"
EPISODES = "Episodes"
REVIEWS = "Reviews"
UASC = "UASC"
OC2 = "OC2"
OC3 = "OC3"
AD1 = "AD1"
PLACED_ADOPTION = "PlacedAdoption"
PREV_PERM = "PrevPerm"
MISSING = "Missing"
SW_EPISODES = "SWEpisodes"
DOLO = "DoLo"

COLUMNS: dict[str, list[str]] = {
    HEADER: ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    EPISODES: [
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
        "HOME_POST", "PL_POST", "URN",
    ],
    REVIEWS: ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    UASC: ["CHILD", "SEX", "DOB", "DUC"],
    OC2: [
        "CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
        "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
    ],
    OC3: ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    AD1: ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    PLACED_ADOPTION: ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    PREV_PERM: ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    MISSING: ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    SW_EPISODES: ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    DOLO: ["CHILD", "DOB", "DOLO_START", "DOLO_END"],
}  # fmt: skip


@dataclass(frozen=True)
class DateRule:
    blank: bool  # may it be blank?
    rule: str | None  # DfE's rule number checking it, where there is one


# Dates, dd/mm/yyyy (a one-digit day or month accepted). DATE_PERM, SW_DECOM and SW_DEC may
# hold ZZ for an unknown part (rules 632, SW04STG1, SW05STG1), so they are not checked here.
DATES: dict[tuple[str, str], DateRule] = {
    (HEADER, "DOB"): DateRule(False, "102"),
    (HEADER, "MC_DOB"): DateRule(True, "171"),
    (EPISODES, "DECOM"): DateRule(False, "141"),
    (EPISODES, "DEC"): DateRule(True, "147"),
    (REVIEWS, "REVIEW"): DateRule(False, "166"),
    (UASC, "DUC"): DateRule(True, "104"),
    (AD1, "DATE_INT"): DateRule(True, "112"),
    (AD1, "DATE_MATCH"): DateRule(True, "113"),
    (PLACED_ADOPTION, "DATE_PLACED"): DateRule(True, "115"),
    (PLACED_ADOPTION, "DATE_PLACED_CEASED"): DateRule(True, "116"),
    (MISSING, "MIS_START"): DateRule(False, "1004"),
    (MISSING, "MIS_END"): DateRule(True, "1005"),
    (DOLO, "DOLO_START"): DateRule(False, "700"),
    (DOLO, "DOLO_END"): DateRule(True, "701"),
    **{(table, "DOB"): DateRule(True, None) for table, cols in COLUMNS.items() if table != HEADER and "DOB" in cols},
}  # fmt: skip

# Each child at most once (DfE's internal checks INT31 to INT36).
ONE_ROW_PER_CHILD: dict[str, str] = {
    AD1: "INT31", HEADER: "INT32", OC2: "INT33", OC3: "INT34", PREV_PERM: "INT35", UASC: "INT36",
}  # fmt: skip
# A child in this table but not in Header (INT01 to INT09).
IN_HEADER: dict[str, str] = {
    AD1: "INT01", PLACED_ADOPTION: "INT02", EPISODES: "INT03", MISSING: "INT04", OC2: "INT05", OC3: "INT06",
    PREV_PERM: "INT07", REVIEWS: "INT08", UASC: "INT09",
}  # fmt: skip


@dataclass(frozen=True)
class Recognised:
    table: str | None
    lacking: list[str]  # the table's columns the header row does not have


def recognise(headers: list[str]) -> Recognised:
    """Which table a file's header row is (names compared whatever their case, in any
    order). A header with exactly one table's columns is that table; else the largest
    table all of whose columns it has (a Header with a UASC column is still the Header);
    else the table whose own columns (beyond CHILD, DOB and SEX, which several share) it
    has the largest share of, at least half, with what it lacks; None when it has fewer of
    every table's."""
    present = {h.strip().upper() for h in headers if h.strip()}
    for table, columns in COLUMNS.items():
        if set(columns) == present:
            return Recognised(table, [])
    within = [table for table, columns in COLUMNS.items() if set(columns) <= present]
    if within:
        return Recognised(max(within, key=lambda table: len(COLUMNS[table])), [])
    best, best_score = None, 0.0
    for table, columns in COLUMNS.items():
        own = [c for c in columns if c not in ("CHILD", "DOB", "SEX")]
        score = sum(c in present for c in own) / len(own)
        if score > best_score:
            best, best_score = table, score
    if best is None or best_score < 0.5:
        return Recognised(None, [])
    return Recognised(best, [c for c in COLUMNS[best] if c not in present])
