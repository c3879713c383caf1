//! The HTTP rules of the browser transport, on the host: which addresses are taken, what
//! each status means to the exchange, when a busy host is waited for, and how a request
//! with no answer is named.

use release_desk::sync::http::{
    check_base, host_of, map_get, map_put, network_failure, origin_of, retry_after, retry_wait,
};
use release_desk::sync::{Credentials, Got, Put, SyncError};

fn bad(base: &str) -> bool {
    matches!(check_base(base), Err(SyncError::BadAddress(_)))
}

#[test]
fn an_address_gets_its_trailing_slash() {
    assert_eq!(
        check_base("https://books.example.org/team"),
        Ok("https://books.example.org/team/".to_owned())
    );
    assert_eq!(
        check_base(" http://127.0.0.1:8080/book/ "),
        Ok("http://127.0.0.1:8080/book/".to_owned())
    );
    assert_eq!(
        check_base("HTTPS://Example.org"),
        Ok("HTTPS://Example.org/".to_owned())
    );
}

#[test]
fn credentials_in_an_address_are_refused() {
    assert!(bad("https://ann:secret@books.example.org/team/"));
    assert!(bad("http://token@books.example.org/"));
    let Err(error) = check_base("https://ann:secret@books.example.org/") else {
        panic!("accepted");
    };
    assert!(!error.to_string().contains("secret"), "{error}");
}

#[test]
fn only_web_addresses_without_query_or_fragment_are_taken() {
    assert!(bad("ftp://books.example.org/team/"));
    assert!(bad("file:///home/ann/book/"));
    assert!(bad("books.example.org/team/"));
    assert!(bad(""));
    assert!(bad("https:///team/"));
    assert!(bad("https://books.example.org/team/?token=1"));
    assert!(bad("https://books.example.org/team/#x"));
    assert!(bad("https://books.example.org/my team/"));
    // An '@' in the path is no credential.
    assert!(check_base("https://books.example.org/@team/").is_ok());
}

#[test]
fn the_host_is_named_with_its_port() {
    assert_eq!(host_of("http://127.0.0.1:8080/book/"), "127.0.0.1:8080");
    assert_eq!(host_of("https://books.example.org/"), "books.example.org");
}

#[test]
fn a_redirect_elsewhere_is_told_by_origin() {
    let base = "http://127.0.0.1:8080/book/manifest.json";
    assert_eq!(origin_of(base), "http://127.0.0.1:8080");
    assert_eq!(
        origin_of("HTTP://127.0.0.1:8080/other/x.json"),
        origin_of(base)
    );
    assert_ne!(
        origin_of("http://127.0.0.1:9090/book/manifest.json"),
        origin_of(base)
    );
    assert_ne!(
        origin_of("https://127.0.0.1:8080/book/manifest.json"),
        origin_of(base)
    );
    assert_eq!(
        SyncError::Redirected { to: origin_of("http://evil.example:81/x") }.to_string(),
        "The sync host redirected to another site (http://evil.example:81); nothing was sent there. Check the sync address: if the book moved, enter its new address."
    );
}

#[test]
fn credentials_become_the_authorization_header_only() {
    assert_eq!(Credentials::None.header(), None);
    assert_eq!(
        Credentials::Basic {
            user: "ann".into(),
            password: "s3cret".into()
        }
        .header(),
        Some("Basic YW5uOnMzY3JldA==".to_owned())
    );
    assert_eq!(
        Credentials::Bearer {
            token: " abc.def \n".into()
        }
        .header(),
        Some("Bearer abc.def".to_owned())
    );
    let debug = format!(
        "{:?}",
        Credentials::Basic {
            user: "ann".into(),
            password: "s3cret".into()
        }
    );
    assert!(!debug.contains("s3cret"), "{debug}");
}

