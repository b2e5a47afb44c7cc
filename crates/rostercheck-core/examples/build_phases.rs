//! Times the builder's phases on a generated district (`generate -- sis DIR ROWS`):
//! `cargo run --release -p rostercheck-core --example build_phases -- DIR LIST...`.
use rostercheck_core::build::{build, plan, suggest, Sources};
use rostercheck_core::{check_and_fix, Date, Options};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::Path::new(&args[0]);
    let today = Date::new(2026, 12, 3).unwrap();
    let t = Instant::now();
    let users = std::fs::read(dir.join("users.csv")).unwrap();
    let lists: Vec<(String, Vec<u8>)> = args[1..]
        .iter()
        .map(|n| (n.clone(), std::fs::read(dir.join(n)).unwrap()))
        .collect();
    eprintln!("read files {:?}", t.elapsed());
    let t = Instant::now();
    let mut sources = Sources {
        users: Some(Sources::read_users("users.csv", &users).unwrap()),
        ..Sources::default()
    };
    eprintln!("users table {:?}", t.elapsed());
    let t = Instant::now();
    for (name, bytes) in &lists {
        sources
            .lists
            .push(Sources::read_table(name, bytes).unwrap());
    }
    eprintln!("list tables {:?}", t.elapsed());
    let t = Instant::now();
    let recipe = suggest(&sources, today);
    eprintln!("suggest {:?}", t.elapsed());
    let t = Instant::now();
    let p = plan(&sources, &recipe, today);
    eprintln!("plan {:?} ({} questions)", t.elapsed(), p.questions.len());
    let t = Instant::now();
    let built = build(&sources, &recipe, today).unwrap();
    eprintln!("build {:?}", t.elapsed());
    let t = Instant::now();
    let (report, _) = check_and_fix(&built.csv, &Options::new(today));
    eprintln!("check {:?} ({} rows)", t.elapsed(), report.rows);
}
