//! The browser's transport: [`FetchRemote`], a [`Remote`] over `fetch`.
//!
//! Every request is `cache: no-store` (the exchange sends its own `If-None-Match`; the
//! browser then also sends `Cache-Control: no-cache`, which a cache in front of the host
//! ought to honour — no query string is added, as hosts differ on what one means), carries
//! the `Authorization` header when there are credentials (never a URL), and is aborted after
//! the time-out. A busy host (503, 429) with a short `Retry-After` is waited for and tried
//! again twice at most. A request with no answer is named: offline, refused by CORS (a
//! `no-cors` request of the same address gets through), or unreachable; time-outs in a row
//! (across syncs) are a stuck connection. What the statuses mean is decided in
//! [`http`](super::http), which the host tests check.
//!
//! A book's content never leaves for another origin: a PUT follows no redirect
//! (`redirect: manual`), and a GET answered from another origin is refused unread. A body
//! is refused when its `Content-Length` is over [`layout::cap_of`] its file; without one it
//! is read as a stream and stopped at the cap.

use super::http;
use super::layout;
use super::remote::{Credentials, Got, Precondition, Put, Remote, SyncError};
use js_sys::{Promise, Reflect, Uint8Array};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, ReadableStreamDefaultReader, RequestCache, RequestInit, RequestMode,
    Response,
};

/// Time-outs in a row (across syncs) taken for a stuck connection.
const STUCK_AFTER: u32 = 2;

thread_local! {
    /// Requests that timed out since the host last answered, in this tab.
    static TIMEOUTS: Cell<u32> = const { Cell::new(0) };
}

/// What has been received so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Requests answered.
    pub requests: u32,
    /// Body bytes received.
    pub bytes: u64,
}

impl Progress {
    /// `12 files, 3.4 MB received` (`1 file, …`), in tenths of a megabyte without float
    /// formatting, which would cost the bundle.
    pub fn received(&self) -> String {
        let tenths = self.bytes / 100_000;
        let files = if self.requests == 1 { "file" } else { "files" };
        format!(
            "{} {files}, {}.{} MB received",
            self.requests,
            tenths / 10,
            tenths % 10
        )
    }
}

/// A book folder on a static file host, reached with `fetch`.
pub struct FetchRemote {
    base: String,
    authorization: Option<String>,
    timeout_ms: u32,
    progress: Cell<Progress>,
    on_progress: Option<Rc<dyn Fn(Progress)>>,
}

/// One answer, its body read.
struct Answer {
    status: u16,
    etag: Option<String>,
    retry_after: Option<u32>,
    body: String,
}

impl FetchRemote {
    /// `base`: http(s) URL of the book's folder; a missing trailing '/' is added; a URL with
    /// user:password@ or a query/fragment is refused (SyncError::BadAddress).
    pub fn new(
        base: &str,
        credentials: Credentials,
        timeout_ms: u32,
    ) -> Result<FetchRemote, SyncError> {
        Ok(FetchRemote {
            base: http::check_base(base)?,
            authorization: credentials.header(),
            timeout_ms: timeout_ms.max(1),
            progress: Cell::new(Progress::default()),
            on_progress: None,
        })
    }

    /// The folder's address, ending in '/'.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Called after each response body is read: a big book comes in segments of at most
    /// 5,000 events, so progress moves file by file.
    pub fn on_progress(mut self, f: impl Fn(Progress) + 'static) -> FetchRemote {
        self.on_progress = Some(Rc::new(f));
        self
    }

    fn report(&self, progress: Progress) {
        if let Some(f) = &self.on_progress {
            f(progress);
        }
    }

    /// Send one request, retrying a busy host when it asks for a short wait.
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<Answer, SyncError> {
        let url = format!("{}{}", self.base, path);
        let mut retries = 0;
        loop {
            let answer = match self.once(method, path, &url, body, headers).await {
                Err(SyncError::Timeout) => {
                    let timeouts = TIMEOUTS.with(|t| t.get()).saturating_add(1);
                    TIMEOUTS.with(|t| t.set(timeouts));
                    return Err(if timeouts >= STUCK_AFTER {
                        SyncError::Stuck { timeouts }
                    } else {
                        SyncError::Timeout
                    });
                }
                other => other?,
            };
            TIMEOUTS.with(|t| t.set(0));
            match http::retry_wait(answer.status, answer.retry_after, retries) {
                Some(secs) => {
                    sleep(secs * 1000).await;
                    retries += 1;
                }
                None => return Ok(answer),
            }
        }
    }

