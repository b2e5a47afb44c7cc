//! The demographics.csv columns: the 16 OneRoster ones and the 12 ClassLink metadata ones.

/// A known demographics column. The discriminant order is the canonical column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)] // the names are the OneRoster / ClassLink column names
pub enum Column {
    SourcedId,
    Status,
    DateLastModified,
    BirthDate,
    Sex,
    AmericanIndianOrAlaskaNative,
    Asian,
    BlackOrAfricanAmerican,
    NativeHawaiianOrOtherPacificIslander,
    White,
    DemographicRaceTwoOrMoreRaces,
    HispanicOrLatinoEthnicity,
    CountryOfBirthCode,
    StateOfBirthAbbreviation,
    CityOfBirth,
    PublicSchoolResidenceStatus,
    OtherRaceIndicator,
    HomeLanguage,
    EnglishLearnerStatus,
    IdeaIndicator,
    DisabilityStatus,
    PrimaryDisabilityType,
    Section504Status,
    EconomicDisadvantageStatus,
    EligibilityStatusForSchoolFoodServicePrograms,
    MigrantStatus,
    TitleI,
    IepStatus,
}

/// Number of standard OneRoster columns (the first 16 of [`Column::ALL`]).
pub const STANDARD_COLUMNS: usize = 16;

impl Column {
    /// Every known column in canonical order: 16 OneRoster columns, then 12 metadata columns.
    pub const ALL: [Column; 28] = [
        Column::SourcedId,
        Column::Status,
        Column::DateLastModified,
        Column::BirthDate,
        Column::Sex,
        Column::AmericanIndianOrAlaskaNative,
        Column::Asian,
        Column::BlackOrAfricanAmerican,
        Column::NativeHawaiianOrOtherPacificIslander,
        Column::White,
        Column::DemographicRaceTwoOrMoreRaces,
        Column::HispanicOrLatinoEthnicity,
        Column::CountryOfBirthCode,
        Column::StateOfBirthAbbreviation,
        Column::CityOfBirth,
        Column::PublicSchoolResidenceStatus,
        Column::OtherRaceIndicator,
        Column::HomeLanguage,
        Column::EnglishLearnerStatus,
        Column::IdeaIndicator,
        Column::DisabilityStatus,
        Column::PrimaryDisabilityType,
        Column::Section504Status,
        Column::EconomicDisadvantageStatus,
        Column::EligibilityStatusForSchoolFoodServicePrograms,
        Column::MigrantStatus,
        Column::TitleI,
        Column::IepStatus,
    ];

    /// The six race flags (the inputs of `demographicRaceTwoOrMoreRaces`).
    pub const RACES: [Column; 5] = [
        Column::AmericanIndianOrAlaskaNative,
        Column::Asian,
        Column::BlackOrAfricanAmerican,
        Column::NativeHawaiianOrOtherPacificIslander,
        Column::White,
    ];

