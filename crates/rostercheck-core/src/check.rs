//! The checker: the short glue that passes each record through the stages — input, records,
//! table, cells, rows, file rules, writer — with one finding sink.

use crate::finding::{Code, Finding};
use crate::input::{FieldDecoding, Input};
use crate::options::Options;
use crate::passes::Layout;
use crate::pipeline::Rows;
use crate::records::Records;
use crate::report::{MapChange, Report};
use crate::rules::{About, RuleContext, Stage};
use crate::sink::Sink;

/// The registry entry of the checker's own finding.
pub(crate) const STAGE: Stage = Stage {
    name: "check",
    about: About::File,
    codes: &[Code::NoDataRows],
};

/// Streams a file through the stages.
///
/// Feed bytes with [`Checker::feed`], drain the corrected bytes and the findings made so far
/// with [`Checker::take_output`] and [`Checker::take_findings`], and call [`Checker::finish`]
/// at the end. Memory stays proportional to the longest record plus the small cross-row state
/// (see the crate docs), not to the file.
#[derive(Debug)]
pub struct Checker {
    options: Options,
    layout: Layout,
    input: Input,
    fields: FieldDecoding,
    sink: Sink,
    records: Records,
    rows: Rows,
    /// The answers given, as `KEY=ANSWER`, for the report.
    answers: Vec<String>,
    /// How many of `options.edits.maps` the answers gave (the first ones): not the person's
    /// edits in the audit trail. 0 in a second pass, whose audit is the first's.
    answered_maps: usize,
}

impl Checker {
    /// A checker with these options.
    pub fn new(options: Options) -> Checker {
        if let Some(users) = &options.users {
            // A new check: no user has a row yet (the second pass marks the same ones again).
            users.forget_seen();
        }
        Checker::with_layout(options, Layout::default())
    }

    /// The options it checks with.
    pub(crate) fn options(&self) -> &Options {
        &self.options
    }

    /// Makes room for about `bytes` of corrected output.
    pub(crate) fn reserve(&mut self, bytes: usize) {
        self.rows.writer.reserve(bytes);
    }

    pub(crate) fn with_layout(mut options: Options, layout: Layout) -> Checker {
        let answers = options.answers.lines();
        let answered_maps = options.answers.values.len();
        // Value answers are column-wide replacements; merged once, so a second pass does not
        // merge them again.
        options.edits = options.edits_with_answers();
        options.answers.values.clear();
        let context = RuleContext {
            date_orders: options.answers.answered_orders().or(layout.date_orders),
            mode: options.answers.mode,
            ..RuleContext::on(options.today)
        };
        let rows = Rows::new(context, options.write_output);
        Checker {
            sink: Sink::new(options.max_findings).keep_per_kind(options.max_per_kind),
            options,
            layout,
            input: Input::default(),
            fields: FieldDecoding::default(),
            records: Records::default(),
            rows,
            answers,
            answered_maps,
        }
    }

    /// Tells the checker the file's size in bytes, when known before it is read: the
    /// duplicate detection then makes room for its rows at once instead of growing step by
    /// step. Only the speed changes.
    pub fn expect_bytes(&mut self, bytes: u64) {
        self.rows.file_rules.expect_bytes(bytes);
    }

    /// Feeds the next piece of the file.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.push(chunk, false);
    }

    fn push(&mut self, chunk: &[u8], eof: bool) {
        let Checker {
            options,
            layout,
            input,
            fields,
            sink,
            records,
            rows,
            ..
        } = self;
        input.feed(chunk, eof, sink, &mut |text, eof, delimiter, sink| {
            records.read(text, eof, delimiter, |record, raw, parser, ahead| {
                if let (Some(ahead), Some(table)) = (ahead, &rows.table) {
                    let users = options.users.as_deref();
                    rows.file_rules.look_ahead(table, ahead, delimiter, users);
                }
                rows.record(record, raw, parser, (options, layout), fields, sink);
            })
        });
    }

    /// The corrected bytes written since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        self.rows.writer.take()
    }

    /// The findings made since the last call, by line. Findings known only at the end of the
    /// file come with [`Checker::finish`].
    pub fn take_findings(&mut self) -> Vec<Finding> {
        self.sink.take()
    }

    /// The report, the last output, and the layout a second pass needs, if the end of the file
    /// changed it.
    /// `spill` takes the findings made at the end in batches as they are made, so that many
    /// of them (an ambiguous date in every row) are not all held at once.
    pub(crate) fn finish_parts(
        mut self,
        spill: &mut dyn FnMut(Vec<Finding>),
    ) -> (Report, Vec<u8>, Option<Layout>) {
        self.sink.keep_all_kinds();
        self.push(&[], true);
        let mut sink = self.sink;
        let mut drain = |sink: &mut Sink| {
            if sink.holds_over(SPILL_AT) {
                spill(sink.take());
            }
        };
        let layout = &self.layout;
        let (input, fields) = (&mut self.input, &mut self.fields);
        self.rows.end(input, fields, layout, &mut sink, &mut drain);
        // Without a sourcedId column no row was looked up: the students are not counted.
        let looked_up = (self.rows.table.as_ref()).is_some_and(|t| t.sourced_id.is_some());
        if let (Some(users), true) = (&self.options.users, looked_up) {
            crate::bundle::roster::finish(users, &mut sink);
        }
        let mut report = self.rows.report;
        report.encoding = self.input.encoding();
        report.readable = self.input.readable();
        report.delimiter = char::from(self.input.delimiter());
        sink.fill(&mut report);
        report.answers = self.answers;
        // The person's maps, after those the answers gave (see `Options::edits_with_answers`).
        let maps = (self.options.edits.maps.iter().enumerate()).skip(self.answered_maps);
        report.audit.maps = maps
            .map(|(at, map)| MapChange {
                column: map.column.clone(),
                from: map.from.clone(),
                to: map.to.clone(),
                rows: self.rows.map_rows.get(at).copied().unwrap_or(0),
            })
            .collect();
        let written = self.rows.writer.line_ending();
        let endings = (written, report.line_ending);
        let layout = (self.layout).after(self.rows.blank_with_data, endings, self.rows.learnt);
        (report, self.rows.writer.take(), layout)
    }
}

/// How many late findings are made before they are handed over (see `finish_parts`).
const SPILL_AT: usize = 16_384;
