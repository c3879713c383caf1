//! A look at another book: when an import is refused because the file began apart from
//! this book, the file can still be read here, read-only, beside this device's own book,
//! which nothing changes.

use leptos::prelude::*;

use crate::domain::Log;
use crate::ui::pages::dashboard::BookSummary;
use crate::ui::published::{provide_file, PublishedBanner};

/// The offer to look at the refused file, and the look itself.
#[component]
pub fn OtherBook(
    /// The refused file's checked log, with the words that describe it.
    file: RwSignal<Option<(Log, String)>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        {move || file.get().map(|(log, about)| {
            if open.get() {
                view! {
                    <section class="panel other-book" aria-labelledby="other-book-title">
                        <h3 class="panel__title" id="other-book-title">"The file, read-only"</h3>
                        <FileLook log=log about=about />
                        <button class="button button--secondary" type="button"
                            on:click=move |_| { open.set(false); file.set(None); }>"Close the file"</button>
                    </section>
                }
                .into_any()
            } else {
                view! {
                    <p class="other-book__offer">
                        "You can open it as a book of its own, read-only, without changing this one. "
                        <button class="button button--secondary" type="button"
                            on:click=move |_| open.set(true)>"Open the file read-only"</button>
                    </p>
                }
                .into_any()
            }
        })}
    }
}

/// The file's book through the published view's desk, provided to this part of the page
/// only: its banner and the dashboard's panels.
#[component]
fn FileLook(log: Log, about: String) -> impl IntoView {
    provide_file(log, about);
    view! {
        <PublishedBanner />
        <BookSummary />
    }
}
