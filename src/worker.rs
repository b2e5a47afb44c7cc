//! The worker's side: reads the file in chunks, runs the core, reports progress.
//!
//! [`check_in_chunks`] is plain Rust (tested natively against [`rostercheck_core::check_and_fix`]);
//! [`start`] wires it to the Web Worker's `onmessage` (see [`crate::protocol`]).

use crate::protocol::Request;
use rostercheck_core::{Checker, Finished, Options, Report};

/// Bytes read and checked at a time; progress is reported after each chunk.
pub const CHUNK: u64 = 1 << 20;

/// Findings kept for the page (counts, the corrected file and the verdict stay exact beyond it).
pub const MAX_FINDINGS: usize = 250_000;

/// The core's options for a request.
pub fn options(request: &Request) -> Options {
    let mut options = Options::new(request.today());
    options.edits = request.edits.clone();
    options.max_findings = Some(MAX_FINDINGS);
    options
}

/// Checks a file of `total` bytes read by `read(start, end)`, calling `progress(done)` after
/// each chunk. The result is what [`rostercheck_core::check_and_fix`] gives for the whole file;
/// the file is never held whole, not even when the end of the file asks for a second pass
/// (which reads it again, chunk by chunk).
pub fn check_in_chunks(
    total: u64,
    mut read: impl FnMut(u64, u64) -> Result<Vec<u8>, String>,
    options: &Options,
    mut progress: impl FnMut(u64),
) -> Result<(Report, Vec<u8>), String> {
    let mut checker = Checker::new(options.clone());
    checker.expect_bytes(total);
    let mut output = Vec::new();
    each_chunk(total, &mut read, |chunk, done| {
        checker.feed(chunk);
        output.extend_from_slice(&checker.take_output());
        progress(done);
    })?;
    let (report, tail) = match checker.finish() {
        Finished::Done(report, tail) => (report, tail),
        Finished::WriteAgain(second_pass) => {
            // The end of the file changed the layout (rare): write the corrected file again.
            let mut second = second_pass.checker();
            output.clear();
            each_chunk(total, &mut read, |chunk, _| {
                second.feed(chunk);
                output.extend_from_slice(&second.take_output());
            })?;
            second_pass.complete(second)
        }
    };
    output.extend_from_slice(&tail);
    Ok((report, output))
}

fn each_chunk(
    total: u64,
    read: &mut impl FnMut(u64, u64) -> Result<Vec<u8>, String>,
    mut each: impl FnMut(&[u8], u64),
) -> Result<(), String> {
    let mut start = 0;
    while start < total {
        let end = (start + CHUNK).min(total);
        each(&read(start, end)?, end);
        start = end;
    }
    Ok(())
}

/// Starts the worker: answers each request posted by the page (see [`crate::protocol`]).
/// Only meaningful inside a Web Worker (`src/bin/worker.rs`).
pub fn start() {
    use crate::protocol::{encode, Reply};
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = answer(&reply_scope, &event.data());
        post(&reply_scope, &reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&scope, &Reply::Ready);

    fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
        let bytes = js_sys::Uint8Array::from(encode(reply).as_slice());
        let transfer = js_sys::Array::of1(&bytes.buffer());
        // Posting to the page only fails when the page is gone; nothing is left to tell.
        let _ = scope.post_message_with_transfer(&bytes, &transfer);
    }

    fn answer(scope: &DedicatedWorkerGlobalScope, data: &wasm_bindgen::JsValue) -> Reply {
        use crate::protocol::decode;
        let parts: js_sys::Array = data.clone().unchecked_into();
        let request_bytes = js_sys::Uint8Array::new(&parts.get(0)).to_vec();
        let Some(request) = decode::<Request>(&request_bytes) else {
            return Reply::Failed {
                id: 0,
                message: "The page and the checker do not match; reload the page.".into(),
            };
        };
        let id = request.id;
        let Ok(blob) = parts.get(1).dyn_into::<web_sys::Blob>() else {
            return Reply::Failed {
                id,
                message: "No file was given to the checker.".into(),
            };
        };
        let Ok(reader) = web_sys::FileReaderSync::new() else {
            return Reply::Failed {
                id,
                message: "This browser cannot read files in the background.".into(),
            };
        };
        let clock = scope.performance();
        let started = clock.as_ref().map_or(0.0, |p| p.now());
        let total = blob.size() as u64;
        let read = |start: u64, end: u64| -> Result<Vec<u8>, String> {
            blob.slice_with_f64_and_f64(start as f64, end as f64)
                .and_then(|part| reader.read_as_array_buffer(&part))
                .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
                .map_err(|_| {
                    "The file could not be read. It may have been moved or changed; choose it again."
                        .to_owned()
                })
        };
        let progress = |done: u64| post(scope, &Reply::Progress { id, done, total });
        match check_in_chunks(total, read, &options(&request), progress) {
            Ok((report, output)) => Reply::Done {
                id,
                report: Box::new(report),
                output,
                elapsed_ms: clock.as_ref().map_or(0.0, |p| p.now()) - started,
            },
            Err(message) => Reply::Failed { id, message },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::{Date, Edits};

    fn request() -> Request {
        Request {
            id: 1,
            today: (2026, 11, 28),
            edits: Edits::default(),
        }
    }

    fn chunked(input: &[u8], options: &Options) -> (Report, Vec<u8>, Vec<u64>) {
        let mut seen = Vec::new();
        let read = |s: u64, e: u64| Ok(input[s as usize..e as usize].to_vec());
        let (report, output) =
            check_in_chunks(input.len() as u64, read, options, |d| seen.push(d)).unwrap();
        (report, output, seen)
    }

    #[test]
    fn chunked_check_equals_whole_file_check() {
        let options = options(&request());
        let mut big = crate::SAMPLE.to_vec();
        let body: Vec<u8> = crate::SAMPLE
            .split(|&b| b == b'\n')
            .skip(1)
            .flat_map(|line| line.iter().copied().chain([b'\n']))
            .collect();
        while (big.len() as u64) < 3 * CHUNK {
            big.extend_from_slice(&body);
        }
        // A CRLF file whose first line ends in LF needs the second pass.
        let mixed = b"sourcedId,sex\n1,M\r\n2,F\r\n3,M\r\n".to_vec();
        for input in [crate::SAMPLE.to_vec(), big, mixed, Vec::new()] {
            let (report, output, seen) = chunked(&input, &options);
            let (want_report, want_output) = rostercheck_core::check_and_fix(&input, &options);
            assert_eq!(output, want_output);
            assert_eq!(report.totals, want_report.totals);
            assert_eq!(report.findings, want_report.findings);
            assert_eq!(seen.last().copied().unwrap_or(0), input.len() as u64);
            assert_eq!(seen.len() as u64, (input.len() as u64).div_ceil(CHUNK));
        }
    }

    #[test]
    fn read_errors_are_reported() {
        let failed = check_in_chunks(
            10,
            |_, _| Err("gone".into()),
            &Options::new(Date::new(2026, 11, 28).unwrap()),
            |_| {},
        );
        assert_eq!(failed, Err("gone".to_owned()));
    }
}
