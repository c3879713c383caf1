//! Small per-browser preferences kept in localStorage: who is at the keyboard and the
//! colour theme.
//!
//! Preferences are not part of the release book: they are never synchronised and never
//! become events. Each one lives under its own `release-desk.`-prefixed key so that
//! several apps on the same origin (a static host with many project pages) do not collide.

use gloo_storage::{errors::StorageError, LocalStorage, Storage};

/// The localStorage key of the person's display name.
pub const DISPLAY_NAME_KEY: &str = "release-desk.display-name";

/// The longest display name kept, in characters; longer input is cut to this length.
pub const DISPLAY_NAME_MAX_CHARS: usize = 80;

/// Why a preference could not be saved, in words that say what to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrefsError {
    /// The browser refused to store the value (storage full, or disabled for this site).
    NotSaved(String),
}

impl std::fmt::Display for PrefsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotSaved(reason) => write!(
                f,
                "The browser did not save the preference ({reason}). \
                 Check that this site may store data, then try again."
            ),
        }
    }
}

impl std::error::Error for PrefsError {}

/// The display name saved in this browser, or `None` when none was saved yet.
///
/// A value that cannot be read back (for example one written by hand in the developer
/// tools) counts as no value: a preference is never worth an error page.
pub fn display_name() -> Option<String> {
    LocalStorage::get::<String>(DISPLAY_NAME_KEY)
        .ok()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
}

/// Saves the display name, trimmed and cut to [`DISPLAY_NAME_MAX_CHARS`]; an empty name
/// forgets the saved one. Returns the name as stored (`None` when forgotten).
pub fn set_display_name(name: &str) -> Result<Option<String>, PrefsError> {
    let name = normalise_display_name(name);
    match &name {
        Some(name) => LocalStorage::set(DISPLAY_NAME_KEY, name).map_err(not_saved)?,
        None => LocalStorage::delete(DISPLAY_NAME_KEY),
    }
    Ok(name)
}

/// Trims the name and cuts it to [`DISPLAY_NAME_MAX_CHARS`] characters; blank is `None`.
pub fn normalise_display_name(name: &str) -> Option<String> {
    let name: String = name.trim().chars().take(DISPLAY_NAME_MAX_CHARS).collect();
    let name = name.trim_end().to_owned();
    (!name.is_empty()).then_some(name)
}

fn not_saved(error: StorageError) -> PrefsError {
    PrefsError::NotSaved(error.to_string())
}

/// The localStorage key of the person's id in the book.
pub const PERSON_KEY: &str = "release-desk.person";

/// The id of the person at this browser, as registered in the book.
pub fn person() -> Option<String> {
    LocalStorage::get::<String>(PERSON_KEY)
        .ok()
        .filter(|id| !id.is_empty())
}

/// Remember who is at this browser.
pub fn set_person(id: &str) -> Result<(), PrefsError> {
    LocalStorage::set(PERSON_KEY, id).map_err(not_saved)
}

/// The localStorage key of the colour theme chosen in Settings.
pub const THEME_KEY: &str = "release-desk.theme";

/// The colour theme: light, dark, or whatever the system says (the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system's light or dark setting.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Every theme, in the order Settings offers them.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The stored value, also the `data-theme` attribute (none for the system's).
    pub fn value(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Follow the system",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    /// The theme a stored value names; anything else follows the system.
    pub fn from_value(value: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|t| t.value() == value)
            .unwrap_or_default()
    }
}

/// The theme saved in this browser.
pub fn theme() -> Theme {
    LocalStorage::get::<String>(THEME_KEY)
        .map(|v| Theme::from_value(&v))
        .unwrap_or_default()
}

/// Saves the theme; following the system forgets the saved choice.
pub fn set_theme(theme: Theme) -> Result<(), PrefsError> {
    match theme {
        Theme::System => {
            LocalStorage::delete(THEME_KEY);
            Ok(())
        }
        other => LocalStorage::set(THEME_KEY, other.value()).map_err(not_saved),
    }
}
