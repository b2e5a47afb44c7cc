//! A generated district with known truth: its students (users.csv and demographics.csv) and
//! the program lists its SIS exports, in the shapes of the SIS families of
//! `shared/reference/SIS-EXPORTS.md`. Each list leaves some students out, names a few students
//! who do not exist and, where asked, gives one student two different values.

/// What is true of one student.
#[derive(Debug, Clone)]
pub struct Truth {
    pub sourced_id: String,
    /// users.csv `identifier`: the local student number, zero-padded to 6.
    pub number: String,
    pub username: String,
    /// users.csv `userIds` `{Fed:…}`: the state ID.
    pub state_id: String,
    pub english_learner: bool,
    /// 0 free, 1 reduced, 2 full price.
    pub meals: u8,
    /// Indexes into `RACES` (A, B, I, P, W order below), at least one.
    pub races: Vec<usize>,
    pub hispanic: bool,
    /// An index into `LANGUAGES`.
    pub language: usize,
    pub female: bool,
    pub special_ed: bool,
}

/// Race letters (Clever, PowerSchool) and the flag each sets.
pub const RACES: [(&str, &str); 5] = [
    ("A", "asian"),
    ("B", "blackOrAfricanAmerican"),
    ("I", "americanIndianOrAlaskaNative"),
    ("P", "nativeHawaiianOrOtherPacificIslander"),
    ("W", "white"),
];

/// Aeries-style numeric race codes (CALPADS): the person answers them.
pub const NUMERIC_RACES: [&str; 5] = ["201", "600", "100", "301", "700"];

/// Home languages: English name, ISO 639-2 code.
pub const LANGUAGES: [(&str, &str); 4] = [
    ("English", "eng"),
    ("Spanish", "spa"),
    ("Vietnamese", "vie"),
    ("Arabic", "ara"),
];

/// A small deterministic generator (64-bit LCG).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407))
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// `n` students.
pub fn district(n: usize, seed: u64) -> Vec<Truth> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let mut races = vec![rng.below(5) as usize];
            if rng.below(8) == 0 {
                let second = (races[0] + 1 + rng.below(4) as usize) % 5;
                races.push(second);
                races.sort();
            }
            Truth {
                sourced_id: format!("S{}", 20_000 + i * 7),
                number: format!("{:06}", 1_000 + i),
                username: format!("stu{}", 1_000 + i),
                state_id: format!("{}", 500_000_000 + i * 13),
                english_learner: rng.below(5) == 0,
                meals: rng.below(3) as u8,
                races,
                hispanic: rng.below(4) == 0,
                language: rng.below(4) as usize,
                female: rng.below(2) == 0,
                special_ed: rng.below(7) == 0,
            }
        })
        .collect()
}

/// users.csv (OneRoster 1.1) of the students, and a teacher every 25.
pub fn users_csv(students: &[Truth]) -> String {
    let mut out =
        String::from("sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n");
    for (i, s) in students.iter().enumerate() {
        out.push_str(&format!(
            "{},,,true,org1,student,{},\"{{LDAP:{}}},{{Fed:{}}}\",Given{i},Family{i},,{},,,,,05,\n",
            s.sourced_id, s.username, s.username, s.state_id, s.number
        ));
        if i % 25 == 0 {
            out.push_str(&format!(
                "T{i},,,true,org1,teacher,teach{i},,Teacher,T{i},,{},,,,,,\n",
                1_000 + i
            ));
        }
    }
    out
}

/// demographics.csv as the SIS's OneRoster export writes it: the 16 columns, sex and birth
/// dates filled, nothing else.
pub fn demographics_csv(students: &[Truth]) -> String {
    let mut out = String::from("sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus\n");
    for (i, s) in students.iter().enumerate() {
        let sex = if s.female { "female" } else { "male" };
        out.push_str(&format!(
            "{},,,2014-0{}-1{},{sex},,,,,,,,,,,\n",
            s.sourced_id,
            1 + i % 9,
            i % 10
        ));
    }
    out
}

/// Is student `i` left out of a list (every `gap`-th)?
fn left_out(i: usize, gap: usize) -> bool {
    i % gap == 3
}

