//! Release Desk's entry point: installs the panic hook and mounts the app shell. Nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(release_desk::ui::App);
}

/// Release Desk runs in the browser; natively there is nothing to start.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Release Desk is a browser app: `make run` builds it and serves it on http://127.0.0.1:8080");
}
