//! What a list's column can fill — one demographics column, or the race flags from race
//! codes — which column of a list is likely to fill which (by its name, then its values), and
//! the value a list's code becomes, proposed only when exactly one is sensible.

use crate::cells::settle;
use crate::columns::Column;
use crate::header::{resolve, Resolution};
use crate::rules::RuleContext;

/// What a list column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// One demographics column.
    Column(Column),
    /// The five race flags and `demographicRaceTwoOrMoreRaces`, from race codes (one code, a
    /// cell of several `A;W`, several columns, or one row per race).
    Race,
}

/// True for the columns a list can fill: the 12 metadata columns, `sex`, `birthDate`, the race
/// flags and `hispanicOrLatinoEthnicity` — every column but the record's own (`sourcedId`,
/// `status`, `dateLastModified`) and the place of birth and residence, which no SIS list
/// the builder knows of holds.
pub fn is_fillable(column: Column) -> bool {
    !matches!(
        column,
        Column::SourcedId
            | Column::Status
            | Column::DateLastModified
            | Column::CountryOfBirthCode
            | Column::StateOfBirthAbbreviation
            | Column::CityOfBirth
            | Column::PublicSchoolResidenceStatus
    )
}

/// What a race code can mean: one of the flags, two or more races, Hispanic or Latino.
pub const RACE_MEANINGS: [(&str, &str); 7] = [
    (
        "americanIndianOrAlaskaNative",
        "American Indian or Alaska Native",
    ),
    ("asian", "Asian"),
    ("blackOrAfricanAmerican", "Black or African American"),
    (
        "nativeHawaiianOrOtherPacificIslander",
        "Native Hawaiian or Other Pacific Islander",
    ),
    ("white", "White"),
    ("demographicRaceTwoOrMoreRaces", "Two or more races"),
    ("hispanicOrLatinoEthnicity", "Hispanic or Latino"),
];

impl Target {
    /// As written in a recipe: the column's name, or `race`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Column(column) => column.name(),
            Target::Race => "race",
        }
    }

    /// Reads a recipe's target.
    pub fn parse(name: &str) -> Option<Target> {
        if name == "race" {
            return Some(Target::Race);
        }
        let column = match resolve(name.trim()) {
            Resolution::Exact(c) | Resolution::Case(c) | Resolution::Alias(c) => c,
            _ => return None,
        };
        is_fillable(column).then_some(Target::Column(column))
    }

    /// In words, for the page ("English learner status").
    pub fn label(self) -> &'static str {
        match self {
            Target::Column(column) => column.label(),
            Target::Race => "Race (the race flags, from codes)",
        }
    }

    /// Every target, in the order the page lists them.
    pub fn all() -> impl Iterator<Item = Target> {
        std::iter::once(Target::Race).chain(
            (Column::ALL.into_iter())
                .filter(|c| is_fillable(*c))
                .map(Target::Column),
        )
    }

    /// True when its values are copied as they are (dates: the check reads and fixes them;
    /// each student has a different one) rather than mapped code by code.
    pub fn copies(self) -> bool {
        self == Target::Column(Column::BirthDate)
    }

    /// The values an answer can give (a blank answer is always possible); empty when any
    /// value the rules accept is (the home language: an ISO 639-2 code).
    pub fn choices(self) -> Vec<&'static str> {
        match self {
            Target::Race => RACE_MEANINGS.iter().map(|(k, _)| *k).collect(),
            Target::Column(column) => match column {
                Column::Sex => vec!["male", "female", "other", "unspecified"],
                Column::EligibilityStatusForSchoolFoodServicePrograms => {
                    vec!["Free", "ReducedPrice", "FullPrice", "Other"]
                }
                Column::PrimaryDisabilityType => vec![
                    "AUT", "DB", "DD", "EMN", "HI", "ID", "MD", "OI", "OHI", "SLD", "SLI", "TBI",
                    "VI",
                ],
                Column::HomeLanguage | Column::BirthDate => Vec::new(),
                c if c.is_standard() => vec!["true", "false"],
                _ => vec!["Yes", "No"],
            },
        }
    }

    /// True when `answer` is a value this target takes as it is (or blank).
    pub(crate) fn takes(self, answer: &str, context: &RuleContext) -> bool {
        if answer.is_empty() {
            return true;
        }
        match self {
            Target::Race => RACE_MEANINGS.iter().any(|(k, _)| *k == answer),
            Target::Column(Column::HomeLanguage) => {
                settle(Column::HomeLanguage, answer, context).as_deref() == Some(answer)
            }
            Target::Column(_) => self.choices().contains(&answer),
        }
    }

    /// The value a list's `code` becomes, when exactly one is sensible.
    pub(crate) fn propose(self, code: &str, context: &RuleContext) -> Option<String> {
        let code = code.trim();
        match self {
            Target::Race => race_meaning(code).map(str::to_owned),
            Target::Column(column) => {
                let value = settle(column, code, context)?;
                // `True`/`False` are valid as written in these two, but the file reads best
                // with one spelling (the issue: `True`/`False` → `Yes`/`No`).
                let value = match value.as_str() {
                    "True" => "Yes".to_owned(),
                    "False" => "No".to_owned(),
                    _ => value,
                };
                self.takes(&value, context).then_some(value)
            }
        }
    }
}

