//! In-browser tests of the fetch transport (headless Chromium): the addresses it takes, the
//! credentials header, what statuses mean, a real GET of a missing file on the test
//! runner's own server, a host that does not answer, and the published view's `?book`.
#![cfg(target_arch = "wasm32")]

use release_desk::sync::fetch::{FetchRemote, Progress};
use release_desk::sync::http::map_get;
use release_desk::sync::{Credentials, Got, Remote, SyncError};
use release_desk::ui::published::book_param;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .expect("origin")
}

fn refused(base: &str) -> bool {
    matches!(
        FetchRemote::new(base, Credentials::None, 1000),
        Err(SyncError::BadAddress(_))
    )
}

#[wasm_bindgen_test]
fn an_address_gets_its_trailing_slash() {
    let remote =
        FetchRemote::new("https://books.example.org/team", Credentials::None, 1000).expect("taken");
    assert_eq!(remote.base(), "https://books.example.org/team/");
    let remote =
        FetchRemote::new("http://127.0.0.1:8080/book/", Credentials::None, 1000).expect("taken");
    assert_eq!(remote.base(), "http://127.0.0.1:8080/book/");
}

#[wasm_bindgen_test]
fn credentials_in_an_address_and_other_schemes_are_refused() {
    assert!(refused("https://ann:secret@books.example.org/team/"));
    assert!(refused("ftp://books.example.org/team/"));
    assert!(refused("javascript:alert(1)"));
    assert!(refused("https://books.example.org/team/?token=1"));
    assert!(refused("https://books.example.org/team/#top"));
}

#[wasm_bindgen_test]
fn credentials_make_the_authorization_header() {
    let basic = Credentials::Basic {
        user: "ann".into(),
        password: "s3cret".into(),
    };
    assert_eq!(basic.header().as_deref(), Some("Basic YW5uOnMzY3JldA=="));
    let bearer = Credentials::Bearer {
        token: "abc".into(),
    };
    assert_eq!(bearer.header().as_deref(), Some("Bearer abc"));
    assert_eq!(Credentials::None.header(), None);
}

#[wasm_bindgen_test]
fn statuses_map_onto_what_the_exchange_expects() {
    assert_eq!(
        map_get(200, Some("\"1\"".into()), "{}".into(), None),
        Ok(Got::Ok {
            body: "{}".into(),
            etag: Some("\"1\"".into())
        })
    );
    assert_eq!(
        map_get(304, None, String::new(), None),
        Ok(Got::NotModified)
    );
    assert_eq!(
        map_get(401, None, String::new(), None),
        Err(SyncError::Credentials(401))
    );
    assert_eq!(
        map_get(503, None, String::new(), Some(60)),
        Err(SyncError::Busy {
            retry_after: Some(60)
        })
    );
}

#[wasm_bindgen_test]
async fn a_missing_file_on_a_real_server_is_not_found_and_counted() {
    let seen = Rc::new(Cell::new(Progress::default()));
    let remote = FetchRemote::new(
        &format!("{}/no-book-here-{}", origin(), js_sys::Math::random()),
        Credentials::None,
        10_000,
    )
    .expect("taken")
    .on_progress({
        let seen = seen.clone();
        move |p| seen.set(p)
    });
    assert_eq!(remote.get("manifest.json", None).await, Ok(Got::NotFound));
    assert_eq!(seen.get().requests, 1);
}

#[wasm_bindgen_test]
async fn a_host_that_does_not_answer_is_unreachable() {
    // Port 9 (discard) has no listener on the test machine: the connection is refused.
    let remote =
        FetchRemote::new("http://127.0.0.1:9/book", Credentials::None, 10_000).expect("taken");
    match remote.get("manifest.json", None).await {
        Err(SyncError::Unreachable(detail)) => assert!(detail.contains("127.0.0.1:9"), "{detail}"),
        other => panic!("expected unreachable, got {other:?}"),
    }
}

#[wasm_bindgen_test]
fn the_published_book_is_named_by_the_query() {
    assert_eq!(book_param(""), None);
    assert_eq!(book_param("?theme=dark"), None);
    assert_eq!(book_param("?book"), Some(String::new()));
    assert_eq!(book_param("?book="), Some(String::new()));
    assert_eq!(
        book_param("?x=1&book=https%3A%2F%2Fbooks.example.org%2Fteam%2F"),
        Some("https://books.example.org/team/".into())
    );
    assert_eq!(book_param("?bookish=1"), None);
}
