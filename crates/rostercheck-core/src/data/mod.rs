//! Code lists: ISO 3166-1 countries, USPS states, ISO 639-2 languages.

pub mod countries;
pub mod languages;
pub mod states;