/// The race a code or name stands for, when only one: the letters every SIS family shares
/// (`A`, `B`, `I`, `P`, `W`, `M`) and the federal category names. Digits differ by SIS
/// (Infinite Campus `1` is Hispanic, others count from 1 = American Indian): the person's.
fn race_meaning(code: &str) -> Option<&'static str> {
    let word: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match word.as_str() {
        "i"
        | "americanindian"
        | "americanindianoralaskanative"
        | "americanindianalaskanative"
        | "alaskanative"
        | "nativeamerican" => "americanIndianOrAlaskaNative",
        "a" | "asian" => "asian",
        "b" | "black" | "africanamerican" | "blackorafricanamerican" | "blackafricanamerican" => {
            "blackOrAfricanAmerican"
        }
        "p"
        | "pacificislander"
        | "nativehawaiian"
        | "nativehawaiianorotherpacificislander"
        | "nativehawaiianpacificislander"
        | "hawaiianpacificislander" => "nativeHawaiianOrOtherPacificIslander",
        "w" | "white" | "caucasian" => "white",
        "m" | "multiracial" | "twoormore" | "twoormoreraces" | "multiple" => {
            "demographicRaceTwoOrMoreRaces"
        }
        "hispanic" | "latino" | "hispanicorlatino" | "hispaniclatino" => {
            "hispanicOrLatinoEthnicity"
        }
        _ => return None,
    })
}

