//! The submission contract as data: sheets, columns, synonyms and allowed
//! values. The template writer and docs/submission-format.md describe the
//! same contract; change it only with a new template version.

/// The template version this contract describes.
pub const TEMPLATE_VERSION: &str = "1";

/// A column of a data sheet.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// Canonical header, as the template writes it.
    pub header: &'static str,
    /// Other headers accepted for it.
    pub synonyms: &'static [&'static str],
    pub required: bool,
    /// The rule in a few plain words (template input message, docs).
    pub rule: &'static str,
    /// The unit a project may type after the header, e.g. "Cost (£)"
    /// (read as "Cost": a bracketed unit is ignored).
    pub unit: Option<&'static str>,
}

impl ColumnSpec {
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.header).chain(self.synonyms.iter().copied())
    }

    /// The same column, with the unit projects type after its header.
    pub const fn in_unit(mut self, unit: &'static str) -> ColumnSpec {
        self.unit = Some(unit);
        self
    }

    /// The header with its unit, as a project would type it: "Cost (£)".
    pub fn header_with_unit(&self) -> String {
        match self.unit {
            Some(u) => format!("{} ({u})", self.header),
            None => self.header.to_string(),
        }
    }
}

/// A sheet of the return.
#[derive(Debug, Clone, Copy)]
pub struct SheetSpec {
    pub name: &'static str,
    pub synonyms: &'static [&'static str],
    pub columns: &'static [ColumnSpec],
}

impl SheetSpec {
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.name).chain(self.synonyms.iter().copied())
    }

    pub fn column(&self, header: &str) -> &ColumnSpec {
        self.columns
            .iter()
            .find(|c| c.header == header)
            .expect("column header is part of the contract")
    }
}

pub(super) const fn col(
    header: &'static str,
    synonyms: &'static [&'static str],
    required: bool,
    rule: &'static str,
) -> ColumnSpec {
    ColumnSpec {
        header,
        synonyms,
        required,
        rule,
        unit: None,
    }
}

/// The About sheet's names (the template writes the first) and the header
/// of its two columns.
pub const ABOUT_SHEET: &[&str] = &["About", "About the project", "Project"];
pub const ABOUT_HEADER: [&str; 2] = ["Field", "Value"];

/// The About sheet's fields (a Field | Value sheet, not a table).
pub const ABOUT_FIELDS: &[ColumnSpec] = &[
    col(
        "Project ID",
        &["Project reference", "Project ref"],
        true,
        "2 to 24 characters: capital letters, digits and -, e.g. GLA-PP-007. Keep it the same every quarter.",
    ),
    col("Project name", &["Project"], true, "The project's name."),
    col(
        "Organisation",
        &["Organisation name", "Organization"],
        true,
        "The organisation delivering the project.",
    ),
    col(
        "Organisation type",
        &["Organization type", "Type of organisation"],
        true,
        "Pick one from the list.",
    ),
    col(
        "Area",
        &["Local authority", "Health board"],
        true,
        "Local authority or health board name.",
    ),
    col(
        "Commissioner",
        &["Funder"],
        false,
        "Who funds this return (optional).",
    ),
    col(
        "Quarter",
        &["Reporting quarter", "Period"],
        true,
        "Financial-year quarter, e.g. 2026/27 Q2 (Q1 = April to June).",
    ),
    col(
        "Contact email",
        &["Email", "Contact"],
        false,
        "Optional; never published.",
    ),
    col(
        "Template version",
        &["Version"],
        false,
        "1 for this template.",
    ),
    col(
        "Submission date",
        &["Date submitted", "Submitted"],
        false,
        "Optional: the date you send the return. A later return for the same quarter replaces an earlier one.",
    ),
];

pub const ORGANISATION_TYPES: &[&str] = &[
    "charity",
    "social enterprise / CIC",
    "user-led organisation",
    "peer-support group",
    "community group",
    "NHS",
    "local authority",
    "other",
];