/// PowerSchool: the English learner list, keyed by `Student_Number` with its zeros gone
/// (as Excel leaves it), `LEP_Status` Y/N; every 11th student left out; two unknown numbers.
pub fn powerschool_el(students: &[Truth]) -> String {
    let mut out = String::from("Student_Number,Last_Name,LEP_Status\n");
    for (i, s) in students.iter().enumerate() {
        if left_out(i, 11) {
            continue;
        }
        let number = s.number.trim_start_matches('0');
        let lep = if s.english_learner { "Y" } else { "N" };
        out.push_str(&format!("{number},Family{i},{lep}\n"));
    }
    out.push_str("999998,Nobody,Y\n999999,Nobody,N\n");
    out
}

/// PowerSchool: the lunch list, one-letter codes (`F`, `R`, `P`; `FDC` for every 10th free
/// student): all the person's to answer.
pub fn powerschool_lunch(students: &[Truth]) -> String {
    let mut out = String::from("Student_Number,LunchStatus\n");
    for (i, s) in students.iter().enumerate() {
        let code = match s.meals {
            0 if i % 10 == 0 => "FDC",
            0 => "F",
            1 => "R",
            _ => "P",
        };
        out.push_str(&format!("{},{code}\n", s.number));
    }
    out
}

/// PowerSchool: race as one row a race (`StudentRace.RaceCd`, letters), keyed by
/// `Student_Number`.
pub fn powerschool_race(students: &[Truth]) -> String {
    let mut out = String::from("Student_Number,StudentRace.RaceCd\n");
    for s in students {
        for &r in &s.races {
            out.push_str(&format!("{},{}\n", s.number, RACES[r].0));
        }
    }
    out
}

/// Infinite Campus: FRAM eligibility `Free`/`Reduced`/`Paid`, keyed by `stateID` (users.csv
/// `userIds` `Fed`), with `studentNumber` beside it; one student listed twice with two
/// different statuses (a conflict) when `conflict`.
pub fn infinite_campus_fram(students: &[Truth], conflict: bool) -> String {
    let mut out = String::from("studentNumber,stateID,eligibility\n");
    for (i, s) in students.iter().enumerate() {
        if left_out(i, 13) {
            continue;
        }
        let word = ["Free", "Reduced", "Paid"][s.meals as usize];
        out.push_str(&format!("{},{},{word}\n", i + 1_000, s.state_id));
        if conflict && i == 5 {
            let other = ["Paid", "Free", "Free"][s.meals as usize];
            out.push_str(&format!("{},{},{other}\n", i + 1_000, s.state_id));
        }
    }
    out.push_str("424242,777777777,Free\n");
    out
}

/// Aeries: `STU.ID` is the sourcedId; race in `STU.RC1`–`STU.RC5` as numeric codes (the
/// person's to answer); `STU.HL` home language as a code of the district's own (`00`
/// English…) — also the person's.
pub fn aeries(students: &[Truth]) -> String {
    let mut out = String::from("STU.ID,STU.RC1,STU.RC2,STU.RC3,STU.RC4,STU.RC5\n");
    for s in students {
        let mut codes: Vec<&str> = s.races.iter().map(|&r| NUMERIC_RACES[r]).collect();
        codes.resize(5, "");
        out.push_str(&format!("{},{}\n", s.sourced_id, codes.join(",")));
    }
    out
}

/// Skyward: `LEPStatus` Yes/No and `SpEdStatus` Y/N, keyed by `username`.
pub fn skyward(students: &[Truth]) -> String {
    let mut out = String::from("username,LEPStatus,SpEdStatus\n");
    for (i, s) in students.iter().enumerate() {
        if left_out(i, 17) {
            continue;
        }
        let lep = if s.english_learner { "Yes" } else { "No" };
        let sped = if s.special_ed { "Y" } else { "N" };
        out.push_str(&format!("{},{lep},{sped}\n", s.username.to_uppercase()));
    }
    out
}

/// Clever-style students.csv: `State_id` (users.csv `userIds` `Fed`), `Race` one code or
/// several in one cell (`A;W`), `Hispanic_Latino` Y/N, `Home_language` English names,
/// `Gender` M/F.
pub fn clever(students: &[Truth]) -> String {
    let mut out = String::from("School_id,State_id,Race,Hispanic_Latino,Home_language,Gender\n");
    for s in students {
        let race: Vec<&str> = s.races.iter().map(|&r| RACES[r].0).collect();
        let hispanic = if s.hispanic { "Y" } else { "N" };
        let sex = if s.female { "F" } else { "M" };
        out.push_str(&format!(
            "12,{},{},{hispanic},{},{sex}\n",
            s.state_id,
            race.join(";"),
            LANGUAGES[s.language].0
        ));
    }
    out
}