    async fn once(
        &self,
        method: &str,
        path: &str,
        url: &str,
        body: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Result<Answer, SyncError> {
        let window = web_sys::window().ok_or_else(|| unreachable("no window"))?;
        let headers = Headers::new().map_err(|_| unreachable("no headers"))?;
        if let Some(authorization) = &self.authorization {
            let _ = headers.append("Authorization", authorization);
        }
        for (name, value) in extra {
            let _ = headers.append(name, value);
        }
        let init = RequestInit::new();
        init.set_method(method);
        init.set_headers_headers(&headers);
        init.set_cache(RequestCache::NoStore);
        init.set_mode(RequestMode::Cors);
        if let Some(body) = body {
            init.set_body(&JsValue::from_str(body));
            // A write follows no redirect: its body must not reach another address.
            let _ = Reflect::set(&init, &"redirect".into(), &"manual".into());
        }
        let timer = Timer::start(&window, self.timeout_ms)?;
        init.set_signal(Some(&timer.controller.signal()));
        let response = match JsFuture::from(window.fetch_with_str_and_init(url, &init)).await {
            Ok(response) => response.unchecked_into::<Response>(),
            Err(_) if timer.fired() => return Err(SyncError::Timeout),
            Err(_) => {
                drop(timer);
                return Err(self.name_failure(&window, url).await);
            }
        };
        let header = |name: &str| response.headers().get(name).ok().flatten();
        let status = response.status();
        // An opaque redirect (a write's) has status 0; a read that ended elsewhere has
        // another origin in its final address.
        let to = match status {
            0 => Some("an address it did not show".to_owned()),
            _ if response.redirected() => {
                Some(http::origin_of(&response.url())).filter(|to| *to != http::origin_of(url))
            }
            _ => None,
        };
        if let Some(to) = to {
            cancel(&response);
            return Err(SyncError::Redirected { to });
        }
        let etag = header("ETag");
        let retry_after = http::retry_after(header("Retry-After").as_deref());
        let length = header("Content-Length").and_then(|l| l.trim().parse::<u64>().ok());
        if let Err(error) = layout::check_size(path, length.unwrap_or(0)) {
            cancel(&response);
            return Err(error);
        }
        // With a length announced (and checked), the body is read whole: read as a stream,
        // Chromium reports some finished requests as aborted. Without one, it is streamed
        // and stopped at the cap.
        let read = match length {
            Some(_) => read_text(&response).await.map_err(|_| None),
            None => read_capped(&response, path).await,
        };
        let body = match read {
            Ok(body) => body,
            Err(Some(error)) => return Err(error),
            Err(None) if timer.fired() => return Err(SyncError::Timeout),
            Err(None) => return Err(unreachable("the answer was cut off")),
        };
        drop(timer);
        let mut progress = self.progress.get();
        progress.requests += 1;
        progress.bytes += body.len() as u64;
        self.progress.set(progress);
        self.report(progress);
        Ok(Answer {
            status,
            etag,
            retry_after,
            body,
        })
    }

    /// A request got no answer: offline, CORS, or nothing there.
    async fn name_failure(&self, window: &web_sys::Window, url: &str) -> SyncError {
        let online = window.navigator().on_line();
        let origin = window.location().origin().unwrap_or_default();
        let host_answers = online && self.answers_without_cors(window, url).await;
        http::network_failure(online, host_answers, &origin, url)
    }

    /// A plain `no-cors` GET of `url`: an (opaque) answer means the host is there.
    async fn answers_without_cors(&self, window: &web_sys::Window, url: &str) -> bool {
        let Ok(timer) = Timer::start(window, self.timeout_ms) else {
            return false;
        };
        let init = RequestInit::new();
        init.set_method("GET");
        init.set_mode(RequestMode::NoCors);
        init.set_cache(RequestCache::NoStore);
        init.set_signal(Some(&timer.controller.signal()));
        JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .is_ok()
    }
}

impl Remote for FetchRemote {
    async fn get(&self, path: &str, if_none_match: Option<&str>) -> Result<Got, SyncError> {
        let headers: &[(&str, &str)] = match if_none_match {
            Some(etag) => &[("If-None-Match", etag)],
            None => &[],
        };
        let answer = self.send("GET", path, None, headers).await?;
        http::map_get(answer.status, answer.etag, answer.body, answer.retry_after)
    }