/// Other ways projects write an activity type, and the type each means.
pub const ACTIVITY_TYPE_ALIASES: &[(&str, &str)] = &[
    ("mens shed", "men's shed"),
    ("arts", "creative arts"),
    ("green", "green care"),
    ("sport", "physical activity"),
    ("exercise", "physical activity"),
    ("counselling", "talking therapy"),
    ("peer-support", "peer support"),
    ("anti stigma", "anti-stigma"),
];

pub const ACTIVITY_TYPES: &[&str] = &[
    "peer support",
    "befriending",
    "creative arts",
    "green care",
    "physical activity",
    "men's shed",
    "social prescribing",
    "talking therapy",
    "employment and skills",
    "advocacy",
    "anti-stigma",
    "training",
    "other",
];

pub const AGE_BANDS: &[&str] = &[
    "16-17",
    "18-24",
    "25-34",
    "35-44",
    "45-54",
    "55-64",
    "65-74",
    "75+",
    "not known",
];
pub const ETHNICITY_GROUPS: &[&str] = &["Asian", "Black", "Mixed", "White", "Other", "not known"];
pub const GENDER_GROUPS: &[&str] = &["woman", "man", "non-binary/other", "not known"];
pub const REFERRAL_SOURCES: &[&str] = &[
    "self",
    "GP/social prescriber",
    "NHS mental health service",
    "local authority",
    "voluntary sector",
    "other",
];
pub const CONSENT: &[&str] = &["Yes", "No"];

pub const ACTIVITIES: SheetSpec = SheetSpec {
    name: "Activities",
    synonyms: &["Activity", "Services"],
    columns: &[
        col(
            "Activity ID",
            &["ID", "Ref", "Activity ref"],
            true,
            "Your short code for the activity, unique in this return, e.g. A1.",
        ),
        col(
            "Activity name",
            &["Activity", "Name"],
            true,
            "What the activity is called.",
        ),
        col("Activity type", &["Type"], true, "Pick one from the list."),
        col(
            "Supplier",
            &["Provider", "Social enterprise"],
            false,
            "Optional: the social enterprise delivering it.",
        ),
        col(
            "Sessions",
            &["Sessions delivered"],
            true,
            "Whole number, 0 or more.",
        ),
        col(
            "Hours",
            &["Hours delivered"],
            false,
            "Optional: delivery hours, 0 or more.",
        ),
        col(
            "Participants",
            &["Unique participants", "People"],
            true,
            "Whole number of different people, 0 or more.",
        ),
        col(
            "Attendances",
            &["Visits"],
            false,
            "Optional: total attendances, whole number, usually at least Participants.",
        ),
        col(
            "Cost",
            &["Spend", "Direct cost"],
            true,
            "Pounds spent this quarter, e.g. 1250 or £1,250.00.",
        )
        .in_unit("£"),
        col(
            "In-kind value",
            &["In kind"],
            false,
            "Optional: value of donated goods, space or time, in pounds.",
        )
        .in_unit("£"),
        col(
            "Volunteer hours",
            &["Volunteering hours"],
            false,
            "Optional: hours given by volunteers.",
        ),
    ],
};

