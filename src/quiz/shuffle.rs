//! Deterministic shuffling: a SplitMix64 generator and Fisher–Yates. Written here rather
//! than taken from `rand` so that a seed gives the same order in every future version,
//! which saved attempts and tests rely on.

/// A fresh seed for a new attempt. The one impure function of `quiz`: everything else
/// takes the seed as input, so an attempt can be replayed with `--seed`.
pub fn random_seed() -> u64 {
    getrandom::u64().unwrap_or_else(|_| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    })
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and every seed is a good seed.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// A generator for one question: independent of the other questions of the bank, so
    /// adding a question does not reshuffle the choices of the others.
    pub fn for_question(seed: u64, question_id: &str) -> SplitMix64 {
        SplitMix64::new(seed ^ fnv1a(question_id.as_bytes()))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-enough value in `0..n` (Lemire's multiply-shift; the bias is below 2⁻⁶⁰
    /// for the tiny `n` used here). `n` must be non-zero.
    pub fn below(&mut self, n: usize) -> usize {
        let wide = u128::from(self.next_u64()) * n as u128;
        // The high half is < n, so it fits in usize.
        usize::try_from(wide >> 64).unwrap_or(0)
    }

    /// Fisher–Yates, in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// A shuffled `0..n`.
    pub fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        self.shuffle(&mut order);
        order
    }

    /// A shuffled `0..n` that is never the identity when `n >= 2`, for questions whose
    /// answer would otherwise be given away by the display order.
    pub fn permutation_not_identity(&mut self, n: usize) -> Vec<usize> {
        let mut order = self.permutation(n);
        if n >= 2 && order.iter().enumerate().all(|(i, &v)| i == v) {
            order.rotate_left(1);
        }
        order
    }
}

/// FNV-1a, 64 bits: a stable string hash (std's hashers may change between releases).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}
