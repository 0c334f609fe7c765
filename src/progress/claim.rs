//! Which process owns the quiz attempt in progress. The progress file has one slot for
//! it; two processes that both resumed and saved into it would answer one attempt twice
//! and lose the other. The process running an attempt holds an exclusive `flock` on
//! [`CLAIM_NAME`] for as long as it runs; the lock dies with the process (a crash or a
//! kill frees it), so a later process can resume what was saved.

use std::fs::{File, OpenOptions};

use rustix::fs::{FlockOperation, flock};

use super::Store;

/// The lock file beside the progress file.
pub const CLAIM_NAME: &str = "quiz-attempt.lock";

/// Held while this process runs the attempt in progress; dropping it releases the slot.
#[derive(Debug)]
pub struct AttemptClaim {
    _file: Option<File>,
}

impl AttemptClaim {
    /// A claim for a store that has no folder to lock (nothing is saved anyway).
    fn unlocked() -> AttemptClaim {
        AttemptClaim { _file: None }
    }
}

impl Store {
    /// Takes the attempt slot without waiting. `None` when another live process runs
    /// an attempt on this data folder: this process then runs its own attempt without
    /// touching the slot, and records it only when it ends.
    pub fn claim_attempt(&self) -> Option<AttemptClaim> {
        let dir = self.path().parent()?;
        if std::fs::create_dir_all(dir).is_err() {
            // Nothing can be saved here; the store reports why elsewhere.
            return Some(AttemptClaim::unlocked());
        }
        let file = match OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(CLAIM_NAME))
        {
            Ok(file) => file,
            Err(_) => return Some(AttemptClaim::unlocked()),
        };
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => Some(AttemptClaim { _file: Some(file) }),
            Err(rustix::io::Errno::WOULDBLOCK) => None,
            // A file system without locks: behave as a single process would.
            Err(_) => Some(AttemptClaim::unlocked()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_waits_for_the_first_to_end() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(Some(dir.path())).unwrap();
        let first = store.claim_attempt();
        assert!(first.as_ref().is_some_and(|c| c._file.is_some()));
        assert!(store.claim_attempt().is_none());
        drop(first);
        assert!(store.claim_attempt().is_some());
    }
}
