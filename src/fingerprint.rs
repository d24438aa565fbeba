//! Stable 64-bit fingerprints (FNV-1a), for event identities and change detection. Stable
//! across runs, platforms and Rust versions, unlike `std`'s hasher.

/// Accumulates bytes into an FNV-1a 64-bit hash.
#[derive(Debug, Clone, Copy)]
pub struct Fingerprint(u64);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(0xcbf2_9ce4_8422_2325)
    }
}

impl Fingerprint {
    /// Adds a field; fields are separated so ("ab","c") and ("a","bc") differ.
    pub fn with(mut self, field: &str) -> Self {
        for b in field.bytes().chain(std::iter::once(0xff)) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// The hash as 16 lowercase hexadecimal digits.
    pub fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_field_separated() {
        assert_eq!(
            Fingerprint::default().with("").hex(),
            Fingerprint::default().with("").hex()
        );
        assert_ne!(
            Fingerprint::default().with("ab").with("c").hex(),
            Fingerprint::default().with("a").with("bc").hex()
        );
        assert_eq!(Fingerprint::default().hex(), "cbf29ce484222325");
    }
}
