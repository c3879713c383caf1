//! Import and export: merging a document into the book (and the demo book), and the book
//! or one release as a document.

use crate::demo;
use crate::domain::PersonId;
use crate::storage::transfer::{self, ImportError};
use crate::storage::{prefs, timing, StorageError, Store};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{Desk, DeskError};

/// What an import brought in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSummary {
    /// New events.
    pub events: usize,
    /// New releases.
    pub releases: usize,
    /// New conflicts found by the merge.
    pub conflicts: usize,
}

impl Desk {
    /// Store the events a merge brings (an import, a sync pull) in one transaction, with
    /// the batch's heads: the merged log's heads that were not heads before.
    pub(super) async fn store_merged(
        &self,
        store: &Store,
        incoming: &crate::domain::Incoming,
    ) -> Result<(), StorageError> {
        let new_heads: Vec<_> = self.engine.with_untracked(|e| {
            let before = e.log().heads();
            incoming
                .engine
                .log()
                .heads()
                .iter()
                .filter(|h| !before.contains(h))
                .cloned()
                .collect()
        });
        store
            .append_with_heads(&incoming.new_events, &new_heads)
            .await
    }

    /// Merge a document's text into the book; nothing changes unless all of it is good.
    pub async fn import(self, text: String) -> Result<ImportSummary, ImportError> {
        let inner = self.inner();
        let _turn = inner.lock.lock().await;
        let store = self
            .ready_store()
            .map_err(|e| ImportError::Unreadable(e.to_string()))?;
        let started = timing::now();
        let incoming = self
            .engine
            .with_untracked(|e| transfer::prepare_import(e, demo::NAME, &text))?;
        let engine = self.engine;
        let incoming = super::signing::checked(
            &move || engine.get_untracked(),
            incoming,
            "an imported file",
        )
        .await;
        timing::measure("release-desk:import:prepare", started);
        let writing = timing::now();
        self.store_merged(&store, &incoming)
            .await
            .map_err(ImportError::Storage)?;
        timing::measure("release-desk:import:store", writing);
        let summary = ImportSummary {
            events: incoming.new_events.len(),
            releases: incoming.new_releases,
            conflicts: incoming.report.new_conflicts,
        };
        let applying = timing::now();
        self.engine.set(incoming.engine);
        timing::measure("release-desk:import:apply", applying);
        self.after_write(&store, &incoming.new_events, true).await;
        timing::measure("release-desk:import", started);
        Ok(summary)
    }

    /// Fill an empty book with the demo book shipped beside the app (`demo-book.json`,
    /// written at build time by the domain's own commands), through the checked import.
    pub async fn load_demo(self) -> Result<(), DeskError> {
        if !self.engine.with_untracked(|e| e.book().applied == 0) {
            return Err(DeskError::NotReady(
                "The demo book only goes into an empty book.".into(),
            ));
        }
        let text = fetch_text("demo-book.json")
            .await
            .map_err(DeskError::NotReady)?;
        // The demo device holds every demo person's key, so a demo can switch person.
        self.import_demo_keys().await.map_err(DeskError::NotReady)?;
        self.import(text)
            .await
            .map_err(|e| DeskError::NotReady(e.to_string()))?;
        // Nobody chose who they are yet: work as the demo's release manager until they do.
        if prefs::person().is_none() {
            let name = self.engine.with_untracked(|e| {
                e.book()
                    .people
                    .get(&PersonId::from(demo::RELEASE_MANAGER))
                    .map(|p| p.name.clone())
            });
            match (name, self.app) {
                (Some(name), Some(app)) => {
                    let _ = app.act_as(demo::RELEASE_MANAGER, &name);
                }
                _ => {
                    let _ = prefs::set_person(demo::RELEASE_MANAGER);
                }
            }
        }
        Ok(())
    }

    /// The whole book as the JSON document.
    pub fn export(&self) -> Option<String> {
        self.inner().complete.get().then(|| {
            self.engine
                .with_untracked(|e| transfer::export(demo::NAME, e))
        })
    }

    /// One release as a JSON document that verifies on its own (see
    /// [`history::release_export`](crate::domain::history::release_export)): the release
    /// with the book up to its latest change. Returns the release's title and the text.
    pub fn export_release(&self, id: &crate::domain::ReleaseId) -> Option<(String, String)> {
        if !self.inner().complete.get() {
            return None;
        }
        self.engine.with_untracked(|e| {
            let release = e.book().releases.get(id)?;
            let log = crate::domain::history::release_export(e.log(), id)?;
            let json = crate::domain::Document::new(release.title(), &log).to_json();
            Some((release.title(), json))
        })
    }
}

/// GET a file beside the app as text.
pub(super) async fn fetch_text(url: &str) -> Result<String, String> {
    let failed = |what: &str| format!("The demo book could not be loaded ({what}).");
    let window = web_sys::window().ok_or_else(|| failed("no window"))?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| failed("the app's server did not answer"))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(failed(&format!("HTTP {}", response.status())));
    }
    let text = response.text().map_err(|_| failed("unreadable answer"))?;
    wasm_bindgen_futures::JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| failed("unreadable answer"))
}