/// The words of a column name, lower case: `LEP_Status` → `lep`, `status`; `STU.RC1` →
/// `rc1` (a table prefix such as `STU.` is dropped); `IsSpecialEdEligible` → `is`,
/// `special`, `ed`, `eligible`.
fn words(name: &str) -> Vec<String> {
    let name = match name.rsplit_once('.') {
        Some((prefix, rest)) if !prefix.eq_ignore_ascii_case("metadata") && !rest.is_empty() => {
            rest
        }
        _ => name,
    };
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            previous_lower = false;
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_uppercase() && previous_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Name rules in order (the first that matches wins): words any of which is a whole word of
/// the name, and phrases any of which the name's letters contain.
const NAME_RULES: &[(Target, &[&str], &[&str])] = {
    use Column::*;
    use Target::Column as C;
    &[
        (
            C(PrimaryDisabilityType),
            &[],
            &[
                "primarydisab",
                "disabilitytype",
                "disabilitycode",
                "disabilitycategory",
                "primaryexceptionality",
                "speddisstatecode",
            ],
        ),
        (C(Section504Status), &[], &["504"]),
        (C(IepStatus), &["iep"], &["iepstatus"]),
        (
            C(IdeaIndicator),
            &["idea", "sped", "spedstatus"],
            &["specialed", "specialeducation", "sped"],
        ),
        (C(DisabilityStatus), &[], &["disab"]),
        (
            C(EnglishLearnerStatus),
            &[
                "lep",
                "ell",
                "el",
                "esl",
                "lf",
                "elstatus",
                "ellstatus",
                "lepstatus",
            ],
            &[
                "englishlearner",
                "limitedenglish",
                "languagefluency",
                "englishlanguagelearner",
                "elldescription",
            ],
        ),
        (
            C(EligibilityStatusForSchoolFoodServicePrograms),
            &["frl", "fram", "frm", "meal", "meals"],
            &[
                "lunch",
                "freereduced",
                "foodservice",
                "schoolfood",
                "mealstatus",
            ],
        ),
        (
            C(EconomicDisadvantageStatus),
            &[],
            &["economic", "econdis", "ecodis", "lowincome"],
        ),
        (C(MigrantStatus), &[], &["migrant"]),
        (C(TitleI), &[], &["title1", "titlei"]),
        (C(OtherRaceIndicator), &[], &["otherrace"]),
        (C(HomeLanguage), &["hl", "lang"], &["language"]),
        (
            C(DemographicRaceTwoOrMoreRaces),
            &[],
            &["twoormore", "multiracial", "multirace"],
        ),
        (
            Target::Race,
            &[
                "race", "races", "racecd", "racecode", "rc1", "rc2", "rc3", "rc4", "rc5", "race1",
                "race2", "race3", "race4", "race5",
            ],
            &["ethniccode", "racecode", "federalrace"],
        ),
        (
            C(HispanicOrLatinoEthnicity),
            &[],
            &["hispanic", "latino", "ethnicity"],
        ),
        (
            C(AmericanIndianOrAlaskaNative),
            &[],
            &["americanindian", "alaskanative"],
        ),
        (
            C(NativeHawaiianOrOtherPacificIslander),
            &[],
            &["pacificislander", "hawaiian"],
        ),
        (C(Asian), &["asian"], &[]),
        (C(BlackOrAfricanAmerican), &["black"], &["africanamerican"]),
        (C(White), &["white", "caucasian"], &[]),
        (C(Sex), &["sex", "gender"], &[]),
        (
            C(BirthDate),
            &["dob", "birth", "birthdate", "birthday"],
            &["birthdate", "dateofbirth"],
        ),
    ]
};

/// Names that are never a demographic (a declined-race flag is not a race).
const NEVER: &[&str] = &[
    "decline", "declined", "date", "start", "end", "entry", "exit", "name",
];

/// The target a column's name suggests.
pub fn by_name(name: &str) -> Option<Target> {
    if let Resolution::Exact(c) | Resolution::Case(c) | Resolution::Alias(c) = resolve(name.trim())
    {
        return is_fillable(c).then_some(Target::Column(c));
    }
    let words = words(name);
    let letters: String = words.concat();
    let is_date_name = letters.contains("birth") || letters.contains("dob");
    if !is_date_name && words.iter().any(|w| NEVER.contains(&w.as_str())) {
        return None;
    }
    NAME_RULES
        .iter()
        .find(|(_, whole, phrases)| {
            words.iter().any(|w| whole.contains(&w.as_str()))
                || phrases.iter().any(|p| letters.contains(p))
        })
        .map(|(target, _, _)| *target)
}

/// The target a column's distinct values suggest, for the targets whose words no other column
/// uses: meal statuses (`Free`, `Reduced`, `Paid`), disability descriptions and race names.
/// Every value must be proposed for (a column of `Y`/`N` could be anything).
pub fn by_values<'v>(
    values: impl Iterator<Item = &'v str> + Clone,
    context: &RuleContext,
) -> Option<Target> {
    let candidates = [
        Target::Column(Column::EligibilityStatusForSchoolFoodServicePrograms),
        Target::Column(Column::PrimaryDisabilityType),
        Target::Race,
    ];
    candidates.into_iter().find(|target| {
        let mut any = false;
        let all = values.clone().filter(|v| !v.is_empty()).all(|v| {
            any = true;
            // One letter says too little to tell a column by.
            v.chars().count() > 1 && target.propose(v, context).is_some()
        });
        any && all
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn context() -> RuleContext {
        RuleContext::on(Date::new(2026, 12, 3).unwrap())
    }

    #[test]
    fn names_of_the_sis_families_suggest_their_targets() {
        let el = Target::Column(Column::EnglishLearnerStatus);
        let meals = Target::Column(Column::EligibilityStatusForSchoolFoodServicePrograms);
        for (name, want) in [
            ("LEP_Status", Some(el)),
            ("LEPStatus", Some(el)),
            ("STU.LF", Some(el)),
            ("LunchStatus", Some(meals)),
            ("FreeReduced", Some(meals)),
            ("FRAM eligibility", Some(meals)),
            ("SpEdStatus", Some(Target::Column(Column::IdeaIndicator))),
            (
                "FedEthnicity",
                Some(Target::Column(Column::HispanicOrLatinoEthnicity)),
            ),
            (
                "Hispanic_Latino",
                Some(Target::Column(Column::HispanicOrLatinoEthnicity)),
            ),
            ("StudentRace.RaceCd", Some(Target::Race)),
            ("STU.RC3", Some(Target::Race)),
            ("Race", Some(Target::Race)),
            ("STU.HL", Some(Target::Column(Column::HomeLanguage))),
            ("Home_language", Some(Target::Column(Column::HomeLanguage))),
            ("PL_Language", Some(Target::Column(Column::HomeLanguage))),
            ("Gender", Some(Target::Column(Column::Sex))),
            ("DOB", Some(Target::Column(Column::BirthDate))),
            ("Birth Date", Some(Target::Column(Column::BirthDate))),
            (
                "Section 504",
                Some(Target::Column(Column::Section504Status)),
            ),
            ("Title_I", Some(Target::Column(Column::TitleI))),
            ("metadata.englishLearnerStatus", Some(el)),
            ("FedRaceDecline", None),
            ("Student_Number", None),
            ("Last_Name", None),
            ("Program start date", None),
        ] {
            assert_eq!(by_name(name), want, "{name}");
        }
    }

    #[test]
    fn only_codes_with_one_sensible_answer_are_proposed() {
        let c = context();
        let el = Target::Column(Column::EnglishLearnerStatus);
        for (code, want) in [("Y", "Yes"), ("n", "No"), ("1", "Yes"), ("False", "No")] {
            assert_eq!(el.propose(code, &c).as_deref(), Some(want), "{code}");
        }
        let title = Target::Column(Column::TitleI);
        assert_eq!(title.propose("True", &c).as_deref(), Some("Yes"));
        let meals = Target::Column(Column::EligibilityStatusForSchoolFoodServicePrograms);
        assert_eq!(
            meals.propose("Reduced Price", &c).as_deref(),
            Some("ReducedPrice")
        );
        assert_eq!(meals.propose("Paid", &c).as_deref(), Some("FullPrice"));
        for code in ["F", "T", "E", "FDC"] {
            assert_eq!(meals.propose(code, &c), None, "{code} is the person's call");
        }
        let language = Target::Column(Column::HomeLanguage);
        assert_eq!(language.propose("Spanish", &c).as_deref(), Some("spa"));
        assert_eq!(language.propose("en", &c).as_deref(), Some("eng"));
        let disability = Target::Column(Column::PrimaryDisabilityType);
        assert_eq!(disability.propose("Autism", &c).as_deref(), Some("AUT"));
        let hispanic = Target::Column(Column::HispanicOrLatinoEthnicity);
        assert_eq!(hispanic.propose("1", &c).as_deref(), Some("true"));
        assert_eq!(hispanic.propose("2", &c), None, "declined");
        let sex = Target::Column(Column::Sex);
        assert_eq!(sex.propose("F", &c).as_deref(), Some("female"));
        assert_eq!(sex.propose("X", &c), None);
        assert_eq!(Target::Race.propose("W", &c).as_deref(), Some("white"));
        assert_eq!(Target::Race.propose("3", &c), None, "digits differ by SIS");
    }

    #[test]
    fn values_tell_a_meal_column_but_not_a_yes_no_one() {
        let c = context();
        assert_eq!(
            by_values(["Free", "Reduced", "Paid", ""].into_iter(), &c),
            Some(Target::Column(
                Column::EligibilityStatusForSchoolFoodServicePrograms
            ))
        );
        assert_eq!(by_values(["Y", "N"].into_iter(), &c), None);
        assert_eq!(
            by_values(["White", "Asian"].into_iter(), &c),
            Some(Target::Race)
        );
    }

    #[test]
    fn recipe_names_read_back() {
        for target in Target::all() {
            assert_eq!(Target::parse(target.name()), Some(target));
        }
        assert_eq!(Target::parse("status"), None);
        // The 12 metadata columns, sex, birthDate, 5 race flags, two or more, Hispanic; race.
        assert_eq!(Target::all().count(), 12 + 2 + 5 + 2 + 1);
    }
}
