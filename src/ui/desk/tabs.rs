//! The other tabs: hear what they wrote and merge it into this tab's book.

use crate::storage::tabs::{Tabs, Written};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Desk, DeskStatus};

impl Desk {
    /// Listen to the other tabs' writes.
    ///
    /// A tab that knew it wrote alone could skip reading the stored heads before each
    /// commit ([`Store::trust_heads`]); that waits for a lock shared by the tabs (Web Locks),
    /// since no message can tell a tab for sure that no other tab has just opened.
    pub(super) fn listen_to_tabs(self) {
        let inner = self.inner();
        let tabs = Tabs::listen(move |written| self.heard(written));
        *inner.tabs.borrow_mut() = tabs;
    }

    /// Another tab wrote: read and merge its events.
    fn heard(self, written: Written) {
        if written.tab == self.inner().tab {
            return;
        }
        if !written.keys.is_empty() {
            spawn_local(self.take_in(written));
        }
    }

    /// Read and merge what another tab wrote.
    async fn take_in(self, written: Written) {
        let inner = self.inner();
        let _turn = inner.lock.lock().await;
        let Some(store) = inner.store.borrow().clone() else {
            return;
        };
        match store.read(&written.keys).await {
            Ok(events) => {
                let jobs = self.engine.with_untracked(|e| e.signature_jobs(&events));
                let forged = super::signing::forged(&jobs).await;
                let mut events = events;
                crate::domain::order::sort_by(&mut events, |a, b| {
                    (a.seq, &a.id).cmp(&(b.seq, &b.id))
                });
                let log = crate::domain::Log::from_events(events);
                self.engine.update(|e| {
                    if e.merge_checked(&log, forged).is_ok() {
                        let ids: Vec<_> = log.events().iter().map(|e| e.id.clone()).collect();
                        e.note_source(&ids, "another tab of this browser");
                    }
                });
            }
            Err(error) => self.status.set(DeskStatus::Failed(error.to_string())),
        }
    }
}
