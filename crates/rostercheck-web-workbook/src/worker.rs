//! The workbook worker: reads a workbook (.xlsx, .xls, .ods, …) into the CSV of its sheet with
//! the core's reader (calamine), and hands it back; the checking worker then checks that CSV
//! like any other. Its own WebAssembly module, loaded only when a workbook is chosen: the
//! reader is about 1 MB of code that a CSV user never needs.

use rostercheck_web::protocol::{WorkbookReply, WorkbookRequest};

/// Reads the workbook `bytes` as `request` asks.
pub fn answer(request: &WorkbookRequest, bytes: &[u8]) -> WorkbookReply {
    let id = request.id;
    match rostercheck_core::workbook::read(bytes, &request.name, request.sheet.as_deref()) {
        Ok(converted) => WorkbookReply::Read {
            id,
            csv: converted.csv,
            sheet: Box::new(converted.sheet),
        },
        Err(unread) => WorkbookReply::Unread {
            id,
            unread: Box::new(unread),
        },
    }
}

/// Starts the worker: answers each `[request, Blob]` the page posts. Only meaningful inside a
/// Web Worker (`src/bin/workbook.rs`).
pub fn start() {
    use rostercheck_web::protocol::{decode, encode};
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let parts: js_sys::Array = event.data().unchecked_into();
        let request_bytes = js_sys::Uint8Array::new(&parts.get(0)).to_vec();
        if parts.get(2).as_string().as_deref() == Some("build") {
            return build_message(&reply_scope, &request_bytes, &parts.get(1));
        }
        let reply = match decode::<WorkbookRequest>(&request_bytes) {
            None => WorkbookReply::Failed {
                id: 0,
                message: "The page and the workbook reader do not match; reload the page.".into(),
            },
            Some(request) => {
                let read = parts
                    .get(1)
                    .dyn_into::<web_sys::Blob>()
                    .ok()
                    .and_then(|blob| {
                        let reader = web_sys::FileReaderSync::new().ok()?;
                        reader.read_as_array_buffer(&blob).ok()
                    });
                match read {
                    Some(buffer) => answer(&request, &js_sys::Uint8Array::new(&buffer).to_vec()),
                    None => WorkbookReply::Failed {
                        id: request.id,
                        message: "The workbook could not be read. It may have been moved or changed; choose it again.".into(),
                    },
                }
            }
        };
        post(&reply_scope, &reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&scope, &WorkbookReply::Ready);

    /// A builder's request: the files are read (with `FileReaderSync`) only with `Open`.
    fn build_message(
        scope: &DedicatedWorkerGlobalScope,
        request: &[u8],
        files: &wasm_bindgen::JsValue,
    ) {
        use rostercheck_web::protocol::{BuildReply, BuildRequest};
        let reply = match decode::<BuildRequest>(request) {
            None => BuildReply::Failed {
                id: 0,
                message: "The page and the builder do not match; reload the page.".into(),
            },
            Some(request) => {
                let mut read = Vec::new();
                let mut failed = None;
                if let BuildRequest::Open { names, .. } = &request {
                    let list: js_sys::Array = files.clone().unchecked_into();
                    for (i, name) in names.iter().enumerate() {
                        let bytes = list
                            .get(i as u32)
                            .dyn_into::<web_sys::Blob>()
                            .ok()
                            .and_then(|blob| {
                                let reader = web_sys::FileReaderSync::new().ok()?;
                                reader.read_as_array_buffer(&blob).ok()
                            })
                            .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec());
                        match bytes {
                            Some(bytes) => read.push((name.clone(), bytes)),
                            None => failed = Some(name.clone()),
                        }
                    }
                }
                match failed {
                    Some(name) => BuildReply::Failed {
                        id: request.id(),
                        message: format!("{name} could not be read. It may have been moved or changed; choose the files again."),
                    },
                    None => crate::build::answer(request, read),
                }
            }
        };
        let bytes = js_sys::Uint8Array::from(encode(&reply).as_slice());
        let transfer = js_sys::Array::of1(&bytes.buffer());
        let _ = scope.post_message_with_transfer(&bytes, &transfer);
    }

    fn post(scope: &DedicatedWorkerGlobalScope, reply: &WorkbookReply) {
        let bytes = js_sys::Uint8Array::from(encode(reply).as_slice());
        let transfer = js_sys::Array::of1(&bytes.buffer());
        // Posting to the page only fails when the page is gone; nothing is left to tell.
        let _ = scope.post_message_with_transfer(&bytes, &transfer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_web::protocol::{decode, encode};

    fn workbook(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../../fixtures/workbooks/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("fixture")
    }

    #[test]
    fn a_workbook_is_read_into_its_sheet_s_csv_and_the_reply_crosses_intact() {
        let request = WorkbookRequest {
            id: 7,
            name: "table.xlsx".into(),
            sheet: None,
        };
        let reply = answer(&request, &workbook("table.xlsx"));
        let WorkbookReply::Read { id, csv, sheet } = &reply else {
            panic!("{reply:?}");
        };
        assert_eq!((*id, sheet.name.as_str()), (7, "Demographics"));
        assert_eq!(csv, &workbook("table.csv"));
        assert_eq!(
            decode::<WorkbookReply>(&encode(&reply)),
            Some(reply.clone())
        );
        assert_eq!(decode::<WorkbookRequest>(&encode(&request)), Some(request));
    }

    #[test]
    fn several_candidate_sheets_are_asked_about_and_a_chosen_one_is_read() {
        let mut request = WorkbookRequest {
            id: 1,
            name: "ambiguous.xlsx".into(),
            sheet: None,
        };
        match answer(&request, &workbook("ambiguous.xlsx")) {
            WorkbookReply::Unread { unread, .. } => assert_eq!(unread.choices, ["Fall", "Spring"]),
            other => panic!("{other:?}"),
        }
        request.sheet = Some("Spring".into());
        assert!(matches!(
            answer(&request, &workbook("ambiguous.xlsx")),
            WorkbookReply::Read { .. }
        ));
    }
}
