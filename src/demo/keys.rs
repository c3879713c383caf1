//! Native signing for demo, synthetic and test books (the browser uses WebCrypto): device
//! keys made from fixed seeds, so a demo book is the same at every build, and a signature
//! check for the host tests. Demo keys are public knowledge: a demo book proves nothing.

use crate::domain::trust::{KeyId, PublicKey, Signature, SignatureJob};
use crate::domain::{Event, EventId, PersonId};
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Device keys by person, made from seeds.
#[derive(Clone, Debug, Default)]
pub struct Keyring {
    keys: HashMap<PersonId, SigningKey>,
}

impl Keyring {
    /// An empty keyring.
    pub fn new() -> Self {
        Self::default()
    }

    /// The key made from `seed` for `person` (added if new) and its public half.
    pub fn add(&mut self, person: &str, seed: &str) -> PublicKey {
        let key = SigningKey::from_bytes(&Sha256::digest(seed.as_bytes()).into());
        let public = PublicKey(key.verifying_key().to_bytes());
        self.keys.insert(PersonId::from(person), key);
        public
    }

    /// The seed bytes of a person's key (the demo hands them to the browser).
    pub fn secret(&self, person: &PersonId) -> Option<[u8; 32]> {
        self.keys.get(person).map(SigningKey::to_bytes)
    }

    /// A person's public key.
    pub fn public(&self, person: &PersonId) -> Option<PublicKey> {
        self.keys
            .get(person)
            .map(|k| PublicKey(k.verifying_key().to_bytes()))
    }

    /// A person's key id.
    pub fn key_id(&self, person: &PersonId) -> Option<KeyId> {
        self.public(person).map(|p| p.id())
    }

    /// Sign a placed event with its author's key (its `key` must already name it).
    pub fn sign(&self, event: &mut Event) {
        if let Some(key) = self.keys.get(&event.by) {
            event.sig = Some(Signature(key.sign(&event.digest()).to_bytes()));
        }
    }

    /// Sign an event with the key of `person`, whoever it names (a forgery, in tests).
    pub fn sign_as(&self, person: &PersonId, event: &mut Event) {
        if let Some(key) = self.keys.get(person) {
            event.key = Some(PublicKey(key.verifying_key().to_bytes()).id());
            event.sig = Some(Signature(key.sign(&event.digest()).to_bytes()));
        }
    }

    /// People with a key here.
    pub fn people(&self) -> impl Iterator<Item = &PersonId> {
        self.keys.keys()
    }
}

/// Whether a signature verifies (what WebCrypto answers in the browser).
pub fn verify(job: &SignatureJob) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(&job.public.0) else {
        return false;
    };
    key.verify(
        &job.digest,
        &ed25519_dalek::Signature::from_bytes(&job.signature.0),
    )
    .is_ok()
}

/// The events among `jobs` whose signatures do not verify, with the reason, as the edge
/// hands them to `Engine::incoming_checked`.
pub fn forged(jobs: &[SignatureJob]) -> BTreeMap<EventId, String> {
    jobs.iter()
        .filter(|job| !verify(job))
        .map(|job| {
            (
                job.event.clone(),
                "its signature does not verify: it was altered or forged".to_owned(),
            )
        })
        .collect()
}