pub const PEOPLE: SheetSpec = SheetSpec {
    name: "People",
    synonyms: &["Person", "Participants"],
    columns: &[
        col(
            "Participant ref",
            &["Participant", "Person ref", "ID"],
            true,
            "Your own code for the person (not a name, NHS number, email or phone number).",
        ),
        col("Age band", &["Age"], false, "Pick one from the list."),
        col("Gender", &[], false, "As the person describes it."),
        col(
            "Ethnicity",
            &["Ethnic group"],
            false,
            "Asian, Black, Mixed, White, Other or not known.",
        ),
        col(
            "IMD decile",
            &["IMD", "Deprivation decile"],
            false,
            "1 (most deprived) to 10, from the person's postcode.",
        ),
        col(
            "Referral source",
            &["Referred by", "Referral"],
            false,
            "Pick one from the list.",
        ),
        col(
            "Sessions attended",
            &["Attended sessions", "Sessions"],
            false,
            "Optional: how many sessions the person has attended so far, since they started (not only this quarter), a whole number. Fewer than 2 (or your commissioner's minimum) leaves them out of the outcome figures: a finished course, as NHS Talking Therapies counts.",
        ),
        col(
            "Problem descriptor",
            &["Problem", "Presenting problem", "Main problem"],
            false,
            "Optional: the person's main problem, from the list. It picks the anxiety measure scored with PHQ-9 (SPIN for social anxiety, IES-R for PTSD, ...).",
        ),
    ],
};

pub const OUTCOMES: SheetSpec = SheetSpec {
    name: "Outcomes",
    synonyms: &["Outcome", "Scores"],
    columns: &[
        col(
            "Participant ref",
            &["Participant", "Person ref", "ID"],
            true,
            "Your own code for the person (not a name, NHS number, email or phone number).",
        ),
        col(
            "Activity ID",
            &["Activity"],
            true,
            "An Activity ID from the Activities sheet.",
        ),
        col(
            "Measure",
            &["Instrument", "Scale"],
            true,
            "Pick the measure from the list.",
        ),
        col(
            "Baseline score",
            &["Start score", "Score at start", "Pre"],
            true,
            "The total score at the start, inside the measure's range.",
        ),
        col(
            "Baseline date",
            &["Start date"],
            true,
            "Date of the first score, e.g. 14/07/2026.",
        ),
        col(
            "Follow-up score",
            &["End score", "Score at end", "Post"],
            false,
            "The total score later on; leave empty if not measured yet.",
        ),
        col(
            "Follow-up date",
            &["End date"],
            false,
            "Date of the follow-up score; not before the baseline date, not after the quarter.",
        ),
    ],
};

pub const COUNTS: SheetSpec = SheetSpec {
    name: "Counts",
    synonyms: &["Count", "Indicators"],
    columns: &[
        col(
            "Activity ID",
            &["Activity"],
            false,
            "Optional: an Activity ID from the Activities sheet.",
        ),
        col("Indicator", &[], true, "Pick the indicator from the list."),
        col(
            "Numerator",
            &["Number", "Count"],
            true,
            "The number counted, 0 or more.",
        ),
        col(
            "Denominator",
            &["Out of", "Total asked"],
            false,
            "For proportions: how many were asked; at least the Numerator.",
        ),
        col(
            "Baseline",
            &["Before"],
            false,
            "For before/after indicators: the count in the quarter before joining.",
        ),
    ],
};

pub const STORIES: SheetSpec = SheetSpec {
    name: "Stories",
    synonyms: &["Story", "Case studies"],
    columns: &[
        col("Story ID", &["ID"], true, "Your short code for the story."),
        col(
            "Activity ID",
            &["Activity"],
            false,
            "Optional: an Activity ID from the Activities sheet.",
        ),
        col(
            "Objective",
            &["Objectives"],
            true,
            "One or more of 1 to 6, e.g. 1 or 1, 2.",
        ),
        col("Title", &[], true, "A short title."),
        col(
            "Story",
            &["Text", "Case study"],
            true,
            "At most 3,000 characters. No names or details that identify anyone.",
        ),
        col(
            "Consent to publish",
            &["Consent"],
            true,
            "Yes only if the person agreed to publication; otherwise No.",
        ),
    ],
};

/// Sheets that belong to the template but hold no data.
pub const IGNORED_SHEETS: &[&str] = &[
    "Instructions",
    "Lists",
    "Read me",
    "Readme",
    "Notes",
    "Guidance",
];

/// Longest story accepted, in characters.
pub const MAX_STORY_CHARS: usize = 3000;
