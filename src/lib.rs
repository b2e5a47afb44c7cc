//! rostercheck in the browser: drop a OneRoster `demographics.csv`, see every problem, fix the
//! rest and download the corrected file. The file never leaves the machine: the rules engine
//! ([`rostercheck_core`]) runs in a Web Worker ([`worker`]), the page ([`components`]) only shows
//! what it reports and collects a person's edits.
//!
//! Layout of the crate:
//! - pure logic, tested natively: [`state`] (the reducer), [`filters`], [`window`] (which rows of
//!   the findings table to render), [`verdict`] (plain words and numbers), [`mapping`] (values a
//!   person can map for a whole column), [`protocol`] (messages between page and worker),
//!   [`today`] (the date birth dates are judged against), [`offline`] (offline use in words);
//! - the worker's check loop: [`worker`], and [`held`] (the findings it keeps, and its answers
//!   about them: windows of the table, report files); the workbook worker, started only for a
//!   workbook, is the package `rostercheck-web-workbook`;
//! - DOM access only in [`components`] and [`hooks`].

pub mod build_state;
pub mod components;
pub mod filters;
pub mod held;
pub mod hooks;
pub mod mapping;
pub mod offline;
pub mod protocol;
pub mod state;
pub mod today;
pub mod verdict;
pub mod window;
pub mod worker;

/// The built-in messy sample behind "Try it with a sample file".
pub const SAMPLE: &[u8] = include_bytes!("../fixtures/sample-demographics.csv");

/// The file name the sample is checked (and downloaded) under.
pub const SAMPLE_NAME: &str = "sample-demographics.csv";
