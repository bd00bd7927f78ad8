"""The SSDA903 tables this product reads: DfE's column names, and the codes each
checked column may hold. Pure data, no Django."""

from __future__ import annotations

HEADER = "Header"
EPISODES = "Episodes"
REVIEWS = "Reviews"
MISSING = "Missing"
OC2 = "OC2"
OC3 = "OC3"

COLUMNS: dict[str, list[str]] = {
    HEADER: ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    EPISODES: [
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
        "HOME_POST", "PL_POST", "URN",
    ],
    REVIEWS: ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    MISSING: ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    OC2: [
        "CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
        "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
    ],
    OC3: ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
}  # fmt: skip

# Dates, dd/mm/yyyy: (table, column) -> may it be blank?
DATES: dict[tuple[str, str], bool] = {
    (HEADER, "DOB"): False,
    (HEADER, "MC_DOB"): True,
    (EPISODES, "DECOM"): False,
    (EPISODES, "DEC"): True,
    (REVIEWS, "DOB"): True,
    (REVIEWS, "REVIEW"): False,
    (MISSING, "DOB"): True,
    (MISSING, "MIS_START"): False,
    (MISSING, "MIS_END"): True,
    (OC2, "DOB"): True,
    (OC3, "DOB"): True,
}

# Reason for new episode; legal status; reason episode ceased (DfE's 903 guidance).
RNE_CODES = frozenset({"S", "P", "L", "T", "U", "B"})
LS_CODES = frozenset({"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"})
REC_CODES = frozenset(
    {
        "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E43", "E44", "E45", "E46", "E47",
        "E48", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "X1",
    }
)  # fmt: skip
IN_TOUCH_CODES = frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"})
ACTIV_CODES = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6"})

# Codes checked: (table, column) -> (allowed codes, may it be blank?). Only the columns the
# definitions read are checked; a code there that is not DfE's would silently change a figure.
CODES: dict[tuple[str, str], tuple[frozenset[str], bool]] = {
    (HEADER, "SEX"): (frozenset({"1", "2"}), False),
    (EPISODES, "RNE"): (RNE_CODES, False),
    (EPISODES, "LS"): (LS_CODES, False),
    (EPISODES, "REC"): (REC_CODES, True),
    (MISSING, "MISSING"): (frozenset({"M", "A"}), False),
    (OC2, "HEALTH_CHECK"): (frozenset({"0", "1"}), True),
    (OC2, "TEETH_CHECK"): (frozenset({"0", "1"}), True),
    (OC3, "IN_TOUCH"): (IN_TOUCH_CODES, False),
    (OC3, "ACTIV"): (ACTIV_CODES, True),
}
# ACCOM is a letter for the kind of accommodation and 1 (suitable) or 2 (not suitable).
ACCOM_PATTERN = r"^[A-Z][12]$"

# Tables with one row per child.
ONE_ROW_PER_CHILD = (HEADER, OC2, OC3)


def recognise(headers: list[str]) -> tuple[str | None, list[str]]:
    """Which table a file's header row is, and the columns it lacks. The table whose
    own columns (beyond CHILD and DOB, which several share) the header holds most of;
    None when it holds none of any table's."""
    present = {h.strip().upper() for h in headers}
    best, best_score = None, 0
    for table, columns in COLUMNS.items():
        own = [c for c in columns if c not in ("CHILD", "DOB")]
        score = sum(c in present for c in own) / len(own)
        if score > best_score:
            best, best_score = table, score
    if best is None:
        return None, []
    return best, [c for c in COLUMNS[best] if c not in present]
