//! The size bound that decoded payloads share with gzip. A delivery wrapper can hold its content as
//! base64 (Firehose, Kinesis), base64 of gzip (CloudWatch Logs) or JSON text inside a string (SNS,
//! SQS), nested; everything decoded out of one input counts towards one bound, the one gzip has:
//! at most [`MAX_DECOMPRESSED`] and at most [`MAX_RATIO`] times the input's size (64 KiB at least),
//! less what inflating the input itself took. So a small input can never make the reader hold (or
//! a step do) more than that, however its wrappers nest.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::decode::{MAX_DECOMPRESSED, MAX_RATIO};

/// Bytes decoded payloads may still take. Shared by every part of one reader (clones are handles
/// to the same count), so the bound is on the whole input whichever value a payload sits in.
#[derive(Clone, Debug)]
pub struct Room {
    limit: u64,
    used: Arc<AtomicU64>,
}

impl Room {
    /// The bound for an input of `input_len` bytes.
    pub fn for_input(input_len: usize) -> Room {
        let limit = MAX_DECOMPRESSED.min((input_len as u64).saturating_mul(MAX_RATIO).max(64 * 1024));
        Room { limit, used: Arc::new(AtomicU64::new(0)) }
    }

    /// Bytes taken so far.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// Bytes still free.
    pub fn free(&self) -> u64 {
        self.limit.saturating_sub(self.used())
    }

    /// Takes `n` bytes; false (and nothing taken) when they do not fit.
    pub fn take(&self, n: u64) -> bool {
        if n > self.free() {
            return false;
        }
        self.used.fetch_add(n, Ordering::Relaxed);
        true
    }

    /// What a payload that does not fit is told.
    pub fn exceeded(&self, what: &str) -> String {
        format!(
            "{what} decodes to more than the input may expand to ({}: at most 1 GiB, and {MAX_RATIO} times the input's size, for gzip and decoded payloads together); this is not read",
            super::decode::human_size(self.limit)
        )
    }
}
