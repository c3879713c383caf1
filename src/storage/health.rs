//! Storage health: whether the browser keeps the book persistently, and how much room it has.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// What the browser says about this site's storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Health {
    /// The browser promised not to evict the book under storage pressure.
    pub persisted: Option<bool>,
    /// Bytes used by this site.
    pub usage: Option<f64>,
    /// Bytes this site may use.
    pub quota: Option<f64>,
}

impl Health {
    /// Used storage as a share of the quota, 0–100.
    pub fn percent_used(&self) -> Option<f64> {
        match (self.usage, self.quota) {
            (Some(u), Some(q)) if q > 0.0 => Some(u * 100.0 / q),
            _ => None,
        }
    }

    /// Without persistence the browser may clear the book: people should export now and then.
    pub fn should_remind_to_export(&self) -> bool {
        self.persisted == Some(false)
    }
}

fn manager() -> Option<web_sys::StorageManager> {
    Some(web_sys::window()?.navigator().storage())
}

/// Ask the browser to keep the book persistently; returns whether it agreed.
pub async fn request_persistence() -> Option<bool> {
    let promise = manager()?.persist().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// Read persistence, usage and quota.
pub async fn check() -> Health {
    let Some(manager) = manager() else {
        return Health::default();
    };
    let persisted = match manager.persisted() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    let (usage, quota) = match manager.estimate() {
        Ok(p) => match JsFuture::from(p).await {
            Ok(estimate) => (number(&estimate, "usage"), number(&estimate, "quota")),
            Err(_) => (None, None),
        },
        Err(_) => (None, None),
    };
    Health {
        persisted,
        usage,
        quota,
    }
}

fn number(object: &JsValue, key: &str) -> Option<f64> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .ok()?
        .as_f64()
}

/// Bytes as a person reads them: "3.2 MB".
pub fn bytes(n: f64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = n;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    // Tenths by integer arithmetic: float formatting would add 10 KB to the bundle.
    let tenths = (value * 10.0).round() as u64;
    if unit == 0 {
        format!("{} {}", tenths / 10, UNITS[0])
    } else {
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
    }
}
