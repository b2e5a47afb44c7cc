//! Offline use, as the page's start script reports it (`assets/start.js` sets
//! `<html data-offline="...">` and fires a `rostercheck-offline` event on `window` whenever it
//! changes). Plain values and words; the hook that listens is [`crate::hooks::use_offline`].

/// What the service worker has done for this page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offline {
    /// Nothing reported yet (or a page without the start script, as in the component tests).
    Unknown,
    /// The service worker is copying the app's files.
    Preparing,
    /// Every file of this version is kept by the browser; the page works without a network.
    Ready,
    /// A newer version has been copied and waits for this page to reload.
    Update,
    /// This browser or this page's settings do not allow a service worker (private windows,
    /// some embedding pages, blocked storage); the app works, but needs the network to load.
    Unavailable,
    /// The single-file build: everything is in the file itself.
    SingleFile,
}

impl Offline {
    /// Reads the start script's `data-offline` value; anything else is [`Offline::Unknown`].
    pub fn parse(value: &str) -> Self {
        match value {
            "preparing" => Self::Preparing,
            "ready" => Self::Ready,
            "update" => Self::Update,
            "unavailable" => Self::Unavailable,
            "single-file" => Self::SingleFile,
            _ => Self::Unknown,
        }
    }

    /// The value for the page's `data-state` test hook (the same words as `data-offline`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Preparing => "preparing",
            Self::Ready => "ready",
            Self::Update => "update",
            Self::Unavailable => "unavailable",
            Self::SingleFile => "single-file",
        }
    }

    /// What the page says.
    pub fn words(self) -> &'static str {
        match self {
            Self::Unknown => "",
            Self::Preparing => "Preparing for offline use…",
            Self::Ready => "Ready for offline use: this page now works without a network.",
            Self::Update => "A new version has been downloaded.",
            Self::Unavailable => {
                "Offline use is not available here (this browser or the page around it does not allow it)."
            }
            Self::SingleFile => "Single-file version: works offline as it is.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Offline;

    #[test]
    fn every_state_round_trips_and_has_words() {
        for state in [
            Offline::Preparing,
            Offline::Ready,
            Offline::Update,
            Offline::Unavailable,
            Offline::SingleFile,
        ] {
            assert_eq!(Offline::parse(state.as_str()), state);
            assert!(!state.words().is_empty(), "{state:?}");
        }
        assert_eq!(Offline::parse(""), Offline::Unknown);
        assert_eq!(Offline::parse("READY"), Offline::Unknown);
        assert_eq!(Offline::Unknown.words(), "");
    }
}
