//! Small per-browser preferences kept in localStorage: who is at the keyboard, the colour
//! theme and the sync settings (the password or token only when the person asks).
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

/// The localStorage key of the sync settings (address, sign-in, options).
pub const SYNC_KEY: &str = "release-desk.sync";
/// The localStorage key where versions before issue 13 kept a remembered password or token
/// in clear. It is read only to move such a secret into the encrypted store and delete it
/// ([`super::secrets::sync_secret`]); nothing writes it any more.
pub const SYNC_SECRET_KEY: &str = "release-desk.sync-secret";

/// How the sync host is signed in to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignIn {
    /// No credentials.
    #[default]
    None,
    /// HTTP Basic: a user name and password.
    Password,
    /// A bearer token.
    Token,
}

impl SignIn {
    /// Every kind, in the order Settings offers them.
    pub const ALL: [SignIn; 3] = [SignIn::None, SignIn::Password, SignIn::Token];

    /// The stored value, also the option's value.
    pub fn value(self) -> &'static str {
        match self {
            SignIn::None => "none",
            SignIn::Password => "password",
            SignIn::Token => "token",
        }
    }

    /// The words a person reads.
    pub fn label(self) -> &'static str {
        match self {
            SignIn::None => "None",
            SignIn::Password => "User name and password",
            SignIn::Token => "Token",
        }
    }

    /// The kind a value names; anything else is none.
    pub fn from_value(value: &str) -> SignIn {
        SignIn::ALL
            .into_iter()
            .find(|s| s.value() == value)
            .unwrap_or_default()
    }
}

/// The default time-out of one sync request, in seconds.
pub const SYNC_TIMEOUT_DEFAULT: u32 = 20;

/// The sync settings of this browser. The password or token is not among them: it is
/// kept apart, encrypted ([`super::secrets::sync_secret`]), and only when the person asked
/// to remember it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SyncSettings {
    /// The book folder's address on the file host; empty: sync is off.
    #[serde(default)]
    pub address: String,
    /// How to sign in.
    #[serde(default)]
    pub sign_in: SignIn,
    /// The user name, for [`SignIn::Password`].
    #[serde(default)]
    pub user: String,
    /// Keep the password or token in this browser.
    #[serde(default)]
    pub remember: bool,
    /// Sync by itself while online.
    #[serde(default)]
    pub auto: bool,
    /// The time-out of one request, in seconds (1–120).
    #[serde(default = "default_timeout")]
    pub timeout_s: u32,
}

fn default_timeout() -> u32 {
    SYNC_TIMEOUT_DEFAULT
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            address: String::new(),
            sign_in: SignIn::None,
            user: String::new(),
            remember: false,
            auto: false,
            timeout_s: SYNC_TIMEOUT_DEFAULT,
        }
    }
}

/// The sync settings saved in this browser (the defaults when none were).
pub fn sync_settings() -> SyncSettings {
    LocalStorage::get::<SyncSettings>(SYNC_KEY).unwrap_or_default()
}

/// Saves the sync settings. The password or token is kept apart, encrypted
/// ([`super::secrets::keep_sync_secret`]).
pub fn set_sync_settings(settings: &SyncSettings) -> Result<(), PrefsError> {
    LocalStorage::set(SYNC_KEY, settings).map_err(not_saved)
}
