//! Code lists: ISO 3166-1 countries, USPS states, ISO 639-2 languages.
//!
//! Each list is data plus its public functions; the lookup they share (normalisation, search,
//! code bitmaps) is in `lookup`.

pub mod countries;
pub mod languages;
mod lookup;
pub mod states;