#[test]
fn a_get_answer_means_a_file_unchanged_or_missing() {
    let etag = Some("\"abc\"".to_owned());
    assert_eq!(
        map_get(200, etag.clone(), "{}".into(), None),
        Ok(Got::Ok {
            body: "{}".into(),
            etag: etag.clone()
        })
    );
    assert_eq!(
        map_get(304, None, String::new(), None),
        Ok(Got::NotModified)
    );
    assert_eq!(map_get(404, None, "nope".into(), None), Ok(Got::NotFound));
    assert_eq!(map_get(410, None, String::new(), None), Ok(Got::NotFound));
}

#[test]
fn a_get_failure_says_what_to_do() {
    let get = |status| map_get(status, None, String::new(), None);
    assert_eq!(get(401), Err(SyncError::Credentials(401)));
    assert_eq!(get(403), Err(SyncError::Credentials(403)));
    assert_eq!(get(500), Err(SyncError::Server(500)));
    assert_eq!(get(502), Err(SyncError::Server(502)));
    assert_eq!(get(503), Err(SyncError::Busy { retry_after: None }));
    assert_eq!(
        map_get(429, None, String::new(), Some(30)),
        Err(SyncError::Busy {
            retry_after: Some(30)
        })
    );
    assert_eq!(get(400), Err(SyncError::Status(400)));
    assert_eq!(get(302), Err(SyncError::Status(302)));
}

#[test]
fn a_put_answer_means_written_or_someone_else_wrote() {
    let etag = Some("W/\"1\"".to_owned());
    for status in [200, 201, 204] {
        assert_eq!(
            map_put(status, etag.clone(), "manifest.json", None),
            Ok(Put::Done(etag.clone()))
        );
    }
    assert_eq!(
        map_put(412, None, "manifest.json", None),
        Ok(Put::PreconditionFailed)
    );
    for status in [404, 409] {
        assert_eq!(
            map_put(status, None, "index.a.json", None),
            Err(SyncError::NotFound("index.a.json".into()))
        );
    }
    assert_eq!(
        map_put(403, None, "x", None),
        Err(SyncError::Credentials(403))
    );
    assert_eq!(map_put(507, None, "x", None), Err(SyncError::Server(507)));
    assert_eq!(
        map_put(503, None, "x", Some(9)),
        Err(SyncError::Busy {
            retry_after: Some(9)
        })
    );
}

#[test]
fn a_busy_host_is_waited_for_twice_when_it_asks_for_a_short_wait() {
    assert_eq!(retry_after(Some("3")), Some(3));
    assert_eq!(retry_after(Some(" 0 ")), Some(0));
    assert_eq!(retry_after(Some("Fri, 27 Nov 2026 08:00:00 GMT")), None);
    assert_eq!(retry_after(None), None);

    assert_eq!(retry_wait(503, Some(1), 0), Some(1));
    assert_eq!(retry_wait(429, Some(5), 1), Some(5));
    assert_eq!(retry_wait(503, Some(1), 2), None, "two retries at most");
    assert_eq!(retry_wait(503, Some(6), 0), None, "too long a wait");
    assert_eq!(retry_wait(503, None, 0), None, "no Retry-After");
    assert_eq!(retry_wait(500, Some(1), 0), None, "only a busy host");
}

#[test]
fn a_request_without_answer_is_named() {
    let origin = "http://127.0.0.1:4000";
    let url = "http://127.0.0.1:9/book/manifest.json";
    assert_eq!(
        network_failure(false, false, origin, url),
        SyncError::Offline
    );
    assert_eq!(
        network_failure(true, true, origin, url),
        SyncError::Cors {
            origin: origin.into()
        }
    );
    let unreachable = network_failure(true, false, origin, url);
    assert!(matches!(unreachable, SyncError::Unreachable(_)));
    assert!(
        unreachable.to_string().contains("127.0.0.1:9"),
        "{unreachable}"
    );
    let cors = network_failure(true, true, origin, url).to_string();
    assert!(
        cors.contains("Access-Control-Allow-Origin: http://127.0.0.1:4000"),
        "{cors}"
    );
}
