//! The WebCrypto glue the signing keys ([`super::keys`]), the remembered secrets
//! ([`super::secrets`]) and private books (`sync::crypt`) share: finding `crypto` and
//! `crypto.subtle`, building the plain JS objects WebCrypto takes, and reading the bytes it
//! gives back. Once in the bundle instead of once per module.

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Crypto, SubtleCrypto};

/// The page's (or worker's) `crypto`; `None` where there is none.
pub fn crypto() -> Option<Crypto> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    crypto.is_object().then(|| crypto.unchecked_into())
}

/// `crypto.subtle`; `None` outside a secure context (plain http other than localhost).
pub fn subtle() -> Option<SubtleCrypto> {
    let subtle = Reflect::get(crypto()?.as_ref(), &"subtle".into()).ok()?;
    subtle.is_object().then(|| subtle.unchecked_into())
}

/// A plain JS object of these fields.
pub fn object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

/// `{name: "AES-GCM", iv, additionalData}`: a 128-bit tag, the default.
pub fn aes_gcm(iv: &[u8], aad: &[u8]) -> Object {
    object(&[
        ("name", JsValue::from_str("AES-GCM")),
        ("iv", Uint8Array::from(iv).into()),
        ("additionalData", Uint8Array::from(aad).into()),
    ])
}

/// A key usages list.
pub fn usages(names: &[&str]) -> Array {
    names.iter().map(|name| JsValue::from_str(name)).collect()
}

/// The bytes of the `ArrayBuffer` a WebCrypto promise resolved with; none when it is not one.
pub fn bytes(buffer: &JsValue) -> Vec<u8> {
    match buffer.dyn_ref::<ArrayBuffer>() {
        Some(buffer) => Uint8Array::new(buffer).to_vec(),
        None => Vec::new(),
    }
}
