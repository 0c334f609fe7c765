//! `SeenIds`: the receiver side of idempotency — remember which `svix-id`s were processed.

use std::collections::{HashSet, VecDeque};

/// A bounded set of message ids, oldest forgotten first.
///
/// Svix reuses the `svix-id` across retries of one message, so a receiver that has already
/// processed an id must answer 2xx again without doing the work twice. Svix suggests keeping
/// ids for about a day (for example in Redis with an expiry); a bounded set plays that role
/// here and keeps memory flat however many requests arrive.
#[derive(Debug, Clone)]
pub struct SeenIds {
    order: VecDeque<String>,
    set: HashSet<String>,
    capacity: usize,
}

impl SeenIds {
    /// Ids kept by default by `listen`.
    pub const DEFAULT_CAPACITY: usize = 10_000;

    /// A set that remembers at most `capacity` ids (at least one).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            order: VecDeque::new(),
            set: HashSet::new(),
            capacity,
        }
    }

    /// Records `id`; `true` if it was new, `false` for a duplicate.
    pub fn insert(&mut self, id: &str) -> bool {
        if self.set.contains(id) {
            return false;
        }
        if self.order.len() == self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.set.remove(&oldest);
        }
        self.order.push_back(id.to_owned());
        self.set.insert(id.to_owned());
        true
    }

    pub fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

impl Default for SeenIds {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}