    /// The exact, case-sensitive header name.
    pub fn name(self) -> &'static str {
        match self {
            Column::SourcedId => "sourcedId",
            Column::Status => "status",
            Column::DateLastModified => "dateLastModified",
            Column::BirthDate => "birthDate",
            Column::Sex => "sex",
            Column::AmericanIndianOrAlaskaNative => "americanIndianOrAlaskaNative",
            Column::Asian => "asian",
            Column::BlackOrAfricanAmerican => "blackOrAfricanAmerican",
            Column::NativeHawaiianOrOtherPacificIslander => "nativeHawaiianOrOtherPacificIslander",
            Column::White => "white",
            Column::DemographicRaceTwoOrMoreRaces => "demographicRaceTwoOrMoreRaces",
            Column::HispanicOrLatinoEthnicity => "hispanicOrLatinoEthnicity",
            Column::CountryOfBirthCode => "countryOfBirthCode",
            Column::StateOfBirthAbbreviation => "stateOfBirthAbbreviation",
            Column::CityOfBirth => "cityOfBirth",
            Column::PublicSchoolResidenceStatus => "publicSchoolResidenceStatus",
            Column::OtherRaceIndicator => "metadata.otherRaceIndicator",
            Column::HomeLanguage => "metadata.homeLanguage",
            Column::EnglishLearnerStatus => "metadata.englishLearnerStatus",
            Column::IdeaIndicator => "metadata.ideaIndicator",
            Column::DisabilityStatus => "metadata.disabilityStatus",
            Column::PrimaryDisabilityType => "metadata.primaryDisabilityType",
            Column::Section504Status => "metadata.section504Status",
            Column::EconomicDisadvantageStatus => "metadata.economicDisadvantageStatus",
            Column::EligibilityStatusForSchoolFoodServicePrograms => {
                "metadata.eligibilityStatusForSchoolFoodServicePrograms"
            }
            Column::MigrantStatus => "metadata.migrantStatus",
            Column::TitleI => "metadata.titleI",
            Column::IepStatus => "metadata.iepStatus",
        }
    }

    /// Position in the canonical order.
    pub fn index(self) -> usize {
        self as usize
    }

    /// True for the 16 OneRoster columns, false for the ClassLink metadata columns.
    pub fn is_standard(self) -> bool {
        self.index() < STANDARD_COLUMNS
    }

    /// Looks up an exact (case-sensitive) header name.
    pub fn from_name(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name)
    }

    /// A short human label for charts ("English learner status").
    pub fn label(self) -> &'static str {
        match self {
            Column::SourcedId => "Student ID",
            Column::Status => "Status",
            Column::DateLastModified => "Date last modified",
            Column::BirthDate => "Birth date",
            Column::Sex => "Sex",
            Column::AmericanIndianOrAlaskaNative => "American Indian or Alaska Native",
            Column::Asian => "Asian",
            Column::BlackOrAfricanAmerican => "Black or African American",
            Column::NativeHawaiianOrOtherPacificIslander => "Native Hawaiian or Pacific Islander",
            Column::White => "White",
            Column::DemographicRaceTwoOrMoreRaces => "Two or more races",
            Column::HispanicOrLatinoEthnicity => "Hispanic or Latino",
            Column::CountryOfBirthCode => "Country of birth",
            Column::StateOfBirthAbbreviation => "State of birth",
            Column::CityOfBirth => "City of birth",
            Column::PublicSchoolResidenceStatus => "Residence status",
            Column::OtherRaceIndicator => "Other race",
            Column::HomeLanguage => "Home language",
            Column::EnglishLearnerStatus => "English learner",
            Column::IdeaIndicator => "IDEA",
            Column::DisabilityStatus => "Disability",
            Column::PrimaryDisabilityType => "Primary disability type",
            Column::Section504Status => "Section 504",
            Column::EconomicDisadvantageStatus => "Economic disadvantage",
            Column::EligibilityStatusForSchoolFoodServicePrograms => "School meals eligibility",
            Column::MigrantStatus => "Migrant",
            Column::TitleI => "Title I",
            Column::IepStatus => "IEP",
        }
    }

    /// The 20 demographic categories of the ClassLink article (8 standard + 12 metadata),
    /// used for the completeness chart.
    pub fn demographic_categories() -> impl Iterator<Item = Column> {
        [
            Column::Sex,
            Column::AmericanIndianOrAlaskaNative,
            Column::Asian,
            Column::BlackOrAfricanAmerican,
            Column::NativeHawaiianOrOtherPacificIslander,
            Column::White,
            Column::DemographicRaceTwoOrMoreRaces,
            Column::HispanicOrLatinoEthnicity,
        ]
        .into_iter()
        .chain(Column::ALL[STANDARD_COLUMNS..].iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_order_is_canonical() {
        for (i, c) in Column::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
            assert_eq!(Column::from_name(c.name()), Some(*c));
        }
        assert_eq!(Column::demographic_categories().count(), 20);
        assert!(Column::PublicSchoolResidenceStatus.is_standard());
        assert!(!Column::OtherRaceIndicator.is_standard());
    }
}
