//! The values a column takes, for a person to choose from instead of typing: the codes of a
//! code column with what each means, or the long list of codes a column takes (countries,
//! states, languages). Drawn from the rules' own tables, so a value chosen is one the check
//! accepts.

use crate::columns::Column;
use crate::data::{countries, languages, states};
use crate::finding::{Code, Finding};
use crate::rules::{disability_type, food_service, residence};

/// What a column takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidValues {
    /// One of a few codes: (the code, what it means).
    Codes(Vec<(&'static str, &'static str)>),
    /// One of many codes (a name is also read and given its code).
    Listed(&'static [&'static str]),
    /// Free text, a date or an ID.
    Any,
}

/// The value a person is offered for `finding` when the check did not fix it: the code the
/// value is usually reported as ("Deafness" → `HI`), chosen by the person, never applied
/// alone.
pub fn suggestion(finding: &Finding) -> Option<&'static str> {
    if finding.fix.is_some() {
        return None;
    }
    match finding.code {
        Code::InvalidDisabilityType => disability_type::suggestion(finding.value.as_deref()?),
        _ => None,
    }
}

/// Values of `column` the check takes, with a warning, that are not offered: OneRoster 1.2's
/// `other` and `unspecified` sex, which Amplify does not take. A person who types one is not
/// refused.
pub fn also_taken(column: &str) -> &'static [&'static str] {
    match Column::from_name(column) {
        Some(Column::Sex) => &["other", "unspecified"],
        _ => &[],
    }
}

/// What the column named `column` (as findings name it) takes.
pub fn valid_values(column: &str) -> ValidValues {
    let Some(column) = Column::from_name(column) else {
        return ValidValues::Any;
    };
    use Column::*;
    let codes = match column {
        Status => vec![("active", "active"), ("tobedeleted", "to be deleted")],
        Sex => vec![("male", "male"), ("female", "female")],
        AmericanIndianOrAlaskaNative
        | Asian
        | BlackOrAfricanAmerican
        | NativeHawaiianOrOtherPacificIslander
        | White
        | DemographicRaceTwoOrMoreRaces
        | HispanicOrLatinoEthnicity => vec![("true", "true"), ("false", "false")],
        OtherRaceIndicator
        | EnglishLearnerStatus
        | IdeaIndicator
        | DisabilityStatus
        | Section504Status
        | EconomicDisadvantageStatus
        | MigrantStatus
        | TitleI
        | IepStatus => vec![("Yes", "Yes"), ("No", "No")],
        EligibilityStatusForSchoolFoodServicePrograms => {
            let meanings = ["free", "reduced price", "full price", "other"];
            food_service::CODES.into_iter().zip(meanings).collect()
        }
        PublicSchoolResidenceStatus => {
            // CEDS 001470, Public School Residence Status.
            let meanings = [
                "resident of the administrative unit and its usual school attendance area",
                "resident of the administrative unit, another school attendance area",
                "resident of an allowable tuition area",
                "resident of the state, not of the administrative unit",
                "resident of another state",
            ];
            residence::CODES.into_iter().zip(meanings).collect()
        }
        PrimaryDisabilityType => (disability_type::TYPES.iter())
            .map(|(code, meaning, _)| (*code, *meaning))
            .collect(),
        CountryOfBirthCode => return ValidValues::Listed(countries::ALPHA2),
        StateOfBirthAbbreviation => return ValidValues::Listed(states::CODES),
        HomeLanguage => return ValidValues::Listed(languages::BIBLIOGRAPHIC),
        SourcedId | DateLastModified | BirthDate | CityOfBirth => return ValidValues::Any,
    };
    ValidValues::Codes(codes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check_and_fix, Date, Options};

    /// Every code offered is one the check accepts as it is.
    #[test]
    fn every_code_offered_passes_the_check() {
        for column in Column::ALL {
            let values: Vec<&str> = match valid_values(column.name()) {
                ValidValues::Codes(codes) => codes.iter().map(|(code, _)| *code).collect(),
                ValidValues::Listed(codes) => codes.to_vec(),
                ValidValues::Any => continue,
            };
            assert!(!values.is_empty(), "{column:?}");
            let mut input = format!("sourcedId,{}\n", column.name());
            for (row, value) in values.iter().enumerate() {
                input.push_str(&format!("s{row},{value}\n"));
            }
            let options = Options::new(Date::new(2026, 11, 28).unwrap());
            let (report, _) = check_and_fix(input.as_bytes(), &options);
            let about: Vec<_> = (report.findings.iter())
                .filter(|f| f.column.as_deref() == Some(column.name()))
                .map(|f| (f.code, f.value.clone()))
                .collect();
            assert!(about.is_empty(), "{column:?}: {about:?}");
        }
        assert_eq!(valid_values("birthDate"), ValidValues::Any);
        assert_eq!(valid_values("not a column"), ValidValues::Any);
    }

    #[test]
    fn deafness_is_suggested_as_hi_and_nothing_else_is_suggested() {
        let input = "sourcedId,metadata.primaryDisabilityType\n1,Deafness\n2,Autism\n3,Blue\n";
        let options = Options::new(Date::new(2026, 11, 28).unwrap());
        let (report, _) = check_and_fix(input.as_bytes(), &options);
        let suggested: Vec<_> = (report.findings.iter())
            .filter(|f| f.code == Code::InvalidDisabilityType)
            .map(|f| (f.line, suggestion(f)))
            .collect();
        assert_eq!(suggested, [(2, Some("HI")), (3, None), (4, None)]);
    }
}
