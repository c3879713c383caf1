//! Several tabs on one book: each tab announces what it wrote on a BroadcastChannel, and the
//! others read exactly those events from IndexedDB and merge them.

use crate::domain::Event;
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};

/// The channel every tab of the app listens on.
pub const CHANNEL: &str = "release-desk";

/// What a tab announces after a commit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    /// The writing tab.
    pub tab: String,
    /// The keys `[seq, id]` it wrote.
    pub keys: Vec<(u64, String)>,
}

impl Written {
    /// The announcement for events just committed by `tab`.
    pub fn new(tab: &str, events: &[Event]) -> Self {
        Written {
            tab: tab.to_owned(),
            keys: events.iter().map(|e| (e.seq, e.id.0.clone())).collect(),
        }
    }
}

/// A tab's end of the channel. Dropping it closes the channel.
pub struct Tabs {
    channel: BroadcastChannel,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl Tabs {
    /// Listen for other tabs' writes; `on_written` runs for each announcement.
    pub fn listen(on_written: impl Fn(Written) + 'static) -> Option<Tabs> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            if let Some(written) = message
                .data()
                .as_string()
                .and_then(|t| serde_json::from_str::<Written>(&t).ok())
            {
                on_written(written);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(Tabs {
            channel,
            _listener: listener,
        })
    }

    /// Tell the other tabs what this tab wrote.
    pub fn announce(&self, written: &Written) {
        if let Ok(text) = serde_json::to_string(written) {
            let _ = self.channel.post_message(&JsValue::from_str(&text));
        }
    }
}

impl Drop for Tabs {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
