//! The progress bar and Cancel button shown while the worker checks.

use yew::prelude::*;

/// Properties of [`Progress`].
#[derive(Properties, PartialEq, Debug)]
pub struct ProgressProps {
    /// Bytes checked.
    pub done: u64,
    /// Bytes in the file (0 until the worker has reported).
    pub total: u64,
    /// The file's name.
    pub file_name: AttrValue,
    /// Cancel was pressed.
    pub on_cancel: Callback<()>,
}

/// `12.3 MB`-style sizes.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// The progress of a running check. Hidden for the first moment (CSS), so quick checks do
/// not flash a bar.
#[component]
pub fn Progress(props: &ProgressProps) -> Html {
    let on_cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let label = if props.total > 0 {
        let percent = (props.done as f64 / props.total as f64 * 100.0).round();
        format!(
            "Checking {}: {percent:.0}% ({} of {})",
            props.file_name,
            megabytes(props.done),
            megabytes(props.total)
        )
    } else {
        format!("Checking {}…", props.file_name)
    };
    html! {
        <div class="progress" data-testid="progress">
            <label for="check-progress">{ label }</label>
            if props.total > 0 {
                <progress id="check-progress" max={props.total.to_string()} value={props.done.to_string()} />
            } else {
                <progress id="check-progress" />
            }
            <button type="button" class="button" onclick={on_cancel}>{ "Cancel" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn megabytes_have_one_decimal() {
        assert_eq!(super::megabytes(0), "0.0 MB");
        assert_eq!(super::megabytes(12_345_678), "12.3 MB");
    }
}
