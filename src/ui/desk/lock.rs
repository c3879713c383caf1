//! The Web Lock glue: `navigator.locks`, so one tab syncs at a time.

use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The Web Lock held by the tab that syncs.
const SYNC_LOCK: &str = "release-desk-sync";

/// Run `work` holding the Web Lock [`SYNC_LOCK`] if no other tab holds it (`ifAvailable`);
/// `None` when another does. Without Web Locks (an old browser) the work just runs.
pub(super) async fn with_web_lock<T>(work: impl std::future::Future<Output = T>) -> Option<T> {
    use js_sys::{Function, Object, Promise, Reflect};
    let Some((locks, request)) = lock_manager() else {
        return Some(work.await);
    };
    let (granted, on_grant) = futures::channel::oneshot::channel::<Option<Function>>();
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        if lock.is_null() || lock.is_undefined() {
            let _ = granted.send(None);
            return JsValue::UNDEFINED;
        }
        // The lock is held until this promise resolves: when the work is done.
        let mut release = None;
        let held = Promise::new(&mut |resolve, _| release = Some(resolve));
        let _ = granted.send(release);
        held.into()
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let Ok(asked) = request.call3(&locks, &SYNC_LOCK.into(), &options, &callback) else {
        return Some(work.await);
    };
    // Its promise settles when the lock is let go; nothing to do then.
    spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(Promise::from(asked)).await;
    });
    let release = on_grant.await.ok().flatten()?;
    let out = work.await;
    let _ = release.call0(&JsValue::NULL);
    Some(out)
}

/// Wait until no tab holds the sync lock.
pub(super) async fn wait_for_web_lock() {
    let Some((locks, request)) = lock_manager() else {
        return;
    };
    let callback = Closure::once_into_js(move |_: JsValue| JsValue::UNDEFINED);
    if let Ok(asked) = request.call2(&locks, &SYNC_LOCK.into(), &callback) {
        let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(asked)).await;
    }
}

/// `navigator.locks` and its `request` (web-sys's bindings need unstable cfgs).
fn lock_manager() -> Option<(JsValue, js_sys::Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    Some((locks, request))
}