    async fn put(
        &self,
        path: &str,
        body: &str,
        precondition: Precondition,
    ) -> Result<Put, SyncError> {
        let json = ("Content-Type", "application/json");
        let answer = match &precondition {
            Precondition::None => self.send("PUT", path, Some(body), &[json]).await?,
            Precondition::IfMatch(etag) => {
                self.send("PUT", path, Some(body), &[json, ("If-Match", etag)])
                    .await?
            }
            Precondition::IfNoneMatch => {
                self.send("PUT", path, Some(body), &[json, ("If-None-Match", "*")])
                    .await?
            }
        };
        http::map_put(answer.status, answer.etag, path, answer.retry_after)
    }
}

/// Read `response`'s body whole. Its `Content-Length` was checked against the cap; a body
/// the host compressed may still be longer once decoded, which the file's decoding refuses.
async fn read_text(response: &Response) -> Result<String, JsValue> {
    let text = JsFuture::from(response.text()?).await?;
    Ok(text.as_string().unwrap_or_default())
}

/// Read `response`'s body as a stream, stopping (and cancelling it) once it passes the cap
/// of the file at `path`. `Err(None)`: the stream failed (cut off, or the time-out).
async fn read_capped(response: &Response, path: &str) -> Result<String, Option<SyncError>> {
    let Some(stream) = response.body() else {
        return Ok(String::new());
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|_| None)?;
        if Reflect::get(&chunk, &"done".into()).is_ok_and(|done| done.is_truthy()) {
            break;
        }
        let Ok(value) = Reflect::get(&chunk, &"value".into()) else {
            break;
        };
        let array: Uint8Array = value.unchecked_into();
        let start = bytes.len();
        let end = start + array.length() as usize;
        if let Err(error) = layout::check_size(path, end as u64) {
            let _ = reader.cancel();
            return Err(Some(error));
        }
        bytes.resize(end, 0);
        array.copy_to(&mut bytes[start..]);
    }
    String::from_utf8(bytes).map_err(|_| {
        Some(SyncError::Malformed {
            path: path.to_owned(),
            detail: "it is not text (UTF-8)".into(),
        })
    })
}

/// Drop an answer's body unread.
fn cancel(response: &Response) {
    if let Some(stream) = response.body() {
        let _ = stream.cancel();
    }
}

fn unreachable(detail: &str) -> SyncError {
    SyncError::Unreachable(detail.to_owned())
}

/// An `AbortController` that aborts after the time-out; dropping it clears the timer.
struct Timer {
    controller: AbortController,
    fired: Rc<Cell<bool>>,
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn start(window: &web_sys::Window, ms: u32) -> Result<Timer, SyncError> {
        let controller = AbortController::new().map_err(|_| unreachable("no AbortController"))?;
        let fired = Rc::new(Cell::new(false));
        let callback = {
            let (controller, fired) = (controller.clone(), fired.clone());
            Closure::<dyn FnMut()>::new(move || {
                fired.set(true);
                controller.abort();
            })
        };
        let handle = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                ms.min(i32::MAX as u32) as i32,
            )
            .map_err(|_| unreachable("no timer"))?;
        Ok(Timer {
            controller,
            fired,
            handle,
            _callback: callback,
        })
    }

    fn fired(&self) -> bool {
        self.fired.get()
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}

/// Wait `ms` milliseconds.
async fn sleep(ms: u32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u32) as i32,
            );
        }
    });
    let _ = JsFuture::from(promise).await;
}
